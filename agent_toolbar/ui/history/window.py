"""The History window: recent and missed calls, search and filters, a call's timeline.

Opening it (showing it) lists the calls and marks the missed ones seen, which clears the
unseen count in the tray and in this window's title; the unseen ones stay bold until the
list is next refreshed. Everything works from the keyboard:

============================  ==========================================
``Ctrl+F``                    search box
``Alt+M``                     missed only
``Enter`` (in the list)       call back
``Ctrl+C`` (in the list)      copy the number
``Alt+R`` / ``Alt+O``         open the CRM record / edit the note
``Alt+T``                     copy the timeline
``Ctrl+S``                    export CSV…
``F5``                        refresh
``Esc``                       close (or dismiss the offline banner first)
============================  ==========================================

Dialogs (note, export, clear) are opened with ``open()``, never ``exec()``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from agent_toolbar.history.model import HistoryQuery
from agent_toolbar.history.store import JournalStatus
from agent_toolbar.qt import QtCore, QtGui, QtWidgets
from agent_toolbar.ui.history.call_details import CallDetails
from agent_toolbar.ui.history.call_table import ROLE, CallTable
from agent_toolbar.ui.history.filter_bar import FilterBar
from agent_toolbar.ui.history.offline_banner import OfflineBanner
from agent_toolbar.ui.history.service import HistoryService
from agent_toolbar.ui.history.texts import fill, trf

Qt = QtCore.Qt
log = logging.getLogger(__name__)


class HistoryWindow(QtWidgets.QWidget):
    """The operator's call history (see the module docstring)."""

    def __init__(
        self,
        service: HistoryService,
        *,
        dial: Callable[[str], None] | None = None,
        reopen: Callable[[str], str | None] | None = None,
        parent: QtWidgets.QWidget | None = None,
        clock: Callable[[], float] = time.time,
        label: Callable[[str], str] | None = None,
    ) -> None:
        """Create the window over ``service``.

        Args:
            service: The journal for the UI.
            dial: Calls a number back through the backend (``None``: cannot dial).
            reopen: Opens a CRM address through the screen-pop safety check and returns
                why it refused (``None``: opened).
            parent: Qt parent (the window stays a top-level window).
            clock: Wall clock (the period filter and "today").
            label: Words a call result's code (the admin's catalogue label).
        """
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("historyWindow")
        self.service = service
        self._dial = dial
        self._reopen = reopen
        self._clock = clock
        self._generation = 0
        self._selected: int | None = None
        self.banner = OfflineBanner(self)
        self.problem = QtWidgets.QLabel(self)
        self.problem.setObjectName("historyProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.filters = FilterBar(self, clock=clock)
        self.table = CallTable(self)
        self.details = CallDetails(self, label=label)
        self.status = QtWidgets.QLabel(self)
        self.status.setObjectName("historyStatus")
        self.export_button = QtWidgets.QPushButton(self)
        self.export_button.setObjectName("historyExport")
        self.clear_button = QtWidgets.QPushButton(self)
        self.clear_button.setObjectName("historyClear")
        # The list above, the selected call below: both get the window's width (numbers,
        # names and the timeline's lines are long; a side-by-side pane truncated them).
        splitter = QtWidgets.QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 300])
        splitter.setChildrenCollapsible(False)
        bottom = QtWidgets.QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.clear_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addWidget(self.banner)
        layout.addWidget(self.filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.details.set_dial_refusal(
            None if dial else trf("HistoryWindow", "Calling is not available")
        )
        self._wire()
        self.retranslate()
        self.resize(900, 640)

    def _wire(self) -> None:
        self.filters.query_changed.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection())
        self.table.activated.connect(lambda _index: self.details.call_back.click())
        self.details.call_back_requested.connect(self._call_back)
        self.details.reopen_requested.connect(self._open_crm)
        self.details.note_requested.connect(self._ask_note)
        self.export_button.clicked.connect(self._ask_export)
        self.clear_button.clicked.connect(self._ask_clear)
        self.service.changed.connect(self._journal_changed)
        self.service.unseen_changed.connect(lambda _n: self._title())
        self.service.offline_summary.connect(self.banner.show_summary)
        for keys, slot in (
            (QtGui.QKeySequence.StandardKey.Find, self._focus_search),
            (QtGui.QKeySequence("F5"), self.refresh),
            (QtGui.QKeySequence("Ctrl+S"), self._ask_export),
            (QtGui.QKeySequence("Escape"), self._escape),
        ):
            shortcut = QtGui.QShortcut(keys, self)
            shortcut.activated.connect(slot)
        copy = QtGui.QShortcut(QtGui.QKeySequence.StandardKey.Copy, self.table)
        copy.setContext(Qt.ShortcutContext.WidgetShortcut)
        copy.activated.connect(self.details.copy_number.click)

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.filters.retranslate()
        self.details.retranslate()
        self.banner.retranslate()
        self.export_button.setText(trf("HistoryWindow", "&Export CSV…"))
        self.clear_button.setText(trf("HistoryWindow", "Clear &history…"))
        self.table.setAccessibleName(trf("HistoryWindow", "Calls"))
        self.show_journal_status(self.service.journal.status)
        self._title()

    def show_journal_status(self, status: JournalStatus) -> None:
        """Say when the journal is not its usual file (recovered, in memory, failing)."""
        texts = {
            JournalStatus.RECOVERED_CORRUPT: trf(
                "HistoryWindow",
                "The history file was damaged: it was set aside and a new one started.",
            ),
            JournalStatus.RECOVERED_LOCKED: trf(
                "HistoryWindow",
                "The history file was locked by another program: a new one was started.",
            ),
            JournalStatus.RECOVERED_TOO_NEW: trf(
                "HistoryWindow",
                "The history file is from a newer version: it was kept aside, a new one started.",
            ),
            JournalStatus.MEMORY_ONLY: trf(
                "HistoryWindow",
                "The history cannot be saved on this computer: calls are kept until you quit.",
            ),
            JournalStatus.WRITE_FAILED: trf(
                "HistoryWindow", "Some calls could not be written to the history (see the log)."
            ),
        }
        text = texts.get(status, "")
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def changeEvent(self, event: QtCore.QEvent) -> None:
        """Follow a language change (the main catalog and the history's are swapped)."""
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
            self.table.calls.layoutChanged.emit()

    def set_dial_refusal(self, reason: str | None) -> None:
        """Why the backend cannot dial now (``None``: it can)."""
        self.details.set_dial_refusal(
            reason if self._dial else trf("HistoryWindow", "Calling is not available")
        )

    def _title(self) -> None:
        n = self.service.unseen
        title = trf("HistoryWindow", "Call history")
        self.setWindowTitle(
            fill(trf("HistoryWindow", "%1 — missed: %2"), title, str(n)) if n else title
        )

    # -- life cycle -------------------------------------------------------------------------

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        """Opening the window lists the calls and marks the missed ones seen."""
        super().showEvent(event)
        self.service.spawn(self._opened())

    async def _opened(self) -> None:
        self.show_journal_status(self.service.journal.status)
        await self._load()
        await self.service.mark_seen()
        self.table.setFocus()

    def _journal_changed(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Ask the journal again with the current filters."""
        self.service.spawn(self._load())

    async def _load(self) -> None:
        self._generation += 1
        mine = self._generation
        query = self.filters.query()
        calls = await self.service.find(query)
        if mine != self._generation:
            return  # a newer question was asked meanwhile
        keep = self._selected
        self.table.calls.set_calls(calls, self._clock())
        self.table.select_id(keep)
        shown = len(calls)
        log.info("history: %d calls listed", shown)
        self.status.setText(
            fill(trf("HistoryWindow", "Calls: %1"), str(shown))
            if shown
            else trf("HistoryWindow", "No calls")
        )
        if not shown:
            self._selected = None
            self.details.show_record(None)

    def _selection(self) -> None:
        call = self.table.current_call()
        shown = self.details.record
        if call is not None and shown is not None and shown.summary == call:
            self._selected = call.id  # re-listed, unchanged: no need to read it again
            return
        self._selected = call.id if call else None
        if call is None:
            self.details.show_record(None)
            return
        self.service.spawn(self._show(call.id))

    async def _show(self, call_id: int) -> None:
        record = await self.service.call(call_id)
        if self._selected == call_id:
            self.details.show_record(record)

    # -- actions ----------------------------------------------------------------------------

    def _focus_search(self) -> None:
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    def _escape(self) -> None:
        if self.banner.isVisible():
            self.banner.hide()
        else:
            self.close()

    def _call_back(self, number: str) -> None:
        if self._dial is not None:
            log.info("history: calling back")
            self._dial(number)
            self.status.setText(fill(trf("HistoryWindow", "Calling %1…"), number))

    def _open_crm(self, url: str) -> None:
        if self._reopen is None:
            return
        refusal = self._reopen(url)
        self.status.setText(
            fill(trf("HistoryWindow", "CRM record not opened: %1"), refusal) if refusal else ""
        )

    def _ask_note(self, call_id: int) -> None:
        record = self.details.record
        dialog = QtWidgets.QInputDialog(self)
        dialog.setObjectName("historyNoteDialog")
        dialog.setWindowTitle(trf("HistoryWindow", "Note"))
        dialog.setLabelText(trf("HistoryWindow", "Your note on this call:"))
        dialog.setOption(QtWidgets.QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        dialog.setTextValue(record.summary.note if record else "")
        dialog.textValueSelected.connect(
            lambda text: self.service.spawn(self._save_note(call_id, text))
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    async def _save_note(self, call_id: int, text: str) -> None:
        await self.service.set_note(call_id, text.strip())
        if self._selected == call_id:
            await self._show(call_id)

    def _ask_export(self) -> None:
        dialog = QtWidgets.QFileDialog(self, trf("HistoryWindow", "Export call history"))
        dialog.setObjectName("historyExportDialog")
        dialog.setAcceptMode(QtWidgets.QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(trf("HistoryWindow", "CSV files (*.csv)"))
        dialog.setDefaultSuffix("csv")
        dialog.selectFile(time.strftime("call-history-%Y%m%d.csv"))
        dialog.fileSelected.connect(lambda path: self.service.spawn(self._export(Path(path))))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    async def _export(self, path: Path, query: HistoryQuery | None = None) -> int:
        try:
            n = await self.service.export(path, query or self.filters.query())
        except OSError as exc:
            self.status.setText(
                fill(trf("HistoryWindow", "Export failed: %1"), exc.strerror or str(exc))
            )
            return 0
        self.status.setText(
            fill(trf("HistoryWindow", "Calls exported: %1 (%2)"), str(n), str(path))
        )
        return n

    def _ask_clear(self) -> None:
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Warning,
            trf("HistoryWindow", "Clear history"),
            trf(
                "HistoryWindow",
                "Delete the whole call history, notes included? This cannot be undone.",
            ),
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("historyClearDialog")
        box.setDefaultButton(QtWidgets.QMessageBox.StandardButton.No)
        box.finished.connect(lambda answer: self._cleared(answer, box))
        box.open()

    def _cleared(self, answer: int, box: QtWidgets.QMessageBox) -> None:
        box.deleteLater()
        if answer == QtWidgets.QMessageBox.StandardButton.Yes:
            self.service.spawn(self.service.clear())

    def row_call_id(self, row: int) -> int | None:
        """The journal id of the call in ``row`` (for tests and accessibility)."""
        index = self.table.calls.index(row, 0)
        call = self.table.calls.data(index, ROLE)
        return call.id if call else None
