"""The journal's recorder on a real session over the Naumen simulator (a real socket).

What the simulator does to calls reaches the journal as the domain's transitions; the
journalled timeline is checked entry by entry, then as the timeline the window shows.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import pytest_asyncio

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.model import CallState, TransferKind, TransferPhase
from agent_toolbar.history.journal import Journal
from agent_toolbar.history.model import (
    CallDirection,
    CallResult,
    EntryKind,
    HistoryQuery,
    Outcome,
    OutcomeCategory,
)
from agent_toolbar.history.offline import OfflineReason, OfflineSummary, from_json
from agent_toolbar.history.recorder import JournalRecorder
from agent_toolbar.history.timeline import StepKind, build
from agent_toolbar.simulators.naumen.simulator import SimTimings, Simulator

if TYPE_CHECKING:
    from tests.conftest import Attach, Talking, Until

pytestmark = pytest.mark.asyncio
LOGIN = "operator"
BUSY = "202"
K = EntryKind


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(timings=SimTimings.fast(), seed=5) as simulator:
        yield simulator


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    j = Journal.open(tmp_path / "history.sqlite3")
    yield j
    j.close()


def _record(journal: Journal, cid: str):
    (row,) = [c for c in journal.recent() if c.key.call_id == cid]
    rec = journal.call(row.id)
    assert rec is not None
    return rec


async def test_a_talked_held_transferred_call_and_a_missed_one(
    sim: Simulator, journal: Journal, attached: Attach, until: Until, talking: Talking
) -> None:
    recorder = JournalRecorder(journal.record, "naumen")
    async with attached(sim, listeners=[recorder]) as session:
        cid = await talking(sim, session, caller="+79161234567", display_name="Иванов Пётр")
        assert await session.execute(it.Hold(cid, True)) is None
        await until(session, lambda s: s.calls[cid].hold)
        assert await session.execute(it.Hold(cid, False)) is None
        await until(session, lambda s: not s.calls[cid].hold)
        assert await session.execute(it.TransferCall(cid, TransferKind.CONFERENCE, BUSY)) is None
        await until(session, lambda s: (t := s.calls[cid].transfer) is not None
                    and t.phase is TransferPhase.FAILED)  # fmt: skip
        assert await session.execute(it.Hangup(cid)) is None
        await until(session, lambda s: s.calls[cid].state is CallState.ENDED)
        assert await session.execute(it.CloseCall(cid)) is None
        await until(session, lambda s: cid not in s.calls)

        missed = sim.inject_call(LOGIN, caller="+74951112233", display_name="Ольга")
        await until(session, lambda s: missed in s.calls)
        sim.end_call_remote(LOGIN, missed)
        await until(session, lambda s: missed not in s.calls or
                    s.calls[missed].state is CallState.ENDED)  # fmt: skip
        if missed in session.state.calls:
            assert await session.execute(it.CloseCall(missed)) is None
            await until(session, lambda s: missed not in s.calls)
    assert journal.flush()

    talked = _record(journal, cid)
    assert talked.summary.direction is CallDirection.IN
    assert (talked.summary.number, talked.summary.name) == ("+79161234567", "Иванов Пётр")
    assert talked.summary.result is CallResult.ANSWERED
    assert talked.session_id and talked.backend_ids["cid"] == cid
    kinds = [e.kind for e in talked.entries]
    assert kinds == [K.RING, K.ANSWER, K.HOLD, K.RESUME, K.TRANSFER_TRY, K.TRANSFER_RESULT,
                     K.END, K.WRAPUP_CLOSED]  # fmt: skip
    attempt, result = talked.entries[4], talked.entries[5]
    assert (attempt.target, attempt.detail) == (BUSY, "conference")
    assert result.outcome == Outcome(OutcomeCategory.BUSY, "7", "Busy")
    assert talked.entries[1].server_at is not None  # the simulator stamps its answer

    timeline = build(talked.entries)
    assert [s.kind for s in timeline.steps] == [StepKind.RING, StepKind.ANSWER, StepKind.HOLD,
                                                StepKind.TRANSFER, StepKind.END,
                                                StepKind.WRAPUP_CLOSED]  # fmt: skip
    assert timeline.total is not None and timeline.hold is not None and timeline.talk is not None

    lost = _record(journal, missed)
    assert lost.summary.result is CallResult.MISSED and lost.summary.missed
    assert [e.kind for e in lost.entries] == [K.RING, K.END, K.WRAPUP_CLOSED]
    assert journal.unseen_missed() == 1


async def test_what_happened_while_the_connection_was_down_is_summarised(
    sim: Simulator, journal: Journal, attached: Attach, until: Until, talking: Talking
) -> None:
    summaries: list[OfflineSummary] = []
    recorder = JournalRecorder(journal.record, "naumen", on_offline=summaries.append)
    async with attached(sim, listeners=[recorder]) as session:
        gone = await talking(sim, session, caller="+79160000001")
        stays = await talking(sim, session, caller="+79160000002")
        sim.refuse_connections(0.5)
        await sim.drop_all_connections()
        await until(session, lambda s: not s.synced)
        sim.end_call_remote(LOGIN, gone)
        new = sim.inject_call(LOGIN, caller="+79160000003", display_name="Новый")
        await until(session, lambda s: s.synced and new in s.calls, timeout=10)
    assert journal.flush()

    (summary,) = summaries
    assert summary.reason is OfflineReason.RECONNECT
    assert [c.call_id for c in summary.appeared] == [new]
    assert summary.appeared[0].name == "Новый"
    # The call that ended is either gone or in wrap-up after the resync.
    ended_ids = [c.call_id for c in summary.ended]
    changed_ids = [(ch.after.call_id, ch.after.state) for ch in summary.changed]
    assert ended_ids == [gone] or changed_ids == [(gone, "ended")]
    assert stays not in ended_ids
    (row,) = journal.offline_summaries()
    assert from_json(row[2]) == summary and row[1] == "reconnect"
    assert [c.key.call_id for c in journal.find(HistoryQuery(text="79160000003"))] == [new]
