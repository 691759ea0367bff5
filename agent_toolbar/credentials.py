"""Secrets in the OS keyring, chosen deliberately, never in a file.

Every secret a backend needs (an HTTP Basic password, an API key, the bearer token of a TLS
proxy in front of the CTI API) goes through :class:`Credentials`. It picks one backend from an
allow-list of secure system stores (Windows Credential Locker, macOS Keychain, Secret Service,
KWallet), logs which one, and never falls back to a plaintext file or to keyring's
``fail.Keyring``. With no secure store available (no D-Bus session, a locked or broken store),
secrets live in memory for this session only and :attr:`Credentials.persistent` is False, so
the UI can show a banner (:data:`SESSION_ONLY_NOTICE`).

A server's secret is bound to its origin: the keyring user name is
``<key>@<scheme>://<host>:<port>`` (:func:`secret_name`, default ports explicit), so a toolbar
pointed at another server (a user file, ``--server``) finds nothing to send it. An entry that
an older version stored under the bare key is moved once, to the origin of the *configured*
``cti/url`` only. Basic and Bearer credentials are never sent in clear text (``ws://``,
``http://``) except to loopback.

Keyring calls block (D-Bus round trips, a possible unlock prompt): from async code use the
``*_async`` methods, which run them in the default executor.

Every secret that passes through here is registered with :func:`agent_toolbar.logs.register_secret`,
so the log handlers' redacting filter blanks it out of any record, whatever logger produced it
(websockets logs handshake headers at DEBUG), and so does the diagnostics zip.
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import ipaddress
import logging
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import metadata
from typing import Any, Protocol
from urllib.parse import urlsplit

from agent_toolbar.cti.transport.urls import is_loopback
from agent_toolbar.logs import redact, register_secret

log = logging.getLogger(__name__)

SERVICE = "agent-toolbar"

SESSION_ONLY_NOTICE = "No system keyring: passwords are kept only until you quit"
"""English source text of the banner shown while secrets are session-only (translated by the UI)."""

SECURE_BACKENDS: tuple[tuple[str, str], ...] = (
    ("keyring.backends.Windows", "WinVaultKeyring"),
    ("keyring.backends.macOS", "Keyring"),
    ("keyring.backends.SecretService", "Keyring"),
    ("keyring.backends.libsecret", "Keyring"),  # the same Secret Service, through libsecret
    ("keyring.backends.kwallet", "DBusKeyring"),
    ("keyring.backends.kwallet", "DBusKeyringKWallet4"),
)
"""(module, class) of every backend we trust; anything else (plaintext, fail, null) is refused."""

MEMORY_BACKEND_NAME = "memory (session only)"
PROBE_KEY = "diagnostics-probe"


class KeyringBackendLike(Protocol):
    """The part of ``keyring.backend.KeyringBackend`` we use."""

    def get_password(self, service: str, username: str) -> str | None:
        """Read a secret."""

    def set_password(self, service: str, username: str, password: str) -> None:
        """Store a secret."""

    def delete_password(self, service: str, username: str) -> None:
        """Remove a secret."""


@dataclass(frozen=True, slots=True)
class BackendReport:
    """What we know about one allow-listed backend in this environment.

    Attributes:
        name: ``module.Class``.
        importable: The module imports (in a frozen build: it was bundled).
        viable: keyring says it works here (its priority check passed).
        priority: keyring's priority when viable.
        reason: Why it is not viable.
    """

    name: str
    importable: bool
    viable: bool
    priority: float | None
    reason: str


def _qualified(obj: object) -> str:
    cls = type(obj)
    return f"{cls.__module__}.{cls.__qualname__}"


def is_secure(backend: object) -> bool:
    """Whether ``backend`` is an instance of an allow-listed class (exactly, not a subclass)."""
    return any(_qualified(backend) == f"{mod}.{cls}" for mod, cls in SECURE_BACKENDS)


def survey() -> list[BackendReport]:
    """Check every allow-listed backend now (blocking: may talk to D-Bus)."""
    reports = []
    for module_name, class_name in SECURE_BACKENDS:
        name = f"{module_name}.{class_name}"
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
        except Exception as exc:  # an optional dependency of keyring may fail in odd ways
            reports.append(BackendReport(name, False, False, None, f"not importable: {exc}"))
            continue
        try:
            priority = float(cls.priority)
        except Exception as exc:
            reports.append(BackendReport(name, True, False, None, str(exc) or type(exc).__name__))
            continue
        reports.append(BackendReport(name, True, priority > 0, priority, ""))
    return reports


def choose_backend() -> KeyringBackendLike | None:
    """The viable allow-listed backend with the highest priority, or None (blocking).

    keyring's own configuration (``PYTHON_KEYRING_BACKEND``, ``keyringrc.cfg``) is ignored on
    purpose: it could select a plaintext store.
    """
    best: tuple[float, str] | None = None
    for report in survey():
        if report.viable and report.priority is not None:
            if best is None or report.priority > best[0]:
                best = (report.priority, report.name)
        elif report.importable:
            log.debug("keyring backend %s not usable: %s", report.name, report.reason)
    if best is None:
        return None
    module_name, _, class_name = best[1].rpartition(".")
    backend: KeyringBackendLike = getattr(importlib.import_module(module_name), class_name)()
    return backend


def entry_point_backends() -> list[str]:
    """The ``keyring.backends`` entry points keyring itself would load (its metadata is bundled)."""
    return sorted(
        f"{ep.name} = {ep.value}" for ep in metadata.entry_points(group="keyring.backends")
    )


def diagnose_keyring(*, round_trip: bool = True) -> str:
    """A human-readable report of the keyring backends (for ``--diagnose-keyring``).

    With ``round_trip``, a throwaway entry (:data:`PROBE_KEY`) is written to the chosen store,
    read back and deleted, which proves the whole path (D-Bus, encryption) works.
    """
    lines = ["keyring entry points:"]
    lines += [f"  {item}" for item in entry_point_backends()] or ["  (none)"]
    lines.append("allow-listed backends:")
    for report in survey():
        state = f"viable, priority {report.priority:g}" if report.viable else report.reason
        lines.append(f"  {report.name}: {state}")
    chosen = choose_backend()
    lines.append(f"chosen: {_qualified(chosen) if chosen else MEMORY_BACKEND_NAME}")
    if round_trip and chosen is not None:
        probe = f"probe-{secrets.token_hex(8)}"
        try:
            chosen.set_password(SERVICE, PROBE_KEY, probe)
            ok = chosen.get_password(SERVICE, PROBE_KEY) == probe
            chosen.delete_password(SERVICE, PROBE_KEY)
            lines.append("round trip: ok" if ok else "round trip: read back something else")
        except Exception as exc:
            lines.append(f"round trip failed: {type(exc).__name__}: {exc}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------- the store


class Credentials:
    """The one way secrets are read and written.

    Secrets are addressed by a key (usually the declaring setting's key, e.g.
    ``cti/auth_secret``) and stored under service :data:`SERVICE`.

    Listeners (:meth:`add_listener`) are called with the new value of :attr:`persistent`
    when the secure store is lost mid-session (e.g. it refused a write), so a banner can appear.
    """

    def __init__(
        self, backend: KeyringBackendLike | None = None, *, service: str = SERVICE
    ) -> None:
        """Use ``backend`` (must be allow-listed) or, with None, session memory only.

        Most callers want :meth:`detect` (or :meth:`detect_async`), which picks the backend.
        """
        if backend is not None and not is_secure(backend):
            raise ValueError(f"refusing keyring backend {_qualified(backend)}: not a secure store")
        self._backend = backend
        self._service = service
        self._memory: dict[str, str] = {}
        self._lock = threading.Lock()
        self._listeners: list[Callable[[bool], None]] = []
        if backend is None:
            log.warning("no secure keyring available: secrets are kept for this session only")
        else:
            log.info("secrets are stored in %s", self.backend_name)

    @classmethod
    def detect(cls, *, service: str = SERVICE) -> Credentials:
        """Pick the best allow-listed backend available now (blocking)."""
        try:
            backend = choose_backend()
        except Exception:
            log.exception("keyring detection failed")
            backend = None
        return cls(backend, service=service)

    @classmethod
    async def detect_async(cls, *, service: str = SERVICE) -> Credentials:
        """:meth:`detect` in the default executor."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, lambda: cls.detect(service=service))

    @property
    def persistent(self) -> bool:
        """True when secrets survive a restart (a secure store is in use)."""
        return self._backend is not None

    @property
    def backend_name(self) -> str:
        """``module.Class`` of the store in use, or :data:`MEMORY_BACKEND_NAME`."""
        return _qualified(self._backend) if self._backend is not None else MEMORY_BACKEND_NAME

    def add_listener(self, callback: Callable[[bool], None]) -> None:
        """Call ``callback(persistent)`` when persistence changes."""
        self._listeners.append(callback)

    # ------------------------------------------------------------------ blocking API

    def get(self, key: str) -> str | None:
        """The secret stored under ``key``, or None (blocking)."""
        with self._lock:
            if key in self._memory:
                return self._memory[key]
        backend = self._backend
        if backend is None:
            return None
        try:
            value = backend.get_password(self._service, key)
        except Exception as exc:
            self._lose_store(f"reading {key} failed: {type(exc).__name__}: {exc}")
            return None
        if value:
            register_secret(value)
            with self._lock:
                self._memory[key] = value
        return value or None

    def set(self, key: str, value: str) -> None:
        """Store ``value`` under ``key`` (an empty value deletes it) (blocking)."""
        if not value:
            self.delete(key)
            return
        register_secret(value)
        with self._lock:
            self._memory[key] = value
        backend = self._backend
        if backend is None:
            return
        try:
            backend.set_password(self._service, key, value)
        except Exception as exc:
            self._lose_store(f"storing {key} failed: {type(exc).__name__}: {exc}")
            return
        log.info("stored %s in %s", key, self.backend_name)

    def delete(self, key: str) -> None:
        """Forget the secret under ``key`` (blocking); missing secrets are fine."""
        with self._lock:
            self._memory.pop(key, None)
        backend = self._backend
        if backend is None:
            return
        try:
            if backend.get_password(self._service, key) is not None:
                backend.delete_password(self._service, key)
        except Exception as exc:
            log.warning("could not delete %s from %s: %s", key, self.backend_name, exc)

    # ------------------------------------------------------------------ async API

    async def get_async(self, key: str) -> str | None:
        """:meth:`get` in the default executor."""
        return await asyncio.get_running_loop().run_in_executor(None, self.get, key)

    async def set_async(self, key: str, value: str) -> None:
        """:meth:`set` in the default executor."""
        await asyncio.get_running_loop().run_in_executor(None, self.set, key, value)

    async def delete_async(self, key: str) -> None:
        """:meth:`delete` in the default executor."""
        await asyncio.get_running_loop().run_in_executor(None, self.delete, key)

    # ------------------------------------------------------------------ internals

    def _lose_store(self, reason: str) -> None:
        """The secure store failed: keep going with session memory and tell the listeners."""
        log.warning("%s; secrets are kept for this session only", redact(reason))
        self._backend = None
        for callback in list(self._listeners):
            try:
                callback(False)
            except Exception:
                log.exception("credentials listener failed")


# ---------------------------------------------------------------------------- handshake

AUTH_SECRET_KEY = "cti/auth_secret"


class SettingsLike(Protocol):
    """The part of :class:`agent_toolbar.settings.Settings` used here."""

    def get(self, key: str) -> Any:
        """The effective value of a setting."""

    def source(self, key: str) -> str:
        """Where the value comes from (``override`` for this run only)."""


#: Default ports made explicit in an origin (``wss://host`` is ``wss://host:443``).
DEFAULT_PORTS: Mapping[str, int] = {"ws": 80, "http": 80, "wss": 443, "https": 443}
_CLEAR_TEXT = frozenset({"ws", "http"})


def origin(url: str) -> str:
    """``scheme://host:port`` of ``url``: lower case, default port explicit, IPv6 bracketed.

    Raises:
        ValueError: ``url`` has no scheme or host, or a bad port.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if not scheme or not host:
        raise ValueError(f"no scheme or host in {url!r}")
    port = parts.port or DEFAULT_PORTS.get(scheme)
    if port is None:
        raise ValueError(f"no port in {url!r}")
    if ":" in host:
        host = f"[{ipaddress.IPv6Address(host).compressed}]"
    return f"{scheme}://{host}:{port}"


def secret_name(key: str, url: str) -> str:
    """The keyring user name of secret ``key`` for the server at ``url``.

    ``cti/auth_secret`` for ``wss://cti.example.com:8443/ws`` is
    ``cti/auth_secret@wss://cti.example.com:8443``: a secret is only ever read for the
    origin it was stored for, so pointing the toolbar at another server (a user file,
    ``--server``) never hands it the password.
    """
    return f"{key}@{origin(url)}"


def system_secret_name(key: str, url: str) -> str:
    """:func:`secret_name` for a phone system's own secret (``oktell/password`` …).

    Such a system may accept an address without a scheme (Oktell: a bare ``host`` means
    ``http://host:4055``); the secret is then bound to that host as written (lower case,
    without user info), since only the system knows the port it implies.

    Raises:
        ValueError: ``url`` is empty or has a scheme but no valid origin.
    """
    text = url.strip()
    if text and "://" not in text:
        return f"{key}@{text.rpartition('@')[2].split('/', 1)[0].lower()}"
    return secret_name(key, text)


def _migrate(credentials: Credentials, key: str, name: str) -> str | None:
    """Move a secret stored under the bare ``key`` (older versions) to ``name``, once."""
    old = credentials.get(key)
    if not old:
        return None
    credentials.set(name, old)
    credentials.delete(key)
    log.info("moved the stored %s to the entry of its server (%s)", key, name)
    return old


def auth_headers(settings: SettingsLike, credentials: Credentials) -> dict[str, str]:
    """WebSocket handshake headers for ``cti/auth`` (blocking: may read the keyring).

    ``none`` gives no header; ``basic`` gives ``Authorization: Basic base64(user:secret)``;
    ``bearer`` gives ``Authorization: Bearer <secret>``. The secret is the one stored for
    ``cti/url``'s origin (:func:`secret_name`); an entry under the bare key (older versions)
    is moved to the origin of the *configured* ``cti/url`` only, never to a run's override.
    Nothing is sent in clear text (``ws://``, ``http://``) except to loopback. A missing
    secret gives no header and a warning (the proxy will refuse us and the status area says
    so).
    """
    mode = str(settings.get("cti/auth") or "none").lower()
    if mode == "none":
        return {}
    url = str(settings.get("cti/url") or "")
    try:
        where = origin(url)
    except ValueError as exc:
        log.warning("cti/auth is %s but cti/url is not a valid address (%s)", mode, exc)
        return {}
    scheme, _, rest = where.partition("://")
    if scheme in _CLEAR_TEXT and not is_loopback(rest.rpartition(":")[0]):
        log.warning(
            "cti/auth is %s but %s is not encrypted: the secret is not sent (use wss://)",
            mode,
            where,
        )
        return {}
    name = f"{AUTH_SECRET_KEY}@{where}"
    secret = credentials.get(name)
    configured = settings.source("cti/url") != "override"
    if not secret and configured:
        secret = _migrate(credentials, AUTH_SECRET_KEY, name)
    if not secret:
        log.warning("cti/auth is %s but no secret is stored for %s", mode, where)
        return {}
    if mode == "basic":
        user = str(settings.get("cti/auth_user") or "")
        token = base64.b64encode(f"{user}:{secret}".encode()).decode("ascii")
        register_secret(token)
        return {"Authorization": f"Basic {token}"}
    if mode == "bearer":
        return {"Authorization": f"Bearer {secret}"}
    log.warning("unknown cti/auth %r: connecting without authentication", mode)
    return {}


def stored_secret(
    settings: SettingsLike, credentials: Credentials, key: str, url_key: str = "cti/url"
) -> str | None:
    """A phone system's own secret (``oktell/password`` …), read for its server's origin.

    Bound like ``cti/auth_secret``: the entry is ``<key>@<origin of url_key>``; one stored
    under the bare key (older versions) is moved to the origin of the *configured* address
    only, never to a run's override. None when nothing is stored or the address is invalid.
    Blocking (may read the keyring).
    """
    url = str(settings.get(url_key) or "")
    try:
        name = system_secret_name(key, url)
    except ValueError as exc:
        log.warning("%s: %s is not a valid address (%s)", key, url_key, exc)
        return None
    secret = credentials.get(name)
    if not secret and settings.source(url_key) != "override":
        secret = _migrate(credentials, key, name)
    return secret or None


async def stored_secret_async(
    settings: SettingsLike, credentials: Credentials, key: str, url_key: str = "cti/url"
) -> str | None:
    """:func:`stored_secret` with the keyring read in the default executor."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, stored_secret, settings, credentials, key, url_key)


async def auth_headers_async(settings: SettingsLike, credentials: Credentials) -> dict[str, str]:
    """:func:`auth_headers` with the keyring read in the default executor."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, auth_headers, settings, credentials)


def header_names(headers: Mapping[str, str]) -> str:
    """The header names only, for logs (values may be secrets)."""
    return ", ".join(sorted(headers)) or "none"
