"""The toolbar channel's transport: one WebSocket to ``agent-toolbar-gateway``, kept up.

:class:`Channel` connects to ``GET /toolbar`` with ``Authorization: Bearer <token>`` and
``X-Agent-Toolbar-Login: <login>`` (and offers the ``agent-toolbar-gateway.v1``
subprotocol), sends its ``hello``, waits for the gateway's, and hands every later frame to
``on_frame``. The reconnect loop and the status are the shared
:class:`~agent_toolbar.cti.transport.supervisor.Supervisor`'s (``LinkKind.STREAM``:
"Listening · last event N s ago", jittered capped backoff). HTTP 401/403 before the upgrade
is a refused token: ``BAD_CREDENTIALS``, not retried until the operator asks (or the
settings change); a 503 (the gateway is full) and every other loss are retried. Frames are
bounded (``max_frame``, the gateway's own limit from its ``hello`` as the ceiling of what
we send); WebSocket pings keep the link honest both ways (``ping_interval``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import (
    ConnectionClosed,
    InvalidHandshake,
    InvalidStatus,
    InvalidURI,
    WebSocketException,
)
from websockets.typing import Subprotocol

from agent_toolbar.cti.connection import ConnectionStatus, LinkKind, Problem
from agent_toolbar.cti.transport.backoff import Backoff
from agent_toolbar.cti.transport.supervisor import FatalError, Supervisor
from agent_toolbar.cti.transport.urls import safe_url
from agent_toolbar.gateway import wire

__all__ = ["Channel", "ChannelConfig", "Hello"]

log = logging.getLogger(__name__)

#: Sent in our ``hello`` (the gateway logs it).
CLIENT = "agent-toolbar"


@dataclass(frozen=True, slots=True)
class ChannelConfig:
    """Where and as whom to connect.

    Attributes:
        url: ``wss://gateway/toolbar`` (``ws://`` on loopback and behind a trusted proxy).
        login: The operator's login (the gateway's ``[operator:LOGIN]``).
        token: The operator's toolbar token (from the keyring).
        ca_file: Extra CA certificates for ``wss://`` (empty: the system's).
        open_timeout: Seconds for the TCP/TLS/WebSocket handshake and the ``hello``.
        ping_interval: WebSocket keepalive pings (seconds); a peer that does not answer
            within ``ping_timeout`` is a lost connection.
        max_frame: The largest frame accepted from the gateway (bytes).
        backoff_base: First reconnection delay (seconds; jittered, doubling).
        backoff_cap: Longest reconnection delay.
    """

    url: str
    login: str
    token: str
    ca_file: str = ""
    open_timeout: float = 10.0
    ping_interval: float = 20.0
    ping_timeout: float = 20.0
    max_frame: int = 1 << 20
    backoff_base: float = 1.0
    backoff_cap: float = 30.0


@dataclass(frozen=True, slots=True)
class Hello:
    """What the gateway said about itself on this connection."""

    server: str
    login: str
    instance: str
    heartbeat: float
    max_frame: int


FrameCallback = Callable[[dict[str, Any]], None]


class Channel:
    """Keeps the toolbar channel up; see the module docstring."""

    def __init__(
        self,
        config: ChannelConfig,
        *,
        on_hello: Callable[[Hello], None],
        on_frame: FrameCallback,
        on_status: Callable[[ConnectionStatus], None],
        on_lost: Callable[[], None],
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Create it; nothing happens until :meth:`run`."""
        self.config = config
        self._on_hello = on_hello
        self._on_frame = on_frame
        self._on_lost = on_lost
        self._ws: ClientConnection | None = None
        self._hello: Hello | None = None
        self.supervisor = Supervisor(
            self._connect_once,
            server=safe_url(config.url),
            on_status=on_status,
            kind=LinkKind.STREAM,
            backoff=Backoff(config.backoff_base, config.backoff_cap),
            describe=describe,
            clock=clock,
        )

    @property
    def status(self) -> ConnectionStatus:
        """The current status."""
        return self.supervisor.status

    @property
    def up(self) -> bool:
        """Whether the gateway's ``hello`` arrived on the open connection."""
        return self._ws is not None and self._hello is not None

    async def run(self) -> None:
        """Connect and reconnect until :meth:`stop`."""
        await self.supervisor.run()

    async def stop(self) -> None:
        """Close the connection and end :meth:`run`."""
        self.supervisor.stop()
        ws = self._ws
        if ws is not None:
            with contextlib.suppress(Exception):
                await ws.close()

    def reconnect_now(self) -> None:
        """Skip the wait before the next attempt."""
        self.supervisor.reconnect_now()

    async def send(self, text: str) -> None:
        """Send one frame; raises ``ConnectionError`` when not connected."""
        ws = self._ws
        if ws is None or self._hello is None:
            raise ConnectionError("not connected to the gateway")
        if len(text.encode()) > self._hello.max_frame:
            raise ValueError("frame larger than the gateway accepts")
        try:
            await ws.send(text)
        except ConnectionClosed as exc:
            raise ConnectionError("the connection to the gateway was lost") from exc

    async def _connect_once(self) -> None:
        cfg = self.config
        headers = {"Authorization": f"Bearer {cfg.token}", wire.LOGIN_HEADER: cfg.login}
        try:
            ws = await connect(
                cfg.url,
                subprotocols=[Subprotocol(wire.SUBPROTOCOL)],
                additional_headers=headers,
                open_timeout=cfg.open_timeout,
                ping_interval=cfg.ping_interval,
                ping_timeout=cfg.ping_timeout,
                close_timeout=2.0,
                max_size=cfg.max_frame,
                compression=None,
                ssl=_ssl_context(cfg),
                user_agent_header=CLIENT,
            )
        except InvalidURI as exc:
            raise FatalError(
                Problem.CONFIG, f"invalid gateway address: {exc}", retry=False
            ) from exc
        except InvalidStatus as exc:
            code = exc.response.status_code
            if code in (401, 403):
                raise FatalError(
                    Problem.BAD_CREDENTIALS,
                    f"the gateway refused the login or token (HTTP {code})",
                    retry=False,
                ) from exc
            raise
        except ssl.SSLCertVerificationError as exc:
            raise FatalError(Problem.TLS, f"certificate not trusted: {exc.verify_message}") from exc
        try:
            await ws.send(wire.client_hello(CLIENT))
            first = await asyncio.wait_for(ws.recv(), cfg.open_timeout)
            self._hello = _hello(wire.decode(first, max_size=cfg.max_frame))
            self._ws = ws
            self.supervisor.connected()
            log.info(
                "listening to %s as %s (gateway instance %s)",
                safe_url(cfg.url),
                cfg.login,
                self._hello.instance,
            )
            self._on_hello(self._hello)
            async for frame in ws:
                try:
                    message = wire.decode(frame, max_size=cfg.max_frame)
                except wire.ProtocolError as exc:
                    log.warning("ignoring a frame from the gateway: %s", exc)
                    continue
                if message["type"] in ("snapshot", "call", "instruction"):
                    self.supervisor.heard()
                try:
                    self._on_frame(message)
                except Exception:
                    log.exception("handling a %s frame failed", message["type"])
        finally:
            was_up = self._ws is not None
            self._ws = self._hello = None
            with contextlib.suppress(Exception):
                await ws.close()
            if was_up:
                self._on_lost()


def _hello(message: dict[str, Any]) -> Hello:
    if message.get("type") == "error":
        reason = str(message.get("reason", ""))
        raise FatalError(Problem.VERSION, f"the gateway refused us: {reason}")
    if message.get("type") != "hello" or message.get("protocol") != wire.PROTOCOL:
        raise FatalError(
            Problem.VERSION, f"not a protocol {wire.PROTOCOL} gateway: {message.get('type')!r}"
        )
    heartbeat = message.get("heartbeat")
    max_frame = message.get("max_frame")
    return Hello(
        server=str(message.get("server", "")),
        login=str(message.get("login", "")),
        instance=str(message.get("instance", "")),
        heartbeat=float(heartbeat) if isinstance(heartbeat, int | float) else 20.0,
        max_frame=max_frame if isinstance(max_frame, int) and max_frame > 0 else 65536,
    )


def _ssl_context(cfg: ChannelConfig) -> ssl.SSLContext | None:
    if not cfg.url.lower().startswith("wss://"):
        return None
    return ssl.create_default_context(cafile=cfg.ca_file or None)


def describe(exc: BaseException) -> tuple[str, Problem]:
    """A reason for the log and a problem for the UI, for this transport's exceptions."""
    if isinstance(exc, InvalidStatus):
        code = exc.response.status_code
        if code == 503:
            return "the gateway is full (HTTP 503)", Problem.UNREACHABLE
        return f"the gateway refused the connection (HTTP {code})", Problem.UNREACHABLE
    if isinstance(exc, ConnectionClosed):
        closed = exc.rcvd.code if exc.rcvd else None
        why = {
            1001: "the gateway is stopping",
            1009: "a frame was too large",
            wire.CLOSE_UNSUPPORTED: "protocol refused",
            wire.CLOSE_SLOW: "we read too slowly",
            wire.CLOSE_REPLACED: "replaced by a newer connection of this login",
        }.get(closed or 0, "closed")
        return f"the gateway closed the connection ({why}, code {closed})", Problem.CLOSED
    if isinstance(exc, ssl.SSLError):
        return f"TLS failure: {exc}", Problem.TLS
    if isinstance(exc, TimeoutError):
        return "the gateway did not answer in time", Problem.UNREACHABLE
    if isinstance(exc, OSError):
        return f"cannot reach the gateway: {exc.strerror or exc}", Problem.UNREACHABLE
    if isinstance(exc, wire.ProtocolError):
        return f"the gateway sent something unexpected: {exc}", Problem.PROTOCOL
    if isinstance(exc, InvalidHandshake | WebSocketException):
        return f"WebSocket handshake failed: {exc}", Problem.PROTOCOL
    return f"{type(exc).__name__}: {exc}", Problem.CLOSED
