"""The vendor-neutral domain: end results, self-closed and expired calls, intent stages."""

from __future__ import annotations

import asyncio

import pytest

from agent_toolbar.backends.naumen.transfer_codes import Table41, transfer_failure
from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import (
    ALL_FEATURES,
    Accepted,
    Capabilities,
    CommandError,
    ConnectionStatus,
    EventSink,
    LinkState,
)
from agent_toolbar.cti.model import (
    CallOutcome,
    CallState,
    Direction,
    EndResult,
    IntentStage,
    OperatorIdentity,
    SessionState,
    TransferFailure,
    TransferPhase,
)
from agent_toolbar.cti.outcomes import CommandFailure, FailureReason
from agent_toolbar.cti.session import Session, reduce
from agent_toolbar.cti.transitions import CallAnswered, CallEnded, CallRemoved, diff

UP = ev.ConnectionChanged(status=ConnectionStatus(state=LinkState.CONNECTED), at=1)


def run(events: list[ev.DomainEvent], state: SessionState | None = None) -> SessionState:
    state = state or SessionState()
    for event in events:
        state = reduce(state, event)
    return state


def call(cid: str, at: float, **fields: object) -> ev.CallReported:
    return ev.CallReported(call=ev.CallInfo(cid=cid, **fields), new=True, at=at)  # type: ignore[arg-type]


def test_direction_and_state_may_come_as_enums_and_internal_calls_exist() -> None:
    state = run([call("c1", 1, state=CallState.NEW, direction=Direction.INTERNAL)])
    assert state.calls["c1"].direction is Direction.INTERNAL
    assert state.calls["c1"].ringing  # an internal call rings like an incoming one


def test_end_result_is_derived_unless_the_system_says() -> None:
    state = run([call("a", 1, state="connected", direction="in"), call("a", 2, state="ended")])
    assert state.calls["a"].result is EndResult.ANSWERED
    state = run([call("m", 1, state="new", direction="in"), call("m", 2, state="ended")])
    assert state.calls["m"].result is EndResult.MISSED
    busy = CallOutcome(EndResult.BUSY, code="486", text="Busy Here")
    state = run(
        [call("b", 1, state="new", direction="out"), call("b", 2, state="ended", outcome=busy)]
    )
    assert state.calls["b"].outcome == busy and state.calls["b"].result is EndResult.BUSY


def test_a_call_the_backend_closes_itself_ends_and_leaves_at_once() -> None:
    before = run([call("c1", 1, state="connected", direction="in")])
    done = ev.CallFinished(cid="c1", outcome=CallOutcome(EndResult.ANSWERED, code="0"), at=5)
    after = reduce(before, done)
    assert "c1" not in after.calls and "c1" in after.closed_cids
    changes = diff(before, after, done)
    assert [type(t) for t in changes] == [CallEnded, CallRemoved]
    removed = changes[-1]
    assert isinstance(removed, CallRemoved)
    assert removed.call.state is CallState.ENDED and removed.call.outcome == done.outcome
    assert reduce(after, call("c1", 6, state="connected")) is after  # no resurrection


def test_a_self_closed_call_after_a_successful_transfer_leaves_it_completed() -> None:
    before = run([call("c1", 1, state="connected", direction="in")])
    before = reduce(before, ev.TransferStarted(cid="c1", at=2))
    before = reduce(before, ev.TransferSucceeded(cid="c1", at=3))
    done = ev.CallFinished(cid="c1", outcome=CallOutcome(EndResult.TRANSFERRED), at=5)
    changes = diff(before, reduce(before, done), done)
    ended = [t.call for t in changes if isinstance(t, CallEnded | CallRemoved)]
    assert [c.transfer.phase for c in ended if c.transfer] == [TransferPhase.COMPLETED] * 2


def test_a_ringing_call_answered_elsewhere_and_closed_reports_both_moments() -> None:
    before = run([call("c1", 1, state="new", direction="in", answered_at=2.0)])
    done = ev.CallFinished(cid="c1", outcome=CallOutcome(EndResult.ANSWERED_ELSEWHERE), at=5)
    changes = diff(before, reduce(before, done), done)
    assert [type(t) for t in changes] == [CallAnswered, CallEnded, CallRemoved]


def test_expired_calls_leave_as_unknown_and_are_not_called_missed() -> None:
    before = run([call("a", 1, state="new", direction="in"), call("b", 1, state="connected")])
    expired = ev.CallsExpired(at=9)
    after = reduce(before, expired)
    assert not after.calls
    removed = [t for t in diff(before, after, expired) if isinstance(t, CallRemoved)]
    assert {t.call.cid for t in removed} == {"a", "b"}
    assert all(t.vanished and not t.missed for t in removed)
    assert all(t.call.result is EndResult.UNKNOWN for t in removed)
    only = reduce(before, ev.CallsExpired(cids=("a",), at=9))
    assert set(only.calls) == {"b"}


def test_an_accepted_command_waits_for_confirmation() -> None:
    hold = it.Hold("c1", True)
    state = run([UP, call("c1", 1, state="connected"), ev.IntentIssued(intent=hold, at=2)])
    assert state.commands[("c1", "hold")].stage is IntentStage.SENT
    state = reduce(state, ev.IntentSettled(intent=hold, accepted=Accepted(5.0), at=3))
    progress = state.commands[("c1", "hold")]
    assert progress.stage is IntentStage.ACCEPTED and progress.expires_at == 8.0
    assert ("c1", "hold") in state.inflight  # not sent twice meanwhile
    assert state.command_for("c1") == progress
    confirmed = reduce(state, ev.IntentProgressed(intent=hold, stage=IntentStage.CONFIRMED, at=4))
    assert not confirmed.commands and not confirmed.inflight
    assert confirmed.calls["c1"].error is None
    expired = reduce(state, ev.IntentProgressed(intent=hold, stage=IntentStage.EXPIRED, at=9))
    assert expired.calls["c1"].error == CommandFailure(FailureReason.EXPIRED)
    queued = reduce(
        run([UP, call("c1", 1, state="connected"), ev.IntentIssued(intent=hold, at=2)]),
        ev.IntentSettled(intent=hold, accepted=Accepted(5.0, queued=True), at=3),
    )
    assert queued.commands[("c1", "hold")].stage is IntentStage.QUEUED


def test_a_naumen_style_acceptance_is_final_and_leaves_no_trace() -> None:
    hold = it.Hold("c1", True)
    state = run([UP, call("c1", 1, state="connected"), ev.IntentIssued(intent=hold, at=2)])
    state = reduce(state, ev.IntentSettled(intent=hold, at=3))
    assert not state.commands and not state.inflight


class Deferring:
    """A backend whose acceptance proves nothing (like Oktell's HTTP 200)."""

    login = "op"
    identity = OperatorIdentity("op", guid="6f1c", extension="101")
    capabilities = Capabilities(backend="test", features=frozenset(ALL_FEATURES))
    status = ConnectionStatus(state=LinkState.CONNECTED)

    def __init__(self, refuse: bool = False) -> None:
        self.sinks: list[EventSink] = []
        self.refuse = refuse

    def subscribe(self, sink: EventSink) -> None:
        self.sinks.append(sink)

    async def run(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    def reconnect_now(self) -> None:
        return None

    async def execute(self, intent: it.Intent) -> Accepted | None:
        if self.refuse:
            raise CommandError("Operator not found", kind="error", details={"code": "1284"})
        return Accepted(confirm_within=0.05)


@pytest.mark.asyncio
async def test_the_session_expires_a_command_nothing_confirms() -> None:
    session = Session(Deferring())
    assert session.state.identity == OperatorIdentity("op", guid="6f1c", extension="101")
    session.apply(call("c1", 1, state="connected"))
    assert await session.execute(it.Hold("c1", True)) is None
    assert session.state.commands[("c1", "hold")].stage is IntentStage.ACCEPTED
    await asyncio.sleep(0.2)
    assert not session.state.commands
    assert session.state.calls["c1"].error == CommandFailure(FailureReason.EXPIRED)
    await session.close()


@pytest.mark.asyncio
async def test_a_refusal_keeps_the_systems_words_and_code() -> None:
    session = Session(Deferring(refuse=True))
    session.apply(call("c1", 1, state="connected"))
    failure = await session.execute(it.Hangup("c1"))
    assert failure == CommandFailure(FailureReason.ERROR, "Operator not found", "1284")
    assert session.state.calls["c1"].error == failure
    await session.close()


def test_table_4_1_maps_into_neutral_categories_and_keeps_the_code() -> None:
    assert transfer_failure("7") == (TransferFailure.BUSY, "7", "Busy")
    assert transfer_failure(0) == (TransferFailure.NO_TARGET, "0", "EmptyAddress")
    assert transfer_failure("DestinationNotFound")[0] is TransferFailure.NOT_FOUND
    assert transfer_failure("garbage") == (TransferFailure.UNKNOWN, "garbage", "")
    assert Table41.TRANSFERRED_SIDE_DISCONNECTED.table_name == "TransferredSideDisconnected"
    assert {m.category for m in Table41} == set(TransferFailure) - {
        TransferFailure.REJECTED,
        TransferFailure.UNKNOWN,
    }
