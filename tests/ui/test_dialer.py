"""The dialer: Enter calls, empty input is explained, numbers are tidied and remembered."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Why
from agent_toolbar.cti.model import Direction
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import Qt
from agent_toolbar.settings import Settings
from agent_toolbar.simulators.naumen.simulator import Simulator
from agent_toolbar.ui.calls.dialer import RECENT_MAX, Dialer, normalise_number, remember
from agent_toolbar.ui.common import texts


def dialer_for(qtbot: QtBot, settings: Settings | None, state: Any) -> Dialer:
    dialer = Dialer(settings)
    qtbot.addWidget(dialer)
    dialer.apply_state(state)
    dialer.show()
    return dialer


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("+7 (912) 345-67-89", "+79123456789"),
        (" 2001 ", "2001"),
        ("8.800.555.35.35", "88005553535"),
        ("sip:support@pbx.example", "sip:support@pbx.example"),
        ("queue-sales", "queue-sales"),
    ],
)
def test_numbers_are_tidied_and_uris_kept(typed: str, sent: str) -> None:
    assert normalise_number(typed) == sent


def test_recent_numbers_most_recent_first_without_duplicates() -> None:
    assert remember(["1", "2", "3"], "2") == ["2", "1", "3"]
    many = [str(n) for n in range(30)]
    assert len(remember(many, "x")) == RECENT_MAX


def test_enter_calls_the_number_and_remembers_it(
    qtbot: QtBot, states: Any, toolbar_settings: Settings
) -> None:
    toolbar_settings.set("ui/recent_numbers", ["2001", "+79160000000"])
    dialer = dialer_for(qtbot, toolbar_settings, states.connected().state)
    assert dialer.recent() == ["2001", "+79160000000"]
    got: list[Any] = []
    dialer.intent_requested.connect(got.append)
    qtbot.keyClicks(dialer.line_edit, "+7 916 000-00-00")
    qtbot.keyClick(dialer.line_edit, Qt.Key.Key_Return)
    assert got == [it.MakeCall("+79160000000")]
    assert toolbar_settings.get("ui/recent_numbers") == ["+79160000000", "2001"]
    assert dialer.recent() == ["+79160000000", "2001"]
    assert dialer.field.currentText() == ""


def test_empty_input_is_explained_not_sent(qtbot: QtBot, states: Any) -> None:
    dialer = dialer_for(qtbot, None, states.connected().state)
    got: list[Any] = []
    dialer.intent_requested.connect(got.append)
    with qtbot.waitSignal(dialer.problem_reported) as blocker:
        qtbot.keyClick(dialer.line_edit, Qt.Key.Key_Return)
    assert got == []
    assert blocker.args == ["Type a number or address to call"]
    assert dialer.field.property("invalid") is True
    qtbot.keyClicks(dialer.line_edit, "1")
    assert dialer.field.property("invalid") is False


def test_disconnected_dialer_says_why(qtbot: QtBot, states: Any) -> None:
    dialer = dialer_for(qtbot, None, states.connected().disconnected().state)
    assert not dialer.call_button.isEnabled()
    assert texts.why_text(Why.DISCONNECTED) in dialer.call_button.toolTip()
    dialer.field.setEditText("2001")
    with qtbot.waitSignal(dialer.problem_reported) as blocker:
        dialer.dial()
    assert texts.why_text(Why.DISCONNECTED) in blocker.args[0]


def test_escape_clears_the_field(qtbot: QtBot, states: Any) -> None:
    dialer = dialer_for(qtbot, None, states.connected().state)
    qtbot.keyClicks(dialer.line_edit, "123")
    qtbot.keyClick(dialer, Qt.Key.Key_Escape)
    assert dialer.field.currentText() == ""


@pytest.mark.asyncio
async def test_dialling_reaches_the_simulator(
    qtbot: QtBot, simulator: Simulator, live_session: Session, until: Any
) -> None:
    dialer = Dialer(None)
    qtbot.addWidget(dialer)
    dialer.apply_state(live_session.state)
    dialer.intent_requested.connect(live_session.submit)
    dialer.field.setEditText("2001")
    dialer.dial()
    command = await simulator.wait_for_command("MakeCall")
    assert command.phone_number == "2001"
    state = await until(
        live_session, lambda s: any(c.direction is Direction.OUT for c in s.calls.values())
    )
    assert any(c.called == "2001" for c in state.calls.values())


@pytest.mark.asyncio
async def test_an_events_only_system_disables_the_field_too(qtbot: QtBot) -> None:
    from agent_toolbar.backends.vega.adapter import VegaBackend, VegaConfig
    from agent_toolbar.backends.vega.link import LinkConfig
    from agent_toolbar.cti.backend import Refusal, RefusalKind
    from agent_toolbar.cti.connection import LinkState
    from agent_toolbar.simulators.vega.server import VegaSimulator

    async with VegaSimulator() as sim:
        config = VegaConfig(link=LinkConfig(sim.url), login="operator", extension="101")
        session = Session(VegaBackend(config))
        dialer = dialer_for(qtbot, None, session.state)
        session.subscribe(lambda _old, new, _t: dialer.apply_state(new))
        running = asyncio.ensure_future(session.backend.run())
        try:
            async with asyncio.timeout(10):
                while session.state.connection.state is not LinkState.CONNECTED:
                    await asyncio.sleep(0.01)
            why = texts.refusal_text(Refusal(RefusalKind.EVENTS_ONLY))
            assert not dialer.field.isEnabled() and not dialer.call_button.isEnabled()
            assert dialer.field.toolTip() == why
            assert why in dialer.call_button.toolTip()
            qtbot.keyClicks(dialer.line_edit, "2001")
            assert dialer.field.currentText() == ""  # nothing can be typed
        finally:
            await session.backend.stop()
            await asyncio.wait_for(running, 10)
            await session.close()


def test_a_dialer_not_connected_keeps_the_field(qtbot: QtBot, states: Any) -> None:
    dialer = dialer_for(qtbot, None, states.state)  # Naumen, not connected yet
    assert not dialer.call_button.isEnabled()
    assert dialer.field.isEnabled()
    assert dialer.field.toolTip() == "Type a number and press Enter; ↓ shows recent numbers"


@pytest.mark.asyncio
async def test_a_refused_call_is_shown_in_the_dialer(
    qtbot: QtBot, simulator: Simulator, live_window: Any, loop_turns: Any
) -> None:
    # issue 11 item 15: the server refuses MakeCall; the dialer (where it was issued) says so
    window = live_window
    dialer = window.dialer
    await loop_turns()
    dialer.field.setEditText("not-a-number")
    dialer.dial()
    await simulator.wait_for_command("MakeCall")
    for _ in range(200):
        if dialer.failure:
            break
        await asyncio.sleep(0.02)
    assert "not-a-number" in dialer.failure
    assert "neither a number nor a SIP URI" in dialer.failure
    assert dialer.field.property("invalid") is True
    assert dialer.field.currentText() == "not-a-number"  # kept, to correct and retry
    assert "neither a number" in window.status_area.flashed
    dialer.field.setEditText("2001")
    assert dialer.failure == ""


def test_every_events_only_system_disables_the_field(qtbot: QtBot, tmp_path: Any) -> None:
    from agent_toolbar.backends import registry
    from agent_toolbar.cti.backend import RefusalKind
    from agent_toolbar.cti.capabilities import Feature
    from agent_toolbar.cti.model import SessionState

    settings = Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")
    events_only = []
    for name, spec in registry.specs().items():
        caps = spec.capabilities(settings)
        refusal = caps.refusals.get(Feature.MAKE_CALL)
        if refusal is None or refusal.kind is not RefusalKind.EVENTS_ONLY:
            continue
        events_only.append(name)
        dialer = dialer_for(qtbot, None, SessionState(capabilities=caps))
        assert not dialer.field.isEnabled(), name
        assert dialer.field.toolTip() == texts.refusal_text(refusal), name
    assert {"vega", "webhook"} <= set(events_only)
