"""The gateway's configuration: an INI file (``--config gateway.ini``) or built in code.

Every key, with its default (``packaging/examples/gateway.ini`` is the annotated example)::

    [gateway]
    host = 0.0.0.0                ; listen address
    port = 8443
    tls_cert =                    ; PEM chain; empty = plain HTTP behind a reverse proxy
    tls_key =                     ; PEM key (must not be world-readable)
    log_level = INFO
    max_body_bytes = 65536        ; larger webhook / CRM bodies are refused (413)
    max_frame_bytes = 65536       ; larger toolbar frames are refused
    heartbeat_seconds = 20        ; WebSocket pings to the toolbars
    max_toolbars = 5000           ; toolbar connections in all
    max_connections_per_login = 4 ; toolbars of one operator (a fifth replaces the oldest)
    send_queue = 1000             ; frames queued for one toolbar before it is dropped as slow
    instruction_ttl_seconds = 300 ; a queued instruction expires after this (and at EndCall)
    ended_retention_seconds = 600 ; an ended call is remembered this long (late duplicates)
    max_calls = 50000             ; calls remembered in all (oldest ended go first)

    [webhook]
    enabled = true
    token_file = /etc/agent-toolbar-gateway/webhook-token   ; or token_env = VARIABLE

    [autosecretary]
    enabled = true
    base_path = /crm            ; the platform's "base URL" is https://host<base_path>
    user = autosecretary
    password_file = /etc/agent-toolbar-gateway/autosecretary-password  ; or password_env

    [toolbars]
    tokens_file = /etc/agent-toolbar-gateway/toolbar-tokens   ; "login = token" lines; or tokens_env

    [operator:LOGIN]               ; one section per operator
    numbers = 0052002651, +7 495 066-53-11   ; PBX employee numbers / Autosecretary DN
    extensions = 2651                        ; Autosecretary short numbers (EXT1 / EXT2)

Reading: the toolbar authenticates with **a token per operator** plus its login (not one
shared secret): a leaked token exposes one operator's calls only, and one operator can be cut
off by removing their line.
"""

from __future__ import annotations

import configparser
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from agent_toolbar.gateway.numbers import normalize
from agent_toolbar.gateway.secrets import SecretError, parse_token_lines, read_file_secret, resolve

__all__ = [
    "AutosecretaryConfig",
    "ConfigError",
    "GatewayConfig",
    "Operator",
    "load",
]

MIN_WEBHOOK_TOKEN = 16


class ConfigError(ValueError):
    """A configuration the gateway refuses to start with (the message says why)."""


@dataclass(frozen=True)
class Operator:
    """One operator's identities on the phone systems."""

    login: str
    numbers: frozenset[str] = frozenset()
    extensions: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls, login: str, numbers: str | Sequence[str] = "", extensions: str | Sequence[str] = ""
    ) -> Operator:
        """An operator from comma-separated (or listed) numbers and extensions, normalised."""
        return cls(login, frozenset(_split(numbers, normal=True)), frozenset(_split(extensions)))


@dataclass(frozen=True)
class AutosecretaryConfig:
    """The CRM API the Autosecretary platform calls."""

    user: str
    password: str = field(repr=False)
    base_path: str = "/crm"


@dataclass(frozen=True)
class GatewayConfig:
    """Everything the gateway needs, secrets included (as values, read by :func:`load`)."""

    operators: tuple[Operator, ...]
    toolbar_tokens: Mapping[str, str] = field(repr=False)
    webhook_token: str | None = field(default=None, repr=False)
    autosecretary: AutosecretaryConfig | None = None
    host: str = "127.0.0.1"
    port: int = 0
    tls_cert: Path | None = None
    tls_key: Path | None = None
    log_level: str = "INFO"
    max_body_bytes: int = 65536
    max_frame_bytes: int = 65536
    heartbeat_seconds: float = 20.0
    max_toolbars: int = 5000
    max_connections_per_login: int = 4
    send_queue: int = 1000
    instruction_ttl_seconds: float = 300.0
    ended_retention_seconds: float = 600.0
    max_calls: int = 50000

    def secret_values(self) -> list[str]:
        """Every secret (for the log redactor)."""
        values = [*self.toolbar_tokens.values()]
        if self.webhook_token:
            values.append(self.webhook_token)
        if self.autosecretary:
            values.append(self.autosecretary.password)
        return values


def _split(value: str | Sequence[str], *, normal: bool = False) -> list[str]:
    items = value.split(",") if isinstance(value, str) else list(value)
    out = [normalize(item) if normal else item.strip() for item in items]
    return [item for item in out if item]


def _int(section: configparser.SectionProxy, key: str, default: int, low: int = 0) -> int:
    try:
        value = section.getint(key, default)
    except ValueError:
        raise ConfigError(f"[{section.name}] {key}: not a whole number") from None
    if value < low:
        raise ConfigError(f"[{section.name}] {key}: must be at least {low}")
    return value


def _float(section: configparser.SectionProxy, key: str, default: float) -> float:
    try:
        value = section.getfloat(key, default)
    except ValueError:
        raise ConfigError(f"[{section.name}] {key}: not a number") from None
    if value <= 0:
        raise ConfigError(f"[{section.name}] {key}: must be above 0")
    return value


def load(path: Path, env: Mapping[str, str] | None = None) -> GatewayConfig:
    """Read and check ``path`` and the secrets it names.

    Raises:
        ConfigError: Unreadable file, a bad value, a secret in the INI, an unsafe secret file,
            an enabled system without its secret, or no operator.
    """
    parser = configparser.ConfigParser(interpolation=None, inline_comment_prefixes=(";", "#"))
    try:
        with path.open(encoding="utf-8") as handle:
            parser.read_file(handle)
    except (OSError, configparser.Error, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    base = path.parent
    try:
        return _build(parser, base, env)
    except SecretError as exc:
        raise ConfigError(str(exc)) from None


def _build(
    parser: configparser.ConfigParser, base: Path, env: Mapping[str, str] | None
) -> GatewayConfig:
    for name in ("gateway", "webhook", "autosecretary", "toolbars"):
        if not parser.has_section(name):
            parser.add_section(name)
    g = parser["gateway"]
    cert = g.get("tls_cert", "").strip()
    key = g.get("tls_key", "").strip()
    if bool(cert) != bool(key):
        raise ConfigError("[gateway] tls_cert and tls_key go together (or both empty)")
    if key:
        read_file_secret(base / Path(key).expanduser(), what="[gateway] tls_key")
    webhook_token: str | None = None
    if parser["webhook"].getboolean("enabled", True):
        webhook_token = resolve(parser["webhook"], "token", where="webhook", env=env, base=base)
        if webhook_token is None:
            raise ConfigError("[webhook] is enabled: give token_file or token_env")
        if len(webhook_token) < MIN_WEBHOOK_TOKEN:
            raise ConfigError(
                f"[webhook] the token must be at least {MIN_WEBHOOK_TOKEN} characters"
            )
    autosecretary: AutosecretaryConfig | None = None
    a = parser["autosecretary"]
    if a.getboolean("enabled", True):
        password = resolve(a, "password", where="autosecretary", env=env, base=base)
        user = a.get("user", "").strip()
        if password is None or not user:
            raise ConfigError("[autosecretary] is enabled: give user and password_file/_env")
        base_path = "/" + a.get("base_path", "/crm").strip().strip("/")
        autosecretary = AutosecretaryConfig(user, password, base_path.rstrip("/") or "/crm")
    tokens_text = resolve(parser["toolbars"], "tokens", where="toolbars", env=env, base=base)
    tokens = parse_token_lines(tokens_text or "", what="[toolbars] tokens")
    operators = []
    for section in parser.sections():
        if section.startswith("operator:"):
            login = section.partition(":")[2].strip()
            s = parser[section]
            operators.append(Operator.of(login, s.get("numbers", ""), s.get("extensions", "")))
    if not operators:
        raise ConfigError("no [operator:LOGIN] section: nobody to route calls to")
    missing = sorted(op.login for op in operators if op.login not in tokens)
    if missing:
        raise ConfigError(f"[toolbars] tokens: no token for {', '.join(missing)}")
    return GatewayConfig(
        operators=tuple(operators),
        toolbar_tokens=tokens,
        webhook_token=webhook_token,
        autosecretary=autosecretary,
        host=g.get("host", "0.0.0.0").strip(),
        port=_int(g, "port", 8443),
        tls_cert=(base / Path(cert).expanduser()) if cert else None,
        tls_key=(base / Path(key).expanduser()) if key else None,
        log_level=g.get("log_level", "INFO").strip().upper(),
        max_body_bytes=_int(g, "max_body_bytes", 65536, 1024),
        max_frame_bytes=_int(g, "max_frame_bytes", 65536, 1024),
        heartbeat_seconds=_float(g, "heartbeat_seconds", 20.0),
        max_toolbars=_int(g, "max_toolbars", 5000, 1),
        max_connections_per_login=_int(g, "max_connections_per_login", 4, 1),
        send_queue=_int(g, "send_queue", 1000, 10),
        instruction_ttl_seconds=_float(g, "instruction_ttl_seconds", 300.0),
        ended_retention_seconds=_float(g, "ended_retention_seconds", 600.0),
        max_calls=_int(g, "max_calls", 50000, 10),
    )
