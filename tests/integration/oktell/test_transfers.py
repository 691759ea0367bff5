"""Consultation transfers, cancelling and completing them, and stopping an autocall.

The Oktell backend built through the registry, in a real Session, against the simulator over
real HTTP: each intent reaches the right method with the right parameters, the card follows
the polls, and a later poll confirms the intent.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import pytest_asyncio

from agent_toolbar.backends import registry
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Action, call_actions
from agent_toolbar.cti.backend import LinkState
from agent_toolbar.cti.capabilities import Feature
from agent_toolbar.cti.model import CallState, SessionState, TransferKind, TransferPhase
from agent_toolbar.cti.outcomes import EndResult, IntentStage
from agent_toolbar.cti.session import Session
from agent_toolbar.cti.transitions import CallRemoved, Transition
from agent_toolbar.settings import Settings
from agent_toolbar.simulators.oktell import Simulator

pytestmark = pytest.mark.asyncio
LOGIN = "operator"


class Rig:
    def __init__(self, sim: Simulator, session: Session) -> None:
        self.sim, self.session = sim, session
        self.transitions: list[Transition] = []
        self.confirmed: list[it.Intent] = []
        session.subscribe(lambda _o, _n, changes: self.transitions.extend(changes))

    async def until(self, predicate: Callable[[SessionState], bool], timeout: float = 8.0) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate(self.session.state):
            if loop.time() > deadline:
                raise AssertionError(f"not reached; last: {self.session.state!r:.1500}")
            await asyncio.sleep(0.01)

    async def settled(self, intent: it.Intent) -> None:
        """Until the intent is no longer pending: a poll confirmed it (or it failed)."""
        await self.until(lambda s: (intent.call_id, intent.action) not in s.commands)
        assert (intent.call_id, intent.action) not in self.session.state.inflight

    async def talking(self, caller: str = "+79161234567") -> str:
        cid = self.sim.inject_call(LOGIN, caller=caller, display_name="Козлов Олег")
        await self.until(lambda s: cid in s.calls)
        assert await self.session.execute(it.Answer(cid)) is None
        await self.until(lambda s: s.calls[cid].state is CallState.CONNECTED)
        return cid

    def live(self) -> list[str]:
        return [c.commutation_id for c in self.sim.operator(LOGIN).calls]

    def removed(self, cid: str) -> CallRemoved:
        found = [t for t in self.transitions if isinstance(t, CallRemoved) and t.call.cid == cid]
        assert found, cid
        return found[-1]

    async def consulting(self, target: str = "200") -> tuple[str, str]:
        """A connected call, a consultation to ``target``: (the held call, the leg)."""
        cid = await self.talking()
        intent = it.TransferCall(cid, TransferKind.CONSULTATION, target)
        assert await self.session.execute(intent) is None
        record = await self.sim.wait_for_command("wp_switchcall")
        assert record.params == {"user": LOGIN, "number": target}
        await self.until(lambda s: len(s.calls) == 2 and s.calls[cid].hold)
        await self.settled(intent)  # the poll showing the call held confirmed it
        (leg,) = (c for c in self.session.state.calls if c != cid)
        transfer = self.session.state.calls[cid].transfer
        assert transfer is not None and transfer.kind is TransferKind.CONSULTATION
        assert transfer.phase is TransferPhase.STARTED and transfer.target == target
        return cid, leg


@pytest_asyncio.fixture
async def rig(sim: Simulator, tmp_path: Path) -> AsyncIterator[Rig]:
    settings = Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")
    for key, value in {
        "cti/backend": "oktell",
        "cti/url": sim.url,
        "cti/login": LOGIN,
        "oktell/poll_ms": 200,
        "oktell/sequence": "back",
    }.items():
        settings.override(key, value)
    backend = registry.build_backend(settings, secrets={"oktell/password": "oktell"})
    session = Session(backend)
    task = asyncio.ensure_future(backend.run())
    rig = Rig(sim, session)
    try:
        await rig.until(lambda s: s.connection.state is LinkState.CONNECTED)
        yield rig
    finally:
        await backend.stop()
        await asyncio.wait_for(task, 10)
        await session.close()


async def test_consultation_and_break_transfer_are_offered(rig: Rig) -> None:
    caps = rig.session.state.capabilities
    assert caps.has(Feature.TRANSFER_CONSULTATION) and caps.has(Feature.BREAK_TRANSFER)
    assert not caps.has(Feature.FINISH_CONFERENCE_TRANSFER)
    cid = await rig.talking()
    verdicts = call_actions(rig.session.state, cid)
    assert verdicts[Action.TRANSFER] and not verdicts[Action.BREAK_TRANSFER]


async def test_a_consultation_holds_the_caller_and_follows_the_target(rig: Rig) -> None:
    cid, leg = await rig.consulting("200")
    assert rig.sim.command_count("wp_abortcall") == 0  # not completed by itself
    call = rig.session.state.calls[leg]
    assert call.number == "200" and call.state is CallState.NEW  # dialing
    assert call_actions(rig.session.state, cid)[Action.BREAK_TRANSFER]
    rig.sim.answer_elsewhere(LOGIN, leg)  # the target answers: the operator consults
    await rig.until(lambda s: s.calls[leg].state is CallState.CONNECTED)
    await rig.until(lambda s: s.calls[cid].transfer.phase is TransferPhase.SUCCEEDED)  # type: ignore[union-attr]
    assert rig.session.state.calls[cid].hold  # the caller still waits


async def test_hanging_up_completes_the_consultation_and_joins_the_two(rig: Rig) -> None:
    cid, leg = await rig.consulting("200")
    rig.sim.answer_elsewhere(LOGIN, leg)
    await rig.until(lambda s: s.calls[leg].state is CallState.CONNECTED)
    aborts = rig.sim.command_count("wp_abortcall")
    intent = it.Hangup(cid)  # "The caller waits on hold. Hang up to hand them over."
    assert await rig.session.execute(intent) is None
    record = await rig.sim.wait_for_command("wp_abortcall")
    assert record.params == {"user": LOGIN}
    assert rig.sim.command_count("wp_abortcall") == aborts + 1
    await rig.until(lambda s: not s.calls)
    assert not [t for t in rig.transitions if getattr(t, "stage", None) is IntentStage.FAILED]
    assert rig.removed(cid).call.result is EndResult.TRANSFERRED
    transfer = rig.removed(cid).call.transfer  # the target had answered
    assert transfer is not None and transfer.phase is TransferPhase.COMPLETED
    assert rig.removed(leg).call.result is EndResult.TRANSFERRED
    assert {c.result for c in rig.sim.operator(LOGIN).history} == {"transferred"}
    assert rig.session.state.commands == {} and not rig.session.state.inflight


async def test_hanging_up_the_target_leg_also_completes_it(rig: Rig) -> None:
    cid, leg = await rig.consulting("200")
    assert await rig.session.execute(it.Hangup(leg)) is None  # while it still dials
    await rig.sim.wait_for_command("wp_abortcall")
    await rig.until(lambda s: not s.calls)
    transfer = rig.removed(cid).call.transfer  # joined while the target still rang
    assert transfer is not None and transfer.phase is TransferPhase.COMPLETED
    assert rig.removed(cid).call.result is EndResult.TRANSFERRED


async def test_break_transfer_is_flash_abort_and_the_caller_is_back(rig: Rig) -> None:
    cid, leg = await rig.consulting("200")
    rig.sim.answer_elsewhere(LOGIN, leg)
    await rig.until(lambda s: s.calls[cid].transfer.phase is TransferPhase.SUCCEEDED)  # type: ignore[union-attr]
    intent = it.BreakTransfer(cid)
    assert await rig.session.execute(intent) is None
    record = await rig.sim.wait_for_command("wp_flash")
    assert record.params == {"user": LOGIN, "mode": "abort"}
    await rig.until(lambda s: leg not in s.calls and not s.calls[cid].hold)
    await rig.settled(intent)
    call = rig.session.state.calls[cid]
    assert call.state is CallState.CONNECTED and call.error is None
    assert call.transfer is not None and call.transfer.phase is TransferPhase.RETURNED
    assert rig.live() == [cid]
    assert rig.removed(leg).call.result is not EndResult.TRANSFERRED
    # the call can be transferred again
    assert call_actions(rig.session.state, cid)[Action.TRANSFER]


async def test_a_busy_target_fails_the_consultation_and_keeps_the_caller(rig: Rig) -> None:
    cid, leg = await rig.consulting("202")
    rig.sim.end_call_remote(LOGIN, leg)  # the target's side gives up
    await rig.until(lambda s: s.calls[cid].transfer.phase is TransferPhase.FAILED)  # type: ignore[union-attr]
    assert cid in rig.session.state.calls and rig.live() == [cid]
    assert not call_actions(rig.session.state, cid)[Action.BREAK_TRANSFER]


async def test_break_transfer_without_a_consultation_is_refused_unsent(rig: Rig) -> None:
    cid = await rig.talking()
    failure = await rig.session.execute(it.BreakTransfer(cid))
    assert failure is not None
    assert rig.sim.command_count("wp_flash") == 0


async def test_hanging_up_an_autocall_being_dialed_is_autocallstop(rig: Rig) -> None:
    intent = it.MakeCall("+74950000000")
    assert await rig.session.execute(intent) is None
    record = await rig.sim.wait_for_command("wp_autocallstart")
    assert record.params["sequence"] == "back"
    await rig.until(lambda s: len(s.calls) == 1)
    (cid,) = rig.session.state.calls
    rig.sim.answer_elsewhere(LOGIN, cid)  # my phone picks up: the number is dialed
    assert rig.sim.operator(LOGIN).calls[0].state.value == "dialing"
    polls = rig.sim.command_count("wp_getchaincontent")
    await rig.until(lambda s: rig.sim.command_count("wp_getchaincontent") >= polls + 2)
    hangup = it.Hangup(cid)
    assert await rig.session.execute(hangup) is None
    record = await rig.sim.wait_for_command("wp_autocallstop")
    assert record.params == {"user": LOGIN}
    assert rig.sim.command_count("wp_abortcall") == 0
    await rig.until(lambda s: cid not in s.calls)
    await rig.settled(hangup)
    assert rig.removed(cid).call.result is EndResult.CANCELLED
    assert [c.result for c in rig.sim.operator(LOGIN).history] == ["stopped"]


async def test_after_a_swap_hanging_up_still_joins_and_break_is_refused(rig: Rig) -> None:
    cid, leg = await rig.consulting("200")
    rig.sim.answer_elsewhere(LOGIN, leg)
    await rig.until(lambda s: s.calls[leg].state is CallState.CONNECTED)
    assert await rig.session.execute(it.Hold(cid, False)) is None  # back to the caller
    record = await rig.sim.wait_for_command("wp_flash")
    assert record.params == {"user": LOGIN, "mode": "switch"}
    await rig.until(lambda s: not s.calls[cid].hold and s.calls[leg].hold)
    flashes = rig.sim.command_count("wp_flash")
    assert await rig.session.execute(it.BreakTransfer(cid)) is not None  # would drop the caller
    assert rig.sim.command_count("wp_flash") == flashes
    assert await rig.session.execute(it.Hangup(cid)) is None
    await rig.sim.wait_for_command("wp_abortcall")
    await rig.until(lambda s: not s.calls)
    assert rig.removed(cid).call.result is EndResult.TRANSFERRED
    assert {c.result for c in rig.sim.operator(LOGIN).history} == {"transferred"}
