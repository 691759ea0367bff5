"""Which backend to build for ``cti/backend``, and a stand-in for systems not supported yet.

The composition root calls :func:`build_backend`. ``naumen`` builds the Naumen CTI API
adapter; ``oktell``, ``vega``, ``webhook`` and ``autosecretary`` are declared settings whose
adapters this version does not have: they get an :class:`UnavailableBackend`, which reports
a FAILED connection with a reason, refuses every command and lets the toolbar run (the
window shows why) instead of crashing. No Qt here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any, Protocol

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
from agent_toolbar.cti.naumen.adapter import NaumenBackend
from agent_toolbar.cti.naumen.client import ClientConfig, safe_url

__all__ = ["IMPLEMENTED", "UnavailableBackend", "build_backend", "client_config"]

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
    ca_file = str(settings.get("cti/ca_file") or "").strip()
    return ClientConfig(
        url=str(settings.get("cti/url") or "").strip(),
        login=str(settings.get("cti/login") or "").strip(),
        command_timeout=float(settings.get("cti/command_timeout")),
        ca_file=ca_file or None,
        headers=dict(headers or {}),
    )


def build_backend(settings: SettingsLike, headers: Mapping[str, str] | None = None) -> Backend:
    """The backend ``cti/backend`` names (an :class:`UnavailableBackend` if not built yet)."""
    name = str(settings.get("cti/backend") or "naumen")
    login = str(settings.get("cti/login") or "")
    if name not in IMPLEMENTED:
        return UnavailableBackend(name, login, str(settings.get("cti/url") or ""))
    try:
        phone = PhoneKind(str(settings.get("cti/phone")))
    except ValueError:
        phone = PhoneKind.SOFTPHONE
    return NaumenBackend(client_config(settings, headers), phone=phone)
