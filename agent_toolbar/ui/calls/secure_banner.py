"""The banner a card shows while call recording is paused (secure mode, PCI DSS).

The operator must not miss that the customer can now dictate card data: a full-width,
coloured line «Запись приостановлена — безопасный режим» / "Recording paused — secure mode"
while the mode is on (and until turning it off is confirmed).
"""

from __future__ import annotations

from agent_toolbar.cti.model import Call, SecureMode
from agent_toolbar.qt import Qt, QtWidgets

__all__ = ["SecureBanner"]

_STYLE = (
    "QLabel#secureBanner { background: #b3261e; color: #ffffff; font-weight: bold;"
    " border-radius: 4px; padding: 4px 8px; }"
)


class SecureBanner(QtWidgets.QLabel):
    """A coloured "Recording paused — secure mode" line, visible only while it is true."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        """Create the (hidden) banner."""
        super().__init__(parent)
        self.setObjectName("secureBanner")
        self.setStyleSheet(_STYLE)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.hide()
        self.retranslate()

    def show_call(self, call: Call) -> None:
        """Show the banner while ``call``'s recording is paused."""
        self.setVisible(call.secure in (SecureMode.ON, SecureMode.TURNING_OFF))

    def retranslate(self) -> None:
        """Set the text in the current language."""
        text = self.tr("Recording paused — secure mode")
        self.setText(text)
        self.setAccessibleName(text)
