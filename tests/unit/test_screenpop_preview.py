"""The dry run behind "Test this template": same decisions as the policy, nothing opened."""

from __future__ import annotations

from agent_toolbar.screenpop.config import Missing, ScreenPopConfig
from agent_toolbar.screenpop.preview import preview, sample_call
from agent_toolbar.screenpop.template import CallData

CARD = "https://crm.example.com/card?phone={caller}&client={params.ClientId}"


def test_sample_call_looks_like_the_simulators() -> None:
    call = sample_call(seed=3)
    assert call.direction == "in"
    assert call.params["caller"].startswith("+7")
    assert len(call.params["sessionId"]) == 64
    assert call.params["ProjectId"].startswith("corebo")
    assert call.params["ClientId"].startswith("CL-")
    assert call.display_name
    assert sample_call(seed=3) == call


def test_preview_of_a_passing_template() -> None:
    call = sample_call(seed=3)
    result = preview(ScreenPopConfig(template=CARD, allowed_hosts=("crm.example.com",)), call)
    assert result.rule is not None and result.rule.fallback
    assert result.verdict is not None and result.verdict.ok
    assert result.opens == (result.rendered,)
    assert result.rendered == (
        "https://crm.example.com/card?phone="
        + call.params["caller"].replace("+", "%2B")
        + "&client="
        + call.params["ClientId"]
    )


def test_preview_names_the_rule_and_refusal() -> None:
    config = ScreenPopConfig(
        template=CARD,
        rules="direction == in => https://evil.example.org/?p={caller}",
        allowed_hosts=("crm.example.com",),
    )
    result = preview(config, sample_call(seed=1))
    assert result.rule is not None and result.rule.line == 1
    assert result.verdict is not None and not result.verdict.ok
    assert "not in the allowed list" in result.verdict.reason
    assert result.opens == ()


def test_preview_blocked_and_empty() -> None:
    data = CallData(params={"caller": "+7900"})
    blocked = preview(ScreenPopConfig(template=CARD), data)
    assert blocked.rendered is None and blocked.missing == ("params.ClientId",)
    empty = preview(ScreenPopConfig(template=CARD, missing=Missing.EMPTY), data)
    assert empty.rendered == "https://crm.example.com/card?phone=%2B7900&client="


def test_preview_of_a_broken_template() -> None:
    assert "not closed" in (preview(ScreenPopConfig(template="{caller"), CallData()).error or "")


def test_preview_checks_the_calls_own_url() -> None:
    data = CallData(params={"caller": "1", "ClientId": "2", "url": "file:///etc/passwd"})
    result = preview(ScreenPopConfig(template=CARD, open_call_url=True), data)
    assert result.call_url is not None and not result.call_url.ok
    assert preview(ScreenPopConfig(template=CARD), data).call_url is None
