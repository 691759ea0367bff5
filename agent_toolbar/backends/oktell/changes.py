"""The change records the diff layer produces, and the calls it keeps (no logic here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from agent_toolbar.backends.oktell.records import UserState

__all__ = [
    "CallAnswered",
    "CallAppeared",
    "CallEnded",
    "CallHeld",
    "CallPhase",
    "CallResumed",
    "CallUpdated",
    "Change",
    "EndReason",
    "TrackedCall",
    "UserStateChanged",
]


class CallPhase(Enum):
    """Where a call of the line stands."""

    RINGING = "ringing"
    DIALING = "dialing"
    CONNECTED = "connected"
    HELD = "held"


class EndReason(Enum):
    """Why the differ decided a call ended."""

    LINE_FREE = "line_free"
    LEFT_CHAIN = "left_chain"
    GONE = "gone"


@dataclass(frozen=True, slots=True)
class TrackedCall:
    """A call as the polls have shown it.

    Attributes:
        call_id: ``commutationid`` (lower case).
        chain_id: ``chainid`` (lower case; may be empty).
        number: The other party's number (``callerid``).
        name: The other party's name (``callername``), may be empty.
        phase: Ringing, dialing, connected or held.
        outgoing: The line called (``None``: not known).
        internal: The other party is a user of the same server.
        callback: An outgoing call the operator's own phone rings for (autocall).
        answered: It has been connected at some point.
        started_at: ``timestart`` (server local time).
        answered_at: ``timeanswer`` (server local time).
        called: The number called: the one the caller dialed (incoming), the other party's
            (outgoing); empty when no commutation showed it.
        caller_line_num: ``callerlinenum`` of the other party.
        caller_login: ``calleruserlogin`` of the other party (an internal caller).
        external: ``isextline``: the other party is on an outside line.
    """

    call_id: str
    chain_id: str
    number: str
    name: str
    phase: CallPhase
    outgoing: bool | None = None
    internal: bool = False
    callback: bool = False
    answered: bool = False
    started_at: datetime | None = None
    answered_at: datetime | None = None
    called: str = ""
    caller_line_num: str = ""
    caller_login: str = ""
    external: bool = False


@dataclass(frozen=True, slots=True)
class CallAppeared:
    """A call the polls had not shown before."""

    call: TrackedCall


@dataclass(frozen=True, slots=True)
class CallAnswered:
    """A ringing or dialing call is connected."""

    call: TrackedCall


@dataclass(frozen=True, slots=True)
class CallHeld:
    """A connected call is on hold."""

    call: TrackedCall


@dataclass(frozen=True, slots=True)
class CallResumed:
    """A held call is connected again."""

    call: TrackedCall


@dataclass(frozen=True, slots=True)
class CallUpdated:
    """Something else changed (the other party's name or number, ringing to dialing)."""

    call: TrackedCall
    previous: TrackedCall


@dataclass(frozen=True, slots=True)
class CallEnded:
    """A call is over (see the module docstring for how that is decided)."""

    call: TrackedCall
    reason: EndReason


@dataclass(frozen=True, slots=True)
class UserStateChanged:
    """``tst_getuserstate`` shows another state."""

    previous: UserState | None
    current: UserState


Change = (
    CallAppeared
    | CallAnswered
    | CallHeld
    | CallResumed
    | CallUpdated
    | CallEnded
    | UserStateChanged
)
