"""The pure reducer: convergence under out-of-order delivery, snapshots, transfers, intents."""

from __future__ import annotations

from collections.abc import Iterable

from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import ConnectionStatus, LinkState
from agent_toolbar.cti.model import (
    CallState,
    CommandFailure,
    Direction,
    NoticeItem,
    NoticeKind,
    SecureMode,
    SessionState,
    TransferFailure,
    TransferKind,
    TransferPhase,
)
from agent_toolbar.cti.outcomes import FailureReason
from agent_toolbar.cti.session import reduce
from agent_toolbar.cti.transitions import (
    CallAnswered,
    CallAppeared,
    CallEnded,
    CallRemoved,
    Transition,
    diff,
)

CONNECTED = ev.ConnectionChanged(status=ConnectionStatus(state=LinkState.CONNECTED), at=1)


def run(events: Iterable[ev.DomainEvent], state: SessionState | None = None) -> SessionState:
    state = state or SessionState(login="ivanov")
    for event in events:
        state = reduce(state, event)
    return state


def call(cid: str, at: float, **fields: object) -> ev.CallReported:
    return ev.CallReported(call=ev.CallInfo(cid=cid, **fields), at=at)  # type: ignore[arg-type]


def trace(events: Iterable[ev.DomainEvent]) -> list[Transition]:
    state = SessionState(login="ivanov")
    out: list[Transition] = []
    for event in events:
        new = reduce(state, event)
        out.extend(diff(state, new, event))
        state = new
    return out


def test_call_status_before_new_call_creates_the_call_and_converges() -> None:
    state = run(
        [
            call("c1", 10, state="connected", hold=False),
            ev.CallReported(
                call=ev.CallInfo(cid="c1", state="new", direction="in", display_name="Иванов"),
                new=True,
                at=11,
            ),
        ]
    )
    c = state.calls["c1"]
    assert c.state is CallState.CONNECTED  # never moves backwards
    assert c.direction is Direction.IN and c.display_name == "Иванов"
    assert c.answered


def test_ended_before_connected_stays_ended() -> None:
    state = run([call("c1", 10, state="ended"), call("c1", 11, state="connected")])
    assert state.calls["c1"].state is CallState.ENDED
    assert state.calls["c1"].in_wrapup


def test_late_status_after_on_close_does_not_resurrect_the_call() -> None:
    state = run(
        [
            call("c1", 10, state="new", direction="in"),
            ev.CallClosed(cid="c1", at=11),
            call("c1", 12, state="ended"),
            ev.CallParamsReported(cid="c1", params={"x": "1"}, at=13),
        ]
    )
    assert "c1" not in state.calls
    assert state.orphan_params == {}


def test_params_before_the_call_are_adopted_when_it_appears() -> None:
    state = run(
        [
            ev.CallParamsReported(cid="c1", params={"sessionId": "s1", "caller": "+7999"}, at=9),
            call("c1", 10, state="new", direction="in"),
        ]
    )
    assert state.calls["c1"].session_id == "s1"
    assert state.calls["c1"].params_known
    assert state.orphan_params == {}


def test_params_merge_and_call_params_updated_from_another_client() -> None:
    state = run(
        [
            call("c1", 10, state="new", direction="in", params={"sessionId": "s1"}),
            ev.CallParamsReported(cid="c1", params={"ClientId": "42"}, at=11),
            ev.LocalParamsReported(cid="c1", params={"form": "7"}, at=12),
        ]
    )
    assert dict(state.calls["c1"].params) == {"sessionId": "s1", "ClientId": "42"}
    assert dict(state.calls["c1"].local_params) == {"form": "7"}


def test_snapshot_replaces_stale_state_and_ends_vanished_calls() -> None:
    before = run(
        [
            CONNECTED,
            call("c1", 10, state="connected", direction="in"),
            call("c2", 11, state="new", direction="in"),
            ev.ActiveCallChanged(cid="c1", at=12),
        ]
    )
    snapshot = ev.CallsSnapshot(
        calls=(
            ev.CallInfo(cid="c2", state="connected", direction="in"),
            ev.CallInfo(cid="c3", state="new", direction="in"),
        ),
        at=20,
    )
    after = reduce(before, snapshot)
    assert list(after.calls) == ["c2", "c3"]
    assert after.calls["c2"].state is CallState.CONNECTED
    assert after.active_cid is None
    assert after.synced
    changes = diff(before, after, snapshot)
    removed = [t for t in changes if isinstance(t, CallRemoved)]
    assert [(t.call.cid, t.vanished) for t in removed] == [("c1", True)]
    assert any(isinstance(t, CallAppeared) and t.call.cid == "c3" for t in changes)
    assert any(isinstance(t, CallAnswered) and t.call.cid == "c2" for t in changes)


def test_snapshot_is_authoritative_even_backwards() -> None:
    state = run(
        [
            call("c1", 10, state="ended", direction="in"),
            ev.CallsSnapshot(calls=(ev.CallInfo(cid="c1", state="connected"),), at=11),
        ]
    )
    assert state.calls["c1"].state is CallState.CONNECTED


def test_transitions_of_a_call_answered_elsewhere_and_missed_calls() -> None:
    changes = trace(
        [
            call("c1", 10, state="new", direction="in"),
            call("c1", 11, state="connected"),
            call("c1", 12, state="ended"),
            ev.CallClosed(cid="c1", at=13),
            call("c2", 14, state="new", direction="in"),
            call("c2", 15, state="ended"),
            ev.CallClosed(cid="c2", at=16),
        ]
    )
    kinds = [(type(t).__name__, getattr(t, "call", None) and t.call.cid) for t in changes]  # type: ignore[attr-defined]
    assert kinds == [
        ("CallAppeared", "c1"),
        ("CallAnswered", "c1"),
        ("CallEnded", "c1"),
        ("CallRemoved", "c1"),
        ("CallAppeared", "c2"),
        ("CallEnded", "c2"),
        ("CallRemoved", "c2"),
    ]
    removed = [t for t in changes if isinstance(t, CallRemoved)]
    assert [t.missed for t in removed] == [False, True]
    assert not any(isinstance(t, CallEnded) and t.call.answered for t in changes[5:])


def test_hold_timer_starts_and_stops() -> None:
    state = run([call("c1", 10, state="connected"), call("c1", 15, hold=True)])
    assert state.calls["c1"].hold_since == 15
    state = reduce(state, call("c1", 20, hold=False))
    assert state.calls["c1"].hold_since is None


def test_millisecond_and_second_times_are_kept_as_given_seconds() -> None:
    state = run([call("c1", 10, state="new", created_at=1700000000.0)])
    assert state.calls["c1"].created_at == 1700000000.0


def test_transfer_life_cycle_requested_started_succeeded_completed() -> None:
    intent = it.TransferCall("c1", TransferKind.BLIND, "200")
    state = run(
        [
            CONNECTED,
            call("c1", 10, state="connected", direction="in"),
            ev.IntentIssued(intent=intent, at=11),
        ]
    )
    transfer = state.calls["c1"].transfer
    assert transfer is not None and transfer.phase is TransferPhase.REQUESTED
    assert transfer.kind is TransferKind.BLIND and transfer.target == "200"
    state = run(
        [
            ev.IntentSettled(intent=intent, at=12),
            ev.TransferStarted(cid="c1", was_connected=True, at=12),
            ev.TransferSucceeded(cid="c1", at=13),
            call("c1", 14, state="ended"),
        ],
        state,
    )
    transfer = state.calls["c1"].transfer
    assert transfer is not None
    assert transfer.phase is TransferPhase.COMPLETED
    assert transfer.kind is TransferKind.BLIND


def test_transfer_failure_keeps_the_category_and_the_vendor_code() -> None:
    state = run(
        [
            call("c1", 10, state="connected"),
            ev.TransferStarted(cid="c1", at=11),
            ev.TransferFailed(cid="c1", failure=TransferFailure.BUSY, code="7", text="Busy", at=12),
        ]
    )
    transfer = state.calls["c1"].transfer
    assert transfer is not None
    assert transfer.failure is TransferFailure.BUSY
    assert (transfer.code, transfer.text) == ("7", "Busy")


def test_returned_call_may_come_back_from_ended() -> None:
    state = run(
        [
            call("c1", 10, state="connected"),
            ev.TransferStarted(cid="c1", at=11),
            ev.TransferSucceeded(cid="c1", at=12),
            call("c1", 13, state="ended"),
            ev.TransferReturned(cid="c1", at=14),
            call("c1", 15, state="connected"),
        ]
    )
    c = state.calls["c1"]
    assert c.state is CallState.CONNECTED
    assert c.transfer is not None and c.transfer.phase is TransferPhase.RETURNED


def test_failed_command_is_shown_on_its_card_and_cleared_by_the_next_one() -> None:
    answer = it.Answer("c1")
    state = run(
        [
            CONNECTED,
            call("c1", 10, state="new", direction="in"),
            ev.IntentIssued(intent=answer, at=11),
        ]
    )
    assert ("c1", "answer") in state.inflight
    timeout = CommandFailure(FailureReason.TIMEOUT)
    state = reduce(state, ev.IntentSettled(intent=answer, error=timeout, at=21))
    assert state.calls["c1"].error == timeout
    assert not state.inflight
    state = reduce(state, ev.IntentIssued(intent=it.Hangup("c1"), at=22))
    assert state.calls["c1"].error is None


def test_refused_state_change_is_reported_and_pending_cleared() -> None:
    intent = it.ChangeState("wrapup")
    state = run([CONNECTED, ev.IntentIssued(intent=intent, at=2)])
    assert state.pending_state is not None
    refused = CommandFailure(FailureReason.ERROR, "cannot be set")
    state = reduce(state, ev.IntentSettled(intent=intent, error=refused, at=3))
    assert state.pending_state is None
    assert state.state_error == refused


def test_secure_mode_round_trip_and_errors() -> None:
    on = it.SetSecureMode("c1", True)
    state = run([CONNECTED, call("c1", 10, state="connected"), ev.IntentIssued(intent=on, at=11)])
    assert state.calls["c1"].secure is SecureMode.TURNING_ON
    state = run([ev.IntentSettled(intent=on, at=12), ev.SecureModeReported(cid="c1", at=12)], state)
    assert state.calls["c1"].secure is SecureMode.ON
    off = it.SetSecureMode("c1", False)
    state = run(
        [
            ev.IntentIssued(intent=off, at=13),
            ev.SecureModeReported(cid="c1", error="Can't retrieve sessionId for call", at=14),
        ],
        state,
    )
    assert state.calls["c1"].secure is SecureMode.ON
    assert state.calls["c1"].secure_error == "Can't retrieve sessionId for call"
    state = run(
        [
            ev.IntentIssued(intent=off, at=15),
            ev.SecureModeReported(
                cid="c1", error="Session in desired secure mode state", already=True, at=16
            ),
        ],
        state,
    )
    assert state.calls["c1"].secure is SecureMode.OFF


def test_connection_loss_clears_in_flight_and_sync() -> None:
    state = run(
        [
            CONNECTED,
            ev.CallsSnapshot(calls=(), at=2),
            ev.IntentIssued(intent=it.MakeCall("200"), at=3),
        ]
    )
    assert state.synced and state.inflight
    lost = ConnectionStatus(state=LinkState.RECONNECTING, attempt=1, delay=0.5)
    state = reduce(state, ev.ConnectionChanged(status=lost, at=4))
    assert not state.synced and not state.inflight


def test_conferences_follow_reports_snapshots_and_close() -> None:
    info = ev.ConferenceInfo(conf_id="3", display_name="Совещание", calls=("c1",), operator_in=True)
    state = run(
        [
            ev.ConferenceReported(conference=info, new=True, at=10),
            ev.ConferenceReported(
                conference=ev.ConferenceInfo(conf_id="3", calls=("c1", "c2"), operator_in=False),
                at=11,
            ),
        ]
    )
    conf = state.conferences["3"]
    assert conf.calls == ("c1", "c2") and not conf.operator_in and conf.since == 10
    state = reduce(state, ev.ConferencesSnapshot(conferences=(), at=12))
    assert not state.conferences
    state = run(
        [ev.ConferenceReported(conference=info, at=13), ev.ConferenceClosed(conf_id="3", at=14)],
        state,
    )
    assert not state.conferences


def test_unknown_events_leave_the_state_untouched() -> None:
    state = SessionState()
    assert reduce(state, ev.DomainEvent(at=1)) is state


def test_a_notice_is_kept_for_the_operator_and_changes_nothing_else() -> None:
    state = run([call("c1", 10, state="connected")])
    text = ev.Notice(text="hello", kind=NoticeKind.TEXT_MESSAGE, cid="c1", at=11)
    after = reduce(state, text)
    assert after.notices == (NoticeItem(NoticeKind.TEXT_MESSAGE, "hello", cid="c1", at=11),)
    assert after.calls == state.calls
    assert reduce(after, ev.Notice(text="  ", at=12)) is after


def test_empty_address_failure_is_not_falsy() -> None:
    state = run(
        [
            call("c1", 10, state="connected"),
            ev.TransferStarted(cid="c1", at=11),
            ev.TransferFailed(cid="c1", failure=TransferFailure.NO_TARGET, code="0", at=12),
        ]
    )
    transfer = state.calls["c1"].transfer
    assert transfer is not None
    assert transfer.failure is TransferFailure.NO_TARGET
    assert transfer.failure  # code 0 is still a failure
