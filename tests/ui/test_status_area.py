"""The status area: connection text with a live countdown, login, flashed messages, and
"Retry now" reaching the real client."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.cti import events as ev
from agent_toolbar.cti.backend import ConnectionStatus, LinkState, Problem
from agent_toolbar.cti.model import NoticeKind
from agent_toolbar.cti.transport.backoff import Backoff
from agent_toolbar.qt import Qt
from agent_toolbar.simulators.naumen.simulator import Simulator
from agent_toolbar.ui.window.status_area import StatusArea


def area_for(qtbot: QtBot, state: Any) -> StatusArea:
    area = StatusArea()
    qtbot.addWidget(area)
    area.apply_state(state)
    area.show()
    return area


def test_connected_shows_the_login_and_no_retry(qtbot: QtBot, states: Any) -> None:
    area = area_for(qtbot, states.connected().state)
    assert area.link.full_text() == "Connected"
    assert area.login.full_text() == "Login: operator"
    assert not area.retry.isVisibleTo(area)
    assert area.dot.property("tone") == "ready"


def test_reconnecting_counts_down_and_offers_retry(qtbot: QtBot, states: Any) -> None:
    state = states.connected().disconnected().state
    area = area_for(qtbot, state)
    retry_at = state.connection.retry_at
    area.tick(retry_at - 4.2)
    assert area.link.full_text() == "Reconnecting in 5 s (attempt 2)"
    area.tick(retry_at - 0.5)
    assert area.link.full_text() == "Reconnecting in 1 s (attempt 2)"
    area.tick(retry_at + 1)
    assert area.link.full_text() == "Reconnecting (attempt 2)…"
    assert area.retry.isVisibleTo(area)
    assert area.dot.property("tone") == "away"
    with qtbot.waitSignal(area.retry_requested):
        qtbot.mouseClick(area.retry, Qt.MouseButton.LeftButton)


def test_failure_says_why_and_keeps_the_details_in_the_tooltip(qtbot: QtBot, states: Any) -> None:
    failed = ConnectionStatus(
        state=LinkState.FAILED,
        server="ws://cti.example:8098",
        reason="Недостаточно лицензий NCC CTI",
        problem=Problem.UNKNOWN_LOGIN,
    )
    area = area_for(qtbot, states.apply(ev.ConnectionChanged(status=failed)).state)
    # issue 11 item 18: the server's own description, not "unknown login"
    assert area.link.full_text() == (
        "Failed: the server refused the login — Недостаточно лицензий NCC CTI"
    )
    assert "лицензий" in area.link.toolTip()
    assert "ws://cti.example:8098" in area.link.toolTip()
    assert area.dot.property("tone") == "error"
    assert area.retry.isVisibleTo(area)


def test_flash_replaces_the_login_for_a_while(qtbot: QtBot, states: Any) -> None:
    area = area_for(qtbot, states.connected().state)
    area.flash("Answer: no call is ringing", msecs=50)
    assert area.flashed == "Answer: no call is ringing"
    assert not area.login.isVisibleTo(area)
    qtbot.waitUntil(lambda: area.flashed == "", timeout=2000)
    assert area.login.isVisibleTo(area)


def test_a_notice_from_the_phone_system_is_flashed_once(qtbot: QtBot, states: Any) -> None:
    connected = states.connected()
    area = area_for(qtbot, connected.state)
    error = ev.Notice(text="CRM недоступна", kind=NoticeKind.VENDOR, sender="Vega PBX")
    state = connected.apply(error).state
    area.apply_state(state)
    assert area.flashed == "Vega PBX: CRM недоступна"
    area.clear_flash()
    area.apply_state(state)  # the same notice again: not flashed twice
    assert area.flashed == ""
    chat = ev.Notice(text="hello", kind=NoticeKind.TEXT_MESSAGE, sender="+7916")
    area.apply_state(connected.apply(chat).state)
    assert area.flashed == ""  # chat lines have their own channel


@pytest.mark.asyncio
async def test_retry_now_reconnects_without_waiting_for_the_backoff(
    qtbot: QtBot, simulator: Simulator, attached: Any, until: Any
) -> None:
    fixed = Backoff(base=60.0, cap=60.0, floor=60.0)  # a minute before any retry
    async with attached(simulator, backoff=fixed) as session:
        area = StatusArea()
        qtbot.addWidget(area)
        area.retry_requested.connect(session.backend.reconnect_now)
        session.subscribe(lambda _o, new, _c: area.apply_state(new))
        await simulator.drop_all_connections()
        state = await until(session, lambda s: s.connection.state is LinkState.RECONNECTING)
        assert state.connection.delay == 60.0
        assert area.retry.isVisibleTo(area)
        area.retry.click()
        await until(session, lambda s: s.connection.state is LinkState.CONNECTED)
        assert area.link.full_text() == "Connected"
        await asyncio.sleep(0)
        assert not area.retry.isVisibleTo(area)


def test_a_server_error_while_connected_is_shown_on_the_status_line(
    qtbot: QtBot, states: Any
) -> None:
    # issue 11 item 14: an Error no command could be blamed for
    builder = states.connected()
    area = area_for(qtbot, builder.state)
    status = ConnectionStatus(
        state=LinkState.CONNECTED,
        server="ws://cti.example:8098",
        reason="the server reported an error: внутренняя ошибка",
    )
    area.apply_state(builder.apply(ev.ConnectionChanged(status=status)).state)
    assert area.link.full_text() == "Connected"
    assert "внутренняя ошибка" in area.flashed
    assert "внутренняя ошибка" in area.link.toolTip()
