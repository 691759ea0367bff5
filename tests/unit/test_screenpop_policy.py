"""Trigger, late data and once-per-call, driven through the real session and reducer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import (
    ALL_FEATURES,
    Capabilities,
    ConnectionStatus,
    EventSink,
    LinkState,
)
from agent_toolbar.cti.model import OperatorIdentity
from agent_toolbar.cti.session import Session
from agent_toolbar.screenpop.config import Missing, ScreenPopConfig, Trigger
from agent_toolbar.screenpop.policy import PopKind, ScreenPopPolicy

CARD = "https://crm.example.com/card?phone={caller}&sid={sessionId}"
SID = "5e551011" * 8
UP = ConnectionStatus(state=LinkState.CONNECTED, server="ws://sim")
DOWN = ConnectionStatus(state=LinkState.RECONNECTING, server="ws://sim", attempt=1)


class NullBackend:
    """A backend with no network: the test feeds domain events straight into the session."""

    login = "ivanova"
    identity = OperatorIdentity("ivanova")
    capabilities = Capabilities(backend="test", features=frozenset(ALL_FEATURES))
    status = UP

    def __init__(self) -> None:
        self.sinks: list[EventSink] = []

    def subscribe(self, sink: EventSink) -> None:
        self.sinks.append(sink)

    async def run(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    def reconnect_now(self) -> None:
        return None

    async def execute(self, intent: it.Intent) -> None:
        return None


@dataclass
class Timer:
    delay: float
    callback: Callable[[], None]
    cancelled: bool = False

    def cancel(self) -> None:
        self.cancelled = True


@dataclass
class Clock:
    """A scheduler the test fires by hand: no real time passes in these tests."""

    timers: list[Timer] = field(default_factory=list)

    def __call__(self, delay: float, callback: Callable[[], None]) -> Timer:
        timer = Timer(delay, callback)
        self.timers.append(timer)
        return timer

    def fire(self) -> None:
        for timer in [t for t in self.timers if not t.cancelled]:
            timer.cancelled = True
            timer.callback()

    @property
    def live(self) -> list[Timer]:
        return [t for t in self.timers if not t.cancelled]


class Rig:
    """A session, a policy and the list of what it opened."""

    def __init__(self, **config: object) -> None:
        values: dict[str, object] = {"template": CARD, **config}
        self.opened: list[tuple[str, str]] = []
        self.clock = Clock()
        self.policy = ScreenPopPolicy(
            ScreenPopConfig(**values),  # type: ignore[arg-type]
            lambda url, cid: self.opened.append((url, cid)),
            scheduler=self.clock,
        )
        self.session = Session(NullBackend())
        self.session.subscribe(self.policy.listener)
        self.feed(ev.ConnectionChanged(status=UP))

    def feed(self, *events: ev.DomainEvent) -> None:
        for event in events:
            self.session.apply(event)

    @property
    def urls(self) -> list[str]:
        return [url for url, _ in self.opened]


def info(cid: str = "c1", state: str = "new", **params: str) -> ev.CallInfo:
    return ev.CallInfo(cid=cid, state=state, direction="in", kind="voice", params=params or None)


def ring(cid: str = "c1", **params: str) -> ev.CallReported:
    return ev.CallReported(call=info(cid, "new", **params), new=True)


def status(cid: str, state: str) -> ev.CallReported:
    return ev.CallReported(call=ev.CallInfo(cid=cid, state=state))


FULL = {"caller": "+79161234567", "sessionId": SID}
URL = f"https://crm.example.com/card?phone=%2B79161234567&sid={SID}"


def test_ring_trigger_pops_at_once_when_data_is_there() -> None:
    rig = Rig()
    rig.feed(ring(**FULL))
    assert rig.opened == [(URL, "c1")]
    assert rig.clock.live == []
    assert rig.policy.results("c1")[0].kind is PopKind.OPENED


def test_ring_trigger_waits_for_late_params() -> None:
    rig = Rig()
    rig.feed(ring())
    assert rig.opened == []
    assert rig.policy.waiting("c1")
    assert rig.clock.live[0].delay == pytest.approx(2.0)
    rig.feed(ev.CallParamsReported(cid="c1", params={"caller": "+79161234567"}))
    assert rig.opened == []  # sessionId still missing
    rig.feed(ev.CallParamsReported(cid="c1", params={"sessionId": SID}))
    assert rig.urls == [URL]
    assert rig.clock.live == []
    rig.clock.fire()
    rig.feed(ev.CallParamsReported(cid="c1", params={"caller": "+7000"}))
    assert rig.urls == [URL]


def test_deadline_blocks_when_data_never_comes() -> None:
    rig = Rig()
    rig.feed(ring(caller="+79161234567"))
    rig.clock.fire()
    assert rig.opened == []
    result = rig.policy.results("c1")[-1]
    assert result.kind is PopKind.BLOCKED
    assert result.missing == ("sessionId",)
    rig.feed(ev.CallParamsReported(cid="c1", params={"sessionId": SID}))
    assert rig.opened == []  # decided at the deadline: no late pop


def test_deadline_renders_empty_when_configured() -> None:
    rig = Rig(missing=Missing.EMPTY)
    rig.feed(ring(caller="+79161234567"))
    assert rig.opened == []
    rig.clock.fire()
    assert rig.urls == ["https://crm.example.com/card?phone=%2B79161234567&sid="]


def test_answer_trigger_waits_for_the_answer() -> None:
    rig = Rig(trigger=Trigger.ANSWER)
    rig.feed(ring(**FULL))
    assert rig.opened == []
    rig.feed(status("c1", "connected"))
    assert rig.urls == [URL]
    rig.feed(status("c1", "ended"), ev.CallClosed(cid="c1"))
    assert rig.urls == [URL]


def test_answer_trigger_counts_an_answer_by_another_client() -> None:
    # The session never issued Answer: the SoftPhone answered, the status arrived anyway.
    rig = Rig(trigger=Trigger.ANSWER)
    rig.feed(ring(**FULL), ev.CallReported(call=info("c1", "connected")))
    assert rig.urls == [URL]


def test_answer_trigger_never_pops_a_missed_call() -> None:
    rig = Rig(trigger=Trigger.ANSWER)
    rig.feed(ring(**FULL), status("c1", "ended"), ev.CallClosed(cid="c1"))
    assert rig.opened == []


def test_missed_call_stops_the_wait() -> None:
    rig = Rig()
    rig.feed(ring(caller="+7916"), status("c1", "ended"))
    assert rig.clock.live == []
    rig.feed(ev.CallParamsReported(cid="c1", params={"sessionId": SID}))
    assert rig.opened == []


def test_trigger_off() -> None:
    rig = Rig(trigger=Trigger.OFF)
    rig.feed(ring(**FULL), status("c1", "connected"))
    assert rig.opened == []
    assert rig.policy.open_now("c1") and rig.urls == [URL]


def test_once_per_call_across_reconnect_and_resync() -> None:
    rig = Rig()
    rig.feed(ring(**FULL))
    assert rig.urls == [URL]
    rig.feed(ev.ConnectionChanged(status=DOWN), ev.ConnectionChanged(status=UP))
    rig.feed(ev.CallsSnapshot(calls=(info("c1", "connected", **FULL),)))
    assert rig.urls == [URL]


def test_once_per_call_survives_a_new_session() -> None:
    # After a re-login the app builds a new session; the policy (and its memory) stays.
    rig = Rig()
    rig.feed(ring(**FULL))
    fresh = Session(NullBackend())
    fresh.subscribe(rig.policy.listener)
    fresh.apply(ev.ConnectionChanged(status=UP))
    fresh.apply(ev.CallsSnapshot(calls=(info("c1", "connected", **FULL),)))
    assert rig.urls == [URL]


def test_once_per_session_id_even_with_another_cid() -> None:
    rig = Rig()
    rig.feed(ring("c1", **FULL), status("c1", "ended"), ev.CallClosed(cid="c1"))
    rig.feed(ring("c2", **FULL))
    assert rig.urls == [URL]


def test_session_id_learnt_after_the_pop_is_remembered() -> None:
    rig = Rig(template="https://crm.example.com/card?phone={caller}")
    rig.feed(ring("c1", caller="+7916"))
    assert len(rig.opened) == 1
    rig.feed(ev.CallParamsReported(cid="c1", params={"sessionId": SID}))
    rig.feed(ev.CallClosed(cid="c1"), ring("c9", caller="+7916", sessionId=SID))
    assert len(rig.opened) == 1


def test_different_calls_each_pop_once() -> None:
    rig = Rig()
    rig.feed(ring("c1", **FULL), ring("c2", caller="+7999", sessionId="other"))
    assert [cid for _, cid in rig.opened] == ["c1", "c2"]


def test_call_appearing_after_reconnect_pops() -> None:
    rig = Rig()
    rig.feed(ev.ConnectionChanged(status=DOWN), ev.ConnectionChanged(status=UP))
    rig.feed(ev.CallsSnapshot(calls=(info("c5", "connected", **FULL),)))
    assert rig.urls == [URL]


def test_answered_while_disconnected_pops_with_answer_trigger() -> None:
    rig = Rig(trigger=Trigger.ANSWER)
    rig.feed(ring(**FULL), ev.ConnectionChanged(status=DOWN))
    assert rig.opened == []
    rig.feed(ev.ConnectionChanged(status=UP))
    rig.feed(ev.CallsSnapshot(calls=(info("c1", "connected", **FULL),)))
    rig.feed(ev.CallsSnapshot(calls=(info("c1", "connected", **FULL),)))
    assert rig.urls == [URL]


def test_device_and_conference_legs_never_pop() -> None:
    rig = Rig()
    rig.feed(
        ev.CallReported(call=ev.CallInfo(cid="d", state="new", kind="dev", params=FULL)),
        ev.CallReported(call=ev.CallInfo(cid="f", state="new", kind="cfr", params=FULL)),
    )
    assert rig.opened == []


def test_outgoing_call_pops_only_through_a_rule() -> None:
    rig = Rig(rules="direction == out => https://crm.example.com/search?phone={called}")
    out = ev.CallInfo(cid="o1", state="new", direction="out", params={"called": "+7900"})
    rig.feed(ev.CallReported(call=out, new=True))
    assert rig.urls == ["https://crm.example.com/search?phone=%2B7900"]


def test_rule_waits_for_the_field_its_condition_reads() -> None:
    rules = "params.ProjectId == P-VIP => https://crm.example.com/vip?phone={caller}"
    rig = Rig(rules=rules)
    rig.feed(ring(**FULL))  # ProjectId not known yet: the fallback must not win early
    assert rig.opened == []
    rig.feed(ev.CallParamsReported(cid="c1", params={"ProjectId": "P-VIP"}))
    assert rig.urls == ["https://crm.example.com/vip?phone=%2B79161234567"]


def test_rule_gives_way_to_the_fallback_at_the_deadline() -> None:
    rig = Rig(rules="params.ProjectId == P-VIP => https://crm.example.com/vip?phone={caller}")
    rig.feed(ring(**FULL))
    rig.clock.fire()
    assert rig.urls == [URL]


def test_call_url_opened_too_and_checked() -> None:
    rig = Rig(open_call_url=True, allowed_hosts=("crm.example.com",))
    rig.feed(ring(**FULL, url="https://crm.example.com/orders/1"))
    assert rig.urls == [URL, "https://crm.example.com/orders/1"]


def test_hostile_call_url_is_refused() -> None:
    rig = Rig(open_call_url=True, allowed_hosts=("crm.example.com",))
    rig.feed(ring(**FULL, url="javascript:alert(1)"))
    assert rig.urls == [URL]
    kinds = {r.source: r.kind for r in rig.policy.results("c1")}
    assert kinds == {"template": PopKind.OPENED, "call_url": PopKind.REFUSED}


def test_late_call_url_waits_without_delaying_the_template() -> None:
    rig = Rig(open_call_url=True, allowed_hosts=("crm.example.com",))
    rig.feed(ring(**FULL))
    assert rig.urls == [URL]
    assert rig.policy.waiting("c1")
    rig.feed(ev.CallParamsReported(cid="c1", params={"url": "https://crm.example.com/x"}))
    assert rig.urls == [URL, "https://crm.example.com/x"]
    assert not rig.policy.waiting("c1")


def test_same_address_twice_opens_once() -> None:
    rig = Rig(open_call_url=True, allowed_hosts=("crm.example.com",))
    rig.feed(ring(**FULL, url=URL))
    assert rig.urls == [URL]


def test_hostile_template_result_is_refused() -> None:
    rig = Rig(template="https://crm.example.com/card?phone={caller}", allowed_hosts=("x.org",))
    rig.feed(ring(**FULL))
    assert rig.opened == []
    assert rig.policy.results("c1")[0].kind is PopKind.REFUSED


def test_open_now_bypasses_once_per_call_but_not_the_check() -> None:
    rig = Rig(open_call_url=True, allowed_hosts=("crm.example.com",))
    rig.feed(ring(**FULL, url="https://evil.com/"))
    assert rig.urls == [URL]
    results = rig.policy.open_now("c1")
    assert rig.urls == [URL, URL]
    assert [r.kind for r in results] == [PopKind.OPENED, PopKind.REFUSED]


def test_open_now_while_waiting_decides_at_once() -> None:
    rig = Rig()
    rig.feed(ring(caller="+7916"))
    results = rig.policy.open_now("c1")
    assert results[0].kind is PopKind.BLOCKED
    assert rig.clock.live == []


def test_invalid_template_is_reported_not_raised() -> None:
    rig = Rig(template="https://crm.example.com/card?phone={caller")
    rig.feed(ring(**FULL))
    assert rig.opened == []
    result = rig.policy.results("c1")[0]
    assert result.kind is PopKind.INVALID
    assert "not closed" in result.reason


def test_results_are_forgotten_when_the_call_leaves() -> None:
    rig = Rig()
    rig.feed(ring(**FULL), ev.CallClosed(cid="c1"))
    assert rig.policy.results("c1") == ()


def test_no_wait_when_wait_ms_is_zero() -> None:
    rig = Rig(wait_ms=0)
    rig.feed(ring(caller="+7916"))
    assert rig.clock.timers == []
    assert rig.policy.results("c1")[0].kind is PopKind.BLOCKED


def test_config_from_settings_values() -> None:
    values = {
        "screenpop/template": CARD,
        "screenpop/rules": "",
        "screenpop/trigger": "Answer",
        "screenpop/allowed_hosts": ["crm.example.com", " "],
        "screenpop/allowed_schemes": [],
        "screenpop/missing": "empty",
        "screenpop/open_call_url": True,
        "screenpop/wait_ms": "1500",
        "screenpop/opener": "weird",
        "screenpop/command": "firefox --new-tab",
    }
    config = ScreenPopConfig.from_settings(values.__getitem__)
    assert config.trigger is Trigger.ANSWER
    assert config.allowed_hosts == ("crm.example.com",)
    assert config.allowed_schemes == ("https", "http")
    assert config.missing is Missing.EMPTY
    assert config.wait_ms == 1500
    assert config.opener.value == "browser"
    assert config.problem() is None
    assert "not closed" in (ScreenPopConfig(template="{caller").problem() or "")


def test_call_missing_from_one_snapshot_and_back_in_the_next_does_not_pop_again() -> None:
    rig = Rig()
    rig.feed(ring(**FULL), ev.ConnectionChanged(status=DOWN), ev.ConnectionChanged(status=UP))
    rig.feed(ev.CallsSnapshot(calls=()))
    rig.feed(ev.CallsSnapshot(calls=(info("c1", "connected", **FULL),)))
    rig.feed(ring("c1", **FULL))
    assert rig.urls == [URL]


def test_a_call_still_waiting_when_the_session_is_replaced_pops_in_the_next() -> None:
    rig = Rig()
    rig.feed(ring(caller="+79161234567"))  # waiting for sessionId
    rig.policy.close()
    assert rig.clock.live == []
    fresh = Session(NullBackend())
    fresh.subscribe(rig.policy.listener)
    fresh.apply(ev.ConnectionChanged(status=UP))
    fresh.apply(ev.CallsSnapshot(calls=(info("c1", "new", **FULL),)))
    assert rig.urls == [URL]


def test_call_url_with_no_allowed_hosts_opens_nothing_and_says_why() -> None:
    # issue 11 item 4: an empty list used to allow any host for the server's own URL
    rig = Rig(open_call_url=True)
    rig.feed(ring(**FULL, url="https://anywhere.evil.example/steal"))
    assert rig.urls == [URL]
    refused = [r for r in rig.policy.results("c1") if r.source == "call_url"]
    assert [r.kind for r in refused] == [PopKind.REFUSED]
    assert "allowed hosts" in refused[0].reason
