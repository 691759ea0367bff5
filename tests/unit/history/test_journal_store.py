"""The journal's file: its place and modes; a corrupt, locked or newer file never stops it."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from agent_toolbar.history import store
from agent_toolbar.history.journal import Journal
from agent_toolbar.history.schema import SCHEMA_VERSION
from agent_toolbar.history.store import JournalStatus


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_default_place_is_the_platforms_data_directory(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert store.default_path() == tmp_path / "xdg" / "agent-toolbar" / "history.sqlite3"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_the_file_is_the_users_alone(db_path: Path, clock, make_call) -> None:
    os.umask(0o022)
    j = Journal.open(db_path, clock=clock)
    for event in make_call("a", clock.now):
        j.record(event)
    assert j.flush()
    assert j.status is JournalStatus.OK
    assert _mode(db_path.parent) == 0o700
    for suffix in ("", "-wal", "-shm"):
        assert _mode(Path(f"{db_path}{suffix}")) == 0o600, suffix
    j.close()
    # A file an older build left readable is tightened at the next open.
    os.chmod(db_path, 0o644)
    os.chmod(db_path.parent, 0o755)
    Journal.open(db_path, clock=clock).close()
    assert _mode(db_path) == 0o600 and _mode(db_path.parent) == 0o700


def test_the_file_is_in_wal_mode(journal: Journal, db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _aside(db_path: Path, why: str) -> list[Path]:
    return sorted(p for p in db_path.parent.glob(f"history.sqlite3.{why}-*") if "-wal" not in
                  p.name and "-shm" not in p.name)  # fmt: skip


def test_a_file_that_is_not_a_database_is_moved_aside(db_path: Path, clock, make_call) -> None:
    db_path.parent.mkdir(parents=True)
    garbage = b"this is not SQLite at all " * 200
    db_path.write_bytes(garbage)

    j = Journal.open(db_path, clock=clock)
    assert j.status is JournalStatus.RECOVERED_CORRUPT
    assert j.report.moved_to is not None and j.report.moved_to.read_bytes() == garbage
    assert _aside(db_path, "corrupt") == [j.report.moved_to]
    assert "not a database" in j.report.detail
    for event in make_call("a", clock.now):
        j.record(event)
    assert j.flush()
    assert [c.key.call_id for c in j.recent()] == ["a"]
    j.close()


def test_a_database_with_damaged_pages_is_moved_aside(db_path: Path, clock, make_call) -> None:
    j = Journal.open(db_path, clock=clock)
    for n in range(300):
        for event in make_call(f"c{n}", clock.now - n, name="x" * 200):
            j.record(event)
    assert j.flush()
    j.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    assert len(data) > 8 * page
    for offset in range(2 * page, len(data) - page, 3 * page):  # scribble over B-tree pages
        data[offset : offset + 64] = b"\xa5" * 64
    db_path.write_bytes(bytes(data))

    j = Journal.open(db_path, clock=clock)
    assert j.status is JournalStatus.RECOVERED_CORRUPT, j.report
    assert j.recent() == []
    for event in make_call("fresh", clock.now):
        j.record(event)
    assert j.flush()
    assert [c.key.call_id for c in j.recent()] == ["fresh"]
    j.close()


def test_a_file_from_a_newer_toolbar_is_kept_aside_untouched(db_path: Path, clock) -> None:
    Journal.open(db_path, clock=clock).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    j = Journal.open(db_path, clock=clock)
    assert j.status is JournalStatus.RECOVERED_TOO_NEW
    assert j.report.moved_to is not None
    with sqlite3.connect(j.report.moved_to) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 5
    assert j.counts().schema_version == SCHEMA_VERSION
    j.close()


HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
conn.execute("CREATE TABLE IF NOT EXISTS squatter (x)")
print("locked", flush=True)
sys.stdin.read()
"""


def test_a_database_another_process_keeps_locked_is_moved_aside(
    db_path: Path, clock, make_call
) -> None:
    Journal.open(db_path, clock=clock).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        j = Journal.open(db_path, clock=clock, busy_timeout=0.2)
        assert j.status is JournalStatus.RECOVERED_LOCKED, j.report
        assert j.report.moved_to is not None and j.report.moved_to.exists()
        for event in make_call("a", clock.now):
            j.record(event)
        assert j.flush()
        assert [c.key.call_id for c in j.recent()] == ["a"]
        assert j.writer.failures == 0
        j.close()
    finally:
        holder.kill()
        holder.wait()


def test_no_usable_directory_means_memory_for_this_run(tmp_path: Path, clock, make_call) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the data directory should be")
    j = Journal.open(blocker / "history.sqlite3", clock=clock)
    assert j.status is JournalStatus.MEMORY_ONLY and j.path is None
    for event in make_call("a", clock.now):
        j.record(event)
    assert j.flush()
    assert [c.key.call_id for c in j.recent()] == ["a"]
    assert j.counts().file_bytes == 0
    j.close()


def test_only_the_newest_files_moved_aside_are_kept(db_path: Path, clock) -> None:
    db_path.parent.mkdir(parents=True)
    made = []
    for n in range(store.KEEP_ASIDE + 2):
        db_path.write_bytes(b"garbage %d" % n)
        j = Journal.open(db_path, clock=clock)
        assert j.report.moved_to is not None
        made.append(j.report.moved_to)
        os.utime(j.report.moved_to, (1_700_000_000 + n, 1_700_000_000 + n))
        j.close()
        db_path.unlink()
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    assert _aside(db_path, "corrupt") == sorted(made[-store.KEEP_ASIDE :])


def test_a_write_that_fails_is_reported_and_the_next_one_is_written(
    db_path: Path, clock, make_call
) -> None:
    j = Journal.open(db_path, clock=clock)
    # A table the writer needs is gone (a hand-edited file): writes to it fail, others go on.
    with sqlite3.connect(db_path) as conn:
        conn.execute("DROP TABLE urls")
    from agent_toolbar.history import events as je
    from agent_toolbar.history.model import CallKey

    j.record(je.UrlPopped(CallKey("naumen", "x"), clock.now, "https://crm/x"))
    for event in make_call("a", clock.now):
        j.record(event)
    assert j.flush()
    assert j.status is JournalStatus.WRITE_FAILED
    assert j.writer.failures == 1 and "urls" in j.writer.last_error
    assert [c.key.call_id for c in j.recent()] == ["a"]
    j.close()
