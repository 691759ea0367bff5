"""The error banner: shown without blocking, repeats counted, details on demand."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from agent_toolbar.ui.window.error_banner import ErrorBanner


def test_report_counts_repeats_and_keeps_details_folded(qtbot: QtBot, tmp_path: Path) -> None:
    banner = ErrorBanner(tmp_path)
    qtbot.addWidget(banner)
    banner.report("KeyError: 'c9'", "Traceback …\nKeyError: 'c9'")
    assert banner.isVisible()
    assert banner.message() == "Error: KeyError: 'c9'"
    assert not banner.panel.isVisible()
    banner.report("KeyError: 'c9'", "Traceback …")
    assert banner.message() == "Error: KeyError: 'c9' (×2)"
    banner.details_button.click()
    assert banner.panel.isVisible()
    assert "Traceback" in banner.details.toPlainText()
    assert banner.logs_button.isVisibleTo(banner)


def test_explain_has_no_error_prefix_and_dismiss_resets(qtbot: QtBot) -> None:
    banner = ErrorBanner(None)
    qtbot.addWidget(banner)
    banner.explain("Choose Naumen in Settings → Server.")
    assert banner.message() == "Choose Naumen in Settings → Server."
    assert not banner.details.isVisibleTo(banner)
    assert not banner.logs_button.isVisibleTo(banner)  # no log file: no button
    with qtbot.waitSignal(banner.dismissed):
        banner.close_button.click()
    assert not banner.isVisible()
    banner.explain("Choose Naumen in Settings → Server.")
    assert banner.count == 1
