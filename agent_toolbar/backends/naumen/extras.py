"""The Naumen backend's text sessions, wrap-up records, notices and service commands.

:class:`NaumenExtras` is the part of :class:`~agent_toolbar.backends.naumen.adapter.NaumenBackend`
that goes beyond voice calls:

* every ``NewCall`` / ``CallStatus`` of a text channel (§4.2) is reported with
  :attr:`~agent_toolbar.cti.model.Media.TEXT`, and the backend subscribes to the session's
  events (``SubscribeOnMessagesSession``, §3.68) as soon as the connection is ready — again
  after a reconnect; the nine subscription events, the history in the subscription's
  ``Ok``, ``NewTextMessage`` and ``VoipMessageReceived`` become
  :class:`~agent_toolbar.cti.events.ChatReported` events
  (:mod:`~agent_toolbar.backends.naumen.text_sessions`);
* a customer's message raises a :class:`~agent_toolbar.cti.events.Notice` (text message)
  once its text is known: ``NewTextMessage`` carries only the message's id, so the notice
  waits for the ``NewMessageInSession`` (or the history) with that id; a SIP message
  (``VoipMessageReceived``) is a notice at once;
* the intents for taking a text session into work (``MessageInProcessMode``), sending a SIP
  message (``SendVoipMessage`` with ``message``), recording a call result or a callback
  (``SendPmsRestRequest``, :mod:`~agent_toolbar.backends.naumen.pms`), notices to operators
  (:mod:`~agent_toolbar.backends.naumen.broadcasts`) and ``ReopenRootPage`` become commands.
  Input they cannot be built from is refused before anything is sent, as
  :attr:`~agent_toolbar.cti.outcomes.FailureReason.INVALID` with the code
  ``<field>.<problem>`` (e.g. ``when.past``), which the UI words.

Reading: the PMS path needs the call's project UUID and ``sessionId``; the project comes
from the call parameter ``naumen/pms_project_param`` (``ProjectId``), the rest of
``initData`` from the call's parameters as :mod:`~agent_toolbar.backends.naumen.pms` says.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.backends.naumen.broadcasts import (
    BroadcastInputError,
    broadcast_message,
    project_broadcast,
)
from agent_toolbar.backends.naumen.pms import (
    Interaction,
    PmsInputError,
    callback_request,
    disposition_request,
)
from agent_toolbar.backends.naumen.text_sessions import TextSessions, chat_message, is_text_type
from agent_toolbar.cti import conversation as cv
from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.model import Media, NoticeKind
from agent_toolbar.cti.outcomes import CommandError, FailureReason

__all__ = ["NaumenExtras", "media_of"]

log = logging.getLogger(__name__)


def media_of(call_type: str | None) -> Media:
    """Voice or text, by the §4.2 type."""
    return Media.TEXT if is_text_type(call_type) else Media.VOICE


class NaumenExtras:
    """Text sessions, wrap-up records and notices of one Naumen connection.

    Args:
        login: The operator's login (``RUN_AS_USER`` of PMS requests).
        project_param: The call parameter with the project UUID.
        pms_timeout: The PMS request's ``timeout`` in seconds.
        clock: Wall-clock time (checks that a callback lies in the future).
    """

    def __init__(
        self,
        login: str,
        *,
        project_param: str = "ProjectId",
        pms_timeout: float = 10,
        clock: Callable[[], float],
    ) -> None:
        self.login = login
        self.project_param = project_param or "ProjectId"
        self.pms_timeout = pms_timeout
        self._clock = clock
        self.texts = TextSessions()
        self._params: dict[str, dict[str, str]] = {}
        self._names: dict[str, str] = {}
        self._awaiting_notice: dict[str, str] = {}  # message_id -> cid
        self._known_text: dict[str, tuple[str, str]] = {}  # message_id -> (name, text)

    # ------------------------------------------------------------------ events in

    def on_call(self, msg: m.NewCall | m.CallStatus) -> str | None:
        """Learn a call's parameters; the session to subscribe to, if a new text session."""
        if msg.params:
            self._params.setdefault(msg.cid, {}).update(msg.params)
        if msg.display_name:
            self._names[msg.cid] = msg.display_name
        return self.texts.on_call(msg)

    def on_params(self, cid: str, params: dict[str, str]) -> None:
        """More parameters of a call (``CallParams``, ``CallParamsUpdated``)."""
        self._params.setdefault(cid, {}).update(params)

    def on_closed(self, cid: str) -> None:
        """The call left the phone."""
        self._params.pop(cid, None)
        self._names.pop(cid, None)
        self.texts.forget_call(cid)

    def events(self, msg: m.Message | m.UnknownMessage, at: float) -> list[ev.DomainEvent]:
        """The conversation events and notices for one message."""
        out: list[ev.DomainEvent] = [
            ev.ChatReported(chat=chat, at=at) for chat in self.texts.to_events(msg, at)
        ]
        match msg:
            case m.NewTextMessage(cid=cid, message_id=message_id):
                known = self._known_text.get(message_id)
                if known is None:
                    self._awaiting_notice[message_id] = cid
                else:
                    out.append(self._notice(cid, *known, at))
            case m.NewMessageInSession() | m.ReplyMessage():
                out.extend(self._session_message(msg, at))
            case m.VoipMessageReceived(cid=cid, message=text) if text.strip():
                name = self._names.get(cid, "")
                out.append(self._notice(cid, name, text, at))
        return out

    def history(self, session_id: str, ok: m.Message, at: float) -> list[ev.DomainEvent]:
        """The conversation so far (the subscription's ``Ok``), with the notices it settles."""
        out: list[ev.DomainEvent] = [
            ev.ChatReported(chat=chat, at=at) for chat in self.texts.history(session_id, ok, at)
        ]
        for item in ok.messages or () if isinstance(ok, m.Ok) else ():
            out.extend(self._session_message(item, at))
        return out

    def _session_message(
        self, msg: m.NewMessageInSession | m.ReplyMessage, at: float
    ) -> list[ev.DomainEvent]:
        chat = chat_message(msg)
        if chat.author is not cv.Author.CUSTOMER:
            return []
        self._known_text[chat.message_id] = (chat.name, chat.text)
        if len(self._known_text) > 256:
            self._known_text.pop(next(iter(self._known_text)))
        cid = self._awaiting_notice.pop(chat.message_id, None)
        return [] if cid is None else [self._notice(cid, chat.name, chat.text, at)]

    def _notice(self, cid: str, name: str, text: str, at: float) -> ev.Notice:
        sender = name or self._names.get(cid, "")
        return ev.Notice(text=text, kind=NoticeKind.TEXT_MESSAGE, cid=cid, sender=sender, at=at)

    # ------------------------------------------------------------------ intents out

    def command(self, intent: it.Intent) -> m.Message | None:
        """The command for an intent this part handles (None for any other intent)."""
        try:
            return self._command(intent)
        except (PmsInputError, BroadcastInputError) as exc:
            code = f"{exc.field}.{exc.problem}"
            raise CommandError(code, kind=FailureReason.INVALID, details={"code": code}) from exc

    def _command(self, intent: it.Intent) -> m.Message | None:
        login = self.login
        match intent:
            case it.TakeTextSession(cid=cid, message_id=message_id):
                return m.MessageInProcessMode(login=login, cid=cid, message_id=message_id)
            case it.SendText(cid=cid, text=text):
                if not text.strip():
                    raise BroadcastInputError("message", "missing", "the message is empty")
                return m.SendVoipMessage(login=login, cid=cid, message=text.strip())
            case it.SetDisposition(cid=cid, code=code):
                return disposition_request(
                    self._interaction(cid), code, run_as=login, timeout=self.pms_timeout
                )
            case it.ScheduleCallback(cid=cid, when=when, phone=phone, agent=agent):
                now = datetime.fromtimestamp(self._clock(), UTC)
                return callback_request(
                    self._interaction(cid),
                    when=when,
                    now=now,
                    phone=phone,
                    agent_login=agent,
                    comment=intent.comment,
                    run_as=login,
                    timeout=self.pms_timeout,
                )
            case it.Broadcast(text=text, recipients=recipients):
                return broadcast_message(text, recipients)
            case it.ProjectBroadcast(text=text, project=project, roles=roles):
                return project_broadcast(text, project, roles)
            case it.ReopenRootPage():
                return m.ReopenRootPage(login=login)
        return None

    def _interaction(self, cid: str) -> Interaction:
        return Interaction.from_params(self._params.get(cid), project_param=self.project_param)
