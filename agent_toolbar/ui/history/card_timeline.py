"""The timeline of a call on its card: a small button that shows what the journal holds.

Each card a call list creates gets a clock button in its extension row. Clicking it (or
Space/Enter on it) opens a popup with the call's timeline so far — ring, answer, holds,
transfer tries and their results … — read from the journal (after the writer has written
what is queued) in an executor, with a button that copies it. It is the same text the
History window shows for the call.
"""

from __future__ import annotations

import logging

from agent_toolbar.history.model import CallKey
from agent_toolbar.history.timeline import render_record
from agent_toolbar.qt import QObject, QtCore, QtGui, QtWidgets
from agent_toolbar.ui.calls.call_card import CallCard
from agent_toolbar.ui.common.icons import icon
from agent_toolbar.ui.history.service import HistoryService
from agent_toolbar.ui.history.texts import translated, trf, word

__all__ = ["CardTimelines", "TimelinePopup", "install_card_timelines"]

log = logging.getLogger(__name__)


class TimelinePopup(QtWidgets.QFrame):
    """A popup with one call's timeline and a copy button."""

    def __init__(self, text: str, parent: QtWidgets.QWidget | None = None) -> None:
        """Show ``text`` (plain) read-only."""
        super().__init__(parent, QtCore.Qt.WindowType.Popup)
        self.setObjectName("cardTimelinePopup")
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self.text = QtWidgets.QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont))
        self.text.setPlainText(text)
        self.copy = QtWidgets.QPushButton(trf("HistoryWindow", "Copy &timeline"), self)
        self.copy.clicked.connect(lambda: QtGui.QGuiApplication.clipboard().setText(text))
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.copy, 0, QtCore.Qt.AlignmentFlag.AlignRight)
        metrics = self.text.fontMetrics()
        lines = text.splitlines() or [""]
        width = max(metrics.horizontalAdvance(line) for line in lines) + 40
        self.resize(min(max(width, 320), 720), min(60 + metrics.height() * (len(lines) + 2), 420))


class CardTimelines(QObject):
    """Adds the timeline button to each card and opens its popup."""

    def __init__(
        self, service: HistoryService, backend: str, parent: QObject | None = None
    ) -> None:
        """Read the journal of ``service`` for calls of ``backend``."""
        super().__init__(parent)
        self._service = service
        self._backend = backend
        self.popup: TimelinePopup | None = None

    def extend(self, card: CallCard) -> None:
        """Give ``card`` its timeline button (connect to ``CallList.card_created``)."""
        button = QtWidgets.QToolButton(card)
        button.setObjectName("cardTimeline")
        button.setIcon(icon("timeline"))
        button.setToolTip(trf("HistoryWindow", "Timeline of this call"))
        button.setAccessibleName(trf("HistoryWindow", "Timeline of this call"))
        button.clicked.connect(lambda: self._service.spawn(self.show(card.cid, button)))
        card.add_action_widget(button)

    async def show(self, cid: str, anchor: QtWidgets.QWidget | None = None) -> str:
        """Open the popup for call ``cid`` under ``anchor``; return the text shown."""
        journal = self._service.journal
        await self._service.run(journal.flush, 5.0)
        record = await self._service.run(journal.latest_for, CallKey(self._backend, cid))
        if record is None:
            text = trf("HistoryWindow", "No timeline for this call yet")
        else:
            text = render_record(record, translated, words=word)
        popup = TimelinePopup(text, anchor.window() if anchor is not None else None)
        if anchor is not None and anchor.isVisible():
            popup.move(anchor.mapToGlobal(QtCore.QPoint(0, anchor.height())))
        popup.show()
        self.popup = popup
        return text


def install_card_timelines(
    call_list: QObject, service: HistoryService, backend: str
) -> CardTimelines:
    """Give every card of ``call_list`` (present and future) its timeline button."""
    timelines = CardTimelines(service, backend, parent=call_list)
    call_list.card_created.connect(timelines.extend)  # type: ignore[attr-defined]
    for card in call_list.findChildren(CallCard):
        timelines.extend(card)
    return timelines
