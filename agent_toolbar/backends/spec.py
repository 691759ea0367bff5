"""What one phone system declares: :class:`BackendSpec`, and what its builder receives.

Each system's package exports one spec (``backends/<name>/spec.py``: ``SPEC``, or ``SPECS``
for a package serving several systems) and :mod:`agent_toolbar.backends.registry` lists the
spec modules. A spec module must stay cheap to import (it is read at start-up): it declares
settings and capabilities with the domain's value types and names its builder and its
simulator as *strings*, imported only when that backend is built or ``--demo`` runs it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

from agent_toolbar.cti.capabilities import Capabilities
from agent_toolbar.cti.connection import LinkKind
from agent_toolbar.declarations import Setting

if TYPE_CHECKING:
    from agent_toolbar.cti.backend import Backend

__all__ = ["BackendSpec", "BuildContext", "DemoSimulator", "SettingsLike", "load"]


class SettingsLike(Protocol):
    """The part of :class:`agent_toolbar.settings.Settings` backends read."""

    def get(self, key: str) -> Any:
        """The effective value of a setting."""


def _no_secrets() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class BuildContext:
    """What a builder gets.

    Attributes:
        settings: The effective settings (``get(key)``; ``--demo`` overrides included).
        headers: HTTP/WebSocket headers for ``cti/auth`` (Basic or Bearer), already built.
        secrets: The values of the spec's ``secret`` settings, read from the keyring by the
            app before building (a missing one is absent).
    """

    settings: SettingsLike
    headers: Mapping[str, str] = field(default_factory=_no_secrets)
    secrets: Mapping[str, str] = field(default_factory=_no_secrets)


def _no_capabilities(settings: SettingsLike) -> Capabilities:
    return Capabilities()


@dataclass(frozen=True, slots=True)
class BackendSpec:
    """One phone system, as the registry knows it.

    Attributes:
        name: The ``cti/backend`` value (``naumen``, ``oktell``, ``vega``, ``webhook`` …).
        label: Translatable name (marked with ``tr_noop``), shown in Settings.
        settings: Its own settings (each with ``backend=name``: shown in Settings only
            while this system is chosen). Settings every system shares (``cti/url``,
            ``cti/login``, ``cti/auth`` …) are declared in :mod:`agent_toolbar.settings`.
        capabilities: What it can do, from the settings, *before* it is built (the window
            is drawn with these; the built backend may report others).
        builder: ``"module:function"``; ``function(ctx: BuildContext) -> Backend``. The
            module (and everything heavy) is imported only when the backend is built.
        simulator: ``"module:function"`` for ``--demo``: ``async function(scenario: str |
            None) -> DemoSimulator`` (see :class:`DemoSimulator`); None: no demo.
        simulator_cli: Module whose ``main(argv) -> int`` runs its standalone simulator
            (``agent-toolbar-sim --backend NAME``); None: no standalone simulator.
        link: Session, stream or poller (how the status area words CONNECTED).
        server_key: The setting holding the address shown before connecting.
        url_schemes: The schemes that address may have (the Settings check offers the
            first in its example); ``bare_host`` allows a host without a scheme.
        bare_host: Whether a bare ``host`` or ``host:port`` is a usable address.
        available: False for a system announced in ``cti/backend`` but not in this
            version: it gets the stand-in that says so.
    """

    name: str
    label: str
    builder: str = ""
    capabilities: Callable[[SettingsLike], Capabilities] = _no_capabilities
    settings: tuple[Setting, ...] = ()
    simulator: str | None = None
    simulator_cli: str | None = None
    link: LinkKind = LinkKind.SESSION
    server_key: str = "cti/url"
    url_schemes: tuple[str, ...] = ("wss", "ws")
    bare_host: bool = False
    available: bool = True

    def build(self, ctx: BuildContext) -> Backend:
        """Import the builder and make the backend."""
        build: Callable[[BuildContext], Backend] = load(self.builder)
        return build(ctx)


class DemoSimulator(Protocol):
    """A running in-process simulator for ``--demo`` (what ``BackendSpec.simulator`` returns).

    Attributes:
        url: Where it listens (for the log).
        overrides: Settings to point the toolbar at it for this run (``cti/url`` …).
    """

    url: str
    overrides: Mapping[str, Any]

    async def stop(self) -> None:
        """Stop serving."""
        ...


def load(target: str) -> Any:
    """The object ``"package.module:name"`` names (importing the module now)."""
    module, _, attr = target.partition(":")
    obj = importlib.import_module(module)
    return getattr(obj, attr) if attr else obj
