"""§4.4 display rules and the allowed-action function."""

from __future__ import annotations

import dataclasses

import pytest

from agent_toolbar.backends.naumen.adapter import naumen_capabilities
from agent_toolbar.backends.naumen.profile import PhoneKind
from agent_toolbar.backends.naumen.substates import SubstateTracker
from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import (
    Action,
    Why,
    call_actions,
    conference_actions,
    global_actions,
    no,
    state_is_settled,
    transfer_kinds,
)
from agent_toolbar.cti.backend import ConnectionStatus, LinkState
from agent_toolbar.cti.capabilities import Refusal, RefusalKind
from agent_toolbar.cti.model import DisplayKind, SessionState, TopState, TransferKind
from agent_toolbar.cti.session import reduce


def user(
    state: SessionState, at: float, top: str, *subs: str, reason: str | None = None
) -> SessionState:
    event = _tracker(state).report(top, subs, reason=reason, at=at)
    return reduce(state, event)


_TRACKERS: dict[int, SubstateTracker] = {}


def _tracker(state: SessionState) -> SubstateTracker:
    """One Naumen substate tracker per chain of states: one with no report yet starts anew."""
    if state.agent.top is TopState.UNKNOWN and not state.agent.detail:
        _TRACKERS.clear()
    return _TRACKERS.setdefault(0, SubstateTracker())


def test_ready_then_ringing_then_speaking_shows_the_most_recent() -> None:
    s = user(SessionState(), 1, "available", "normal")
    assert s.agent.display.kind is DisplayKind.NORMAL
    s = user(s, 5, "available", "normal", "ringing", "ringing#voice")
    assert (s.agent.display.kind, s.agent.display.channel) == (DisplayKind.RINGING, "voice")
    s = user(s, 9, "available", "ringing", "speaking#voice")
    assert s.agent.display.kind is DisplayKind.SPEAKING
    assert s.agent.display.since == 9


def test_away_wins_over_everything_with_its_reason_and_keeps_its_timer() -> None:
    s = user(SessionState(), 1, "notavailable", "away", reason="Dinner")
    s = user(s, 20, "notavailable", "away", "speaking#voice", "wrapup#voice", reason="Dinner")
    assert s.agent.display.kind is DisplayKind.AWAY
    assert s.agent.display.reason == "Dinner"
    assert s.agent.display.since == 1


@pytest.mark.parametrize("sub", ["dnd", "custom1", "custom2", "custom3"])
def test_priority_substates(sub: str) -> None:
    s = user(SessionState(), 1, "notavailable", "speaking", sub)
    assert s.agent.display.kind.value == sub


def test_standoff_and_accident_win_over_normal() -> None:
    s = user(SessionState(), 1, "available", "normal", "standoff")
    assert s.agent.display.kind is DisplayKind.STANDOFF
    s = user(SessionState(), 1, "notavailable", "normal", "accident", reason="7:ivr-1")
    assert s.agent.display.kind is DisplayKind.ACCIDENT
    assert s.agent.display.code == "7"


def test_state_field_may_be_a_substate_name() -> None:
    s = user(SessionState(), 1, "normal")
    assert (s.agent.top, s.agent.display.kind) == (TopState.AVAILABLE, DisplayKind.NORMAL)
    s = user(s, 2, "away", reason="TechnicalBreak")
    assert (s.agent.top, s.agent.display.kind) == (TopState.NOTAVAILABLE, DisplayKind.AWAY)
    s = user(s, 3, "wrapup", reason="session-id")
    assert s.agent.display.kind is DisplayKind.WRAPUP


def test_offline_and_implied_substates() -> None:
    s = user(SessionState(), 1, "offline")
    assert s.agent.display.kind is DisplayKind.OFFLINE
    s = user(s, 2, "notavailable")
    assert s.agent.display.kind is DisplayKind.AWAY
    s = user(s, 3, "available")
    assert s.agent.display.kind is DisplayKind.NORMAL and s.agent.display.since == 3


# --------------------------------------------------------------------------- actions


def connected(phone: PhoneKind = PhoneKind.SOFTPHONE) -> SessionState:
    s = SessionState(login="ivanov", capabilities=naumen_capabilities(phone))
    s = reduce(s, ev.ConnectionChanged(status=ConnectionStatus(state=LinkState.CONNECTED), at=1))
    return user(s, 1, "available", "normal")


def with_call(s: SessionState, **fields: object) -> SessionState:
    info = ev.CallInfo(cid="c1", **fields)  # type: ignore[arg-type]
    return reduce(s, ev.CallReported(call=info, at=2))


def verdicts(s: SessionState) -> dict[Action, Why | None]:
    return {a: v.why for a, v in call_actions(s, "c1").items()}


def test_ringing_incoming_call() -> None:
    v = verdicts(with_call(connected(), state="new", direction="in"))
    assert v[Action.ANSWER] is None and v[Action.HANGUP] is None
    assert v[Action.HOLD] is Why.NOT_CONNECTED
    assert v[Action.CLOSE] is Why.NOT_ENDED
    assert v[Action.TRANSFER] is Why.NOT_CONNECTED


def test_outgoing_call_cannot_be_answered() -> None:
    v = verdicts(with_call(connected(), state="new", direction="out"))
    assert v[Action.ANSWER] is Why.OUTGOING


def test_connected_and_on_hold() -> None:
    s = with_call(connected(), state="connected", direction="in")
    v = verdicts(s)
    assert v[Action.HOLD] is None and v[Action.RESUME] is Why.NOT_ON_HOLD
    assert v[Action.MUTE] is None and v[Action.UNMUTE] is Why.NOT_MUTED
    assert v[Action.ANSWER] is Why.NOT_RINGING and v[Action.TRANSFER] is None
    v = verdicts(with_call(s, hold=True, muted=True))
    assert v[Action.HOLD] is Why.ON_HOLD and v[Action.RESUME] is None
    assert v[Action.MUTE] is Why.MUTED and v[Action.UNMUTE] is None


def test_wrap_up_allows_only_close() -> None:
    v = verdicts(with_call(connected(), state="ended", direction="in"))
    assert v[Action.CLOSE] is None
    assert v[Action.HANGUP] is Why.ENDED and v[Action.HOLD] is Why.ENDED
    assert v[Action.ANSWER] is Why.ENDED


def test_nothing_while_disconnected_or_offline() -> None:
    s = with_call(connected(), state="new", direction="in")
    lost = reduce(
        s, ev.ConnectionChanged(status=ConnectionStatus(state=LinkState.RECONNECTING), at=3)
    )
    assert verdicts(lost)[Action.ANSWER] is Why.DISCONNECTED
    assert global_actions(lost)[Action.MAKE_CALL].why is Why.DISCONNECTED
    offline = user(s, 4, "offline")
    assert verdicts(offline)[Action.ANSWER] is Why.OFFLINE


def test_a_command_in_flight_is_not_sent_twice() -> None:
    s = with_call(connected(), state="new", direction="in")
    s = reduce(s, ev.IntentIssued(intent=it.Answer("c1"), at=3))
    assert verdicts(s)[Action.ANSWER] is Why.IN_FLIGHT


def test_webphone_has_no_conferences_but_all_four_transfers() -> None:
    s = with_call(connected(PhoneKind.WEBPHONE), state="connected", direction="in")
    on_webphone = Refusal(RefusalKind.DEVICE, device="WebPhone")
    assert call_actions(s, "c1")[Action.ADD_TO_CONFERENCE] == no(Why.UNSUPPORTED, on_webphone)
    assert global_actions(s)[Action.CREATE_CONFERENCE].refusal == on_webphone
    assert transfer_kinds(s) == tuple(TransferKind)
    soft = with_call(connected(), state="connected", direction="in")
    assert global_actions(soft)[Action.CREATE_CONFERENCE].ok


def test_transfer_running_blocks_a_second_and_allows_cancel() -> None:
    s = with_call(connected(), state="connected", direction="in")
    s = reduce(s, ev.TransferStarted(cid="c1", at=3))
    v = verdicts(s)
    assert v[Action.TRANSFER] is Why.TRANSFER_RUNNING
    assert v[Action.BREAK_TRANSFER] is None
    intent = it.TransferCall("c1", TransferKind.CONSULTATION, "200")
    s2 = reduce(
        with_call(connected(), state="connected", direction="in"),
        ev.IntentIssued(intent=intent, at=3),
    )
    s2 = reduce(s2, ev.IntentSettled(intent=intent, at=4))
    s2 = reduce(s2, ev.TransferStarted(cid="c1", at=4))
    assert verdicts(s2)[Action.FINISH_CONFERENCE_TRANSFER] is Why.NOT_CONFERENCE_TRANSFER


def test_conference_actions_follow_operator_presence() -> None:
    s = connected()
    info = ev.ConferenceInfo(conf_id="3", calls=("c1",), operator_in=True)
    s = reduce(s, ev.ConferenceReported(conference=info, new=True, at=5))
    v = conference_actions(s, "3")
    assert v["join"].why is Why.IN_CONFERENCE and v["leave"].ok
    assert v["remove"].ok
    left = dataclasses.replace(info, operator_in=False)
    s = reduce(s, ev.ConferenceReported(conference=left, at=6))
    assert conference_actions(s, "3")["join"].ok


def test_settled_means_no_calls_and_no_wrapup() -> None:
    s = connected()
    assert state_is_settled(s)
    s = with_call(s, state="ended", direction="in")
    assert not state_is_settled(s)
    s = reduce(s, ev.CallClosed(cid="c1", at=9))
    s = user(s, 9, "available", "wrapup#voice")
    assert not state_is_settled(s)
    s = user(s, 10, "available", "normal")
    assert state_is_settled(s)


def test_make_active_only_between_several_conversations() -> None:
    s = with_call(connected(), state="new", direction="in")
    assert verdicts(s)[Action.MAKE_ACTIVE] is Why.NOT_CONNECTED
    s = with_call(s, state="connected")
    assert verdicts(s)[Action.MAKE_ACTIVE] is Why.ALREADY_ACTIVE
    other = ev.CallInfo(cid="c2", state="connected", direction="out")
    s = reduce(s, ev.CallReported(call=other, at=3))
    s = reduce(s, ev.ActiveCallChanged(cid="c2", at=4))
    assert verdicts(s)[Action.MAKE_ACTIVE] is None
