"""The "while you were offline" banner: what changed while the toolbar could not see it.

Shown at the top of a window for :data:`SHOW_FOR_MS` (or until closed with its button or
Escape), with the summary's lines; the same summary is in the journal.
"""

from __future__ import annotations

from agent_toolbar.history.offline import OfflineSummary, render, render_short
from agent_toolbar.qt import QtCore, QtWidgets
from agent_toolbar.ui.history.texts import translated, trf, word

SHOW_FOR_MS = 120_000


class OfflineBanner(QtWidgets.QFrame):
    """A dismissible frame with the latest offline summary."""

    def __init__(self, parent: QtWidgets.QWidget | None = None, *, compact: bool = False) -> None:
        """Create the (hidden) banner; ``compact``: one line of counts, the lines as tooltip."""
        super().__init__(parent)
        self.compact = compact
        self.setObjectName("offlineBanner")
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#offlineBanner { background: palette(alternate-base);"
            " border-left: 4px solid #1e88e5; }"
        )
        self.summary: OfflineSummary | None = None
        self.text = QtWidgets.QLabel(self)
        self.text.setObjectName("offlineText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QtWidgets.QToolButton(self)
        self.close_button.setObjectName("offlineClose")
        self.close_button.setText("✕")
        self.close_button.clicked.connect(self.hide)
        layout = QtWidgets.QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.close_button, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.close_button.setToolTip(trf("HistoryWindow", "Dismiss"))
        self.close_button.setAccessibleName(trf("HistoryWindow", "Dismiss"))
        if self.summary is not None:
            self._render(self.summary)

    def _render(self, summary: OfflineSummary) -> None:
        full = render(summary, translated, words=word)
        # Compact: two unwrapped lines, so a squeezed column cannot clip the second one.
        self.text.setWordWrap(not self.compact)
        self.text.setText(render_short(summary, translated) if self.compact else full)
        self.text.setToolTip(full if self.compact else "")

    def show_summary(self, summary: OfflineSummary, show_for_ms: int = SHOW_FOR_MS) -> None:
        """Show ``summary`` for ``show_for_ms`` milliseconds."""
        self.summary = summary
        self._render(summary)
        self.show()
        self._timer.start(show_for_ms)
