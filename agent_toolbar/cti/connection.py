"""Connection status of a backend, for sessions (Naumen), event streams and pollers.

Value types only (no imports from the rest of the domain). A session-style backend is
CONNECTED once attached; an events-only backend (Vega, the gateway) is CONNECTED while it
*listens*, and says when the last event came (``last_event_at``), since a silent stream and
a dead one look alike; a poller (Oktell) is CONNECTED while its polls succeed.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


class LinkState(enum.StrEnum):
    """Connection life cycle as the status area shows it."""

    DISCONNECTED = "disconnected"  # not started, or stopped on purpose
    CONNECTING = "connecting"
    CONNECTED = "connected"  # handshake done and attached to the operator (or listening)
    RECONNECTING = "reconnecting"  # lost; waiting ``delay`` before attempt ``attempt``
    FAILED = "failed"  # a condition retrying soon will not fix (see ``reason``)


class LinkKind(enum.StrEnum):
    """How the backend learns about calls (changes the wording of CONNECTED)."""

    SESSION = "session"  # a two-way session (Naumen): "Connected"
    STREAM = "stream"  # events pushed to us (Vega, gateway): "Listening · last event N s ago"
    POLL = "poll"  # we ask periodically (Oktell): "Connected · polled N s ago"


class Problem(enum.StrEnum):
    """Causes of a connection problem that the UI explains in the operator's language."""

    UNREACHABLE = "unreachable"  # refused, DNS, timeout, network down
    CLOSED = "closed"  # the server closed the connection or it dropped
    TLS = "tls"  # certificate verification or TLS handshake failed
    SUBPROTOCOL = "subprotocol"  # the server did not select the expected subprotocol
    VERSION = "version"  # the protocol version was refused
    UNKNOWN_LOGIN = "unknown_login"  # the operator's login (or number) is not known there
    BAD_CREDENTIALS = "bad_credentials"  # 401/403: user name, password or token refused
    SILENT = "silent"  # connected, but the peer sent nothing (not even keepalives) too long
    TIMEOUT = "timeout"  # the handshake got no answer in time
    PROTOCOL = "protocol"  # the server broke the protocol
    CONFIG = "config"  # the URL or login is missing or invalid
    UNSUPPORTED = "unsupported"  # the configured phone system is not available in this version


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
        kind: Session, stream or poller (how CONNECTED is worded).
        last_event_at: Wall-clock time of the last event or successful poll (streams and
            pollers; None when nothing came yet). Backends update it at most every few
            seconds, not per event.
    """

    state: LinkState = LinkState.DISCONNECTED
    server: str = ""
    attempt: int = 0
    delay: float | None = None
    retry_at: float | None = None
    reason: str | None = None
    problem: Problem | None = None
    kind: LinkKind = LinkKind.SESSION
    last_event_at: float | None = None

    @property
    def up(self) -> bool:
        """True while connected (or listening)."""
        return self.state is LinkState.CONNECTED


def _no_details() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class ServerInfo:
    """What the phone system said about itself (its version), for About and diagnostics.

    Attributes:
        version: The version as the system gives it (shown as is; "" when unknown).
        details: More facts the system gave (build date, environment …), keys and values
            as the backend names them; never credentials or personal data.
    """

    version: str = ""
    details: Mapping[str, str] = field(default_factory=_no_details)
