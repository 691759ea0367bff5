"""One WebSocket connection to the Vega PBX: TLS, handshake authentication, bounded frames.

The seed shows only ``new WebSocket('...')`` and ``onmessage``: the client sends nothing,
it listens. It names no authentication; we support ``cti/auth`` none / basic / bearer as an
``Authorization`` header on the handshake (our assumption, for a PBX or a proxy that asks
for it), and a refused handshake (HTTP 401 / 403) is reported as bad credentials rather
than retried as if the network were down. ``wss://`` always verifies the certificate,
against the OS trust store (``truststore``: corporate CAs installed by IT are there) plus
``cti/ca_file``; a CA file that cannot be read or holds no PEM certificate is a
configuration problem, not retried. No proxy is used unless ``cti/proxy`` names one:
websockets would otherwise follow ``http_proxy``/``https_proxy`` from the environment, with
the handshake's Authorization header. Reconnecting is the caller's business.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidHandshake, InvalidStatus, InvalidURI

from agent_toolbar.backends.vega.frames import MAX_FRAME

__all__ = [
    "CaFileError",
    "FailureKind",
    "LinkConfig",
    "LinkFailure",
    "describe_failure",
    "open_link",
]


@dataclass(frozen=True, slots=True)
class LinkConfig:
    """How to reach the PBX.

    Attributes:
        url: ``wss://host/path`` (``ws://`` for a local simulator).
        headers: Handshake headers (``Authorization`` for ``cti/auth``); never logged.
        ca_file: Extra CA certificates (PEM) for ``wss://``, trusted besides the OS store.
        proxy: ``http://host:port`` (CONNECT) proxy; None connects directly (the
            environment's proxy variables are never followed).
        max_frame: Largest frame accepted, in bytes (a larger one closes the connection).
        ping_interval: Keepalive ping period in seconds (``None`` disables).
        ping_timeout: Seconds without a pong before the connection is declared dead.
        open_timeout: Seconds the TCP, TLS and WebSocket handshakes may take.
    """

    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    ca_file: str | None = None
    proxy: str | None = None
    max_frame: int = MAX_FRAME
    ping_interval: float | None = 20.0
    ping_timeout: float | None = 20.0
    open_timeout: float = 10.0


class FailureKind(StrEnum):
    """Why a connection could not be opened."""

    AUTH = "auth"  # 401 / 403 on the handshake: retrying with the same secret will not help
    TLS = "tls"  # the certificate did not verify
    REFUSED = "refused"  # another HTTP status (503 while the PBX restarts …)
    NETWORK = "network"  # no route, refused, timed out, reset
    CONFIG = "config"  # the address itself is wrong


@dataclass(frozen=True, slots=True)
class LinkFailure:
    """A failed connection attempt, described for the status line.

    Attributes:
        kind: The category.
        detail: A short text without secrets (an HTTP status, the OS's error).
        status: The HTTP status of a refused handshake.
    """

    kind: FailureKind
    detail: str
    status: int | None = None

    @property
    def retry(self) -> bool:
        """Whether trying again without a change of settings may succeed."""
        return self.kind not in (FailureKind.AUTH, FailureKind.CONFIG)


class CaFileError(ValueError):
    """``cti/ca_file`` cannot be read or holds no PEM certificate."""


def ssl_context(config: LinkConfig) -> ssl.SSLContext | None:
    """A verifying TLS context for ``wss://`` (``None`` for ``ws://``).

    Raises:
        CaFileError: The extra CA file cannot be used.
    """
    if not config.url.lower().startswith("wss://"):
        return None
    import truststore  # the OS store: corporate CAs installed by IT are there

    context: ssl.SSLContext = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if config.ca_file:
        try:
            context.load_verify_locations(cafile=config.ca_file)
        except OSError as exc:
            raise CaFileError(f"cti/ca_file cannot be read: {exc.strerror or exc}") from exc
        except ssl.SSLError as exc:
            raise CaFileError("cti/ca_file holds no PEM certificate") from exc
    return context


async def open_link(config: LinkConfig) -> ClientConnection:
    """Open one connection (raises what :func:`describe_failure` explains)."""
    return await connect(
        config.url,
        additional_headers=dict(config.headers) or None,
        ssl=ssl_context(config),
        max_size=config.max_frame,
        ping_interval=config.ping_interval,
        ping_timeout=config.ping_timeout,
        open_timeout=config.open_timeout,
        compression=None,
        proxy=config.proxy or None,  # never websockets' default: the environment's
        user_agent_header="agent-toolbar",
    )


def describe_failure(exc: BaseException) -> LinkFailure:
    """Classify an exception raised by :func:`open_link`."""
    if isinstance(exc, InvalidStatus):
        code = exc.response.status_code
        kind = FailureKind.AUTH if code in (401, 403) else FailureKind.REFUSED
        return LinkFailure(kind, f"HTTP {code}", code)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return LinkFailure(FailureKind.TLS, exc.verify_message or "certificate not verified")
    if isinstance(exc, CaFileError):
        return LinkFailure(FailureKind.CONFIG, str(exc))
    if isinstance(exc, InvalidURI | ValueError):
        return LinkFailure(FailureKind.CONFIG, "not a ws:// or wss:// address")
    if isinstance(exc, ssl.SSLError):
        return LinkFailure(FailureKind.TLS, exc.reason or "TLS error")
    if isinstance(exc, InvalidHandshake):
        return LinkFailure(FailureKind.REFUSED, type(exc).__name__)
    if isinstance(exc, TimeoutError):
        return LinkFailure(FailureKind.NETWORK, "timed out")
    if isinstance(exc, OSError):
        return LinkFailure(FailureKind.NETWORK, exc.strerror or type(exc).__name__)
    return LinkFailure(FailureKind.NETWORK, type(exc).__name__)
