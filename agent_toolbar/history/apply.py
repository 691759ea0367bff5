"""How each journal event becomes rows: the SQL the writer thread runs, one event at a time.

The connection is in autocommit mode (``isolation_level=None``); :func:`apply` wraps one
event in one ``BEGIN IMMEDIATE … COMMIT``, so an event is in the file entirely or not at all.

Readings:
    * The first party of a call is the far party (the one the operator talks to); its number
      and name are the call's number and name in the list.
    * An event about a call the journal has no row for (the toolbar started mid-call, or the
      journal was cleared during it) opens a row of unknown direction at that moment, so a
      timeline is never lost for want of its ring.
    * A call counts as missed (and unseen) when its end result is ``missed``; whether a call
      was missed is the domain's verdict, not the journal's.
"""

from __future__ import annotations

import json
import sqlite3

from agent_toolbar.history import events as je
from agent_toolbar.history.model import (
    CallDirection,
    CallKey,
    CallResult,
    EntryKind,
    Outcome,
    Party,
)
from agent_toolbar.history.search import folded_text, number_digits

DAY = 86400.0


def apply(conn: sqlite3.Connection, event: je.JournalEvent) -> None:
    """Write ``event`` in its own transaction (``ClearAll`` also shrinks the file after it)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        _apply(conn, event)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    if isinstance(event, je.ClearAll):
        # Deleted rows must not linger in free pages or in the WAL.
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _apply(conn: sqlite3.Connection, event: je.JournalEvent) -> None:
    match event:
        case je.CallOpened():
            _open(conn, event)
        case je.CallInfoChanged():
            row = _row(conn, event.key, 0.0)
            _set_info(
                conn,
                row,
                event.parties,
                event.project,
                event.queue,
                event.session_id,
                dict(event.backend_ids),
            )
        case je.CallMoment():
            row = _row(conn, event.key, event.at)
            _entry(conn, row, event.kind, event.at, event.server_at, event.outcome,
                   event.target, event.detail)  # fmt: skip
            if event.kind is EntryKind.ANSWER:
                conn.execute(
                    "UPDATE calls SET answered_at = COALESCE(answered_at, ?) WHERE id = ?",
                    (event.at, row),
                )
        case je.CallEnded():
            _end(conn, event)
        case je.WrapUpClosed():
            row = _row(conn, event.key, event.at)
            _entry(conn, row, EntryKind.WRAPUP_CLOSED, event.at, event.server_at)
            conn.execute("UPDATE calls SET closed_at = ? WHERE id = ?", (event.at, row))
        case je.UrlPopped():
            row = _row(conn, event.key, event.at)
            conn.execute(
                "INSERT INTO urls (call, at, url) VALUES (?, ?, ?)", (row, event.at, event.url)
            )
            _entry(conn, row, EntryKind.URL_POPPED, event.at, target=event.url)
        case je.DispositionChosen():
            row = _row(conn, event.key, event.at)
            conn.execute("UPDATE calls SET disposition = ? WHERE id = ?", (event.disposition, row))
            _entry(conn, row, EntryKind.DISPOSITION, event.at, target=event.disposition)
        case je.NoteSet():
            conn.execute("UPDATE calls SET note = ? WHERE id = ?", (event.text, event.call))
        case je.MissedSeen():
            conn.execute(
                "UPDATE calls SET seen = 1 WHERE seen = 0 AND started_at <= ?", (event.up_to,)
            )
        case je.OfflineSummaryRecorded():
            conn.execute(
                "INSERT INTO offline (at, reason, summary) VALUES (?, ?, ?)",
                (event.at, event.reason, event.summary_json),
            )
        case je.Purge():
            purge(conn, event.now, event.retention_days)
        case je.ClearAll():
            conn.execute("DELETE FROM calls")  # entries and urls follow (ON DELETE CASCADE)
            conn.execute("DELETE FROM offline")
        case _:
            raise TypeError(f"not a journal event: {type(event).__name__}")


def purge(conn: sqlite3.Connection, now: float, retention_days: int) -> int:
    """Delete what started more than ``retention_days`` ago; return how many calls went."""
    cutoff = now - max(1, retention_days) * DAY
    gone = conn.execute("DELETE FROM calls WHERE started_at < ?", (cutoff,)).rowcount
    conn.execute("DELETE FROM offline WHERE at < ?", (cutoff,))
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('last_purge', ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (repr(now),),
    )
    return int(gone)


def _open(conn: sqlite3.Connection, event: je.CallOpened) -> None:
    existing = _latest(conn, event.key)
    if existing is not None and existing[1] is None:
        row = int(existing[0])  # the same call seen again (a resync): no second row
    else:
        row = _insert(conn, event.key, event.direction, event.at)
        _entry(conn, row, EntryKind.RING, event.at, event.server_at)
    conn.execute(
        "UPDATE calls SET direction = ? WHERE id = ? AND direction = ?",
        (event.direction.value, row, CallDirection.UNKNOWN.value),
    )
    _set_info(
        conn, row, event.parties, event.project, event.queue, event.session_id,
        dict(event.backend_ids),
    )  # fmt: skip


def _end(conn: sqlite3.Connection, event: je.CallEnded) -> None:
    row = _row(conn, event.key, event.at)
    _entry(conn, row, EntryKind.END, event.at, event.server_at, event.outcome,
           detail=event.result.value)  # fmt: skip
    outcome = event.outcome
    conn.execute(
        "UPDATE calls SET ended_at = ?, result = ?, result_category = ?, result_code = ?, "
        "result_text = ?, seen = ? WHERE id = ?",
        (
            event.at,
            event.result.value,
            outcome.category.value if outcome else None,
            outcome.vendor_code if outcome else "",
            outcome.vendor_text if outcome else "",
            0 if event.result is CallResult.MISSED else 1,
            row,
        ),
    )


def _latest(conn: sqlite3.Connection, key: CallKey) -> tuple[int, float | None] | None:
    found = conn.execute(
        "SELECT id, ended_at FROM calls WHERE backend = ? AND call_id = ? ORDER BY id DESC LIMIT 1",
        (key.backend, key.call_id),
    ).fetchone()
    return None if found is None else (int(found[0]), found[1])


def _row(conn: sqlite3.Connection, key: CallKey, at: float) -> int:
    found = _latest(conn, key)
    if found is not None:
        return found[0]
    return _insert(conn, key, CallDirection.UNKNOWN, at)


def _insert(conn: sqlite3.Connection, key: CallKey, direction: CallDirection, at: float) -> int:
    cursor = conn.execute(
        "INSERT INTO calls (backend, call_id, direction, started_at) VALUES (?, ?, ?, ?)",
        (key.backend, key.call_id, direction.value, at),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _set_info(
    conn: sqlite3.Connection,
    row: int,
    parties: tuple[Party, ...],
    project: str,
    queue: str,
    session_id: str,
    backend_ids: dict[str, str],
) -> None:
    current = conn.execute(
        "SELECT number, name, parties, project, queue, session_id, backend_ids "
        "FROM calls WHERE id = ?",
        (row,),
    ).fetchone()
    number, name, parties_json, old_project, old_queue, old_session, ids_json = current
    if parties:
        number, name = parties[0].number, parties[0].name
        parties_json = json.dumps([[p.role, p.number, p.name] for p in parties],
                                  ensure_ascii=False)  # fmt: skip
    project = project or old_project
    queue = queue or old_queue
    ids = json.loads(ids_json or "{}")
    ids.update(backend_ids)
    conn.execute(
        "UPDATE calls SET number = ?, name = ?, parties = ?, project = ?, queue = ?, "
        "session_id = ?, backend_ids = ?, digits = ?, folded = ? WHERE id = ?",
        (
            number,
            name,
            parties_json,
            project,
            queue,
            session_id or old_session,
            json.dumps(ids, ensure_ascii=False, sort_keys=True),
            number_digits(number, parties_json),
            folded_text(number, name, parties_json, project, queue),
            row,
        ),
    )


def _entry(
    conn: sqlite3.Connection,
    row: int,
    kind: EntryKind,
    at: float,
    server_at: float | None = None,
    outcome: Outcome | None = None,
    target: str = "",
    detail: str = "",
) -> None:
    conn.execute(
        "INSERT INTO entries (call, kind, at, server_at, category, code, text, target, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            row,
            kind.value,
            at,
            server_at,
            outcome.category.value if outcome else None,
            outcome.vendor_code if outcome else "",
            outcome.vendor_text if outcome else "",
            target,
            detail,
        ),
    )
