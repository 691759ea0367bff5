"""The conference panel: members with their call state, enablement from the allowed actions,
every command by click and keyboard, the end confirmation, following the server's reports,
WebPhone hiding, and the toolbar button and window against a real simulator."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.backends.naumen.adapter import naumen_capabilities
from agent_toolbar.backends.naumen.profile import PhoneKind
from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Why
from agent_toolbar.cti.model import CallState
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import QApplication, Qt, QtWidgets
from agent_toolbar.settings import Settings
from agent_toolbar.simulators.naumen.simulator import Simulator
from agent_toolbar.ui.calls.call_parts import ElidedLabel
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.conference.conference_panel import ConferencePanel, ConferenceSection
from agent_toolbar.ui.conference.conference_window import ConferenceWindow, install_conferences
from agent_toolbar.ui.shell.hotkeys import Hotkeys
from tests.ui.conftest import LOGIN, settle


def conference(conf_id: str = "1", *calls: str, name: str = "Разбор", inside: bool = True) -> Any:
    info = ev.ConferenceInfo(conf_id=conf_id, display_name=name, calls=calls, operator_in=inside)
    return ev.ConferenceReported(conference=info)


def panel_for(qtbot: QtBot, state: Any) -> tuple[ConferencePanel, list[Any]]:
    panel = ConferencePanel()
    qtbot.addWidget(panel)
    got: list[Any] = []
    panel.intent_requested.connect(got.append)
    panel.apply_state(state)
    panel.show()
    return panel, got


def section(panel: ConferencePanel, conf_id: str = "1") -> ConferenceSection:
    return panel.sections[conf_id]


def rows(section: ConferenceSection) -> list[tuple[str, str]]:
    """(name and number, call state) of every member shown."""
    names = section.members.findChildren(ElidedLabel, "memberName")
    numbers = section.members.findChildren(QtWidgets.QLabel, "memberNumber")
    states = section.members.findChildren(QtWidgets.QLabel, "memberState")
    return [
        (f"{n.full_text()} {m.text()}".strip(), s.text())
        for n, m, s in zip(names, numbers, states, strict=True)
    ]


def two_calls(states: Any) -> Any:
    """c1 talking (in the conference), c2 on hold (not in it), c3 ringing."""
    states.connected().ringing("c1").talking("c1")
    states.ringing("c2", name="Сидорова Анна", number="+79031112233").talking("c2").held("c2")
    return states.ringing("c3", name="", number="+74959876543")


def test_no_conference_offers_to_create_one(qtbot: QtBot, states: Any) -> None:
    panel, got = panel_for(qtbot, states.connected().state)
    assert panel.none.isVisibleTo(panel) and panel.none.text() == "No conference now."
    assert panel.create_button.text() == "New conference" and panel.create_button.isEnabled()
    assert panel.name.placeholderText() == "Name (optional)"
    qtbot.mouseClick(panel.create_button, Qt.MouseButton.LeftButton)
    panel.name.setText("Совещание")  # QTest types ASCII only
    qtbot.keyClick(panel.name, Qt.Key.Key_Return)
    assert got == [it.CreateConference(""), it.CreateConference("Совещание")]
    assert panel.name.text() == ""


def test_members_are_listed_with_their_call_state(qtbot: QtBot, states: Any) -> None:
    two_calls(states).apply(conference("1", "c1", "c2", "c9"))
    panel, _ = panel_for(qtbot, states.state)
    part = section(panel)
    assert part.title() == "Разбор"
    assert part.presence.text() == "You are in the conference"
    assert rows(part) == [
        ("Петров Пётр +79161234567", "Talking"),
        ("Сидорова Анна +79031112233", "On hold"),
        ("Connecting… c9", ""),  # a member the phone has not reported yet
    ]
    assert not panel.none.isVisibleTo(panel)


def test_an_unnamed_conference_is_called_by_its_number(qtbot: QtBot, states: Any) -> None:
    panel, _ = panel_for(qtbot, states.connected().apply(conference("7", name="")).state)
    part = section(panel, "7")
    assert part.title() == "Conference 7"
    assert part.findChild(QtWidgets.QLabel, "conferenceEmpty").text().startswith("No one else")


def test_a_long_call_to_add_keeps_its_whole_number_in_a_narrow_panel(
    qtbot: QtBot, states: Any
) -> None:
    states.connected().ringing("c1").talking("c1")
    states.ringing("c2", "Константинопольская Александра Владимировна", "+79031112233")
    states.talking("c2").apply(conference("1", "c1"))
    panel, _got = panel_for(qtbot, states.state)
    panel.resize(360, panel.height())
    part = section(panel)
    full = "Константинопольская Александра Владимировна · +79031112233"
    qtbot.waitUntil(lambda: part.existing.shown_text() != full, timeout=2000)
    shown = part.existing.shown_text()
    assert "…" in shown and shown.endswith("+79031112233")
    assert part.existing.toolTip() == full
    part.existing.grab()  # draws without complaint


def test_remove_takes_a_member_out(qtbot: QtBot, states: Any) -> None:
    two_calls(states).apply(conference("1", "c1"))
    panel, got = panel_for(qtbot, states.state)
    button = section(panel).remove_buttons["c1"]
    assert button.isEnabled() and "Петров Пётр" in button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert got == [it.RemoveCallFromConference("1", "c1")]
    assert not button.isEnabled()


def test_only_calls_that_can_join_are_offered_to_add(qtbot: QtBot, states: Any) -> None:
    two_calls(states).apply(conference("1", "c1"))
    panel, got = panel_for(qtbot, states.state)
    part = section(panel)
    offered = [part.existing.itemData(i) for i in range(part.existing.count())]
    assert offered == ["c2"]  # c1 is in it already, c3 is still ringing
    assert part.existing.itemText(0) == "Сидорова Анна · +79031112233"
    qtbot.mouseClick(part.add_existing, Qt.MouseButton.LeftButton)
    assert got == [it.AddCallToConference("1", "c2")]
    panel.apply_state(states.apply(conference("1", "c1", "c2")).state)
    assert part.existing.count() == 0 and not part.add_existing.isEnabled()
    assert part.add_existing.toolTip() == "No other call to add"


def test_call_in_a_new_party_by_number(qtbot: QtBot, states: Any) -> None:
    panel, got = panel_for(qtbot, states.connected().apply(conference("1")).state)
    part = section(panel)
    qtbot.mouseClick(part.call_in, Qt.MouseButton.LeftButton)
    assert got == [] and panel.message.text() == "Type a number or an address to call in"
    part.number.setText("позвони")  # QTest types ASCII only
    qtbot.keyClick(part.number, Qt.Key.Key_Return)
    assert got == [] and panel.message.text() == "“позвони” is not a number or an address"
    part.number.clear()
    qtbot.keyClicks(part.number, "+7 (916) 000-11-22")
    qtbot.keyClick(part.number, Qt.Key.Key_Return)
    assert got == [it.MakeConferenceCall("1", "+79160001122")]
    assert part.number.text() == "" and not panel.message.isVisibleTo(panel)


def test_leave_and_rejoin_follow_operator_in_conference(qtbot: QtBot, states: Any) -> None:
    panel, got = panel_for(qtbot, states.connected().apply(conference("1")).state)
    part = section(panel)
    assert part.leave_join.text() == "&Leave"  # Alt+L
    qtbot.mouseClick(part.leave_join, Qt.MouseButton.LeftButton)
    panel.apply_state(states.apply(conference("1", inside=False)).state)
    assert part.leave_join.text() == "&Rejoin"  # Alt+R
    assert part.presence.text() == "You have left; the others are still talking"
    qtbot.mouseClick(part.leave_join, Qt.MouseButton.LeftButton)
    assert got == [it.LeaveConference("1"), it.JoinConference("1")]


def test_end_asks_first(qtbot: QtBot, states: Any) -> None:
    panel, got = panel_for(qtbot, states.connected().apply(conference("1")).state)
    part = section(panel)
    qtbot.mouseClick(part.end, Qt.MouseButton.LeftButton)
    box = panel.confirmation
    assert box is not None and box.isVisible()
    assert "End “Разбор” for everyone?" in box.text()
    assert box.defaultButton() is box.button(QtWidgets.QMessageBox.StandardButton.No)
    qtbot.mouseClick(box.button(QtWidgets.QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    assert got == [] and panel.confirmation is None
    qtbot.mouseClick(part.end, Qt.MouseButton.LeftButton)
    box = panel.confirmation
    assert box is not None
    qtbot.mouseClick(
        box.button(QtWidgets.QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton
    )
    assert got == [it.HangupConference("1")]


def test_the_panel_follows_snapshots_and_closures(qtbot: QtBot, states: Any) -> None:
    two_calls(states).apply(conference("1", "c1"), conference("2", "c2", name="Второй"))
    panel, _ = panel_for(qtbot, states.state)
    assert list(panel.sections) == ["1", "2"]
    snapshot = ev.ConferencesSnapshot(
        conferences=(ev.ConferenceInfo(conf_id="2", display_name="Второй", calls=("c1", "c2")),)
    )
    panel.apply_state(states.apply(snapshot).state)
    assert list(panel.sections) == ["2"]
    assert [n for n, _ in rows(section(panel, "2"))] == [
        "Петров Пётр +79161234567",
        "Сидорова Анна +79031112233",
    ]
    panel.apply_state(states.apply(ev.ConferenceClosed(conf_id="2")).state)
    assert panel.sections == {} and panel.none.isVisibleTo(panel)


def test_while_disconnected_everything_is_greyed_with_the_reason(qtbot: QtBot, states: Any) -> None:
    two_calls(states).apply(conference("1", "c1"))
    panel, _ = panel_for(qtbot, states.disconnected().state)
    part = section(panel)
    why = texts.why_text(Why.DISCONNECTED)
    for button in (part.call_in, part.leave_join, part.end, part.remove_buttons["c1"]):
        assert not button.isEnabled() and why in button.toolTip()
    assert not panel.create_button.isEnabled() and why in panel.create_button.toolTip()


def test_a_webphone_shows_no_conference_controls(qtbot: QtBot, states: Any) -> None:
    caps = naumen_capabilities(PhoneKind.WEBPHONE)
    states.connected().apply(ev.CapabilitiesChanged(capabilities=caps), conference("1"))
    panel, _ = panel_for(qtbot, states.state)
    assert panel.unavailable.isVisibleTo(panel)
    assert panel.unavailable.text() == "The WebPhone has no conference calls."
    assert not panel.create_button.isVisibleTo(panel) and not panel.name.isVisibleTo(panel)
    assert panel.sections == {}


# ------------------------------------------------------------------ window, button, live


@pytest.mark.asyncio
async def test_the_toolbar_button_opens_the_window_and_commands_reach_the_simulator(
    qtbot: QtBot,
    simulator: Simulator,
    live_session: Session,
    toolbar_settings: Settings,
    until: Any,
    talking: Any,
) -> None:
    host = _Host(toolbar_settings)
    qtbot.addWidget(host)
    host.show()
    controller = install_conferences(host, live_session, toolbar_settings)
    button = controller.button
    assert button is not None and button.isVisibleTo(host) and button.text() == ""
    assert controller.shortcut is not None
    assert controller.shortcut.key().toString() == "Ctrl+Alt+C"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    window = controller.window
    assert isinstance(window, ConferenceWindow) and window.isVisible()
    assert window.windowTitle() == "Conferences"
    panel = window.panel
    panel.name.setText("Разбор жалобы")  # QTest types ASCII only
    qtbot.keyClick(panel.name, Qt.Key.Key_Return)
    command = await simulator.wait_for_command("CreateConference", login=LOGIN)
    assert command.conference_name == "Разбор жалобы"  # type: ignore[attr-defined]
    await until(live_session, lambda s: len(s.conferences) == 1)
    await settle()
    assert button.text() == "1" and list(panel.sections) == ["1"]
    assert host.flashed == []  # our own conference is not announced

    await talking(simulator, live_session)
    await settle()
    part = panel.sections["1"]
    qtbot.mouseClick(part.add_existing, Qt.MouseButton.LeftButton)
    await simulator.wait_for_command("AddCallToConference", login=LOGIN)
    qtbot.keyClicks(part.number, "201")
    qtbot.keyClick(part.number, Qt.Key.Key_Return)
    await simulator.wait_for_command("MakeConferenceCall", login=LOGIN)
    await until(live_session, lambda s: len(s.conferences["1"].calls) == 2)
    await until(live_session, lambda s: all(
        s.calls[c].state is CallState.CONNECTED for c in s.conferences["1"].calls))  # fmt: skip
    await settle()
    assert [state for _, state in rows(part)] == ["Talking", "Talking"]

    # a refused command is explained in the panel
    await controller.submit(it.AddCallToConference("1", "no-such-call"))
    assert panel.message.isVisibleTo(panel) and panel.message.text().startswith("Not done: ")

    qtbot.mouseClick(part.end, Qt.MouseButton.LeftButton)
    box = panel.confirmation
    assert box is not None
    qtbot.mouseClick(
        box.button(QtWidgets.QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton
    )
    await simulator.wait_for_command("HangupConference", login=LOGIN)
    await until(live_session, lambda s: not s.conferences and not s.calls)
    await settle()
    assert button.text() == "" and panel.sections == {}
    controller.detach()


@pytest.mark.asyncio
async def test_a_conference_started_elsewhere_is_announced(
    qtbot: QtBot, simulator: Simulator, live_session: Session, attached: Any, until: Any
) -> None:
    host = _Host()
    qtbot.addWidget(host)
    controller = install_conferences(host, live_session, None)
    async with attached(simulator) as other:
        assert await other.execute(it.CreateConference("Из CRM")) is None
    await until(live_session, lambda s: len(s.conferences) == 1)
    await settle()
    assert host.flashed == ["Conference “Из CRM” started"]
    assert controller.button is not None and controller.button.text() == "1"
    controller.detach()


@pytest.mark.asyncio
async def test_a_webphone_has_no_conference_button(
    qtbot: QtBot, simulator: Simulator, attached: Any
) -> None:
    async with attached(simulator) as session:
        caps = naumen_capabilities(PhoneKind.WEBPHONE)
        session.apply(ev.CapabilitiesChanged(capabilities=caps))
        host = _Host()
        qtbot.addWidget(host)
        host.show()
        controller = install_conferences(host, session, None)
        assert controller.button is not None and not controller.button.isVisibleTo(host)
        controller.toggle()
        assert not controller.window.isVisible()
        controller.detach()
    assert QApplication.instance() is not None


class _Host(QtWidgets.QWidget):
    """A stand-in for the toolbar window: a status line with a trailing layout, and flash()."""

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.flashed: list[str] = []
        self.hotkeys = Hotkeys(self, settings)
        self.status_area = QtWidgets.QWidget(self)
        self.status_area.trailing = QtWidgets.QHBoxLayout(self.status_area)  # type: ignore[attr-defined]
        QtWidgets.QVBoxLayout(self).addWidget(self.status_area)

    def flash(self, text: str) -> None:
        self.flashed.append(text)

    def add_status_widget(self, widget: QtWidgets.QWidget) -> None:
        self.status_area.trailing.insertWidget(0, widget)  # type: ignore[attr-defined]
