"""Domain events: what happened, in protocol-neutral words.

Backends produce these from wire messages; the session itself produces the ``Intent*``
events around each command. Every event carries ``at``, the local wall-clock time at which
it was received, so that :func:`agent_toolbar.cti.session.reduce` stays a pure function.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from agent_toolbar.cti.backend import Capabilities, ConnectionStatus
from agent_toolbar.cti.intents import Intent
from agent_toolbar.cti.model import StateChoice


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


@dataclass(frozen=True, slots=True, kw_only=True)
class AgentStateReported(DomainEvent):
    """The operator's state as the phone reports it.

    ``state`` may be a top state or a substate name; both spellings occur (§3.74, §4.4).
    """

    state: str
    substates: tuple[str, ...] = ()
    reason: str | None = None
    server_time: float | None = None  # when the state was entered, local clock (plausible only)
    snapshot: bool = False  # part of a (re)sync


@dataclass(frozen=True, slots=True, kw_only=True)
class CallInfo:
    """A call as a status report describes it (fields absent from the report are None)."""

    cid: str
    state: str | None = None
    direction: str | None = None
    kind: str | None = None
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
    """The transfer failed with a table-4.1 status."""

    cid: str
    status: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferReturned(DomainEvent):
    """The transferred call came back to the operator."""

    cid: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SecureModeReported(DomainEvent):
    """Result of a secure-mode change: ``error`` is None when it applied."""

    cid: str
    error: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class IntentIssued(DomainEvent):
    """The operator asked for something and the command is on its way."""

    intent: Intent


@dataclass(frozen=True, slots=True, kw_only=True)
class IntentSettled(DomainEvent):
    """The command for an intent was answered: ``error`` is None when accepted."""

    intent: Intent
    error: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NextStateQueued(DomainEvent):
    """The operator chose a state to apply once calls and wrap-up are over (None: cancel)."""

    choice: StateChoice | None


@dataclass(frozen=True, slots=True, kw_only=True)
class CallErrorDismissed(DomainEvent):
    """The operator dismissed the error shown on a card."""

    cid: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Notice(DomainEvent):
    """Something worth telling the operator that is not state (text, broadcast …)."""

    text: str
    details: Mapping[str, str] = field(default_factory=dict)
