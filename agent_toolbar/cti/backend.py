"""The protocol every backend implements, its capability flags and its connection status.

A backend connects to one phone system for one operator, turns what the system says into
domain events (:mod:`agent_toolbar.cti.events`) and carries out intents
(:mod:`agent_toolbar.cti.intents`). The UI never sees a wire message; it sees the state
those events build and the capabilities declared here.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from agent_toolbar.cti.events import DomainEvent
    from agent_toolbar.cti.intents import Intent


class PhoneKind(enum.StrEnum):
    """Which Naumen phone the operator uses; the WebPhone supports fewer commands."""

    SOFTPHONE = "softphone"
    WEBPHONE = "webphone"


class Feature(enum.StrEnum):
    """Things a backend can do; the UI offers only what the backend declares."""

    ANSWER = "answer"
    HANGUP = "hangup"
    HOLD = "hold"
    MUTE = "mute"
    DTMF = "dtmf"
    CLOSE = "close"  # finish wrap-up
    SET_ACTIVE = "set_active"
    MAKE_CALL = "make_call"
    CHANGE_STATE = "change_state"
    TRANSFER_BLIND = "transfer_blind"
    TRANSFER_CONSULTATION = "transfer_consultation"
    TRANSFER_CONFERENCE = "transfer_conference"
    TRANSFER_CALLBACK = "transfer_callback"
    BREAK_TRANSFER = "break_transfer"
    FINISH_CONFERENCE_TRANSFER = "finish_conference_transfer"
    CONFERENCES = "conferences"
    CALL_PARAMS = "call_params"
    LOCAL_PARAMS = "local_params"
    SECURE_MODE = "secure_mode"
    MUSIC_ON_HOLD = "music_on_hold"
    REOPEN_AUDIO = "reopen_audio"
    BIND_NUMBER = "bind_number"
    LOGOUT = "logout"
    EXIT = "exit"


ALL_FEATURES = frozenset(Feature)


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What the connected backend supports."""

    backend: str = "none"
    phone: PhoneKind = PhoneKind.SOFTPHONE
    features: frozenset[Feature] = frozenset()
    state_choices: tuple[str, ...] = ("normal", "away", "dnd", "custom1", "custom2", "custom3")

    def has(self, feature: Feature) -> bool:
        """Whether ``feature`` is supported."""
        return feature in self.features


class LinkState(enum.StrEnum):
    """Connection life cycle as the status area shows it."""

    DISCONNECTED = "disconnected"  # not started, or stopped on purpose
    CONNECTING = "connecting"
    CONNECTED = "connected"  # handshake done and attached to the operator
    RECONNECTING = "reconnecting"  # lost; waiting ``delay`` before attempt ``attempt``
    FAILED = "failed"  # a condition retrying soon will not fix (see ``reason``)


@dataclass(frozen=True, slots=True)
class ConnectionStatus:
    """Observable connection status of a backend.

    Attributes:
        state: Where the connection is.
        server: The server address (without credentials).
        attempt: Reconnection attempt number (1 for the first retry).
        delay: Seconds waited before the next attempt (RECONNECTING, FAILED with retry).
        retry_at: Wall-clock time of the next attempt, when one is scheduled.
        reason: Why the connection is not up (last error), in plain English for the log;
            the UI shows ``problem`` translated.
        problem: A machine-readable cause (see :class:`Problem`).
    """

    state: LinkState = LinkState.DISCONNECTED
    server: str = ""
    attempt: int = 0
    delay: float | None = None
    retry_at: float | None = None
    reason: str | None = None
    problem: Problem | None = None


class Problem(enum.StrEnum):
    """Causes of a connection problem that the UI explains in the operator's language."""

    UNREACHABLE = "unreachable"  # refused, DNS, timeout, network down
    CLOSED = "closed"  # the server closed the connection or it dropped
    TLS = "tls"  # certificate verification or TLS handshake failed
    SUBPROTOCOL = "subprotocol"  # the server did not select nauphone-cti-protocol
    VERSION = "version"  # SetProtocolVersion refused
    UNKNOWN_LOGIN = "unknown_login"  # AttachToUser refused
    TIMEOUT = "timeout"  # the handshake got no answer in time
    PROTOCOL = "protocol"  # the server broke the protocol
    CONFIG = "config"  # the URL or login is missing or invalid
    UNSUPPORTED = "unsupported"  # the configured phone system is not available in this version


@dataclass(frozen=True, slots=True)
class CommandError(Exception):
    """A command was refused (``Error``/``ParseError``), timed out or could not be sent."""

    reason: str
    kind: str = "error"  # "error" | "parse_error" | "timeout" | "disconnected" | "unsupported"
    details: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.reason


EventSink = Callable[["DomainEvent"], None]


class Backend(Protocol):
    """What the session needs from a phone-system adapter."""

    @property
    def login(self) -> str:
        """The operator's login on that system."""
        ...

    @property
    def capabilities(self) -> Capabilities:
        """What can be done through this backend."""
        ...

    @property
    def status(self) -> ConnectionStatus:
        """The current connection status."""
        ...

    def subscribe(self, sink: EventSink) -> None:
        """Deliver every domain event (connection changes included) to ``sink``."""
        ...

    async def run(self) -> None:
        """Connect and stay connected (reconnecting as needed) until :meth:`stop`."""
        ...

    async def stop(self) -> None:
        """Detach politely and close; :meth:`run` returns afterwards."""
        ...

    def reconnect_now(self) -> None:
        """Skip any wait and try to connect at once (the operator asked)."""
        ...

    async def execute(self, intent: Intent) -> None:
        """Carry out an intent; raise :class:`CommandError` with a reason on failure."""
        ...
