"""DTMF end to end: the keypad and digits typed on a focused card reach the simulator as
``SendDTMFSignal`` (0–9, ``*``, ``#``, ``!`` for flash), through the real toolbar window."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Why
from agent_toolbar.cti.model import CallState
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import Qt
from agent_toolbar.simulators.naumen.simulator import Simulator
from agent_toolbar.ui.calls.call_card import CallCard
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.window.main_window import MainWindow
from tests.ui.conftest import LOGIN, settle

pytestmark = pytest.mark.asyncio


@pytest.fixture
def card_of(
    live_window: MainWindow, live_session: Session, simulator: Simulator, until: Any
) -> Callable[..., Awaitable[CallCard]]:
    """``await card_of(answer=…)``: the window's card of a new incoming call."""

    async def card(answer: bool) -> CallCard:
        cid = simulator.inject_call(LOGIN, caller="+79161234567", display_name="Иванов Пётр")
        await until(live_session, lambda s: cid in s.calls)
        if answer:
            assert await live_session.execute(it.Answer(cid)) is None
            await until(live_session, lambda s: s.calls[cid].state is CallState.CONNECTED)
        await settle()
        found = live_window.call_list.card(cid)
        assert found is not None
        return found

    return card


async def tones(sim: Simulator, count: int) -> list[str]:
    got = []
    for _ in range(count):
        command = await sim.wait_for_command("SendDTMFSignal", login=LOGIN)
        got.append(command.dtmf_string)  # type: ignore[attr-defined]
    return got


async def test_keypad_sends_every_key_including_flash(
    qtbot: QtBot, simulator: Simulator, live_session: Session, card_of: Any
) -> None:
    card = await card_of(answer=True)
    qtbot.mouseClick(card.button("dtmf"), Qt.MouseButton.LeftButton)
    pad = card.dtmf_popup.pad
    assert card.dtmf_popup.isVisible()
    keys = [*"0123456789", "*", "#", "!"]
    for key in keys:
        qtbot.mouseClick(pad.button(key), Qt.MouseButton.LeftButton)
    assert await tones(simulator, len(keys)) == keys
    # typed on the keypad's keyboard focus too, flash included
    qtbot.keyClicks(pad.button("5"), "9!")
    assert await tones(simulator, 2) == ["9", "!"]
    assert (simulator.operator(LOGIN).calls[0].dtmf)[-2:] == ("9", "!")
    card.dtmf_popup.hide()


async def test_digits_typed_while_the_card_has_focus_are_sent(
    qtbot: QtBot, simulator: Simulator, live_session: Session, card_of: Any
) -> None:
    card = await card_of(answer=True)
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)  # click the card: it takes the focus
    qtbot.keyClicks(card, "4*2#")
    assert await tones(simulator, 4) == ["4", "*", "2", "#"]
    # a button of the card has the focus: digits still go to the call, not to the button
    card.button("hold").setFocus()
    qtbot.keyClicks(card.button("hold"), "7")
    assert await tones(simulator, 1) == ["7"]
    # letters are not tones
    qtbot.keyClicks(card, "a")
    await settle()
    assert [r.name for r in simulator.commands].count("SendDTMFSignal") == 5


async def test_digits_on_a_ringing_card_are_explained_not_sent(
    qtbot: QtBot, simulator: Simulator, live_session: Session, live_window: MainWindow, card_of: Any
) -> None:
    card = await card_of(answer=False)
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(card, "5")
    await settle()
    assert "SendDTMFSignal" not in [r.name for r in simulator.commands]
    assert texts.why_text(Why.NOT_CONNECTED) in live_window.status_area.flashed


async def test_in_secure_mode_tones_still_go_but_the_pad_masks_them(
    qtbot: QtBot, simulator: Simulator, live_session: Session, card_of: Any
) -> None:
    card = await card_of(answer=True)
    cid = card.cid
    assert await live_session.execute(it.SetSecureMode(cid, enable=True)) is None
    await settle()
    qtbot.mouseClick(card.button("dtmf"), Qt.MouseButton.LeftButton)
    pad = card.dtmf_popup.pad
    for key in "4111":
        qtbot.mouseClick(pad.button(key), Qt.MouseButton.LeftButton)
    assert await tones(simulator, 4) == ["4", "1", "1", "1"]
    assert pad.sent == "4111"
    assert "4" not in pad.findChild(type(card.header.state), "dtmfEcho").text()
    card.dtmf_popup.hide()
