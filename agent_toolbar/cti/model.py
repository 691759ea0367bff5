"""Domain state of one operator's phone: agent state, calls, conferences, transfers.

Everything here is immutable and free of any protocol or Qt detail. Backends turn their
wire messages into :mod:`agent_toolbar.cti.events`; :func:`agent_toolbar.cti.session.reduce`
applies them to a :class:`SessionState`; widgets render that state.

Times are POSIX seconds (``float``). ``*_at`` fields that come from the server are what the
server said (normalised to seconds); ``seen_at`` / ``since`` fields are local wall-clock
times stamped when an event was received, which is what operator timers use.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from agent_toolbar.cti.capabilities import Capabilities
from agent_toolbar.cti.connection import ConnectionStatus, ServerInfo
from agent_toolbar.cti.conversation import Conversation
from agent_toolbar.cti.outcomes import (
    CallOutcome,
    CommandFailure,
    EndResult,
    IntentStage,
    TransferFailure,
)
from agent_toolbar.cti.records import Media, WrapUp

# fmt: off
__all__ = [
    "AgentState", "Call", "CallOutcome", "CallState", "CommandFailure", "CommandProgress",
    "Conference", "Conversation", "Direction", "DisplayKind", "DisplayState", "EndResult",
    "IntentStage", "Media", "NoticeItem", "NoticeKind", "OperatorIdentity", "SecureMode",
    "SessionState", "StateChoice", "TopState", "Transfer", "TransferFailure", "TransferKind",
    "TransferPhase", "WrapUp",
]
# fmt: on


def _empty() -> Mapping[str, str]:
    return MappingProxyType({})


def _empty_map() -> Mapping[str, Any]:
    return MappingProxyType({})


#: End results of a call never answered here that still are not a missed call.
_NOT_MISSED = frozenset({EndResult.ANSWERED, EndResult.ANSWERED_ELSEWHERE, EndResult.TRANSFERRED})


class CallState(enum.StrEnum):
    """Where a call is in its life (the protocol's ``state`` field)."""

    NEW = "new"  # offered / dialling, not answered yet
    CONNECTED = "connected"  # talking (or on hold)
    ENDED = "ended"  # hung up; in wrap-up until Close → OnClose removes it


class Direction(enum.StrEnum):
    """Call direction seen from the operator's phone."""

    IN = "in"
    OUT = "out"
    INTERNAL = "internal"  # between two extensions of the same system
    UNKNOWN = "unknown"


class TopState(enum.StrEnum):
    """The three top-level states of §4.4 (plus unknown before the first report)."""

    OFFLINE = "offline"
    AVAILABLE = "available"
    NOTAVAILABLE = "notavailable"
    UNKNOWN = "unknown"


class TransferKind(enum.StrEnum):
    """The four kinds of transfer the protocol offers."""

    BLIND = "blind"  # Transfer
    CONSULTATION = "consultation"  # ConsultationTransfer
    CONFERENCE = "conference"  # ConferenceTransfer
    CALLBACK = "callback"  # TransferWithCallBack


class TransferPhase(enum.StrEnum):
    """Progress of a transfer as the events report it."""

    REQUESTED = "requested"  # command sent, no OnTransferCall yet
    STARTED = "started"  # OnTransferCall
    SUCCEEDED = "succeeded"  # TransferSucceed: the target is connected
    FAILED = "failed"  # TransferFailed (see failure)
    RETURNED = "returned"  # TransferCallReturned: the call is back with the operator
    COMPLETED = "completed"  # the call left the operator after a successful transfer


class SecureMode(enum.StrEnum):
    """Recording-pause (PCI DSS) mode of a call, as far as the toolbar knows."""

    OFF = "off"
    TURNING_ON = "turning_on"
    ON = "on"
    TURNING_OFF = "turning_off"


@dataclass(frozen=True, slots=True)
class Transfer:
    """A transfer of one call and how far it got."""

    phase: TransferPhase
    kind: TransferKind | None = None  # None when another client started it
    target: str | None = None
    was_connected: bool | None = None
    failure: TransferFailure | None = None
    code: str | None = None  # the system's own failure code (Naumen: TransferFailed.status)
    text: str | None = None  # the system's own failure text, when it gives one
    since: float = 0.0

    @property
    def status(self) -> str | None:
        """The system's failure code (the name it had when only Naumen existed)."""
        return self.code

    @property
    def running(self) -> bool:
        """Whether the transfer is still in progress (can be cancelled)."""
        return self.phase in (TransferPhase.REQUESTED, TransferPhase.STARTED) or (
            self.phase is TransferPhase.SUCCEEDED
            and self.kind in (TransferKind.CONSULTATION, TransferKind.CONFERENCE)
        )


@dataclass(frozen=True, slots=True)
class Call:
    """One call (or text session) on the operator's phone, keyed by ``cid``."""

    cid: str
    state: CallState
    direction: Direction = Direction.UNKNOWN
    kind: str = ""  # §4.2 type: sip, voice, dev, cfr, email …
    media: Media = Media.VOICE  # a text session has no answer, hold, mute or keypad
    hold: bool = False
    muted: bool = False
    display_name: str = ""
    params: Mapping[str, str] = field(default_factory=_empty)
    params_known: bool = False
    local_params: Mapping[str, str] = field(default_factory=_empty)
    created_at: float | None = None
    answered_at: float | None = None
    hung_up_at: float | None = None
    seen_at: float = 0.0
    state_since: float = 0.0
    hold_since: float | None = None
    secure: SecureMode = SecureMode.OFF
    secure_error: str | None = None
    transfer: Transfer | None = None
    error: CommandFailure | None = None  # the last failed command on this call, for the card
    # the system's latest notice naming this call (a PBX ``error`` event …): shown on the card
    # while the call is on the phone, until a newer one or the operator dismisses it
    notice: NoticeItem | None = None
    answered: bool = False  # reached ``connected`` at some point (here or elsewhere)
    outcome: CallOutcome | None = None  # how it ended, when the system says (else derived)
    order: int = 0

    @property
    def session_id(self) -> str:
        """System-wide conversation id (``params.sessionId``), shared by all its legs."""
        return self.params.get("sessionId", "")

    @property
    def caller(self) -> str:
        """The calling number from ``params.caller``."""
        return self.params.get("caller", "")

    @property
    def called(self) -> str:
        """The called number from ``params.called``."""
        return self.params.get("called", "")

    @property
    def number(self) -> str:
        """The far party's number: caller for incoming calls, called for outgoing ones."""
        if self.direction is Direction.OUT:
            return self.called or self.caller
        return self.caller or self.called

    @property
    def is_text(self) -> bool:
        """True for a text session (chat, messenger, e-mail, SMS), not a voice call."""
        return self.media is Media.TEXT

    @property
    def is_device_leg(self) -> bool:
        """True for the audio-device / hardware-phone leg (``type: dev``), not a customer."""
        return self.kind == "dev"

    @property
    def is_conference_leg(self) -> bool:
        """True for a conference call object (``type: cfr``)."""
        return self.kind == "cfr"

    @property
    def ringing(self) -> bool:
        """An incoming call offered and not answered yet."""
        return self.state is CallState.NEW and self.direction is not Direction.OUT

    @property
    def missed(self) -> bool:
        """An incoming call that ended without ever being answered here or elsewhere.

        A call the system reports as answered elsewhere (a colleague took it) or transferred
        away is not missed, though this operator never answered it.
        """
        if self.direction is Direction.OUT or self.answered:
            return False
        return self.outcome is None or self.outcome.result not in _NOT_MISSED

    @property
    def in_wrapup(self) -> bool:
        """Ended and waiting for Close (post-call work)."""
        return self.state is CallState.ENDED

    @property
    def result(self) -> EndResult | None:
        """How the call ended: what the system said, else derived (None while it lasts)."""
        if self.outcome is not None:
            return self.outcome.result
        if self.state is not CallState.ENDED:
            return None
        if self.answered:
            return EndResult.ANSWERED
        return EndResult.MISSED if self.direction is not Direction.OUT else EndResult.NO_ANSWER


@dataclass(frozen=True, slots=True)
class OperatorIdentity:
    """Who the operator is on the phone system.

    Systems identify operators differently: Naumen and Oktell by a login (Oktell also by a
    GUID), Vega by an extension, the webhooks and Autosecretary by the numbers calls are
    routed to. ``login`` is always set (the toolbar's own name for the operator).
    """

    login: str
    guid: str | None = None
    extension: str | None = None
    numbers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CommandProgress:
    """One command and where it is in its life (see :class:`IntentStage`).

    Attributes:
        cid: The call it is about (empty for commands not tied to a call).
        action: The intent's action key (``hold``, ``transfer_call`` …).
        stage: Where it is.
        since: When it reached that stage (local time).
        expires_at: For ACCEPTED/QUEUED: when it becomes EXPIRED unless confirmed.
        failure: Why it failed (FAILED/EXPIRED).
    """

    cid: str
    action: str
    stage: IntentStage
    since: float = 0.0
    expires_at: float | None = None
    failure: CommandFailure | None = None


class NoticeKind(enum.StrEnum):
    """Kinds of messages that change no state but are meant for the operator."""

    TEXT_MESSAGE = "text_message"  # a SIP MESSAGE or chat line on a call
    BROADCAST = "broadcast"  # a supervisor's or the system's message to operators
    VENDOR = "vendor"  # anything else the system wants shown (its ``error`` events …)


@dataclass(frozen=True, slots=True)
class NoticeItem:
    """A message shown to the operator (the tray and the window show the latest)."""

    kind: NoticeKind
    text: str
    cid: str = ""
    sender: str = ""
    at: float = 0.0


@dataclass(frozen=True, slots=True)
class Conference:
    """A conference the operator takes part in."""

    conf_id: str
    display_name: str = ""
    calls: tuple[str, ...] = ()
    operator_in: bool = True
    since: float = 0.0


class DisplayKind(enum.StrEnum):
    """What the state selector shows (the §4.4 display rules reduce substates to one)."""

    OFFLINE = "offline"
    NORMAL = "normal"
    AWAY = "away"
    DND = "dnd"
    CUSTOM1 = "custom1"
    CUSTOM2 = "custom2"
    CUSTOM3 = "custom3"
    RINGING = "ringing"
    SPEAKING = "speaking"
    WRAPUP = "wrapup"
    STANDOFF = "standoff"
    ACCIDENT = "accident"
    REDIRECT = "redirect"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class DisplayState:
    """The one state to show, its channel (``voice``, ``email`` …), reason, start and code.

    Attributes:
        kind: What the selector shows.
        channel: The media the state is about, when the system says.
        reason: The not-ready reason (``away``) or the system's explanation.
        since: When this state began (local time); 0 lets the session stamp it.
        code: The system's own code for the state, when it has one (Naumen's accident
            error code), worded by the UI.
    """

    kind: DisplayKind = DisplayKind.UNKNOWN
    channel: str | None = None
    reason: str | None = None
    since: float = 0.0
    code: str | None = None


@dataclass(frozen=True, slots=True)
class AgentState:
    """The operator's state as last reported, and what to display.

    ``detail`` holds the system's own words for it (Naumen's substates), for diagnostics only;
    ``server_time`` is when the system says the state was entered (local clock), if it says.
    """

    top: TopState = TopState.UNKNOWN
    reason: str | None = None
    server_time: float | None = None
    display: DisplayState = field(default_factory=DisplayState)
    detail: tuple[str, ...] = ()

    @property
    def ready(self) -> bool:
        """Ready for queue calls (``normal``)."""
        return self.display.kind is DisplayKind.NORMAL


@dataclass(frozen=True, slots=True)
class StateChoice:
    """A state the operator can choose: ``normal``, ``away`` + reason, ``dnd``, ``custom1``."""

    state: str
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class SessionState:
    """Everything the toolbar shows, as one immutable value."""

    login: str = ""
    identity: OperatorIdentity | None = None
    connection: ConnectionStatus = field(default_factory=ConnectionStatus)
    server: ServerInfo | None = None  # what the system said about itself (its version)
    capabilities: Capabilities = field(default_factory=Capabilities)
    agent: AgentState = field(default_factory=AgentState)
    calls: Mapping[str, Call] = field(default_factory=lambda: MappingProxyType({}))
    conferences: Mapping[str, Conference] = field(default_factory=lambda: MappingProxyType({}))
    active_cid: str | None = None
    synced: bool = False  # a snapshot arrived since the last (re)connect
    pending_state: StateChoice | None = None  # ChangeUserState sent, answer not in yet
    next_state: StateChoice | None = None  # to apply when calls and wrap-up are over
    state_error: CommandFailure | None = None  # why the last state change was refused
    inflight: frozenset[tuple[str, str]] = frozenset()  # (cid or "", action) in flight
    commands: Mapping[tuple[str, str], CommandProgress] = field(
        default_factory=lambda: MappingProxyType({})
    )  # the latest command per (cid or "", action), with its stage
    notices: tuple[NoticeItem, ...] = ()  # recent messages for the operator, newest last
    closed_cids: tuple[str, ...] = ()  # recently closed calls: late reports are ignored
    orphan_params: Mapping[str, Mapping[str, str]] = field(
        default_factory=lambda: MappingProxyType({})
    )  # params that arrived before their call
    seq: int = 0  # events applied; orders cards
    # text sessions' and SIP messages' conversations; accepted wrap-up records (by cid)
    conversations: Mapping[str, Conversation] = field(default_factory=lambda: _empty_map())
    wrapups: Mapping[str, WrapUp] = field(default_factory=lambda: _empty_map())
    disposition_required: bool = False  # finishing wrap-up waits for an accepted call result

    def wrapup_of(self, cid: str) -> WrapUp:
        """What was recorded in the wrap-up of call ``cid`` (empty when nothing)."""
        return self.wrapups.get(cid) or WrapUp()

    def call(self, cid: str) -> Call | None:
        """The call with this ``cid``, if the phone has it."""
        return self.calls.get(cid)

    @property
    def customer_calls(self) -> tuple[Call, ...]:
        """Calls that get a card (not the device leg), in arrival order."""
        return tuple(c for c in self.calls.values() if not c.is_device_leg)

    @property
    def active_call(self) -> Call | None:
        """The active call: the one ``CurrentCall`` named, else the only live one."""
        if self.active_cid and self.active_cid in self.calls:
            return self.calls[self.active_cid]
        live = [c for c in self.customer_calls if c.state is not CallState.ENDED]
        return live[0] if len(live) == 1 else None

    def command_for(self, cid: str) -> CommandProgress | None:
        """The most recent command on call ``cid`` that is not confirmed yet (or failed)."""
        found = [c for (c_cid, _), c in self.commands.items() if c_cid == cid]
        return max(found, key=lambda c: c.since) if found else None

    @property
    def busy(self) -> bool:
        """True while any customer call rings, talks or is in wrap-up."""
        return bool(self.customer_calls)
