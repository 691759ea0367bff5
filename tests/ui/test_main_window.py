"""The toolbar window: the contract others use, rendering from the session, settings applied
live, accessibility and keyboard, and clicks reaching the real simulator."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.backends.naumen.adapter import NaumenBackend
from agent_toolbar.backends.naumen.client import ClientConfig
from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import ConnectionStatus, LinkState
from agent_toolbar.cti.model import CallState, DisplayKind, DisplayState
from agent_toolbar.cti.outcomes import CommandFailure, FailureReason
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import QApplication, QIcon, QPalette, Qt, QtWidgets
from agent_toolbar.resources import icon_path
from agent_toolbar.settings import Settings
from agent_toolbar.simulators.naumen.simulator import Simulator
from agent_toolbar.ui.calls.call_card import CallCard
from agent_toolbar.ui.common.icons import icon
from agent_toolbar.ui.window.main_window import MainWindow

LOGIN = "operator"


@pytest.fixture
def offline_session() -> Session:
    """A real session whose backend is never started (no network needed)."""
    return Session(NaumenBackend(ClientConfig(url="ws://127.0.0.1:9", login=LOGIN)))


@pytest.fixture
def window(
    qtbot: QtBot, offline_session: Session, toolbar_settings: Settings
) -> Iterator[MainWindow]:
    win = MainWindow(offline_session, toolbar_settings)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.detach()


def feed(session: Session, *events: ev.DomainEvent) -> None:
    for event in events:
        session.apply(event)


UP = ConnectionStatus(state=LinkState.CONNECTED, server="ws://127.0.0.1:9")


def ringing(cid: str, name: str = "Иванова Мария") -> ev.CallReported:
    info = ev.CallInfo(
        cid=cid,
        state="new",
        direction="in",
        kind="voice",
        display_name=name,
        params={"caller": "+79161234567", "ProjectTitle": "Продажи"},
    )
    return ev.CallReported(call=info, new=True)


# ---------------------------------------------------------------- contract


def test_contract_signals_and_window_basics(qtbot: QtBot, window: MainWindow) -> None:
    assert window.windowTitle().startswith("Agent Toolbar")
    with qtbot.waitSignal(window.settings_requested):
        window._settings_action.trigger()
    with qtbot.waitSignal(window.about_requested):
        window._about_action.trigger()
    with qtbot.waitSignal(window.quit_requested):
        window._quit_action.trigger()
    window.showMinimized()
    window.bring_forward()
    assert window.isVisible() and not window.isMinimized()


def test_the_window_shows_the_application_icon(window: MainWindow) -> None:
    expected = QIcon(str(icon_path("agent-toolbar"))).pixmap(32, 32).toImage()
    shown = window.windowIcon().pixmap(32, 32).toImage()
    assert not shown.isNull() and shown == expected
    assert shown != icon("dial").pixmap(32, 32).toImage()


def test_banners_go_under_the_status_area(qtbot: QtBot, window: MainWindow) -> None:
    banner = QtWidgets.QLabel("Passwords are kept for this session only")
    window.add_banner(banner)
    assert banner.parentWidget() is window.status_area.parentWidget()
    qtbot.waitUntil(banner.isVisible)
    assert banner.y() > window.status_area.y()


def test_renders_once_per_loop_turn_however_many_events(
    qtbot: QtBot, window: MainWindow, offline_session: Session
) -> None:
    created: list[CallCard] = []
    window.call_list.card_created.connect(created.append)
    feed(
        offline_session,
        ev.ConnectionChanged(status=UP),
        ev.AgentStateReported(display=DisplayState(DisplayKind.NORMAL)),
    )
    for n in range(50):
        feed(offline_session, ringing(f"c{n}"))
    for n in range(49):
        feed(offline_session, ev.CallClosed(cid=f"c{n}"))
    assert window.call_list.cards() == []  # nothing drawn until the loop turns
    qtbot.waitUntil(lambda: len(window.call_list.cards()) == 1, timeout=2000)
    assert [card.cid for card in created] == ["c49"]  # the 49 short-lived calls never drawn


def test_card_transfer_and_error_dismissal_reach_window_and_session(
    qtbot: QtBot, window: MainWindow, offline_session: Session
) -> None:
    feed(
        offline_session,
        ev.ConnectionChanged(status=UP),
        ev.AgentStateReported(display=DisplayState(DisplayKind.NORMAL)),
    )
    feed(offline_session, ringing("c1"))
    feed(offline_session, ev.CallReported(call=ev.CallInfo(cid="c1", state="connected")))
    hold = it.Hold("c1", on=True)
    feed(
        offline_session,
        ev.IntentIssued(intent=hold),
        ev.IntentSettled(intent=hold, error=CommandFailure(FailureReason.ERROR, "no")),
    )
    window.render_now()
    card = window.call_list.card("c1")
    assert card is not None and card.error_row.isVisible()
    with qtbot.waitSignal(window.transfer_requested) as blocker:
        qtbot.mouseClick(card.button("transfer"), Qt.MouseButton.LeftButton)
    assert blocker.args == ["c1"]
    qtbot.mouseClick(card.error_row.close_button, Qt.MouseButton.LeftButton)
    assert offline_session.state.calls["c1"].error is None
    window.render_now()
    assert not card.error_row.isVisible()


def test_orientation_on_top_and_theme_apply_live(
    qtbot: QtBot, window: MainWindow, toolbar_settings: Settings
) -> None:
    assert window.property("orientation") == "horizontal"
    toolbar_settings.set("ui/orientation", "vertical")
    toolbar_settings.set("ui/always_on_top", False)
    toolbar_settings.set("ui/theme", "dark")
    window.apply_settings()
    assert window.property("orientation") == "vertical"
    assert window.call_list._vertical
    assert window.height() > window.width()
    assert not window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
    assert "@" not in window.styleSheet()
    toolbar_settings.set("ui/theme", "light")
    toolbar_settings.set("ui/always_on_top", True)
    window.apply_settings()
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 200
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint


def test_geometry_is_saved_and_restored(
    qtbot: QtBot, window: MainWindow, offline_session: Session, toolbar_settings: Settings
) -> None:
    window.resize(701, 150)  # the offscreen screen is 800×600: stay inside it
    window.save_geometry()
    assert toolbar_settings.get("ui/geometry")
    again = MainWindow(offline_session, toolbar_settings)
    qtbot.addWidget(again)
    assert again.width() == 701
    again.detach()


def test_closing_hides_with_a_tray_and_asks_to_quit_without(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.hide_on_close = True
    window.close()
    assert not window.isVisible()
    window.show()
    window.hide_on_close = False
    with qtbot.waitSignal(window.quit_requested):
        window.close()


def test_bad_hotkey_settings_are_flashed(
    qtbot: QtBot, offline_session: Session, toolbar_settings: Settings
) -> None:
    toolbar_settings.set("hotkeys/mute", "Ctrl+Nothing")
    win = MainWindow(offline_session, toolbar_settings)
    qtbot.addWidget(win)
    assert "Ctrl+Nothing" in win.status_area.flashed
    win.detach()


# ---------------------------------------------------------------- accessibility


def interactive(widget: QtWidgets.QWidget) -> list[QtWidgets.QWidget]:
    kinds = (QtWidgets.QAbstractButton, QtWidgets.QComboBox)
    return [
        w for w in widget.findChildren(QtWidgets.QWidget) if isinstance(w, kinds) and w.isVisible()
    ]


def test_every_visible_control_has_an_accessible_name(
    window: MainWindow, offline_session: Session
) -> None:
    feed(
        offline_session,
        ev.ConnectionChanged(status=UP),
        ev.AgentStateReported(display=DisplayState(DisplayKind.NORMAL)),
    )
    feed(offline_session, ringing("c1"), ringing("c2"))
    feed(offline_session, ev.CallReported(call=ev.CallInfo(cid="c2", state="connected")))
    window.render_now()
    window.status_area.retry.setVisible(True)
    controls = interactive(window)
    assert len(controls) > 10
    unnamed = [c.objectName() or type(c).__name__ for c in controls if not c.accessibleName()]
    assert unnamed == []


def test_tab_reaches_every_control_including_the_cards(
    window: MainWindow, offline_session: Session
) -> None:
    feed(
        offline_session,
        ev.ConnectionChanged(status=UP),
        ev.AgentStateReported(display=DisplayState(DisplayKind.NORMAL)),
    )
    feed(offline_session, ringing("c1"))
    window.render_now()
    chain: list[QtWidgets.QWidget] = []
    start = window.state_selector.button
    current: QtWidgets.QWidget = start
    for _ in range(200):
        current = current.nextInFocusChain()
        if current is start:
            break
        chain.append(current)
    tabbable = [
        w
        for w in chain
        if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]
    card = window.call_list.card("c1")
    assert card is not None
    for needed in (window.dialer.line_edit, card.button("answer"), card.button("hangup")):
        assert needed in tabbable


# ---------------------------------------------------------------- against the simulator


async def click(button: QtWidgets.QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.toolTip()
    button.click()
    await asyncio.sleep(0)


@pytest.mark.asyncio
async def test_card_buttons_reach_the_simulator(
    simulator: Simulator,
    live_session: Session,
    live_window: MainWindow,
    until: Any,
    loop_turns: Any,
) -> None:
    cid = simulator.inject_call(LOGIN, caller="+79161234567", display_name="Сидоров Иван")
    await until(live_session, lambda s: cid in s.calls)
    await loop_turns()
    card = live_window.call_list.card(cid)
    assert card is not None and card.header.name.full_text() == "Сидоров Иван"

    await click(card.button("answer"))
    await simulator.wait_for_command("Answer")
    await until(live_session, lambda s: s.calls[cid].state is CallState.CONNECTED)
    await loop_turns()
    await click(card.button("hold"))
    await simulator.wait_for_command("Hold", predicate=lambda c: c.on is True)
    await until(live_session, lambda s: s.calls[cid].hold and not s.inflight)
    await loop_turns()
    assert card.header.state.text().startswith("On hold")
    await click(card.button("hold"))  # now Resume
    await simulator.wait_for_command("Hold", predicate=lambda c: c.on is False)
    await until(live_session, lambda s: not s.calls[cid].hold and not s.inflight)
    await loop_turns()
    await click(card.button("mute"))
    await simulator.wait_for_command("Mute")
    await until(live_session, lambda s: s.calls[cid].muted and not s.inflight)
    await loop_turns()
    await click(card.button("hangup"))
    await simulator.wait_for_command("Hangup")
    await until(live_session, lambda s: s.calls[cid].in_wrapup)
    await loop_turns()
    await click(card.button("close"))
    await simulator.wait_for_command("Close")
    await until(live_session, lambda s: cid not in s.calls)
    await loop_turns()
    assert live_window.call_list.cards() == []


@pytest.mark.asyncio
async def test_choosing_lunch_in_the_window_reaches_the_simulator(
    simulator: Simulator,
    live_session: Session,
    live_window: MainWindow,
    until: Any,
    loop_turns: Any,
) -> None:
    menu = live_window.state_selector.menu
    menu.aboutToShow.emit()
    next(a for a in menu.actions() if a.text() == "Not ready — Lunch").trigger()
    await until(live_session, lambda s: s.agent.display.kind is DisplayKind.AWAY)
    await loop_turns()
    assert simulator.operator(LOGIN).reason == "Dinner"
    assert live_window.state_selector.button.text().startswith("Not ready — Lunch")


@pytest.mark.asyncio
async def test_server_drop_shows_reconnecting_then_recovers(
    simulator: Simulator,
    live_session: Session,
    live_window: MainWindow,
    until: Any,
    loop_turns: Any,
) -> None:
    simulator.refuse_connections(0.5)
    await simulator.drop_all_connections()
    await until(live_session, lambda s: s.connection.state is not LinkState.CONNECTED, timeout=5)
    await loop_turns()
    assert live_window.status_area.link.full_text() != "Connected"
    assert live_window.status_area.retry.isVisible()
    assert not live_window.dialer.call_button.isEnabled()
    await until(
        live_session, lambda s: s.connection.state is LinkState.CONNECTED and s.synced, timeout=10
    )
    await loop_turns()
    assert live_window.status_area.link.full_text() == "Connected"
    assert live_window.dialer.call_button.isEnabled()


def test_a_text_message_on_a_call_reaches_the_status_line(
    qtbot: QtBot, offline_session: Session, toolbar_settings: Settings
) -> None:
    from agent_toolbar.cti.model import NoticeKind
    from agent_toolbar.ui.common.session_bridge import SessionBridge

    window = MainWindow(offline_session, toolbar_settings)
    qtbot.addWidget(window)
    offline_session.apply(ev.Notice(text="Перезвоните мне", kind=NoticeKind.TEXT_MESSAGE, cid="c1"))
    SessionBridge.of(offline_session).flush()
    assert window.status_area.flashed == "Message on the call: Перезвоните мне"
