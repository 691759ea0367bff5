"""The strip that tells the operator something went wrong, without stopping their work.

Unhandled exceptions (and configuration problems such as a phone system this version cannot
talk to) are logged with their traceback and shown here: one line (elided in the narrow
controls column), Details to expand the full text, the technical text and a button that
opens the log folder, and ✕ to dismiss. Nothing is modal;
the toolbar keeps working underneath. Repeats of the same problem are counted, not stacked.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from agent_toolbar.qt import QDesktopServices, Qt, QtWidgets, QUrl, QWidget, Signal
from agent_toolbar.ui.calls.call_parts import ElidedLabel
from agent_toolbar.ui.common.tr import fill

if TYPE_CHECKING:
    from agent_toolbar.ui.window.main_window import MainWindow


class ErrorBanner(QtWidgets.QFrame):
    """A dismissable error strip: one elided line; Details expands the full text.

    Signals:
        dismissed(): The operator closed the banner.
    """

    dismissed = Signal()

    def __init__(self, log_dir: Path | None = None, parent: QWidget | None = None) -> None:
        """Build the (hidden) banner; ``log_dir`` enables the Open log folder button."""
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#errorBanner { background: #fdecea; border: 1px solid #e0a19b; border-radius: 4px; }"
            "#errorBanner QLabel { color: #5f1b16; }"
            "#errorDetails { background: #fff; color: #333; }"
        )
        self.setAccessibleName(self.tr("Error"))
        self._log_dir = log_dir
        self._headline = ""
        self.count = 0

        self.text = ElidedLabel(self)
        self.text.setObjectName("errorText")
        self.details_button = QtWidgets.QToolButton(self)
        self.details_button.setText(self.tr("Details"))
        self.details_button.setCheckable(True)
        self.details_button.setAutoRaise(True)
        self.details_button.setAccessibleName(self.tr("Show the technical details"))
        self.close_button = QtWidgets.QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.setAccessibleName(self.tr("Dismiss the error"))
        self.close_button.clicked.connect(self.dismiss)

        self.panel = QWidget(self)
        self.full_text = QtWidgets.QLabel(self.panel)
        self.full_text.setObjectName("errorFullText")
        self.full_text.setWordWrap(True)
        self.full_text.setTextFormat(Qt.TextFormat.PlainText)
        self.full_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QtWidgets.QPlainTextEdit(self.panel)
        self.details.setObjectName("errorDetails")
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("Technical details"))
        self.details.setMaximumHeight(120)
        self.logs_button = QtWidgets.QPushButton(self.tr("Log folder"), self.panel)
        self.logs_button.setAccessibleName(self.tr("Open the log folder"))
        self.logs_button.setVisible(log_dir is not None)
        self.logs_button.clicked.connect(self.open_logs)
        column = QtWidgets.QVBoxLayout(self.panel)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.full_text)
        column.addWidget(self.details)
        column.addWidget(self.logs_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.panel.hide()
        self.details_button.toggled.connect(self.panel.setVisible)

        row = QtWidgets.QHBoxLayout()
        row.setSpacing(2)
        row.addWidget(self.text, 1)
        row.addWidget(self.details_button)
        row.addWidget(self.close_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.panel)
        self.hide()

    def report(self, summary: str, details: str = "") -> None:
        """Show an unexpected error (a repeat of the one shown is counted)."""
        self._show(fill(self.tr("Error: %1"), summary), details)

    def explain(self, text: str) -> None:
        """Show a problem the operator or the admin can act on (no "went wrong" prefix)."""
        self._show(text, "")

    def _show(self, headline: str, details: str) -> None:
        if headline == self._headline and self.isVisible():
            self.count += 1
        else:
            self._headline = headline
            self.count = 1
        line = headline
        if self.count > 1:
            line = fill(self.tr("%1 (×%2)"), headline, str(self.count))
        self.text.set_full_text(line)
        self.text.set_details(self.tr("The toolbar keeps working. Details are in the log."))
        self.full_text.setText(line)
        self.details.setPlainText(details)
        self.details.setVisible(bool(details))
        self.show()

    def message(self) -> str:
        """The line shown now (not elided)."""
        return self.text.full_text()

    def dismiss(self) -> None:
        """Hide the banner until the next problem."""
        self.hide()
        self.details_button.setChecked(False)
        self._headline = ""
        self.count = 0
        self.dismissed.emit()

    def open_logs(self) -> None:
        """Open the log folder in the file manager."""
        if self._log_dir is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._log_dir)))


def place_banner(window: MainWindow, banner: QWidget) -> None:
    """Put a banner in the toolbar window, under the status area (the controls column)."""
    window.add_banner(banner)
