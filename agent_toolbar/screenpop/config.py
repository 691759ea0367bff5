"""Screen-pop configuration as plain values, built from settings by the Qt side.

The core never reads :mod:`agent_toolbar.settings` (it uses Qt); the app builds a
:class:`ScreenPopConfig` with :meth:`ScreenPopConfig.from_settings` passing the settings'
``get`` method, and hands it to the policy again whenever settings change.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from agent_toolbar.screenpop.rules import RuleSet
from agent_toolbar.screenpop.safety import UrlPolicy
from agent_toolbar.screenpop.template import TemplateError

__all__ = ["Missing", "OpenWith", "ScreenPopConfig", "Trigger"]


class Trigger(enum.StrEnum):
    """When the CRM card opens by itself."""

    RING = "ring"  # as soon as the call is on the phone
    ANSWER = "answer"  # when it is answered (here or by another client)
    OFF = "off"  # never by itself (the card's "Open CRM" button still works)


class Missing(enum.StrEnum):
    """What a required template value that is missing does."""

    BLOCK = "block"  # do not open anything
    EMPTY = "empty"  # render it empty


class OpenWith(enum.StrEnum):
    """How addresses are opened."""

    BROWSER = "browser"  # the desktop's default browser
    COMMAND = "command"  # a configured command, the address appended


def _enum(kind: type[enum.StrEnum], value: Any, default: enum.StrEnum) -> Any:
    try:
        return kind(str(value).strip().lower())
    except ValueError:
        return default


def _items(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, Iterable):
        return ()
    return tuple(str(v).strip() for v in value if str(v).strip())


@dataclass(frozen=True, slots=True)
class ScreenPopConfig:
    """Every screen-pop setting, as plain values.

    Attributes:
        template: ``screenpop/template``, the fallback for incoming calls.
        rules: ``screenpop/rules``, one ``condition => template`` per line.
        trigger: ``screenpop/trigger``.
        allowed_hosts: ``screenpop/allowed_hosts`` (empty: any host).
        allowed_schemes: ``screenpop/allowed_schemes``.
        missing: ``screenpop/missing``.
        open_call_url: ``screenpop/open_call_url``: also open the call's ``params.url``.
        wait_ms: ``screenpop/wait_ms``: how long to wait for late call data.
        opener: ``screenpop/opener``.
        command: ``screenpop/command`` (for ``opener=command``).
    """

    template: str = ""
    rules: str = ""
    trigger: Trigger = Trigger.RING
    allowed_hosts: tuple[str, ...] = ()
    allowed_schemes: tuple[str, ...] = ("https", "http")
    missing: Missing = Missing.BLOCK
    open_call_url: bool = False
    wait_ms: int = 2000
    opener: OpenWith = OpenWith.BROWSER
    command: str = ""
    _ruleset: list[RuleSet | TemplateError] = field(
        default_factory=list, init=False, repr=False, compare=False
    )

    @classmethod
    def from_settings(cls, get: Callable[[str], Any]) -> ScreenPopConfig:
        """Build from a settings getter (``Settings.get``); bad values fall back to defaults."""
        try:
            wait_ms = int(get("screenpop/wait_ms"))
        except (TypeError, ValueError):
            wait_ms = 2000
        return cls(
            template=str(get("screenpop/template") or ""),
            rules=str(get("screenpop/rules") or ""),
            trigger=_enum(Trigger, get("screenpop/trigger"), Trigger.RING),
            allowed_hosts=_items(get("screenpop/allowed_hosts")),
            allowed_schemes=_items(get("screenpop/allowed_schemes")) or ("https", "http"),
            missing=_enum(Missing, get("screenpop/missing"), Missing.BLOCK),
            open_call_url=bool(get("screenpop/open_call_url")),
            wait_ms=max(0, min(wait_ms, 60_000)),
            opener=_enum(OpenWith, get("screenpop/opener"), OpenWith.BROWSER),
            command=str(get("screenpop/command") or ""),
        )

    @property
    def url_policy(self) -> UrlPolicy:
        """The safety check's allowed schemes and hosts."""
        return UrlPolicy.of(self.allowed_schemes, self.allowed_hosts)

    @property
    def block_missing(self) -> bool:
        """True when a missing value blocks the pop."""
        return self.missing is Missing.BLOCK

    def ruleset(self) -> RuleSet:
        """The parsed rules and template (parsed once per config).

        Raises:
            TemplateError: The template or a rule is malformed.
        """
        if not self._ruleset:
            try:
                self._ruleset.append(RuleSet.parse(self.template, self.rules))
            except TemplateError as exc:
                self._ruleset.append(exc)
        parsed = self._ruleset[0]
        if isinstance(parsed, TemplateError):
            raise parsed
        return parsed

    def problem(self) -> str | None:
        """What is wrong with the template or rules, or ``None``."""
        try:
            self.ruleset()
        except TemplateError as exc:
            return str(exc)
        return None
