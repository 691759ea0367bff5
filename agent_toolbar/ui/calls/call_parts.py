"""The pieces a call card is made of: header, action buttons, error line, keypad popup.

(The transfer strip is :mod:`agent_toolbar.ui.transfer.transfer_progress`.)

Each piece renders part of one :class:`~agent_toolbar.cti.model.Call`; the card
(:mod:`agent_toolbar.ui.calls.call_card`) owns them and decides nothing they do not show.
"""

from __future__ import annotations

import time

from agent_toolbar.cti.model import (
    Call,
    CallState,
    CommandFailure,
    Direction,
    NoticeItem,
    SecureMode,
)
from agent_toolbar.qt import QPoint, QSize, Qt, QtCore, QtGui, QtWidgets, Signal
from agent_toolbar.ui.calls.dtmf_pad import DtmfPad
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.common.icons import icon
from agent_toolbar.ui.common.plain_text import plain_label, plain_tooltip
from agent_toolbar.ui.common.timefmt import elapsed
from agent_toolbar.ui.common.tr import fill

__all__ = [
    "PROJECT_KEYS",
    "ActionButton",
    "CardHeader",
    "DtmfPopup",
    "ElidedLabel",
    "ErrorRow",
    "call_phase",
    "project_of",
    "repolish",
]

#: Call parameters that name the project or queue, in order of preference.
PROJECT_KEYS = (
    "ProjectTitle",
    "ProjectName",
    "projectTitle",
    "projectName",
    "project",
    "Project",
    "queue",
    "Queue",
    "QueueName",
)
ICON_SIZE = QSize(20, 20)


def repolish(widget: QtWidgets.QWidget) -> None:
    """Re-apply the style sheet after a dynamic property used by it changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def call_phase(call: Call) -> str:
    """The phase used for colours: ringing, dialling, talking, hold or wrapup."""
    if call.state is CallState.ENDED:
        return "wrapup"
    if call.state is CallState.NEW:
        return "dialling" if call.direction is Direction.OUT else "ringing"
    return "hold" if call.hold else "talking"


def project_of(call: Call) -> str:
    """The project or queue the call came through, when its parameters say."""
    for key in PROJECT_KEYS:
        value = call.params.get(key, "").strip()
        if value:
            return value
    return ""


def _timer_start(call: Call) -> float:
    if call.state is CallState.CONNECTED and call.hold and call.hold_since:
        return call.hold_since
    return call.state_since or call.seen_at


class ElidedLabel(QtWidgets.QLabel):
    """A one-line label that ends with "…" instead of being clipped; full text in tooltip."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        """Create an empty label that may shrink below its text's width."""
        super().__init__(parent)
        self._full = ""
        self._details = ""
        plain_label(self)  # names and call data come from the network
        self.setMinimumWidth(20)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
        )

    def set_full_text(self, text: str) -> None:
        """Show ``text``, elided to the available width."""
        if text != self._full:
            self._full = text
            self.setAccessibleName(text)
            self._elide()

    def full_text(self) -> str:
        """The text before eliding."""
        return self._full

    def set_details(self, details: str) -> None:
        """A tooltip to show always (else the full text shows only when elided)."""
        if details != self._details:
            self._details = details
            self._elide()

    def sizeHint(self) -> QSize:
        """As wide as the full text (layouts may give less)."""
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(self._full) + 2, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        """Allow shrinking to a few characters."""
        return QSize(20, super().minimumSizeHint().height())

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        """Re-elide for the new width."""
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        shown = metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, max(self.width(), 20))
        if shown != self.text():
            self.setText(shown)
        tip = self._details or (self._full if shown != self._full else "")
        tip = plain_tooltip(tip)
        if tip != self.toolTip():
            self.setToolTip(tip)


class ActionButton(QtWidgets.QToolButton):
    """A call-action button: an icon, and its text too while it is the thing to do."""

    def __init__(self, name: str, parent: QtWidgets.QWidget | None = None) -> None:
        """Create the button ``name`` (its object name too, for style sheets and tests)."""
        super().__init__(parent)
        self.setObjectName(f"action_{name}")
        self.setProperty("action", name)
        self.setIconSize(ICON_SIZE)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.setMinimumSize(32, 30)

    def set_primary_text(self, show: bool) -> None:
        """Show the text beside the icon (e.g. "Answer" while the call rings)."""
        style = (
            Qt.ToolButtonStyle.ToolButtonTextBesideIcon
            if show
            else Qt.ToolButtonStyle.ToolButtonIconOnly
        )
        if self.toolButtonStyle() != style:
            self.setToolButtonStyle(style)


class CardHeader(QtWidgets.QWidget):
    """Direction, name, number, project, state with its timer, and badges."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        """Build the two header lines."""
        super().__init__(parent)
        self._direction = Direction.UNKNOWN
        self.direction_icon = QtWidgets.QLabel(self)
        self.direction_icon.setFixedSize(18, 18)
        self.name = ElidedLabel(self)
        self.name.setObjectName("callName")
        self.state = plain_label(QtWidgets.QLabel(self))
        self.state.setObjectName("callState")
        self.state.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.number = plain_label(QtWidgets.QLabel(self))
        self.number.setObjectName("callNumber")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.project = ElidedLabel(self)
        self.project.setObjectName("callProject")
        self.muted = self._badge("muted")
        self.secure = self._badge("secure")

        top = QtWidgets.QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.direction_icon)
        top.addWidget(self.name, 1)
        top.addWidget(self.state, 0, Qt.AlignmentFlag.AlignVCenter)
        bottom = QtWidgets.QHBoxLayout()
        bottom.setSpacing(6)
        bottom.addSpacing(24)
        bottom.addWidget(self.number)
        bottom.addWidget(self.project, 1)
        bottom.addWidget(self.muted, 0, Qt.AlignmentFlag.AlignVCenter)
        bottom.addWidget(self.secure, 0, Qt.AlignmentFlag.AlignVCenter)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addLayout(bottom)

    def wanted_width(self) -> int:
        """The width that shows the whole name beside the state, and the whole second line.

        (The header's own size hint leaves the elided labels out: they may shrink to a few
        characters.)
        """
        gap = 6
        top = self.direction_icon.width() + gap + self.name.sizeHint().width()
        top += gap + self.state.sizeHint().width()
        bottom = 24 + gap + self.project.sizeHint().width()
        for part in (self.number, self.muted, self.secure):
            if not part.isHidden():
                bottom += gap + part.sizeHint().width()
        return max(top, bottom)

    def _badge(self, kind: str) -> QtWidgets.QLabel:
        badge = plain_label(QtWidgets.QLabel(self))
        badge.setObjectName("badge")
        badge.setProperty("kind", kind)
        badge.hide()
        return badge

    def show_call(self, call: Call, active: bool) -> None:
        """Show ``call``'s identity, state and badges."""
        number = call.number
        name = (
            call.display_name.strip()
            or number
            or (
                QtCore.QCoreApplication.translate("CallCard", "Conference")
                if call.is_conference_leg
                else QtCore.QCoreApplication.translate("CallCard", "Unknown caller")
            )
        )
        self.name.set_full_text(name)
        self.number.setText(number if number and number != name else "")
        self.number.setVisible(bool(self.number.text()))
        project = project_of(call)
        self.project.set_full_text(f"· {project}" if project and self.number.text() else project)
        if call.direction is not self._direction:
            self._direction = call.direction
            self.refresh_icons()
        self.muted.setText(QtCore.QCoreApplication.translate("CallCard", "Muted"))
        self.muted.setVisible(call.muted and call.state is CallState.CONNECTED)
        self._render_secure(call)
        phase = call_phase(call)
        if self.state.property("phase") != phase:
            self.state.setProperty("phase", phase)
            repolish(self.state)
        self.tick(call, time.time())

    def _render_secure(self, call: Call) -> None:
        mode = call.secure
        if mode is SecureMode.OFF:
            self.secure.setVisible(bool(call.secure_error))
            self.secure.setText(
                QtCore.QCoreApplication.translate("CallCard", "Recording: %1").replace(
                    "%1", call.secure_error or ""
                )
            )
            return
        self.secure.show()
        if mode is SecureMode.ON:
            text = QtCore.QCoreApplication.translate("CallCard", "Recording paused")
        elif mode is SecureMode.TURNING_ON:
            text = QtCore.QCoreApplication.translate("CallCard", "Pausing recording…")
        else:
            text = QtCore.QCoreApplication.translate("CallCard", "Resuming recording…")
        self.secure.setText(text)

    def tick(self, call: Call, now: float) -> None:
        """Update the state timer."""
        text = f"{texts.call_state_text(call)}  {elapsed(now - _timer_start(call))}"
        if self.state.text() != text:
            self.state.setText(text)

    def refresh_icons(self) -> None:
        """Re-tint the direction icon."""
        name = {Direction.IN: "incoming", Direction.OUT: "outgoing"}.get(self._direction)
        if name is None:
            self.direction_icon.clear()
            return
        ratio = self.devicePixelRatioF()
        self.direction_icon.setPixmap(icon(name).pixmap(QSize(18, 18), ratio))
        tip = (
            QtCore.QCoreApplication.translate("CallCard", "Incoming call")
            if self._direction is Direction.IN
            else QtCore.QCoreApplication.translate("CallCard", "Outgoing call")
        )
        self.direction_icon.setToolTip(tip)
        self.direction_icon.setAccessibleName(tip)


class ErrorRow(QtWidgets.QFrame):
    """The last failed command on the call, until the operator dismisses it.

    Signals:
        dismissed(): The operator closed the message.
    """

    dismissed = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        """Build the (hidden) error line."""
        super().__init__(parent)
        self.setObjectName("errorRow")
        self.warning = QtWidgets.QLabel(self)
        self.warning.setFixedSize(16, 16)
        self.text = plain_label(QtWidgets.QLabel(self))
        self.text.setObjectName("errorText")
        self.text.setWordWrap(True)
        self.close_button = QtWidgets.QToolButton(self)
        self.close_button.setObjectName("dismiss")
        self.close_button.setIconSize(QSize(14, 14))
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.dismissed)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 3, 3)
        layout.setSpacing(6)
        layout.addWidget(self.warning, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_error(self, error: CommandFailure | None, notice: NoticeItem | None = None) -> None:
        """Show why the last command failed and the system's notice about the call.

        The failure is worded in the operator's words; the notice is the system's own text
        behind a translated prefix. Hidden when there is neither.
        """
        lines: list[str] = []
        if error is not None:
            lines.append(
                fill(
                    QtCore.QCoreApplication.translate("CallCard", "Failed: %1"),
                    texts.command_failure_text(error),
                )
            )
        if notice is not None:
            lines.append(
                fill(QtCore.QCoreApplication.translate("CallCard", "Phone system: %1"), notice.text)
            )
        if not lines:
            self.hide()
            return
        message = "\n".join(lines)
        self.text.setText(message)
        self.setAccessibleName(message)
        self.show()

    def retranslate(self) -> None:
        """Set the static texts."""
        tip = QtCore.QCoreApplication.translate("CallCard", "Dismiss this message")
        self.close_button.setToolTip(tip)
        self.close_button.setAccessibleName(tip)

    def refresh_icons(self) -> None:
        """Re-tint the icons."""
        ratio = self.devicePixelRatioF()
        self.warning.setPixmap(icon("warning").pixmap(QSize(16, 16), ratio))
        self.close_button.setIcon(icon("dismiss"))


class DtmfPopup(QtWidgets.QFrame):
    """The keypad in a popup under the card's keypad button (Esc or a click outside closes)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        """Build the popup (hidden)."""
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("DtmfPopup")
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.pad = DtmfPad(self)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.pad)

    def open_below(self, anchor: QtWidgets.QWidget) -> None:
        """Show the popup under ``anchor`` and give the keypad the focus."""
        self.adjustSize()
        where = anchor.mapToGlobal(QPoint(0, anchor.height()))
        screen = anchor.screen().availableGeometry() if anchor.screen() else None
        if screen is not None:
            where.setX(min(where.x(), screen.right() - self.width()))
            if where.y() + self.height() > screen.bottom():
                where.setY(anchor.mapToGlobal(QPoint(0, 0)).y() - self.height())
        self.move(where)
        self.show()
        self.pad.button("5").setFocus(Qt.FocusReason.PopupFocusReason)
