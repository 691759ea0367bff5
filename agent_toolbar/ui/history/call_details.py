"""The selected call in full: who, its timeline (copyable), its result, its note, and actions.

The call result chosen in wrap-up (the journal's disposition code) shows under the timeline,
worded by ``label`` (the admin's catalogue label; the code itself when it has none).

Buttons: call back (the backend's dial; disabled with the reason when it cannot dial),
copy the number, re-open the CRM record (the address popped for the call, through the same
safety check as a screen-pop), add or change the note, copy the timeline.

Signals:
    call_back_requested(str): Dial this number.
    reopen_requested(str): Open this CRM address (the opener checks it again).
    note_requested(int): Edit the note of the call with this journal id.
"""

from __future__ import annotations

from collections.abc import Callable

from agent_toolbar.history.model import CallRecord
from agent_toolbar.history.timeline import render_record
from agent_toolbar.qt import QtGui, QtWidgets, Signal
from agent_toolbar.ui.history.texts import fill, translated, trf, word


class CallDetails(QtWidgets.QWidget):
    """The details pane of the history window (see the module docstring)."""

    call_back_requested = Signal(str)
    reopen_requested = Signal(str)
    note_requested = Signal(int)

    def __init__(
        self,
        parent: QtWidgets.QWidget | None = None,
        *,
        label: Callable[[str], str] | None = None,
    ) -> None:
        """Create the pane, showing nothing; ``label`` words a disposition code."""
        super().__init__(parent)
        self.record: CallRecord | None = None
        self._label = label or (lambda code: code)
        self._dial_refusal: str | None = None
        self.title = QtWidgets.QLabel(self)
        self.title.setObjectName("historyTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(QtGui.Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.timeline = QtWidgets.QPlainTextEdit(self)
        self.timeline.setObjectName("historyTimeline")
        self.timeline.setReadOnly(True)
        self.timeline.setTabChangesFocus(True)
        self.timeline.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.NoWrap)
        self.timeline.setFont(
            QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
        )
        self.disposition = QtWidgets.QLabel(self)
        self.disposition.setObjectName("historyDisposition")
        self.disposition.setWordWrap(True)
        self.disposition.setTextInteractionFlags(QtGui.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QtWidgets.QLabel(self)
        self.note.setObjectName("historyNote")
        self.note.setWordWrap(True)
        self.call_back = QtWidgets.QPushButton(self)
        self.call_back.setObjectName("historyCallBack")
        self.copy_number = QtWidgets.QPushButton(self)
        self.copy_number.setObjectName("historyCopyNumber")
        self.reopen = QtWidgets.QPushButton(self)
        self.reopen.setObjectName("historyReopen")
        self.edit_note = QtWidgets.QPushButton(self)
        self.edit_note.setObjectName("historyNoteButton")
        self.copy_timeline = QtWidgets.QPushButton(self)
        self.copy_timeline.setObjectName("historyCopyTimeline")
        buttons = QtWidgets.QHBoxLayout()
        for b in (self.call_back, self.copy_number, self.reopen, self.edit_note,
                  self.copy_timeline):  # fmt: skip
            b.setAutoDefault(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.disposition)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.call_back.clicked.connect(self._call_back)
        self.copy_number.clicked.connect(self._copy_number)
        self.reopen.clicked.connect(self._reopen)
        self.edit_note.clicked.connect(self._note)
        self.copy_timeline.clicked.connect(self._copy_timeline)
        self.retranslate()
        self.show_record(None)

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.call_back.setText(trf("HistoryWindow", "&Call back"))
        self.copy_number.setText(trf("HistoryWindow", "Copy &number"))
        self.reopen.setText(trf("HistoryWindow", "Open C&RM record"))
        self.edit_note.setText(trf("HistoryWindow", "N&ote…"))
        self.copy_timeline.setText(trf("HistoryWindow", "Copy &timeline"))
        self.timeline.setAccessibleName(trf("HistoryWindow", "Timeline"))
        self.show_record(self.record)

    def set_dial_refusal(self, reason: str | None) -> None:
        """Why calling back is impossible now (``None``: it is possible)."""
        self._dial_refusal = reason
        self._enable()

    def show_record(self, record: CallRecord | None) -> None:
        """Show ``record`` (``None``: nothing selected)."""
        self.record = record
        if record is None:
            self.title.setText(trf("HistoryWindow", "No call selected"))
            self.timeline.setPlainText("")
            self.disposition.setText("")
            self.note.setText("")
        else:
            text = render_record(record, translated, words=word)
            head, _, body = text.partition("\n")
            self.title.setText(head)
            self.timeline.setPlainText(body)
            c = record.summary
            self.disposition.setText(
                fill(trf("HistoryWindow", "Call result: %1"), self._label(c.disposition))
                if c.disposition
                else ""
            )
            self.note.setText(fill(trf("HistoryWindow", "Note: %1"), c.note) if c.note else "")
        self.note.setVisible(bool(self.note.text()))
        self.disposition.setVisible(bool(self.disposition.text()))
        self._enable()

    def timeline_text(self) -> str:
        """The whole timeline as the clipboard gets it (heading included)."""
        return render_record(self.record, translated, words=word) if self.record else ""

    def _enable(self) -> None:
        record = self.record
        number = record.summary.number if record else ""
        self.call_back.setEnabled(bool(number) and self._dial_refusal is None)
        self.call_back.setToolTip(
            self._dial_refusal or ("" if number else trf("HistoryWindow", "The call has no number"))
        )
        self.copy_number.setEnabled(bool(number))
        has_url = bool(record and record.urls)
        self.reopen.setEnabled(has_url)
        self.reopen.setToolTip(
            "" if has_url else trf("HistoryWindow", "No CRM record was opened for this call")
        )
        self.edit_note.setEnabled(record is not None)
        self.copy_timeline.setEnabled(record is not None)

    def _call_back(self) -> None:
        if self.record and self.record.summary.number and self._dial_refusal is None:
            self.call_back_requested.emit(self.record.summary.number)

    def _copy_number(self) -> None:
        if self.record and self.record.summary.number:
            QtGui.QGuiApplication.clipboard().setText(self.record.summary.number)

    def _reopen(self) -> None:
        if self.record and self.record.urls:
            self.reopen_requested.emit(self.record.urls[-1])

    def _note(self) -> None:
        if self.record:
            self.note_requested.emit(self.record.summary.id)

    def _copy_timeline(self) -> None:
        if self.record:
            QtGui.QGuiApplication.clipboard().setText(self.timeline_text())
