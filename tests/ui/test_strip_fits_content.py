"""The horizontal strip fits what it shows: whole names when there is room, and no hole in a
card once a taller state (an error, a transfer) is over."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.backends.naumen.adapter import NaumenBackend
from agent_toolbar.backends.naumen.client import ClientConfig
from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import ConnectionStatus, LinkState
from agent_toolbar.cti.model import DisplayKind, DisplayState
from agent_toolbar.cti.outcomes import CommandFailure, FailureReason
from agent_toolbar.cti.session import Session
from agent_toolbar.settings import Settings
from agent_toolbar.ui.calls.call_card import CARD_MAX_WIDTH, CARD_WIDTH, CallCard
from agent_toolbar.ui.window.main_window import MainWindow

LONG_NAME = "Константинопольский Пётр Ильич"
UP = ConnectionStatus(state=LinkState.CONNECTED, server="ws://127.0.0.1:9")


@pytest.fixture
def session() -> Session:
    """A real session whose backend never starts: the test reports what a server would."""
    return Session(NaumenBackend(ClientConfig(url="ws://127.0.0.1:9", login="operator")))


@pytest.fixture
def window(qtbot: QtBot, session: Session, toolbar_settings: Settings) -> Iterator[MainWindow]:
    toolbar_settings.set("ui/always_on_top", False)
    win = MainWindow(session, toolbar_settings)
    qtbot.addWidget(win)
    win.resize(780, 140)  # inside the offscreen screen (800×600)
    win.show()
    yield win
    win.detach()


def talking_call(session: Session, name: str = "Иванова Мария") -> None:
    session.apply(ev.ConnectionChanged(status=UP))
    session.apply(ev.AgentStateReported(display=DisplayState(DisplayKind.NORMAL)))
    info = ev.CallInfo(
        cid="c1",
        state="connected",
        direction="in",
        kind="voice",
        display_name=name,
        params={"caller": "+79161234567", "ProjectTitle": "Доставка"},
    )
    session.apply(ev.CallReported(call=info, new=True))


def shown_card(qtbot: QtBot, window: MainWindow) -> CallCard:
    qtbot.waitUntil(lambda: window.call_list.card("c1") is not None, timeout=2000)
    card = window.call_list.card("c1")
    assert card is not None
    return card


def test_a_long_name_is_whole_while_the_strip_has_room(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    talking_call(session, LONG_NAME)
    card = shown_card(qtbot, window)
    qtbot.waitUntil(lambda: card.header.name.text() == LONG_NAME, timeout=2000)
    assert CARD_WIDTH < card.width() <= CARD_MAX_WIDTH
    assert not card.header.name.toolTip()  # nothing hidden, nothing to explain

    window.resize(window.minimumWidth(), window.height())  # no room left: the name gives way
    qtbot.waitUntil(lambda: card.width() == CARD_WIDTH, timeout=2000)
    qtbot.waitUntil(lambda: card.header.name.text() != LONG_NAME, timeout=2000)
    assert card.header.name.toolTip() == LONG_NAME


def test_the_strip_shrinks_back_after_a_taller_state(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    talking_call(session)
    card = shown_card(qtbot, window)
    window.resize(window.width(), window.minimumHeight())  # a compact strip
    qtbot.wait(20)
    compact = window.height()
    hold = it.Hold("c1", on=True)
    session.apply(ev.IntentIssued(intent=hold))
    session.apply(
        ev.IntentSettled(
            intent=hold, error=CommandFailure(FailureReason.ERROR, "the server said no")
        )
    )
    qtbot.waitUntil(card.error_row.isVisible, timeout=2000)
    qtbot.waitUntil(lambda: window.height() > compact, timeout=2000)  # grown for the error
    tall = window.height()

    session.dismiss_error("c1")
    qtbot.waitUntil(lambda: not card.error_row.isVisible(), timeout=2000)
    qtbot.waitUntil(lambda: window.height() < tall, timeout=2000)
    assert window.height() == window.minimumHeight() == compact


def test_a_strip_the_operator_made_taller_keeps_its_height(
    qtbot: QtBot, window: MainWindow, session: Session
) -> None:
    talking_call(session)
    card = shown_card(qtbot, window)
    window.resize(window.width(), 320)
    hold = it.Hold("c1", on=True)
    session.apply(ev.IntentIssued(intent=hold))
    session.apply(
        ev.IntentSettled(
            intent=hold, error=CommandFailure(FailureReason.ERROR, "the server said no")
        )
    )
    qtbot.waitUntil(card.error_row.isVisible, timeout=2000)
    session.dismiss_error("c1")
    qtbot.waitUntil(lambda: not card.error_row.isVisible(), timeout=2000)
    qtbot.wait(50)  # let the layout settle: nothing should shrink
    assert window.height() == 320
