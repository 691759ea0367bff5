"""Every setting declared once: key, type, default, translatable label, page, range.

The settings every phone system shares are declared here; each system adds its own in its
:class:`~agent_toolbar.backends.spec.BackendSpec` (``backends/<name>/spec.py``), and the
``cti/backend`` choices come from :mod:`agent_toolbar.backends.registry`.

Values live in QSettings INI files: a per-user file over a system-wide file deployed by the
admin (Linux ``$XDG_CONFIG_DIRS/agent-toolbar/agent-toolbar.ini``, i.e. ``/etc/xdg/…``;
Windows and macOS: where QSettings puts system scope). A key listed in the system file's
``admin/locked`` (comma list; ``group/*`` locks a whole group) cannot be changed by the
user: the user file's value is ignored and the settings dialog greys it out.

Secrets never live here: settings marked ``secret`` are stored with
:mod:`agent_toolbar.credentials` in the OS keyring.

The user file is kept readable by the user only (0600, its directory 0700 when the toolbar
creates it or it is the toolbar's own ``agent-toolbar`` directory).

INI note for admins: QSettings splits unquoted values at commas. Quote values that contain
commas, e.g. ``template="https://crm.example.com/card?ids=1,2&phone={caller}"``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from agent_toolbar.backends import registry
from agent_toolbar.declarations import Kind, Setting, tr_noop
from agent_toolbar.private_files import DIR_MODE, FILE_MODE, make_private_dir, restrict
from agent_toolbar.qt import QSettings

__all__ = [
    "BY_KEY",
    "DECLARATIONS",
    "RECONNECT_KEYS",
    "SERVER_KEYS",
    "URL_SCHEMES",
    "Kind",
    "Setting",
    "Settings",
    "system_file",
    "tr_noop",
    "user_file",
]

log = logging.getLogger(__name__)

ORGANIZATION = "agent-toolbar"
APPLICATION = "agent-toolbar"
LOCKS_KEY = "admin/locked"


# fmt: off
S = Setting
DECLARATIONS: tuple[Setting, ...] = (
    # --- server
    S("cti/backend", Kind.CHOICE, registry.DEFAULT, tr_noop("Phone system"), "server",
      registry.names(), reconnect=True,
      choice_labels=tuple((spec.name, spec.label) for spec in registry.specs().values())),
    S("cti/url", Kind.STR, "ws://127.0.0.1:8098", tr_noop("CTI server address"), "server",
      help=tr_noop("ws://host:8098 or wss://host/path"), reconnect=True),
    *registry.backend_settings(),
    S("cti/ca_file", Kind.PATH, "", tr_noop("Extra CA certificates (PEM)"), "server",
      help=tr_noop("For wss:// servers signed by your own certificate authority"),
      reconnect=True),
    S("cti/auth", Kind.CHOICE, "none", tr_noop("Authentication in front of the server"),
      "server", ("none", "basic", "bearer"), reconnect=True,
      choice_labels=(("none", tr_noop("None")),
                     ("basic", tr_noop("User name and password (Basic)")),
                     ("bearer", tr_noop("Token (Bearer)")))),
    S("cti/auth_user", Kind.STR, "", tr_noop("User name (HTTP Basic)"), "server",
      reconnect=True),
    S("cti/auth_secret", Kind.STR, "", tr_noop("Password or token"), "server", secret=True,
      help=tr_noop("Kept in the system keyring, never in a file"), reconnect=True),
    S("cti/proxy", Kind.STR, "", tr_noop("Proxy for the CTI connection"), "server",
      help=tr_noop("http://host:port (an HTTP CONNECT proxy); empty connects directly "
                   "(proxy environment variables are not used)"), reconnect=True),
    S("cti/command_timeout", Kind.FLOAT, 10.0, tr_noop("Command timeout, seconds"), "server",
      minimum=1.0, maximum=300.0, reconnect=True),
    # --- login
    S("cti/login", Kind.STR, "", tr_noop("Operator login"), "login", reconnect=True),
    S("ui/last_login", Kind.STR, "", tr_noop("Last login"), "login", hidden=True),
    # --- screen-pop
    S("screenpop/template", Kind.STR, "", tr_noop("CRM address template"), "screenpop",
      help=tr_noop("e.g. https://crm.example.com/card?phone={caller}&sid={sessionId}")),
    S("screenpop/rules", Kind.TEXT, "", tr_noop("More templates with conditions"), "screenpop",
      help=tr_noop("One per line: condition => template; the first match wins")),
    S("screenpop/trigger", Kind.CHOICE, "ring", tr_noop("Open the CRM card"), "screenpop",
      ("ring", "answer", "off"),
      choice_labels=(("ring", tr_noop("When the call rings")),
                     ("answer", tr_noop("When I answer")), ("off", tr_noop("Never")))),
    S("screenpop/allowed_hosts", Kind.LIST, [], tr_noop("Allowed CRM hosts"), "screenpop",
      help=tr_noop("Comma-separated; while empty, the call's own URL is never opened")),
    S("screenpop/allowed_schemes", Kind.LIST, ["https", "http"], tr_noop("Allowed schemes"),
      "screenpop"),
    S("screenpop/missing", Kind.CHOICE, "block", tr_noop("When a template value is missing"),
      "screenpop", ("block", "empty"),
      choice_labels=(("block", tr_noop("Do not open the card")),
                     ("empty", tr_noop("Leave the value empty")))),
    S("screenpop/open_call_url", Kind.BOOL, False, tr_noop("Also open the call's own URL"),
      "screenpop"),
    S("screenpop/wait_ms", Kind.INT, 2000, tr_noop("Wait for late call data, ms"), "screenpop",
      minimum=0, maximum=60000),
    S("screenpop/opener", Kind.CHOICE, "browser", tr_noop("Open with"), "screenpop",
      ("browser", "command"),
      choice_labels=(("browser", tr_noop("The default browser")),
                     ("command", tr_noop("A command")))),
    S("screenpop/command", Kind.STR, "", tr_noop("Command (the URL is appended)"),
      "screenpop"),
    # --- hotkeys
    S("hotkeys/answer", Kind.KEYS, "Ctrl+Alt+A", tr_noop("Answer"), "hotkeys"),
    S("hotkeys/hangup", Kind.KEYS, "Ctrl+Alt+E", tr_noop("Hang up"), "hotkeys"),
    S("hotkeys/hold", Kind.KEYS, "Ctrl+Alt+H", tr_noop("Hold / resume"), "hotkeys"),
    S("hotkeys/mute", Kind.KEYS, "Ctrl+Alt+M", tr_noop("Mute / unmute"), "hotkeys"),
    S("hotkeys/transfer", Kind.KEYS, "Ctrl+Alt+T", tr_noop("Transfer"), "hotkeys"),
    S("hotkeys/close", Kind.KEYS, "Ctrl+Alt+W", tr_noop("Finish wrap-up"), "hotkeys"),
    S("hotkeys/ready", Kind.KEYS, "Ctrl+Alt+R", tr_noop("Ready"), "hotkeys"),
    S("hotkeys/dial", Kind.KEYS, "Ctrl+Alt+D", tr_noop("Dial a number"), "hotkeys"),
    S("hotkeys/state", Kind.KEYS, "Ctrl+Alt+S", tr_noop("Change state (opens the menu)"),
      "hotkeys"),
    S("hotkeys/conference", Kind.KEYS, "Ctrl+Alt+C", tr_noop("Conference panel"), "hotkeys"),
    S("hotkeys/global", Kind.LIST, ["answer", "hangup", "hold", "mute"],
      tr_noop("System-wide hotkeys"), "hotkeys",
      help=tr_noop("These work while another program has the focus (comma-separated names)")),
    # --- reasons and states
    S("reasons/away", Kind.LIST, ["Dinner", "TechnicalBreak", "CustomAwayReason1"],
      tr_noop("Not-ready reasons"), "reasons",
      help=tr_noop("Reason codes sent to the server, in menu order")),
    S("reasons/labels", Kind.TEXT, "", tr_noop("Reason labels"), "reasons",
      help=tr_noop("One per line: code = label (e.g. CustomAwayReason1 = Training)")),
    S("states/dnd", Kind.BOOL, True, tr_noop("Offer Do not disturb"), "reasons"),
    S("states/custom1", Kind.STR, "", tr_noop("Label of custom state 1 (empty hides it)"),
      "reasons"),
    S("states/custom2", Kind.STR, "", tr_noop("Label of custom state 2 (empty hides it)"),
      "reasons"),
    S("states/custom3", Kind.STR, "", tr_noop("Label of custom state 3 (empty hides it)"),
      "reasons"),
    # --- transfers
    S("transfer/directory", Kind.TEXT, "", tr_noop("Transfer directory"), "transfer",
      help=tr_noop("One per line: label; number; group (department, colleague, queue)")),
    # --- call data
    S("calldata/editable", Kind.LIST, [], tr_noop("Editable call parameters"), "calldata"),
    S("calldata/editable_local", Kind.LIST, [], tr_noop("Editable local parameters"),
      "calldata"),
    # --- wrap-up: call results and callbacks (the PMS requests of §3.58 for Naumen)
    S("wrapup/dispositions", Kind.TEXT, "", tr_noop("Call results"), "wrapup",
      help=tr_noop("One per line: code = label (e.g. CRR_DISCONNECT = Disconnected)")),
    S("wrapup/disposition_required", Kind.BOOL, False,
      tr_noop("A call result is required before finishing wrap-up"), "wrapup"),
    S("wrapup/callbacks", Kind.BOOL, True, tr_noop("Offer scheduling a callback"), "wrapup"),
    # --- supervisor
    S("supervisor/enabled", Kind.BOOL, False, tr_noop("Supervisor mode (send notices)"),
      "supervisor", help=tr_noop("The window menu offers Send a notice…")),
    S("supervisor/projects", Kind.TEXT, "", tr_noop("Projects for notices"), "supervisor",
      help=tr_noop("One per line: project UUID = label")),
    # --- appearance
    S("ui/orientation", Kind.CHOICE, "horizontal", tr_noop("Layout"), "appearance",
      ("horizontal", "vertical"),
      choice_labels=(("horizontal", tr_noop("Horizontal strip")),
                     ("vertical", tr_noop("Vertical panel")))),
    S("ui/always_on_top", Kind.BOOL, True, tr_noop("Always on top"), "appearance"),
    S("ui/theme", Kind.CHOICE, "system", tr_noop("Colours"), "appearance",
      ("system", "light", "dark"),
      choice_labels=(("system", tr_noop("As in the system")), ("light", tr_noop("Light")),
                     ("dark", tr_noop("Dark")))),
    S("ui/notifications", Kind.BOOL, True, tr_noop("Tray notifications"), "appearance"),
    S("ui/sound", Kind.BOOL, True, tr_noop("Sound on incoming calls"), "appearance"),
    S("ui/ring_sound", Kind.PATH, "", tr_noop("Ring sound file (WAV)"), "appearance",
      help=tr_noop("Empty plays the built-in ring")),
    S("ui/ring_volume", Kind.INT, 80, tr_noop("Ring volume, %"), "appearance"),
    S("ui/ring_device", Kind.STR, "", tr_noop("Ring sound device"), "appearance",
      help=tr_noop("Empty uses the system's default output")),
    S("ui/ring_while_talking", Kind.BOOL, False, tr_noop("Ring while on a call"),
      "appearance"),
    S("ui/raise_on_ring", Kind.BOOL, False, tr_noop("Bring the toolbar forward on a ring"),
      "appearance", help=tr_noop("Takes the focus from the program you are working in")),
    S("ui/confirm_dial", Kind.BOOL, False, tr_noop("Confirm calls from links"), "appearance",
      help=tr_noop("Ask before calling a tel:, callto: or sip: link or --dial")),
    S("ui/geometry", Kind.STR, "", tr_noop("Window geometry"), "appearance", hidden=True),
    S("ui/recent_numbers", Kind.LIST, [], tr_noop("Recent numbers"), "appearance",
      hidden=True),
    S("ui/recent_targets", Kind.LIST, [], tr_noop("Recent transfer targets"), "transfer",
      hidden=True),
    # --- language
    S("ui/language", Kind.CHOICE, "system", tr_noop("Language"), "language",
      ("system", "ru", "en"),
      choice_labels=(("system", tr_noop("System language")),)),
    # --- call history (the journal)
    S("history/retention_days", Kind.INT, 90, tr_noop("Keep call history, days"), "advanced",
      help=tr_noop("Older calls are deleted at start and daily"), minimum=1, maximum=3650),
    # --- advanced
    S("logging/level", Kind.CHOICE, "INFO", tr_noop("Log level"), "advanced",
      ("DEBUG", "INFO", "WARNING", "ERROR"),
      choice_labels=(("DEBUG", tr_noop("Debug (everything)")), ("INFO", tr_noop("Information")),
                     ("WARNING", tr_noop("Warnings")), ("ERROR", tr_noop("Errors only")))),
    S("logging/wire", Kind.BOOL, False, tr_noop("Log protocol frames"), "advanced"),
)
del S
# fmt: on

BY_KEY: Mapping[str, Setting] = {s.key: s for s in DECLARATIONS}

#: Changing these needs a new connection (the app reconnects after Apply).
RECONNECT_KEYS = frozenset(s.key for s in DECLARATIONS if s.reconnect)
#: Each phone system's address setting (a secret of the system is bound to its origin).
SERVER_KEYS: Mapping[str, str] = MappingProxyType(
    {spec.name: spec.server_key for spec in registry.specs().values()}
)
#: Each phone system's address schemes, and whether a bare host will do (the Settings check).
URL_SCHEMES: Mapping[str, tuple[tuple[str, ...], bool]] = MappingProxyType(
    {spec.name: (spec.url_schemes, spec.bare_host) for spec in registry.specs().values()}
)


def system_file() -> Path:
    """Where the system-wide INI file is read from on this platform."""
    probe = QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.SystemScope, ORGANIZATION, APPLICATION
    )
    return Path(probe.fileName())


def user_file() -> Path:
    """Where the per-user INI file lives on this platform."""
    probe = QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )
    return Path(probe.fileName())


class Settings:
    """Typed access to the declared settings: user file over system file over defaults.

    :meth:`get` returns the value typed per its declaration; :meth:`text`, :meth:`flag`,
    :meth:`integer`, :meth:`number` and :meth:`items` say the type to mypy too (and refuse
    a key of another kind), so call sites need no casts.
    """

    def __init__(self, user: str | Path | None = None, system: str | Path | None = None) -> None:
        """Open the files (``None`` = the platform's standard location)."""
        user_path = Path(user) if user else user_file()
        system_path = Path(system) if system else system_file()
        if not user_path.parent.exists():
            with contextlib.suppress(OSError):  # QSettings reports an unwritable file itself
                make_private_dir(user_path.parent)
        elif user_path.parent.name == APPLICATION:  # our own directory: tighten it
            restrict(user_path.parent, DIR_MODE)
        self._user = QSettings(str(user_path), QSettings.Format.IniFormat)
        self._system = QSettings(str(system_path), QSettings.Format.IniFormat)
        self._overrides: dict[str, Any] = {}
        self._locks = self._read_locks()

    @property
    def user_path(self) -> Path:
        """The user INI file."""
        return Path(self._user.fileName())

    @property
    def system_path(self) -> Path:
        """The system INI file."""
        return Path(self._system.fileName())

    def override(self, key: str, value: Any) -> None:
        """Set a value for this run only (``--server``/``--login``); never written."""
        self._overrides[key] = _parse(BY_KEY[key], value)

    def get(self, key: str) -> Any:
        """The effective value of ``key``, typed per its declaration."""
        decl = BY_KEY[key]
        if key in self._overrides:
            return self._overrides[key]
        if decl.secret:
            return decl.default
        if not self.is_locked(key) and self._user.contains(key):
            return _parse(decl, self._user.value(key))
        if self._system.contains(key):
            return _parse(decl, self._system.value(key))
        return _copy(decl.default)

    def text(self, key: str) -> str:
        """The value of a text-like setting (str, text, choice, path, key sequence)."""
        return str(self._typed(key, _TEXT_KINDS))

    def flag(self, key: str) -> bool:
        """The value of a bool setting."""
        return bool(self._typed(key, (Kind.BOOL,)))

    def integer(self, key: str) -> int:
        """The value of an int setting."""
        return int(self._typed(key, (Kind.INT,)))

    def number(self, key: str) -> float:
        """The value of a float (or int) setting."""
        return float(self._typed(key, (Kind.FLOAT, Kind.INT)))

    def items(self, key: str) -> list[str]:
        """The value of a list setting."""
        return [str(v) for v in self._typed(key, (Kind.LIST,))]

    def _typed(self, key: str, kinds: tuple[Kind, ...]) -> Any:
        decl = BY_KEY[key]
        if decl.kind not in kinds:
            raise TypeError(f"{key} is a {decl.kind} setting")
        value = self.get(key)
        return "" if value is None and decl.kind in _TEXT_KINDS else value

    def source(self, key: str) -> str:
        """Where the value comes from: ``override``, ``user``, ``system`` or ``default``."""
        if key in self._overrides:
            return "override"
        if not self.is_locked(key) and self._user.contains(key):
            return "user"
        return "system" if self._system.contains(key) else "default"

    def set(self, key: str, value: Any) -> None:
        """Store a user value; raise ``PermissionError`` for a locked key."""
        decl = BY_KEY[key]
        if decl.secret:
            raise ValueError(f"{key} is a secret: store it with the credentials module")
        if self.is_locked(key):
            raise PermissionError(f"{key} is locked by the administrator")
        parsed = _parse(decl, value)
        self._user.setValue(key, _render(decl, parsed))
        self.sync()

    def reset(self, key: str) -> None:
        """Remove the user value (back to the system value or default)."""
        if self.is_locked(key):
            raise PermissionError(f"{key} is locked by the administrator")
        self._user.remove(key)
        self.sync()

    def is_locked(self, key: str) -> bool:
        """Whether the admin locked ``key`` in the system file."""
        group = key.split("/", 1)[0]
        return key in self._locks or f"{group}/*" in self._locks

    def locked_keys(self) -> frozenset[str]:
        """The lock patterns the system file declares."""
        return frozenset(self._locks)

    def effective(self, *, include_hidden: bool = False) -> dict[str, Any]:
        """Every effective value (never secrets), e.g. for diagnostics."""
        return {
            d.key: self.get(d.key)
            for d in DECLARATIONS
            if not d.secret and (include_hidden or not d.hidden)
        }

    def sync(self) -> None:
        """Flush the user file (readable by the user only: 0600)."""
        self._user.sync()
        restrict(self.user_path, FILE_MODE)

    def _read_locks(self) -> frozenset[str]:
        if not self._system.contains(LOCKS_KEY):
            return frozenset()
        raw = self._system.value(LOCKS_KEY)
        items = raw if isinstance(raw, list) else str(raw).split(",")
        return frozenset(str(item).strip() for item in items if str(item).strip())


_TEXT_KINDS = (Kind.STR, Kind.TEXT, Kind.CHOICE, Kind.PATH, Kind.KEYS)


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _as_text(raw: Any) -> str:
    if isinstance(raw, list):  # QSettings split an unquoted value at its commas
        return ",".join(str(item) for item in raw)
    return "" if raw is None else str(raw)


def _parse(decl: Setting, raw: Any) -> Any:
    """Parse an INI (or UI) value per the declaration; bad values fall back to the default."""
    try:
        if decl.kind is Kind.LIST:
            items: Iterable[Any] = (
                raw if isinstance(raw, list | tuple) else _as_text(raw).split(",")
            )
            return [str(i).strip() for i in items if str(i).strip()]
        if decl.kind is Kind.BOOL:
            if isinstance(raw, bool):
                return raw
            text = _as_text(raw).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError(text)
        if decl.kind is Kind.INT:
            return int(float(_as_text(raw)))
        if decl.kind is Kind.FLOAT:
            return float(_as_text(raw))
        text = _as_text(raw)
        if decl.kind is Kind.CHOICE and decl.choices:
            folded = {c.lower(): c for c in decl.choices}
            if text.strip().lower() not in folded:
                raise ValueError(text)
            return folded[text.strip().lower()]
        return text
    except (TypeError, ValueError):
        log.warning(
            "setting %s: %r is not a valid %s; using %r", decl.key, raw, decl.kind, decl.default
        )
        return _copy(decl.default)


def _render(decl: Setting, value: Any) -> Any:
    if decl.kind is Kind.LIST:
        return ",".join(value)
    if decl.kind is Kind.BOOL:
        return "true" if value else "false"
    return value
