"""The 75 messages of the Naumen CTI API, protocol version 13 (specification §3).

One frozen dataclass per message, declared in the specification's section order. Field
names are Python spellings; ``wire(...)`` gives the JSON spelling and every alternative the
document uses (see ``docs``: the notes' table of inconsistent spellings). Message names are
matched case-insensitively, so ``callparams``, ``close`` and ``TransferwithCallback`` all
decode. The heading spelling is always what we send.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from agent_toolbar.backends.naumen.codec import (
    DecodeResult,
    Kind,
    Message,
    MessageRegistry,
    UnknownMessage,
    encode,
    to_wire,
    wire,
)

C, E, S = Kind.COMMAND, Kind.EVENT, Kind.SERVICE

#: The Naumen CTI API's own message registry (the 75 messages below).
PROTOCOL = MessageRegistry("Naumen CTI API")
message = PROTOCOL.message
decode = PROTOCOL.decode
decode_object = PROTOCOL.decode_object
lookup = PROTOCOL.lookup
registry = PROTOCOL.classes

__all__ = [
    "PROTOCOL",
    "PROTOCOL_VERSION",
    "SUBPROTOCOL",
    "DecodeResult",
    "Kind",
    "Message",
    "UnknownMessage",
    "decode",
    "decode_object",
    "encode",
    "lookup",
    "registry",
    "to_wire",
]

SUBPROTOCOL = "nauphone-cti-protocol"
PROTOCOL_VERSION = "13"


def _login() -> Any:
    return wire("login", default="", required=True)


def _cid() -> Any:
    return wire("cid", default="", required=True)


def _conf() -> Any:
    return wire("confId", default="", required=True)


def _phone() -> Any:
    return wire("phoneNumber", default="", required=True)


def _session() -> Any:
    return wire("session_id", default="", required=True, aliases=("sessionId",))


# ----------------------------------------------------------------------------- 3.1 – 3.10


@message("3.1", C, webphone=False)
@dataclass(frozen=True, slots=True)
class AddCallToConference(Message):
    """Add an existing call to a conference; answered by ``Ok`` then ``Calls``."""

    login: str = _login()
    conf_id: str = _conf()
    cid: str = _cid()


@message("3.2", C)
@dataclass(frozen=True, slots=True)
class Answer(Message):
    """Answer an incoming call; ``UserState`` follows."""

    login: str = _login()
    cid: str = _cid()


@message("3.3", C)
@dataclass(frozen=True, slots=True)
class AttachToUser(Message):
    """Attach to the operator's phone; ``Ok`` then ``UserState`` (+ ``Calls``, ``Conferences``)."""

    login: str = _login()


@message("3.4", C, webphone=False)
@dataclass(frozen=True, slots=True)
class BindNumber(Message):
    """Bind an external number (``sip:<n>@<ip>:5060``) to the operator's SoftPhone."""

    login: str = _login()
    number: str = wire("number", default="", required=True)
    replace: bool | None = wire("replace")


@message("3.5", C)
@dataclass(frozen=True, slots=True)
class BreakTransfer(Message):
    """Cancel a transfer in progress; ``TransferCallReturned`` follows the return."""

    login: str = _login()
    cid: str = _cid()


@message("3.6", C, webphone=False, has_login=False)
@dataclass(frozen=True, slots=True)
class BroadcastMessage(Message):
    """Send a system notice to logins and department UUIDs."""

    message: str = wire("message", default="", required=True)
    to: tuple[str, ...] = wire("to", default=(), required=True)


@message("3.7", C, webphone=False, has_login=False)
@dataclass(frozen=True, slots=True)
class BroadcastProjectMessage(Message):
    """Send a system notice to a project's roles (``agent``, ``supervisor`` or everyone)."""

    message: str = wire("message", default="", required=True)
    project_id: str = wire("project_id", default="", required=True)
    to: tuple[str, ...] = wire("to", default=())


@message("3.8", E)
@dataclass(frozen=True, slots=True)
class CallParamsUpdated(Message):
    """Call parameters were changed or added (by any client)."""

    login: str = _login()
    cid: str = _cid()
    params: Mapping[str, str] = wire("params", factory=dict, required=True)


@message("3.9", E)
@dataclass(frozen=True, slots=True)
class Calls(Message):
    """Every call the phone serves now (after attach, ``GetCalls`` and conference changes)."""

    login: str = _login()
    calls: tuple[CallStatus, ...] = wire("calls", default=())


@message("3.10", E)
@dataclass(frozen=True, slots=True)
class CallParams(Message):
    """A call's parameters, sent when they become known (``callparams`` in the table)."""

    login: str = _login()
    cid: str = _cid()
    params: Mapping[str, str] | None = wire("params")


# ----------------------------------------------------------------------------- 3.11 – 3.20


@message("3.11", E)
@dataclass(frozen=True, slots=True)
class CallStatus(Message):
    """A call's state changed; also the element type of ``Calls``."""

    login: str = _login()
    cid: str = _cid()
    type: str = wire("type", default="")
    state: str = wire("state", default="")
    direction: str = wire("direction", default="")
    hold: bool = wire("hold", default=False)
    muted: bool = wire("muted", default=False)
    display_name: str = wire("displayName", default="")
    creation_time: float | None = wire("creationTime")
    answer_time: float | None = wire("answerTime")
    hangup_time: float | None = wire("hangupTime")
    local_params: Mapping[str, str] | None = wire("localParams")
    params: Mapping[str, str] | None = wire("params")


@message("3.12", C)
@dataclass(frozen=True, slots=True)
class ChangeUserState(Message):
    """Change the operator's state, with an optional reason; ``UserState`` follows."""

    login: str = _login()
    state: str = wire("state", default="", required=True)
    reason: str | None = wire("reason")


@message("3.13", C)
@dataclass(frozen=True, slots=True)
class Close(Message):
    """Finish wrap-up of an ended call; ``OnClose`` follows (example spells it ``close``)."""

    login: str = _login()
    cid: str = _cid()


@message("3.14", E, webphone=False)
@dataclass(frozen=True, slots=True)
class ConferenceInfo(Message):
    """A conference's member calls and whether the operator is in it."""

    login: str = _login()
    conf_id: str = _conf()
    display_name: str = wire("displayName", default="")
    calls: tuple[str, ...] = wire("calls", default=())
    operator_in_conference: bool = wire("operatorInConference", default=False)


@message("3.15", E, webphone=False)
@dataclass(frozen=True, slots=True)
class Conferences(Message):
    """Every current conference (after attach and ``GetConferences``)."""

    login: str = _login()
    conferences: tuple[ConferenceInfo, ...] = wire("conferences", default=())


@message("3.16", C)
@dataclass(frozen=True, slots=True)
class ConferenceTransfer(Message):
    """Transfer with a conference: the operator, customer and target talk together first."""

    login: str = _login()
    cid: str = _cid()
    phone_number: str = _phone()


@message("3.17", C)
@dataclass(frozen=True, slots=True)
class ConsultationTransfer(Message):
    """Transfer after consulting the target while the customer waits on hold."""

    login: str = _login()
    cid: str = _cid()
    phone_number: str = _phone()


@message("3.18", C, webphone=False)
@dataclass(frozen=True, slots=True)
class CreateConference(Message):
    """Create a conference; ``NewConference`` and ``ConferenceInfo`` follow."""

    login: str = _login()
    conference_name: str = wire("conferenceName", default="")


@message("3.19", E)
@dataclass(frozen=True, slots=True)
class CurrentCall(Message):
    """The phone's active call changed."""

    login: str = _login()
    cid: str = _cid()


@message("3.20", C)
@dataclass(frozen=True, slots=True)
class DetachFromUser(Message):
    """Detach from the operator's phone (orderly shutdown)."""

    login: str = _login()


# ----------------------------------------------------------------------------- 3.21 – 3.30


@message("3.21", S, has_login=False)
@dataclass(frozen=True, slots=True)
class Error(Message):
    """A command failed; ``description`` says why."""

    description: str = wire("description", default="")


@message("3.22", C)
@dataclass(frozen=True, slots=True)
class Exit(Message):
    """Quit the SoftPhone or WebPhone (destructive)."""

    login: str = _login()


@message("3.23", C)
@dataclass(frozen=True, slots=True)
class FinishConferenceTransfer(Message):
    """Complete a conference transfer: the operator leaves, the customer stays with the target."""

    login: str = _login()
    cid: str = _cid()


@message("3.24", C)
@dataclass(frozen=True, slots=True)
class GetCalls(Message):
    """Ask for the current calls; answered by ``Calls``."""

    login: str = _login()


@message("3.25", C, webphone=False)
@dataclass(frozen=True, slots=True)
class GetConferences(Message):
    """Ask for the current conferences; answered by ``Conferences``."""

    login: str = _login()


@message("3.26", C)
@dataclass(frozen=True, slots=True)
class GetUserState(Message):
    """Ask for the operator's state; answered by ``UserState``."""

    login: str = _login()


@message("3.27", C)
@dataclass(frozen=True, slots=True)
class Hangup(Message):
    """End a call; ``OnClose`` follows (a refused offer sends the operator to *accident*)."""

    login: str = _login()
    cid: str = _cid()


@message("3.28", C, webphone=False)
@dataclass(frozen=True, slots=True)
class HangupConference(Message):
    """End a conference; ``ConferenceInfo`` and ``OnCloseConference`` follow."""

    login: str = _login()
    conf_id: str = _conf()


@message("3.29", C)
@dataclass(frozen=True, slots=True)
class Hold(Message):
    """Put a call on hold (``on``) or resume it; ``CallStatus`` follows."""

    login: str = _login()
    cid: str = _cid()
    on: bool = wire("on", default=False, required=True)


@message("3.30", C, webphone=False)
@dataclass(frozen=True, slots=True)
class JoinConference(Message):
    """The operator rejoins a conference; ``ConferenceInfo`` follows."""

    login: str = _login()
    conf_id: str = _conf()


# ----------------------------------------------------------------------------- 3.31 – 3.40


@message("3.31", C, webphone=False)
@dataclass(frozen=True, slots=True)
class LeaveConference(Message):
    """The operator leaves a conference without ending it; ``ConferenceInfo`` follows."""

    login: str = _login()
    conf_id: str = _conf()


@message("3.32", E)
@dataclass(frozen=True, slots=True)
class LocalParamsUpdated(Message):
    """Local parameters (§4.6, kept through wrap-up) were changed or added."""

    login: str = _login()
    cid: str = _cid()
    params: Mapping[str, str] = wire("params", factory=dict)


@message("3.33", C)
@dataclass(frozen=True, slots=True)
class Logout(Message):
    """End the operator's phone session (destructive)."""

    login: str = _login()


@message("3.34", C)
@dataclass(frozen=True, slots=True)
class MakeCall(Message):
    """Call a number or URI; ``NewCall`` follows."""

    login: str = _login()
    phone_number: str = _phone()


@message("3.35", C, webphone=False)
@dataclass(frozen=True, slots=True)
class MakeConferenceCall(Message):
    """Call a number into a conference; ``NewCall`` and ``ConferenceInfo`` follow."""

    login: str = _login()
    conf_id: str = _conf()
    phone_number: str = _phone()


@message("3.36", E, has_login=False)
@dataclass(frozen=True, slots=True)
class MessageDistributed(Message):
    """A text message was distributed to an operator (text-session subscription)."""

    agent_id: str = wire("agent_id", default="")
    message_id: str = wire("message_id", default="")
    session_id: str = _session()


@message("3.37", E, has_login=False)
@dataclass(frozen=True, slots=True)
class MessageDone(Message):
    """A text message was processed (text-session subscription)."""

    message_id: str = wire("message_id", default="")
    session_id: str = _session()


@message("3.38", E, has_login=False)
@dataclass(frozen=True, slots=True)
class MessageSessionClosed(Message):
    """A text session was closed (text-session subscription)."""

    agent_id: str = wire("agent_id", default="")
    session_id: str = _session()


@message("3.39", E, has_login=False)
@dataclass(frozen=True, slots=True)
class MessageSessionDistributed(Message):
    """A text session was distributed to an operator (text-session subscription)."""

    agent_id: str = wire("agent_id", default="")
    session_id: str = _session()


@message("3.40", E, has_login=False)
@dataclass(frozen=True, slots=True)
class MessageSessionTransferred(Message):
    """A text session was moved to another project (text-session subscription)."""

    dnis: str = wire("dnis", default="")
    session_id: str = _session()


# ----------------------------------------------------------------------------- 3.41 – 3.50


@message("3.41", E, has_login=False)
@dataclass(frozen=True, slots=True)
class MessageUnblocked(Message):
    """A text message was unblocked (text-session subscription)."""

    message_id: str = wire("message_id", default="")
    session_id: str = _session()


@message("3.42", C, aliases=("MessageInProgressMode",))
@dataclass(frozen=True, slots=True)
class MessageInProcessMode(Message):
    """Take a text message into work.

    Sent as the §3.42 heading, table 3.7 and the example spell it; the table of contents and
    the field table's ``MessageInProgressMode`` is accepted too.
    """

    login: str = _login()
    cid: str = _cid()
    message_id: str = wire("messageId", default="", aliases=("messageld",))


@message("3.43", C)
@dataclass(frozen=True, slots=True)
class Mute(Message):
    """Mute (``on``) or unmute the operator's microphone on a call; ``CallStatus`` follows."""

    login: str = _login()
    cid: str = _cid()
    on: bool = wire("on", default=False, required=True)


@message("3.44", E)
@dataclass(frozen=True, slots=True)
class NewCall(Message):
    """A call (or text session) appeared on the phone."""

    login: str = _login()
    cid: str = _cid()
    type: str = wire("type", default="")
    state: str = wire("state", default="")
    direction: str = wire("direction", default="")
    hold: bool = wire("hold", default=False)
    muted: bool = wire("muted", default=False)
    display_name: str = wire("displayName", default="")
    creation_time: float | None = wire("creationTime")
    answer_time: float | None = wire("answerTime")
    hangup_time: float | None = wire("hangupTime")
    local_params: Mapping[str, str] | None = wire("localParams")
    params: Mapping[str, str] | None = wire("params")


@message("3.45", E, webphone=False)
@dataclass(frozen=True, slots=True)
class NewConference(Message):
    """A conference was created."""

    login: str = _login()
    conf_id: str = _conf()
    display_name: str = wire("displayName", default="")
    calls: tuple[str, ...] = wire("calls", default=())
    operator_in_conference: bool = wire("operatorInConference", default=False)


@dataclass(frozen=True, slots=True)
class _SessionMessage(Message):
    """Fields shared by a text session's messages in both directions (§3.46 and §3.56)."""

    charset: str | None = wire("charset")
    content: str | None = wire("content")
    content_type: str | None = wire("content_type")
    created: str | None = wire("created")
    direction: str | None = wire("direction")
    done: str | None = wire("done")
    files: tuple[Mapping[str, Any], ...] | None = wire("files")
    from_addr: str | None = wire("from_addr")
    from_script: str | None = wire("from_script")
    message_date: str | None = wire("message_date")
    message_id: str | None = wire("message_id")
    params: Mapping[str, Any] | None = wire("params")
    remote_message_id: str | None = wire("remote_message_id")
    remote_name: str | None = wire("remote_name")
    reply_id: str | None = wire("reply_id")
    series: str | None = wire("series")
    session_id: str | None = wire("session_id", aliases=("sessionId",))
    spam: str | None = wire("spam")
    subject: str | None = wire("subject")
    to_addr: str | None = wire("to_addr")
    url: str | None = wire("url")


@message("3.46", E, has_login=False)
@dataclass(frozen=True, slots=True)
class NewMessageInSession(_SessionMessage):
    """A customer's message arrived in a text session (text-session subscription)."""


@message("3.47", E)
@dataclass(frozen=True, slots=True)
class NewTextMessage(Message):
    """A new message arrived within a text-message session."""

    login: str = _login()
    cid: str = _cid()
    message_id: str = wire("messageId", default="", aliases=("messageld",))


@message("3.48", S, has_login=False)
@dataclass(frozen=True, slots=True)
class Ok(Message):
    """A command was accepted; carries ``messages`` for ``SubscribeOnMessagesSession``."""

    messages: tuple[NewMessageInSession, ...] | None = wire("messages")


@message("3.49", E)
@dataclass(frozen=True, slots=True)
class OnClose(Message):
    """Work on a call is over (after ``Close`` or ``Hangup``): the call leaves the phone."""

    login: str = _login()
    cid: str = _cid()


@message("3.50", E, webphone=False)
@dataclass(frozen=True, slots=True)
class OnCloseConference(Message):
    """A conference ended."""

    login: str = _login()
    conf_id: str = _conf()


# ----------------------------------------------------------------------------- 3.51 – 3.60


@message("3.51", E)
@dataclass(frozen=True, slots=True)
class OnTransferCall(Message):
    """A transfer started; ``wasConnected`` tells whether the call had been answered."""

    login: str = _login()
    cid: str = _cid()
    was_connected: bool = wire("wasConnected", default=False)


@message("3.52", S, has_login=False)
@dataclass(frozen=True, slots=True)
class ParseError(Message):
    """A command could not be parsed; ``description`` says why."""

    description: str = wire("description", default="")


@message("3.53", C, webphone=False)
@dataclass(frozen=True, slots=True)
class RemoveCallFromConference(Message):
    """Take a call out of a conference without ending it; ``Calls`` follows."""

    login: str = _login()
    conf_id: str = _conf()
    cid: str = _cid()


@message("3.54", C, webphone=False)
@dataclass(frozen=True, slots=True)
class ReopenAudioDevice(Message):
    """Restart the phone's audio device (troubleshooting)."""

    login: str = _login()


@message("3.55", C, webphone=False)
@dataclass(frozen=True, slots=True)
class ReopenRootPage(Message):
    """Reload the phone's root page."""

    login: str = _login()


@message("3.56", E, has_login=False)
@dataclass(frozen=True, slots=True)
class ReplyMessage(_SessionMessage):
    """A message was sent to the customer in a text session.

    The document's example for this message carries ``"name": "NewMessageInSession"``; such
    a frame cannot be told apart from §3.46 and decodes as :class:`NewMessageInSession`.
    """


@message("3.57", C)
@dataclass(frozen=True, slots=True)
class SendDTMFSignal(Message):
    """Send DTMF tones: ``0``–``9``, ``*``, ``#`` and ``!`` (flash)."""

    login: str = _login()
    cid: str = _cid()
    dtmf_string: str = wire("DTMFString", default="", required=True)


@message("3.58", C, has_login=False)
@dataclass(frozen=True, slots=True)
class SendPmsRestRequest(Message):
    """Proxy a request to the PMS REST API (``headers.RUN_AS_USER`` names the operator)."""

    path: str = wire("path", default="", required=True)
    data: Mapping[str, Any] | None = wire("data")
    method: str | None = wire("method")
    headers: Mapping[str, str] | None = wire("headers")
    timeout: float | None = wire("timeout")


@message("3.59", C)
@dataclass(frozen=True, slots=True)
class SendVoipMessage(Message):
    """Send a SIP text message (the example carries ``messageId``, the table ``message``)."""

    login: str = _login()
    cid: str = _cid()
    message: str | None = wire("message")
    message_id: str | None = wire("messageId", aliases=("messageld",))


@message("3.60", C)
@dataclass(frozen=True, slots=True)
class SetActive(Message):
    """Make a call the active one."""

    login: str = _login()
    cid: str = _cid()


# ----------------------------------------------------------------------------- 3.61 – 3.70


@message("3.61", C)
@dataclass(frozen=True, slots=True)
class SetCallParam(Message):
    """Set a call parameter; ``CallParamsUpdated`` (if it changed) then ``Ok``."""

    login: str = _login()
    cid: str = _cid()
    param_name: str = wire("paramName", default="", required=True)
    param_value: str = wire("paramValue", default="")


@message("3.62", C)
@dataclass(frozen=True, slots=True)
class SetLocalParam(Message):
    """Set a local parameter (§4.6); ``LocalParamsUpdated`` (if it changed) then ``Ok``."""

    login: str = _login()
    cid: str = _cid()
    param_name: str = wire("paramName", default="", required=True)
    param_value: str = wire("paramValue", default="")


@message("3.63", C, webphone=False)
@dataclass(frozen=True, slots=True)
class SetMusicOnHold(Message):
    """Choose the music played on hold; send before ``Hold``."""

    login: str = _login()
    cid: str = _cid()
    url: str = wire("url", default="", required=True)


@message("3.64", S, has_login=False)
@dataclass(frozen=True, slots=True)
class SetProtocolVersion(Message):
    """First command of every connection; nothing else is served until its ``Ok``."""

    protocol_version: str = wire("protocolVersion", default="", required=True)


@message("3.65", E)
@dataclass(frozen=True, slots=True)
class SetSessionModeResponse(Message):
    """Result of ``SetSessionSecureMode``; ``error`` is present when it did not apply."""

    login: str = _login()
    cid: str = _cid()
    error: str | None = wire("error")


@message("3.66", C)
@dataclass(frozen=True, slots=True)
class SetSessionSecureMode(Message):
    """Pause (``enable``) or resume call recording while card data is dictated (PCI DSS)."""

    login: str = _login()
    cid: str = _cid()
    enable: bool = wire("enable", default=False, required=True)


@message("3.67", E, has_login=False)
@dataclass(frozen=True, slots=True)
class StartedScriptForMessage(Message):
    """A script started for a text message (text-session subscription)."""

    message_id: str = wire("message_id", default="")
    session_id: str = _session()


@message("3.68", C, has_login=False)
@dataclass(frozen=True, slots=True)
class SubscribeOnMessagesSession(Message):
    """Subscribe to a text session's events; ``Ok`` carries its messages so far."""

    protocol_version: int = wire("protocol_version", default=0)
    session_id: str = _session()
    direction: str | None = wire("direction")


@message("3.69", C)
@dataclass(frozen=True, slots=True)
class Transfer(Message):
    """Blind transfer to a number or URI."""

    login: str = _login()
    cid: str = _cid()
    phone_number: str = _phone()


@message("3.70", E)
@dataclass(frozen=True, slots=True)
class TransferCallReturned(Message):
    """A transferred call came back (transfer with return, or after ``BreakTransfer``)."""

    login: str = _login()
    cid: str = _cid()


# ----------------------------------------------------------------------------- 3.71 – 3.75


@message("3.71", E)
@dataclass(frozen=True, slots=True)
class TransferFailed(Message):
    """A transfer failed; ``status`` is a code of table 4.1."""

    login: str = _login()
    cid: str = _cid()
    status: str = wire("status", default="")

    @property
    def code(self) -> int | None:
        """The numeric status code, or ``None`` when ``status`` is not a number."""
        try:
            return int(self.status.strip())
        except ValueError:
            return None


@message("3.72", E)
@dataclass(frozen=True, slots=True)
class TransferSucceed(Message):
    """A transfer succeeded."""

    login: str = _login()
    cid: str = _cid()


@message("3.73", C)
@dataclass(frozen=True, slots=True)
class TransferWithCallBack(Message):
    """Transfer with return: the call comes back if the target does not keep it."""

    login: str = _login()
    cid: str = _cid()
    phone_number: str = _phone()


@message("3.74", E)
@dataclass(frozen=True, slots=True)
class UserState(Message):
    """The operator's state, substates (``ringing#voice`` …), time and reason."""

    login: str = _login()
    state: str = wire("state", default="", required=True)
    substates: tuple[str, ...] = wire("substates", default=())
    time: float | None = wire("time")
    reason: str | None = wire("reason")


@message("3.75", E)
@dataclass(frozen=True, slots=True)
class VoipMessageReceived(Message):
    """A SIP text message arrived."""

    login: str = _login()
    cid: str = _cid()
    message: str = wire("message", default="")


#: Every modelled message class in section order (75 of them).
ALL_MESSAGES: tuple[type[Message], ...] = registry()
