"""Intents: what the operator asked for, independent of any protocol.

Widgets and hotkeys create intents; the session records them and a backend turns them into
commands. Each intent names the :class:`~agent_toolbar.cti.capabilities.Feature` it needs and the
action key used for in-flight tracking and allowed-action checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from agent_toolbar.cti.capabilities import Feature
from agent_toolbar.cti.model import TransferKind


@dataclass(frozen=True, slots=True)
class Intent:
    """Base class; ``cid`` is empty for intents not tied to a call."""

    @property
    def call_id(self) -> str:
        """The call this intent is about, or ``""``."""
        return str(getattr(self, "cid", ""))

    @property
    def action(self) -> str:
        """A stable key for in-flight tracking (the class name in snake case)."""
        name = type(self).__name__
        return "".join("_" + ch.lower() if ch.isupper() else ch for ch in name).lstrip("_")

    @property
    def feature(self) -> Feature:
        """The capability this intent needs."""
        return _FEATURES[type(self)]

    def describe(self, *, secure: bool = False) -> str:
        """A one-line description for logs (DTMF digits masked when ``secure``)."""
        return repr(self)


@dataclass(frozen=True, slots=True)
class Answer(Intent):
    """Answer a ringing call."""

    cid: str


@dataclass(frozen=True, slots=True)
class Hangup(Intent):
    """Hang up (or refuse) a call."""

    cid: str


@dataclass(frozen=True, slots=True)
class Hold(Intent):
    """Put a call on hold (``on``) or resume it."""

    cid: str
    on: bool


@dataclass(frozen=True, slots=True)
class Mute(Intent):
    """Mute (``on``) or unmute the microphone on a call."""

    cid: str
    on: bool


@dataclass(frozen=True, slots=True)
class SendDtmf(Intent):
    """Send DTMF digits (``0-9``, ``*``, ``#``, ``!`` = flash)."""

    cid: str
    digits: str

    def describe(self, *, secure: bool = False) -> str:
        """Describe without the digits, always (they may be card or PIN data)."""
        del secure
        return f"SendDtmf(cid={self.cid!r}, digits={'•' * len(self.digits)!r})"


@dataclass(frozen=True, slots=True)
class CloseCall(Intent):
    """Finish wrap-up of an ended call."""

    cid: str


@dataclass(frozen=True, slots=True)
class SetActive(Intent):
    """Make a call the active one."""

    cid: str


@dataclass(frozen=True, slots=True)
class MakeCall(Intent):
    """Call a number or URI."""

    number: str


@dataclass(frozen=True, slots=True)
class ChangeState(Intent):
    """Change the operator's state (``normal``, ``away`` + reason, ``dnd``, ``custom1``…)."""

    state: str
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class TransferCall(Intent):
    """Transfer a call to ``target`` by one of the four kinds."""

    cid: str
    kind: TransferKind
    target: str

    @property
    def feature(self) -> Feature:
        """Each transfer kind is its own capability."""
        return {
            TransferKind.BLIND: Feature.TRANSFER_BLIND,
            TransferKind.CONSULTATION: Feature.TRANSFER_CONSULTATION,
            TransferKind.CONFERENCE: Feature.TRANSFER_CONFERENCE,
            TransferKind.CALLBACK: Feature.TRANSFER_CALLBACK,
        }[self.kind]


@dataclass(frozen=True, slots=True)
class BreakTransfer(Intent):
    """Cancel the transfer of a call."""

    cid: str


@dataclass(frozen=True, slots=True)
class FinishConferenceTransfer(Intent):
    """Complete a conference transfer (the operator leaves)."""

    cid: str


@dataclass(frozen=True, slots=True)
class CreateConference(Intent):
    """Create a conference, optionally named."""

    name: str = ""


@dataclass(frozen=True, slots=True)
class MakeConferenceCall(Intent):
    """Call a number into a conference."""

    conf_id: str
    number: str


@dataclass(frozen=True, slots=True)
class AddCallToConference(Intent):
    """Add an existing call to a conference."""

    conf_id: str
    cid: str


@dataclass(frozen=True, slots=True)
class RemoveCallFromConference(Intent):
    """Take a call out of a conference without ending it."""

    conf_id: str
    cid: str


@dataclass(frozen=True, slots=True)
class JoinConference(Intent):
    """The operator rejoins a conference."""

    conf_id: str


@dataclass(frozen=True, slots=True)
class LeaveConference(Intent):
    """The operator leaves a conference (it goes on without them)."""

    conf_id: str


@dataclass(frozen=True, slots=True)
class HangupConference(Intent):
    """End a conference for everyone."""

    conf_id: str


@dataclass(frozen=True, slots=True)
class SetCallParam(Intent):
    """Set a call parameter."""

    cid: str
    name: str
    value: str


@dataclass(frozen=True, slots=True)
class SetLocalParam(Intent):
    """Set a local parameter (kept through wrap-up)."""

    cid: str
    name: str
    value: str


@dataclass(frozen=True, slots=True)
class SetSecureMode(Intent):
    """Pause (``enable``) or resume call recording (PCI DSS)."""

    cid: str
    enable: bool


@dataclass(frozen=True, slots=True)
class SetMusicOnHold(Intent):
    """Choose the music on hold for a call (before holding it)."""

    cid: str
    url: str


@dataclass(frozen=True, slots=True)
class ReopenAudioDevice(Intent):
    """Restart the phone's audio device."""


@dataclass(frozen=True, slots=True)
class BindNumber(Intent):
    """Work from an external phone number."""

    number: str
    replace: bool = False


@dataclass(frozen=True, slots=True)
class Logout(Intent):
    """End the phone session (destructive; the UI confirms first)."""


@dataclass(frozen=True, slots=True)
class ExitPhone(Intent):
    """Quit the phone application (destructive; the UI confirms first)."""


@dataclass(frozen=True, slots=True)
class ReopenRootPage(Intent):
    """Reload the phone's own page (a troubleshooting action)."""


@dataclass(frozen=True, slots=True)
class TakeTextSession(Intent):
    """Take a text session into work (its waiting message ``message_id``)."""

    cid: str
    message_id: str


@dataclass(frozen=True, slots=True)
class SendText(Intent):
    """Send a text message to the other party of a call (a SIP MESSAGE)."""

    cid: str
    text: str

    def describe(self, *, secure: bool = False) -> str:
        """Describe without the text (what customers write stays out of logs)."""
        return f"SendText(cid={self.cid!r}, {len(self.text)} characters)"


@dataclass(frozen=True, slots=True)
class SetDisposition(Intent):
    """Record the call's result (``code`` from the admin's catalogue) in wrap-up."""

    cid: str
    code: str


@dataclass(frozen=True, slots=True)
class ScheduleCallback(Intent):
    """Ask for a callback of this call.

    Attributes:
        cid: The call.
        when: When to call back (aware datetime: it carries its UTC offset).
        phone: The number to call.
        agent: Who calls back (a login; the operator themself by default).
        comment: A note for whoever calls back.
    """

    cid: str
    when: datetime
    phone: str
    agent: str
    comment: str = ""

    def describe(self, *, secure: bool = False) -> str:
        """Describe with the number masked to its last 4 digits and without the comment."""
        shown = "…" + self.phone[-4:] if len(self.phone) > 4 else self.phone
        return f"ScheduleCallback(cid={self.cid!r}, when={self.when.isoformat()}, phone={shown!r})"


@dataclass(frozen=True, slots=True)
class Broadcast(Intent):
    """Send a notice to logins and departments (supervisor)."""

    text: str
    recipients: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProjectBroadcast(Intent):
    """Send a notice to a project's roles (no roles: everyone in the project)."""

    text: str
    project: str
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlayAnnouncement(Intent):
    """Play a recorded message to the caller; the call goes on afterwards.

    ``name`` is the recording as the phone system knows it (empty: the one configured).
    """

    cid: str
    name: str = ""


_FEATURES: dict[type[Intent], Feature] = {
    Answer: Feature.ANSWER,
    Hangup: Feature.HANGUP,
    Hold: Feature.HOLD,
    Mute: Feature.MUTE,
    SendDtmf: Feature.DTMF,
    CloseCall: Feature.CLOSE,
    SetActive: Feature.SET_ACTIVE,
    MakeCall: Feature.MAKE_CALL,
    ChangeState: Feature.CHANGE_STATE,
    BreakTransfer: Feature.BREAK_TRANSFER,
    FinishConferenceTransfer: Feature.FINISH_CONFERENCE_TRANSFER,
    CreateConference: Feature.CONFERENCES,
    MakeConferenceCall: Feature.CONFERENCES,
    AddCallToConference: Feature.CONFERENCES,
    RemoveCallFromConference: Feature.CONFERENCES,
    JoinConference: Feature.CONFERENCES,
    LeaveConference: Feature.CONFERENCES,
    HangupConference: Feature.CONFERENCES,
    SetCallParam: Feature.CALL_PARAMS,
    SetLocalParam: Feature.LOCAL_PARAMS,
    SetSecureMode: Feature.SECURE_MODE,
    SetMusicOnHold: Feature.MUSIC_ON_HOLD,
    ReopenAudioDevice: Feature.REOPEN_AUDIO,
    BindNumber: Feature.BIND_NUMBER,
    Logout: Feature.LOGOUT,
    ExitPhone: Feature.EXIT,
    ReopenRootPage: Feature.REOPEN_ROOT_PAGE,
    TakeTextSession: Feature.TEXT_SESSIONS,
    SendText: Feature.TEXT_REPLY,
    SetDisposition: Feature.DISPOSITION,
    ScheduleCallback: Feature.CALLBACK,
    Broadcast: Feature.BROADCAST,
    ProjectBroadcast: Feature.BROADCAST,
    PlayAnnouncement: Feature.PLAY_ANNOUNCEMENT,
}
