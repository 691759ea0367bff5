"""SVG icons from ``resources/icons``, tinted for the current palette and crisp at any DPI.

Icons are drawn on a 24×24 grid. Strokes and fills use ``currentColor``, which is replaced when
the icon is made: by the palette's text colour for neutral icons (so the same file works on
light and dark palettes), by green or red for answer, dial and hang-up. A small
:class:`QIconEngine` renders the SVG at whatever size and device-pixel ratio Qt asks for,
and draws a faded copy for disabled controls.

Files are found through :mod:`agent_toolbar.resources` (source checkout, installed package
or PyInstaller bundle).
"""

from __future__ import annotations

import logging
from functools import cache

from agent_toolbar.qt import (
    QApplication,
    QColor,
    QIcon,
    QPainter,
    QPalette,
    QPixmap,
    QRect,
    QSize,
    Qt,
    QtCore,
    QtGui,
    QtSvg,
)
from agent_toolbar.resources import icon_path

__all__ = ["NAMES", "SEMANTIC_COLORS", "icon", "icon_color", "svg_bytes"]

log = logging.getLogger(__name__)

#: Icons this module's widgets use (``tray-*`` and ``agent-toolbar`` belong to the app shell).
NAMES = (
    "active",
    "answer",
    "dial",
    "dialpad",
    "dismiss",
    "hangup",
    "hold",
    "incoming",
    "menu",
    "mute",
    "next",
    "outgoing",
    "resume",
    "retry",
    "secure",
    "settings",
    "transfer",
    "unmute",
    "warning",
    "wrapup",
)

_DISABLED_OPACITY = 0.35

#: Icons whose colour means something: they take it unless the caller asks for another
#: (e.g. white on the green Answer button).
SEMANTIC_COLORS = {"answer": "#2e9e4f", "dial": "#2e9e4f", "hangup": "#d9443a"}


@cache
def svg_bytes(name: str) -> bytes:
    """The SVG source of icon ``name`` (empty if the file is missing, which is logged)."""
    path = icon_path(name)
    try:
        return path.read_bytes()
    except OSError:
        log.warning("icon %s not found at %s", name, path)
        return b""


def icon_color() -> QColor:
    """The colour neutral icons take: the application palette's button text."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app.palette().color(QPalette.ColorRole.ButtonText)
    return QColor("#202124")


class _SvgEngine(QtGui.QIconEngine):
    """Renders one SVG document at any size; faded when the control is disabled."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self._data = data
        self._renderer = QtSvg.QSvgRenderer(QtCore.QByteArray(data))

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        if not self._renderer.isValid():
            return
        painter.save()
        if mode is QIcon.Mode.Disabled:
            painter.setOpacity(painter.opacity() * _DISABLED_OPACITY)
        side = min(rect.width(), rect.height())
        square = QtCore.QRectF(
            rect.x() + (rect.width() - side) / 2, rect.y() + (rect.height() - side) / 2, side, side
        )
        self._renderer.render(painter, square)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        width = max(1, round(size.width() * scale))
        height = max(1, round(size.height() * scale))
        pixmap = QPixmap(width, height)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRect(0, 0, width, height), mode, state)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        return size

    def clone(self) -> QtGui.QIconEngine:
        return _SvgEngine(self._data)

    def key(self) -> str:
        return "agent_toolbar_svg"


@cache
def _tinted(name: str, color: str) -> QIcon:
    data = svg_bytes(name).replace(b"currentColor", color.encode("ascii"))
    if not data:
        return QIcon()
    return QIcon(_SvgEngine(data))


def icon(name: str, color: QColor | str | None = None) -> QIcon:
    """The icon ``name`` (``answer``, ``hold`` …) from ``resources/icons``.

    Args:
        name: The file name without ``.svg``.
        color: The colour for the ``currentColor`` strokes: by default green for answer and
            dial, red for hang-up (:data:`SEMANTIC_COLORS`), else the palette's text colour.
            Widgets call this again when the palette changes (light/dark switch).

    Returns:
        A scalable icon (a null icon if the file is missing).
    """
    if color is not None:
        chosen = QColor(color)
    elif name in SEMANTIC_COLORS:
        chosen = QColor(SEMANTIC_COLORS[name])
    else:
        chosen = icon_color()
    return _tinted(name, chosen.name(QColor.NameFormat.HexRgb))
