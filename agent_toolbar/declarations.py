"""How a setting is declared: key, kind, default, label, page, range, backend group.

Qt-free, so that each phone system's package (``backends/<name>/spec.py``) can declare its
own settings; :mod:`agent_toolbar.settings` reads and writes them with QSettings, and the
settings dialog is generated from them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

__all__ = ["Kind", "Setting", "tr_noop"]


def tr_noop(text: str) -> str:
    """Mark a label for translation (empty context); the UI translates it when shown."""
    return text


class Kind(enum.StrEnum):
    """How a setting is edited and parsed."""

    STR = "str"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    CHOICE = "choice"
    LIST = "list"  # comma-separated in the INI, a list in code
    KEYS = "keys"  # a Qt key sequence
    TEXT = "text"  # multi-line text
    PATH = "path"


@dataclass(frozen=True, slots=True)
class Setting:
    """One declared setting.

    Attributes:
        key: ``group/name`` as in the INI file (the public contract for admins).
        kind: Type and editor.
        default: Value when neither file sets it.
        label: Translatable label (English source text, marked with :func:`tr_noop`).
        page: Settings-dialog page: server, login, screenpop, hotkeys, reasons, transfer,
            calldata, wrapup, supervisor, appearance, language, advanced.
        choices: Allowed values for CHOICE settings.
        help: One-line explanation shown under the field.
        hidden: Stored but not shown in the dialog (window geometry …).
        secret: Never stored in INI files (the keyring holds it).
        choice_labels: ``(value, translatable label)`` for CHOICE values shown in words.
        minimum: Smallest accepted value (INT, FLOAT).
        maximum: Largest accepted value (INT, FLOAT).
        reconnect: Changing it needs a new connection (the app reconnects after Apply).
        backend: The phone system this setting belongs to (shown in the dialog only while
            ``cti/backend`` names it); None for settings every system uses.
    """

    key: str
    kind: Kind
    default: Any
    label: str
    page: str
    choices: tuple[str, ...] = ()
    help: str = ""
    hidden: bool = False
    secret: bool = False
    choice_labels: tuple[tuple[str, str], ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    reconnect: bool = False
    backend: str | None = None

    def choice_label(self, value: str) -> str | None:
        """The untranslated label of a choice, if it has one."""
        return dict(self.choice_labels).get(value)
