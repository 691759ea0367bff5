"""Which backend to build for ``cti/backend``, and a stand-in for systems not supported yet.

The composition root calls :func:`build_backend`. ``naumen`` builds the Naumen CTI API
adapter; ``oktell``, ``vega``, ``webhook`` and ``autosecretary`` are declared settings whose
adapters this version does not have: they get an :class:`UnavailableBackend`, which reports
a FAILED connection with a reason, refuses every command and lets the toolbar run (the
window shows why) instead of crashing. No Qt here.

The Naumen adapter is imported only when a backend is built: it brings the wire messages,
their codec, websockets and ssl (about 90 ms on a 2-core machine). At start-up the app
wraps the build in a :class:`DeferredBackend` (see :func:`deferred_backend`), so its window
is drawn first and says "Connecting…" while they load.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from agent_toolbar.backends.naumen.profile import naumen_capabilities, safe_url
from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import (
    Backend,
    Capabilities,
    CommandError,
    ConnectionStatus,
    EventSink,
    LinkState,
    PhoneKind,
    Problem,
)

if TYPE_CHECKING:
    from agent_toolbar.backends.naumen.client import ClientConfig

__all__ = [
    "IMPLEMENTED",
    "DeferredBackend",
    "UnavailableBackend",
    "build_backend",
    "client_config",
    "deferred_backend",
]

log = logging.getLogger(__name__)

IMPLEMENTED = frozenset({"naumen"})


class SettingsLike(Protocol):
    """The part of :class:`agent_toolbar.settings.Settings` used here."""

    def get(self, key: str) -> Any:
        """The effective value of a setting."""


class UnavailableBackend:
    """A phone system this version cannot talk to: always FAILED, every command refused."""

    def __init__(self, name: str, login: str, url: str = "") -> None:
        """Stand in for backend ``name``."""
        self.name = name
        self._login = login
        self._capabilities = Capabilities(backend=name, features=frozenset())
        self._status = ConnectionStatus(
            state=LinkState.FAILED,
            server=safe_url(url) if url else "",
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

    async def execute(self, intent: it.Intent) -> None:
        """Refuse."""
        raise CommandError(f"the {self.name} backend is not available", kind="unsupported")


def client_config(settings: SettingsLike, headers: Mapping[str, str] | None = None) -> ClientConfig:
    """The Naumen client configuration from the settings."""
    from agent_toolbar.backends.naumen.client import ClientConfig

    ca_file = str(settings.get("cti/ca_file") or "").strip()
    proxy = str(settings.get("cti/proxy") or "").strip()
    return ClientConfig(
        url=str(settings.get("cti/url") or "").strip(),
        login=str(settings.get("cti/login") or "").strip(),
        command_timeout=float(settings.get("cti/command_timeout")),
        ca_file=ca_file or None,
        headers=dict(headers or {}),
        proxy=proxy or None,
    )


def build_backend(settings: SettingsLike, headers: Mapping[str, str] | None = None) -> Backend:
    """The backend ``cti/backend`` names (an :class:`UnavailableBackend` if not built yet)."""
    name = str(settings.get("cti/backend") or "naumen")
    login = str(settings.get("cti/login") or "")
    if name not in IMPLEMENTED:
        return UnavailableBackend(name, login, str(settings.get("cti/url") or ""))
    from agent_toolbar.backends.naumen.adapter import NaumenBackend

    return NaumenBackend(client_config(settings, headers), phone=_phone(settings))


def _phone(settings: SettingsLike) -> PhoneKind:
    try:
        return PhoneKind(str(settings.get("cti/phone")))
    except ValueError:
        return PhoneKind.SOFTPHONE


def deferred_backend(
    settings: SettingsLike, build: Callable[[], Awaitable[Backend]], *, server: str | None = None
) -> Backend:
    """A backend for ``cti/backend`` that is cheap to create: the window can be drawn at once.

    A phone system this version cannot use gets its :class:`UnavailableBackend` right away
    (nothing to load). Naumen gets a :class:`DeferredBackend` that shows what the real one
    will (login, capabilities, "Connecting…" to the configured server) and awaits ``build``
    (which imports the adapter, and may read the keyring) when it starts running.

    Args:
        settings: Where ``cti/*`` is read.
        build: Makes the real backend.
        server: The address to show until it is built, if not ``cti/url``'s (``--demo``:
            the simulator's is not known yet).
    """
    name = str(settings.get("cti/backend") or "naumen")
    login = str(settings.get("cti/login") or "")
    url = str(settings.get("cti/url") or "").strip()
    if name not in IMPLEMENTED:
        return UnavailableBackend(name, login, url)
    shown = safe_url(url) if server is None else server
    status = ConnectionStatus(state=LinkState.CONNECTING, server=shown)
    return DeferredBackend(
        build,
        login=login.strip(),
        capabilities=naumen_capabilities(_phone(settings)),
        status=status,
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

    async def execute(self, intent: it.Intent) -> None:
        """Carry out ``intent`` through the real backend; refused before it exists."""
        if self.real is None:
            raise CommandError("not connected to the CTI server yet", kind="disconnected")
        await self.real.execute(intent)

    def _emit(self, event: ev.DomainEvent) -> None:
        for sink in tuple(self._sinks):
            sink(event)
