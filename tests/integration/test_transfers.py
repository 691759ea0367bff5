"""Transfers end to end: Session + NaumenBackend + the simulator over a real socket.

Each test follows the domain state of the call through every step of one transfer kind —
success, each failure status of table 4.1, cancel, return, finish (SoftPhone and WebPhone)
— and checks the command the simulator received.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from typing import TYPE_CHECKING, Any

import pytest
import pytest_asyncio

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.backends.naumen.profile import PhoneKind
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Action, Why, call_actions
from agent_toolbar.cti.model import (
    CallState,
    SessionState,
    Transfer,
    TransferFailure,
    TransferKind,
    TransferPhase,
)
from agent_toolbar.cti.outcomes import FailureReason
from agent_toolbar.cti.session import Session
from agent_toolbar.cti.transitions import Transition
from agent_toolbar.simulators.naumen.simulator import SimTimings, Simulator

if TYPE_CHECKING:
    from tests.conftest import Attach, Talking, Until

pytestmark = pytest.mark.asyncio
LOGIN = "operator"
WEB = "webop"
ANSWERS, BUSY, NO_ANSWER, NOT_FOUND = "201", "202", "203", "204"
WIRE = {
    TransferKind.BLIND: "Transfer",
    TransferKind.CONSULTATION: "ConsultationTransfer",
    TransferKind.CONFERENCE: "ConferenceTransfer",
    TransferKind.CALLBACK: "TransferWithCallBack",
}
#: Kinds whose customer waits on hold while the target is called.
HOLDING = (TransferKind.BLIND, TransferKind.CONSULTATION, TransferKind.CALLBACK)


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[Simulator]:
    # A target that does not answer gives up after 0.3 s; the others decide after 0.05 s.
    timings = SimTimings.fast(no_answer_timeout=0.3, callback_return=0.15)
    async with Simulator(timings=timings, seed=3, webphone_logins=[WEB]) as simulator:
        yield simulator


class Phases:
    """Every transfer state one call went through, as the session reported it."""

    def __init__(self, session: Session, cid: str) -> None:
        self.cid = cid
        self.seen: list[Transfer] = []
        self.held_while: set[TransferPhase] = set()  # phases during which the call was on hold
        self.closed = False
        session.subscribe(self)

    def __call__(self, old: SessionState, new: SessionState, _: Sequence[Transition]) -> None:
        call = new.calls.get(self.cid)
        if call is None:
            self.closed = self.closed or self.cid in old.calls
            return
        if call.transfer is not None and call.hold:
            self.held_while.add(call.transfer.phase)
        if call.transfer is not None and (not self.seen or self.seen[-1] != call.transfer):
            if not self.seen or self.seen[-1].phase is not call.transfer.phase:
                self.seen.append(call.transfer)
            else:
                self.seen[-1] = call.transfer

    @property
    def phases(self) -> list[TransferPhase]:
        return [t.phase for t in self.seen]


def transfer_of(state: SessionState, cid: str) -> Transfer:
    transfer = state.calls[cid].transfer
    assert transfer is not None
    return transfer


def phase_is(cid: str, phase: TransferPhase) -> Callable[[SessionState], bool]:
    def check(state: SessionState) -> bool:
        call = state.calls.get(cid)
        return call is not None and call.transfer is not None and call.transfer.phase is phase

    return check


def verdict(state: SessionState, cid: str, action: Action) -> Any:
    return call_actions(state, cid)[action]


async def received(sim: Simulator, name: str, **fields: Any) -> m.Message:
    command = await sim.wait_for_command(name, login=fields.pop("login", LOGIN))
    for key, value in fields.items():
        assert getattr(command, key) == value, (name, key, getattr(command, key))
    return command


# ------------------------------------------------------------------ success, kind by kind


async def test_blind_transfer_hands_the_call_over_and_it_leaves(
    sim: Simulator, attached: Attach, until: Until, talking: Talking
) -> None:
    async with attached(sim) as session:
        cid = await talking(sim, session)
        phases = Phases(session, cid)
        assert await session.execute(it.TransferCall(cid, TransferKind.BLIND, ANSWERS)) is None
        await received(sim, "Transfer", cid=cid, phone_number=ANSWERS)
        await until(session, lambda s: cid not in s.calls)
    assert phases.phases == [
        TransferPhase.REQUESTED,
        TransferPhase.STARTED,
        TransferPhase.SUCCEEDED,
        TransferPhase.COMPLETED,
    ]
    requested, started, succeeded, completed = phases.seen
    assert (requested.kind, requested.target) == (TransferKind.BLIND, ANSWERS)
    assert started.was_connected is True and started.kind is TransferKind.BLIND
    assert succeeded.failure is None and completed.target == ANSWERS
    assert phases.closed


async def test_consultation_waits_on_hold_then_hang_up_hands_over(
    sim: Simulator, attached: Attach, until: Until, talking: Talking
) -> None:
    async with attached(sim) as session:
        cid = await talking(sim, session)
        phases = Phases(session, cid)
        kind = TransferKind.CONSULTATION
        assert await session.execute(it.TransferCall(cid, kind, ANSWERS)) is None
        await received(sim, "ConsultationTransfer", cid=cid, phone_number=ANSWERS)
        state = await until(session, lambda s: s.calls[cid].hold)
        assert transfer_of(state, cid).phase in (TransferPhase.STARTED, TransferPhase.SUCCEEDED)
        state = await until(session, phase_is(cid, TransferPhase.SUCCEEDED))
        call = state.calls[cid]
        assert call.hold and call.state is CallState.CONNECTED  # the consultant is on the line
        assert call.transfer is not None and call.transfer.running
        assert verdict(state, cid, Action.BREAK_TRANSFER).ok
        assert verdict(state, cid, Action.FINISH_CONFERENCE_TRANSFER).why is (
            Why.NOT_CONFERENCE_TRANSFER
        )
        assert verdict(state, cid, Action.TRANSFER).why is Why.TRANSFER_RUNNING
        assert await session.execute(it.Hangup(cid)) is None  # hand the customer over
        await received(sim, "Hangup", cid=cid)
        await until(session, lambda s: cid not in s.calls)
    assert phases.phases == [
        TransferPhase.REQUESTED,
        TransferPhase.STARTED,
        TransferPhase.SUCCEEDED,
        TransferPhase.COMPLETED,
    ]


async def test_conference_transfer_then_complete_on_a_softphone(
    sim: Simulator, attached: Attach, until: Until, talking: Talking
) -> None:
    async with attached(sim) as session:
        cid = await talking(sim, session)
        phases = Phases(session, cid)
        kind = TransferKind.CONFERENCE
        assert await session.execute(it.TransferCall(cid, kind, ANSWERS)) is None
        await received(sim, "ConferenceTransfer", cid=cid, phone_number=ANSWERS)
        state = await until(session, phase_is(cid, TransferPhase.SUCCEEDED))
        assert not state.calls[cid].hold  # all three talk together
        assert verdict(state, cid, Action.FINISH_CONFERENCE_TRANSFER).ok
        assert await session.execute(it.FinishConferenceTransfer(cid)) is None
        await received(sim, "FinishConferenceTransfer", cid=cid)
        await until(session, lambda s: cid not in s.calls)
    assert phases.phases == [
        TransferPhase.REQUESTED,
        TransferPhase.STARTED,
        TransferPhase.SUCCEEDED,
    ]
    assert phases.closed
    assert sim.operator(LOGIN).calls == ()


async def test_transfer_with_callback_comes_back_to_the_operator(
    sim: Simulator, attached: Attach, until: Until, talking: Talking
) -> None:
    async with attached(sim) as session:
        cid = await talking(sim, session)
        phases = Phases(session, cid)
        kind = TransferKind.CALLBACK
        assert await session.execute(it.TransferCall(cid, kind, ANSWERS)) is None
        await received(sim, "TransferWithCallBack", cid=cid, phone_number=ANSWERS)
        state = await until(session, phase_is(cid, TransferPhase.SUCCEEDED))
        assert state.calls[cid].hold
        state = await until(session, phase_is(cid, TransferPhase.RETURNED))
        state = await until(session, lambda s: not s.calls[cid].hold)
        call = state.calls[cid]
        assert call.state is CallState.CONNECTED and state.active_cid == cid
        assert call.transfer is not None and not call.transfer.running
        assert verdict(state, cid, Action.TRANSFER).ok  # it can be transferred again
        assert verdict(state, cid, Action.BREAK_TRANSFER).why is Why.NO_TRANSFER
    assert phases.phases == [
        TransferPhase.REQUESTED,
        TransferPhase.STARTED,
        TransferPhase.SUCCEEDED,
        TransferPhase.RETURNED,
    ]


# ------------------------------------------------------------------ failures (table 4.1)


@pytest.mark.parametrize("kind", list(TransferKind))
@pytest.mark.parametrize(
    ("target", "failure"),
    [
        (BUSY, TransferFailure.BUSY),  # 7
        (NOT_FOUND, TransferFailure.NOT_FOUND),  # 10
        ("12345", TransferFailure.NOT_FOUND),  # 10: not a known length
        (NO_ANSWER, TransferFailure.NO_ANSWER),  # 4, after the no-answer timeout
        ("", TransferFailure.NO_TARGET),  # 0
        ("Иванов", TransferFailure.INVALID_TARGET),  # 1
    ],
)
async def test_a_failed_transfer_reports_its_reason_and_gives_the_call_back(
    sim: Simulator,
    kind: TransferKind,
    target: str,
    failure: TransferFailure,
    attached: Attach,
    until: Until,
    talking: Talking,
) -> None:
    async with attached(sim) as session:
        cid = await talking(sim, session)
        phases = Phases(session, cid)
        assert await session.execute(it.TransferCall(cid, kind, target)) is None
        await received(sim, WIRE[kind], cid=cid, phone_number=target)
        state = await until(session, phase_is(cid, TransferPhase.FAILED))
        state = await until(session, lambda s: not s.calls[cid].hold)
        transfer = transfer_of(state, cid)
        assert transfer.failure is failure and transfer.code == TABLE_4_1[failure]
        assert (transfer.kind, transfer.target) == (kind, target)
        assert not transfer.running
        call = state.calls[cid]
        assert call.state is CallState.CONNECTED  # the customer is still there
        assert verdict(state, cid, Action.TRANSFER).ok
        assert verdict(state, cid, Action.BREAK_TRANSFER).why is Why.NO_TRANSFER
    assert phases.phases == [
        TransferPhase.REQUESTED,
        TransferPhase.STARTED,
        TransferPhase.FAILED,
    ]
    assert [c.hold for c in sim.operator(LOGIN).calls] == [False]
    assert phases.seen[1].was_connected is True
    # the customer waited on hold while the target was tried (not in a conference transfer)
    assert (TransferPhase.STARTED in phases.held_while) is (kind in HOLDING)


async def test_a_refused_transfer_command_is_shown_on_the_card(
    sim: Simulator, attached: Attach, until: Until, talking: Talking
) -> None:
    async with attached(sim) as session:
        cid = await talking(sim, session)
        consult = it.TransferCall(cid, TransferKind.CONSULTATION, NO_ANSWER)
        assert await session.execute(consult) is None
        await until(session, phase_is(cid, TransferPhase.STARTED))
        # a second transfer of the same call: the server refuses it with Error
        state = session.state
        assert verdict(state, cid, Action.TRANSFER).why is Why.TRANSFER_RUNNING
        error = await session.execute(it.TransferCall(cid, TransferKind.BLIND, ANSWERS))
        assert error is not None and error.reason is FailureReason.ERROR
        assert "already in progress" in error.detail  # the server's own words are kept
        assert session.state.calls[cid].error == error
        assert await session.execute(it.BreakTransfer(cid)) is None


#: The table 4.1 code the simulator sends for each category tested above.
TABLE_4_1 = {
    TransferFailure.BUSY: "7",
    TransferFailure.NOT_FOUND: "10",
    TransferFailure.NO_ANSWER: "4",
    TransferFailure.NO_TARGET: "0",
    TransferFailure.INVALID_TARGET: "1",
}


# ------------------------------------------------------------------ cancel


@pytest.mark.parametrize("kind", list(TransferKind))
async def test_cancel_while_the_target_rings_takes_the_customer_back(
    sim: Simulator, kind: TransferKind, attached: Attach, until: Until, talking: Talking
) -> None:
    async with attached(sim) as session:
        cid = await talking(sim, session)
        phases = Phases(session, cid)
        assert await session.execute(it.TransferCall(cid, kind, NO_ANSWER)) is None
        state = await until(session, phase_is(cid, TransferPhase.STARTED))
        assert verdict(state, cid, Action.BREAK_TRANSFER).ok
        assert await session.execute(it.BreakTransfer(cid)) is None
        await received(sim, "BreakTransfer", cid=cid)
        state = await until(session, phase_is(cid, TransferPhase.RETURNED))
        state = await until(session, lambda s: not s.calls[cid].hold)
        assert state.calls[cid].state is CallState.CONNECTED
        assert verdict(state, cid, Action.TRANSFER).ok
    assert phases.phases == [
        TransferPhase.REQUESTED,
        TransferPhase.STARTED,
        TransferPhase.FAILED,
        TransferPhase.RETURNED,
    ]
    assert phases.seen[2].failure is TransferFailure.CANCELLED  # 8


async def test_cancel_after_the_consultant_answered_takes_the_customer_back(
    sim: Simulator,
    attached: Attach,
    until: Until,
    talking: Talking,
) -> None:
    async with attached(sim) as session:
        cid = await talking(sim, session)
        phases = Phases(session, cid)
        kind = TransferKind.CONSULTATION
        assert await session.execute(it.TransferCall(cid, kind, ANSWERS)) is None
        await until(session, phase_is(cid, TransferPhase.SUCCEEDED))
        assert await session.execute(it.BreakTransfer(cid)) is None
        await received(sim, "BreakTransfer", cid=cid)
        state = await until(
            session, lambda s: phase_is(cid, TransferPhase.RETURNED)(s) and not s.calls[cid].hold
        )
        assert state.calls[cid].state is CallState.CONNECTED
    assert phases.phases == [
        TransferPhase.REQUESTED,
        TransferPhase.STARTED,
        TransferPhase.SUCCEEDED,
        TransferPhase.RETURNED,
    ]


# ------------------------------------------------------------------ finish (§3.23)


async def test_complete_before_the_consultant_answers_on_a_softphone(
    sim: Simulator, attached: Attach, until: Until, talking: Talking
) -> None:
    """SoftPhone: the operator leaves; the consultant's leg keeps ringing (TransferSucceed)."""
    async with attached(sim) as session:
        cid = await talking(sim, session)
        phases = Phases(session, cid)
        kind = TransferKind.CONFERENCE
        assert await session.execute(it.TransferCall(cid, kind, NO_ANSWER)) is None
        state = await until(session, phase_is(cid, TransferPhase.STARTED))
        assert verdict(state, cid, Action.FINISH_CONFERENCE_TRANSFER).ok
        assert await session.execute(it.FinishConferenceTransfer(cid)) is None
        await received(sim, "FinishConferenceTransfer", cid=cid)
        await until(session, lambda s: cid not in s.calls)
    assert phases.phases == [
        TransferPhase.REQUESTED,
        TransferPhase.STARTED,
        TransferPhase.SUCCEEDED,
    ]
    assert phases.closed


async def test_complete_before_the_consultant_answers_on_a_webphone(
    sim: Simulator, attached: Attach, until: Until, talking: Talking
) -> None:
    """WebPhone: the transfer ends and the session ends for operator and customer."""
    async with attached(sim, WEB, PhoneKind.WEBPHONE) as session:
        cid = await talking(sim, session, WEB)
        phases = Phases(session, cid)
        kind = TransferKind.CONFERENCE
        assert await session.execute(it.TransferCall(cid, kind, NO_ANSWER)) is None
        await until(session, phase_is(cid, TransferPhase.STARTED))
        assert await session.execute(it.FinishConferenceTransfer(cid)) is None
        await received(sim, "FinishConferenceTransfer", cid=cid, login=WEB)
        await until(session, lambda s: cid not in s.calls)
    assert phases.phases == [
        TransferPhase.REQUESTED,
        TransferPhase.STARTED,
        TransferPhase.FAILED,
    ]
    assert phases.seen[-1].failure is TransferFailure.CANCELLED
    assert phases.closed


async def test_complete_after_the_consultant_answered_on_a_webphone(
    sim: Simulator, attached: Attach, until: Until, talking: Talking
) -> None:
    async with attached(sim, WEB, PhoneKind.WEBPHONE) as session:
        cid = await talking(sim, session, WEB)
        phases = Phases(session, cid)
        kind = TransferKind.CONFERENCE
        assert await session.execute(it.TransferCall(cid, kind, ANSWERS)) is None
        await until(session, phase_is(cid, TransferPhase.SUCCEEDED))
        assert await session.execute(it.FinishConferenceTransfer(cid)) is None
        await received(sim, "FinishConferenceTransfer", cid=cid, login=WEB)
        await until(session, lambda s: cid not in s.calls)
    assert phases.phases[-1] is TransferPhase.SUCCEEDED
    assert phases.closed


@pytest.mark.parametrize("kind", list(TransferKind))
async def test_a_webphone_has_every_transfer_kind(
    sim: Simulator, kind: TransferKind, attached: Attach, until: Until, talking: Talking
) -> None:
    """Table 3.3: all four transfer commands are marked "+" for the WebPhone."""
    async with attached(sim, WEB, PhoneKind.WEBPHONE) as session:
        cid = await talking(sim, session, WEB)
        assert await session.execute(it.TransferCall(cid, kind, BUSY)) is None
        await received(sim, WIRE[kind], cid=cid, phone_number=BUSY, login=WEB)
        state = await until(session, phase_is(cid, TransferPhase.FAILED))
        assert transfer_of(state, cid).failure is TransferFailure.BUSY
