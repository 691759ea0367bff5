"""Text sessions, SIP messages, call results, callbacks, notices and service commands through
the real session and Naumen backend, against the simulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
import pytest_asyncio

from agent_toolbar.cti import conversation as cv
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Action, Why, call_actions
from agent_toolbar.cti.actions_text import TextAction, service_actions, text_actions
from agent_toolbar.cti.connection import LinkState
from agent_toolbar.cti.events import WrapUpPolicySet
from agent_toolbar.cti.model import CallState, Media, NoticeKind
from agent_toolbar.cti.outcomes import FailureReason
from agent_toolbar.simulators.naumen.simulator import SimTimings, Simulator

if TYPE_CHECKING:
    from tests.conftest import Attach, Talking, Until

pytestmark = pytest.mark.asyncio
LOGIN = "operator"
PROJECT = "corebo00000000000mpbgpl1m3dhvbmg4"


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator("idle", timings=SimTimings.fast(), seed=21) as simulator:
        yield simulator


async def test_a_chat_is_offered_taken_into_work_talked_and_closed(
    sim: Simulator, attached: Attach, until: Until
) -> None:
    async with attached(sim) as session:
        cid = sim.inject_text_session(
            LOGIN, channel="telegram", customer="Смирнова Ольга", text="Добрый день!"
        )
        state = await until(
            session, lambda s: cid in s.conversations and bool(s.conversations[cid].messages)
        )
        call = state.calls[cid]
        assert call.media is Media.TEXT and call.is_text and call.kind == "telegram"
        voice = call_actions(state, cid)
        for action in (Action.ANSWER, Action.HOLD, Action.MUTE, Action.DTMF, Action.TRANSFER):
            assert voice[action].why is Why.TEXT_SESSION
        state = await until(session, lambda s: text_actions(s, cid)[TextAction.TAKE].ok)
        waiting = state.conversations[cid].waiting
        assert waiting == state.conversations[cid].messages[0].message_id
        notice = state.notices[-1]
        assert (notice.kind, notice.cid, notice.text, notice.sender) == (
            NoticeKind.TEXT_MESSAGE,
            cid,
            "Добрый день!",
            "Смирнова Ольга",
        )

        assert await session.execute(it.TakeTextSession(cid, waiting)) is None
        taken = await sim.wait_for_command("MessageInProcessMode")
        assert taken.message_id == waiting  # type: ignore[attr-defined]
        state = await until(session, lambda s: s.conversations[cid].phase is cv.ChatPhase.IN_WORK)
        await until(session, lambda s: s.calls[cid].state is CallState.CONNECTED)
        state = await until(session, lambda s: len(s.conversations[cid].messages) >= 2)
        assert state.conversations[cid].messages[1].author is cv.Author.SCRIPT
        assert not text_actions(state, cid)[TextAction.TAKE].ok

        session_id = sim.text_session_id(LOGIN, cid)
        sim.text_message(session_id, "Где мой заказ?")
        state = await until(session, lambda s: len(s.conversations[cid].messages) == 3)
        assert state.conversations[cid].messages[2].text == "Где мой заказ?"
        await until(session, lambda s: s.notices[-1].text == "Где мой заказ?")

        sim.close_text_session(session_id)
        state = await until(session, lambda s: s.conversations[cid].phase is cv.ChatPhase.CLOSED)
        await until(session, lambda s: s.calls[cid].state is CallState.ENDED)
        assert await session.execute(it.CloseCall(cid)) is None
        await until(session, lambda s: cid not in s.calls)


async def test_a_transferred_chat_cannot_be_taken(
    sim: Simulator, attached: Attach, until: Until
) -> None:
    async with attached(sim) as session:
        cid = sim.inject_text_session(LOGIN, channel="webim", text="Есть кто?")
        await until(
            session, lambda s: cid in s.conversations and bool(s.conversations[cid].waiting)
        )
        sim.transfer_text_session(sim.text_session_id(LOGIN, cid), "8800")
        state = await until(
            session, lambda s: s.conversations[cid].phase is cv.ChatPhase.TRANSFERRED
        )
        assert state.conversations[cid].detail == "8800"
        if cid in state.calls:  # the session's call ends with it (and may have left already)
            assert text_actions(state, cid)[TextAction.TAKE].why is Why.SESSION_OVER


async def test_sip_messages_both_ways_on_a_voice_call(
    sim: Simulator, attached: Attach, until: Until, talking: Talking
) -> None:
    async with attached(sim) as session:
        cid = await talking(sim, session)
        assert text_actions(session.state, cid)[TextAction.REPLY].ok
        sim.sip_message(LOGIN, cid, "Перезвоните через 5 минут")
        state = await until(session, lambda s: cid in s.conversations)
        assert state.notices[-1].text == "Перезвоните через 5 минут"
        assert await session.execute(it.SendText(cid, "Хорошо")) is None
        state = await until(session, lambda s: len(s.conversations[cid].messages) == 3)
        assert [(x.author, x.text) for x in state.conversations[cid].messages] == [
            (cv.Author.CUSTOMER, "Перезвоните через 5 минут"),
            (cv.Author.OPERATOR, "Хорошо"),
            (cv.Author.CUSTOMER, "Спасибо, получил."),
        ]
        failure = await session.execute(it.SendText(cid, "  "))
        assert failure is not None and failure.reason is FailureReason.INVALID


async def test_a_required_disposition_then_a_callback_then_finish(
    sim: Simulator, attached: Attach, until: Until
) -> None:
    async with attached(sim) as session:
        session.apply(WrapUpPolicySet(disposition_required=True))
        cid = sim.inject_call(LOGIN, caller="+79161234567", params={"ProjectId": PROJECT})
        await until(session, lambda s: cid in s.calls)
        assert await session.execute(it.Answer(cid)) is None
        await until(session, lambda s: s.calls[cid].state is CallState.CONNECTED)
        assert text_actions(session.state, cid)[TextAction.DISPOSITION].why is Why.NOT_ENDED
        assert await session.execute(it.Hangup(cid)) is None
        state = await until(session, lambda s: s.calls[cid].state is CallState.ENDED)
        assert call_actions(state, cid)[Action.CLOSE].why is Why.DISPOSITION_REQUIRED

        assert await session.execute(it.SetDisposition(cid, "SALE")) is None
        request = await sim.wait_for_command("SendPmsRestRequest")
        assert request.data["finishAction"] == {"callDisposition": "SALE", "clientId": ""}  # type: ignore[attr-defined]
        assert request.path.startswith(f"/api/v2/project/{PROJECT}/interaction/")  # type: ignore[attr-defined]
        state = session.state
        assert state.wrapup_of(cid).disposition == "SALE"
        assert call_actions(state, cid)[Action.CLOSE].ok

        past = datetime.now(UTC) - timedelta(minutes=5)
        failure = await session.execute(it.ScheduleCallback(cid, past, "+79161234567", LOGIN))
        assert failure is not None and (failure.reason, failure.code) == (
            FailureReason.INVALID,
            "when.past",
        )
        when = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=3)
        assert (
            await session.execute(
                it.ScheduleCallback(cid, when, "+7 916 123-45-67", LOGIN, "После 15:00")
            )
            is None
        )
        request = await sim.wait_for_command("SendPmsRestRequest")
        assert request.data["adjournAction"]["phone"] == "+79161234567"  # type: ignore[attr-defined]
        assert session.state.wrapup_of(cid).callback_at == when.timestamp()
        assert await session.execute(it.CloseCall(cid)) is None
        await until(session, lambda s: cid not in s.calls)


async def test_a_call_without_a_project_cannot_get_a_disposition(
    sim: Simulator, attached: Attach, until: Until, talking: Talking
) -> None:
    async with attached(sim) as session:
        cid = await talking(sim, session)
        failure = await session.execute(it.SetDisposition(cid, "SALE"))
        assert failure is not None and failure.code == "project_id.missing"
        assert session.state.calls[cid].error == failure
        assert not sim.world.pms_requests


async def test_both_broadcasts_and_the_service_commands(
    sim: Simulator, attached: Attach, until: Until
) -> None:
    async with attached(sim) as session:
        verdicts = service_actions(session.state)
        assert all(v.ok for v in verdicts.values())
        assert await session.execute(it.Broadcast("SL снизился до 20%.", ("ivanova",))) is None
        assert (
            await session.execute(it.ProjectBroadcast("SL 20%", PROJECT, ("supervisor",))) is None
        )
        assert [b.NAME for b in sim.world.broadcasts] == [
            "BroadcastMessage",
            "BroadcastProjectMessage",
        ]
        failure = await session.execute(it.Broadcast("SL", ()))
        assert failure is not None and failure.code == "to.missing"
        assert await session.execute(it.ReopenRootPage()) is None
        assert await session.execute(it.ReopenAudioDevice()) is None
        bad = await session.execute(it.BindNumber("79990001122"))
        assert bad is not None and bad.reason is FailureReason.ERROR and bad.detail
        assert await session.execute(it.BindNumber("sip:79990001122@10.0.0.5:5060")) is None
        names = [r.name for r in sim.commands]
        for name in ("ReopenRootPage", "ReopenAudioDevice", "BindNumber"):
            assert name in names
        assert await session.execute(it.Logout()) is None
        await until(session, lambda s: s.agent.top.value == "offline")


async def test_music_on_hold_before_holding(
    sim: Simulator, attached: Attach, until: Until, talking: Talking
) -> None:
    async with attached(sim) as session:
        cid = await talking(sim, session)
        assert text_actions(session.state, cid)[TextAction.MUSIC_ON_HOLD].ok
        assert (
            await session.execute(it.SetMusicOnHold(cid, "file:res\\sounds\\music\\sp.raw")) is None
        )
        assert (
            await sim.wait_for_command("SetMusicOnHold")
        ).url == "file:res\\sounds\\music\\sp.raw"  # type: ignore[attr-defined]


async def test_exit_quits_the_phone(sim: Simulator, attached: Attach, until: Until) -> None:
    async with attached(sim) as session:
        assert await session.execute(it.ExitPhone()) is None
        assert (await sim.wait_for_command("Exit")).NAME == "Exit"
        await until(session, lambda s: s.agent.top.value == "offline")
        verdicts = service_actions(session.state)
        assert verdicts[TextAction.REOPEN_ROOT_PAGE].why is Why.OFFLINE
        assert verdicts[TextAction.BIND_NUMBER].ok  # binding a number needs no signed-in phone


async def test_the_webphone_refuses_what_it_lacks(sim: Simulator, attached: Attach) -> None:
    from agent_toolbar.backends.naumen.profile import PhoneKind

    async with attached(sim, LOGIN, PhoneKind.WEBPHONE) as session:
        verdicts = service_actions(session.state)
        for action in (TextAction.BROADCAST, TextAction.REOPEN_ROOT_PAGE, TextAction.BIND_NUMBER):
            refusal = verdicts[action].refusal
            assert refusal is not None and refusal.device == "WebPhone"
        failure = await session.execute(it.Broadcast("SL", ("ivanova",)))
        assert failure is not None and failure.reason is FailureReason.UNSUPPORTED
        assert not sim.world.broadcasts


async def test_after_a_reconnect_the_backend_subscribes_again(
    sim: Simulator, attached: Attach, until: Until
) -> None:
    async with attached(sim) as session:
        cid = sim.inject_text_session(LOGIN, channel="xmpp", text="Алло")
        await until(
            session, lambda s: cid in s.conversations and bool(s.conversations[cid].messages)
        )
        await sim.drop_all_connections()

        def subscriptions() -> int:
            return sum(1 for r in sim.commands if r.name == "SubscribeOnMessagesSession")

        await until(session, lambda s: subscriptions() == 2)  # on the new connection
        assert (
            len({r.connection for r in sim.commands if r.name == "SubscribeOnMessagesSession"}) == 2
        )
        await until(session, lambda s: s.connection.state is LinkState.CONNECTED)
        sim.text_message(sim.text_session_id(LOGIN, cid), "Есть кто живой?")
        state = await until(session, lambda s: len(s.conversations[cid].messages) == 2)
        assert [m.text for m in state.conversations[cid].messages] == ["Алло", "Есть кто живой?"]
