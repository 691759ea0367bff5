"""The state selector: label and timer, the menu from settings, queueing during calls, and
refusals — on reducer-built states and against the real simulator."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Why
from agent_toolbar.cti.model import DisplayKind, SessionState, StateChoice
from agent_toolbar.cti.session import Session
from agent_toolbar.cti.transitions import Transition
from agent_toolbar.qt import QtGui, QtWidgets
from agent_toolbar.settings import Settings
from agent_toolbar.simulators.naumen.simulator import Simulator
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.window.state_selector import (
    StateSelector,
    available_choices,
    plan_choice,
)

LOGIN = "operator"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    user = tmp_path / "user.ini"
    user.write_text(
        "[reasons]\n"
        "away=Dinner, TechnicalBreak, CustomAwayReason1\n"
        'labels="CustomAwayReason1 = Training\\nDinner = Lunch break"\n'
        "[states]\ndnd=true\ncustom2=Back office\n",
        encoding="utf-8",
    )
    return Settings(user=user, system=tmp_path / "system.ini")


def selector_for(qtbot: QtBot, settings: Settings | None, state: SessionState) -> StateSelector:
    selector = StateSelector(settings)
    qtbot.addWidget(selector)
    selector.apply_state(state)
    selector.show()
    return selector


def menu_texts(menu: QtWidgets.QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if a.text()]


def open_menu(selector: StateSelector) -> QtWidgets.QMenu:
    selector.menu.aboutToShow.emit()
    return selector.menu


def test_choices_follow_the_settings(settings: Settings) -> None:
    offered = ("normal", "away", "dnd", "custom1", "custom2", "custom3")
    assert available_choices(settings, offered) == [
        StateChoice("normal"),
        StateChoice("away", "Dinner"),
        StateChoice("away", "TechnicalBreak"),
        StateChoice("away", "CustomAwayReason1"),
        StateChoice("dnd"),
        StateChoice("custom2"),
    ]
    settings.set("states/dnd", False)
    assert StateChoice("dnd") not in available_choices(settings, offered)
    assert available_choices(settings, ("normal",)) == [StateChoice("normal")]


def test_menu_labels_use_admin_labels_and_translated_defaults(
    qtbot: QtBot, states: Any, settings: Settings
) -> None:
    selector = selector_for(qtbot, settings, states.connected().state)
    assert menu_texts(open_menu(selector)) == [
        "Ready",
        "Not ready — Lunch break",
        "Not ready — Technical break",
        "Not ready — Training",
        "Do not disturb",
        "Back office",
    ]


def test_button_shows_the_display_state_and_its_timer(qtbot: QtBot, states: Any) -> None:
    states.connected().agent("notavailable", "away", reason="Dinner")
    selector = selector_for(qtbot, None, states.state)
    since = states.state.agent.display.since
    selector.tick(since + 75)
    assert selector.button.text() == "Not ready — Lunch   01:15"
    selector.tick(since + 3723)
    assert selector.button.text().endswith("1:02:03")
    assert selector.button.accessibleName().startswith("State: Not ready — Lunch")
    assert selector.button.property("tone") == "away"


def test_choosing_while_idle_sends_change_state(qtbot: QtBot, states: Any) -> None:
    selector = selector_for(qtbot, None, states.connected().state)
    got: list[Any] = []
    selector.intent_requested.connect(got.append)
    menu = open_menu(selector)
    lunch = next(a for a in menu.actions() if a.text() == "Not ready — Lunch")
    lunch.trigger()
    assert got == [it.ChangeState("away", "Dinner")]


def test_choosing_during_a_call_queues_the_next_state(qtbot: QtBot, states: Any) -> None:
    state = states.connected().ringing().talking().agent("available", "speaking#voice").state
    selector = selector_for(qtbot, None, state)
    sent: list[Any] = []
    queued: list[Any] = []
    selector.intent_requested.connect(sent.append)
    selector.next_state_chosen.connect(queued.append)
    menu = open_menu(selector)
    assert menu.actions()[0].text() == "After the current calls"
    next(a for a in menu.actions() if a.text() == "Not ready — Lunch").trigger()
    assert queued == [StateChoice("away", "Dinner")] and sent == []
    # "Change now" applies at once even during the call
    now_menu = next(a.menu() for a in menu.actions() if a.text() == "Change now")
    assert isinstance(now_menu, QtWidgets.QMenu)
    next(a for a in now_menu.actions() if a.text() == "Do not disturb").trigger()
    assert sent == [it.ChangeState("dnd", None)]


def test_queued_next_state_is_shown_and_can_be_cancelled(qtbot: QtBot, states: Any) -> None:
    states.connected().ringing().talking().next_state(StateChoice("away", "Dinner"))
    selector = selector_for(qtbot, None, states.state)
    assert selector.next_chip.isVisibleTo(selector)
    assert selector.next_chip.accessibleName() == "Next: Not ready — Lunch (press to cancel)"
    queued: list[Any] = []
    selector.next_state_chosen.connect(queued.append)
    selector.next_chip.click()
    assert queued == [None]
    menu = open_menu(selector)
    assert "Cancel the next state" in menu_texts(menu)


def test_plan_choice_queues_only_while_busy(states: Any) -> None:
    idle = states.connected().state
    assert plan_choice(idle, StateChoice("dnd")).intent == it.ChangeState("dnd", None)
    busy = states.ringing().state
    assert plan_choice(busy, StateChoice("dnd")).queue == StateChoice("dnd")
    assert plan_choice(busy, StateChoice("dnd"), now=True).intent == it.ChangeState("dnd", None)


def test_refused_change_returns_to_the_true_state_and_says_why(qtbot: QtBot, states: Any) -> None:
    states.connected()
    change = it.ChangeState("away", "Dinner")
    selector = selector_for(qtbot, None, states.issued(change).state)
    assert selector.pending.isVisibleTo(selector)
    assert selector.pending.text() == "→ Not ready — Lunch…"
    selector.apply_state(states.settled(change, "state cannot be set now").state)
    assert not selector.pending.isVisibleTo(selector)
    assert selector.button.text().startswith("Ready")
    assert selector.error.isVisibleTo(selector)
    assert selector.error.full_text() == "State not changed: state cannot be set now"
    selector.error_close.click()
    assert not selector.error.isVisibleTo(selector)


def test_disconnected_selector_is_disabled_with_the_reason(qtbot: QtBot, states: Any) -> None:
    selector = selector_for(qtbot, None, states.connected().disconnected().state)
    assert not selector.button.isEnabled()
    assert selector.button.toolTip() == texts.why_text(Why.DISCONNECTED)


# ---------------------------------------------------------------- against the simulator


def wire(selector: StateSelector, session: Session) -> None:
    def follow(_old: SessionState, new: SessionState, _changes: Sequence[Transition]) -> None:
        selector.apply_state(new)

    session.subscribe(follow)
    selector.intent_requested.connect(session.submit)
    selector.next_state_chosen.connect(session.queue_next_state)
    selector.apply_state(session.state)


@pytest.mark.asyncio
async def test_choosing_lunch_changes_the_simulator_state(
    qtbot: QtBot, simulator: Simulator, live_session: Session, until: Any
) -> None:
    selector = StateSelector(None)
    qtbot.addWidget(selector)
    wire(selector, live_session)
    menu = open_menu(selector)
    next(a for a in menu.actions() if a.text() == "Not ready — Lunch").trigger()
    command = await simulator.wait_for_command("ChangeUserState")
    assert (command.state, command.reason) == ("away", "Dinner")
    await until(live_session, lambda s: s.agent.display.kind is DisplayKind.AWAY)
    view = simulator.operator(LOGIN)
    assert "away" in view.substates and view.reason == "Dinner"
    assert selector.button.text().startswith("Not ready — Lunch")


@pytest.mark.asyncio
async def test_a_reason_the_server_refuses_leaves_the_true_state(
    qtbot: QtBot, simulator: Simulator, live_session: Session, until: Any, tmp_path: Path
) -> None:
    settings = Settings(user=tmp_path / "u.ini", system=tmp_path / "s.ini")
    settings.set("reasons/away", ["Dinner", "Meeting"])  # the server knows no "Meeting"
    selector = StateSelector(settings)
    qtbot.addWidget(selector)
    selector.show()
    wire(selector, live_session)
    selector.choose(StateChoice("away", "Meeting"))
    await until(live_session, lambda s: s.state_error is not None)
    assert selector.error.isVisible()
    assert "Meeting" in selector.error.full_text()
    assert selector.button.text().startswith("Ready")
    assert simulator.operator(LOGIN).reason is None


@pytest.mark.asyncio
async def test_next_state_is_applied_when_the_call_and_wrap_up_end(
    qtbot: QtBot, simulator: Simulator, live_session: Session, until: Any
) -> None:
    selector = StateSelector(None)
    qtbot.addWidget(selector)
    selector.show()
    wire(selector, live_session)
    cid = simulator.inject_call(LOGIN, caller="+79161234567")
    await until(live_session, lambda s: cid in s.calls)
    assert await live_session.execute(it.Answer(cid)) is None
    selector.choose(StateChoice("away", "TechnicalBreak"))
    assert selector.next_chip.isVisible()
    simulator.end_call_remote(LOGIN, cid)
    await until(live_session, lambda s: s.calls[cid].in_wrapup)
    assert "away" not in simulator.operator(LOGIN).substates  # not yet: still in wrap-up
    assert await live_session.execute(it.CloseCall(cid)) is None
    await until(
        live_session,
        lambda s: s.agent.display.kind is DisplayKind.AWAY and s.next_state is None,
    )
    assert simulator.operator(LOGIN).reason == "TechnicalBreak"
    assert not selector.next_chip.isVisible()


def test_dot_icon_is_drawn(qtbot: QtBot, states: Any) -> None:
    selector = selector_for(qtbot, None, states.connected().state)
    image = selector.button.icon().pixmap(12, 12).toImage()
    assert isinstance(image, QtGui.QImage) and not image.isNull()


def test_a_system_without_operator_states_shows_no_selector(qtbot: QtBot) -> None:
    from dataclasses import replace

    from agent_toolbar.backends.gateway.spec import capabilities_for

    container = QtWidgets.QWidget()
    qtbot.addWidget(container)
    selector = StateSelector(None, container)
    container.show()
    selector.apply_state(replace(SessionState(), capabilities=capabilities_for("webhook")))
    assert selector.isHidden()
    selector.apply_state(SessionState())  # a system with states: back
    assert not selector.isHidden()
