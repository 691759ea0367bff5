"""Issue 11 item 6: text from the network is shown as typed, never as rich text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.backends.naumen.adapter import NaumenBackend
from agent_toolbar.backends.naumen.client import ClientConfig
from agent_toolbar.cti import events as ev
from agent_toolbar.cti.backend import ConnectionStatus, LinkState
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import QApplication, Qt, QtGui, QtWidgets
from agent_toolbar.settings import Settings
from agent_toolbar.ui.conference.conference_window import install_conferences
from agent_toolbar.ui.window.main_window import MainWindow

HOSTILE = "<font size=7 color=red>CALL BANK</font>"


@pytest.fixture
def window(qtbot: QtBot, toolbar_settings: Settings) -> Iterator[MainWindow]:
    session = Session(NaumenBackend(ClientConfig(url="ws://127.0.0.1:9", login="operator")))
    win = MainWindow(session, toolbar_settings)
    install_conferences(win, session, toolbar_settings)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.detach()


def hostile_labels() -> list[QtWidgets.QLabel]:
    found = []
    for top in QApplication.topLevelWidgets():
        for label in [top, *top.findChildren(QtWidgets.QLabel)]:
            if isinstance(label, QtWidgets.QLabel) and "CALL BANK" in label.text():
                found.append(label)
    return found


def rich_tooltips() -> list[str]:
    found = []
    for top in QApplication.topLevelWidgets():
        for widget in [top, *top.findChildren(QtWidgets.QWidget)]:
            tip = widget.toolTip()
            if "CALL BANK" in tip and "<font" in tip and QtGui.Qt.mightBeRichText(tip):
                found.append(f"{widget.objectName() or type(widget).__name__}: {tip}")
    return found


def test_hostile_names_are_plain_text(qtbot: QtBot, window: MainWindow) -> None:
    session = window.session
    session.apply(ev.ConnectionChanged(status=ConnectionStatus(state=LinkState.CONNECTED)))
    for cid, state in (("c1", "connected"), ("c2", "new")):
        info = ev.CallInfo(
            cid=cid,
            state=state,
            direction="in",
            kind="voice",
            display_name=HOSTILE,
            params={"caller": HOSTILE, "ProjectTitle": HOSTILE},
        )
        session.apply(ev.CallReported(call=info, new=True))
    conf = ev.ConferenceInfo(conf_id="f1", display_name=HOSTILE, calls=("c1",))
    session.apply(ev.ConferenceReported(conference=conf, new=True))
    QApplication.processEvents()
    labels = hostile_labels()
    assert labels, "the name is shown somewhere"
    rich = [
        f"{label.objectName()}|{type(label.parent()).__name__}: {label.text()}"
        for label in labels
        if label.textFormat() is not Qt.TextFormat.PlainText
    ]
    assert rich == []
    assert rich_tooltips() == []


def test_server_reason_is_plain_text(qtbot: QtBot, window: MainWindow) -> None:
    status = ConnectionStatus(
        state=LinkState.FAILED, server="ws://127.0.0.1:9", reason=f"login refused: {HOSTILE}"
    )
    window.session.apply(ev.ConnectionChanged(status=status))
    QApplication.processEvents()
    rich = [
        f"{label.objectName()}|{type(label.parent()).__name__}: {label.text()}"
        for label in hostile_labels()
        if label.textFormat() is not Qt.TextFormat.PlainText
    ]
    assert rich == []
    assert rich_tooltips() == []
