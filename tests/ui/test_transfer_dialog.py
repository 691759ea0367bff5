"""The transfer dialog: search, recent targets, kinds per capabilities, validation, keyboard,
and the launcher that opens it for a call and sends the transfer to a real simulator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.backends.naumen.adapter import naumen_capabilities
from agent_toolbar.backends.naumen.profile import PhoneKind
from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Why
from agent_toolbar.cti.backend import (
    ALL_FEATURES,
    Capabilities,
    ConnectionStatus,
    Feature,
    LinkState,
)
from agent_toolbar.cti.model import CallState, TransferKind
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import QApplication, Qt, QtWidgets
from agent_toolbar.settings import Settings
from agent_toolbar.simulators.naumen.simulator import Simulator
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.transfer.directory import Section
from agent_toolbar.ui.transfer.transfer_dialog import (
    KIND_ORDER,
    TransferDialog,
    TransferLauncher,
    kind_help,
)
from tests.ui.conftest import LOGIN, settle

DIRECTORY = """\
# department, colleague, queue
Second line support; 201; Departments
Smirnova Olga; 2034; Colleagues
Sales queue; sip:sales@cc.example.com; Queues
Billing; 301; Departments
"""


def dialog_for(
    qtbot: QtBot, state: Any, recent: tuple[str, ...] = (), kind: TransferKind | None = None
) -> TransferDialog:
    dialog = TransferDialog("c1", DIRECTORY, recent, kind)
    qtbot.addWidget(dialog)
    dialog.apply_state(state)
    dialog.show()
    return dialog


def chosen(dialog: TransferDialog) -> list[Any]:
    got: list[Any] = []
    dialog.transfer_chosen.connect(got.append)
    return got


def labels(dialog: TransferDialog) -> list[str]:
    return [row.entry.label for row in dialog.model.rows()]


def offered(dialog: TransferDialog) -> list[TransferKind]:
    return [k for k, b in dialog.kind_buttons.items() if b.isVisibleTo(dialog)]


def test_directory_and_recent_targets_are_listed_recent_first(qtbot: QtBot, states: Any) -> None:
    state = states.connected().ringing().talking().state
    dialog = dialog_for(qtbot, state, recent=("+74951234567", "2034"))
    rows = dialog.model.rows()
    assert [(r.section, r.entry.number) for r in rows] == [
        (Section.RECENT, "+74951234567"),
        (Section.RECENT, "2034"),
        (Section.DIRECTORY, "201"),
        (Section.DIRECTORY, "sip:sales@cc.example.com"),
        (Section.DIRECTORY, "301"),
    ]
    assert rows[1].entry.label == "Smirnova Olga"  # a recent number keeps its directory name
    assert dialog.model.detail(rows[1]) == "2034 · Recent"
    assert dialog.model.detail(rows[2]) == "201 · Departments"
    assert dialog.call_line.text() == "Transfer Петров Пётр · +79161234567"
    assert dialog.search.hasFocus() or QApplication.focusWidget() in (dialog.search, None)
    assert not dialog.transfer_button.isEnabled()  # nothing typed or picked yet


def test_typing_searches_label_number_and_group(qtbot: QtBot, states: Any) -> None:
    dialog = dialog_for(qtbot, states.connected().ringing().talking().state)
    qtbot.keyClicks(dialog.search, "depart")
    assert labels(dialog) == ["Second line support", "Billing"]
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "SMIR")
    assert labels(dialog) == ["Smirnova Olga"]
    assert dialog.choice().target == "2034"  # a typed name picks its best match
    assert dialog.hint.text() == "Enter: consultation transfer to Smirnova Olga (2034)"
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "sales")
    assert dialog.choice().target == "sip:sales@cc.example.com"
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "nobody here")
    assert labels(dialog) == []
    assert dialog.empty_list.isVisibleTo(dialog)
    assert dialog.empty_list.text() == "No match in the directory"


def test_enter_transfers_to_the_match_with_the_selected_kind(qtbot: QtBot, states: Any) -> None:
    dialog = dialog_for(qtbot, states.connected().ringing().talking().state)
    got = chosen(dialog)
    qtbot.keyClicks(dialog.search, "second")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert got == [it.TransferCall("c1", TransferKind.CONSULTATION, "201")]
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted


def test_a_typed_number_is_used_as_typed_until_the_operator_walks_the_list(
    qtbot: QtBot, states: Any
) -> None:
    dialog = dialog_for(qtbot, states.connected().ringing().talking().state)
    got = chosen(dialog)
    qtbot.keyClicks(dialog.search, "20")  # matches 201 and 2034, but "20" is a number
    assert labels(dialog) == ["Second line support", "Smirnova Olga"]
    assert dialog.choice().target == "20"
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    assert dialog.choice().target == "201"
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    assert dialog.choice().target == "2034"
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)  # stays on the last row
    assert dialog.choice().target == "2034"
    for _ in range(2):
        qtbot.keyClick(dialog.search, Qt.Key.Key_Up)
    assert dialog.choice().target == "20"  # back to what was typed
    dialog.search.setText("+7 (495) 123-45-67")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert got == [it.TransferCall("c1", TransferKind.CONSULTATION, "+74951234567")]


def test_alt_digits_pick_the_kind(qtbot: QtBot, states: Any) -> None:
    dialog = dialog_for(qtbot, states.connected().ringing().talking().state)
    got = chosen(dialog)
    assert dialog.kind() is TransferKind.CONSULTATION  # the default
    keys = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4)
    for key, kind in zip(keys, KIND_ORDER, strict=True):
        qtbot.keyClick(dialog.search, key, Qt.KeyboardModifier.AltModifier)
        assert dialog.kind() is kind
        assert dialog.kind_buttons[kind].isChecked()
    assert dialog.search.text() == ""  # the shortcuts typed nothing
    qtbot.keyClicks(dialog.search, "301")
    assert dialog.hint.text() == "Enter: transfer with callback to Billing (301)"
    qtbot.keyClick(dialog.search, Qt.Key.Key_Enter)
    assert got == [it.TransferCall("c1", TransferKind.CALLBACK, "301")]


def test_each_kind_is_explained_in_a_line(qtbot: QtBot, states: Any) -> None:
    dialog = dialog_for(qtbot, states.connected().ringing().talking().state)
    assert offered(dialog) == list(TransferKind)
    helps = {kind_help(k) for k in TransferKind}
    assert len(helps) == 4 and all(h.endswith(".") for h in helps)
    for kind, button in dialog.kind_buttons.items():
        assert button.text() == texts.transfer_kind_text(kind)
    assert not dialog.phone_note.isVisibleTo(dialog)


def test_only_the_kinds_the_backend_offers_are_shown(qtbot: QtBot, states: Any) -> None:
    features = frozenset(ALL_FEATURES - {Feature.TRANSFER_CONSULTATION, Feature.TRANSFER_CALLBACK})
    caps = Capabilities(backend="oktell", features=features)
    state = states.connected().ringing().talking().apply(ev.CapabilitiesChanged(capabilities=caps))
    dialog = dialog_for(qtbot, state.state, kind=TransferKind.CALLBACK)
    assert offered(dialog) == [TransferKind.BLIND, TransferKind.CONFERENCE]
    assert dialog.kind() is TransferKind.BLIND  # the remembered kind is not offered here
    qtbot.keyClick(dialog.search, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert dialog.kind() is TransferKind.BLIND  # Alt+4 cannot pick what is not offered


def test_a_webphone_offers_all_four_kinds_and_says_so(qtbot: QtBot, states: Any) -> None:
    caps = naumen_capabilities(PhoneKind.WEBPHONE)
    state = states.connected().ringing().talking().apply(ev.CapabilitiesChanged(capabilities=caps))
    dialog = dialog_for(qtbot, state.state)
    assert offered(dialog) == list(TransferKind)
    assert dialog.phone_note.isVisibleTo(dialog)
    assert "WebPhone" in dialog.phone_note.text() and "conference calls do not" in (
        dialog.phone_note.text()
    )


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", "Type a number or an address"),
        ("   ", "Type a number or an address"),
        ("hello world", "does not look like a number"),
        ("12ab34", "does not look like a number"),
        ("x@y@z", "does not look like a number"),
    ],
)
def test_empty_and_malformed_targets_are_refused(
    qtbot: QtBot, states: Any, typed: str, problem: str
) -> None:
    dialog = dialog_for(qtbot, states.connected().ringing().talking().state)
    got = chosen(dialog)
    dialog.search.setText(typed)
    if typed.strip():  # flagged as soon as it is typed
        assert problem in dialog.hint.text()
    assert not dialog.transfer_button.isEnabled()
    dialog.accept()
    assert problem in dialog.hint.text()
    assert got == [] and dialog.isVisible()


@pytest.mark.parametrize(
    "typed", ["201", "+79161234567", "8 800 555-35-35", "sip:201@pbx.local", "ivanov@pbx", "*21#"]
)
def test_numbers_and_addresses_are_accepted(qtbot: QtBot, states: Any, typed: str) -> None:
    dialog = dialog_for(qtbot, states.connected().ringing().talking().state)
    dialog.search.setText(typed)
    assert dialog.choice().ok and dialog.transfer_button.isEnabled()


def test_when_the_call_can_no_longer_be_transferred_the_dialog_says_why(
    qtbot: QtBot, states: Any
) -> None:
    states.connected().ringing().talking()
    dialog = dialog_for(qtbot, states.state)
    got = chosen(dialog)
    dialog.search.setText("201")
    assert dialog.transfer_button.isEnabled()
    dialog.apply_state(states.disconnected().state)
    assert not dialog.transfer_button.isEnabled()
    assert dialog.hint.text() == texts.why_text(Why.DISCONNECTED)
    up = ConnectionStatus(state=LinkState.CONNECTED)
    dialog.apply_state(states.apply(ev.ConnectionChanged(status=up)).ended().state)
    assert dialog.hint.text() == texts.why_text(Why.ENDED)
    dialog.apply_state(states.closed().state)
    assert dialog.hint.text() == "The call is over"
    dialog.accept()
    assert got == []


def test_directory_problems_are_skipped_not_fatal(qtbot: QtBot, states: Any) -> None:
    text = "Good; 201\nno number here; hello world; x\n; ;\nToo; many; fields; here\n202"
    dialog = TransferDialog("c1", text)
    qtbot.addWidget(dialog)
    assert [(r.entry.label, r.entry.number) for r in dialog.model.rows()] == [
        ("Good", "201"),
        ("202", "202"),
    ]
    assert len(dialog.model.problems) == 3


# ------------------------------------------------------------------ the launcher, for real


@pytest.mark.asyncio
async def test_launcher_opens_the_dialog_and_the_simulator_gets_the_transfer(
    qtbot: QtBot,
    simulator: Simulator,
    live_session: Session,
    toolbar_settings: Settings,
    until: Any,
) -> None:
    toolbar_settings.set("transfer/directory", DIRECTORY)
    toolbar_settings.set("ui/recent_targets", ["+74951234567"])
    host = QtWidgets.QWidget()
    qtbot.addWidget(host)
    host.show()
    launcher = TransferLauncher(live_session, toolbar_settings, host)
    cid = simulator.inject_call(LOGIN, caller="+79161234567", display_name="Иванов Пётр")
    await until(live_session, lambda s: cid in s.calls)
    problems: list[str] = []
    launcher.problem_reported.connect(problems.append)
    assert launcher.open_for(cid) is None  # a ringing call cannot be transferred yet
    assert problems and texts.why_text(Why.NOT_CONNECTED) in problems[0]

    assert await live_session.execute(it.Answer(cid)) is None
    await until(live_session, lambda s: s.calls[cid].state is CallState.CONNECTED)
    dialog = launcher.open_for(cid)
    assert dialog is not None and dialog.isVisible() and dialog.isModal()
    assert launcher.open_for(cid) is dialog  # a second request raises the same dialog
    assert dialog.model.rows()[0].entry.number == "+74951234567"
    qtbot.keyClicks(dialog.search, "smirnova")
    qtbot.keyClick(dialog.search, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    command = await simulator.wait_for_command("ConsultationTransfer", login=LOGIN)
    assert (command.cid, command.phone_number) == (cid, "2034")  # type: ignore[attr-defined]
    await until(live_session, lambda s: s.calls[cid].transfer is not None)
    await settle()
    assert launcher.dialog is None
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, TransferDialog)]
    assert toolbar_settings.get("ui/recent_targets") == ["2034", "+74951234567"]
    assert launcher.last_kind is TransferKind.CONSULTATION
    launcher.detach()


@pytest.mark.asyncio
async def test_directory_deployed_in_the_system_file_and_locked_recent_targets(
    qtbot: QtBot, tmp_path: Path, simulator: Simulator, live_session: Session, until: Any
) -> None:
    system = tmp_path / "system.ini"
    system.write_text(
        "[transfer]\n"
        'directory="Support line; 300; Queues\\nDuty manager; 200; Colleagues"\n'
        "[admin]\nlocked=ui/recent_targets\n",
        encoding="utf-8",
    )
    settings = Settings(user=tmp_path / "user.ini", system=system)
    host = QtWidgets.QWidget()
    qtbot.addWidget(host)
    host.show()  # the toolbar window (closing the dialog must not close the last window)
    launcher = TransferLauncher(live_session, settings, host)
    cid = simulator.inject_call(LOGIN, caller="+79161234567")
    await until(live_session, lambda s: cid in s.calls)
    assert await live_session.execute(it.Answer(cid)) is None
    await until(live_session, lambda s: s.calls[cid].state is CallState.CONNECTED)
    dialog = launcher.open_for(cid)
    assert dialog is not None
    assert [r.entry.label for r in dialog.model.rows()] == ["Support line", "Duty manager"]
    qtbot.keyClicks(dialog.search, "duty")
    qtbot.keyClick(dialog.search, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    command = await simulator.wait_for_command("Transfer", login=LOGIN)
    assert command.phone_number == "200"  # type: ignore[attr-defined]
    assert settings.get("ui/recent_targets") == []  # locked: never written, no error
    await until(live_session, lambda s: cid not in s.calls)
    launcher.detach()
