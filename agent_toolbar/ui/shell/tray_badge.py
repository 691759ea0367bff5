"""The tray icon's missed-calls badge: the count of unseen missed calls in a red circle."""

from __future__ import annotations

from agent_toolbar.qt import QIcon, QtCore, QtGui

__all__ = ["missed_badge"]


def missed_badge(icon: QIcon, count: int) -> QIcon:
    """``icon`` with a red badge holding ``count`` in its corner (``icon`` itself for 0)."""
    if count <= 0:
        return icon
    size = 64
    pixmap = icon.pixmap(size, size)
    painter = QtGui.QPainter(pixmap)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    badge = QtCore.QRectF(size * 0.42, 0, size * 0.58, size * 0.58)
    painter.setBrush(QtGui.QColor("#d32f2f"))
    painter.setPen(QtCore.Qt.PenStyle.NoPen)
    painter.drawEllipse(badge)
    font = painter.font()
    font.setBold(True)
    font.setPixelSize(int(size * (0.4 if count < 10 else 0.3)))
    painter.setFont(font)
    painter.setPen(QtGui.QColor("white"))
    painter.drawText(
        badge, QtCore.Qt.AlignmentFlag.AlignCenter, str(count) if count < 100 else "99+"
    )
    painter.end()
    return QIcon(pixmap)
