"""Session + Naumen backend against the real simulator: round trips, resync, convergence."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import pytest
import pytest_asyncio

from agent_toolbar.backends.naumen.adapter import NaumenBackend
from agent_toolbar.backends.naumen.client import ClientConfig
from agent_toolbar.backends.naumen.profile import PhoneKind
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import LinkState
from agent_toolbar.cti.model import (
    CallState,
    DisplayKind,
    SecureMode,
    StateChoice,
    TransferFailure,
    TransferKind,
    TransferPhase,
)
from agent_toolbar.cti.session import Session
from agent_toolbar.cti.transitions import CallRemoved
from agent_toolbar.simulators.naumen.simulator import SimTimings, Simulator

if TYPE_CHECKING:
    from tests.conftest import Attach, Until

pytestmark = pytest.mark.asyncio
LOGIN = "operator"


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator("idle", timings=SimTimings.fast(), seed=7) as simulator:
        yield simulator


async def test_incoming_call_answer_hold_mute_hangup_close(
    sim: Simulator, attached: Attach, until: Until
) -> None:
    async with attached(sim) as session:
        cid = sim.inject_call(LOGIN, caller="+79161234567", display_name="Петров Пётр")
        state = await until(session, lambda s: cid in s.calls)
        call = state.calls[cid]
        assert call.ringing and call.display_name == "Петров Пётр"
        assert call.caller == "+79161234567"
        assert await session.execute(it.Answer(cid)) is None
        await until(session, lambda s: s.calls[cid].state is CallState.CONNECTED)
        await until(session, lambda s: s.agent.display.kind is DisplayKind.SPEAKING)
        assert await session.execute(it.Hold(cid, True)) is None
        await until(session, lambda s: s.calls[cid].hold)
        assert await session.execute(it.Mute(cid, True)) is None
        await until(session, lambda s: s.calls[cid].muted)
        assert await session.execute(it.Hangup(cid)) is None
        await until(session, lambda s: s.calls[cid].state is CallState.ENDED)
        await until(session, lambda s: s.agent.display.kind is DisplayKind.WRAPUP)
        assert await session.execute(it.CloseCall(cid)) is None
        await until(session, lambda s: cid not in s.calls)
    names = [r.name for r in sim.commands if r.login == LOGIN]
    # the attach's pushed UserState, Calls and Conferences are not asked for again (§2.2)
    assert names[:2] == ["AttachToUser", "Answer"]
    for name in ("Answer", "Hold", "Mute", "Hangup", "Close", "DetachFromUser"):
        assert name in names


async def test_refusing_a_ringing_call_sends_the_operator_to_accident(
    sim: Simulator, attached: Attach, until: Until
) -> None:
    async with attached(sim) as session:
        cid = sim.inject_call(LOGIN, caller="+79161234567")
        await until(session, lambda s: cid in s.calls)
        assert await session.execute(it.Hangup(cid)) is None
        await until(session, lambda s: cid not in s.calls)
        await until(session, lambda s: s.agent.display.kind is DisplayKind.ACCIDENT)


async def test_state_changes_and_a_refused_state(
    sim: Simulator, attached: Attach, until: Until
) -> None:
    async with attached(sim) as session:
        assert await session.execute(it.ChangeState("away", "Dinner")) is None
        state = await until(session, lambda s: s.agent.display.kind is DisplayKind.AWAY)
        assert state.agent.display.reason == "Dinner"
        assert sim.operator(LOGIN).state == "notavailable"
        error = await session.execute(it.ChangeState("speaking"))
        assert error
        assert session.state.state_error == error
        assert session.state.agent.display.kind is DisplayKind.AWAY
        assert await session.execute(it.ChangeState("normal")) is None
        await until(session, lambda s: s.agent.display.kind is DisplayKind.NORMAL)


async def test_queued_next_state_applies_after_wrap_up(
    sim: Simulator, attached: Attach, until: Until
) -> None:
    async with attached(sim) as session:
        cid = sim.inject_call(LOGIN, caller="+79161234567")
        await until(session, lambda s: cid in s.calls)
        await session.execute(it.Answer(cid))
        session.queue_next_state(StateChoice("away", "TechnicalBreak"))
        sim.end_call_remote(LOGIN, cid)
        await until(session, lambda s: s.calls[cid].in_wrapup)
        assert session.state.next_state == StateChoice("away", "TechnicalBreak")
        await session.execute(it.CloseCall(cid))
        state = await until(session, lambda s: s.agent.display.kind is DisplayKind.AWAY)
        assert state.agent.display.reason == "TechnicalBreak"
        assert state.next_state is None


async def test_a_call_answered_by_another_client_is_reflected(
    sim: Simulator, attached: Attach, until: Until
) -> None:
    async with attached(sim) as session:
        cid = sim.inject_call(LOGIN, caller="+79161234567")
        await until(session, lambda s: cid in s.calls)
        sim.answer_elsewhere(LOGIN, cid)
        state = await until(session, lambda s: s.calls[cid].state is CallState.CONNECTED)
        assert state.calls[cid].answered


async def test_late_params_and_call_data_commands(
    sim: Simulator, attached: Attach, until: Until
) -> None:
    async with attached(sim) as session:
        cid = sim.inject_call(LOGIN, caller="+7916", params={"ClientId": "77"}, params_later=0.1)
        await until(session, lambda s: cid in s.calls)
        state = await until(session, lambda s: s.calls[cid].params.get("ClientId") == "77")
        assert state.calls[cid].session_id
        await session.execute(it.Answer(cid))
        assert await session.execute(it.SetCallParam(cid, "Result", "Продажа")) is None
        await until(session, lambda s: s.calls[cid].params.get("Result") == "Продажа")
        assert await session.execute(it.SetLocalParam(cid, "form", "7")) is None
        await until(session, lambda s: s.calls[cid].local_params.get("form") == "7")


async def test_secure_mode_and_dtmf(sim: Simulator, attached: Attach, until: Until) -> None:
    async with attached(sim) as session:
        cid = sim.inject_call(LOGIN, caller="+7916")
        await until(session, lambda s: cid in s.calls)
        await session.execute(it.Answer(cid))
        await until(session, lambda s: s.calls[cid].state is CallState.CONNECTED)
        assert await session.execute(it.SetSecureMode(cid, True)) is None
        await until(session, lambda s: s.calls[cid].secure is SecureMode.ON)
        assert await session.execute(it.SendDtmf(cid, "12#")) is None
        dtmf = await sim.wait_for_command("SendDTMFSignal")
        assert getattr(dtmf, "dtmf_string", None) == "12#"
        assert await session.execute(it.SendDtmf(cid, "12a")) is not None


async def test_blind_transfer_to_a_busy_colleague_fails_with_its_reason(
    sim: Simulator, attached: Attach, until: Until
) -> None:
    busy = next(number for number, _, how in sim.directory() if "busy" in how.lower())
    async with attached(sim) as session:
        cid = sim.inject_call(LOGIN, caller="+7916")
        await until(session, lambda s: cid in s.calls)
        await session.execute(it.Answer(cid))
        await until(session, lambda s: s.calls[cid].state is CallState.CONNECTED)
        assert await session.execute(it.TransferCall(cid, TransferKind.BLIND, busy)) is None
        state = await until(
            session,
            lambda s: (t := s.calls[cid].transfer) is not None and t.phase is TransferPhase.FAILED,
        )
        transfer = state.calls[cid].transfer
        assert transfer is not None and transfer.failure is TransferFailure.BUSY
        assert transfer.kind is TransferKind.BLIND and transfer.target == busy


async def test_reconnect_and_resync_converge_after_changes_while_away(
    sim: Simulator, attached: Attach, until: Until
) -> None:
    removed: list[CallRemoved] = []
    async with attached(sim) as session:
        session.subscribe(
            lambda old, new, changes: removed.extend(
                c for c in changes if isinstance(c, CallRemoved)
            )
        )
        first = sim.inject_call(LOGIN, caller="+79160000001")
        second = sim.inject_call(LOGIN, caller="+79160000002")
        await until(session, lambda s: first in s.calls and second in s.calls)
        await session.execute(it.Answer(first))
        await until(session, lambda s: s.calls[first].state is CallState.CONNECTED)

        sim.refuse_connections(0.5)
        await sim.drop_all_connections()
        await until(session, lambda s: s.connection.state is LinkState.RECONNECTING)
        # While the toolbar is away: the second call is abandoned, the first ends, a third rings.
        sim.end_call_remote(LOGIN, second)
        sim.end_call_remote(LOGIN, first)
        third = sim.inject_call(LOGIN, caller="+79160000003")
        truth = sim.operator(LOGIN)

        state = await until(
            session,
            lambda s: s.connection.state is LinkState.CONNECTED and s.synced and third in s.calls,
            timeout=10,
        )
        assert set(state.calls) == {c.cid for c in truth.calls}
        for call in truth.calls:
            assert state.calls[call.cid].state.value == call.state
        assert state.calls[third].ringing
    vanished = [r for r in removed if r.vanished]
    assert {r.call.cid for r in vanished} == {c for c in (first, second) if c not in state.calls}


async def test_unknown_login_fails_clearly(sim: Simulator, until: Until) -> None:
    config = ClientConfig(url=sim.url, login="nobody", fatal_retry=60)
    session = Session(NaumenBackend(config))
    task = asyncio.ensure_future(session.backend.run())
    try:
        state = await until(session, lambda s: s.connection.state is LinkState.FAILED)
        assert "nobody" in (state.connection.reason or "")
    finally:
        await session.backend.stop()
        await asyncio.wait_for(task, 5)


async def test_webphone_refuses_conference_commands_locally(
    sim: Simulator, attached: Attach
) -> None:
    async with attached(sim, phone=PhoneKind.WEBPHONE) as session:
        error = await session.execute(it.CreateConference("x"))
        assert error is not None
    assert "CreateConference" not in [r.name for r in sim.commands]
    assert "GetConferences" not in [r.name for r in sim.commands]


async def test_every_command_family_round_trips_through_the_client(
    sim: Simulator, attached: Attach, until: Until
) -> None:
    """Each command the toolbar can send gets its one reply from the simulator."""
    from agent_toolbar.backends.naumen import messages as m
    from agent_toolbar.cti.backend import CommandError

    async with attached(sim) as session:
        backend = session.backend
        assert isinstance(backend, NaumenBackend)
        client = backend.client
        cid = sim.inject_call(LOGIN, caller="+79161234567")
        await until(session, lambda s: cid in s.calls)
        await client.request(m.Answer(login=LOGIN, cid=cid))
        await until(session, lambda s: s.calls[cid].state is CallState.CONNECTED)
        chat = sim.inject_text_session(LOGIN, channel="telegram")
        await until(session, lambda s: chat in s.calls)
        chat_session = sim.text_session_id(LOGIN, chat)
        replies: dict[str, str] = {}
        commands: list[m.Message] = [
            m.GetUserState(login=LOGIN),
            m.GetCalls(login=LOGIN),
            m.GetConferences(login=LOGIN),
            m.SetActive(login=LOGIN, cid=cid),
            m.SetMusicOnHold(login=LOGIN, cid=cid, url="file:res\\sounds\\music\\sp.raw"),
            m.Hold(login=LOGIN, cid=cid, on=True),
            m.Hold(login=LOGIN, cid=cid, on=False),
            m.Mute(login=LOGIN, cid=cid, on=True),
            m.SendDTMFSignal(login=LOGIN, cid=cid, dtmf_string="5"),
            m.SetCallParam(login=LOGIN, cid=cid, param_name="a", param_value="b"),
            m.SetLocalParam(login=LOGIN, cid=cid, param_name="a", param_value="b"),
            m.SetSessionSecureMode(login=LOGIN, cid=cid, enable=True),
            m.CreateConference(login=LOGIN, conference_name="Совещание"),
            m.ReopenAudioDevice(login=LOGIN),
            m.ReopenRootPage(login=LOGIN),
            m.BindNumber(login=LOGIN, number="sip:79990001122@10.0.0.5:5060", replace=True),
            m.MessageInProcessMode(login=LOGIN, cid=chat, message_id="m1"),
            m.SendVoipMessage(login=LOGIN, cid=cid, message="hello"),
            m.SubscribeOnMessagesSession(session_id=chat_session),
            m.SendPmsRestRequest(path="/api/v2/x", method="POST", data={}, timeout=10),
            m.BroadcastMessage(message="SL 20%", to=("ivanova",)),
            m.BroadcastProjectMessage(message="SL 20%", project_id="corebo1", to=("agent",)),
            m.MakeCall(login=LOGIN, phone_number="200"),
            m.ChangeUserState(login=LOGIN, state="dnd"),
        ]
        for command in commands:
            try:
                reply = await client.request(command)
                replies[command.NAME] = reply.NAME
            except CommandError as exc:
                replies[command.NAME] = f"error: {exc.reason}"
    assert replies["GetUserState"] == "UserState"
    assert replies["GetCalls"] == "Calls"
    assert replies["GetConferences"] == "Conferences"
    failed = {name: reply for name, reply in replies.items() if reply.startswith("error")}
    assert failed == {}
