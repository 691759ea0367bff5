"""Naumen text sessions and SIP messages in, conversations out.

Sections §3.36–3.47, §3.56, §3.67, §3.68, §3.75 and §4.2 of the specification.
A ``NewCall`` / ``CallStatus`` whose ``type`` is a text channel of §4.2 is a text session,
not a voice call. :class:`TextSessions` remembers which ``cid`` is which session
(``params.sessionId``), says when to subscribe to a session's events
(``SubscribeOnMessagesSession``, once per session and connection) and translates the nine
subscription events, the subscription's history (``Ok.messages``), ``NewTextMessage`` and
``VoipMessageReceived`` into the neutral events of :mod:`agent_toolbar.cti.conversation`.

Readings where the document is silent:

* **Which types are text.** §4.2 lists ``dev``, ``cfr``, ``sip`` and ``voice`` as voice
  (device, conference, SIP, hardware phone) and every other type as a text channel; a type
  the document does not list is taken as text only if it is not empty (an empty type is a
  voice call, which keeps the voice controls of an unknown call).
* **Who wrote a message.** ``direction`` ``in`` is the customer; ``out`` with ``from_script``
  true (``true`` / ``True`` / ``1``) is a script, other ``out`` messages are the operator's,
  named by ``remote_name`` or ``from_addr``. ``ReplyMessage`` "may be from the operator, a
  script or the system" without a field telling the system apart: an ``out`` message with
  neither a name nor an address is the system's.
* **Times.** ``created`` (else ``message_date``) is a "timestamp" string: digits (seconds,
  milliseconds or microseconds, normalised like the call times) or ISO 8601.
* **Subscription events carry no ``cid``**, only ``session_id``: one for a session this
  connection does not know is dropped (and logged). ``agent_id`` of
  ``MessageSessionDistributed`` is the detail of the in-work phase; ``dnis`` of
  ``MessageSessionTransferred`` that of the transferred phase.
* **SIP messages** (``VoipMessageReceived``) carry the text in ``message`` (the table calls
  it an identifier; a SIP MESSAGE has no other body); each becomes a customer message of the
  call's conversation with a local id ``sip-<n>``.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable
from datetime import datetime

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.cti import conversation as cv

__all__ = ["VOICE_TYPES", "TextSessions", "chat_message", "is_text_type", "timestamp"]

log = logging.getLogger(__name__)

#: §4.2 types that carry voice; every other (non-empty) type is a text channel.
VOICE_TYPES = frozenset({"dev", "cfr", "sip", "voice"})
_TRUE = frozenset({"true", "1", "yes"})
_CallReport = m.NewCall | m.CallStatus
_Make = Callable[[str], cv.ChatEvent]
#: Subscription events that mark one message.
_MARKS: dict[type[m.Message], cv.ChatMark] = {
    m.MessageDistributed: cv.ChatMark.DISTRIBUTED,
    m.MessageDone: cv.ChatMark.DONE,
    m.MessageUnblocked: cv.ChatMark.UNBLOCKED,
    m.StartedScriptForMessage: cv.ChatMark.SCRIPT,
}


def is_text_type(call_type: str | None) -> bool:
    """Whether a §4.2 call type is a text channel (not voice, device or conference)."""
    kind = (call_type or "").strip().lower()
    return bool(kind) and kind not in VOICE_TYPES


def timestamp(value: str | None) -> float | None:
    """A "timestamp" string in POSIX seconds (digits in s/ms/µs, or ISO 8601)."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
        except ValueError:
            return None
    if number <= 0:
        return None
    if number > 1e14:
        return number / 1e6
    if number > 1e11:
        return number / 1e3
    return number


def chat_message(msg: m.NewMessageInSession | m.ReplyMessage) -> cv.ChatMessage:
    """The neutral view of one session message."""
    outgoing = (msg.direction or "").strip().lower() == "out" or isinstance(msg, m.ReplyMessage)
    name = (msg.remote_name or msg.from_addr or "").strip()
    if not outgoing:
        author = cv.Author.CUSTOMER
    elif (msg.from_script or "").strip().lower() in _TRUE:
        author = cv.Author.SCRIPT
    elif name:
        author = cv.Author.OPERATOR
    else:
        author = cv.Author.SYSTEM
    marks = (cv.ChatMark.DONE,) if (msg.done or "").strip().lower() in _TRUE else ()
    files = tuple(str(item.get("name") or item.get("caption") or "") for item in (msg.files or ()))
    return cv.ChatMessage(
        message_id=msg.message_id or f"{msg.session_id}:{msg.series or ''}",
        author=author,
        text=msg.content or "",
        name=name,
        at=timestamp(msg.created) or timestamp(msg.message_date),
        subject=(msg.subject or "").strip(),
        attachments=tuple(name for name in files if name),
        marks=marks,
    )


class TextSessions:
    """The operator's text sessions as this connection knows them.

    Call :meth:`on_call` for every ``NewCall`` / ``CallStatus`` (and the items of ``Calls``):
    it returns the session to subscribe to when a new text session appears. Call
    :meth:`forget_subscriptions` when the connection is lost and :meth:`pending` once the
    next one is ready (the items of the resync's ``Calls`` arrive before commands may be
    sent: a subscription that could not be sent is handed back with :meth:`unsubscribed`
    and comes out of :meth:`pending` again), :meth:`history` with the subscription's
    ``Ok``, and :meth:`to_events` for every other message.
    """

    def __init__(self) -> None:
        self._cid_by_session: dict[str, str] = {}
        self._session_by_cid: dict[str, str] = {}
        self._subscribed: set[str] = set()
        self._open: set[str] = set()
        self._sip_ids = itertools.count(1)

    def cid_of(self, session_id: str) -> str | None:
        """The ``cid`` of a known session."""
        return self._cid_by_session.get(session_id)

    def session_of(self, cid: str) -> str | None:
        """The session id of a known text call."""
        return self._session_by_cid.get(cid)

    def on_call(self, msg: _CallReport) -> str | None:
        """Learn a call; the session id to subscribe to, when it is a new text session."""
        if not is_text_type(msg.type):
            return None
        session_id = (msg.params or {}).get("sessionId", "")
        if not session_id:
            return None
        self._cid_by_session[session_id] = msg.cid
        self._session_by_cid[msg.cid] = session_id
        if (msg.state or "") == "ended":
            self._open.discard(session_id)
            return None
        self._open.add(session_id)
        if session_id in self._subscribed:
            return None
        self._subscribed.add(session_id)
        return session_id

    def pending(self) -> list[str]:
        """Open sessions without a subscription on this connection (now taken as sent)."""
        missing = sorted(self._open - self._subscribed)
        self._subscribed.update(missing)
        return missing

    def subscription(self, session_id: str) -> m.SubscribeOnMessagesSession:
        """The command subscribing to every event of a session (§3.68, version 0)."""
        return m.SubscribeOnMessagesSession(protocol_version=0, session_id=session_id)

    def unsubscribed(self, session_id: str) -> None:
        """The subscription failed: allow another try on the next report of the call."""
        self._subscribed.discard(session_id)

    def forget_subscriptions(self) -> None:
        """The connection was lost: its subscriptions went with it."""
        self._subscribed.clear()

    def forget_call(self, cid: str) -> None:
        """The call left the phone (``OnClose``)."""
        session_id = self._session_by_cid.pop(cid, None)
        if session_id is not None:
            self._cid_by_session.pop(session_id, None)
            self._subscribed.discard(session_id)
            self._open.discard(session_id)

    def history(self, session_id: str, ok: m.Message, at: float) -> list[cv.ChatEvent]:
        """The conversation so far, from the subscription's ``Ok``."""
        cid = self._cid_by_session.get(session_id)
        messages = ok.messages if isinstance(ok, m.Ok) else None
        if cid is None or not messages:
            return []
        return [cv.ChatHistoryReported(cid, tuple(chat_message(x) for x in messages), at)]

    def to_events(self, msg: m.Message | m.UnknownMessage, at: float) -> list[cv.ChatEvent]:
        """Conversation events for one message (empty for anything else)."""
        match msg:
            case m.NewTextMessage(cid=cid, message_id=message_id):
                return [cv.ChatMessageWaiting(cid, message_id, at)]
            case m.VoipMessageReceived(cid=cid, message=text):
                sip = cv.ChatMessage(f"sip-{next(self._sip_ids)}", cv.Author.CUSTOMER, text, at=at)
                return [cv.ChatMessageReported(cid, sip, at)]
            case m.NewMessageInSession() | m.ReplyMessage():
                return self._for(
                    msg.session_id, lambda cid: cv.ChatMessageReported(cid, chat_message(msg), at)
                )
        return self._lifecycle(msg, at)

    def _lifecycle(self, msg: m.Message | m.UnknownMessage, at: float) -> list[cv.ChatEvent]:
        mark = _MARKS.get(type(msg)) if isinstance(msg, m.Message) else None
        if mark is not None:
            message_id = str(getattr(msg, "message_id", ""))
            session_id = str(getattr(msg, "session_id", ""))
            return self._for(
                session_id, lambda cid: cv.ChatMessageMarked(cid, message_id, mark, at)
            )
        match msg:
            case m.MessageSessionDistributed(session_id=session_id, agent_id=agent):
                phase, detail = cv.ChatPhase.IN_WORK, agent
            case m.MessageSessionTransferred(session_id=session_id, dnis=dnis):
                phase, detail = cv.ChatPhase.TRANSFERRED, dnis
            case m.MessageSessionClosed(session_id=session_id, agent_id=agent):
                phase, detail = cv.ChatPhase.CLOSED, agent
            case _:
                return []
        return self._for(session_id, lambda cid: cv.ChatPhaseReported(cid, phase, detail, at))

    def _for(self, session_id: str | None, make: _Make) -> list[cv.ChatEvent]:
        cid = self._cid_by_session.get(session_id or "")
        if cid is None:
            log.info("text-session event for an unknown session dropped")
            return []
        return [make(cid)]

    def known_sessions(self) -> Iterable[str]:
        """Every session id this connection knows."""
        return tuple(self._cid_by_session)
