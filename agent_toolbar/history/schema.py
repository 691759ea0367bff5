"""The journal's schema and its migrations, versioned by ``PRAGMA user_version``.

``MIGRATIONS[n]`` takes a database from version ``n`` to ``n + 1``; version 0 is an empty
file. Each step runs in one transaction with the version bump, so a file is always at a
version whose schema it has. A file newer than this code (a downgrade) is left alone and
reported: :func:`migrate` raises :class:`SchemaTooNewError`, and the journal moves it aside rather
than guess.

Version 1 was the first schema: calls and their timeline entries. Version 2 added the
operator's side (note, disposition, whether a missed call was seen), the popped URLs, the
"while you were offline" summaries, a folded search column and the indexes the history
window's queries need.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

_V1 = """
CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    backend TEXT NOT NULL,
    call_id TEXT NOT NULL,
    session_id TEXT NOT NULL DEFAULT '',
    backend_ids TEXT NOT NULL DEFAULT '{}',
    direction TEXT NOT NULL,
    number TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    parties TEXT NOT NULL DEFAULT '[]',
    project TEXT NOT NULL DEFAULT '',
    queue TEXT NOT NULL DEFAULT '',
    started_at REAL NOT NULL,
    answered_at REAL,
    ended_at REAL,
    closed_at REAL,
    result TEXT,
    result_category TEXT,
    result_code TEXT NOT NULL DEFAULT '',
    result_text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX calls_key ON calls (backend, call_id);
CREATE INDEX calls_started ON calls (started_at);
CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    call INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    at REAL NOT NULL,
    server_at REAL,
    category TEXT,
    code TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX entries_call ON entries (call);
"""

_V2 = """
ALTER TABLE calls ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN disposition TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN seen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN digits TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN folded TEXT NOT NULL DEFAULT '';
CREATE INDEX calls_result ON calls (result, seen);
CREATE TABLE urls (
    id INTEGER PRIMARY KEY,
    call INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    at REAL NOT NULL,
    url TEXT NOT NULL
);
CREATE INDEX urls_call ON urls (call);
CREATE TABLE offline (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    reason TEXT NOT NULL,
    summary TEXT NOT NULL
);
CREATE INDEX offline_at ON offline (at);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def _v2_backfill(conn: sqlite3.Connection) -> None:
    """Fill the search columns of calls written by version 1 (they predate them)."""
    from agent_toolbar.history.search import folded_text, number_digits

    rows = conn.execute("SELECT id, number, name, parties, project, queue FROM calls").fetchall()
    for row_id, number, name, parties, project, queue in rows:
        conn.execute(
            "UPDATE calls SET digits = ?, folded = ? WHERE id = ?",
            (
                number_digits(number, parties),
                folded_text(number, name, parties, project, queue),
                row_id,
            ),
        )
    # A version-1 journal had no "seen": its missed calls are old news, not a fresh count.
    conn.execute("UPDATE calls SET seen = 1")


Backfill = Callable[[sqlite3.Connection], None]

MIGRATIONS: tuple[tuple[str, Backfill | None], ...] = (
    (_V1, None),
    (_V2, _v2_backfill),
)
"""Step ``n`` (SQL script, optional Python backfill) takes version ``n`` to ``n + 1``."""

SCHEMA_VERSION = len(MIGRATIONS)
"""The version this code writes."""


class SchemaTooNewError(Exception):
    """The file was written by a newer version of the toolbar."""


def version(conn: sqlite3.Connection) -> int:
    """The file's ``user_version``."""
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the schema up to ``target`` one step at a time; return the version before.

    Raises:
        SchemaTooNewError: The file is at a version above ``SCHEMA_VERSION``.
    """
    start = version(conn)
    if start > SCHEMA_VERSION:
        raise SchemaTooNewError(f"journal schema {start} is newer than {SCHEMA_VERSION}")
    for step in range(start, target):
        script, backfill = MIGRATIONS[step]
        # executescript would commit on its own; each statement runs inside our transaction.
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(script):
                conn.execute(statement)
            if backfill is not None:
                backfill(conn)
            conn.execute(f"PRAGMA user_version = {step + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return start


def _statements(script: str) -> list[str]:
    """Split a migration script (no semicolons inside its statements) into statements."""
    return [part.strip() for part in script.split(";") if part.strip()]
