"""The Vega PBX backend: listen to the PBX's event stream, report the operator's calls.

:class:`VegaBackend` implements :class:`~agent_toolbar.cti.backend.Backend` on the shared
transport: the :class:`~agent_toolbar.cti.transport.supervisor.Supervisor` keeps one
WebSocket open (jittered, capped backoff; pings; frames bounded), and the status is a
stream's ("listening · last event N s ago"). Each frame goes through the
:class:`~agent_toolbar.backends.vega.stream.EventStream` (decode, track, expire) and each
change becomes domain events (:mod:`~agent_toolbar.backends.vega.mapping`).

Vega takes no commands: every intent is refused as unsupported (the capabilities say why:
events only; the agent state is read-only). A handshake refused with HTTP 401 / 403 is
reported as bad credentials and not retried until the settings change or the operator asks.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed, InvalidStatus

from agent_toolbar.backends.vega.legs import CrmOrder
from agent_toolbar.backends.vega.link import FailureKind, LinkConfig, describe_failure, open_link
from agent_toolbar.backends.vega.mapping import to_events
from agent_toolbar.backends.vega.spec import CAPABILITIES
from agent_toolbar.backends.vega.stream import EventStream
from agent_toolbar.backends.vega.tracker import (
    CallChanged,
    CallEnded,
    Change,
    ErrorReported,
    PauseChanged,
    Tracker,
)
from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import (
    Accepted,
    Capabilities,
    CommandError,
    ConnectionStatus,
    EventSink,
    FailureReason,
    LinkKind,
    OperatorIdentity,
    Problem,
)
from agent_toolbar.cti.transport.backoff import Backoff
from agent_toolbar.cti.transport.supervisor import FatalError, Supervisor, describe_basic
from agent_toolbar.cti.transport.urls import safe_url

__all__ = ["VegaBackend", "VegaConfig"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class VegaConfig:
    """What the backend needs to know.

    Attributes:
        link: How to reach the PBX (URL, handshake headers, CA file, frame bound, pings).
        login: The toolbar's name for the operator.
        extension: The operator's extension (``vega/extension``).
        crm_order: Which CRM ``priority`` comes first.
        expire_after: Seconds after a reconnect before a silent call is closed.
        backoff_base: First reconnect ceiling, seconds.
        backoff_cap: Largest reconnect ceiling, seconds.
        stable_after: A connection that lived this long resets the backoff.
        fatal_retry: Seconds before retrying after a TLS refusal.
    """

    link: LinkConfig
    login: str
    extension: str
    crm_order: CrmOrder = CrmOrder.LOWEST
    expire_after: float = 30.0
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    stable_after: float = 10.0
    fatal_retry: float = 300.0


class VegaBackend:
    """Vega PBX call events as domain events (see the module docstring).

    Attributes:
        stream: The event stream (frame counts and refusals, for diagnostics).
    """

    def __init__(
        self,
        config: VegaConfig,
        *,
        backoff: Backoff | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Create the backend; nothing happens until :meth:`run`."""
        self.config = config
        self._sinks: list[EventSink] = []
        self._tracker = Tracker(
            config.extension, crm_order=config.crm_order, expire_after=config.expire_after
        )
        self.stream = EventStream(self._tracker, self._changed, max_frame=config.link.max_frame)
        self._supervisor = Supervisor(
            self._connect_once,
            server=safe_url(config.link.url),
            on_status=self._status_changed,
            kind=LinkKind.STREAM,
            backoff=backoff or Backoff(config.backoff_base, config.backoff_cap),
            describe=_describe,
            clock=clock,
            stable_after=config.stable_after,
            fatal_retry=config.fatal_retry,
        )
        self._identity = OperatorIdentity(login=config.login, extension=config.extension or None)
        self._ws: ClientConnection | None = None

    # ------------------------------------------------------------------ Backend

    @property
    def login(self) -> str:
        """The toolbar's name for the operator."""
        return self.config.login

    @property
    def identity(self) -> OperatorIdentity:
        """The login and the extension that identifies the operator's legs."""
        return self._identity

    @property
    def capabilities(self) -> Capabilities:
        """Events only; the pause state is read-only."""
        return CAPABILITIES

    @property
    def status(self) -> ConnectionStatus:
        """The stream's connection status."""
        return self._supervisor.status

    @property
    def delays(self) -> list[float]:
        """Every reconnection delay chosen (for diagnostics and tests)."""
        return self._supervisor.delays

    def subscribe(self, sink: EventSink) -> None:
        """Deliver every domain event to ``sink``."""
        self._sinks.append(sink)

    async def run(self) -> None:
        """Listen, and come back after every loss, until :meth:`stop`."""
        if not self.config.extension:
            log.warning("vega/extension is empty: no call will be recognised as the operator's")
        expiry = asyncio.ensure_future(self.stream.run_expiry())
        try:
            await self._supervisor.run()
        finally:
            expiry.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await expiry

    async def stop(self) -> None:
        """Close the stream; :meth:`run` returns afterwards."""
        self._supervisor.stop()
        ws = self._ws
        if ws is not None:
            with contextlib.suppress(Exception):
                await ws.close()

    def reconnect_now(self) -> None:
        """Cut short any wait before the next attempt."""
        self._supervisor.reconnect_now()

    async def execute(self, intent: it.Intent) -> Accepted | None:
        """Refuse: the Vega PBX takes no commands from the toolbar."""
        raise CommandError("the Vega PBX only reports calls", kind=FailureReason.UNSUPPORTED)

    # ------------------------------------------------------------------ internals

    async def _connect_once(self) -> None:
        try:
            ws = await open_link(self.config.link)
        except (InvalidStatus, ssl.SSLError, ValueError, OSError) as exc:
            _raise_fatal(exc)
            raise
        self._ws = ws
        try:
            self.stream.opened()
            self._supervisor.connected()
            log.info(
                "listening to %s for extension %s",
                safe_url(self.config.link.url),
                self.config.extension or "(none)",
            )
            async for raw in ws:
                self.stream.handle(raw)
                self._supervisor.heard()
        finally:
            self._ws = None
            with contextlib.suppress(Exception):
                await ws.close()

    def _changed(self, change: Change) -> None:
        _log_change(change)
        for event in to_events(change, self.config.extension):
            self._emit(event)

    def _status_changed(self, status: ConnectionStatus) -> None:
        self._emit(ev.ConnectionChanged(status=status, at=time.time()))

    def _emit(self, event: ev.DomainEvent) -> None:
        for sink in list(self._sinks):
            try:
                sink(event)
            except Exception:
                log.exception("an event subscriber failed")


def _masked(number: str | None) -> str:
    digits = number or ""
    return "*" * max(0, len(digits) - 4) + digits[-4:] if digits else "(no number)"


def _log_change(change: Change) -> None:
    """One line per thing the operator sees (numbers masked, no CRM data)."""
    if isinstance(change, CallChanged) and change.new:
        call = change.call
        log.info("call %s appeared: %s %s, %s", call.key, call.direction, call.role,
                 _masked(call.number))  # fmt: skip
    elif isinstance(change, CallEnded):
        log.info("call %s ended: %s", change.call.key, change.call.end_reason)
    elif isinstance(change, PauseChanged):
        log.info("pause reported: %s", "on pause" if change.paused else "available")
    elif isinstance(change, ErrorReported):
        log.warning("the PBX reported an error%s: %s",
                    f" on call {change.key}" if change.key else "", change.text[:200])  # fmt: skip


def _raise_fatal(exc: BaseException) -> None:
    """Turn a refusal no quick retry can fix into a :class:`FatalError`."""
    failure = describe_failure(exc)
    if failure.kind is FailureKind.AUTH:
        raise FatalError(
            Problem.BAD_CREDENTIALS,
            f"the PBX refused the credentials ({failure.detail})",
            retry=False,
        ) from exc
    if failure.kind is FailureKind.CONFIG:
        raise FatalError(
            Problem.CONFIG, "invalid PBX address (ws:// or wss://)", retry=False
        ) from exc
    if failure.kind is FailureKind.TLS:
        raise FatalError(Problem.TLS, f"certificate not trusted: {failure.detail}") from exc


def _describe(exc: BaseException) -> tuple[str, Problem]:
    if isinstance(exc, ConnectionClosed):
        code = exc.sent.code if exc.sent is not None else None
        if code == 1009:
            return "a frame over the size limit closed the connection", Problem.PROTOCOL
        received = exc.rcvd.code if exc.rcvd is not None else None
        detail = f" (code {received})" if received else ""
        return f"the PBX closed the connection{detail}", Problem.CLOSED
    failure = describe_failure(exc)
    if failure.kind is FailureKind.REFUSED:
        return f"the PBX refused the connection ({failure.detail})", Problem.UNREACHABLE
    return describe_basic(exc)
