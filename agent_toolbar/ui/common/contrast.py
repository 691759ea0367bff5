"""High-contrast colours for operators whose OS asks for them (``ui/theme = system``).

Qt ≥ 6.10 reports the desktop's contrast preference (``QStyleHints.accessibility()
.contrastPreference()``: Windows' contrast themes, macOS "Increase contrast", GNOME's and
KDE's high-contrast settings through the platform theme). When it says *high contrast* and
``ui/theme`` is ``system``, :mod:`agent_toolbar.ui.common.palette` draws with
:data:`HIGH_CONTRAST_DARK` or :data:`HIGH_CONTRAST_LIGHT` (by the OS's dark / light
scheme) instead of its tuned palettes: pure black or white backgrounds, text and borders at
the opposite extreme, state colours chosen for a contrast ratio of at least 7:1 (WCAG AAA)
against the background (:func:`contrast_ratio`), and follows a change live. On an older Qt
the preference is unknown and the usual palettes are used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from agent_toolbar.qt import QGuiApplication, Qt, QtGui

QStyleHints = QtGui.QStyleHints

__all__ = [
    "HIGH_CONTRAST_DARK",
    "HIGH_CONTRAST_LIGHT",
    "contrast_ratio",
    "os_wants_high_contrast",
    "watch_contrast",
]

HIGH_CONTRAST_DARK: Mapping[str, str] = MappingProxyType(
    {
        "window": "#000000", "base": "#000000", "alt_base": "#0a0a0a", "text": "#ffffff",
        "muted_text": "#d0d0d0", "button": "#000000", "button_hover": "#1f1f1f",
        "border": "#ffffff", "card": "#000000", "card_border": "#ffffff",
        "highlight": "#ffff00", "highlight_text": "#000000", "focus": "#ffff00",
        "ready": "#3ff23f", "away": "#ffd000", "busy": "#66ccff", "ringing": "#ff9a3c",
        "wrapup": "#e0a8ff", "offline": "#d0d0d0", "error": "#ff8080", "error_bg": "#000000",
        "warning_bg": "#000000", "badge_bg": "#000000", "answer": "#00e000",
        "answer_text": "#000000", "hangup": "#ff6060", "hangup_text": "#000000",
    }
)  # fmt: skip

HIGH_CONTRAST_LIGHT: Mapping[str, str] = MappingProxyType(
    {
        "window": "#ffffff", "base": "#ffffff", "alt_base": "#f4f4f4", "text": "#000000",
        "muted_text": "#2b2b2b", "button": "#ffffff", "button_hover": "#e6e6e6",
        "border": "#000000", "card": "#ffffff", "card_border": "#000000",
        "highlight": "#00007a", "highlight_text": "#ffffff", "focus": "#00007a",
        "ready": "#005a00", "away": "#5c3d00", "busy": "#00007a", "ringing": "#8a2500",
        "wrapup": "#4b0082", "offline": "#2b2b2b", "error": "#a00000", "error_bg": "#ffffff",
        "warning_bg": "#ffffff", "badge_bg": "#ffffff", "answer": "#005a00",
        "answer_text": "#ffffff", "hangup": "#a00000", "hangup_text": "#ffffff",
    }
)  # fmt: skip


def _luminance(color: str) -> float:
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _style_hints() -> QStyleHints | None:
    app = QGuiApplication.instance()
    return app.styleHints() if isinstance(app, QGuiApplication) else None


def os_wants_high_contrast() -> bool:
    """Whether the desktop asks applications for high contrast (False when Qt cannot tell)."""
    # The accessibility hints' wrapper dies with the style hints' one (PySide6 6.11):
    # keep ``hints`` referenced while using them.
    hints = _style_hints()
    if hints is None or not hasattr(hints, "accessibility"):  # Qt < 6.10
        return False
    preference = hints.accessibility().contrastPreference()
    return bool(preference == Qt.ContrastPreference.HighContrast)


def watch_contrast(changed: Callable[..., None]) -> None:
    """Call ``changed`` when the desktop's contrast preference changes (Qt ≥ 6.10)."""
    hints = _style_hints()
    if hints is not None and hasattr(hints, "accessibility"):
        hints.accessibility().contrastPreferenceChanged.connect(changed)
