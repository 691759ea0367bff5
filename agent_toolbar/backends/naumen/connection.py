"""What a Naumen connection is made of: its configuration, TLS, and failures in words.

Kept out of :mod:`~agent_toolbar.backends.naumen.client` (which re-exports
:class:`ClientConfig`) so that module stays about the session itself. ``wss://`` is verified
against the OS trust store (``truststore``: corporate CAs installed by IT are there) plus
``cti/ca_file``; a missing or invalid CA file is a configuration error, never retried. No
proxy is used unless one is configured: websockets would otherwise follow ``http_proxy`` /
``https_proxy`` from the environment, with the handshake's Authorization header.
"""

from __future__ import annotations

import re
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field

from websockets.exceptions import (
    ConnectionClosed,
    InvalidHandshake,
    InvalidStatus,
    WebSocketException,
)

from agent_toolbar.cti.backend import CommandError, Problem
from agent_toolbar.cti.transport.supervisor import FatalError

__all__ = ["ClientConfig", "FatalError", "describe", "masked", "ssl_context"]


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """Connection settings for one operator.

    Attributes:
        url: ``ws://host:8098`` or ``wss://…``.
        login: The operator's login.
        command_timeout: Seconds to wait for a command's reply before failing it.
        open_timeout: Seconds allowed for TCP + TLS + WebSocket handshake.
        ping_interval: Keepalive ping period in seconds (None disables).
        ping_timeout: Seconds without a pong before the connection is declared dead.
        max_frame: Largest accepted frame in bytes (bigger ones close the connection).
        ca_file: Extra CA bundle for ``wss://``, trusted besides the OS trust store
            (verification is always on).
        headers: Extra handshake headers (e.g. a proxy's bearer token).
        proxy: ``http://`` or ``https://`` (CONNECT) proxy to connect through; None
            connects directly (the environment's ``http_proxy``/``https_proxy`` are never
            followed: they would carry the handshake and its Authorization header).
        backoff_base: First reconnection ceiling in seconds.
        backoff_cap: Largest reconnection ceiling in seconds.
        fatal_retry: Seconds to wait after a refusal that retrying soon cannot fix.
        stable_after: A connection that lived this long resets the backoff.
        conferences: Whether to ask for conferences when resyncing (not on a WebPhone).
        push_wait: Seconds to wait after the attach for the pushed state, calls and
            conferences before asking for what is missing.
    """

    url: str
    login: str
    command_timeout: float = 10.0
    open_timeout: float = 10.0
    ping_interval: float | None = 20.0
    ping_timeout: float | None = 20.0
    max_frame: int = 1 << 20
    ca_file: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    proxy: str | None = None
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    fatal_retry: float = 300.0
    stable_after: float = 10.0
    conferences: bool = True
    push_wait: float = 1.0


def ssl_context(cfg: ClientConfig) -> ssl.SSLContext | None:
    """The OS trust store (``truststore``) plus the extra ``ca_file``, for ``wss://``.

    Raises:
        FatalError: ``ca_file`` is missing, unreadable or holds no PEM certificate (a
            configuration problem: retrying cannot fix it).
    """
    if not cfg.url.lower().startswith("wss://"):
        return None
    import truststore  # the OS store: corporate CAs installed by IT are there

    context: ssl.SSLContext = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if cfg.ca_file:
        try:
            context.load_verify_locations(cafile=cfg.ca_file)
        except OSError as exc:
            reason = f"cti/ca_file {cfg.ca_file} cannot be read: {exc.strerror or exc}"
            raise FatalError(Problem.CONFIG, reason, retry=False) from exc
        except ssl.SSLError as exc:
            reason = f"cti/ca_file {cfg.ca_file} holds no PEM certificates ({exc.reason or exc})"
            raise FatalError(Problem.CONFIG, reason, retry=False) from exc
    return context


def describe(exc: BaseException) -> tuple[str, Problem]:
    """Why a connection attempt or a connection failed, in words, and its kind."""
    if isinstance(exc, CommandError):
        return (
            f"handshake: {exc.reason}",
            Problem.TIMEOUT if exc.kind == "timeout" else Problem.CLOSED,
        )
    if isinstance(exc, InvalidStatus):
        return (
            f"the server refused the connection (HTTP {exc.response.status_code})",
            Problem.UNREACHABLE,
        )
    if isinstance(exc, ssl.SSLError):
        return f"TLS failure: {exc}", Problem.TLS
    if isinstance(exc, TimeoutError):
        return "the server did not answer in time", Problem.UNREACHABLE
    if isinstance(exc, ConnectionClosed):
        code = exc.rcvd.code if exc.rcvd else None
        detail = f" (code {code})" if code else ""
        return f"the connection was closed{detail}", Problem.CLOSED
    if isinstance(exc, OSError):
        return f"cannot reach the server: {exc.strerror or exc}", Problem.UNREACHABLE
    if isinstance(exc, InvalidHandshake | WebSocketException):
        return f"WebSocket handshake failed: {exc}", Problem.PROTOCOL
    return f"{type(exc).__name__}: {exc}", Problem.CLOSED


def masked(frame: str | bytes) -> str:
    """A frame for the wire log with DTMF digits hidden (they may be card data)."""
    text = frame.decode("utf-8", "replace") if isinstance(frame, bytes) else frame
    if "DTMFString" not in text:
        return text
    return _DTMF.sub(lambda g: g[1] + "•" * len(g[2]) + g[3], text)


_DTMF = re.compile(r'("DTMFString"\s*:\s*")([^"]*)(")')
