"""Text sessions through the real Naumen client and :class:`TextSessions`, against the
simulator: offer, subscription (history in ``Ok``), taking into work, the nine events, SIP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
import pytest_asyncio

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.backends.naumen.client import ClientConfig, NaumenClient
from agent_toolbar.backends.naumen.text_sessions import TextSessions
from agent_toolbar.cti import conversation as cv
from agent_toolbar.cti.backend import ConnectionStatus, LinkState
from agent_toolbar.simulators.naumen.simulator import SimTimings, Simulator
from tests.integration.conftest import eventually

pytestmark = pytest.mark.asyncio
LOGIN = "operator"


@dataclass
class Phone:
    """What the toolbar would keep: conversations by cid, fed by a real client."""

    texts: TextSessions = field(default_factory=TextSessions)
    conversations: dict[str, cv.Conversation] = field(default_factory=dict)
    calls: dict[str, m.NewCall | m.CallStatus] = field(default_factory=dict)
    client: NaumenClient | None = None
    ready: bool = False
    connects: int = 0
    tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def on_status(self, status: ConnectionStatus) -> None:
        was_ready, self.ready = self.ready, status.state is LinkState.CONNECTED
        self.connects += self.ready and not was_ready
        if not self.ready:
            self.texts.forget_subscriptions()
            return
        for session_id in self.texts.pending():
            self.spawn(session_id)

    def spawn(self, session_id: str) -> None:
        task = asyncio.get_running_loop().create_task(self.subscribe(session_id))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def on_message(self, msg: m.Message | m.UnknownMessage, at: float) -> None:
        calls = msg.calls if isinstance(msg, m.Calls) else ()
        for call in (*calls, *((msg,) if isinstance(msg, m.NewCall | m.CallStatus) else ())):
            self.calls[call.cid] = call
            session_id = self.texts.on_call(call)
            if session_id is None:
                continue
            if self.ready:
                self.spawn(session_id)
            else:
                self.texts.unsubscribed(session_id)
        self.fold(self.texts.to_events(msg, at))

    async def subscribe(self, session_id: str) -> None:
        assert self.client is not None
        ok = await self.client.request(self.texts.subscription(session_id))
        self.fold(self.texts.history(session_id, ok, 0.0))

    def fold(self, events: list[cv.ChatEvent]) -> None:
        for event in events:
            self.conversations[event.cid] = cv.apply(self.conversations.get(event.cid), event)


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator("idle", timings=SimTimings.fast(), seed=3) as simulator:
        yield simulator


@pytest_asyncio.fixture
async def phone(sim: Simulator) -> AsyncIterator[Phone]:
    phone = Phone()
    client = NaumenClient(
        ClientConfig(url=sim.url, login=LOGIN),
        on_message=phone.on_message,
        on_status=phone.on_status,
    )
    phone.client = client
    runner = asyncio.get_running_loop().create_task(client.run())
    await eventually(lambda: phone.ready)
    try:
        yield phone
    finally:
        await client.stop()
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)


async def test_a_chat_from_offer_to_close(sim: Simulator, phone: Phone) -> None:
    cid = sim.inject_text_session(
        LOGIN, channel="telegram", customer="Смирнова Ольга", text="Добрый день!"
    )
    await eventually(lambda: bool(phone.conversations.get(cid, cv.Conversation(cid)).messages))
    conv = phone.conversations[cid]
    assert conv.phase is cv.ChatPhase.OFFERED and conv.waiting
    (first,) = conv.messages
    assert (first.author, first.text, first.name) == (
        cv.Author.CUSTOMER,
        "Добрый день!",
        "Смирнова Ольга",
    )
    assert first.at is not None
    assert phone.calls[cid].type == "telegram"

    assert phone.client is not None
    await phone.client.request(
        m.MessageInProcessMode(login=LOGIN, cid=cid, message_id=conv.waiting)
    )
    await eventually(lambda: phone.conversations[cid].message(first.message_id).done)  # type: ignore[union-attr]
    conv = phone.conversations[cid]
    assert conv.phase is cv.ChatPhase.IN_WORK and conv.detail == LOGIN and conv.waiting == ""
    assert conv.scripts == (first.message_id,)
    script = conv.messages[1]
    assert script.author is cv.Author.SCRIPT and "Ольга" in script.text

    session_id = sim.text_session_id(LOGIN, cid)
    second = sim.text_message(session_id, "Где мой заказ?")
    sim.text_reply(session_id, "Заказ передан курьеру.")
    sim.unblock_message(session_id, second)
    await eventually(lambda: len(phone.conversations[cid].messages) == 4)
    await eventually(lambda: cv.ChatMark.UNBLOCKED in phone.conversations[cid].messages[2].marks)
    texts = [(x.author, x.text) for x in phone.conversations[cid].messages[2:]]
    assert texts[0] == (cv.Author.CUSTOMER, "Где мой заказ?")
    assert texts[1][1] == "Заказ передан курьеру." and texts[1][0] is not cv.Author.CUSTOMER

    sim.close_text_session(session_id)
    await eventually(lambda: phone.conversations[cid].phase is cv.ChatPhase.CLOSED)
    await eventually(lambda: phone.calls[cid].state == "ended")


async def test_a_transferred_chat_and_a_resubscription_after_reconnect(
    sim: Simulator, phone: Phone
) -> None:
    cid = sim.inject_text_session(LOGIN, channel="webim", text="Есть кто?")
    await eventually(lambda: cid in phone.conversations and bool(phone.conversations[cid].messages))
    await sim.drop_all_connections()
    await eventually(lambda: phone.connects == 2)

    def subscriptions() -> list[str]:
        return [r.name for r in sim.commands if r.name == "SubscribeOnMessagesSession"]

    await eventually(lambda: len(subscriptions()) == 2)
    sim.transfer_text_session(sim.text_session_id(LOGIN, cid), "8800")
    await eventually(lambda: phone.conversations[cid].phase is cv.ChatPhase.TRANSFERRED)
    assert phone.conversations[cid].detail == "8800" and len(phone.conversations[cid].messages) == 1


async def test_sip_messages_join_a_voice_calls_conversation(sim: Simulator, phone: Phone) -> None:
    cid = sim.inject_call(LOGIN, caller="+79161234567")
    await eventually(lambda: cid in phone.calls)
    assert phone.client is not None
    await phone.client.request(m.Answer(login=LOGIN, cid=cid))
    sim.sip_message(LOGIN, cid, "Перезвоните через 5 минут")
    await eventually(lambda: cid in phone.conversations)
    await phone.client.request(m.SendVoipMessage(login=LOGIN, cid=cid, message="Хорошо"))
    await eventually(lambda: len(phone.conversations[cid].messages) == 2)
    assert [x.text for x in phone.conversations[cid].messages] == [
        "Перезвоните через 5 минут",
        "Спасибо, получил.",
    ]
    assert not [r for r in sim.commands if r.name == "SubscribeOnMessagesSession"]
