"""WebSocket client for the Naumen CTI API: handshake, request correlation, reconnection.

One :class:`NaumenClient` keeps one operator attached:

1. connect with the ``nauphone-cti-protocol`` subprotocol (a server that does not select it
   is refused);
2. ``SetProtocolVersion "13"`` and wait for its ``Ok`` before anything else (§2.1);
3. ``AttachToUser`` (§2.2); ``Error`` is a refusal: §2.2 names an unknown login, §1 also
   too few NCC CTI licences, so the status carries the server's own description;
4. resync: after ``Ok`` the server pushes ``UserState`` and, unless the operator is
   offline, ``Calls`` and ``Conferences`` (§2.2 steps 3–5, §3.3); the client waits for
   them (at most ``push_wait`` seconds) and asks (``GetUserState``, ``GetCalls``,
   ``GetConferences``) only for what did not arrive;
5. deliver every message that is not a reply to the ``on_message`` callback, dropping
   messages for other logins;
6. on any drop, fail pending commands and reconnect after a jittered backoff.

An ``Error`` or ``ParseError`` without ``rid`` (the document says every answer carries the
command's rid, §1.3; servers have been seen to leave it out) is taken as the answer of the one
pending command when exactly one is waiting; otherwise the connection stays up and its status
carries the server's description (the status line shows it).

``Error`` on the version or the login is not retried in a loop: the client reports FAILED
and tries again only after ``fatal_retry`` seconds (or when asked). The reconnect loop and
its status are :class:`~agent_toolbar.cti.transport.supervisor.Supervisor`'s; the rid
futures are :class:`~agent_toolbar.cti.transport.correlation.Correlator`'s.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
import time
from collections.abc import Callable, Collection
from dataclasses import replace
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidURI
from websockets.typing import Subprotocol

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.backends.naumen.connection import ClientConfig, describe, masked, ssl_context
from agent_toolbar.backends.naumen.profile import safe_url
from agent_toolbar.cti.backend import CommandError, ConnectionStatus, LinkState, Problem
from agent_toolbar.cti.transport.backoff import Backoff
from agent_toolbar.cti.transport.correlation import Correlator
from agent_toolbar.cti.transport.supervisor import FatalError, Supervisor

__all__ = ["ClientConfig", "MessageCallback", "NaumenClient", "StatusCallback"]

log = logging.getLogger(__name__)
wire_log = logging.getLogger("agent_toolbar.wire")

MessageCallback = Callable[[m.Message | m.UnknownMessage, float], None]
StatusCallback = Callable[[ConnectionStatus], None]

_SERVICE = (m.Ok, m.Error, m.ParseError)
#: Seconds of frame handling after which the reader lets the loop run (UI, timers).
READ_SLICE = 0.008


_PUSHED = {m.UserState: "UserState", m.Calls: "Calls", m.Conferences: "Conferences"}


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
        # What the server pushed after the attach (None: not collecting), and a wake-up
        self._pushed: dict[str, m.Message] | None = None
        self._pushes_in = asyncio.Event()
        self._attach_rid: str | None = None
        self._supervisor = Supervisor(
            self._connect_once,
            server=safe_url(config.url),
            on_status=on_status,
            backoff=backoff or Backoff(config.backoff_base, config.backoff_cap),
            describe=describe,
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
        ssl_ctx = ssl_context(cfg)
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
                proxy=cfg.proxy or None,  # never websockets' default: the environment's
                user_agent_header="agent-toolbar",
            )
        except ssl.SSLCertVerificationError as exc:
            raise FatalError(Problem.TLS, f"certificate not trusted: {exc.verify_message}") from exc
        except (
            InvalidURI,
            ValueError,
        ) as exc:  # a bad port, an unclosed "[" (after: a TLS error is a ValueError too)
            raise FatalError(Problem.CONFIG, f"invalid server address: {exc}", retry=False) from exc
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
            self._pushed = None
            self._fail_pending("connection lost")
            with contextlib.suppress(Exception):
                await ws.close()

    async def _handshake(self) -> None:
        cfg = self.config
        version = m.SetProtocolVersion(protocol_version=m.PROTOCOL_VERSION)
        await self._step(version, Problem.VERSION, "protocol version refused")
        self._pushed = {}
        self._pushes_in.clear()
        await self._step(
            m.AttachToUser(login=cfg.login), Problem.UNKNOWN_LOGIN, f"login {cfg.login!r} refused"
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
                # The server's description is shown as it is: an AttachToUser refusal is an
                # unknown login (§2.2) or too few CTI licences (§1), and only it can tell.
                reason = exc.reason or "refused"
                raise FatalError(problem, reason, context=what) from exc
            raise

    def _expected_pushes(self) -> set[str]:
        pushed = self._pushed or {}
        state = pushed.get("UserState")
        if isinstance(state, m.UserState) and state.state.lower() == "offline":
            return {"UserState"}  # nothing more comes for an offline operator (§2.2 step 4)
        wanted = {"UserState", "Calls"}
        if self.config.conferences:
            wanted.add("Conferences")
        return wanted

    async def _resync(self) -> None:
        """Rebuild the view (the API keeps no history, §1.1) from what the attach pushed.

        Whatever the server did not push within ``push_wait`` is asked for.
        """
        if self._pushed is not None and not self._expected_pushes() <= self._pushed.keys():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._pushes_in.wait(), self.config.push_wait)
        pushed, self._pushed = self._pushed or {}, None
        try:
            state = pushed.get("UserState")
            if state is None:
                state = await self._call(m.GetUserState(login=self.config.login))
            if isinstance(state, m.UserState) and state.state.lower() == "offline":
                self._offline = True
                return
            await self._fetch_calls(have=pushed.keys())
        except CommandError as exc:
            log.warning("resync incomplete: %s", exc)
        else:
            if pushed:
                log.debug("after the attach the server pushed %s", ", ".join(sorted(pushed)))

    async def _fetch_calls(self, have: Collection[str] = ()) -> None:
        try:
            if "Calls" not in have:
                await self._call(m.GetCalls(login=self.config.login))
            if self.config.conferences and "Conferences" not in have:
                await self._call(m.GetConferences(login=self.config.login))
        except CommandError as exc:
            log.warning("could not fetch calls/conferences: %s", exc)

    def _note_push(self, message: m.Message | m.UnknownMessage) -> m.Message | m.UnknownMessage:
        """Collect a snapshot the server pushed after the attach; returns what to deliver.

        The pushed ``UserState`` is the attach's answer (§3.74 lists ``AttachToUser`` among
        the commands it answers): it is delivered with the attach's rid, so it counts as
        part of the sync like a ``GetUserState`` reply.
        """
        name = _PUSHED.get(type(message))
        if self._pushed is None or name is None or message.rid is not None:
            return message
        assert isinstance(message, m.Message)
        self._pushed.setdefault(name, message)
        if self._expected_pushes() <= self._pushed.keys():
            self._pushes_in.set()
        if isinstance(message, m.UserState) and self._attach_rid is not None:
            return replace(message, rid=self._attach_rid)
        return message

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
            wire_log.debug("<< %s", masked(frame))
        rid = message.rid
        if rid is not None and rid in self._replies:
            # An unknown message carrying our rid is still the one reply: take it as accepted.
            self._resolve(rid, message if isinstance(message, m.Message) else m.Ok(rid=rid))
            if isinstance(message, _SERVICE):
                return
        elif rid is None and isinstance(message, m.Error | m.ParseError):
            self._ridless_error(message)
            return
        elif isinstance(message, _SERVICE):
            log.warning("reply for no pending command: %s rid=%.40s", message.NAME, rid)
            return
        login = getattr(message, "login", None)
        if login and login != self.config.login:
            log.debug("ignored %s for another login %r", message.name, login)
            return
        message = self._note_push(message)
        if isinstance(message, m.UnknownMessage):
            log.info("unknown message %.60r ignored", message.name)
        elif isinstance(message, m.UserState):
            self._track_offline(message)
        self._on_message(message, at)

    def _ridless_error(self, message: m.Error | m.ParseError) -> None:
        """An ``Error``/``ParseError`` without ``rid`` (§1.3 says every answer carries one).

        With exactly one command waiting it can only be that command's answer; otherwise it is
        not pinned on any of them, and the server's words go to the status (still connected).
        """
        rid = self._replies.sole()
        if rid is not None:
            log.warning(
                "%s without rid: taken as the answer to the one pending command", message.NAME
            )
            self._resolve(rid, message)
            return
        description = message.description or "no description"
        log.warning("%s without rid from the server: %.200s", message.NAME, description)
        if self._ready:
            self._supervisor.set_status(
                LinkState.CONNECTED, reason=f"the server reported an error: {description}"
            )

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
        if isinstance(message, m.AttachToUser):
            self._attach_rid = rid
        message = replace(message, rid=rid)
        text = m.encode(message)
        if wire_log.isEnabledFor(logging.DEBUG):
            wire_log.debug(">> %s", masked(text))
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
