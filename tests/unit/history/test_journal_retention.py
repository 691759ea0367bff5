"""Retention: calls older than ``history/retention_days`` go at open and daily; clear-all."""

from __future__ import annotations

import time
from pathlib import Path

from agent_toolbar.history import events as je
from agent_toolbar.history.apply import DAY
from agent_toolbar.history.journal import Journal
from agent_toolbar.history.model import HistoryQuery


def _write(journal: Journal, make_call, call_id: str, at: float, **kw: object) -> None:
    for event in make_call(call_id, at, **kw):
        journal.record(event)
    assert journal.flush()


def _ids(journal: Journal) -> list[str]:
    return [c.key.call_id for c in journal.recent()]


def test_old_calls_are_purged_when_the_journal_opens(db_path: Path, clock, make_call) -> None:
    j = Journal.open(db_path, clock=clock)
    _write(j, make_call, "old", clock.now - 91 * DAY)
    _write(j, make_call, "edge", clock.now - 89 * DAY)
    _write(j, make_call, "new", clock.now - 60)
    j.record(je.OfflineSummaryRecorded(clock.now - 95 * DAY, "reconnect", "{}"))
    assert j.flush()
    assert _ids(j) == ["new", "edge", "old"]  # nothing purges between opens
    j.close()

    j = Journal.open(db_path, clock=clock)
    assert j.flush()  # the purge at start is written before anything else
    assert _ids(j) == ["new", "edge"]
    assert j.offline_summaries() == []
    assert j.counts().entries == 8  # the purged call's timeline went with it
    j.close()


def test_retention_days_is_what_the_setting_says(db_path: Path, clock, make_call) -> None:
    j = Journal.open(db_path, clock=clock, retention_days=7)
    _write(j, make_call, "eight", clock.now - 8 * DAY)
    _write(j, make_call, "six", clock.now - 6 * DAY)
    j.purge()
    assert j.flush()
    assert _ids(j) == ["six"]
    j.set_retention_days(1)
    assert j.flush()
    assert _ids(j) == []
    j.close()


def test_the_purge_repeats_while_the_toolbar_runs(db_path: Path, clock, make_call) -> None:
    # purge_every stands for the day; the wall clock moves by the test.
    j = Journal.open(db_path, clock=clock, purge_every=0.05)
    _write(j, make_call, "a", clock.now - 80 * DAY)
    clock.now += 11 * DAY  # the toolbar stayed up for eleven days
    deadline = time.monotonic() + 10
    while _ids(j) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _ids(j) == []
    j.close()


def test_clear_all_removes_every_call_and_its_words_from_the_file(
    db_path: Path, clock, make_call
) -> None:
    j = Journal.open(db_path, clock=clock)
    for n in range(20):
        _write(j, make_call, f"c{n}", clock.now - n * 60, name=f"Zebulon Quist {n}")
    j.record(je.OfflineSummaryRecorded(clock.now, "reconnect", '{"x": "Zebulon"}'))
    j.clear_all()
    assert j.flush()
    assert j.recent() == [] and j.offline_summaries() == []
    assert j.count(HistoryQuery()) == 0
    assert j.unseen_missed() == 0
    j.close()
    for suffix in ("", "-wal"):
        f = Path(f"{db_path}{suffix}")
        if f.exists():
            assert b"Zebulon" not in f.read_bytes(), suffix


def test_the_journal_writes_again_after_a_clear(db_path: Path, clock, make_call) -> None:
    j = Journal.open(db_path, clock=clock)
    _write(j, make_call, "a", clock.now - 10)
    j.clear_all()
    _write(j, make_call, "b", clock.now)
    assert _ids(j) == ["b"]
    j.close()
