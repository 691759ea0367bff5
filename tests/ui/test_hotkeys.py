"""Hotkeys: parsing and reporting bad settings, what each hotkey targets, and a pressed
shortcut reaching the simulator through the window."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Action, Why
from agent_toolbar.cti.model import StateChoice
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import Qt, QtWidgets
from agent_toolbar.settings import Settings
from agent_toolbar.simulators.naumen.simulator import Simulator
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.shell.hotkeys import Hotkeys, parse_sequence, resolve
from agent_toolbar.ui.window.main_window import MainWindow

LOGIN = "operator"


@pytest.mark.parametrize("text", ["F5", "Ctrl+Alt+A", "ctrl+shift+f12", "Ctrl+K, Ctrl+A"])
def test_valid_sequences_parse(text: str) -> None:
    assert parse_sequence(text) is not None


@pytest.mark.parametrize("text", ["", "   ", "Ctrl+Foo", "Hyper+Q"])
def test_invalid_or_empty_sequences_do_not(text: str) -> None:
    assert parse_sequence(text) is None


def test_bad_and_conflicting_settings_are_reported_not_fatal(
    qtbot: QtBot, toolbar_settings: Settings
) -> None:
    toolbar_settings.set("hotkeys/answer", "F5")
    toolbar_settings.set("hotkeys/hangup", "Ctrl+Nope")
    toolbar_settings.set("hotkeys/hold", "F5")
    toolbar_settings.set("hotkeys/mute", "")
    window = QtWidgets.QWidget()
    qtbot.addWidget(window)
    hotkeys = Hotkeys(window, toolbar_settings)
    assert len(hotkeys.problems) == 2
    assert "Hang up" in hotkeys.problems[0] and "Ctrl+Nope" in hotkeys.problems[0]
    assert "Answer" in hotkeys.problems[1] and "Hold / resume" in hotkeys.problems[1]
    assert hotkeys.text("answer") == "F5"
    assert hotkeys.shortcut("hangup") is None
    assert hotkeys.shortcut("hold") is None
    assert hotkeys.shortcut("mute") is None
    shortcut = hotkeys.shortcut("answer")
    assert shortcut is not None and shortcut.context() is Qt.ShortcutContext.ApplicationShortcut
    assert hotkeys.action_texts()[Action.ANSWER] == "F5"


def test_defaults_cover_every_hotkey(qtbot: QtBot, toolbar_settings: Settings) -> None:
    window = QtWidgets.QWidget()
    qtbot.addWidget(window)
    hotkeys = Hotkeys(window, toolbar_settings)
    assert hotkeys.problems == []
    assert hotkeys.text("answer") == "Ctrl+Alt+A"
    assert set(hotkeys.action_texts()) >= {Action.ANSWER, Action.HANGUP, Action.HOLD}


def test_answer_takes_the_oldest_ringing_call(states: Any) -> None:
    state = states.connected().ringing("c1").ringing("c2").state
    assert resolve("answer", state).intent == it.Answer("c1")
    assert resolve("answer", states.talking("c1").state).intent == it.Answer("c2")


def test_answer_without_a_ringing_call_explains(states: Any) -> None:
    outcome = resolve("answer", states.connected().state)
    assert outcome.intent is None and outcome.message == "Answer: no call is ringing"


def test_hold_mute_hangup_take_the_active_call_else_the_only_connected_one(
    states: Any,
) -> None:
    states.connected().ringing("c1").talking("c1").ringing("c2")
    assert resolve("hold", states.state).intent == it.Hold("c1", on=True)
    assert resolve("mute", states.state).intent == it.Mute("c1", on=True)
    assert resolve("hangup", states.state).intent == it.Hangup("c1")
    states.held("c1").muted("c1").active("c1")
    assert resolve("hold", states.state).intent == it.Hold("c1", on=False)
    assert resolve("mute", states.state).intent == it.Mute("c1", on=False)
    assert resolve("transfer", states.state).transfer_cid == "c1"


def test_hold_on_a_ringing_call_explains_why(states: Any) -> None:
    outcome = resolve("hold", states.connected().ringing("c1").state)
    assert outcome.intent is None
    assert outcome.message == f"Hold / resume: {texts.why_text(Why.NOT_CONNECTED)}"


def test_several_calls_and_none_active_explains(states: Any) -> None:
    state = states.connected().ringing("c1").talking("c1").ringing("c2").talking("c2").state
    outcome = resolve("hangup", state)
    assert outcome.intent is None and "make one of them active" in (outcome.message or "")


def test_close_takes_the_oldest_call_in_wrap_up(states: Any) -> None:
    state = states.connected().ringing("c1").talking("c1").ended("c1").state
    assert resolve("close", state).intent == it.CloseCall("c1")
    assert (
        resolve("close", states.closed("c1").state).message
        == "Finish wrap-up: no call is in wrap-up"
    )


def test_ready_sends_or_queues_and_dial_focuses(states: Any) -> None:
    idle = states.connected("away").state
    assert resolve("ready", idle).intent == it.ChangeState("normal", None)
    busy = states.ringing("c1").state
    assert resolve("ready", busy).queue == StateChoice("normal")
    assert resolve("dial", busy).focus_dialer


def test_disconnected_hotkeys_explain(states: Any) -> None:
    state = states.connected().ringing("c1").disconnected().state
    assert resolve("answer", state).message == f"Answer: {texts.why_text(Why.DISCONNECTED)}"
    assert resolve("ready", state).message == f"Ready: {texts.why_text(Why.DISCONNECTED)}"


@pytest.mark.asyncio
async def test_pressed_hotkeys_reach_the_simulator(
    simulator: Simulator,
    live_session: Session,
    live_window: MainWindow,
    until: Any,
) -> None:
    cid = simulator.inject_call(LOGIN, caller="+79161234567")
    await until(live_session, lambda s: cid in s.calls)
    for name, command in (("answer", "Answer"), ("hold", "Hold"), ("mute", "Mute")):
        shortcut = live_window.hotkeys.shortcut(name)
        assert shortcut is not None
        shortcut.activated.emit()  # what Qt does when the key is pressed (xdotool in e2e)
        received = await simulator.wait_for_command(command)
        assert getattr(received, "cid", cid) == cid
        await until(live_session, lambda s: not s.inflight)
    live_window.hotkeys.shortcut("hangup").activated.emit()  # type: ignore[union-attr]
    await simulator.wait_for_command("Hangup")


@pytest.mark.asyncio
async def test_a_hotkey_that_cannot_act_flashes_why(live_window: MainWindow) -> None:
    live_window.hotkeys.shortcut("answer").activated.emit()  # type: ignore[union-attr]
    assert live_window.status_area.flashed == "Answer: no call is ringing"


def test_state_hotkey_opens_the_menu_unless_states_cannot_change(states: Any) -> None:
    assert resolve("state", states.connected().state).state_menu
    refused = resolve("state", states.connected().disconnected().state)
    assert not refused.state_menu
    assert refused.message == f"Change state: {texts.why_text(Why.DISCONNECTED)}"


@pytest.mark.asyncio
async def test_state_hotkey_then_arrows_and_enter_change_the_state(
    qtbot: QtBot,
    simulator: Simulator,
    live_session: Session,
    live_window: MainWindow,
    until: Any,
) -> None:
    live_window.hotkeys.shortcut("state").activated.emit()  # type: ignore[union-attr]
    menu = live_window.state_selector.menu
    await until(live_session, lambda s: menu.isVisible())
    # Ready is highlighted first; the next entry is the first not-ready reason (Lunch).
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    change = await simulator.wait_for_command("ChangeUserState")
    assert (getattr(change, "state", None), getattr(change, "reason", None)) == ("away", "Dinner")
