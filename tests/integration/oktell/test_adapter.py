"""The Oktell backend through the registry and a real Session, against the simulator."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import pytest_asyncio

from agent_toolbar.backends import registry
from agent_toolbar.backends.oktell.adapter import OktellBackend
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import LinkState, Problem
from agent_toolbar.cti.connection import LinkKind
from agent_toolbar.cti.model import CallState, Direction, DisplayKind, SessionState
from agent_toolbar.cti.outcomes import CommandFailure, EndResult, FailureReason, IntentStage
from agent_toolbar.cti.session import Session
from agent_toolbar.cti.transitions import CallRemoved, Transition
from agent_toolbar.settings import Settings
from agent_toolbar.simulators.oktell import Simulator

pytestmark = pytest.mark.asyncio
LOGIN = "operator"
GUID = "da803f01-ea77-40fa-bc9d-e2efb36fd5a8"


class Rig:
    def __init__(self, sim: Simulator, session: Session) -> None:
        self.sim, self.session = sim, session
        self.transitions: list[Transition] = []
        session.subscribe(lambda _o, _n, changes: self.transitions.extend(changes))

    @property
    def backend(self) -> OktellBackend:
        backend = self.session.backend
        assert isinstance(backend, OktellBackend)
        return backend

    async def until(self, predicate: Callable[[SessionState], bool], timeout: float = 8.0) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate(self.session.state):
            if loop.time() > deadline:
                raise AssertionError(f"not reached; last: {self.session.state!r:.1200}")
            await asyncio.sleep(0.01)

    async def ringing(self, caller: str = "+79161234567", name: str = "Козлов Олег") -> str:
        cid = self.sim.inject_call(LOGIN, caller=caller, display_name=name)
        await self.until(lambda s: cid in s.calls)
        return cid

    async def talking(self) -> str:
        cid = await self.ringing()
        assert await self.session.execute(it.Answer(cid)) is None
        await self.until(lambda s: s.calls[cid].state is CallState.CONNECTED)
        return cid


def settings_for(tmp_path: Path, sim: Simulator, **values: object) -> Settings:
    settings = Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")
    for key, value in {
        "cti/backend": "oktell",
        "cti/url": sim.url,
        "cti/login": LOGIN,
        "oktell/poll_ms": 200,
        **values,
    }.items():
        settings.override(key, value)
    return settings


@pytest_asyncio.fixture
async def rig(sim: Simulator, tmp_path: Path) -> AsyncIterator[Rig]:
    settings = settings_for(tmp_path, sim, **{"reasons/labels": "Training = Обучение"})
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


async def test_connects_with_the_version_probe_and_learns_the_guid(rig: Rig) -> None:
    state = rig.session.state
    assert state.connection.kind is LinkKind.POLL and state.connection.server == rig.sim.url
    assert rig.backend.server_version is not None
    assert rig.backend.server_version.build == rig.sim.build
    await rig.until(lambda s: s.identity is not None and s.identity.guid == GUID)
    await rig.until(lambda s: s.agent.display.kind is DisplayKind.NORMAL)
    assert rig.sim.command_count("getversion") == 1


async def test_a_ringing_call_is_a_card_with_the_caller_and_screenpop_fields(rig: Rig) -> None:
    cid = await rig.ringing()
    call = rig.session.state.calls[cid]
    assert (call.number, call.display_name, call.direction) == (
        "+79161234567", "Козлов Олег", Direction.IN,
    )  # fmt: skip
    assert call.params["caller"] == "+79161234567" and call.params["called"] == "183"
    assert call.params["callername"] == "Козлов Олег" and call.params["chainid"]
    assert call.params["commutationid"] == cid and call.params["isextline"] == "true"


async def test_answer_confirmed_by_the_poll_and_hang_up_splits(rig: Rig) -> None:
    cid = await rig.talking()
    record = await rig.sim.wait_for_command("wp_answercall")
    assert record.params == {"user": LOGIN}
    await rig.until(lambda s: (cid, "answer") not in s.commands)  # confirmed: not pending
    assert await rig.session.execute(it.Hangup(cid)) is None
    await rig.sim.wait_for_command("wp_abortcall")
    await rig.until(lambda s: cid not in s.calls)
    removed = [t for t in rig.transitions if isinstance(t, CallRemoved) and t.call.cid == cid]
    assert removed and removed[-1].call.result is EndResult.ANSWERED
    ringing = await rig.ringing("+79035550102", "Смирнова Анна")
    assert await rig.session.execute(it.Hangup(ringing)) is None
    await rig.sim.wait_for_command("wp_declinecall")
    await rig.until(lambda s: ringing not in s.calls)
    removed = [t for t in rig.transitions if isinstance(t, CallRemoved) and t.call.cid == ringing]
    assert removed[-1].call.result is EndResult.REJECTED


async def test_hold_and_resume_through_flash(rig: Rig) -> None:
    cid = await rig.talking()
    assert await rig.session.execute(it.Hold(cid, True)) is None
    await rig.until(lambda s: s.calls[cid].hold)
    assert await rig.session.execute(it.Hold(cid, False)) is None
    await rig.until(lambda s: not s.calls[cid].hold)
    assert rig.sim.command_count("wp_flash") == 2


async def test_a_break_with_a_regulated_reason_code(rig: Rig) -> None:
    await rig.until(lambda s: s.agent.display.kind is DisplayKind.NORMAL)
    assert await rig.session.execute(it.ChangeState("away", "1001")) is None
    record = await rig.sim.wait_for_command("wp_setuserstate")
    assert record.params == {"user": LOGIN, "onlunch": "1", "lunchreasonid": "1001"}
    await rig.until(lambda s: s.agent.display.kind is DisplayKind.AWAY)
    assert rig.session.state.agent.display.reason == "1001"
    assert rig.sim.operator(LOGIN).lunch_reason_id == 1001


async def test_a_break_with_an_individual_reason_and_ready_again(rig: Rig) -> None:
    await rig.until(lambda s: s.agent.display.kind is DisplayKind.NORMAL)
    assert await rig.session.execute(it.ChangeState("away", "Training")) is None
    record = await rig.sim.wait_for_command("wp_setuserstate")
    assert record.params == {"user": LOGIN, "onlunch": "1", "lunchreasonmsg": "Обучение"}
    await rig.until(lambda s: s.agent.display.kind is DisplayKind.AWAY)
    assert await rig.session.execute(it.ChangeState("normal")) is None
    await rig.until(lambda s: s.agent.display.kind is DisplayKind.NORMAL)
    assert await rig.session.execute(it.ChangeState("dnd")) is None
    assert (await rig.sim.wait_for_command("wp_setuserstate")).params["onlunch"] == "0"
    record = await rig.sim.wait_for_command("wp_setuserstate")
    assert record.params == {"user": LOGIN, "userstateid": "3"}
    await rig.until(lambda s: s.agent.display.kind is DisplayKind.DND)


async def test_an_impossible_state_change_fails_when_the_poll_does_not_show_it(rig: Rig) -> None:
    await rig.until(lambda s: s.agent.display.kind is DisplayKind.NORMAL)
    rig.sim.set_user_state(LOGIN, 1, callcenter=False)  # a break needs the call-centre mode
    assert await rig.session.execute(it.ChangeState("away", "1001")) is None
    await rig.until(
        lambda s: (
            any(c.stage is IntentStage.FAILED for c in s.commands.values())
            or s.state_error is not None
        )
    )
    assert rig.session.state.agent.display.kind is DisplayKind.NORMAL


async def test_dialing_direct_shows_an_outgoing_call_that_rings_my_phone(rig: Rig) -> None:
    assert await rig.session.execute(it.MakeCall("+74950000000")) is None
    record = await rig.sim.wait_for_command("wp_autocallstart")
    assert record.params == {"user": LOGIN, "number": "+74950000000", "sequence": "direct"}
    far = rig.sim.operator(LOGIN).calls[0]
    rig.sim.answer_elsewhere(LOGIN, far.commutation_id)  # the number answers: my phone rings
    await rig.until(lambda s: len(s.calls) == 1)
    (call,) = rig.session.state.calls.values()
    assert call.direction is Direction.OUT and call.params["callback"] == "true"
    assert call.state is CallState.NEW and call.number == "+74950000000"


async def test_blind_transfer_is_switchcall_then_abortcall(rig: Rig) -> None:
    cid = await rig.talking()
    got = await rig.session.execute(it.TransferCall(cid, it.TransferKind.BLIND, "200"))
    assert got is None
    record = await rig.sim.wait_for_command("wp_switchcall")
    assert record.params["number"] == "200"
    await rig.sim.wait_for_command("wp_abortcall")
    await rig.until(lambda s: not s.calls)
    removed = [t for t in rig.transitions if isinstance(t, CallRemoved) and t.call.cid == cid]
    assert removed[-1].call.result is EndResult.TRANSFERRED
    assert {c.result for c in rig.sim.operator(LOGIN).history} == {"transferred"}


async def test_what_oktell_cannot_do_is_refused(rig: Rig) -> None:
    cid = await rig.talking()
    for intent in (it.Mute(cid, True), it.SendDtmf(cid, "1"), it.SetSecureMode(cid, True)):
        assert await rig.session.execute(intent) == CommandFailure(FailureReason.UNSUPPORTED)
    assert not rig.session.state.capabilities.wrapup


async def test_the_far_end_hangs_up_and_the_card_ends(rig: Rig) -> None:
    cid = await rig.talking()
    rig.sim.end_call_remote(LOGIN, cid)
    await rig.until(lambda s: cid not in s.calls)


async def test_bad_credentials_fail_once_and_are_not_retried(
    sim: Simulator, tmp_path: Path
) -> None:
    backend = registry.build_backend(
        settings_for(tmp_path, sim), secrets={"oktell/password": "wrong"}
    )
    session = Session(backend)
    task = asyncio.ensure_future(backend.run())
    try:
        rig = Rig(sim, session)
        await rig.until(lambda s: s.connection.state is LinkState.FAILED)
        assert session.state.connection.problem is Problem.BAD_CREDENTIALS
        refused = len(sim.forbidden)
        await asyncio.sleep(0.6)
        assert len(sim.forbidden) == refused == 1
    finally:
        await backend.stop()
        await asyncio.wait_for(task, 10)
        await session.close()


async def test_server_away_and_back_keeps_the_call(rig: Rig) -> None:
    cid = await rig.talking()
    rig.sim.refuse_connections(1.0)
    await rig.until(lambda s: s.connection.state is LinkState.RECONNECTING)
    assert cid in rig.session.state.calls  # no card lost while the server is away
    await rig.until(lambda s: s.connection.state is LinkState.CONNECTED, timeout=15)
    assert rig.session.state.calls[cid].state is CallState.CONNECTED


async def test_malformed_answers_are_skipped_without_losing_the_card(rig: Rig) -> None:
    cid = await rig.talking()
    rig.sim.inject_fault("html", method="wp_getabonentinfo", count=2)
    rig.sim.inject_fault("garbage", method="wp_getchaincontent", count=2)
    await rig.until(lambda s: rig.sim.faults.__len__() == 0)
    await asyncio.sleep(0.5)
    assert rig.session.state.connection.state is LinkState.CONNECTED
    assert rig.session.state.calls[cid].state is CallState.CONNECTED


async def test_the_selector_shows_ringing_then_talking_while_oktell_says_busy(rig: Rig) -> None:
    cid = await rig.ringing()
    await rig.until(lambda s: s.agent.display.kind is DisplayKind.RINGING)
    assert await rig.session.execute(it.Answer(cid)) is None
    await rig.until(lambda s: s.agent.display.kind is DisplayKind.SPEAKING)
    rig.sim.end_call_remote(LOGIN, cid)
    await rig.until(lambda s: s.agent.display.kind is DisplayKind.NORMAL)


async def test_the_password_never_goes_over_plain_http_to_another_machine(
    sim: Simulator, tmp_path: Path
) -> None:
    """``http://`` to a remote host is refused before any request (nothing is looked up)."""
    settings = settings_for(tmp_path, sim, **{"cti/url": "http://oktell.invalid:4055"})
    backend = registry.build_backend(settings, secrets={"oktell/password": "secret"})
    session = Session(backend)
    task = asyncio.ensure_future(backend.run())
    rig = Rig(sim, session)
    try:
        await rig.until(lambda s: s.connection.state is LinkState.FAILED)
        status = session.state.connection
        assert status.problem is Problem.CONFIG and status.retry_at is None
        assert "clear text" in (status.reason or "") and "oktell/allow_http" in status.reason
    finally:
        await backend.stop()
        await asyncio.wait_for(task, 10)
        await session.close()


async def test_plain_http_to_loopback_is_allowed(rig: Rig) -> None:
    assert rig.sim.url.startswith("http://127.0.0.1")
    assert rig.session.state.connection.state is LinkState.CONNECTED
