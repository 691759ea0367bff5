"""What screen-pop would do for one call — for the integrator's "Test this template" dialog.

:func:`preview` runs the same steps as the policy (choose the rule, render, check the
address; the call's own ``params.url`` too when configured) on a sample call, without
waiting and without opening anything, and says at each step what happened and why.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass

from agent_toolbar.samples import customer_params, new_id
from agent_toolbar.screenpop.config import ScreenPopConfig
from agent_toolbar.screenpop.rules import Rule
from agent_toolbar.screenpop.safety import Verdict, check_call_url, check_url
from agent_toolbar.screenpop.template import CallData, TemplateError

__all__ = ["Preview", "preview", "sample_call"]


@dataclass(frozen=True, slots=True)
class Preview:
    """The outcome of a dry run.

    Attributes:
        error: The template or rules cannot be parsed (then nothing else is set).
        rule: The rule that applies (``None``: none does).
        rendered: The address as rendered (before the check), ``None`` when blocked.
        missing: Required fields the sample lacks.
        verdict: The safety check of the rendered address.
        call_url: The check of the call's own ``params.url`` (when configured and present).
    """

    error: str | None = None
    rule: Rule | None = None
    rendered: str | None = None
    missing: tuple[str, ...] = ()
    verdict: Verdict | None = None
    call_url: Verdict | None = None

    @property
    def opens(self) -> tuple[str, ...]:
        """The addresses that would be opened."""
        out = [v.url for v in (self.verdict, self.call_url) if v is not None and v.ok]
        return tuple(dict.fromkeys(out))


def preview(config: ScreenPopConfig, data: CallData) -> Preview:
    """Dry-run screen-pop for ``data`` under ``config`` (never raises for bad settings)."""
    try:
        rules = config.ruleset()
    except TemplateError as exc:
        return Preview(error=str(exc))
    call_url = None
    if config.open_call_url:
        url = data.params.get("url", "").strip()
        call_url = check_call_url(url, config.url_policy) if url else None
    match = rules.choose(data, final=True)
    if match.rule is None:
        return Preview(call_url=call_url)
    template = match.rule.template
    rendered = template.render(data, block_missing=config.block_missing)
    verdict = check_url(rendered.url, config.url_policy) if rendered.url is not None else None
    return Preview(
        rule=match.rule,
        rendered=rendered.url,
        missing=rendered.missing,
        verdict=verdict,
        call_url=call_url,
    )


def sample_call(seed: int | None = None, login: str = "operator") -> CallData:
    """A realistic incoming call, as the simulator's scenarios generate them."""
    rng = random.Random(seed)
    customer = customer_params(rng)
    params: Mapping[str, str] = {"sessionId": new_id(rng), **customer.params}
    return CallData(
        cid=new_id(rng),
        login=login,
        display_name=customer.name,
        direction="in",
        params=params,
        local_params={},
        kind="voice",
    )
