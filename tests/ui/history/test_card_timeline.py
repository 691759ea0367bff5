"""A card's timeline button shows what the journal holds for the live call so far."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.model import CallState
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import QtGui, QtWidgets
from agent_toolbar.simulators.naumen.simulator import Simulator
from agent_toolbar.ui.history.card_timeline import install_card_timelines
from agent_toolbar.ui.history.feature import HistoryFeature
from agent_toolbar.ui.window.main_window import MainWindow

pytestmark = pytest.mark.asyncio
LOGIN = "operator"


async def until_true(check: Callable[[], object], timeout: float = 5.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (value := check()):
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        await asyncio.sleep(0.01)
    return value


async def test_the_cards_button_opens_the_calls_timeline_so_far(
    qtbot: QtBot,
    tmp_path: Path,
    simulator: Simulator,
    live_session: Session,
    live_window: MainWindow,
    until: Any,
) -> None:
    feature = await HistoryFeature.open(tmp_path / "history.sqlite3", watch=False)
    feature.attach(live_session, "naumen")
    timelines = install_card_timelines(live_window.call_list, feature.service, "naumen")
    try:
        cid = simulator.inject_call(LOGIN, caller="+79161234567", display_name="Иванов Пётр")
        await until(live_session, lambda s: cid in s.calls)
        assert await live_session.execute(it.Answer(cid)) is None
        await until(live_session, lambda s: s.calls[cid].state is CallState.CONNECTED)
        assert await live_session.execute(it.Hold(cid, True)) is None
        await until(live_session, lambda s: s.calls[cid].hold)

        button = await until_true(
            lambda: live_window.findChild(QtWidgets.QToolButton, "cardTimeline")
        )
        button.click()
        popup = await until_true(lambda: timelines.popup)
        text = popup.text.toPlainText()
        lines = text.splitlines()
        assert lines[0] == "Incoming call +79161234567 (Иванов Пётр)"
        assert [line.split("  ")[1] for line in lines[1:]] == ["Ringing", "Answered", "On hold"]
        assert lines[-1].endswith("(still running)")
        popup.copy.click()
        assert QtGui.QGuiApplication.clipboard().text() == text
        popup.close()
    finally:
        feature.close()
