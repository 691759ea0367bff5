"""Every control a screen-reader user meets has an accessible name and can take the keyboard
focus: the toolbar with a ringing and a connected call, and the settings dialog."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.model import CallState
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import Qt, QtWidgets
from agent_toolbar.settings import Settings
from agent_toolbar.simulators.naumen.simulator import Simulator
from agent_toolbar.ui.settings.settings_dialog import SettingsDialog
from agent_toolbar.ui.window.main_window import MainWindow

CONTROLS = (
    QtWidgets.QAbstractButton,
    QtWidgets.QComboBox,
    QtWidgets.QLineEdit,
    QtWidgets.QAbstractSpinBox,
    QtWidgets.QPlainTextEdit,
    QtWidgets.QListWidget,
)
#: Editors inside another control, which speaks for them to assistive technology.
COMPOUND = (QtWidgets.QComboBox, QtWidgets.QAbstractSpinBox, QtWidgets.QKeySequenceEdit)


def inside_compound(widget: QtWidgets.QWidget, root: QtWidgets.QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, COMPOUND):
            return True
        parent = parent.parentWidget()
    return False


def unnamed_or_unreachable(root: QtWidgets.QWidget) -> list[str]:
    out = []
    for widget in root.findChildren(QtWidgets.QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(root):
            continue
        if inside_compound(widget, root):
            continue
        text = widget.text() if isinstance(widget, QtWidgets.QAbstractButton) else ""
        if not (widget.accessibleName() or text.strip("&")):
            out.append(f"{type(widget).__name__} {widget.objectName()!r}: no accessible name")
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            out.append(f"{type(widget).__name__} {widget.objectName()!r}: no keyboard focus")
    return out


@pytest.mark.asyncio
async def test_the_toolbar_with_calls(
    simulator: Simulator, live_session: Session, live_window: MainWindow, until: Any
) -> None:
    talking = simulator.inject_call("operator", caller="+79161234567", display_name="Иванов Пётр")
    await until(live_session, lambda s: talking in s.calls)
    await live_session.execute(it.Answer(talking))
    await until(live_session, lambda s: s.calls[talking].state is CallState.CONNECTED)
    ringing = simulator.inject_call("operator", caller="+74950000001")
    await until(live_session, lambda s: ringing in s.calls)
    live_window.render_now()
    await asyncio.sleep(0.05)
    buttons = [w for w in live_window.findChildren(QtWidgets.QAbstractButton) if w.isVisible()]
    assert len(buttons) > 6  # both cards' actions are there
    assert unnamed_or_unreachable(live_window) == []


def test_the_settings_dialog(qtbot: QtBot, toolbar_settings: Settings) -> None:
    dialog = SettingsDialog(toolbar_settings)
    qtbot.addWidget(dialog)
    dialog.show()
    problems = []
    for index in range(dialog.stack.count()):
        dialog.pages.setCurrentRow(index)
        problems += unnamed_or_unreachable(dialog)
    assert problems == []
