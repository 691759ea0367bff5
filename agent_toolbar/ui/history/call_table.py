"""The list of journalled calls: one row per call, newest first.

Columns: when, direction, number, name, result, talk time. A missed call the operator has
not seen yet is bold; a call with a note shows a pencil mark after its name. The row's
:class:`~agent_toolbar.history.model.CallSummary` is under ``Qt.UserRole``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from agent_toolbar.history.model import CallDirection, CallSummary
from agent_toolbar.history.timeline import duration_text
from agent_toolbar.qt import QtCore, QtGui, QtWidgets
from agent_toolbar.ui.history.texts import direction_text, fill, trf, when_text, word

Qt = QtCore.Qt
ROLE = Qt.ItemDataRole.UserRole
_SAMPLE_TIME = "00:00"
_ARROWS = {CallDirection.IN: "↙", CallDirection.OUT: "↗", CallDirection.INTERNAL: "↔"}


class CallTableModel(QtCore.QAbstractTableModel):
    """Journalled calls as table rows."""

    COLUMNS = 6

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        """Start empty."""
        super().__init__(parent)
        self._calls: list[CallSummary] = []
        self._now = time.time()

    def set_calls(self, calls: Sequence[CallSummary], now: float | None = None) -> None:
        """Show ``calls`` (replacing the rows)."""
        self.beginResetModel()
        self._calls = list(calls)
        self._now = time.time() if now is None else now
        self.endResetModel()

    def call_at(self, row: int) -> CallSummary | None:
        """The call of row ``row``."""
        return self._calls[row] if 0 <= row < len(self._calls) else None

    def row_of(self, call_id: int) -> int:
        """The row of the call with journal id ``call_id`` (-1: not listed)."""
        return next((i for i, c in enumerate(self._calls) if c.id == call_id), -1)

    def rowCount(self, parent: Any = None) -> int:
        """Rows (no children)."""
        return 0 if parent is not None and parent.isValid() else len(self._calls)

    def columnCount(self, parent: Any = None) -> int:
        """Columns."""
        return self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        """Column titles."""
        if orientation is not Qt.Orientation.Horizontal:
            return None
        if section == 1 and role == Qt.ItemDataRole.ToolTipRole:
            return trf("HistoryWindow", "Direction")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 1:
            return "⇅"
        return (
            trf("HistoryWindow", "When"),
            trf("HistoryWindow", "Direction"),
            trf("HistoryWindow", "Number"),
            trf("HistoryWindow", "Name"),
            trf("HistoryWindow", "Result"),
            trf("HistoryWindow", "Talk"),
        )[section]

    def data(self, index: Any, role: int = 0) -> Any:
        """Cell texts, the bold font of unseen missed calls, tooltips, the row's call."""
        call = self.call_at(index.row())
        if call is None:
            return None
        column = index.column()
        if role == ROLE:
            return call
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(call, column)
        if role == Qt.ItemDataRole.FontRole and call.missed and not call.seen:
            font = QtGui.QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and call.missed and column == 4:
            return QtGui.QBrush(QtGui.QColor("#c62828"))
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return direction_text(call.direction)
        if role == Qt.ItemDataRole.ToolTipRole and column == 3 and call.note:
            return call.note
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.AccessibleTextRole:
            cells = [self._text(call, c) for c in range(self.COLUMNS)]
            cells[1] = direction_text(call.direction)
            return " ".join(cells)
        return None

    def _text(self, call: CallSummary, column: int) -> str:
        match column:
            case 0:
                return when_text(call.started_at, self._now)
            case 1:
                return _ARROWS.get(call.direction, "·")
            case 2:
                return call.number
            case 3:
                return f"{call.name} ✎" if call.note else call.name
            case 4:
                return (
                    word(call.result.value) if call.result else trf("HistoryWindow", "in progress")
                )
            case _:
                if call.answered_at is not None and call.ended_at is not None:
                    return duration_text(max(0.0, call.ended_at - call.answered_at))
                return ""


class CallTable(QtWidgets.QTableView):
    """The list view: whole rows, one at a time, keyboard first."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        """Create the view over a :class:`CallTableModel`."""
        super().__init__(parent)
        self.setObjectName("historyTable")
        self.calls = CallTableModel(self)
        self.setModel(self.calls)
        self.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        # Widths from the font, not from the rows: fitting columns to their contents asks
        # every cell through Python on each re-list (tens of ms for 500 calls on the loop).
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Fixed)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Column widths for the longest text each column can hold (in this language)."""
        metrics = self.fontMetrics()
        samples = (
            max(
                (fill(trf("HistoryWindow", "yesterday %1"), _SAMPLE_TIME), "00.00.0000 00:00"),
                key=len,
            ),
            "↔",
            "+7 (999) 999-99-99",
            "",
            max((word(v) for v in ("answered", "missed", "no_answer", "transferred")), key=len),
            "0:00:00",
        )
        pad = 24
        for column, sample in enumerate(samples):
            if column == 3:
                continue
            title = str(self.calls.headerData(column, QtCore.Qt.Orientation.Horizontal,
                                              QtCore.Qt.ItemDataRole.DisplayRole))  # fmt: skip
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title))
            self.setColumnWidth(column, width + pad)

    def current_call(self) -> CallSummary | None:
        """The selected call."""
        return self.calls.call_at(self.currentIndex().row())

    def select_id(self, call_id: int | None) -> None:
        """Select the call with this journal id, else the first row."""
        row = self.calls.row_of(call_id) if call_id is not None else -1
        if row < 0 and self.calls.rowCount():
            row = 0
        if row >= 0:
            self.selectRow(row)
