"""Checks the settings dialog runs before it writes anything.

:func:`problems` looks at the values about to be stored (all of them, so checks that span
several keys, like two hotkeys sharing a shortcut, see the whole picture) and returns, per
key, a message for the operator in their language. The dialog refuses to apply while any
problem remains.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from agent_toolbar.cti.dispositions import Catalogue
from agent_toolbar.qt import QCoreApplication, QKeySequence
from agent_toolbar.screenpop.rules import parse_rules
from agent_toolbar.screenpop.template import Template, TemplateError
from agent_toolbar.settings import BY_KEY, URL_SCHEMES
from agent_toolbar.ui.common.tr import fill

__all__ = ["problems", "server_url_problem"]

_HOST = re.compile(r"^(\*\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$")
_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_UUID = re.compile(r"^[A-Za-z0-9]{8,64}$")


def server_url_problem(
    value: str, schemes: tuple[str, ...] = ("wss", "ws"), bare_host: bool = False
) -> str | None:
    """Why ``value`` is not a usable server address (None when it is).

    ``schemes`` are the phone system's own (``ws``/``wss`` for a WebSocket, ``http``/``https``
    for Oktell's Web-API); ``bare_host`` accepts ``host`` or ``host:port`` without a scheme.
    """
    example = f"{schemes[0]}://cti.example.com:8443"
    if not value:
        return fill(
            QCoreApplication.translate("SettingsCheck", "Enter the server address, e.g. %1"),
            example,
        )
    text = value.strip()
    if bare_host and "://" not in text:
        text = f"{schemes[0]}://{text}"
    parts = urlsplit(text)
    if parts.scheme.lower() not in schemes or not parts.hostname:
        return fill(
            QCoreApplication.translate(
                "SettingsCheck", "The server address must start with %1 and name a host"
            ),
            " / ".join(f"{scheme}://" for scheme in schemes),
        )
    try:
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return QCoreApplication.translate(
            "SettingsCheck", "The port in the server address is not a number from 1 to 65535"
        )
    return None


def _ca_file(value: str) -> str | None:
    path = str(value or "").strip()
    if not path:
        return None
    try:
        with open(path, "rb") as handle:
            head = handle.read(1 << 16)
    except OSError as exc:
        return fill(
            QCoreApplication.translate(
                "SettingsCheck", "The CA certificates file cannot be read: %1"
            ),
            exc.strerror or str(exc),
        )
    if b"-----BEGIN CERTIFICATE-----" not in head:
        return QCoreApplication.translate(
            "SettingsCheck", "The CA certificates file holds no PEM certificate"
        )
    return None


def _proxy(value: str) -> str | None:
    text = str(value or "").strip()
    if not text:
        return None
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return QCoreApplication.translate(
            "SettingsCheck", "The proxy must be written http://host:port"
        )
    return None


def _template(value: str) -> str | None:
    if value and not re.match(r"^https?://", value, re.IGNORECASE):
        return QCoreApplication.translate(
            "SettingsCheck", "The CRM address must start with http:// or https://"
        )
    try:
        Template(value)
    except TemplateError as exc:  # the parser's own words: position and what to write
        return fill(
            QCoreApplication.translate("SettingsCheck", "The CRM address cannot be used: %1"),
            str(exc),
        )
    return None


def _rules(value: str) -> str | None:
    try:
        parse_rules(value)
    except TemplateError as exc:
        return fill(
            QCoreApplication.translate("SettingsCheck", "A screen-pop rule cannot be used: %1"),
            str(exc),
        )
    return None


def _hosts(values: list[str]) -> str | None:
    for host in values:
        if not _HOST.match(host):
            return fill(
                QCoreApplication.translate(
                    "SettingsCheck",
                    "“%1” is not a host name (write crm.example.com, without http://)",
                ),
                host,
            )
    return None


def _schemes(values: list[str]) -> str | None:
    for scheme in values:
        if scheme.lower() not in ("http", "https"):
            return QCoreApplication.translate("SettingsCheck", "Only http and https can be allowed")
    return None


def _reason_codes(values: list[str]) -> str | None:
    for code in values:
        if not _CODE.match(code):
            return fill(
                QCoreApplication.translate(
                    "SettingsCheck", "“%1” is not a reason code (letters and digits, e.g. Dinner)"
                ),
                code,
            )
    return None


def _reason_labels(value: str) -> str | None:
    for line in value.splitlines():
        code, sep, label = line.partition("=")
        if not sep or not code.strip() or not label.strip():
            return fill(
                QCoreApplication.translate(
                    "SettingsCheck", "Write each reason label as “code = label”: %1"
                ),
                line,
            )
    return None


def _directory(value: str) -> str | None:
    for line in value.splitlines():
        fields = [f.strip() for f in line.split(";")]
        if len(fields) < 2 or not fields[0] or not fields[1]:
            return fill(
                QCoreApplication.translate(
                    "SettingsCheck", "Write each directory entry as “label; number; group”: %1"
                ),
                line,
            )
    return None


def _dispositions(value: str) -> str | None:
    catalogue = Catalogue.parse(value)
    if not catalogue.problems:
        return None
    line = catalogue.problems[0].partition(":")[0].removeprefix("line ")
    return fill(
        QCoreApplication.translate(
            "SettingsCheck",
            "Line %1 of the call results cannot be used: write “code = label”, the code "
            "without spaces, each code once",
        ),
        line,
    )


def _projects(value: str) -> str | None:
    for line in value.splitlines():
        uuid = line.partition("=")[0].strip()
        if line.strip() and not line.strip().startswith("#") and not _UUID.match(uuid):
            return fill(
                QCoreApplication.translate(
                    "SettingsCheck", "“%1” is not a project UUID (letters and digits)"
                ),
                uuid,
            )
    return None


def _global_hotkeys(value: Any) -> str | None:
    from agent_toolbar.ui.shell.global_keys import GLOBAL_NAMES as NAMES

    names = value if isinstance(value, list | tuple) else str(value or "").split(",")
    unknown = [str(n).strip() for n in names if str(n).strip() and str(n).strip() not in NAMES]
    if unknown:
        return (
            QCoreApplication.translate("SettingsCheck", "Not a hotkey name: %1 (use %2)")
            .replace("%1", ", ".join(unknown))
            .replace("%2", ", ".join(NAMES))
        )
    return None


def _hotkeys(values: Mapping[str, Any], out: dict[str, str]) -> None:
    seen: dict[str, str] = {}
    for key, value in values.items():
        if not key.startswith("hotkeys/") or key == "hotkeys/global" or not value:
            continue
        normal = QKeySequence.fromString(
            str(value), QKeySequence.SequenceFormat.PortableText
        ).toString(QKeySequence.SequenceFormat.PortableText)
        if normal in seen:
            out[key] = fill(
                QCoreApplication.translate("SettingsCheck", "%1 is already used for “%2”"),
                normal,
                QCoreApplication.translate("", BY_KEY[seen[normal]].label),
            )
        else:
            seen[normal] = key


def problems(values: Mapping[str, Any]) -> dict[str, str]:
    """Problems in ``values`` (key → message); empty when everything can be stored."""
    out: dict[str, str] = {}
    single: dict[str, Callable[[Any], str | None]] = {
        "cti/url": server_url_problem,
        "cti/ca_file": _ca_file,
        "cti/proxy": _proxy,
        "screenpop/template": _template,
        "screenpop/rules": _rules,
        "screenpop/allowed_hosts": _hosts,
        "screenpop/allowed_schemes": _schemes,
        "reasons/away": _reason_codes,
        "reasons/labels": _reason_labels,
        "transfer/directory": _directory,
        "hotkeys/global": _global_hotkeys,
        "wrapup/dispositions": _dispositions,
        "supervisor/projects": _projects,
    }
    schemes, bare = URL_SCHEMES.get(
        str(values.get("cti/backend") or "naumen"), (("wss", "ws"), False)
    )
    single["cti/url"] = lambda value: server_url_problem(value, schemes, bare)
    for key, check in single.items():
        if key in values:
            message = check(values[key])
            if message:
                out[key] = message
    _hotkeys(values, out)
    if values.get("screenpop/opener") == "command" and not values.get("screenpop/command"):
        out["screenpop/command"] = QCoreApplication.translate(
            "SettingsCheck", "Enter the command that opens the CRM card"
        )
    if values.get("cti/auth") == "basic" and not values.get("cti/auth_user"):
        out["cti/auth_user"] = QCoreApplication.translate(
            "SettingsCheck", "Basic authentication needs a user name"
        )
    return out
