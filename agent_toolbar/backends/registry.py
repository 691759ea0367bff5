"""The registry of phone systems: one :class:`~agent_toolbar.backends.spec.BackendSpec` each.

To add a system, write ``backends/<name>/spec.py`` exporting ``SPEC`` (or ``SPECS``, a
tuple, for a package serving several systems) and add its module path to
:data:`SPEC_MODULES`. A system announced in :data:`PLANNED` under the same name is then
replaced by the real one. Everything else derives from here: the ``cti/backend`` choices
and their labels, the settings each system adds (and the dialog shows only for it), the
keys that force a reconnect, ``--demo --backend NAME``, ``agent-toolbar-sim --backend
NAME``, the contract test suite, and the "not supported yet" stand-in.

Start-up stays fast: spec modules are small; a backend's own modules (wire messages,
codec, websockets, aiohttp …) are imported only when :func:`build_backend` builds it. At
start-up the app wraps the build in a :class:`DeferredBackend` (see :func:`deferred_backend`),
so its window is drawn first and says "Connecting…" while they load. No Qt here.
"""

from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from types import MappingProxyType

from agent_toolbar.backends.spec import BackendSpec, BuildContext, SettingsLike
from agent_toolbar.backends.standins import DeferredBackend, UnavailableBackend
from agent_toolbar.cti.backend import Backend, ConnectionStatus, LinkState
from agent_toolbar.cti.transport.urls import safe_url
from agent_toolbar.declarations import Setting, tr_noop

__all__ = [
    "DEFAULT",
    "IMPLEMENTED",
    "PLANNED",
    "SPEC_MODULES",
    "BackendSpec",
    "BuildContext",
    "DeferredBackend",
    "UnavailableBackend",
    "backend_settings",
    "build_backend",
    "deferred_backend",
    "get",
    "names",
    "specs",
]

log = logging.getLogger(__name__)

#: The system ``cti/backend`` names by default (and ``--demo`` without ``--backend``).
DEFAULT = "naumen"

#: One entry per package: its spec module (``SPEC`` or ``SPECS``).
SPEC_MODULES: tuple[str, ...] = (
    "agent_toolbar.backends.naumen.spec",
    "agent_toolbar.backends.oktell.spec",
    "agent_toolbar.backends.vega.spec",
    "agent_toolbar.backends.gateway.spec",
)

#: Systems announced in ``cti/backend`` that this version cannot talk to yet.
PLANNED: tuple[BackendSpec, ...] = (
    BackendSpec("oktell", tr_noop("Oktell"), available=False),
    BackendSpec("vega", tr_noop("Vega PBX"), available=False),
    BackendSpec("webhook", tr_noop("Webhook call events"), available=False),
    BackendSpec("autosecretary", tr_noop("Autosecretary"), available=False),
)


@functools.cache
def specs() -> Mapping[str, BackendSpec]:
    """Every registered system by name, in ``cti/backend`` menu order."""
    found: dict[str, BackendSpec] = {}
    for path in SPEC_MODULES:
        module = importlib.import_module(path)
        declared = getattr(module, "SPECS", None) or (module.SPEC,)
        for spec in declared:
            if spec.name in found:
                raise ValueError(f"backend {spec.name!r} registered twice")
            found[spec.name] = spec
    for planned in PLANNED:
        found.setdefault(planned.name, planned)
    # The menu order is the product's (naumen, oktell, vega …), not the registration order.
    order = [DEFAULT, *(planned.name for planned in PLANNED)]
    found = dict(sorted(found.items(), key=lambda item: _rank(order, item[0])))
    for spec in found.values():
        for decl in spec.settings:
            if decl.backend != spec.name:
                raise ValueError(f"{decl.key}: declare it with backend={spec.name!r}")
    return MappingProxyType(found)


def _rank(order: list[str], name: str) -> tuple[int, str]:
    return (order.index(name), "") if name in order else (len(order), name)


def names() -> tuple[str, ...]:
    """The ``cti/backend`` choices."""
    return tuple(specs())


def get(name: str) -> BackendSpec | None:
    """The spec of ``name`` (None when no such system is known)."""
    return specs().get(name)


def implemented() -> frozenset[str]:
    """Systems this version can connect to."""
    return frozenset(n for n, s in specs().items() if s.available)


IMPLEMENTED = implemented()


def backend_settings() -> tuple[Setting, ...]:
    """The settings every system adds (each marked with its ``backend``)."""
    return tuple(decl for spec in specs().values() for decl in spec.settings)


def secret_keys(name: str) -> tuple[str, ...]:
    """The keys of ``name``'s secret settings (the app reads them from the keyring)."""
    spec = get(name)
    return tuple(d.key for d in spec.settings if d.secret) if spec else ()


def _chosen(settings: SettingsLike) -> tuple[str, BackendSpec | None]:
    name = str(settings.get("cti/backend") or DEFAULT)
    spec = get(name)
    return name, spec if spec is not None and spec.available else None


def _server(settings: SettingsLike, spec: BackendSpec | None) -> str:
    url = str(settings.get(spec.server_key if spec else "cti/url") or "").strip()
    return safe_url(url) if url else ""


def build_backend(
    settings: SettingsLike,
    headers: Mapping[str, str] | None = None,
    secrets: Mapping[str, str] | None = None,
) -> Backend:
    """The backend ``cti/backend`` names (an :class:`UnavailableBackend` if not in this version).

    Args:
        settings: The effective settings.
        headers: ``cti/auth`` headers (built by the app from the keyring).
        secrets: The values of the system's secret settings (see :func:`secret_keys`).
    """
    name, spec = _chosen(settings)
    login = str(settings.get("cti/login") or "")
    if spec is None:
        return UnavailableBackend(name, login, _server(settings, None))
    ctx = BuildContext(settings, MappingProxyType(dict(headers or {})), secrets or {})
    return spec.build(ctx)


def deferred_backend(
    settings: SettingsLike, build: Callable[[], Awaitable[Backend]], *, server: str | None = None
) -> Backend:
    """A backend for ``cti/backend`` that is cheap to create: the window can be drawn at once.

    A phone system this version cannot use gets its :class:`UnavailableBackend` right away
    (nothing to load). Others get a :class:`DeferredBackend` that shows what the real one
    will (login, capabilities, "Connecting…" to the configured server) and awaits ``build``
    (which imports the backend, and may read the keyring) when it starts running.

    Args:
        settings: Where ``cti/*`` is read.
        build: Makes the real backend.
        server: The address to show until it is built, if not the configured one
            (``--demo``: the simulator's is not known yet).
    """
    name, spec = _chosen(settings)
    login = str(settings.get("cti/login") or "")
    if spec is None:
        return UnavailableBackend(name, login, _server(settings, None))
    shown = _server(settings, spec) if server is None else server
    status = ConnectionStatus(state=LinkState.CONNECTING, server=shown, kind=spec.link)
    return DeferredBackend(
        build, login=login.strip(), capabilities=spec.capabilities(settings), status=status
    )
