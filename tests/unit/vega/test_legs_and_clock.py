"""Whose leg is the operator, the CRM choice by priority, and the PBX's clock."""

from __future__ import annotations

import pytest

from agent_toolbar.backends.vega.clock import SkewClock, parse_ms
from agent_toolbar.backends.vega.frames import CallFrame, EventName, Leg, OtherLeg
from agent_toolbar.backends.vega.legs import (
    CrmOrder,
    Role,
    call_key,
    choose_crm,
    is_operator,
    our_part,
    pause_state,
)

US = Leg("118", 1, "101", "Олена Коваль")
COLLEAGUE = Leg("119", 1, "102", "Андрій Шевченко")
GROUP_101 = Leg("300", 2, "101", "A group that happens to have our number")
IVR = Leg("400", 4, None, "Головне меню")


def frame(direction: int, leg: Leg | None, leg2: Leg | None = None, **kw: str) -> CallFrame:
    return CallFrame(
        EventName.DIAL,
        kw.get("uuid", "u"),
        kw.get("parent"),
        direction,
        leg,
        leg2,
        (),
        0,
        None,
        None,
        None,
        None,
        None,
    )


def crm(index: int, priority: float | None, *, known: bool = True) -> OtherLeg:
    ident = str(index) if known else None
    return OtherLeg(index, ident, ident, "+380", None, f"https://crm{index}", priority)


def test_the_operator_is_a_user_at_our_extension() -> None:
    assert is_operator(US, "101") and is_operator(US, " 101 ")
    assert not is_operator(COLLEAGUE, "101")
    assert not is_operator(GROUP_101, "101")  # a group is never us
    assert not is_operator(IVR, "101") and not is_operator(None, "101")
    assert not is_operator(Leg("1", 1, "", None), "")  # no extension configured: nobody


def test_directions_and_which_side_we_are_on() -> None:
    incoming = our_part(frame(4, US), "101")
    assert incoming is not None and incoming.role is Role.CALLEE
    outgoing = our_part(frame(2, US), "101")
    assert outgoing is not None and outgoing.role is Role.CALLER
    we_call = our_part(frame(1, US, COLLEAGUE), "101")
    assert we_call is not None and we_call.role is Role.CALLER and we_call.far == COLLEAGUE
    they_call = our_part(frame(1, COLLEAGUE, US), "101")
    assert they_call is not None and they_call.role is Role.CALLEE and they_call.far == COLLEAGUE


def test_frames_that_are_not_ours() -> None:
    assert our_part(frame(4, COLLEAGUE), "101") is None
    assert our_part(frame(4, GROUP_101), "101") is None
    assert our_part(frame(4, IVR), "101") is None
    assert our_part(frame(1, COLLEAGUE, Leg("9", 1, "103", None)), "101") is None
    assert our_part(frame(4, COLLEAGUE, US), "101") is None  # leg2 counts for internal only
    assert our_part(frame(32, US), "101") is None  # a pause is not a call
    assert our_part(frame(8, US), "101") is None


def test_pause_state_is_ours_only() -> None:
    assert pause_state(frame(32, US), "101") is True
    assert pause_state(frame(64, US), "101") is False
    assert pause_state(frame(32, COLLEAGUE), "101") is None
    assert pause_state(frame(4, US), "101") is None


def test_a_distributed_call_is_keyed_by_its_parent() -> None:
    assert call_key(frame(4, US, uuid="child", parent="parent")) == "parent"
    assert call_key(frame(4, US, uuid="solo")) == "solo"


def test_crm_choice_lowest_first_by_default() -> None:
    answers = [crm(0, 2), crm(1, 1), crm(2, 3)]
    assert choose_crm(answers) == answers[1]
    assert choose_crm(answers, CrmOrder.HIGHEST) == answers[2]
    assert choose_crm([]) is None


def test_crm_choice_ties_missing_priorities_and_unknown_clients() -> None:
    tie = [crm(0, 1), crm(1, 1)]
    assert choose_crm(tie) == tie[0] and choose_crm(tie, CrmOrder.HIGHEST) == tie[0]
    missing = [crm(0, None), crm(1, 5)]
    assert choose_crm(missing) == missing[1] and choose_crm(missing, CrmOrder.HIGHEST) == missing[1]
    unknown_first = [crm(0, 1, known=False), crm(1, 2)]
    assert choose_crm(unknown_first) == unknown_first[1]
    nobody = [crm(0, 2, known=False), crm(1, 1, known=False)]
    assert choose_crm(nobody) == nobody[1]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1473973201000, 1473973201000),
        ("1473973201000", 1473973201000),
        (" 1473973201000 ", 1473973201000),
        (1473973201000.7, 1473973201000),
        ("1473973201000.0", 1473973201000),
        (None, None),
        (True, None),
        ("", None),
        ("soon", None),
        (12, None),
        (10**15, None),
        (float("nan"), None),
        ([1473973201000], None),
    ],
)
def test_parse_ms(value: object, expected: int | None) -> None:
    assert parse_ms(value) == expected


def test_skew_is_the_smallest_recent_offset() -> None:
    now = [1_700_000_000_000.0]
    clock = SkewClock(window=3, now_ms=lambda: now[0])
    assert not clock.known and clock.offset_ms == 0.0
    server = 1_700_000_000_000 - 90_000  # the PBX is 90 s behind us
    clock.observe(server - 50)  # this frame took 50 ms longer to arrive
    clock.observe(server)
    assert clock.offset_ms == 90_000 and clock.known
    assert clock.to_local(server) == now[0] / 1000
    assert clock.to_local(None) is None
    for _ in range(3):  # the PBX's clock is corrected: the window lets the new offset in
        clock.observe(int(now[0]) - 1_000)
    assert clock.offset_ms == 1_000 and clock.samples == 5
