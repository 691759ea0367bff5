"""Light and dark palettes following the OS (or ``ui/theme``), and the toolbar's style sheet.

The toolbar always draws with the Fusion style and one of two palettes tuned here, so it
looks the same on every desktop and its state colours keep their contrast. ``ui/theme`` is
``system`` (follow the OS colour scheme, switching live when it changes), ``light`` or
``dark``. The style sheet ``resources/styles/toolbar.qss`` uses ``@name@`` placeholders
filled from :data:`LIGHT` / :data:`DARK` (state colours, card backgrounds, borders). With
``system`` and a desktop that asks for high contrast, the high-contrast colours of
:mod:`agent_toolbar.ui.common.contrast` replace them (the scheme stays light or dark).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from agent_toolbar.qt import (
    QApplication,
    QColor,
    QGuiApplication,
    QObject,
    QPalette,
    Qt,
    QtWidgets,
    Signal,
)
from agent_toolbar.resources import resource_path
from agent_toolbar.ui.common import contrast

__all__ = [
    "DARK",
    "LIGHT",
    "ThemeFollower",
    "apply_theme",
    "colors",
    "make_palette",
    "os_scheme",
    "scheme_for",
    "stylesheet",
]

log = logging.getLogger(__name__)

LIGHT: Mapping[str, str] = MappingProxyType(
    {
        "window": "#eef1f4",
        "base": "#ffffff",
        "alt_base": "#f5f7f9",
        "text": "#1f2328",
        "muted_text": "#5b636e",
        "button": "#f6f8fa",
        "button_hover": "#e8ecf0",
        "border": "#c9d1d9",
        "card": "#ffffff",
        "card_border": "#d0d7de",
        "highlight": "#1a66d2",
        "highlight_text": "#ffffff",
        "focus": "#1a66d2",
        "ready": "#1f883d",
        "away": "#9a6700",
        "busy": "#1a66d2",
        "ringing": "#d1400f",
        "wrapup": "#8250df",
        "offline": "#6e7781",
        "error": "#cf222e",
        "error_bg": "#ffebe9",
        "warning_bg": "#fff8c5",
        "badge_bg": "#eaeef2",
        "answer": "#1f883d",
        "answer_text": "#ffffff",
        "hangup": "#cf222e",
        "hangup_text": "#ffffff",
    }
)

DARK: Mapping[str, str] = MappingProxyType(
    {
        "window": "#1b1e22",
        "base": "#24282e",
        "alt_base": "#2a2f36",
        "text": "#e6e9ed",
        "muted_text": "#9aa4af",
        "button": "#2d333b",
        "button_hover": "#373e47",
        "border": "#444c56",
        "card": "#24292f",
        "card_border": "#3d444d",
        "highlight": "#4493f8",
        "highlight_text": "#0d1117",
        "focus": "#58a6ff",
        "ready": "#3fb950",
        "away": "#d29922",
        "busy": "#58a6ff",
        "ringing": "#f47b4a",
        "wrapup": "#bc8cff",
        "offline": "#8b949e",
        "error": "#ff7b72",
        "error_bg": "#3d1f22",
        "warning_bg": "#3a3120",
        "badge_bg": "#343b44",
        "answer": "#2ea043",
        "answer_text": "#ffffff",
        "hangup": "#da3633",
        "hangup_text": "#ffffff",
    }
)


#: Whether the high-contrast colours are in use (set by :func:`apply_theme`).
_high_contrast = False


def colors(scheme: str) -> Mapping[str, str]:
    """The named colours of ``"light"`` or ``"dark"`` (high-contrast ones when in use)."""
    if _high_contrast:
        return contrast.HIGH_CONTRAST_DARK if scheme == "dark" else contrast.HIGH_CONTRAST_LIGHT
    return DARK if scheme == "dark" else LIGHT


def high_contrast() -> bool:
    """Whether the high-contrast colours are in use."""
    return _high_contrast


def os_scheme() -> str:
    """The OS colour scheme: ``"dark"`` or ``"light"`` (light when the OS does not say)."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return "light"
    scheme = app.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def scheme_for(theme: str) -> str:
    """Resolve a ``ui/theme`` value (``system``/``light``/``dark``) to ``light`` or ``dark``."""
    if theme in ("light", "dark"):
        return theme
    return os_scheme()


def make_palette(scheme: str) -> QPalette:
    """A complete palette for ``"light"`` or ``"dark"`` (disabled colours included)."""
    c = colors(scheme)
    role = QPalette.ColorRole
    group = QPalette.ColorGroup
    palette = QPalette()
    for which, name in (
        (role.Window, "window"),
        (role.WindowText, "text"),
        (role.Base, "base"),
        (role.AlternateBase, "alt_base"),
        (role.Text, "text"),
        (role.Button, "button"),
        (role.ButtonText, "text"),
        (role.ToolTipBase, "base"),
        (role.ToolTipText, "text"),
        (role.PlaceholderText, "muted_text"),
        (role.Highlight, "highlight"),
        (role.HighlightedText, "highlight_text"),
        (role.Link, "highlight"),
        (role.BrightText, "error"),
    ):
        palette.setColor(which, QColor(c[name]))
    palette.setColor(role.Light, QColor(c["button_hover"]))
    palette.setColor(role.Midlight, QColor(c["button_hover"]))
    palette.setColor(role.Mid, QColor(c["border"]))
    palette.setColor(role.Dark, QColor(c["border"]))
    palette.setColor(role.Shadow, QColor("#000000"))
    muted = QColor(c["muted_text"])
    for which in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, which, muted)
    return palette


@cache
def _template() -> str:
    path = resource_path("styles", "toolbar.qss")
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        log.warning("style sheet not found at %s", path)
        return ""


_TOKEN = re.compile(r"@([a-z_]+)@")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def stylesheet(scheme: str) -> str:
    """The toolbar's style sheet with the colours of ``scheme`` filled in."""
    c = colors(scheme)
    sheet = _COMMENT.sub("", _template())
    return _TOKEN.sub(lambda match: c.get(match.group(1), match.group(0)), sheet)


def apply_theme(app: QApplication, theme: str) -> str:
    """Give the application the Fusion style and the palette for ``theme``.

    Returns:
        The scheme applied (``"light"`` or ``"dark"``).
    """
    global _high_contrast
    scheme = scheme_for(theme)
    _high_contrast = theme == "system" and contrast.os_wants_high_contrast()
    if app.style().name().lower() != "fusion":
        fusion = QtWidgets.QStyleFactory.create("Fusion")
        if fusion is not None:
            app.setStyle(fusion)
    app.setPalette(make_palette(scheme))
    return scheme


class ThemeFollower(QObject):
    """Applies ``ui/theme`` and re-applies it when the OS switches between light and dark.

    Signals:
        scheme_changed(str): The applied scheme changed (``"light"`` or ``"dark"``).
    """

    scheme_changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        """Start following the OS colour scheme (nothing is applied until :meth:`apply`)."""
        super().__init__(parent)
        self._theme = "system"
        self.scheme = "light"
        self.high_contrast = False
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.styleHints().colorSchemeChanged.connect(self._os_changed)
            contrast.watch_contrast(self._os_changed)

    def apply(self, theme: str) -> str:
        """Apply ``theme`` (``system``/``light``/``dark``) now; returns the scheme in use."""
        self._theme = theme
        app = QApplication.instance()
        scheme = apply_theme(app, theme) if isinstance(app, QApplication) else scheme_for(theme)
        if scheme != self.scheme or high_contrast() != self.high_contrast:
            self.scheme, self.high_contrast = scheme, high_contrast()
            self.scheme_changed.emit(scheme)  # the style sheet is rebuilt with the new colours
        return scheme

    def _os_changed(self, _change: object = None) -> None:
        if self._theme == "system":
            self.apply("system")
