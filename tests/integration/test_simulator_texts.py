"""Text sessions and SIP messages in the simulator, over real sockets.

§3.36–3.47, §3.56, §3.67–3.68 and §3.75 of the specification.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.naumen.control import SimControl, SimControlError
from agent_toolbar.simulators.naumen.peer import SimPeer as Peer
from agent_toolbar.simulators.naumen.simulator import SimTimings, Simulator
from agent_toolbar.simulators.naumen.texts import TEXT_CHANNELS

pytestmark = pytest.mark.asyncio
LOGIN = "operator"


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(timings=SimTimings.fast(), seed=5) as simulator:
        yield simulator


@pytest_asyncio.fixture
async def peer(sim: Simulator) -> AsyncIterator[Peer]:
    async with Peer.attached(sim.url, LOGIN) as attached_peer:
        yield attached_peer


async def offered(sim: Simulator, peer: Peer, channel: str = "telegram") -> tuple[str, str]:
    cid = sim.inject_text_session(
        LOGIN, channel=channel, customer="Смирнова Ольга", text="Добрый день!"
    )
    new, _state, notice = await peer.expect("NewCall", "UserState", "NewTextMessage")
    assert isinstance(new, m.NewCall) and new.cid == cid
    assert new.type == channel and new.display_name == "Смирнова Ольга"
    assert isinstance(notice, m.NewTextMessage) and notice.cid == cid and notice.message_id
    assert new.params is not None
    return cid, new.params["sessionId"]


@pytest.mark.parametrize("channel", TEXT_CHANNELS)
async def test_a_text_session_is_offered_on_every_channel(
    sim: Simulator, peer: Peer, channel: str
) -> None:
    await offered(sim, peer, channel)


async def test_a_voice_type_is_not_a_text_channel(sim: Simulator) -> None:
    with pytest.raises(Exception, match="voice"):
        sim.inject_text_session(LOGIN, channel="sip")


async def test_subscription_history_then_the_session_in_order(sim: Simulator, peer: Peer) -> None:
    cid, session_id = await offered(sim, peer)
    ok = await peer.reply("SubscribeOnMessagesSession", protocol_version=0, session_id=session_id)
    assert isinstance(ok, m.Ok) and ok.messages is not None and len(ok.messages) == 1
    first = ok.messages[0]
    assert (first.content, first.direction, first.done, first.remote_name) == (
        "Добрый день!",
        "in",
        "0",
        "Смирнова Ольга",
    )
    assert first.session_id == session_id and first.created and first.created.isdigit()

    await peer.send("MessageInProcessMode", login=LOGIN, cid=cid, messageId=first.message_id)
    events = await peer.until("MessageDone")
    names = [e.NAME for e in events if e.NAME not in ("CallStatus", "UserState", "CurrentCall")]
    assert names == [
        "Ok",
        "MessageSessionDistributed",
        "MessageDistributed",
        "StartedScriptForMessage",
        "ReplyMessage",
        "MessageDone",
    ]
    reply = next(e for e in events if isinstance(e, m.ReplyMessage))
    assert reply.from_script == "true" and reply.direction == "out"
    assert reply.reply_id == first.message_id and "Ольга" in (reply.content or "")
    distributed = next(e for e in events if isinstance(e, m.MessageDistributed))
    assert distributed.agent_id == LOGIN and distributed.message_id == first.message_id

    message_id = sim.text_message(session_id, "Где мой заказ?")
    new, notice, dist = await peer.expect(
        "NewMessageInSession", "NewTextMessage", "MessageDistributed"
    )
    assert isinstance(new, m.NewMessageInSession) and new.content == "Где мой заказ?"
    assert new.message_id == message_id == dist.message_id
    assert isinstance(notice, m.NewTextMessage) and notice.cid == cid

    sim.unblock_message(session_id, message_id)
    (unblocked,) = await peer.expect("MessageUnblocked")
    assert unblocked.message_id == message_id

    sim.close_text_session(session_id)
    events = await peer.until("MessageSessionClosed")
    assert [e.NAME for e in events][-2:] == ["MessageDone", "MessageSessionClosed"]
    status = await peer.until("CallStatus")
    assert isinstance(status[-1], m.CallStatus) and status[-1].state == "ended"


async def test_a_transferred_session_leaves_the_operator(sim: Simulator, peer: Peer) -> None:
    cid, session_id = await offered(sim, peer)
    await peer.reply("SubscribeOnMessagesSession", protocol_version=0, session_id=session_id)
    sim.transfer_text_session(session_id, "8800")
    (moved,) = await peer.expect("MessageSessionTransferred")
    assert isinstance(moved, m.MessageSessionTransferred) and moved.dnis == "8800"
    ended = await peer.until("CallStatus")
    assert ended[-1].cid == cid and ended[-1].state == "ended"
    with pytest.raises(Exception, match="transferred"):
        sim.text_message(session_id, "ещё")


async def test_only_subscribers_get_session_events(sim: Simulator, peer: Peer) -> None:
    _cid, session_id = await offered(sim, peer)
    async with Peer.attached(sim.url, LOGIN) as other:
        sim.text_message(session_id, "Алло?")
        (new,) = await other.expect("NewTextMessage")  # the phone's event: every attached client
        assert isinstance(new, m.NewTextMessage)
        await other.quiet()  # no NewMessageInSession: that connection did not subscribe


async def test_sip_messages_both_ways(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)
    sim.sip_message(LOGIN, cid, "Перезвоните мне через 5 минут")
    (received,) = await peer.expect("VoipMessageReceived")
    assert isinstance(received, m.VoipMessageReceived)
    assert (received.cid, received.message) == (cid, "Перезвоните мне через 5 минут")
    ok = await peer.reply("SendVoipMessage", login=LOGIN, cid=cid, message="Хорошо")
    assert isinstance(ok, m.Ok)
    assert sim.world.texts.voip_sent[-1] == (LOGIN, cid, "Хорошо")
    (answer,) = await peer.expect("VoipMessageReceived")
    assert answer.message == "Спасибо, получил."
    assert "empty" in await peer.error("SendVoipMessage", login=LOGIN, cid=cid, message=" ")


async def test_the_control_channel_drives_text_sessions(sim: Simulator, peer: Peer) -> None:
    async with SimControl(sim.url) as control:
        reply = await control.request("inject_text_session", login=LOGIN, channel="webim")
        cid = reply["cid"]
        await peer.expect("NewCall", "UserState", "NewTextMessage")
        session_id = (await control.request("text_session_id", login=LOGIN, cid=cid))["session_id"]
        said = await control.request("text_message", session_id=session_id, text="Есть кто?")
        assert said["message_id"]
        await peer.expect("NewTextMessage")
        await control.request("close_text_session", session_id=session_id)
        with pytest.raises(SimControlError, match="closed"):
            await control.request("close_text_session", session_id=session_id)
