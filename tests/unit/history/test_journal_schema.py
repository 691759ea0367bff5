"""Schema versions: a file of the first schema is migrated with its calls intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from agent_toolbar.history import events as je
from agent_toolbar.history.journal import Journal
from agent_toolbar.history.model import CallKey, CallResult, EntryKind, HistoryQuery
from agent_toolbar.history.schema import MIGRATIONS, SCHEMA_VERSION, migrate, version
from agent_toolbar.history.store import JournalStatus

T0 = 1_779_990_000.0


def _first_schema_file(path: Path) -> None:
    """A journal as the first schema wrote it: two calls, one missed, with their entries."""
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=1) == 0
    assert version(conn) == 1
    conn.execute(
        "INSERT INTO calls (id, backend, call_id, session_id, direction, number, name, parties, "
        "project, started_at, answered_at, ended_at, closed_at, result) VALUES "
        "(1, 'naumen', 'c1', 's1', 'in', '+79161234567', 'Иван Петров', "
        "'[[\"caller\", \"+79161234567\", \"Иван Петров\"]]', 'Sales', ?, ?, ?, ?, 'answered'),"
        "(2, 'naumen', 'c2', 's2', 'in', '+74951112233', '', "
        "'[[\"caller\", \"+74951112233\", \"\"]]', '', ?, NULL, ?, ?, 'missed')",
        (T0, T0 + 5, T0 + 60, T0 + 70, T0 + 100, T0 + 120, T0 + 121),
    )
    conn.executemany(
        "INSERT INTO entries (call, kind, at, server_at) VALUES (?, ?, ?, ?)",
        [
            (1, "ring", T0, T0 - 1),
            (1, "answer", T0 + 5, T0 + 4),
            (1, "end", T0 + 60, None),
            (2, "ring", T0 + 100, None),
            (2, "end", T0 + 120, None),
        ],
    )
    conn.close()


def test_a_first_schema_journal_is_migrated_with_its_calls(db_path: Path, clock) -> None:
    _first_schema_file(db_path)
    j = Journal.open(db_path, clock=clock)
    assert j.status is JournalStatus.OK
    assert j.report.migrated_from == 1
    assert j.counts().schema_version == SCHEMA_VERSION == 2

    assert [c.key.call_id for c in j.recent()] == ["c2", "c1"]
    rec = j.call(1)
    assert rec is not None
    assert rec.session_id == "s1" and rec.summary.name == "Иван Петров"
    assert [e.kind for e in rec.entries] == [EntryKind.RING, EntryKind.ANSWER, EntryKind.END]
    assert rec.entries[0].server_at == T0 - 1
    # The new search columns were filled for the old rows.
    assert [c.key.call_id for c in j.find(HistoryQuery(text="петров"))] == ["c1"]
    assert [c.key.call_id for c in j.find(HistoryQuery(text="4951112233"))] == ["c2"]
    # An old missed call is old news: the new counter starts at zero.
    assert [c.key.call_id for c in j.missed()] == ["c2"]
    assert j.unseen_missed() == 0

    # What version 2 added works on the migrated file.
    j.set_note(1, "note")
    j.record(je.UrlPopped(CallKey("naumen", "c1"), T0 + 1, "https://crm/1"))
    j.record(je.CallEnded(CallKey("naumen", "c3"), T0 + 200, CallResult.MISSED))
    assert j.flush()
    assert j.writer.failures == 0
    rec = j.call(1)
    assert rec is not None and rec.summary.note == "note" and rec.urls == ("https://crm/1",)
    assert j.unseen_missed() == 1
    j.close()


def test_every_step_runs_from_an_empty_file_and_twice_is_harmless(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "h.sqlite3", isolation_level=None)
    assert migrate(conn) == 0
    assert version(conn) == SCHEMA_VERSION == len(MIGRATIONS)
    assert migrate(conn) == SCHEMA_VERSION
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"calls", "entries", "urls", "offline", "meta"} <= tables
    conn.close()


def test_a_step_that_fails_leaves_the_file_at_its_version(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "h.sqlite3", isolation_level=None)
    migrate(conn, target=1)
    conn.execute("CREATE TABLE urls (x)")  # version 2 cannot create its table now
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn)
    assert version(conn) == 1
    columns = {r[1] for r in conn.execute("PRAGMA table_info(calls)")}
    assert "note" not in columns  # the step's earlier statements were rolled back too
    conn.close()
