"""``on_screen``: waits until a window has been exposed (drawn); never for a hidden one."""

from __future__ import annotations

import asyncio

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.qt import QtWidgets
from agent_toolbar.ui.window.first_frame import on_screen


@pytest.mark.asyncio
async def test_a_shown_window_is_waited_for_until_it_is_exposed(qtbot: QtBot) -> None:
    window = QtWidgets.QLabel("first frame")
    qtbot.addWidget(window)
    window.show()
    assert await asyncio.wait_for(on_screen(window, timeout=5), 6) is True
    handle = window.windowHandle()
    assert handle is not None and handle.isExposed()
    assert await on_screen(window, timeout=0) is True  # already on screen: no wait


@pytest.mark.asyncio
async def test_a_hidden_window_is_not_waited_for(qtbot: QtBot) -> None:
    window = QtWidgets.QLabel("never shown")
    qtbot.addWidget(window)
    # It returns at once: waiting out the long timeout would fail the outer one.
    assert await asyncio.wait_for(on_screen(window, timeout=600), 10) is False
    window.show()
    window.hide()
    assert await asyncio.wait_for(on_screen(window, timeout=600), 10) is False
