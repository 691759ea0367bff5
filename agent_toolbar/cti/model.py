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

from agent_toolbar.cti.backend import Capabilities, ConnectionStatus


def _empty() -> Mapping[str, str]:
    return MappingProxyType({})


class CallState(enum.StrEnum):
    """Where a call is in its life (the protocol's ``state`` field)."""

    NEW = "new"  # offered / dialling, not answered yet
    CONNECTED = "connected"  # talking (or on hold)
    ENDED = "ended"  # hung up; in wrap-up until Close → OnClose removes it


class Direction(enum.StrEnum):
    """Call direction seen from the operator's phone."""

    IN = "in"
    OUT = "out"
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


class TransferFailure(enum.IntEnum):
    """Transfer failure codes of table 4.1."""

    EMPTY_ADDRESS = 0
    BAD_ADDRESS_FORMAT = 1
    DIFFERENT_TYPE_CONNECTIONS = 2
    SOURCE_CONNECTION_NOT_FOUND = 3
    RESPONSE_TIMEOUT = 4
    CONNECTION_TROUBLE = 5
    RECEIVE_RETURN_ERROR = 6
    BUSY = 7
    BREAK_TRANSFER = 8
    TRANSFERRED_SIDE_DISCONNECTED = 9
    DESTINATION_NOT_FOUND = 10
    UNKNOWN = -1

    def __bool__(self) -> bool:
        """Always true: code 0 (EmptyAddress) is a failure like any other, not "no failure"."""
        return True

    @classmethod
    def from_status(cls, status: str | int | None) -> TransferFailure:
        """Map a ``TransferFailed.status`` value (a code or a table-4.1 word) to a member."""
        if status is None:
            return cls.UNKNOWN
        text = str(status).strip()
        try:
            return cls(int(text))
        except ValueError:
            pass
        squashed = text.replace("_", "").lower()
        for member in cls:
            if member.name.replace("_", "").lower() == squashed:
                return member
        return cls.UNKNOWN

    @property
    def table_name(self) -> str:
        """The CamelCase word table 4.1 uses (``Busy``, ``DestinationNotFound`` …)."""
        return "".join(part.capitalize() for part in self.name.split("_"))


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
    status: str | None = None  # the raw status of TransferFailed
    since: float = 0.0

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
    error: str | None = None  # the last failed command on this call, for the card
    answered: bool = False  # reached ``connected`` at some point (here or elsewhere)
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
        """An incoming call that ended without ever being answered."""
        return self.direction is not Direction.OUT and not self.answered

    @property
    def in_wrapup(self) -> bool:
        """Ended and waiting for Close (post-call work)."""
        return self.state is CallState.ENDED


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
    """The one state to show, its channel suffix (``voice``, ``email`` …), reason and start."""

    kind: DisplayKind = DisplayKind.UNKNOWN
    channel: str | None = None
    reason: str | None = None
    since: float = 0.0


@dataclass(frozen=True, slots=True)
class AgentState:
    """The operator's state as last reported (``UserState``) and what to display."""

    top: TopState = TopState.UNKNOWN
    substates: tuple[str, ...] = ()
    reason: str | None = None
    server_time: float | None = None
    substate_since: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    display: DisplayState = field(default_factory=DisplayState)

    @property
    def ready(self) -> bool:
        """Ready for queue calls (``normal``)."""
        return self.display.kind is DisplayKind.NORMAL

    @property
    def bases(self) -> frozenset[str]:
        """Substates without their channel suffix (``ringing#voice`` → ``ringing``)."""
        return frozenset(s.split("#", 1)[0] for s in self.substates)


@dataclass(frozen=True, slots=True)
class StateChoice:
    """A state the operator can choose: ``normal``, ``away`` + reason, ``dnd``, ``custom1``."""

    state: str
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class SessionState:
    """Everything the toolbar shows, as one immutable value."""

    login: str = ""
    connection: ConnectionStatus = field(default_factory=ConnectionStatus)
    capabilities: Capabilities = field(default_factory=Capabilities)
    agent: AgentState = field(default_factory=AgentState)
    calls: Mapping[str, Call] = field(default_factory=lambda: MappingProxyType({}))
    conferences: Mapping[str, Conference] = field(default_factory=lambda: MappingProxyType({}))
    active_cid: str | None = None
    synced: bool = False  # a snapshot arrived since the last (re)connect
    pending_state: StateChoice | None = None  # ChangeUserState sent, answer not in yet
    next_state: StateChoice | None = None  # to apply when calls and wrap-up are over
    state_error: str | None = None  # why the last state change was refused
    inflight: frozenset[tuple[str, str]] = frozenset()  # (cid or "", action) in flight
    closed_cids: tuple[str, ...] = ()  # recently closed calls: late reports are ignored
    orphan_params: Mapping[str, Mapping[str, str]] = field(
        default_factory=lambda: MappingProxyType({})
    )  # params that arrived before their call
    seq: int = 0  # events applied; orders cards

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

    @property
    def busy(self) -> bool:
        """True while any customer call rings, talks or is in wrap-up."""
        return bool(self.customer_calls)
