"""WebSocket client for the Naumen CTI API: handshake, request correlation, reconnection.

One :class:`NaumenClient` keeps one operator attached:

1. connect with the ``nauphone-cti-protocol`` subprotocol (a server that does not select it
   is refused);
2. ``SetProtocolVersion "13"`` and wait for its ``Ok`` before anything else (§2.1);
3. ``AttachToUser`` (§2.2); ``Error`` means an unknown login;
4. resync: ``GetUserState``, then ``GetCalls`` and ``GetConferences`` unless offline;
5. deliver every message that is not a reply to the ``on_message`` callback, dropping
   messages for other logins;
6. on any drop, fail pending commands and reconnect after a jittered backoff.

``Error`` on the version or the login is not retried in a loop: the client reports FAILED
and tries again only after ``fatal_retry`` seconds (or when asked). The reconnect loop and
its status are :class:`~agent_toolbar.cti.transport.supervisor.Supervisor`'s; the rid
futures are :class:`~agent_toolbar.cti.transport.correlation.Correlator`'s.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
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

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.backends.naumen.profile import safe_url
from agent_toolbar.cti.backend import CommandError, ConnectionStatus, Problem
from agent_toolbar.cti.transport.backoff import Backoff
from agent_toolbar.cti.transport.correlation import Correlator
from agent_toolbar.cti.transport.supervisor import FatalError, Supervisor

log = logging.getLogger(__name__)
wire_log = logging.getLogger("agent_toolbar.wire")

MessageCallback = Callable[[m.Message | m.UnknownMessage, float], None]
StatusCallback = Callable[[ConnectionStatus], None]

_SERVICE = (m.Ok, m.Error, m.ParseError)
#: Seconds of frame handling after which the reader lets the loop run (UI, timers).
READ_SLICE = 0.008


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
        ca_file: Extra CA bundle for ``wss://`` (verification is always on).
        headers: Extra handshake headers (e.g. a proxy's bearer token).
        backoff_base: First reconnection ceiling in seconds.
        backoff_cap: Largest reconnection ceiling in seconds.
        fatal_retry: Seconds to wait after a refusal that retrying soon cannot fix.
        stable_after: A connection that lived this long resets the backoff.
        conferences: Whether to ask for conferences when resyncing (not on a WebPhone).
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
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    fatal_retry: float = 300.0
    stable_after: float = 10.0
    conferences: bool = True


class NaumenClient:
    """Keeps one operator attached to the CTI API and correlates commands with replies.

    Callbacks:
        on_message(message, received_at): every event (not a reply) for our login,
            including :class:`~agent_toolbar.backends.naumen.messages.UnknownMessage`.
        on_status(status): every connection status change.
    """

    def __init__(
        self,
        config: ClientConfig,
        *,
        on_message: MessageCallback,
        on_status: StatusCallback,
        backoff: Backoff | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Create a client; nothing happens until :meth:`run`."""
        self.config = config
        self._on_message = on_message
        self._clock = clock
        self._replies: Correlator[m.Message] = Correlator()
        self._ws: ClientConnection | None = None
        self._ready = False
        self._stopping = False
        self._tasks: set[asyncio.Task[Any]] = set()
        self._offline = False
        self._supervisor = Supervisor(
            self._connect_once,
            server=safe_url(config.url),
            on_status=on_status,
            backoff=backoff or Backoff(config.backoff_base, config.backoff_cap),
            describe=_describe,
            clock=clock,
            stable_after=config.stable_after,
            fatal_retry=config.fatal_retry,
        )

    # ------------------------------------------------------------------ public

    @property
    def status(self) -> ConnectionStatus:
        """The current connection status."""
        return self._supervisor.status

    @property
    def delays(self) -> list[float]:
        """Every reconnection delay chosen (for diagnostics)."""
        return self._supervisor.delays

    @property
    def ready(self) -> bool:
        """True once attached (commands may be sent)."""
        return self._ready

    async def run(self) -> None:
        """Connect and stay connected until :meth:`stop`; never raises for network errors."""
        self._stopping = False
        await self._supervisor.run()

    async def stop(self, *, detach: bool = True) -> None:
        """Detach (politely, briefly) and close; :meth:`run` then returns."""
        self._stopping = True
        self._supervisor.stop()
        ws = self._ws
        if ws is not None and self._ready and detach:
            with contextlib.suppress(CommandError, ConnectionClosed, OSError):
                await self.request(m.DetachFromUser(login=self.config.login), timeout=2.0)
        if ws is not None:
            with contextlib.suppress(Exception):
                await ws.close()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def reconnect_now(self) -> None:
        """Cut short any wait before the next connection attempt."""
        self._supervisor.reconnect_now()

    async def request(self, message: m.Message, *, timeout: float | None = None) -> m.Message:
        """Send a command and return its reply; raise :class:`CommandError` on failure."""
        if not self._ready and not isinstance(message, m.SetProtocolVersion | m.AttachToUser):
            raise CommandError("not connected to the CTI server", kind="disconnected")
        return await self._call(message, timeout)

    # ------------------------------------------------------------------ connection

    async def _connect_once(self) -> None:
        cfg = self.config
        ssl_ctx = _ssl_context(cfg)
        try:
            ws = await connect(
                cfg.url,
                subprotocols=[Subprotocol(m.SUBPROTOCOL)],
                open_timeout=cfg.open_timeout,
                ping_interval=cfg.ping_interval,
                ping_timeout=cfg.ping_timeout,
                close_timeout=2.0,
                max_size=cfg.max_frame,
                # CTI frames are small; inflating every one costs more CPU under a burst
                # than the bytes it saves on a contact-center LAN.
                compression=None,
                additional_headers=dict(cfg.headers) or None,
                ssl=ssl_ctx,
                user_agent_header="agent-toolbar",
            )
        except InvalidURI as exc:
            raise FatalError(Problem.CONFIG, f"invalid server address: {exc}", retry=False) from exc
        except ssl.SSLCertVerificationError as exc:
            raise FatalError(Problem.TLS, f"certificate not trusted: {exc.verify_message}") from exc
        self._ws = ws
        try:
            if ws.subprotocol != m.SUBPROTOCOL:
                raise FatalError(
                    Problem.SUBPROTOCOL,
                    f"the server did not accept the {m.SUBPROTOCOL} subprotocol",
                )
            reader = asyncio.ensure_future(self._read(ws))
            self._tasks.add(reader)
            reader.add_done_callback(self._tasks.discard)
            try:
                await self._handshake()
                await reader
            finally:
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await reader
        finally:
            self._ready = False
            self._ws = None
            self._fail_pending("connection lost")
            with contextlib.suppress(Exception):
                await ws.close()

    async def _handshake(self) -> None:
        cfg = self.config
        version = m.SetProtocolVersion(protocol_version=m.PROTOCOL_VERSION)
        await self._step(version, Problem.VERSION, "protocol version refused")
        await self._step(
            m.AttachToUser(login=cfg.login), Problem.UNKNOWN_LOGIN, f"login {cfg.login!r}"
        )
        self._ready = True
        self._supervisor.connected()
        log.info("attached to %s as %s", safe_url(cfg.url), cfg.login)
        self._spawn(self._resync())

    async def _step(self, command: m.Message, problem: Problem, what: str) -> None:
        """One handshake command: a refusal is final (reported, not retried in a loop)."""
        try:
            await self._call(command)
        except CommandError as exc:
            if exc.kind in ("error", "parse_error"):
                raise FatalError(problem, f"{what}: {exc.reason}") from exc
            raise

    async def _resync(self) -> None:
        """Rebuild the view: the API keeps no history (§1.1)."""
        try:
            state = await self._call(m.GetUserState(login=self.config.login))
            if isinstance(state, m.UserState) and state.state.lower() == "offline":
                self._offline = True
                return
            await self._fetch_calls()
        except CommandError as exc:
            log.warning("resync incomplete: %s", exc)

    async def _fetch_calls(self) -> None:
        try:
            await self._call(m.GetCalls(login=self.config.login))
            if self.config.conferences:
                await self._call(m.GetConferences(login=self.config.login))
        except CommandError as exc:
            log.warning("could not fetch calls/conferences: %s", exc)

    async def _read(self, ws: ClientConnection) -> None:
        # Frames already buffered are returned without yielding to the loop; under a burst
        # that would starve the UI. Yield whenever a slice of work has been done.
        loop = asyncio.get_running_loop()
        slice_started = loop.time()
        async for frame in ws:
            self._handle(frame)
            if loop.time() - slice_started >= READ_SLICE:
                await asyncio.sleep(0)
                slice_started = loop.time()

    # ------------------------------------------------------------------ messages

    def _handle(self, frame: str | bytes) -> None:
        at = self._clock()
        result = m.decode(frame)
        for problem in result.problems:
            log.debug("decode: %s", problem)
        message = result.message
        if message is None:
            log.warning("undecodable frame (%s): %.200r", result.error, frame)
            if result.rid and result.rid in self._replies:
                error = CommandError(f"malformed reply: {result.error}", kind="parse_error")
                self._resolve(result.rid, error)
            return
        if wire_log.isEnabledFor(logging.DEBUG):
            wire_log.debug("<< %s", _masked(frame))
        rid = message.rid
        if rid is not None and rid in self._replies:
            # An unknown message carrying our rid is still the one reply: take it as accepted.
            self._resolve(rid, message if isinstance(message, m.Message) else m.Ok(rid=rid))
            if isinstance(message, _SERVICE):
                return
        elif isinstance(message, _SERVICE):
            log.warning("reply for no pending command: %s rid=%s", message.NAME, rid)
            return
        login = getattr(message, "login", None)
        if login and login != self.config.login:
            log.debug("ignored %s for another login %r", message.name, login)
            return
        if isinstance(message, m.UnknownMessage):
            log.info("unknown message %r ignored", message.name)
        elif isinstance(message, m.UserState):
            self._track_offline(message)
        self._on_message(message, at)

    def _track_offline(self, state: m.UserState) -> None:
        offline = state.state.lower() == "offline"
        if self._offline and not offline and self._ready:
            log.info("operator is online again: fetching calls and conferences")
            self._spawn(self._fetch_calls())
        self._offline = offline

    def _resolve(self, rid: str, outcome: m.Message | CommandError) -> None:
        if isinstance(outcome, CommandError):
            self._replies.fail(rid, outcome)
        elif isinstance(outcome, m.Error):
            self._replies.fail(rid, CommandError(outcome.description or "refused", kind="error"))
        elif isinstance(outcome, m.ParseError):
            reason = outcome.description or "the server could not parse the command"
            self._replies.fail(rid, CommandError(reason, kind="parse_error"))
        else:
            self._replies.resolve(rid, outcome)

    async def _call(self, message: m.Message, timeout: float | None = None) -> m.Message:
        ws = self._ws
        if ws is None:
            raise CommandError("not connected to the CTI server", kind="disconnected")
        rid, future = self._replies.expect()
        message = replace(message, rid=rid)
        text = m.encode(message)
        if wire_log.isEnabledFor(logging.DEBUG):
            wire_log.debug(">> %s", _masked(text))
        try:
            await ws.send(text)
        except (ConnectionClosed, OSError) as exc:
            self._replies.forget(rid)
            raise CommandError("connection lost while sending", kind="disconnected") from exc
        limit = self.config.command_timeout if timeout is None else timeout
        return await self._replies.wait(
            rid,
            future,
            limit,
            lambda: CommandError(
                f"no answer from the CTI server within {limit:g} s", kind="timeout"
            ),
        )

    def _fail_pending(self, reason: str) -> None:
        self._replies.fail_all(lambda: CommandError(reason, kind="disconnected"))

    # ------------------------------------------------------------------ helpers

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


def _ssl_context(cfg: ClientConfig) -> ssl.SSLContext | None:
    if not cfg.url.lower().startswith("wss://"):
        return None
    return ssl.create_default_context(cafile=cfg.ca_file or None)


def _describe(exc: BaseException) -> tuple[str, Problem]:
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


def _masked(frame: str | bytes) -> str:
    """A frame for the wire log with DTMF digits hidden (they may be card data)."""
    text = frame.decode("utf-8", "replace") if isinstance(frame, bytes) else frame
    if "DTMFString" not in text:
        return text
    return _DTMF.sub(lambda g: g[1] + "•" * len(g[2]) + g[3], text)


_DTMF = re.compile(r'("DTMFString"\s*:\s*")([^"]*)(")')
