"""The History window over a real journal: lists, missed count, filters, actions, keyboard."""

from __future__ import annotations

import asyncio
import csv
import os
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.history import events as je
from agent_toolbar.history.journal import Journal
from agent_toolbar.history.model import (
    CallDirection,
    CallKey,
    CallResult,
    EntryKind,
    Outcome,
    OutcomeCategory,
    Party,
)
from agent_toolbar.history.offline import CallSnap, OfflineReason, OfflineSummary
from agent_toolbar.qt import QtCore, QtGui, QtWidgets
from agent_toolbar.ui.history.service import HistoryService
from agent_toolbar.ui.history.window import HistoryWindow

pytestmark = pytest.mark.asyncio
Qt = QtCore.Qt
NOW = time.time()


async def until_true(check: Callable[[], object], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        await asyncio.sleep(0.01)


def _calls(journal: Journal) -> None:
    a, b = CallKey("naumen", "a"), CallKey("naumen", "b")
    for event in (
        je.CallOpened(
            a,
            NOW - 600,
            CallDirection.IN,
            (Party("caller", "+79161234567", "Иванов Пётр"),),
            project="Продажи",
        ),
        je.UrlPopped(a, NOW - 599, "https://crm.example.com/card?phone=79161234567"),
        je.CallMoment(a, EntryKind.ANSWER, NOW - 590),
        je.CallMoment(a, EntryKind.TRANSFER_TRY, NOW - 560, target="202", detail="blind"),
        je.CallMoment(
            a,
            EntryKind.TRANSFER_RESULT,
            NOW - 555,
            outcome=Outcome(OutcomeCategory.BUSY, "7", "Busy"),
        ),
        je.CallEnded(a, NOW - 500, CallResult.ANSWERED),
        je.WrapUpClosed(a, NOW - 480),
        je.CallOpened(b, NOW - 300, CallDirection.IN, (Party("caller", "+74951112233", "Ольга"),)),
        je.CallEnded(b, NOW - 280, CallResult.MISSED),
        je.WrapUpClosed(b, NOW - 280),
    ):
        journal.record(event)
    assert journal.flush()


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    j = Journal.open(tmp_path / "history.sqlite3")
    _calls(j)
    yield j
    j.close()


@pytest.fixture
def dialled() -> list[str]:
    return []


@pytest.fixture
def opened() -> list[str]:
    return []


@pytest.fixture
def window(
    qtbot: QtBot, journal: Journal, dialled: list[str], opened: list[str]
) -> Iterator[HistoryWindow]:
    service = HistoryService(journal)

    def reopen(url: str) -> str | None:
        opened.append(url)
        return None

    w = HistoryWindow(service, dial=dialled.append, reopen=reopen)
    qtbot.addWidget(w)
    yield w
    service.close()


def _rows(w: HistoryWindow) -> list[str]:
    model = w.table.calls
    return [
        model.data(model.index(r, 2), Qt.ItemDataRole.DisplayRole) for r in range(model.rowCount())
    ]


async def test_opening_lists_the_calls_and_clears_the_missed_count(
    window: HistoryWindow, journal: Journal
) -> None:
    await window.service.refresh_unseen()
    assert window.service.unseen == 1
    assert window.windowTitle() == "Call history — missed: 1"
    seen: list[int] = []
    window.service.unseen_changed.connect(seen.append)
    window.show()
    await until_true(lambda: _rows(window) == ["+74951112233", "+79161234567"])
    await until_true(lambda: seen == [0])
    assert journal.unseen_missed() == 0
    assert window.windowTitle() == "Call history"
    # The missed call stays bold in this listing (it was unseen when listed).
    model = window.table.calls
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(0, 4), Qt.ItemDataRole.DisplayRole) == "missed"
    assert window.status.text() == "Calls: 2"


async def test_the_selected_call_shows_its_timeline_and_actions(
    window: HistoryWindow, dialled: list[str], opened: list[str], qtbot: QtBot
) -> None:
    window.show()
    await until_true(lambda: len(_rows(window)) == 2)
    window.table.selectRow(1)
    await until_true(
        lambda: (
            window.details.record is not None
            and window.details.record.summary.number == "+79161234567"
        )
    )
    details = window.details
    assert details.title.text() == "Incoming call +79161234567 (Иванов Пётр), Продажи"
    text = details.timeline.toPlainText()
    assert "Transfer to 202 (blind) → busy (7 Busy)" in text
    assert "CRM opened: https://crm.example.com/card?phone=79161234567" in text
    assert "Answered  talk 1:30" in text

    details.copy_timeline.click()
    assert QtGui.QGuiApplication.clipboard().text().startswith("Incoming call +79161234567")
    details.copy_number.click()
    assert QtGui.QGuiApplication.clipboard().text() == "+79161234567"
    details.reopen.click()
    assert opened == ["https://crm.example.com/card?phone=79161234567"]
    details.call_back.click()
    assert dialled == ["+79161234567"]

    window.table.selectRow(0)  # the missed call: nothing was popped for it
    await until_true(
        lambda: (
            window.details.record is not None
            and window.details.record.summary.number == "+74951112233"
        )
    )
    assert not details.reopen.isEnabled() and details.reopen.toolTip()


async def test_the_keyboard_calls_back_and_copies(
    window: HistoryWindow, dialled: list[str], qtbot: QtBot
) -> None:
    window.show()
    await until_true(lambda: len(_rows(window)) == 2)
    window.table.setFocus()
    window.table.selectRow(0)
    await until_true(lambda: window.details.record is not None)
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    await until_true(
        lambda: (
            window.details.record is not None
            and window.details.record.summary.number == "+79161234567"
        )
    )
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert dialled == ["+79161234567"]
    QtGui.QGuiApplication.clipboard().clear()
    qtbot.keyClick(window.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QtGui.QGuiApplication.clipboard().text() == "+79161234567"
    window.activateWindow()
    await until_true(window.isActiveWindow)
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.filters.search.hasFocus()
    qtbot.keyClicks(window.filters.search, "4951")  # QTest types ASCII only
    await until_true(lambda: _rows(window) == ["+74951112233"])


async def test_search_and_filters_narrow_the_list(window: HistoryWindow) -> None:
    window.show()
    await until_true(lambda: len(_rows(window)) == 2)
    window.filters.search.setText("пётр")
    await until_true(lambda: _rows(window) == ["+79161234567"])
    window.filters.search.setText("495 111")
    await until_true(lambda: _rows(window) == ["+74951112233"])
    window.filters.search.clear()
    await until_true(lambda: len(_rows(window)) == 2)
    window.filters.missed_only.setChecked(True)
    await until_true(lambda: _rows(window) == ["+74951112233"])
    window.filters.missed_only.setChecked(False)
    window.filters.direction.setCurrentIndex(2)  # outgoing
    await until_true(lambda: _rows(window) == [])
    assert window.status.text() == "No calls"
    assert window.details.record is None
    window.filters.direction.setCurrentIndex(0)
    window.filters.period.setCurrentIndex(1)  # today
    same_day = time.localtime(NOW - 600).tm_yday == time.localtime(NOW).tm_yday
    await until_true(lambda: len(_rows(window)) == (2 if same_day else 1))


async def test_a_note_is_saved_through_its_dialog(window: HistoryWindow, journal: Journal) -> None:
    window.show()
    await until_true(lambda: len(_rows(window)) == 2)
    window.table.selectRow(0)
    await until_true(lambda: window.details.record is not None)
    window.details.edit_note.click()
    dialog = window.findChild(QtWidgets.QInputDialog, "historyNoteDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.setTextValue("  перезвонить после 15:00 ")
    dialog.accept()
    await until_true(lambda: window.details.note.text() == "Note: перезвонить после 15:00")
    assert journal.recent()[0].note == "перезвонить после 15:00"
    model = window.table.calls
    await until_true(lambda: "✎" in model.data(model.index(0, 3), Qt.ItemDataRole.DisplayRole))


async def test_export_writes_the_listed_calls_for_the_user_alone(
    window: HistoryWindow, tmp_path: Path
) -> None:
    window.show()
    await until_true(lambda: len(_rows(window)) == 2)
    window.filters.missed_only.setChecked(True)
    out = tmp_path / "export.csv"
    assert await window._export(out) == 1
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 2 and rows[1][3] == "'+74951112233"
    assert window.status.text() == f"Calls exported: 1 ({out})"


async def test_clear_asks_first_and_then_empties_the_list(
    window: HistoryWindow, journal: Journal
) -> None:
    window.show()
    await until_true(lambda: len(_rows(window)) == 2)
    window.clear_button.click()
    box = window.findChild(QtWidgets.QMessageBox, "historyClearDialog")
    assert box is not None and box.isVisible()
    box.button(QtWidgets.QMessageBox.StandardButton.No).click()
    await asyncio.sleep(0.1)
    assert journal.counts().calls == 2
    window.clear_button.click()
    box = window.findChild(QtWidgets.QMessageBox, "historyClearDialog")
    box.button(QtWidgets.QMessageBox.StandardButton.Yes).click()
    await until_true(lambda: _rows(window) == [])
    assert journal.counts().calls == 0


async def test_a_new_call_in_the_journal_appears_and_counts(
    window: HistoryWindow, journal: Journal
) -> None:
    window.show()
    await until_true(lambda: len(_rows(window)) == 2)
    await until_true(lambda: window.service.unseen == 0)
    key = CallKey("naumen", "c")
    journal.record(je.CallOpened(key, NOW, CallDirection.IN, (Party("caller", "+70000000009"),)))
    journal.record(je.CallEnded(key, NOW + 5, CallResult.MISSED))
    window.service.poke()
    await until_true(lambda: _rows(window)[:1] == ["+70000000009"])
    assert window.service.unseen == 1
    assert window.windowTitle() == "Call history — missed: 1"


async def test_the_offline_summary_is_shown_and_dismissed(window: HistoryWindow, qtbot) -> None:
    window.show()
    summary = OfflineSummary(
        NOW - 95,
        NOW,
        OfflineReason.RECONNECT,
        ended=(CallSnap("x", "connected", number="+79160000001"),),
        operator_before="normal",
        operator_after="away:Dinner",
    )
    window.service.show_offline(summary)
    assert window.banner.isVisible()
    assert window.banner.text.text().splitlines() == [
        "While the connection was down (1:35):",
        "Ended: +79160000001",
        "Your state: Ready → Not ready (Dinner)",
    ]
    window.activateWindow()
    await until_true(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.banner.isVisible() and window.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # a second Escape closes the window
    assert not window.isVisible()
    window.show()
    window.service.show_offline(OfflineSummary(NOW, NOW + 1, OfflineReason.CLOCK_JUMP))
    assert not window.banner.isVisible()  # nothing changed: nothing to say


async def test_a_journal_that_had_to_recover_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"not a database" * 100)
    journal = Journal.open(path)
    service = HistoryService(journal)
    window = HistoryWindow(service)
    qtbot.addWidget(window)
    try:
        window.show()
        assert window.problem.isVisible()
        assert window.problem.text().startswith("The history file was damaged")
    finally:
        service.close()
        journal.close()
    ok = Journal.open(tmp_path / "fresh.sqlite3")
    quiet = HistoryWindow(HistoryService(ok))
    qtbot.addWidget(quiet)
    quiet.show()
    assert not quiet.problem.isVisible()
    quiet.service.close()
    ok.close()


async def test_a_closed_service_cancels_its_reads_and_signals_nothing(
    qtbot: QtBot, journal: Journal
) -> None:
    """At quit the service closes before Qt deletes it: nothing may signal afterwards."""
    service = HistoryService(journal)
    signals: list[object] = []
    service.changed.connect(lambda: signals.append("changed"))
    service.unseen_changed.connect(signals.append)
    service.poke()
    reading = asyncio.get_running_loop().create_future()
    service.spawn(asyncio.wait_for(reading, 5))  # a read still running at quit
    service.close()
    assert not service._poke.isActive()
    assert all(task.cancelling() for task in service._tasks)
    service.poke()  # journalled after close: ignored
    service.spawn(service.refresh_unseen())  # dropped, not run
    await asyncio.sleep(0.4)
    assert signals == [] and not service._poke.isActive()
    await service.refresh_unseen()  # a read finishing after close signals nothing either
    assert signals == []
