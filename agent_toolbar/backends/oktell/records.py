"""Typed records of what the Oktell Web-API answers, and the typed failures of asking it.

These are the backend's own words for the server's answers (``tst_getuserstate``,
``getversion``, ``wp_getabonentinfo``, ``wp_getchaincontent``,
``tst_getintnumberreadyusers``); nothing outside ``backends/oktell`` sees them. Times in the
answers have no zone: they are the server's local time and are kept as naive
:class:`~datetime.datetime` values (``None`` when empty or unreadable).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

__all__ = [
    "USER_STATE_WORDS",
    "AbonentInfo",
    "Accepted",
    "ChainContent",
    "Commutation",
    "Failure",
    "FailureKind",
    "LineInfo",
    "LineState",
    "ReadyUsers",
    "Side",
    "TraceCall",
    "UserState",
    "Version",
]


class FailureKind(Enum):
    """Why a request gave no usable answer."""

    FORBIDDEN = "forbidden"  # 403: wrong login or password (or no Web-API privilege)
    NOT_FOUND = "not_found"  # 404: no such method, or the user / line is not determined
    BAD_REQUEST = "bad_request"  # 400 and other 4xx
    SERVER_ERROR = "server_error"  # 5xx
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"  # refused, reset, DNS, closed without an answer
    TLS = "tls"  # certificate verification or handshake failed
    EMPTY = "empty"  # 200 with no body where a body was expected
    HTML = "html"  # an HTML page where XML or JSON was expected
    MALFORMED = "malformed"  # neither readable XML nor JSON, or not the expected shape


@dataclass(frozen=True, slots=True)
class Failure:
    """A request that gave no usable answer: a value, never an exception.

    Attributes:
        kind: What went wrong.
        method: The Web-API method asked.
        status: The HTTP status, when there was an answer.
        detail: A short text for the log and the status line (never a secret).
    """

    kind: FailureKind
    method: str
    status: int | None = None
    detail: str = ""

    @property
    def server_away(self) -> bool:
        """The server did not answer at all, or answered 5xx: back off."""
        return self.kind in (
            FailureKind.TIMEOUT,
            FailureKind.UNREACHABLE,
            FailureKind.SERVER_ERROR,
            FailureKind.TLS,
        )

    def __str__(self) -> str:
        status = f" {self.status}" if self.status is not None else ""
        detail = f": {self.detail}" if self.detail else ""
        return f"{self.method}: {self.kind.value}{status}{detail}"


@dataclass(frozen=True, slots=True)
class Accepted:
    """A command answered 200. It proves nothing: only a later poll shows the effect."""

    method: str


#: ``userstateid`` values ``wp_setuserstate`` accepts, by meaning.
USER_STATE_WORDS: dict[int, str] = {1: "ready", 2: "break", 3: "away", 5: "busy"}


@dataclass(frozen=True, slots=True)
class UserState:
    """``tst_getuserstate``: the user's GUID and state number (with the server's name)."""

    user_id: str
    state: int
    name: str = ""

    @property
    def word(self) -> str:
        """``ready`` / ``break`` / ``away`` / ``busy`` or ``other``."""
        return USER_STATE_WORDS.get(self.state, "other")


@dataclass(frozen=True, slots=True)
class Version:
    """``getversion``."""

    text: str
    build: str = ""
    environment: str = ""
    date: str = ""
    hal_build: str = ""

    @property
    def short(self) -> str:
        """The build, else the text."""
        return self.build or self.text


class LineState(Enum):
    """What ``currentlinestate`` says of the line, as far as the client can read it.

    Only ``lsCommutated`` (32) is documented; the others are read from the state's name
    first (``lsRinging`` …) and from the simulator's numbers second.
    """

    FREE = "free"
    DIALING = "dialing"
    RINGING = "ringing"
    HOLD = "hold"
    COMMUTATED = "commutated"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class AbonentInfo:
    """``abonentinfo``: the other party of the line's current commutation."""

    commutation_id: str
    chain_id: str
    caller_id: str
    caller_name: str = ""
    caller_line_num: str = ""
    caller_user_login: str = ""
    is_user: bool = False
    is_ext_line: bool = False
    is_conference: bool = False
    is_ivr: bool = False


@dataclass(frozen=True, slots=True)
class LineInfo:
    """``wp_getabonentinfo``: the line's state and the current other party (if any)."""

    state: LineState
    code: int | None
    code_name: str
    abonent: AbonentInfo | None = None


@dataclass(frozen=True, slots=True)
class Side:
    """One end (``a…`` or ``b…``) of a commutation."""

    line_id: str = ""
    line_number: str = ""
    is_user: bool = False
    user_id: str = ""
    user_login: str = ""
    user_name: str = ""
    out_number: str = ""
    number_dialed: str = ""
    text: str = ""


@dataclass(frozen=True, slots=True)
class Commutation:
    """A ``commutation`` element of a chain's ``trace``."""

    commutation_id: str
    a: Side
    b: Side
    connection_type: str = ""
    time_start: datetime | None = None
    time_answer: datetime | None = None
    is_recorded: bool = False


@dataclass(frozen=True, slots=True)
class TraceCall:
    """A ``call`` element of a chain's ``trace`` (a call routed to a user)."""

    caller_id: str
    called_id: str
    pbx_direction: str = ""
    user_id: str = ""
    user_login: str = ""
    start_queue_time: datetime | None = None


@dataclass(frozen=True, slots=True)
class ChainContent:
    """``wp_getchaincontent``; ``chain_id`` empty when the line is in no chain."""

    chain_id: str = ""
    create_time: datetime | None = None
    custom_field: str = ""
    calls: tuple[TraceCall, ...] = ()
    commutations: tuple[Commutation, ...] = ()


@dataclass(frozen=True, slots=True)
class ReadyUsers:
    """``tst_getintnumberreadyusers``."""

    number: str
    ready: int
    busy: int
    elements: tuple[str, ...] = ()
