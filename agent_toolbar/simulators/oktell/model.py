"""The simulated Oktell server's data: operators, lines, calls and the values they show.

The numbers and names of line states and user states that the specification does not list
are this simulator's own (see the package docstring); the client decodes them by number and
treats any other number as "unknown".
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

__all__ = [
    "LINE_STATES",
    "USER_STATES",
    "Call",
    "CallState",
    "CommandRecord",
    "Operator",
    "SimError",
    "SimTimings",
    "local_time",
    "new_id",
]

#: ``currentlinestate`` → ``currentlinestatestr``. Only 32 is the specification's own.
LINE_STATES: dict[int, str] = {
    1: "lsFree",
    4: "lsDialing",
    8: "lsRinging",
    16: "lsHold",
    32: "lsCommutated",
}

#: ``userstateid`` / ``state`` value → the ``name`` attribute. Only 1 ``usReady`` is the
#: specification's own; 1, 2, 3 and 5 are the values ``wp_setuserstate`` accepts, the others
#: are service states only the server (here: the control API) sets.
USER_STATES: dict[int, str] = {
    0: "usDisconnected",
    1: "usReady",
    2: "usBreak",
    3: "usNotAtPlace",
    4: "usReserved",
    5: "usBusy",
    6: "usNoPhone",
}

SETTABLE_STATES = frozenset({1, 2, 3, 5})


class SimError(Exception):
    """A control request the simulator cannot carry out (unknown operator, call …)."""


def new_id() -> str:
    """A fresh GUID in the lower-case form the server writes."""
    return str(uuid.uuid4())


def local_time(epoch: float | None = None) -> str:
    """``YYYY-MM-DD hh:mm:ss`` in the server's local time, without a zone (as the server)."""
    return time.strftime(
        "%Y-%m-%d %H:%M:%S", time.localtime(time.time() if epoch is None else epoch)
    )


class CallState(Enum):
    """Where one party of the operator's line stands."""

    RINGING = "ringing"  # the operator's phone rings
    DIALING = "dialing"  # the operator's line calls the other party
    CONNECTED = "connected"
    HELD = "held"
    ENDED = "ended"


@dataclass
class Call:
    """One party on an operator's line (one commutation).

    Attributes:
        commutation_id: ``commutationid`` (the same from ringing to the end).
        chain_id: ``chainid``; a consultation call shares its held call's chain.
        number: The other party's number (``callerid`` in ``wp_getabonentinfo``).
        name: The other party's name (``callername``), may be empty.
        incoming: The other party called the line (``aline`` is the other party).
        direction: ``pbxdirection`` of the chain's ``call`` element.
        autocall: ``direct`` or ``back`` for a call ``wp_autocallstart`` started.
        phase: For ``direct``: ``far`` while the other party is called (the line is not yet
            involved), then ``callback``; for ``back``: ``line`` while the line rings.
    """

    commutation_id: str
    chain_id: str
    number: str
    name: str
    incoming: bool
    direction: str
    state: CallState
    created: float = field(default_factory=time.time)
    answered: float | None = None
    autocall: str | None = None
    phase: str | None = None
    result: str | None = None
    other_login: str | None = None
    chain_created: float = field(default_factory=time.time)


@dataclass
class Operator:
    """A user of the simulated server with the internal line they work on.

    Every field but the booleans and ``state`` identifies the operator in ``user=``,
    ``line=`` and ``wp=`` (case-insensitive).
    """

    login: str
    name: str
    user_id: str
    line_id: str
    line_number: str
    number: str
    workplace: str
    department: str = "Операторы"
    state: int = 1
    callcenter: bool = True
    ccmanual: bool = False
    lunch: bool = False
    lunch_reason_id: int | None = None
    lunch_reason_msg: str | None = None
    redirect: bool = False
    state_before_call: int | None = None
    calls: list[Call] = field(default_factory=list)
    history: list[Call] = field(default_factory=list)

    def identifiers(self) -> tuple[str, ...]:
        """Every value that addresses this operator."""
        return (
            self.login,
            self.name,
            self.user_id,
            self.line_id,
            self.line_number,
            self.number,
            self.workplace,
        )

    def live(self) -> list[Call]:
        """The calls that have not ended."""
        return [c for c in self.calls if c.state is not CallState.ENDED]

    def active(self) -> Call | None:
        """The call in the line's foreground (ringing, dialing or connected), if any.

        A ``direct`` autocall whose number is still being called does not involve the line
        yet and is not the active call.
        """
        for call in self.calls:
            if call.phase == "far":
                continue
            if call.state in (CallState.RINGING, CallState.DIALING, CallState.CONNECTED):
                return call
        return None

    def held(self) -> Call | None:
        """The party on hold, if any (the line holds at most one)."""
        return next((c for c in self.calls if c.state is CallState.HELD), None)

    def line_state(self) -> int:
        """``currentlinestate``."""
        active = self.active()
        if active is None:
            return 16 if self.held() else 1
        if active.state is CallState.RINGING:
            return 8
        if active.state is CallState.DIALING:
            return 4
        return 32


@dataclass(frozen=True)
class CommandRecord:
    """One Web-API request the simulator accepted (authenticated, known method).

    Attributes:
        time: ``time.time()`` when it arrived.
        name: The method (``wp_answercall`` …).
        params: Its parameters (query and form), the password never among them.
        login: The operator it addressed, when it addressed one.
        auth_user: The Basic user it authenticated as.
        status: The HTTP status it was answered with.
    """

    time: float
    name: str
    params: dict[str, str]
    login: str | None
    auth_user: str
    status: int

    def to_json(self) -> dict[str, Any]:
        """A plain form for the control endpoint."""
        return {
            "time": self.time,
            "name": self.name,
            "params": dict(self.params),
            "login": self.login,
            "auth_user": self.auth_user,
            "status": self.status,
        }


@dataclass(frozen=True)
class SimTimings:
    """Delays of what the far side does by itself (``None``: only the control API does it).

    Attributes:
        far_answer: Seconds until a called number answers.
        line_answer: Seconds until the operator's phone is picked up on an autocall callback
            or a ``back`` call (``None``: ``wp_answercall`` or the control API does it).
    """

    far_answer: float | None = None
    line_answer: float | None = None

    @classmethod
    def manual(cls) -> SimTimings:
        """Nothing happens by itself (tests)."""
        return cls()

    @classmethod
    def demo(cls) -> SimTimings:
        """A person-like pace."""
        return cls(far_answer=2.5, line_answer=None)
