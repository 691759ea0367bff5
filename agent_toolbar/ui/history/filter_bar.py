"""The row above the history list: search, missed only, direction, result and period.

Typing in the search box waits a moment before it asks again (a pause, not every key);
every other choice asks at once. :meth:`FilterBar.query` turns the choices into a
:class:`~agent_toolbar.history.model.HistoryQuery`.

Signals:
    query_changed(): A choice changed; read :meth:`FilterBar.query`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from agent_toolbar.history.model import MISSED_RESULTS, CallDirection, CallResult, HistoryQuery
from agent_toolbar.qt import QtCore, QtWidgets, Signal
from agent_toolbar.ui.history.texts import trf, word

SEARCH_PAUSE_MS = 250
PAGE = 200
_PERIODS = ("any", "today", "7", "30")


class FilterBar(QtWidgets.QWidget):
    """Search and filters of the history window (see the module docstring)."""

    query_changed = Signal()

    def __init__(
        self, parent: QtWidgets.QWidget | None = None, *, clock: Callable[[], float] = time.time
    ) -> None:
        """Create the row; nothing is filtered at first."""
        super().__init__(parent)
        self._clock = clock
        self.search = QtWidgets.QLineEdit(self)
        self.search.setObjectName("historySearch")
        self.search.setClearButtonEnabled(True)
        self.missed_only = QtWidgets.QCheckBox(self)
        self.missed_only.setObjectName("historyMissedOnly")
        self.direction = QtWidgets.QComboBox(self)
        self.direction.setObjectName("historyDirection")
        self.result = QtWidgets.QComboBox(self)
        self.result.setObjectName("historyResult")
        self.period = QtWidgets.QComboBox(self)
        self.period.setObjectName("historyPeriod")
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 3)
        for widget in (self.missed_only, self.direction, self.result, self.period):
            layout.addWidget(widget)
        self._pause = QtCore.QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self.query_changed)
        self.search.textChanged.connect(lambda _text: self._pause.start())
        self.missed_only.toggled.connect(lambda _on: self.query_changed.emit())
        for combo in (self.direction, self.result, self.period):
            combo.currentIndexChanged.connect(lambda _i: self.query_changed.emit())
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language (choices kept)."""
        self.search.setPlaceholderText(trf("HistoryWindow", "Search by number or name"))
        self.search.setAccessibleName(trf("HistoryWindow", "Search by number or name"))
        self.missed_only.setText(trf("HistoryWindow", "&Missed only"))
        self._fill(self.direction, trf("HistoryWindow", "Direction"), [
            (trf("HistoryWindow", "Any direction"), None),
            (trf("HistoryWindow", "Incoming"), CallDirection.IN.value),
            (trf("HistoryWindow", "Outgoing"), CallDirection.OUT.value),
            (trf("HistoryWindow", "Internal"), CallDirection.INTERNAL.value),
        ])  # fmt: skip
        results = [CallResult.ANSWERED, CallResult.MISSED, CallResult.NO_ANSWER,
                   CallResult.BUSY, CallResult.REJECTED, CallResult.FAILED,
                   CallResult.TRANSFERRED]  # fmt: skip
        choices = [(word(r.value), r.value) for r in results]
        self._fill(
            self.result,
            trf("HistoryWindow", "Result"),
            [(trf("HistoryWindow", "Any result"), None), *choices],
        )
        self._fill(self.period, trf("HistoryWindow", "Period"), [
            (trf("HistoryWindow", "Any time"), "any"),
            (trf("HistoryWindow", "Today"), "today"),
            (trf("HistoryWindow", "Last 7 days"), "7"),
            (trf("HistoryWindow", "Last 30 days"), "30"),
        ])  # fmt: skip

    @staticmethod
    def _fill(combo: QtWidgets.QComboBox, name: str, items: list[tuple[str, object]]) -> None:
        keep = max(0, combo.currentIndex())
        combo.blockSignals(True)
        combo.clear()
        for text, value in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(min(keep, combo.count() - 1))
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        combo.blockSignals(False)

    def query(self) -> HistoryQuery:
        """The choices as a query (at most :data:`PAGE` calls)."""
        # Qt hands enum members back as plain strings: the items hold values.
        direction = str(self.direction.currentData() or "")
        result = str(self.result.currentData() or "")
        results: frozenset[CallResult | None] = frozenset()
        if self.missed_only.isChecked():
            results = frozenset(MISSED_RESULTS)
        elif result:
            results = frozenset({CallResult(result)})
        directions = frozenset({CallDirection(direction)}) if direction else frozenset()
        return HistoryQuery(
            text=self.search.text().strip(),
            directions=directions,
            results=results,
            since=self._since(str(self.period.currentData() or "any")),
            limit=PAGE,
        )

    def _since(self, period: str) -> float | None:
        now = self._clock()
        if period == "today":
            midnight = dt.datetime.fromtimestamp(now).replace(hour=0, minute=0, second=0,
                                                              microsecond=0)  # fmt: skip
            return midnight.timestamp()
        if period in _PERIODS[2:]:
            return now - int(period) * 86400.0
        return None
