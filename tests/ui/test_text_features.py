"""Text-session cards, the call-result dialog, the notice composer and the service menu on the
real window over a real session attached to the simulator."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.conversation import ChatPhase
from agent_toolbar.cti.model import CallState
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import Qt, QtWidgets
from agent_toolbar.settings import Settings
from agent_toolbar.simulators.naumen.simulator import Simulator
from agent_toolbar.ui.calls.call_card import CallCard
from agent_toolbar.ui.calls.text_features import TextCardExtender, install_text_features
from agent_toolbar.ui.window.main_window import MainWindow
from agent_toolbar.ui.window.service_menu import ServiceMenu

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from tests.conftest import Until

pytestmark = pytest.mark.asyncio
LOGIN = "operator"
PROJECT = "corebo00000000000mpbgpl1m3dhvbmg4"
CATALOGUE = "CRR_DISCONNECT = Разъединение\nSALE = Продажа оформлена\nCONSULT = Консультация"


def card_of(window: MainWindow, cid: str) -> CallCard:
    cards = [c for c in window.call_list.findChildren(CallCard) if c.cid == cid]
    assert cards, f"no card for {cid}"
    return cards[0]


def extended(window: MainWindow, session: Session, settings: Settings) -> TextCardExtender:
    settings.set("wrapup/dispositions", CATALOGUE)
    return install_text_features(window, session, settings)


async def test_a_chat_card_takes_the_session_into_work_and_shows_the_conversation(
    qtbot: QtBot,
    live_window: MainWindow,
    live_session: Session,
    simulator: Simulator,
    toolbar_settings: Settings,
    until: Until,
    loop_turns: object,
) -> None:
    extender = extended(live_window, live_session, toolbar_settings)
    cid = simulator.inject_text_session(
        LOGIN, channel="telegram", customer="Смирнова Ольга", text="Добрый день!"
    )
    await until(
        live_session, lambda s: cid in s.conversations and bool(s.conversations[cid].waiting)
    )
    await loop_turns()  # type: ignore[operator]
    card = card_of(live_window, cid)
    for name in ("answer", "hold", "mute", "dtmf"):
        assert not card.button(name).isVisible(), name
    parts = extender.parts[cid]
    assert parts.take.isVisible() and parts.take.isEnabled()
    assert parts.view.isVisible() and "Telegram" in parts.view.title.text()
    assert "Добрый день!" in parts.view.messages.toPlainText()
    qtbot.mouseClick(parts.take, Qt.MouseButton.LeftButton)
    await until(live_session, lambda s: s.conversations[cid].phase is ChatPhase.IN_WORK)
    simulator.text_message(simulator.text_session_id(LOGIN, cid), "Где мой заказ?")
    await until(live_session, lambda s: len(s.conversations[cid].messages) == 3)
    await loop_turns()  # type: ignore[operator]
    shown = parts.view.messages.toPlainText()
    assert "Смирнова Ольга" in shown and "Script" in shown and "Где мой заказ?" in shown
    assert not parts.take.isVisible()
    assert "in work" in parts.view.title.text()


async def test_the_result_dialog_gates_finish_and_schedules_a_callback(
    qtbot: QtBot,
    live_window: MainWindow,
    live_session: Session,
    simulator: Simulator,
    toolbar_settings: Settings,
    until: Until,
    loop_turns: object,
) -> None:
    toolbar_settings.set("wrapup/disposition_required", True)
    extender = extended(live_window, live_session, toolbar_settings)
    cid = simulator.inject_call(
        LOGIN, caller="+79161234567", display_name="Петров Пётр", params={"ProjectId": PROJECT}
    )
    await until(live_session, lambda s: cid in s.calls)
    await live_session.execute(it.Answer(cid))
    await until(live_session, lambda s: s.calls[cid].state is CallState.CONNECTED)
    simulator.end_call_remote(LOGIN, cid)
    await until(live_session, lambda s: s.calls[cid].state is CallState.ENDED)
    await loop_turns()  # type: ignore[operator]
    card = card_of(live_window, cid)
    close = card.button("close")
    assert close.isVisible() and not close.isEnabled()
    assert "Choose the call result first" in close.toolTip()
    parts = extender.parts[cid]
    assert parts.result.isVisible() and parts.result.isEnabled()
    qtbot.mouseClick(parts.result, Qt.MouseButton.LeftButton)
    dialog = extender.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.list.count() == 3
    dialog.search.setText("продаж")
    visible = [dialog.list.item(i).text() for i in range(3) if not dialog.list.item(i).isHidden()]
    assert visible == ["Продажа оформлена  ·  SALE"] and dialog.selected_code() == "SALE"
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    await until(live_session, lambda s: s.wrapup_of(cid).disposition == "SALE")
    await loop_turns()  # type: ignore[operator]
    assert "Продажа оформлена" in dialog.status.text()
    request = simulator.world.pms_requests[-1]
    assert request.data is not None and request.data["finishAction"]["callDisposition"] == "SALE"
    assert card.button("close").isEnabled()
    assert "Продажа оформлена" in parts.view.wrapup.text()

    assert dialog.phone.text() == "+79161234567"
    qtbot.mouseClick(dialog.schedule, Qt.MouseButton.LeftButton)
    await until(live_session, lambda s: s.wrapup_of(cid).callback_at is not None)
    await loop_turns()  # type: ignore[operator]
    assert "Callback scheduled" in dialog.status.text()
    assert simulator.world.pms_requests[-1].data["adjournAction"]["phone"] == "+79161234567"  # type: ignore[index]
    dialog.phone.setText("not a number")
    qtbot.mouseClick(dialog.schedule, Qt.MouseButton.LeftButton)
    for _ in range(50):
        await loop_turns()  # type: ignore[operator]
        if "Not saved" in dialog.status.text():
            break
    assert dialog.status.text() == "Not saved: the number to call back is not valid"
    dialog.close()


async def test_the_notice_composer_and_the_service_menu(
    qtbot: QtBot,
    live_window: MainWindow,
    live_session: Session,
    simulator: Simulator,
    toolbar_settings: Settings,
    until: Until,
    loop_turns: object,
) -> None:
    toolbar_settings.set("supervisor/enabled", True)
    toolbar_settings.set("supervisor/projects", f"{PROJECT} = Линия поддержки")
    extended(live_window, live_session, toolbar_settings)
    (menu,) = live_window.findChildren(ServiceMenu)
    menu.refresh()
    assert all(a.isEnabled() for a in menu.actions.values())
    assert menu.actions[next(iter(menu.actions))].isVisible()
    menu.open_broadcast()
    dialog = menu.dialog
    assert dialog is not None
    dialog.recipients.setText("ivanova, petrov")
    dialog.text.setPlainText("SL снизился до 20%.")
    qtbot.mouseClick(dialog.send, Qt.MouseButton.LeftButton)
    for _ in range(100):
        await loop_turns()  # type: ignore[operator]
        if simulator.world.broadcasts:
            break
    sent = simulator.world.broadcasts[-1]
    assert sent.NAME == "BroadcastMessage" and sent.to == ("ivanova", "petrov")
    await loop_turns()  # type: ignore[operator]
    assert dialog.status.text() == "The notice was sent."
    dialog.tabs.setCurrentIndex(1)
    dialog.supervisors.setChecked(True)
    dialog.text.setPlainText("SL 20%")
    qtbot.mouseClick(dialog.send, Qt.MouseButton.LeftButton)
    for _ in range(100):
        await loop_turns()  # type: ignore[operator]
        if len(simulator.world.broadcasts) == 2:
            break
    project = simulator.world.broadcasts[-1]
    assert project.NAME == "BroadcastProjectMessage"
    assert (project.project_id, project.to) == (PROJECT, ("supervisor",))  # type: ignore[union-attr]
    dialog.close()

    flashed: list[str] = []

    menu.run(it.ReopenRootPage(), "reloaded", flashed.append)
    menu.run(it.BindNumber("79990001122"), "bound", flashed.append)
    for _ in range(100):
        await loop_turns()  # type: ignore[operator]
        if len(flashed) == 2:
            break
    assert "reloaded" in flashed
    assert any(text.startswith("Not done:") for text in flashed)
    assert isinstance(live_window.menu_button.menu(), QtWidgets.QMenu)


async def test_music_on_hold_from_the_card_menu_flashes_its_result(
    live_window: MainWindow,
    live_session: Session,
    simulator: Simulator,
    toolbar_settings: Settings,
    until: Until,
    loop_turns: object,
) -> None:
    extender = extended(live_window, live_session, toolbar_settings)
    cid = simulator.inject_call(LOGIN, caller="+79161234567")
    await until(live_session, lambda s: cid in s.calls)
    await live_session.execute(it.Answer(cid))
    await until(live_session, lambda s: s.calls[cid].state is CallState.CONNECTED)
    await loop_turns()  # type: ignore[operator]
    parts = extender.parts[cid]
    assert parts.more.isVisible() and parts.music.isEnabled()
    extender.run(parts.card, it.SetMusicOnHold(cid, "file:res\\sounds\\music\\sp.raw"), "set")
    command = await simulator.wait_for_command("SetMusicOnHold")
    assert command.url == "file:res\\sounds\\music\\sp.raw"  # type: ignore[attr-defined]
    for _ in range(50):
        await loop_turns()  # type: ignore[operator]
        if live_window.status_area.flashed == "set":
            break
    assert live_window.status_area.flashed == "set"
    await live_session.execute(it.Hangup(cid))
    await until(live_session, lambda s: s.calls[cid].state is CallState.ENDED)
    await loop_turns()  # type: ignore[operator]
    assert not parts.more.isVisible()
    assert parts.result.isVisible()
