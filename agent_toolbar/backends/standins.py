"""Stand-ins: a backend this version does not have, and one not built yet.

:class:`UnavailableBackend` reports a FAILED connection (``Problem.UNSUPPORTED``), refuses
every command and lets the toolbar run (the window says why) instead of crashing.
:class:`DeferredBackend` answers what the window reads first from values known up front and
builds the real backend only when it starts running, so the window is drawn before the
backend's modules load. No Qt here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import (
    Accepted,
    Backend,
    Capabilities,
    CommandError,
    ConnectionStatus,
    EventSink,
    FailureReason,
    LinkState,
    OperatorIdentity,
    Problem,
)

__all__ = ["DeferredBackend", "UnavailableBackend"]

log = logging.getLogger(__name__)


class UnavailableBackend:
    """A phone system this version cannot talk to: always FAILED, every command refused."""

    def __init__(self, name: str, login: str, server: str = "") -> None:
        """Stand in for backend ``name`` (``server``: the address to show, without secrets)."""
        self.name = name
        self._login = login
        self._capabilities = Capabilities(backend=name, features=frozenset())
        self._status = ConnectionStatus(
            state=LinkState.FAILED,
            server=server,
            reason=f"the {name} backend is not available in this version",
            problem=Problem.UNSUPPORTED,
        )
        self._sinks: list[EventSink] = []
        self._stopped = asyncio.Event()

    @property
    def login(self) -> str:
        """The configured login."""
        return self._login

    @property
    def identity(self) -> OperatorIdentity:
        """The configured login only."""
        return OperatorIdentity(self._login)

    @property
    def capabilities(self) -> Capabilities:
        """Nothing can be done."""
        return self._capabilities

    @property
    def status(self) -> ConnectionStatus:
        """Always FAILED with the reason."""
        return self._status

    def subscribe(self, sink: EventSink) -> None:
        """Deliver domain events to ``sink``."""
        self._sinks.append(sink)

    async def run(self) -> None:
        """Report the failure once, then wait for :meth:`stop`."""
        log.error("cti/backend = %s: %s", self.name, self._status.reason)
        for sink in tuple(self._sinks):
            sink(ev.ConnectionChanged(status=self._status))
        await self._stopped.wait()

    async def stop(self) -> None:
        """Let :meth:`run` return."""
        self._stopped.set()

    def reconnect_now(self) -> None:
        """Nothing to reconnect."""

    async def execute(self, intent: it.Intent) -> Accepted | None:
        """Refuse."""
        raise CommandError(
            f"the {self.name} backend is not available", kind=FailureReason.UNSUPPORTED
        )


class DeferredBackend:
    """Stands in for a backend until :meth:`run` builds it, then forwards everything to it.

    Until then it answers what a session and its window read first (login, capabilities, a
    CONNECTING status) from values given up front, refuses commands as not connected, and
    keeps the event sinks, which it hands to the real backend once built. :meth:`stop` during
    the build abandons it: nothing is started, and :meth:`run` returns.

    Attributes:
        real: The backend once built (None before).
    """

    def __init__(
        self,
        build: Callable[[], Awaitable[Backend]],
        *,
        login: str,
        capabilities: Capabilities,
        status: ConnectionStatus,
    ) -> None:
        """Stand in with these values; ``build`` makes the real backend when :meth:`run` starts."""
        self._build = build
        self._login = login
        self._capabilities = capabilities
        self._status = status
        self._sinks: list[EventSink] = []
        self._building: asyncio.Task[Any] | None = None
        self._stopping = False
        self.real: Backend | None = None

    @property
    def login(self) -> str:
        """The operator's login."""
        return self.real.login if self.real is not None else self._login

    @property
    def identity(self) -> OperatorIdentity:
        """Who the operator is (the login until the real backend knows more)."""
        return self.real.identity if self.real is not None else OperatorIdentity(self._login)

    @property
    def capabilities(self) -> Capabilities:
        """What the backend can do (known before it is built)."""
        return self.real.capabilities if self.real is not None else self._capabilities

    @property
    def status(self) -> ConnectionStatus:
        """CONNECTING until the real backend reports its own."""
        return self.real.status if self.real is not None else self._status

    def subscribe(self, sink: EventSink) -> None:
        """Deliver domain events to ``sink`` (the real backend's, once built)."""
        self._sinks.append(sink)
        if self.real is not None:
            self.real.subscribe(sink)

    async def run(self) -> None:
        """Build the real backend, then run it until :meth:`stop`."""
        if self.real is None:
            if self._stopping:
                return
            self._building = asyncio.current_task()
            try:
                real = await self._build()
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if not self._stopping or task is None or task.uncancel() > 0:
                    raise  # cancelled from outside, not by stop()
                return
            except Exception as exc:  # say so on the status line too, not only in the log
                self._status = ConnectionStatus(
                    state=LinkState.FAILED,
                    server=self._status.server,
                    reason=f"{type(exc).__name__}: {exc}",
                )
                self._emit(ev.ConnectionChanged(status=self._status))
                raise
            finally:
                self._building = None
            if self._stopping:  # stopped while the build was finishing: never start it
                return
            self.real = real
            for sink in self._sinks:
                real.subscribe(sink)
            if real.capabilities != self._capabilities:
                self._emit(ev.CapabilitiesChanged(capabilities=real.capabilities))
            # Its status: its run() reports CONNECTING (and what follows) itself.
        await self.real.run()

    async def stop(self) -> None:
        """Stop the real backend, or abandon building it."""
        self._stopping = True
        if self.real is not None:
            await self.real.stop()
        elif self._building is not None:
            self._building.cancel()

    def reconnect_now(self) -> None:
        """Try to connect at once (nothing to do while the backend is being built)."""
        if self.real is not None:
            self.real.reconnect_now()

    async def execute(self, intent: it.Intent) -> Accepted | None:
        """Carry out ``intent`` through the real backend; refused before it exists."""
        if self.real is None:
            raise CommandError("not connected yet", kind=FailureReason.DISCONNECTED)
        return await self.real.execute(intent)

    def _emit(self, event: ev.DomainEvent) -> None:
        for sink in tuple(self._sinks):
            sink(event)
