"""Conversations of text sessions (chat, messengers, e-mail, SMS) and SIP messages of a call.

A text session is a call whose kind is a text channel: it has no voice (no answer, hold,
mute or DTMF) but a conversation — messages with their author and time, a life cycle
(offered, in work, transferred, closed) and the scripts the contact center ran for it. A
voice call may carry SIP text messages too; they join its conversation the same way.

Backends report what they learn as the events below; :func:`apply` folds one into the
call's :class:`Conversation` (pure, immutable). Nothing here knows a vendor's words.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

__all__ = [
    "Author",
    "ChatEvent",
    "ChatHistoryReported",
    "ChatMark",
    "ChatMessage",
    "ChatMessageMarked",
    "ChatMessageReported",
    "ChatMessageWaiting",
    "ChatPhase",
    "ChatPhaseReported",
    "Conversation",
    "apply",
]


class Author(enum.StrEnum):
    """Who wrote a message."""

    CUSTOMER = "customer"
    OPERATOR = "operator"
    SCRIPT = "script"  # sent by a script of the contact center
    SYSTEM = "system"


class ChatPhase(enum.StrEnum):
    """Where a text session is in its life."""

    OFFERED = "offered"  # offered to the operator, not taken into work yet
    IN_WORK = "in_work"  # distributed to the operator and being worked on
    TRANSFERRED = "transferred"  # sent on to another project: no longer the operator's
    CLOSED = "closed"  # closed by the contact center


class ChatMark(enum.StrEnum):
    """Something that happened to one message."""

    DISTRIBUTED = "distributed"  # given to the operator
    DONE = "done"  # processed
    UNBLOCKED = "unblocked"  # released for processing again
    SCRIPT = "script"  # a script started for it


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """One message of a conversation.

    Attributes:
        message_id: The system's identifier (unique within the conversation).
        author: Who wrote it.
        text: Its text.
        name: The writer's name or address, when known.
        at: When it was written (POSIX seconds), when known.
        subject: Its subject (e-mail), when it has one.
        attachments: Names of attached files.
        marks: What happened to it since, in order.
    """

    message_id: str
    author: Author
    text: str
    name: str = ""
    at: float | None = None
    subject: str = ""
    attachments: tuple[str, ...] = ()
    marks: tuple[ChatMark, ...] = ()

    @property
    def done(self) -> bool:
        """Whether the message has been processed."""
        return ChatMark.DONE in self.marks


@dataclass(frozen=True, slots=True)
class Conversation:
    """The conversation of one call (a text session, or a voice call's SIP messages).

    Attributes:
        cid: The call it belongs to.
        phase: Where the session is (a voice call's conversation stays ``IN_WORK``).
        messages: In the order they were reported (a repeated id replaces the earlier one).
        waiting: The id of the newest message waiting to be taken into work, if any.
        detail: The phase's detail: who has the session, or where it was transferred.
        scripts: Ids of the messages a script started for, in order.
    """

    cid: str
    phase: ChatPhase = ChatPhase.OFFERED
    messages: tuple[ChatMessage, ...] = ()
    waiting: str = ""
    detail: str = ""
    scripts: tuple[str, ...] = ()

    def message(self, message_id: str) -> ChatMessage | None:
        """The message with this id, if the conversation has it."""
        return next((msg for msg in self.messages if msg.message_id == message_id), None)

    @property
    def over(self) -> bool:
        """Whether the session left the operator (closed or transferred)."""
        return self.phase in (ChatPhase.CLOSED, ChatPhase.TRANSFERRED)


@dataclass(frozen=True, slots=True)
class ChatMessageReported:
    """A message of the call's conversation was written or reported again."""

    cid: str
    message: ChatMessage
    at: float


@dataclass(frozen=True, slots=True)
class ChatHistoryReported:
    """The conversation so far (e.g. when the toolbar subscribes to a session)."""

    cid: str
    messages: tuple[ChatMessage, ...]
    at: float


@dataclass(frozen=True, slots=True)
class ChatMessageMarked:
    """Something happened to one message (distributed, done, unblocked, a script started)."""

    cid: str
    message_id: str
    mark: ChatMark
    at: float


@dataclass(frozen=True, slots=True)
class ChatMessageWaiting:
    """A new message waits for the operator (a text session offered or written to)."""

    cid: str
    message_id: str
    at: float


@dataclass(frozen=True, slots=True)
class ChatPhaseReported:
    """The session moved on (distributed to the operator, transferred, closed)."""

    cid: str
    phase: ChatPhase
    detail: str
    at: float


ChatEvent = (
    ChatMessageReported
    | ChatHistoryReported
    | ChatMessageMarked
    | ChatMessageWaiting
    | ChatPhaseReported
)


def apply(conversation: Conversation | None, event: ChatEvent) -> Conversation:
    """The conversation after ``event`` (a new one when the call had none)."""
    conv = conversation if conversation is not None else Conversation(event.cid)
    match event:
        case ChatMessageReported(message=message):
            return replace(conv, messages=_merge(conv.messages, (message,)))
        case ChatHistoryReported(messages=messages):
            return replace(conv, messages=_merge(conv.messages, messages))
        case ChatMessageMarked(message_id=message_id, mark=mark):
            scripts = conv.scripts
            if mark is ChatMark.SCRIPT and message_id not in scripts:
                scripts = (*scripts, message_id)
            waiting = conv.waiting
            if mark in (ChatMark.DISTRIBUTED, ChatMark.DONE) and waiting == message_id:
                waiting = ""
            return replace(
                conv,
                messages=tuple(_marked(msg, message_id, mark) for msg in conv.messages),
                scripts=scripts,
                waiting=waiting,
            )
        case ChatMessageWaiting(message_id=message_id):
            return replace(conv, waiting=message_id)
        case ChatPhaseReported(phase=phase, detail=detail):
            waiting = "" if phase is not ChatPhase.OFFERED else conv.waiting
            return replace(conv, phase=phase, detail=detail, waiting=waiting)
    return conv


def _merge(old: tuple[ChatMessage, ...], new: tuple[ChatMessage, ...]) -> tuple[ChatMessage, ...]:
    by_id = {msg.message_id: msg for msg in old}
    order = [msg.message_id for msg in old]
    for msg in new:
        known = by_id.get(msg.message_id)
        if known is None:
            order.append(msg.message_id)
        else:  # reported again: keep what happened to it so far
            msg = replace(msg, marks=_union(known.marks, msg.marks))
        by_id[msg.message_id] = msg
    return tuple(by_id[message_id] for message_id in order)


def _marked(msg: ChatMessage, message_id: str, mark: ChatMark) -> ChatMessage:
    if msg.message_id != message_id or mark in msg.marks:
        return msg
    return replace(msg, marks=(*msg.marks, mark))


def _union(first: tuple[ChatMark, ...], second: tuple[ChatMark, ...]) -> tuple[ChatMark, ...]:
    return (*first, *(mark for mark in second if mark not in first))
