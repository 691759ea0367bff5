"""High contrast: the palettes used when the desktop asks for it (``ui/theme = system``).

The desktop's preference itself cannot be switched on a test machine (Qt reads it from the
platform theme: Windows' contrast themes, macOS, GNOME/KDE settings through a portal), so
the OS query is replaced here; the palettes, their contrast and the switch are real.
"""

from __future__ import annotations

import pytest

from agent_toolbar.qt import QApplication, QPalette
from agent_toolbar.ui.common import contrast, palette
from agent_toolbar.ui.common.contrast import HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT, contrast_ratio

FOREGROUNDS = ("text", "muted_text", "ready", "away", "busy", "ringing", "wrapup", "offline",
               "error", "focus", "border", "card_border")  # fmt: skip


@pytest.mark.parametrize("colours", [HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT])
def test_high_contrast_colours_reach_wcag_aaa(colours: dict[str, str]) -> None:
    assert set(colours) == set(palette.LIGHT)  # every colour the style sheet uses
    for background in ("window", "card", "base"):
        for name in FOREGROUNDS:
            ratio = contrast_ratio(colours[name], colours[background])
            assert ratio >= 7.0, (name, background, round(ratio, 2))
    assert contrast_ratio(colours["highlight_text"], colours["highlight"]) >= 7.0
    assert contrast_ratio(colours["answer_text"], colours["answer"]) >= 4.5
    assert contrast_ratio(colours["hangup_text"], colours["hangup"]) >= 4.5


def test_the_tuned_palettes_are_not_high_contrast() -> None:
    assert contrast_ratio(palette.LIGHT["muted_text"], palette.LIGHT["window"]) < 7.0


def test_the_os_preference_switches_the_palette(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(contrast, "os_wants_high_contrast", lambda: True)
    try:
        scheme = palette.apply_theme(qapp, "system")
        expected = HIGH_CONTRAST_DARK if scheme == "dark" else HIGH_CONTRAST_LIGHT
        assert palette.high_contrast() and palette.colors(scheme) is expected
        window = qapp.palette().color(QPalette.ColorRole.Window).name()
        assert window == expected["window"]
        assert expected["card_border"] in palette.stylesheet(scheme)
        palette.apply_theme(qapp, "light")  # an explicit theme is the operator's choice
        assert not palette.high_contrast() and palette.colors("light") is palette.LIGHT
    finally:
        monkeypatch.undo()
        palette.apply_theme(qapp, "system")
    assert not palette.high_contrast()  # offscreen, Qt reports no preference
