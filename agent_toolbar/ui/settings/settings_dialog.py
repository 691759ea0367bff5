"""The settings dialog, generated from the declarations in :mod:`agent_toolbar.settings`.

One page per declared ``page`` (server, login, screen-pop, hotkeys, reasons, transfers, call
data, appearance, language, advanced), one editor per visible setting, chosen by its kind.
Keys the administrator locked are greyed out and never written; values given on the command
line for this run are shown but not editable. Secrets go to the OS keyring through
:class:`~agent_toolbar.credentials.Credentials`, never to the INI file. OK and Apply check
every value first (:func:`~agent_toolbar.ui.settings.settings_checks.problems`) and refuse with a
message next to the buttons while something is wrong.

The dialog is opened with ``open()`` (never ``exec()``): the event loop keeps running.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from agent_toolbar.qt import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QtWidgets, QWidget, Signal
from agent_toolbar.settings import DECLARATIONS, RECONNECT_KEYS, SERVER_KEYS, Setting, Settings
from agent_toolbar.ui.common.tr import fill
from agent_toolbar.ui.settings.setting_editors import SettingEditor, make_editor
from agent_toolbar.ui.settings.settings_checks import problems

if TYPE_CHECKING:
    from agent_toolbar.credentials import Credentials

log = logging.getLogger(__name__)

PAGES: tuple[tuple[str, str], ...] = (
    ("server", str(QT_TRANSLATE_NOOP("SettingsDialog", "Server"))),
    ("login", str(QT_TRANSLATE_NOOP("SettingsDialog", "Login"))),
    ("screenpop", str(QT_TRANSLATE_NOOP("SettingsDialog", "CRM screen-pop"))),
    ("hotkeys", str(QT_TRANSLATE_NOOP("SettingsDialog", "Hotkeys"))),
    ("reasons", str(QT_TRANSLATE_NOOP("SettingsDialog", "States and reasons"))),
    ("transfer", str(QT_TRANSLATE_NOOP("SettingsDialog", "Transfers"))),
    ("calldata", str(QT_TRANSLATE_NOOP("SettingsDialog", "Call data"))),
    ("wrapup", str(QT_TRANSLATE_NOOP("SettingsDialog", "Wrap-up"))),
    ("supervisor", str(QT_TRANSLATE_NOOP("SettingsDialog", "Supervisor"))),
    ("appearance", str(QT_TRANSLATE_NOOP("SettingsDialog", "Appearance"))),
    ("language", str(QT_TRANSLATE_NOOP("SettingsDialog", "Language"))),
    ("advanced", str(QT_TRANSLATE_NOOP("SettingsDialog", "Advanced"))),
)

__all__ = ["HOSTS_KEY", "PAGES", "RECONNECT_KEYS", "SettingsDialog", "setting_label"]

HOSTS_KEY = "screenpop/allowed_hosts"


def setting_label(decl: Setting) -> str:
    """The translated label of a setting (labels are extracted with an empty context)."""
    return QCoreApplication.translate("", decl.label)


class SettingsDialog(QtWidgets.QDialog):
    """Edits every visible declared setting.

    Signals:
        settings_applied(list): Values were stored (OK or Apply); the changed keys.
    """

    settings_applied = Signal(list)

    def __init__(
        self,
        settings: Settings,
        credentials: Credentials | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Build every page from the declarations and load the current values."""
        super().__init__(parent)
        self.settings = settings
        self.credentials = credentials
        self.editors: dict[str, SettingEditor] = {}
        self.labels: dict[str, QtWidgets.QLabel] = {}
        self._page_of: dict[str, int] = {}
        self._backend_rows: list[tuple[str, QtWidgets.QFormLayout, QWidget]] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self.hosts_warning: QtWidgets.QLabel | None = None
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings — agent-toolbar"))
        self.setModal(False)

        self.pages = QtWidgets.QListWidget(self)
        self.pages.setAccessibleName(self.tr("Settings pages"))
        self.pages.setFixedWidth(170)
        self.stack = QtWidgets.QStackedWidget(self)
        for page, title in PAGES:
            decls = [d for d in DECLARATIONS if d.page == page and not d.hidden]
            self.pages.addItem(QCoreApplication.translate("SettingsDialog", title))
            self.stack.addWidget(self._build_page(page, decls))
        self.pages.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.pages.setCurrentRow(0)

        self.message = QtWidgets.QLabel(self)
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName(self.tr("Settings message"))
        self.message.hide()

        buttons = QtWidgets.QDialogButtonBox.StandardButton
        self.buttons = QtWidgets.QDialogButtonBox(buttons.Ok | buttons.Cancel | buttons.Apply, self)
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        apply = self.buttons.button(buttons.Apply)
        assert apply is not None
        apply.clicked.connect(self.apply)

        body = QtWidgets.QHBoxLayout()
        body.addWidget(self.pages)
        body.addWidget(self.stack, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(860, 520)
        self.load()
        chooser = self.editors.get("cti/backend")
        if chooser is not None:
            chooser.edited.connect(self._follow_backend)

    # ------------------------------------------------------------------ building

    def _build_page(self, page: str, decls: list[Setting]) -> QWidget:
        area = QtWidgets.QScrollArea(self)
        area.setObjectName(f"page_{page}")
        area.setWidgetResizable(True)
        area.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        inner = QWidget(area)
        form = QtWidgets.QFormLayout(inner)
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        index = self.stack.count()
        for decl in decls:
            editor = make_editor(decl, inner)
            label = QtWidgets.QLabel(setting_label(decl), inner)
            label.setBuddy(editor.field)
            editor.field.setAccessibleName(setting_label(decl))
            self.editors[decl.key] = editor
            self.labels[decl.key] = label
            self._page_of[decl.key] = index
            cell: QWidget = editor
            help_text = self._help(decl)
            if help_text:
                cell = QWidget(inner)
                column = QtWidgets.QVBoxLayout(cell)
                column.setContentsMargins(0, 0, 0, 0)
                column.setSpacing(2)
                column.addWidget(editor)
                hint = QtWidgets.QLabel(help_text, cell)
                hint.setWordWrap(True)
                hint.setEnabled(False)  # drawn in the palette's muted colour
                column.addWidget(hint)
                editor.field.setAccessibleDescription(help_text)
                if decl.key == HOSTS_KEY:
                    column.addWidget(self._hosts_warning(cell, editor))
            form.addRow(label, cell)
            if decl.backend is not None:
                self._backend_rows.append((decl.backend, form, cell))
        area.setWidget(inner)
        return area

    def _follow_backend(self) -> None:
        """Show each phone system's own settings only while that system is chosen."""
        chooser = self.editors.get("cti/backend")
        chosen = str(chooser.value()) if chooser is not None else ""
        for backend, form, cell in self._backend_rows:
            form.setRowVisible(cell, backend == chosen)

    def _hosts_warning(self, parent: QWidget, editor: SettingEditor) -> QtWidgets.QLabel:
        """A warning under the allowed hosts while the list is empty."""
        warning = QtWidgets.QLabel(
            self.tr(
                "No allowed hosts: only the host written in the CRM template is opened, "
                "and the call's own URL never is. List your CRM hosts here."
            ),
            parent,
        )
        warning.setObjectName("hostsWarning")
        warning.setTextFormat(Qt.TextFormat.PlainText)
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #b26a00;")
        self.hosts_warning = warning
        editor.edited.connect(self._update_hosts_warning)
        return warning

    def _update_hosts_warning(self) -> None:
        editor = self.editors.get(HOSTS_KEY)
        if editor is not None and self.hosts_warning is not None:
            self.hosts_warning.setVisible(not editor.value())

    def _help(self, decl: Setting) -> str:
        if decl.secret and self.credentials is None:
            return self.tr("The system keyring is not available: this cannot be stored")
        if decl.secret and not self.credentials_persistent():
            return self.tr("No system keyring: kept only until you quit")
        return QCoreApplication.translate("", decl.help) if decl.help else ""

    def credentials_persistent(self) -> bool:
        """Whether secrets entered here survive a restart."""
        return self.credentials is not None and bool(self.credentials.persistent)

    # ------------------------------------------------------------------ values

    def load(self) -> None:
        """Show the effective values and which ones cannot be changed here."""
        for key, editor in self.editors.items():
            decl = editor.decl
            editable = True
            tip = ""
            if decl.secret:
                editor.set_value("")
                editable = self.credentials is not None and not self.settings.is_locked(key)
                if editable:
                    editor.field.setToolTip(self.tr("Leave empty to keep the stored one"))
                    if isinstance(editor.field, QtWidgets.QLineEdit):
                        editor.field.setPlaceholderText(self.tr("unchanged"))
            else:
                editor.set_value(self.settings.get(key))
            if self.settings.is_locked(key):
                editable, tip = False, self.tr("Set by your administrator")
            elif self.settings.source(key) == "override":
                editable, tip = False, self.tr("Set on the command line for this run")
            editor.setEnabled(editable)
            self.labels[key].setEnabled(editable)
            if tip:
                editor.setToolTip(tip)
                editor.field.setToolTip(tip)
                self.labels[key].setToolTip(tip)
        self._follow_backend()
        self._update_hosts_warning()
        self._show_message("")

    def values(self) -> dict[str, Any]:
        """What every editor shows now (secrets excluded)."""
        return {k: e.value() for k, e in self.editors.items() if not e.decl.secret}

    def changed(self) -> dict[str, Any]:
        """Editable values that differ from the stored ones."""
        out: dict[str, Any] = {}
        for key, editor in self.editors.items():
            if not editor.isEnabled():
                continue
            value = editor.value()
            if editor.decl.secret:
                if value:
                    out[key] = value
            elif value != self.settings.get(key):
                out[key] = value
        return out

    def apply(self) -> bool:
        """Check and store the changed values; return False (with a message) if refused."""
        found = problems(self.values())
        found = {k: v for k, v in found.items() if self.editors[k].isEnabled()}
        if found:
            key, text = next(iter(found.items()))
            self._point_at(key)
            self._show_message(
                fill(self.tr("%1: %2"), setting_label(self.editors[key].decl), text),
                error=True,
            )
            return False
        changes = self.changed()
        try:
            for key, value in changes.items():
                if self.editors[key].decl.secret:
                    self._store_secret(key, value)
                else:
                    self.settings.set(key, value)
            self.settings.sync()
        except (PermissionError, ValueError) as exc:  # a lock appeared meanwhile
            self._show_message(str(exc), error=True)
            return False
        if changes:
            log.info("settings changed: %s", ", ".join(sorted(changes)))
        notes = []
        if RECONNECT_KEYS & changes.keys():
            notes.append(self.tr("Reconnecting with the new connection settings."))
        self._show_message(" ".join(notes) if notes else (self.tr("Saved.") if changes else ""))
        for key in changes:
            if self.editors[key].decl.secret:
                self.editors[key].set_value("")
        self.settings_applied.emit(sorted(changes))
        return True

    def _store_secret(self, key: str, value: str) -> None:
        """Store ``value`` for the server this dialog configures (its origin, see credentials)."""
        from agent_toolbar.credentials import secret_name, system_secret_name

        credentials = self.credentials
        if credentials is None:
            return
        decl = self.editors[key].decl if key in self.editors else None
        url_key = _server_key(decl)
        url_editor = self.editors.get(url_key)
        url = str(url_editor.value() if url_editor is not None else self.settings.get(url_key))
        try:  # a phone system's own secret: bound like the app reads it (stored_secret)
            own = decl is not None and decl.backend is not None
            key = system_secret_name(key, url) if own else secret_name(key, url)
        except ValueError as exc:
            raise ValueError(f"cannot store the secret: {exc}") from exc
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            credentials.set(key, value)  # no loop (tests, smoke): store directly
            return
        task = loop.create_task(credentials.set_async(key, value))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _ok(self) -> None:
        if self.apply():
            self.accept()

    def _point_at(self, key: str) -> None:
        self.pages.setCurrentRow(self._page_of[key])
        self.editors[key].field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        self.message.setStyleSheet("color: #c62828; font-weight: bold;" if error else "")
        self.message.setVisible(bool(text))

    def show_page(self, page: str) -> None:
        """Open on ``page`` (e.g. ``hotkeys``)."""
        for index, (name, _title) in enumerate(PAGES):
            if name == page:
                self.pages.setCurrentRow(index)


def _server_key(decl: Setting | None) -> str:
    """The address a secret is bound to: its phone system's server setting, else ``cti/url``."""
    if decl is None or decl.backend is None:
        return "cti/url"
    return SERVER_KEYS.get(decl.backend, "cti/url")
