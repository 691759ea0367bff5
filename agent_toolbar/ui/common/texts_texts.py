"""Words for text sessions, call results, callbacks, notices and the service commands.

Kept apart from :mod:`agent_toolbar.ui.common.texts` (which words calls and states); every
string is translatable (Russian in ``resources/translations``).
"""

from __future__ import annotations

from agent_toolbar.cti.actions import Why
from agent_toolbar.cti.conversation import Author, ChatMark, ChatPhase
from agent_toolbar.qt import QT_TRANSLATE_NOOP, QCoreApplication

__all__ = [
    "WHY",
    "author_text",
    "channel_text",
    "invalid_text",
    "phase_text",
]

#: Wording of the refusals these features add (merged into the card's tooltips).
WHY = {
    Why.TEXT_SESSION: QT_TRANSLATE_NOOP("Why", "A text session has no voice"),
    Why.DISPOSITION_REQUIRED: QT_TRANSLATE_NOOP(
        "Why", "Choose the call result first (Result… on the card)"
    ),
    Why.NOTHING_WAITING: QT_TRANSLATE_NOOP("Why", "No message waits to be taken into work"),
    Why.SESSION_OVER: QT_TRANSLATE_NOOP("Why", "The session was closed or transferred"),
}

_CHANNELS = {
    "telegram": QT_TRANSLATE_NOOP("Channel", "Telegram"),
    "webim": QT_TRANSLATE_NOOP("Channel", "Web chat"),
    "xmpp": QT_TRANSLATE_NOOP("Channel", "XMPP chat"),
    "sms": QT_TRANSLATE_NOOP("Channel", "SMS"),
    "imap": QT_TRANSLATE_NOOP("Channel", "E-mail"),
    "pop3": QT_TRANSLATE_NOOP("Channel", "E-mail"),
    "facebook_im": QT_TRANSLATE_NOOP("Channel", "Facebook message"),
    "facebook_mention": QT_TRANSLATE_NOOP("Channel", "Facebook mention"),
    "instagram_im": QT_TRANSLATE_NOOP("Channel", "Instagram Direct"),
    "instagram_mention": QT_TRANSLATE_NOOP("Channel", "Instagram comment"),
    "vkontakte_im": QT_TRANSLATE_NOOP("Channel", "VK message"),
    "vkontakte_mention": QT_TRANSLATE_NOOP("Channel", "VK post or mention"),
    "vkontakte_market": QT_TRANSLATE_NOOP("Channel", "VK product comment"),
    "sip": QT_TRANSLATE_NOOP("Channel", "SIP messages"),
}

_PHASES = {
    ChatPhase.OFFERED: QT_TRANSLATE_NOOP("Chat", "waiting to be taken into work"),
    ChatPhase.IN_WORK: QT_TRANSLATE_NOOP("Chat", "in work"),
    ChatPhase.TRANSFERRED: QT_TRANSLATE_NOOP("Chat", "transferred to %1"),
    ChatPhase.CLOSED: QT_TRANSLATE_NOOP("Chat", "closed"),
}

_AUTHORS = {
    Author.CUSTOMER: QT_TRANSLATE_NOOP("Chat", "Customer"),
    Author.OPERATOR: QT_TRANSLATE_NOOP("Chat", "Operator"),
    Author.SCRIPT: QT_TRANSLATE_NOOP("Chat", "Script"),
    Author.SYSTEM: QT_TRANSLATE_NOOP("Chat", "System"),
}

_MARKS = {
    ChatMark.UNBLOCKED: QT_TRANSLATE_NOOP("Chat", "unblocked"),
    ChatMark.DONE: QT_TRANSLATE_NOOP("Chat", "processed"),
}

_INVALID = {
    "code.missing": QT_TRANSLATE_NOOP("Invalid", "choose a call result"),
    "code.format": QT_TRANSLATE_NOOP("Invalid", "the call result's code cannot be sent"),
    "code.unknown": QT_TRANSLATE_NOOP("Invalid", "this call result is not in the list"),
    "project_id.missing": QT_TRANSLATE_NOOP(
        "Invalid", "the call carries no project (ask your administrator)"
    ),
    "project_id.format": QT_TRANSLATE_NOOP("Invalid", "the project's UUID is not valid"),
    "session_id.missing": QT_TRANSLATE_NOOP("Invalid", "the call has no session id yet"),
    "session_id.format": QT_TRANSLATE_NOOP("Invalid", "the call's session id cannot be sent"),
    "when.naive": QT_TRANSLATE_NOOP("Invalid", "the callback time has no time zone"),
    "when.past": QT_TRANSLATE_NOOP("Invalid", "the callback time has already passed"),
    "when.too_far": QT_TRANSLATE_NOOP("Invalid", "the callback is more than a year ahead"),
    "phone.missing": QT_TRANSLATE_NOOP("Invalid", "enter the number to call back"),
    "phone.format": QT_TRANSLATE_NOOP("Invalid", "the number to call back is not valid"),
    "agent_login.missing": QT_TRANSLATE_NOOP("Invalid", "enter who calls back"),
    "agent_login.format": QT_TRANSLATE_NOOP("Invalid", "who calls back must be one login"),
    "comment.too_long": QT_TRANSLATE_NOOP("Invalid", "the comment is too long (500 at most)"),
    "message.missing": QT_TRANSLATE_NOOP("Invalid", "write the message"),
    "message.too_long": QT_TRANSLATE_NOOP("Invalid", "the message is too long (1000 at most)"),
    "project.missing": QT_TRANSLATE_NOOP("Invalid", "choose the project"),
    "project.format": QT_TRANSLATE_NOOP("Invalid", "the project UUID is not valid"),
    "to.missing": QT_TRANSLATE_NOOP("Invalid", "name at least one login or department"),
    "to.format": QT_TRANSLATE_NOOP(
        "Invalid", "a recipient is neither a login nor a department UUID"
    ),
    "to.too_many": QT_TRANSLATE_NOOP("Invalid", "at most 100 recipients per notice"),
    "to.unknown": QT_TRANSLATE_NOOP("Invalid", "unknown role"),
    "run_as.missing": QT_TRANSLATE_NOOP("Invalid", "the operator's login is unknown"),
    "timeout.range": QT_TRANSLATE_NOOP("Invalid", "the request timeout setting is out of range"),
}


def _tr(context: str, text: object) -> str:
    return QCoreApplication.translate(context, str(text))


def channel_text(kind: str) -> str:
    """The channel of a text session in words (the system's type when it is unknown)."""
    text = _CHANNELS.get(kind.strip().lower())
    return _tr("Channel", text) if text else kind


def phase_text(phase: ChatPhase, detail: str = "") -> str:
    """Where a text session is, in words."""
    return _tr("Chat", _PHASES[phase]).replace("%1", detail or "?")


def author_text(author: Author) -> str:
    """Who wrote a message, when the message does not name them."""
    return _tr("Chat", _AUTHORS[author])


def mark_text(mark: ChatMark) -> str:
    """A mark worth showing next to a message ("" for the others)."""
    text = _MARKS.get(mark)
    return _tr("Chat", text) if text else ""


def invalid_text(code: str) -> str | None:
    """Why a request was refused before it was sent (``field.problem``), or None."""
    text = _INVALID.get(code)
    return _tr("Invalid", text) if text else None
