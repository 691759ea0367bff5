"""Domain events: what happened, in protocol-neutral words.

Backends produce these from wire messages; the session itself produces the ``Intent*``
events around each command. Every event carries ``at``, the local wall-clock time at which
it was received, so that :func:`agent_toolbar.cti.session.reduce` stays a pure function.

What a backend emits, by kind of system:

* every backend: :class:`ConnectionChanged`, :class:`CallReported` (``new=True`` first),
  :class:`CallParamsReported`, and either :class:`CallClosed` after wrap-up (systems with
  wrap-up, ``Capabilities.wrapup``) or :class:`CallFinished` (systems that close calls
  themselves: the webhooks, Vega, Oktell);
* systems with a snapshot (Naumen's ``GetCalls``, an Oktell poll): :class:`CallsSnapshot`;
* events-only streams that reconnect without a snapshot: :class:`CallsExpired` for the
  calls they lost track of;
* :class:`AgentStateReported` (Vega's pause is reported, not settable);
* commands that a later event or poll confirms: :class:`IntentProgressed`;
* messages that change no state: :class:`Notice` (a SIP text message, a vendor notice);
* text sessions and text messages on calls: :class:`ChatReported` (the call itself is a
  :class:`CallReported` with ``media`` :attr:`~agent_toolbar.cti.model.Media.TEXT`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from agent_toolbar.cti.capabilities import Capabilities
from agent_toolbar.cti.connection import ConnectionStatus, ServerInfo
from agent_toolbar.cti.conversation import ChatEvent
from agent_toolbar.cti.intents import Intent
from agent_toolbar.cti.model import (
    CallState,
    Direction,
    DisplayKind,
    DisplayState,
    Media,
    NoticeKind,
    OperatorIdentity,
    StateChoice,
    TopState,
)
from agent_toolbar.cti.outcomes import (
    Accepted,
    CallOutcome,
    CommandFailure,
    IntentStage,
    TransferFailure,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class DomainEvent:
    """Base of every domain event."""

    at: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class ConnectionChanged(DomainEvent):
    """The backend's connection status changed."""

    status: ConnectionStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class CapabilitiesChanged(DomainEvent):
    """The backend declared (new) capabilities, e.g. once it knows the phone kind."""

    capabilities: Capabilities


_NOT_AVAILABLE = frozenset(
    {
        DisplayKind.AWAY,
        DisplayKind.DND,
        DisplayKind.CUSTOM1,
        DisplayKind.CUSTOM2,
        DisplayKind.CUSTOM3,
        DisplayKind.ACCIDENT,
    }
)


def top_of(kind: DisplayKind) -> TopState:
    """The top state a displayed state implies (for backends that report only one state)."""
    if kind in (DisplayKind.OFFLINE, DisplayKind.REDIRECT):
        return TopState.OFFLINE
    if kind is DisplayKind.UNKNOWN:
        return TopState.UNKNOWN
    return TopState.NOTAVAILABLE if kind in _NOT_AVAILABLE else TopState.AVAILABLE


@dataclass(frozen=True, slots=True, kw_only=True)
class AgentStateReported(DomainEvent):
    """The operator's state as the system reports it, already reduced to the one to show.

    A backend with one state at a time (Vega's pause: ``DisplayKind.AWAY`` / ``NORMAL``;
    Oktell's user states) sends ``display=DisplayState(kind)``; ``since`` 0 lets the
    session keep the start while the kind stays and stamp it when it changes. Naumen's
    substates are reduced in ``backends/naumen/substates.py``.

    Attributes:
        display: What to show.
        top: Available / not available / offline (None: implied by ``display.kind``).
        reason: The reason as reported.
        server_time: When the state was entered, on the local clock (the backend corrects
            the system's skew and gives it only when plausible); the session starts a new
            state's timer from it, so a reconnect does not reset it.
        snapshot: Part of a (re)sync.
        detail: The system's own words (for diagnostics).
    """

    display: DisplayState
    top: TopState | None = None
    reason: str | None = None
    server_time: float | None = None
    snapshot: bool = False
    detail: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class CallInfo:
    """A call as a status report describes it (fields absent from the report are None)."""

    cid: str
    state: CallState | str | None = None
    direction: Direction | str | None = None
    kind: str | None = None
    media: Media | None = None
    hold: bool | None = None
    muted: bool | None = None
    display_name: str | None = None
    # The server's times on the local clock (the backend corrects skew and drops
    # implausible ones); timers count from them, so a reconnect does not restart them.
    created_at: float | None = None
    answered_at: float | None = None
    hung_up_at: float | None = None
    params: Mapping[str, str] | None = None
    local_params: Mapping[str, str] | None = None
    outcome: CallOutcome | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CallReported(DomainEvent):
    """A call appeared (``new``) or its status changed."""

    call: CallInfo
    new: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CallsSnapshot(DomainEvent):
    """The complete list of the phone's calls; anything not listed is gone."""

    calls: tuple[CallInfo, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class CallParamsReported(DomainEvent):
    """Call parameters became known or changed (merged into what is known)."""

    cid: str
    params: Mapping[str, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class LocalParamsReported(DomainEvent):
    """Local parameters changed (merged)."""

    cid: str
    params: Mapping[str, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class CallClosed(DomainEvent):
    """Work on the call is over; it leaves the phone."""

    cid: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CallFinished(DomainEvent):
    """The call ended and the system closed it itself: no wrap-up, it leaves the phone."""

    cid: str
    outcome: CallOutcome | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CallsExpired(DomainEvent):
    """The backend lost track of calls (an events-only stream came back without a snapshot).

    ``cids`` lists them; None means every call on the phone. They leave the phone with the
    end result ``unknown`` (the journal keeps them as such).
    """

    cids: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ActiveCallChanged(DomainEvent):
    """The phone's active call is now ``cid`` (empty: none)."""

    cid: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ConferenceInfo:
    """A conference as reported."""

    conf_id: str
    display_name: str = ""
    calls: tuple[str, ...] = ()
    operator_in: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class ConferenceReported(DomainEvent):
    """A conference was created or its membership changed."""

    conference: ConferenceInfo
    new: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ConferencesSnapshot(DomainEvent):
    """The complete list of conferences; anything not listed is over."""

    conferences: tuple[ConferenceInfo, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ConferenceClosed(DomainEvent):
    """A conference ended."""

    conf_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferStarted(DomainEvent):
    """A transfer of ``cid`` started (``was_connected``: the call had been answered)."""

    cid: str
    was_connected: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferSucceeded(DomainEvent):
    """The transfer target is connected."""

    cid: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferFailed(DomainEvent):
    """The transfer failed: a neutral category plus the system's own code and text."""

    cid: str
    failure: TransferFailure = TransferFailure.UNKNOWN
    code: str = ""
    text: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferReturned(DomainEvent):
    """The transferred call came back to the operator."""

    cid: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SecureModeReported(DomainEvent):
    """Result of a secure-mode change: ``error`` is None when it applied."""

    cid: str
    error: str | None = None  # the system's own words when it refused
    already: bool = False  # refused only because the call already was in that mode


@dataclass(frozen=True, slots=True, kw_only=True)
class IntentIssued(DomainEvent):
    """The operator asked for something and the command is on its way."""

    intent: Intent


@dataclass(frozen=True, slots=True, kw_only=True)
class IntentSettled(DomainEvent):
    """The command for an intent was answered: ``error`` is None when accepted.

    ``accepted`` is what the backend returned: None when acceptance proves it took effect
    (the command is CONFIRMED), else it waits for :class:`IntentProgressed`.
    """

    intent: Intent
    error: CommandFailure | None = None
    accepted: Accepted | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class IntentProgressed(DomainEvent):
    """A command already accepted moved on: CONFIRMED by an event or poll, or FAILED/EXPIRED.

    A backend emits it (Oktell after the poll that shows the effect; the gateway when the
    platform collected an instruction); the session emits EXPIRED when the wait ran out.
    """

    intent: Intent
    stage: IntentStage
    failure: CommandFailure | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OperatorIdentified(DomainEvent):
    """The backend learned more about who the operator is (a GUID, extension, numbers)."""

    identity: OperatorIdentity


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerIdentified(DomainEvent):
    """The backend learned which server it talks to (its version), e.g. on connecting.

    The session keeps the latest in ``SessionState.server`` (About and diagnostics show it).
    """

    info: ServerInfo


@dataclass(frozen=True, slots=True, kw_only=True)
class NextStateQueued(DomainEvent):
    """The operator chose a state to apply once calls and wrap-up are over (None: cancel)."""

    choice: StateChoice | None


@dataclass(frozen=True, slots=True, kw_only=True)
class CallErrorDismissed(DomainEvent):
    """The operator dismissed the error shown on a card."""

    cid: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatReported(DomainEvent):
    """Something happened in a call's conversation (:mod:`~agent_toolbar.cti.conversation`)."""

    chat: ChatEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class WrapUpPolicySet(DomainEvent):
    """Whether finishing wrap-up waits for an accepted call result (an admin setting)."""

    disposition_required: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Notice(DomainEvent):
    """Something worth telling the operator that changes no state (text, broadcast …).

    The session keeps the latest few in ``SessionState.notices``; a ``NoticeReceived``
    transition tells the tray and the window to show it.
    """

    text: str
    kind: NoticeKind = NoticeKind.VENDOR
    cid: str = ""
    sender: str = ""
    details: Mapping[str, str] = field(default_factory=dict)
