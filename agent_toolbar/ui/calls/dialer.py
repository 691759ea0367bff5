"""The dialer: type (or pick a recent) number or address, press Enter, and it is called.

Phone-looking input is tidied (spaces, dashes, dots and brackets dropped, a leading ``+``
kept) before :class:`~agent_toolbar.cti.intents.MakeCall`; anything else (a SIP URI, an
extension name) is sent as typed. Numbers called are remembered in ``ui/recent_numbers``,
most recent first, at most :data:`RECENT_MAX`.

A backend that declares it can never place a call (an explicit refusal of ``MAKE_CALL`` in its
capabilities: the events-only systems) gets a disabled field as well as a disabled button,
both with the backend's reason as tooltip; a call that is impossible only for now (not
connected, busy) leaves the field usable and the button says why.
"""

from __future__ import annotations

import logging
import re

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Action, global_actions
from agent_toolbar.cti.capabilities import Feature
from agent_toolbar.cti.model import SessionState
from agent_toolbar.qt import QSize, Qt, QtGui, QtWidgets, Signal
from agent_toolbar.settings import Settings
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.common.icons import icon
from agent_toolbar.ui.common.tr import fill

__all__ = ["RECENT_MAX", "Dialer", "normalise_number", "remember"]

log = logging.getLogger(__name__)

RECENT_MAX = 20
_PHONE = re.compile(r"^\+?[\d\s\-().]*\d[\d\s\-().]*$")
_TIDY = re.compile(r"[\s\-().]")


def normalise_number(text: str) -> str:
    """Tidy a typed number (``+7 (912) 345-67-89`` → ``+79123456789``); keep URIs as typed."""
    stripped = text.strip()
    if _PHONE.match(stripped):
        return _TIDY.sub("", stripped)
    return stripped


def remember(recent: list[str], number: str, limit: int = RECENT_MAX) -> list[str]:
    """``recent`` with ``number`` moved to the front, without duplicates, at most ``limit``."""
    return [number, *(n for n in recent if n != number)][:limit]


class Dialer(QtWidgets.QWidget):
    """A number field with recent numbers and a Call button.

    Signals:
        intent_requested(object): A :class:`~agent_toolbar.cti.intents.MakeCall`.
        problem_reported(str): Something to tell the operator (empty number, cannot call now).
    """

    intent_requested = Signal(object)
    problem_reported = Signal(str)

    def __init__(
        self, settings: Settings | None = None, parent: QtWidgets.QWidget | None = None
    ) -> None:
        """Build the field and button; recent numbers come from ``settings``."""
        super().__init__(parent)
        self.setObjectName("Dialer")
        self._settings = settings
        self._verdict_why: str = ""
        self._refused: str = ""  # the backend's reason when it never places calls
        self.failure = ""  # why the last call placed here failed (until the field is edited)
        self.field = QtWidgets.QComboBox(self)
        self.field.setObjectName("dialField")
        self.field.setEditable(True)
        self.field.setInsertPolicy(QtWidgets.QComboBox.InsertPolicy.NoInsert)
        self.field.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Fixed
        )
        self.field.setMinimumContentsLength(12)
        edit = self.field.lineEdit()
        assert edit is not None
        edit.returnPressed.connect(self.dial)
        edit.textEdited.connect(self._clear_invalid)
        self.field.editTextChanged.connect(self._clear_invalid_unless_failed_now)
        self.call_button = QtWidgets.QToolButton(self)
        self.call_button.setObjectName("dialButton")
        self.call_button.setIconSize(QSize(18, 18))
        self.call_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.call_button.clicked.connect(self.dial)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.call_button)
        self.setFocusProxy(self.field)
        self.load_recent()
        self.refresh_icons()
        self.retranslate()

    # ------------------------------------------------------------------ public

    @property
    def line_edit(self) -> QtWidgets.QLineEdit:
        """The text field."""
        edit = self.field.lineEdit()
        assert edit is not None
        return edit

    def set_settings(self, settings: Settings | None) -> None:
        """Use ``settings`` for the recent numbers."""
        self._settings = settings
        self.load_recent()

    def load_recent(self) -> None:
        """Fill the drop-down from ``ui/recent_numbers`` (keeping what is typed)."""
        typed = self.field.currentText()
        recent = self._settings.items("ui/recent_numbers") if self._settings else []
        self.field.blockSignals(True)
        self.field.clear()
        self.field.addItems(recent[:RECENT_MAX])
        self.field.setCurrentIndex(-1)
        self.field.setEditText(typed)
        self.field.blockSignals(False)

    def recent(self) -> list[str]:
        """The recent numbers, most recent first."""
        return [self.field.itemText(i) for i in range(self.field.count())]

    def apply_state(self, state: SessionState) -> None:
        """Enable calling when the backend can place a call now."""
        verdict = global_actions(state)[Action.MAKE_CALL]
        caps = state.capabilities
        refusal = caps.refusal(Feature.MAKE_CALL) if Feature.MAKE_CALL in caps.refusals else None
        self._refused = texts.refusal_text(refusal) if refusal is not None else ""
        self._verdict_why = self._refused or (texts.why_text(verdict) if verdict.why else "")
        self.call_button.setEnabled(verdict.ok and not self._refused)
        label = texts.action_label(Action.MAKE_CALL)
        tip = label if self.call_button.isEnabled() else f"{label} — {self._verdict_why}"
        self.call_button.setToolTip(tip)
        self.call_button.setAccessibleDescription(tip)
        self.field.setEnabled(not self._refused)
        self._field_tip()

    def focus_field(self) -> None:
        """Put the cursor in the number field (the dial hotkey), selecting what is there."""
        self.line_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.line_edit.selectAll()

    def dial(self) -> None:
        """Call what is typed, or explain why not."""
        number = normalise_number(self.field.currentText())
        if not number:
            self._invalid(self.tr("Type a number or address to call"))
            return
        if not self.call_button.isEnabled():
            self.problem_reported.emit(fill(self.tr("Cannot call now: %1"), self._verdict_why))
            return
        self.intent_requested.emit(it.MakeCall(number))
        self._store(number)
        self.field.setEditText("")

    def show_failure(self, number: str, reason: str) -> None:
        """The server refused to call ``number``: say so here and keep it to correct."""
        self.failure = fill(self.tr("Call to %1 failed: %2"), number, reason)
        if not self.field.currentText().strip():
            self.field.setEditText(number)
        self.field.setToolTip(self.failure)
        self.field.setAccessibleDescription(self.failure)
        self._invalid(self.failure)

    def refresh_icons(self) -> None:
        """Re-tint the icons."""
        self.call_button.setIcon(icon("dial"))

    def retranslate(self) -> None:
        """Set the static texts."""
        self.line_edit.setPlaceholderText(self.tr("Number or address"))
        self.field.setAccessibleName(self.tr("Number to call"))
        self._field_tip()
        label = texts.action_label(Action.MAKE_CALL)
        self.call_button.setText(label)
        self.call_button.setAccessibleName(label)

    # ------------------------------------------------------------------ internals

    def _field_tip(self) -> None:
        default = self.tr("Type a number and press Enter; ↓ shows recent numbers")
        self.field.setToolTip(self.failure or self._refused or default)
        self.field.setAccessibleDescription(self.failure or self._refused)

    def _store(self, number: str) -> None:
        recent = remember(self.recent(), number)
        if self._settings is not None:
            try:
                self._settings.set("ui/recent_numbers", recent)
            except PermissionError:
                log.info("recent numbers are locked by the administrator")
        self.field.blockSignals(True)
        self.field.clear()
        self.field.addItems(recent)
        self.field.setCurrentIndex(-1)
        self.field.blockSignals(False)

    def _invalid(self, message: str) -> None:
        self.field.setProperty("invalid", True)
        self.field.style().unpolish(self.field)
        self.field.style().polish(self.field)
        self.line_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.problem_reported.emit(message)

    def _clear_invalid(self, _text: str = "") -> None:
        if self.failure:
            self.failure = ""
            self.field.setAccessibleDescription("")
            self.retranslate()  # the field's own tooltip again
        if self.field.property("invalid"):
            self.field.setProperty("invalid", False)
            self.field.style().unpolish(self.field)
            self.field.style().polish(self.field)

    def _clear_invalid_unless_failed_now(self, text: str) -> None:
        # setEditText() by show_failure itself must not clear what it just showed
        if self.failure and text.strip() and text.strip() not in self.failure:
            self._clear_invalid(text)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        """Escape clears the field."""
        if event.key() == Qt.Key.Key_Escape and self.field.currentText():
            self.field.setEditText("")
            event.accept()
            return
        super().keyPressEvent(event)
