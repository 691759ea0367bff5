"""The journal wired to a real session over the simulator: two calls, one missed, call back."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.model import CallState
from agent_toolbar.cti.session import Session
from agent_toolbar.history.model import CallKey
from agent_toolbar.simulators.naumen.simulator import Simulator
from agent_toolbar.ui.history.feature import HistoryFeature

pytestmark = pytest.mark.asyncio
LOGIN = "operator"


async def until_true(check: Callable[[], object], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        await asyncio.sleep(0.01)


async def test_two_calls_one_missed_listed_counted_and_called_back(
    qtbot: QtBot, tmp_path: Path, simulator: Simulator, live_session: Session, until: Any
) -> None:
    feature = await HistoryFeature.open(tmp_path / "history.sqlite3", watch=False)
    counts: list[int] = []
    feature.service.unseen_changed.connect(counts.append)
    feature.attach(live_session, "naumen")
    try:
        talked = simulator.inject_call(LOGIN, caller="+79161234567", display_name="Иванов Пётр")
        await until(live_session, lambda s: talked in s.calls)
        assert await live_session.execute(it.Answer(talked)) is None
        await until(live_session, lambda s: s.calls[talked].state is CallState.CONNECTED)
        assert await live_session.execute(it.Hangup(talked)) is None
        await until(live_session, lambda s: s.calls[talked].state is CallState.ENDED)
        assert await live_session.execute(it.CloseCall(talked)) is None
        await until(live_session, lambda s: talked not in s.calls)

        missed = simulator.inject_call(LOGIN, caller="+74951112233", display_name="Ольга")
        await until(live_session, lambda s: missed in s.calls)
        simulator.end_call_remote(LOGIN, missed)
        await until(live_session, lambda s: missed not in s.calls
                    or s.calls[missed].state is CallState.ENDED)  # fmt: skip
        if missed in live_session.state.calls:
            assert await live_session.execute(it.CloseCall(missed)) is None

        await until_true(lambda: counts[-1:] == [1])  # the tray's count
        window = feature.show_window()
        qtbot.addWidget(window)
        model = window.table.calls
        await until_true(lambda: model.rowCount() == 2)
        numbers = [model.call_at(r).number for r in range(2)]  # type: ignore[union-attr]
        assert numbers == ["+74951112233", "+79161234567"]
        assert model.call_at(0).missed and not model.call_at(1).missed  # type: ignore[union-attr]
        await until_true(lambda: counts[-1:] == [0])  # opening the list cleared it
        assert window.windowTitle() == "Call history"

        window.table.selectRow(0)
        await until_true(lambda: window.details.record is not None
                         and window.details.record.summary.number == "+74951112233")  # fmt: skip
        assert window.details.call_back.isEnabled()
        window.details.call_back.click()
        command = await simulator.wait_for_command("MakeCall")
        assert command.phone_number == "+74951112233"
        state = await until(live_session, lambda s: any(
            c.called == "+74951112233" for c in s.calls.values()))  # fmt: skip
        assert state.calls
        assert feature.counts().calls >= 2
    finally:
        feature.close()


async def test_a_screen_pop_is_journalled_and_reopens_from_the_history(
    qtbot: QtBot, tmp_path: Path, simulator: Simulator, live_session: Session, until: Any
) -> None:
    from agent_toolbar.screenpop import ScreenPopConfig
    from agent_toolbar.ui.shell.screenpop_opener import ScreenPop

    opened: list[str] = []
    config = ScreenPopConfig(template="https://crm.example.com/card?phone={caller}")
    screenpop = ScreenPop(config, browser=lambda url, _host: opened.append(url))
    screenpop.attach(live_session)
    feature = await HistoryFeature.open(
        tmp_path / "history.sqlite3",
        watch=False,
        screenpop_config=lambda: screenpop.config,
        browser=lambda url, _host: opened.append(url),
    )
    feature.attach(live_session, "naumen")
    assert feature.recorder is not None
    screenpop.url_opened.connect(feature.recorder.url_popped)  # as the toolbar wires it
    try:
        cid = simulator.inject_call(LOGIN, caller="+79161234567", display_name="Иванов Пётр")
        await until_true(lambda: opened)
        url = "https://crm.example.com/card?phone=%2B79161234567"
        assert opened == [url]
        await until(live_session, lambda s: cid in s.calls)
        assert feature.journal.flush()
        record = feature.journal.latest_for(CallKey("naumen", cid))
        assert record is not None and record.urls == (url,)

        window = feature.show_window()
        qtbot.addWidget(window)
        await until_true(lambda: window.table.calls.rowCount() == 1)
        window.table.selectRow(0)
        await until_true(lambda: window.details.reopen.isEnabled())
        window.details.reopen.click()  # the same check, the same opener
        assert opened == [url, url]
    finally:
        feature.close()
        await screenpop.close()


async def test_the_call_result_chosen_in_wrap_up_is_journalled_and_shown(
    qtbot: QtBot, tmp_path: Path, simulator: Simulator, live_session: Session, until: Any
) -> None:
    labels = {"SALE": "Продажа оформлена"}
    feature = await HistoryFeature.open(
        tmp_path / "history.sqlite3",
        watch=False,
        disposition_label=lambda code: labels.get(code, code),
    )
    feature.attach(live_session, "naumen")
    try:
        project = "corebo00000000000mpbgpl1m3dhvbmg4"
        cid = simulator.inject_call(LOGIN, caller="+79161234567", params={"ProjectId": project})
        await until(live_session, lambda s: cid in s.calls)
        assert await live_session.execute(it.Answer(cid)) is None
        await until(live_session, lambda s: s.calls[cid].state is CallState.CONNECTED)
        assert await live_session.execute(it.Hangup(cid)) is None
        await until(live_session, lambda s: s.calls[cid].state is CallState.ENDED)
        assert await live_session.execute(it.SetDisposition(cid, "SALE")) is None
        await simulator.wait_for_command("SendPmsRestRequest")
        assert await live_session.execute(it.CloseCall(cid)) is None
        await until(live_session, lambda s: cid not in s.calls)

        assert feature.journal.flush()
        record = feature.journal.latest_for(CallKey("naumen", cid))
        assert record is not None and record.summary.disposition == "SALE"
        assert [e.target for e in record.entries if e.kind.value == "disposition"] == ["SALE"]

        window = feature.show_window()
        qtbot.addWidget(window)
        await until_true(lambda: window.table.calls.rowCount() == 1)
        window.table.selectRow(0)
        await until_true(lambda: window.details.record is not None)
        assert window.details.disposition.text() == "Call result: Продажа оформлена"
        assert not window.details.disposition.isHidden()
        assert "Disposition: SALE" in window.details.timeline.toPlainText()
    finally:
        feature.close()
