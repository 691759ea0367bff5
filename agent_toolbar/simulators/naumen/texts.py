"""Text sessions (chat, messengers, e-mail, SMS) and SIP messages in the simulated API.

A text session is a call whose ``type`` is a text channel of §4.2 (``telegram``, ``webim``,
``xmpp``, ``sms``, ``imap``, ``pop3`` …). It is offered like a call (``NewCall`` with that
type, then ``NewTextMessage`` for the customer's first message) and taken into work by the
information system with ``MessageInProcessMode`` (§3.42): the phone does not take text into
work by itself. Its messages and life cycle reach only the connections that subscribed with
``SubscribeOnMessagesSession`` (§3.68), whose ``Ok`` carries the messages so far.

Readings of the document where it is silent:

* **Order of the subscription events.** §3.68 lists the nine events but not when each comes.
  The simulator plays a session as an Erudite-style system would: taken into work →
  ``MessageSessionDistributed`` (the session is the operator's) → ``MessageDistributed`` for
  each message waiting → ``StartedScriptForMessage`` (the greeting script) → ``ReplyMessage``
  from the script (``from_script`` ``true``) → ``MessageDone`` for the first message. Later
  customer messages are ``NewMessageInSession`` (and ``NewTextMessage`` to the phone's
  login), each followed by ``MessageDistributed``; ``MessageUnblocked``,
  ``MessageSessionTransferred`` and ``MessageSessionClosed`` come when the control API asks.
* **Values.** ``created`` / ``message_date`` are "timestamp" strings: milliseconds since the
  epoch as a decimal string; ``done`` and ``spam`` are ``"0"`` / ``"1"`` as the example
  shows; ``from_script`` is ``"true"`` / ``"false"`` as the field table says (the example's
  ``<True/False>`` is read as the same words). ``agent_id`` is the operator's login (table
  3.47; 3.49 calls it "identifier").
* **Closing and transferring** a session ends its call on the phone (``CallStatus`` ended,
  then wrap-up as for any call), because the session is no longer the operator's.
* **SIP messages** (``VoipMessageReceived``, §3.75) carry the text in ``message`` although
  the table calls it "identifier of the text message": a SIP MESSAGE has no separate body.
  ``SendVoipMessage`` is recorded in :attr:`TextSessions.voip_sent`, and the far side answers
  after ``far_side_delay`` with a ``VoipMessageReceived`` (a customer who writes back), so
  both directions can be seen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.samples import new_person, new_phone
from agent_toolbar.simulators.naumen.model import SimCall, SimError, SimOperator

if TYPE_CHECKING:
    from agent_toolbar.simulators.naumen.world import World

__all__ = [
    "CONVERSATIONS",
    "TEXT_CHANNELS",
    "VOICE_TYPES",
    "TextMessage",
    "TextSession",
    "TextSessions",
]

#: Call types of §4.2 that carry voice; every other type is a text channel.
VOICE_TYPES = frozenset({"dev", "cfr", "sip", "voice"})
#: The text channels of §4.2 the simulator offers.
TEXT_CHANNELS = ("telegram", "webim", "xmpp", "sms", "imap", "pop3")

_ADDRESS = {
    "telegram": "@{handle}",
    "webim": "visitor-{number}",
    "xmpp": "{handle}@jabber.example.ru",
    "sms": "{phone}",
    "imap": "{handle}@mail.example.ru",
    "pop3": "{handle}@mail.example.ru",
}

Send = Callable[[m.Message], None]

#: What customers write, message by message (the ``texts`` scenario plays them).
CONVERSATIONS: tuple[tuple[str, ...], ...] = (
    (
        "Здравствуйте! Заказ ORD-4417203 должны были привезти вчера, но курьера так и не было.",
        "Телефон курьера не отвечает, в приложении статус «передан в доставку».",
        "Можно перенести доставку на субботу, с 10 до 14?",
    ),
    (
        "Добрый день. С карты дважды списали оплату за один и тот же заказ.",
        "Сумма 2 490 ₽, списания в 14:02 и 14:03.",
        "Прикладываю выписку из банка. Когда вернутся деньги?",
    ),
    (
        "Подскажите, пожалуйста, как сменить тариф на «Семейный»?",
        "В личном кабинете кнопка неактивна.",
        "Спасибо, всё получилось!",
    ),
    (
        "Не приходит код подтверждения по SMS, уже третий раз запрашиваю.",
        "Номер +7 916 ***-**-67, оператор МТС.",
        "Пришёл, спасибо.",
    ),
)


@dataclass(slots=True)
class TextMessage:
    """One message of a session, in either direction."""

    message_id: str
    direction: str  # "in" from the customer, "out" to the customer
    content: str
    author: str
    created: int  # ms since the epoch
    from_script: bool = False
    done: bool = False
    subject: str | None = None


@dataclass(slots=True)
class TextSession:
    """A text session and who follows it."""

    session_id: str
    login: str
    cid: str
    channel: str
    customer: str
    address: str
    operator_address: str
    messages: list[TextMessage] = field(default_factory=list)
    subscribers: list[Send] = field(default_factory=list)
    state: str = "offered"  # offered → distributed → closed | transferred


def _first_name(full: str) -> str:
    """The given name of a "Surname Name Patronymic" (or the only word there is)."""
    parts = full.split()
    return parts[1] if len(parts) >= 2 else (parts[0] if parts else full)


class TextSessions:
    """The simulated world's text sessions, subscriptions and SIP messages."""

    def __init__(self, world: World) -> None:
        self._world = world
        self.sessions: dict[str, TextSession] = {}
        #: ``SendVoipMessage`` commands accepted: ``(login, cid, text)``.
        self.voip_sent: list[tuple[str, str, str]] = []

    # ------------------------------------------------------------------ sessions

    def offer(
        self,
        op: SimOperator,
        *,
        channel: str = "telegram",
        customer: str | None = None,
        text: str = "Здравствуйте! Подскажите, где мой заказ?",
        subject: str | None = None,
        address: str | None = None,
        params: dict[str, str] | None = None,
    ) -> SimCall:
        """A customer opens a session on ``channel``: ``NewCall`` then ``NewTextMessage``."""
        if channel in VOICE_TYPES:
            raise SimError(f"{channel!r} is a voice call type, not a text channel")
        world = self._world
        name = customer or new_person(world.rng)
        where = address or _ADDRESS.get(channel, "{handle}").format(
            handle=f"client{world.rng.randrange(1000, 9999)}",
            number=world.rng.randrange(100_000, 999_999),
            phone=new_phone(world.rng),
        )
        call = world.offer(
            op,
            caller=where,
            display_name=name,
            params={"channel": channel, **(params or {})},
            call_type=channel,
        )
        session = TextSession(
            call.session_id, op.login, call.cid, channel, name, where, f"support-{channel}"
        )
        self.sessions[session.session_id] = session
        self._customer_message(session, text, subject=subject)
        return call

    def get(self, session_id: str) -> TextSession:
        """The session with this id (``SimError`` when there is none)."""
        session = self.sessions.get(session_id)
        if session is None:
            raise SimError(f"no text session {session_id!r}")
        return session

    def by_cid(self, login: str, cid: str) -> TextSession | None:
        """The session behind an operator's call, if it is a text session."""
        for session in self.sessions.values():
            if session.login == login and session.cid == cid:
                return session
        return None

    def subscribe(
        self, session_id: str, send: Send, direction: str | None
    ) -> tuple[m.NewMessageInSession, ...]:
        """Follow a session from now on; returns the messages so far (for ``Ok``)."""
        session = self.get(session_id)
        session.subscribers.append(send)
        return tuple(
            self._incoming_frame(session, message)
            for message in session.messages
            if direction is None or message.direction == direction
        )

    def taken(self, op: SimOperator, call: SimCall) -> None:
        """``MessageInProcessMode`` accepted: distribute the session and run the greeting."""
        session = self.by_cid(op.login, call.cid)
        if session is None or session.state != "offered":
            return
        session.state = "distributed"
        self._publish(
            session, m.MessageSessionDistributed(agent_id=op.login, session_id=session.session_id)
        )
        waiting = [message for message in session.messages if message.direction == "in"]
        for message in waiting:
            self._distributed(session, message)
        if waiting:
            first = waiting[0]
            self._publish(
                session,
                m.StartedScriptForMessage(
                    message_id=first.message_id, session_id=session.session_id
                ),
            )
            self.reply(
                session.session_id,
                f"Здравствуйте, {_first_name(session.customer)}! "
                "Оператор уже читает ваше сообщение.",
                from_script=True,
                reply_to=first.message_id,
            )
            first.done = True
            self._publish(
                session, m.MessageDone(message_id=first.message_id, session_id=session.session_id)
            )

    def customer_says(self, session_id: str, text: str) -> str:
        """A new message from the customer; returns its ``message_id``."""
        session = self.get(session_id)
        if session.state in ("closed", "transferred"):
            raise SimError(f"the session is {session.state}")
        return self._customer_message(session, text)

    def reply(
        self,
        session_id: str,
        text: str,
        *,
        from_script: bool = False,
        reply_to: str | None = None,
    ) -> str:
        """A message sent to the customer (by the operator's system or a script)."""
        session = self.get(session_id)
        message = TextMessage(
            self._world.new_id(),
            "out",
            text,
            "script" if from_script else session.login,
            self._world.now_ms(),
            from_script=from_script,
            done=True,
        )
        session.messages.append(message)
        frame = self._message_frame(session, message, cls=m.ReplyMessage, reply_to=reply_to)
        self._publish(session, frame)
        return message.message_id

    def unblock(self, session_id: str, message_id: str) -> None:
        """A message blocked for another operator becomes available (``MessageUnblocked``)."""
        session = self.get(session_id)
        if not any(message.message_id == message_id for message in session.messages):
            raise SimError(f"no message {message_id!r} in session {session_id!r}")
        self._publish(session, m.MessageUnblocked(message_id=message_id, session_id=session_id))

    def transfer(self, session_id: str, dnis: str) -> None:
        """The session goes to another project: ``MessageSessionTransferred``, the call ends."""
        session = self._open(session_id)
        session.state = "transferred"
        self._publish(session, m.MessageSessionTransferred(dnis=dnis, session_id=session_id))
        self._end_call(session)

    def close(self, session_id: str) -> None:
        """The session is over: ``MessageSessionClosed``, the call ends on the phone."""
        session = self._open(session_id)
        session.state = "closed"
        for message in session.messages:
            if message.direction == "in" and not message.done:
                message.done = True
                self._publish(
                    session, m.MessageDone(message_id=message.message_id, session_id=session_id)
                )
        self._publish(
            session, m.MessageSessionClosed(agent_id=session.login, session_id=session_id)
        )
        self._end_call(session)

    # ------------------------------------------------------------------ SIP messages

    def sip_received(self, op: SimOperator, cid: str, text: str) -> None:
        """A SIP MESSAGE arrives within a call (``VoipMessageReceived``)."""
        call = self._world.call(op, cid)
        if call.state == "ended":
            raise SimError("the call has ended")
        self._world.emit(op, m.VoipMessageReceived(login=op.login, cid=cid, message=text))

    def sip_sent(self, op: SimOperator, call: SimCall, text: str) -> None:
        """``SendVoipMessage`` accepted: record it; the far side writes back a moment later."""
        self.voip_sent.append((op.login, call.cid, text))

        def answer() -> None:
            if call.state != "ended":
                self.sip_received(op, call.cid, "Спасибо, получил.")

        self._world.schedule(self._world.timings.far_side_delay, answer, call)

    # ------------------------------------------------------------------ internals

    def _open(self, session_id: str) -> TextSession:
        session = self.get(session_id)
        if session.state in ("closed", "transferred"):
            raise SimError(f"the session is already {session.state}")
        return session

    def _end_call(self, session: TextSession) -> None:
        op = self._world.get(session.login)
        call = op.calls.get(session.cid)
        if call is not None and call.state != "ended":
            self._world.end(op, call, remote=True)

    def _customer_message(self, session: TextSession, text: str, subject: str | None = None) -> str:
        message = TextMessage(
            self._world.new_id(),
            "in",
            text,
            session.customer,
            self._world.now_ms(),
            subject=subject,
        )
        session.messages.append(message)
        self._publish(session, self._message_frame(session, message))
        op = self._world.get(session.login)
        self._world.emit(
            op,
            m.NewTextMessage(login=session.login, cid=session.cid, message_id=message.message_id),
        )
        if session.state == "distributed":
            self._distributed(session, message)
        return message.message_id

    def _distributed(self, session: TextSession, message: TextMessage) -> None:
        self._publish(
            session,
            m.MessageDistributed(
                agent_id=session.login, message_id=message.message_id, session_id=session.session_id
            ),
        )

    def _message_frame(
        self,
        session: TextSession,
        message: TextMessage,
        *,
        cls: type[m.NewMessageInSession] | type[m.ReplyMessage] = m.NewMessageInSession,
        reply_to: str | None = None,
    ) -> m.NewMessageInSession | m.ReplyMessage:
        incoming = message.direction == "in"
        return cls(
            charset="utf-8",
            content=message.content,
            content_type="text/plain",
            created=str(message.created),
            direction=message.direction,
            done="1" if message.done else "0",
            files=(),
            from_addr=session.address if incoming else session.operator_address,
            from_script="true" if message.from_script else "false",
            message_date=str(message.created),
            message_id=message.message_id,
            params={"channel": session.channel},
            remote_message_id=f"{session.channel}-{message.message_id[:12]}",
            remote_name=message.author,
            reply_id=reply_to or "",
            series=str(len(session.messages)),
            session_id=session.session_id,
            spam="0",
            subject=message.subject or "",
            to_addr=session.operator_address if incoming else session.address,
            url="",
        )

    def _incoming_frame(self, session: TextSession, message: TextMessage) -> m.NewMessageInSession:
        """A message of the history as ``Ok.messages`` carries it (the §3.46 shape)."""
        frame = self._message_frame(session, message)
        assert isinstance(frame, m.NewMessageInSession)
        return frame

    def _publish(self, session: TextSession, event: m.Message) -> None:
        for send in list(session.subscribers):
            send(event)
