"""A journal killed with SIGKILL in the middle of writing loses nothing but the last event."""

from __future__ import annotations

import os
import signal
import sqlite3
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agent_toolbar.history.journal import Journal
from agent_toolbar.history.model import EntryKind
from agent_toolbar.history.store import JournalStatus

CHILD = Path(__file__).with_name("journal_child.py")
KINDS = [EntryKind.RING, EntryKind.ANSWER, EntryKind.HOLD, EntryKind.RESUME, EntryKind.END,
         EntryKind.WRAPUP_CLOSED]  # fmt: skip

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def _kill_while_writing(tmp_path: Path, mode: str, after: int) -> tuple[Path, float, int, int]:
    db = tmp_path / "data" / "history.sqlite3"
    counters = tmp_path / "counters"
    counters.write_bytes(bytes(16))
    base = time.time() - 3600
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(db), str(counters), repr(base), mode],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[3])},
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            submitted = struct.unpack("<q", counters.read_bytes()[:8])[0]
            if submitted >= after:
                break
            time.sleep(0.005)
        else:
            pytest.fail("the child did not write")
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
    assert child.returncode == -signal.SIGKILL
    submitted, acked = struct.unpack("<qq", counters.read_bytes())
    return db, base, submitted, acked


def _entries(db: Path) -> list[tuple[str, float]]:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT kind, at FROM entries ORDER BY id").fetchall()


def _check_prefix(db: Path, base: float, written: int) -> None:
    rows = _entries(db)
    assert len(rows) == written
    # Exactly events 1 … written, in order, none torn: each is its own kind at its own time.
    for k, (kind, at) in enumerate(rows, start=1):
        assert (kind, at) == (KINDS[(k - 1) % 6].value, base + k)
    with sqlite3.connect(db) as conn:
        calls = conn.execute("SELECT COUNT(*) FROM calls").fetchone()[0]
        answered = conn.execute("SELECT COUNT(*) FROM calls WHERE answered_at IS NOT NULL")
        ended = conn.execute("SELECT COUNT(*) FROM calls WHERE ended_at IS NOT NULL")
        assert calls == (written + 5) // 6
        assert answered.fetchone()[0] == (written + 4) // 6
        assert ended.fetchone()[0] == (written + 1) // 6


def test_killed_between_two_events_of_a_call_only_the_last_may_be_missing(
    tmp_path: Path,
) -> None:
    db, base, submitted, acked = _kill_while_writing(tmp_path, "one", after=400)
    assert submitted - 1 <= acked <= submitted
    written = len(_entries(db))
    assert written in (submitted - 1, submitted), (submitted, written)
    _check_prefix(db, base, written)

    # Reopened by the toolbar: the same file, no recovery, and it writes on.
    journal = Journal.open(db)
    assert journal.status is JournalStatus.OK and journal.report.moved_to is None
    assert journal.counts().entries == written
    journal.close()


def test_killed_in_a_burst_everything_acknowledged_is_there_in_order(tmp_path: Path) -> None:
    db, base, submitted, acked = _kill_while_writing(tmp_path, "burst", after=2000)
    written = len(_entries(db))
    assert acked <= written <= submitted
    _check_prefix(db, base, written)
