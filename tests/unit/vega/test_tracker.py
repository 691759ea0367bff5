"""The tracker: frames in, changes of the operator's calls out (no sockets: see integration)."""

from __future__ import annotations

import json
from typing import Any

from agent_toolbar.backends.vega.clock import SkewClock
from agent_toolbar.backends.vega.frames import CallFrame, ErrorFrame, decode
from agent_toolbar.backends.vega.legs import CrmOrder, Role
from agent_toolbar.backends.vega.tracker import (
    CallChanged,
    CallEnded,
    Change,
    Direction,
    EndReason,
    ErrorReported,
    PauseChanged,
    Phase,
    PopUrl,
    Tracker,
)

T0 = 1_700_000_000_000
US = {"id": 118, "type": 1, "ext": "101", "displayName": "Олена Коваль"}
COLLEAGUE = {"id": 119, "type": 1, "ext": "102", "displayName": "Андрій Шевченко"}
GROUP = {"id": 300, "type": 2, "ext": "500", "displayName": "Відділ підтримки"}
CLIENT = {
    "id": "29",
    "name": "Тест",
    "num": "+380567777777",
    "companyName": "Рекламна агенція",
    "url": "https://crm.example.com/contacts/29",
    "priority": 1,
}


def f(event: str, uuid: str, leg: dict[str, Any] | None = None, **kw: Any) -> CallFrame:
    data = {
        "event": event,
        "uuid": uuid,
        "parentUuid": kw.pop("parent", None),
        "lgDirection": kw.pop("direction", 4),
        "leg": leg,
        "leg2": kw.pop("leg2", None),
        "otherLegs": kw.pop("others", [CLIENT]),
        "dialAt": kw.pop("dial_at", T0),
        "bridgeAt": kw.pop("bridge_at", None),
        "serverTime": kw.pop("server_time", T0),
        "trunkNum": "567850550",
        "trunkName": "Основна лінія",
    }
    data.update(kw)
    frame = decode(json.dumps(data))
    assert isinstance(frame, CallFrame), frame
    return frame


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def tracker(**kw: Any) -> tuple[Tracker, Clock]:
    mono = Clock()
    skew = SkewClock(now_ms=lambda: float(T0))
    return Tracker("101", clock=skew, monotonic=mono, **kw), mono


def kinds(changes: list[Change]) -> list[str]:
    return [type(change).__name__ for change in changes]


def test_incoming_call_rings_connects_and_ends_answered() -> None:
    t, _ = tracker()
    ring = t.feed(f("call.dial", "a", US))
    assert kinds(ring) == ["CallChanged", "PopUrl"]
    first = ring[0]
    assert isinstance(first, CallChanged) and first.new
    call = first.call
    assert (call.direction, call.role, call.phase) == (
        Direction.INCOMING,
        Role.CALLEE,
        Phase.RINGING,
    )
    assert (call.number, call.name, call.company) == ("+380567777777", "Тест", "Рекламна агенція")
    assert call.params["url"] == CLIENT["url"] and call.params["otherLegs.0.companyName"]
    assert t.feed(f("call.bridge", "a", US, bridge_at=T0 + 5000))[0] == CallChanged(
        t.calls[0], new=False
    )
    assert t.calls[0].phase is Phase.CONNECTED and t.calls[0].bridge_at == (T0 + 5000) / 1000
    (ended,) = t.feed(f("call.hangup", "a", US, bridge_at=T0 + 5000))
    assert isinstance(ended, CallEnded) and ended.call.end_reason is EndReason.ANSWERED
    assert t.calls == ()


def test_end_reasons_without_a_bridge() -> None:
    t, _ = tracker()
    t.feed(f("call.dial", "in", US))
    t.feed(f("call.dial", "out", US, direction=2))
    (missed,) = t.feed(f("call.hangup", "in", US))
    (no_answer,) = t.feed(f("call.hangup", "out", US, direction=2))
    assert isinstance(missed, CallEnded) and missed.call.end_reason is EndReason.MISSED
    assert isinstance(no_answer, CallEnded) and no_answer.call.end_reason is EndReason.NO_ANSWER
    t.feed(f("call.dial", "late", US))
    (answered,) = t.feed(f("call.hangup", "late", US, bridge_at=T0 + 1))  # bridge frame lost
    assert isinstance(answered, CallEnded) and answered.call.end_reason is EndReason.ANSWERED


def test_outgoing_and_internal_calls() -> None:
    t, _ = tracker()
    (dialling, _pop) = t.feed(f("call.dial", "o", US, direction=2))
    assert isinstance(dialling, CallChanged) and dialling.call.phase is Phase.DIALLING
    (we_call,) = t.feed(f("call.dial", "i1", US, direction=1, leg2=COLLEAGUE, others=[]))
    assert isinstance(we_call, CallChanged)
    assert (we_call.call.direction, we_call.call.phase) == (Direction.INTERNAL, Phase.DIALLING)
    assert (we_call.call.number, we_call.call.name) == ("102", "Андрій Шевченко")
    (they_call,) = t.feed(f("call.dial", "i2", COLLEAGUE, direction=1, leg2=US, others=[]))
    assert isinstance(they_call, CallChanged) and they_call.call.phase is Phase.RINGING
    assert they_call.call.role is Role.CALLEE and they_call.call.number == "102"


def test_other_employees_groups_and_ivr_are_not_ours() -> None:
    t, _ = tracker()
    ivr = {"id": 400, "type": 4, "ext": None, "displayName": "IVR"}
    assert t.feed(f("call.dial", "x", COLLEAGUE)) == []
    assert t.feed(f("call.dial", "y", GROUP)) == []
    assert t.feed(f("call.dial", "z", ivr)) == []
    assert t.feed(f("call.dial", "w", COLLEAGUE, direction=1, leg2=GROUP)) == []
    assert t.feed(f("call.bridge", "x", COLLEAGUE)) == [] and t.calls == ()


def test_group_call_parent_and_child_are_one_call_one_pop() -> None:
    t, _ = tracker()
    assert t.feed(f("call.dial", "P", GROUP)) == []
    changes = t.feed(f("call.dial", "C", US, parent="P", others=[]))
    assert kinds(changes) == ["CallChanged", "PopUrl"]  # the parent's CRM answers are used
    call = t.calls[0]
    assert (call.key, call.uuid, call.parent_uuid, call.group) == (
        "P",
        "C",
        "P",
        "Відділ підтримки",
    )
    t.feed(f("call.bridge", "C", US, parent="P"))
    assert t.feed(f("call.bridge", "P", GROUP)) == []  # the parent's bridge changes nothing
    (ended,) = t.feed(f("call.hangup", "C", US, parent="P"))
    assert isinstance(ended, CallEnded) and ended.call.end_reason is EndReason.ANSWERED
    assert t.feed(f("call.hangup", "P", GROUP)) == []  # the pair is over already


def test_a_group_call_answered_by_a_colleague() -> None:
    t, _ = tracker()
    t.feed(f("call.dial", "P", GROUP))
    t.feed(f("call.dial", "mine", US, parent="P"))
    assert t.feed(f("call.dial", "theirs", COLLEAGUE, parent="P")) == []
    assert t.feed(f("call.bridge", "theirs", COLLEAGUE, parent="P")) == []
    assert t.feed(f("call.bridge", "P", GROUP)) == []
    (ended,) = t.feed(f("call.hangup", "mine", US, parent="P"))
    assert isinstance(ended, CallEnded)
    assert ended.call.end_reason is EndReason.ANSWERED_ELSEWHERE


def test_the_parents_hangup_ends_our_call_and_a_late_child_hangup_is_ignored() -> None:
    t, _ = tracker()
    t.feed(f("call.dial", "C", US, parent="P"))  # the parent's dial was never seen
    (ended,) = t.feed(f("call.hangup", "P", GROUP))
    assert isinstance(ended, CallEnded) and ended.call.end_reason is EndReason.MISSED
    assert t.feed(f("call.hangup", "C", US, parent="P")) == []
    assert t.feed(f("call.bridge", "C", US, parent="P")) == []


def test_redistributed_to_us_again_rings_again_but_pops_once() -> None:
    t, _ = tracker()
    assert kinds(t.feed(f("call.dial", "C1", US, parent="P"))) == ["CallChanged", "PopUrl"]
    t.feed(f("call.hangup", "C1", US, parent="P"))
    again = t.feed(f("call.dial", "C2", US, parent="P"))
    assert kinds(again) == ["CallChanged"] and t.popped("P")


def test_pop_waits_for_a_url_and_follows_the_priority_order() -> None:
    other = {**CLIENT, "url": "https://other.example.com/1", "priority": 2}
    t, _ = tracker(crm_order=CrmOrder.HIGHEST)
    assert kinds(t.feed(f("call.dial", "a", US, others=[]))) == ["CallChanged"]
    changes = t.feed(f("call.bridge", "a", US, others=[CLIENT, other]))
    assert kinds(changes) == ["CallChanged", "PopUrl"]
    pop = changes[1]
    assert isinstance(pop, PopUrl) and pop.url == "https://other.example.com/1"
    assert t.feed(f("call.dial", "a", US, others=[CLIENT, other]))[1:] == []


def test_a_hangup_of_a_call_never_seen_closes_nothing() -> None:
    t, _ = tracker()
    assert t.feed(f("call.hangup", "ghost", US)) == []
    assert t.feed(f("call.dial", "ghost", US)) == []  # and it does not come back


def test_frames_without_direction_apply_to_a_known_call() -> None:
    t, _ = tracker()
    t.feed(f("call.dial", "a", US))
    (changed, *_) = t.feed(f("call.bridge", "a", None, direction=None, others=[]))
    assert isinstance(changed, CallChanged) and changed.call.phase is Phase.CONNECTED
    assert changed.call.name == "Тест"  # the CRM answer is kept


def test_times_are_corrected_for_the_pbx_clock() -> None:
    mono = Clock()
    skew = SkewClock(now_ms=lambda: float(T0))
    t = Tracker("101", clock=skew, monotonic=mono)
    behind = T0 - 120_000  # the PBX's clock is two minutes behind ours
    (ring, _) = t.feed(f("call.dial", "a", US, dial_at=behind - 3000, server_time=behind))
    assert isinstance(ring, CallChanged) and ring.call.dial_at == (T0 - 3000) / 1000


def test_expiry_only_after_a_reconnect_and_only_for_silent_calls() -> None:
    t, mono = tracker(expire_after=30.0)
    t.feed(f("call.dial", "old", US))
    t.feed(f("call.bridge", "talking", US))
    assert t.next_expiry() is None
    mono.now += 1000
    assert t.expire() == []  # a long silent call is fine while the connection holds
    t.reconnected()
    assert t.next_expiry() == 30.0
    mono.now += 10
    t.feed(f("call.bridge", "talking", US))  # heard of since the reconnect
    assert t.expire() == []
    mono.now += 20
    (expired,) = t.expire()
    assert isinstance(expired, CallEnded) and expired.call.key == "old"
    assert expired.call.end_reason is EndReason.EXPIRED
    assert [c.key for c in t.calls] == ["talking"] and t.next_expiry() is None
    assert t.feed(f("call.hangup", "old", US)) == []


def test_pause_changes_are_ours_and_reported_once() -> None:
    t, _ = tracker()
    pause = f("call.dial", "p1", US, direction=32, others=[])
    assert t.feed(pause) == [PauseChanged(True, T0 / 1000)]
    assert t.feed(pause) == []
    assert t.feed(f("call.dial", "p2", COLLEAGUE, direction=64)) == []
    assert t.feed(f("call.dial", "p3", US, direction=64)) == [PauseChanged(False, T0 / 1000)]
    assert t.paused is False and t.calls == ()


def test_errors_name_our_call_when_they_concern_it() -> None:
    t, _ = tracker()
    t.feed(f("call.dial", "C", US, parent="P"))
    assert t.feed(ErrorFrame("CRM down", "C", None)) == [ErrorReported("CRM down", "P")]
    assert t.feed(ErrorFrame("bad", "other", None)) == [ErrorReported("bad", None)]
    assert t.feed(ErrorFrame("general", None, None)) == [ErrorReported("general", None)]


def test_params_hold_every_crm_answer() -> None:
    unknown = {
        "id": None,
        "name": None,
        "num": "+380567777777",
        "url": "https://v/new",
        "priority": 2,
    }
    t, _ = tracker()
    (ring, _) = t.feed(f("call.dial", "a", US, others=[unknown, CLIENT]))
    assert isinstance(ring, CallChanged)
    params = ring.call.params
    assert params["url"] == CLIENT["url"] and params["name"] == "Тест"
    assert params["otherLegs.0.url"] == "https://v/new" and "otherLegs.0.name" not in params
    assert params["otherLegs.1.priority"] == "1" and params["priority"] == "1"
    assert params["uuid"] == "a" and params["direction"] == "incoming"
    assert params["trunkNum"] == "567850550" and params["extension"] == "101"


def test_an_unknown_client_shows_the_number_and_pops_the_new_client_link() -> None:
    unknown = {"id": None, "name": None, "num": "+380931230000", "url": "https://v/new?p=1"}
    t, _ = tracker()
    (ring, pop) = t.feed(f("call.dial", "a", US, others=[unknown]))
    assert isinstance(ring, CallChanged) and isinstance(pop, PopUrl)
    assert (ring.call.number, ring.call.name, ring.call.company) == ("+380931230000", None, None)
    assert pop.url == "https://v/new?p=1"
