"""The status area: is the toolbar connected, as whom, and short messages for the operator.

The first line shows the connection (``Connected``, ``Reconnecting in 4 s (attempt 3)``
counting down live, ``Failed: unknown login``); the second shows the login, or for a few
seconds a message flashed by a hotkey that could not act, a dialer problem, a hotkey
setting that is wrong or a notice from the phone system (Vega's ``error`` events), and a
"Retry now" button while the connection is not up. Both lines always exist, so nothing
around them moves when a message comes and goes.
"""

from __future__ import annotations

import time

from agent_toolbar.cti.backend import ConnectionStatus, LinkState
from agent_toolbar.cti.model import NoticeItem, NoticeKind, SessionState
from agent_toolbar.qt import QSize, Qt, QTimer, QtWidgets, Signal
from agent_toolbar.ui.calls.call_parts import ElidedLabel, repolish
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.common.icons import icon
from agent_toolbar.ui.common.tr import fill

__all__ = ["FLASH_MS", "StatusArea", "link_tone"]

#: How long a flashed message stays.
FLASH_MS = 5000


def link_tone(status: ConnectionStatus) -> str:
    """The colour family of the connection: ready (up), away (trying) or error (failed)."""
    if status.state is LinkState.CONNECTED:
        return "ready"
    if status.state is LinkState.FAILED:
        return "error"
    if status.state is LinkState.DISCONNECTED:
        return "offline"
    return "away"


class StatusArea(QtWidgets.QWidget):
    """Connection state with a live countdown, the login, and flashed messages.

    Signals:
        retry_requested(): The operator pressed "Retry now".
    """

    retry_requested = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        """Build the two lines; :meth:`apply_state` fills them."""
        super().__init__(parent)
        self.setObjectName("StatusArea")
        self._status = ConnectionStatus()
        self._login = ""
        self._notice: NoticeItem | None = None
        self.dot = QtWidgets.QLabel("●", self)
        self.dot.setObjectName("linkDot")
        self.link = ElidedLabel(self)
        self.link.setObjectName("linkText")
        self.retry = QtWidgets.QToolButton(self)
        self.retry.setObjectName("retry")
        self.retry.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.retry.setIconSize(QSize(14, 14))
        self.retry.clicked.connect(self.retry_requested)
        self.retry.hide()
        self.trailing = QtWidgets.QHBoxLayout()
        self.trailing.setSpacing(2)
        self.login = ElidedLabel(self)
        self.login.setObjectName("loginText")
        self.message = ElidedLabel(self)
        self.message.setObjectName("flashText")
        self.message.hide()
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(self.clear_flash)

        top = QtWidgets.QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.dot)
        top.addWidget(self.link, 1)
        bottom = QtWidgets.QHBoxLayout()
        bottom.setSpacing(6)
        bottom.addSpacing(self.dot.sizeHint().width() + 6)
        bottom.addWidget(self.login, 1)
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.retry)
        # The window's menu button sits here, so the connection line keeps the full width.
        bottom.addLayout(self.trailing)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addLayout(top)
        layout.addLayout(bottom)
        self.refresh_icons()
        self.retranslate()

    # ------------------------------------------------------------------ public

    def add_trailing_widget(self, widget: QtWidgets.QWidget) -> None:
        """Put a control (the window's menu button) at the end of the second line."""
        widget.setParent(self)
        self.trailing.addWidget(widget)

    def apply_state(self, state: SessionState) -> None:
        """Show the connection status and login of ``state``."""
        if state.connection != self._status:
            previous, self._status = self._status, state.connection
            reason = self._status.reason
            connected = self._status.state is LinkState.CONNECTED
            if connected and reason and reason != previous.reason:
                self.flash(reason)  # the server said something no command was blamed for
            tone = link_tone(self._status)
            if self.dot.property("tone") != tone:
                self.dot.setProperty("tone", tone)
                repolish(self.dot)
            self.retry.setVisible(self._status.state in (LinkState.RECONNECTING, LinkState.FAILED))
            self.tick(time.time())
        if state.login != self._login:
            self._login = state.login
            self.login.set_full_text(fill(self.tr("Login: %1"), state.login) if state.login else "")
        notice = state.notices[-1] if state.notices else None
        if notice is not None and notice is not self._notice:
            self._notice = notice
            if notice.kind is NoticeKind.VENDOR:  # chat lines have their own channel
                said = (
                    fill(self.tr("%1: %2"), notice.sender, notice.text)
                    if notice.sender
                    else notice.text
                )
                self.flash(said, 2 * FLASH_MS)

    def tick(self, now: float) -> None:
        """Count down to the next connection attempt (called once a second)."""
        text = texts.link_text(self._status, now)
        details = [text]
        if self._status.reason:
            details.append(self._status.reason)
        if self._status.server:
            details.append(self._status.server)
        self.link.set_full_text(text)
        self.link.set_details("\n".join(details))

    def flash(self, text: str, msecs: int = FLASH_MS) -> None:
        """Show ``text`` for a few seconds in place of the login."""
        self.message.set_full_text(text)
        self.message.set_details(text)
        self.message.show()
        self.login.hide()
        self.message.setAccessibleDescription(text)
        self._flash_timer.start(msecs)

    @property
    def flashed(self) -> str:
        """The message on show (empty when none)."""
        return self.message.full_text() if self.message.isVisibleTo(self) else ""

    def clear_flash(self) -> None:
        """Hide the flashed message (the login shows again)."""
        self._flash_timer.stop()
        self.message.hide()
        self.login.show()

    def refresh_icons(self) -> None:
        """Re-tint the icons."""
        self.retry.setIcon(icon("retry"))

    def retranslate(self) -> None:
        """Set the static texts."""
        self.retry.setText(self.tr("Retry now"))
        self.retry.setAccessibleName(self.tr("Retry now"))
        self.retry.setToolTip(self.tr("Connect to the server again without waiting"))
        self.dot.setAccessibleName(self.tr("Connection"))
        self.tick(time.time())
