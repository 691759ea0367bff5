"""Settings: history/retention_days is declared; "Clear call history…" asks, then clears."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.history import events as je
from agent_toolbar.history.journal import Journal
from agent_toolbar.history.model import CallDirection, CallKey, CallResult, Party
from agent_toolbar.qt import QtWidgets
from agent_toolbar.settings import BY_KEY, Settings
from agent_toolbar.ui.history.service import HistoryService
from agent_toolbar.ui.history.settings_button import install_clear_button
from agent_toolbar.ui.settings.settings_dialog import SettingsDialog


def test_the_retention_is_a_setting_of_its_own() -> None:
    setting = BY_KEY["history/retention_days"]
    assert (setting.default, setting.minimum, setting.maximum) == (90, 1, 3650)
    assert not setting.reconnect


@pytest.mark.asyncio
async def test_clear_call_history_asks_first(
    qtbot: QtBot, tmp_path: Path, toolbar_settings: Settings
) -> None:
    journal = Journal.open(tmp_path / "history.sqlite3")
    key = CallKey("naumen", "a")
    journal.record(je.CallOpened(key, time.time(), CallDirection.IN, (Party("caller", "1"),)))
    journal.record(je.CallEnded(key, time.time(), CallResult.MISSED))
    assert journal.flush()
    service = HistoryService(journal)
    dialog = SettingsDialog(toolbar_settings, None)
    qtbot.addWidget(dialog)
    button = install_clear_button(dialog, service)
    dialog.show()
    try:
        assert button.window() is dialog  # on the Advanced page
        button.click()
        box = dialog.findChild(QtWidgets.QMessageBox, "historyClearSettingsDialog")
        assert box is not None and box.isVisible()
        box.button(QtWidgets.QMessageBox.StandardButton.No).click()
        await asyncio.sleep(0.1)
        assert journal.counts().calls == 1
        button.click()
        box = dialog.findChild(QtWidgets.QMessageBox, "historyClearSettingsDialog")
        box.button(QtWidgets.QMessageBox.StandardButton.Yes).click()
        for _ in range(300):
            if not button.isEnabled():
                break
            await asyncio.sleep(0.01)
        assert journal.counts().calls == 0
        assert button.text() == "Call history cleared"
    finally:
        service.close()
        journal.close()
