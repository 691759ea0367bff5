"""Every button of a card shows its whole text, in English and in Russian.

The real window over a real session, with the controls the app adds to each card (CRM,
call result, timeline): the card widens for its button row up to its maximum, and at the
maximum the row still shows every word (shorter words on the button, the full name in its
tooltip and accessible name).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.app import i18n
from agent_toolbar.backends.naumen.adapter import NaumenBackend
from agent_toolbar.backends.naumen.client import ClientConfig
from agent_toolbar.cti import events as ev
from agent_toolbar.cti.backend import ConnectionStatus, LinkState
from agent_toolbar.cti.model import DisplayKind, DisplayState
from agent_toolbar.cti.session import Session
from agent_toolbar.history.journal import Journal
from agent_toolbar.qt import Qt, QtWidgets
from agent_toolbar.screenpop.config import ScreenPopConfig, Trigger
from agent_toolbar.settings import Settings
from agent_toolbar.ui.calls.call_card import CARD_MAX_WIDTH, CallCard
from agent_toolbar.ui.calls.call_extras import CardExtender
from agent_toolbar.ui.calls.text_features import install_text_features
from agent_toolbar.ui.history.card_timeline import install_card_timelines
from agent_toolbar.ui.history.service import HistoryService
from agent_toolbar.ui.shell.screenpop_opener import ScreenPop
from agent_toolbar.ui.window.main_window import MainWindow

UP = ConnectionStatus(state=LinkState.CONNECTED, server="ws://127.0.0.1:9")
NAME = "Иванов Пётр Сергеевич"


@pytest.fixture(params=["en", "ru"])
def language(request: pytest.FixtureRequest, qapp: QtWidgets.QApplication) -> Iterator[str]:
    assert i18n.install_translations(request.param) == request.param
    yield request.param
    i18n.install_translations("en")


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    j = Journal.open(tmp_path / "history.sqlite3")
    yield j
    j.close()


@pytest.fixture
def window(
    qtbot: QtBot, language: str, toolbar_settings: Settings, journal: Journal
) -> Iterator[tuple[MainWindow, Session]]:
    """The window with every card control the app adds, as wide as the offscreen screen."""
    session = Session(NaumenBackend(ClientConfig(url="ws://127.0.0.1:9", login="operator")))
    toolbar_settings.set("ui/always_on_top", False)
    toolbar_settings.set("wrapup/dispositions", "SALE = Продажа оформлена")
    win = MainWindow(session, toolbar_settings)
    qtbot.addWidget(win)
    screenpop = ScreenPop(
        ScreenPopConfig(template="https://crm.example.com/?n={caller}", trigger=Trigger.OFF),
        browser=lambda _url, _host: None,
    )
    extender = CardExtender(lambda: session.state, screenpop, parent=win)
    win.call_list.card_created.connect(extender.extend)
    install_text_features(win, session, toolbar_settings)
    install_card_timelines(win.call_list, HistoryService(journal), "naumen")
    win.resize(790, 160)  # inside the offscreen screen (800×600)
    win.show()
    yield win, session
    win.detach()


def report(session: Session, state: str) -> None:
    session.apply(ev.ConnectionChanged(status=UP))
    session.apply(ev.AgentStateReported(display=DisplayState(DisplayKind.NORMAL)))
    info = ev.CallInfo(
        cid="c1",
        state=state,
        direction="in",
        kind="voice",
        display_name=NAME,
        params={"caller": "+79161234567", "ProjectTitle": "Доставка"},
    )
    session.apply(ev.CallReported(call=info, new=True))


def shows_words(button: QtWidgets.QAbstractButton) -> bool:
    """Whether the button draws its text (an icon-only tool button keeps it for tooltips)."""
    icon_only = Qt.ToolButtonStyle.ToolButtonIconOnly
    if isinstance(button, QtWidgets.QToolButton) and button.toolButtonStyle() == icon_only:
        return button.icon().isNull() and bool(button.text())  # no icon: the text is drawn
    return bool(button.text())


def row_buttons(card: CallCard) -> list[QtWidgets.QAbstractButton]:
    """The visible buttons of the card's own button row that show words."""
    return [
        b
        for b in card.findChildren(QtWidgets.QAbstractButton)
        if b.parent() is card and b.isVisible() and shows_words(b)
    ]


def needed(button: QtWidgets.QAbstractButton) -> int:
    """How wide the button must be to show its text (and its icon beside it) unclipped."""
    return button.sizeHint().width()


@pytest.mark.parametrize("state", ["new", "connected", "ended"])
def test_every_button_of_the_card_shows_its_whole_text(
    qtbot: QtBot, window: tuple[MainWindow, Session], language: str, state: str
) -> None:
    win, session = window
    report(session, state)
    qtbot.waitUntil(lambda: win.call_list.card("c1") is not None, timeout=2000)
    card = win.call_list.card("c1")
    assert card is not None
    qtbot.waitUntil(lambda: card.header.name.text() == NAME, timeout=2000)
    qtbot.wait(50)  # the strip settles the card's width
    assert card.width() <= CARD_MAX_WIDTH
    buttons = row_buttons(card)
    if state == "ended":
        assert {b.objectName() for b in buttons} >= {"action_close", "callResult", "openCrm"}
    for button in buttons:
        text = button.text().replace("&", "")
        metrics = button.fontMetrics()
        assert metrics.horizontalAdvance(text) <= button.contentsRect().width(), text
        assert button.width() >= needed(button), (button.objectName(), text)
        assert button.accessibleName(), button.objectName()
        assert button.toolTip(), button.objectName()
    timeline = card.findChild(QtWidgets.QToolButton, "cardTimeline")
    assert timeline is not None and timeline.isVisible()
    assert timeline.width() >= timeline.sizeHint().width()


def test_short_words_keep_the_full_name_in_tooltip_and_accessible_name(
    qtbot: QtBot, window: tuple[MainWindow, Session], language: str
) -> None:
    win, session = window
    report(session, "ended")
    qtbot.waitUntil(lambda: win.call_list.card("c1") is not None, timeout=2000)
    card = win.call_list.card("c1")
    assert card is not None
    finish = card.button("close")
    qtbot.waitUntil(finish.isVisible, timeout=2000)
    result = card.findChild(QtWidgets.QPushButton, "callResult")
    assert result is not None and result.isVisible()
    full = {"en": "Finish wrap-up", "ru": "Завершить постобработку"}[language]
    assert finish.accessibleName() == full
    assert finish.toolTip().startswith(full)
    whole = {"en": "Call result and callback", "ru": "Результат обращения и перезвон"}[language]
    assert result.accessibleName() == whole
    assert result.toolTip() == whole


def test_the_card_widens_for_its_button_row_up_to_its_maximum(
    qtbot: QtBot, window: tuple[MainWindow, Session], language: str
) -> None:
    win, session = window
    win.resize(1100, win.height())  # room for the widest card (the screenshots' width)
    report(session, "ended")
    qtbot.waitUntil(lambda: win.call_list.card("c1") is not None, timeout=2000)
    card = win.call_list.card("c1")
    assert card is not None
    qtbot.waitUntil(card.button("close").isVisible, timeout=2000)
    qtbot.wait(50)
    before = card.width()
    extra = QtWidgets.QPushButton("+")
    extra.setFixedWidth(120)  # the row then needs more than the narrowest card, not the widest
    card.add_action_widget(extra)
    extra.show()
    qtbot.waitUntil(lambda: card.width() > before, timeout=2000)
    qtbot.waitUntil(lambda: card.width() == card.sizeHint().width(), timeout=2000)
    assert card.width() < CARD_MAX_WIDTH
    for button in (extra, card.button("close")):
        assert button.width() >= button.sizeHint().width(), button.text()

    wider = QtWidgets.QPushButton("Ещё одна очень длинная надпись на кнопке")
    card.add_action_widget(wider)
    wider.show()
    qtbot.waitUntil(lambda: card.width() == CARD_MAX_WIDTH, timeout=2000)  # no wider than that
    qtbot.wait(50)
    assert card.width() == CARD_MAX_WIDTH
