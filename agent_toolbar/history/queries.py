"""What the history window reads: lists, one call in full, counters and diagnostics counts.

Each function takes a connection of its own (a reader, never the writer's): in WAL mode
readers do not wait for the writer, nor it for them. They are plain blocking calls; the UI
runs them in an executor.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from pathlib import Path
from typing import TypeVar

from agent_toolbar.history.model import (
    MISSED_RESULTS,
    CallDirection,
    CallKey,
    CallRecord,
    CallResult,
    CallSummary,
    Entry,
    EntryKind,
    HistoryQuery,
    JournalCounts,
    Outcome,
    OutcomeCategory,
    Party,
)
from agent_toolbar.history.schema import version
from agent_toolbar.history.search import digits_of, parties_from_json

_SUMMARY = (
    "SELECT id, backend, call_id, direction, number, name, project, queue, started_at, "
    "answered_at, ended_at, closed_at, result, note, disposition, seen FROM calls"
)
_E = TypeVar("_E", CallDirection, CallResult, OutcomeCategory)
_MISSED = tuple(r.value for r in MISSED_RESULTS)


def find(conn: sqlite3.Connection, query: HistoryQuery) -> list[CallSummary]:
    """Calls matching ``query``, newest first."""
    where, args = _where(query)
    sql = f"{_SUMMARY}{where} ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?"
    rows = conn.execute(sql, [*args, max(0, query.limit), max(0, query.offset)]).fetchall()
    return [_summary(row) for row in rows]


def count(conn: sqlite3.Connection, query: HistoryQuery) -> int:
    """How many calls match ``query`` (ignoring its limit and offset)."""
    where, args = _where(query)
    return int(conn.execute(f"SELECT COUNT(*) FROM calls{where}", args).fetchone()[0])


def unseen_missed(conn: sqlite3.Connection) -> int:
    """How many missed calls the operator has not seen yet."""
    marks = ", ".join("?" for _ in _MISSED)
    sql = f"SELECT COUNT(*) FROM calls WHERE seen = 0 AND result IN ({marks})"
    return int(conn.execute(sql, _MISSED).fetchone()[0])


def call(conn: sqlite3.Connection, row_id: int) -> CallRecord | None:
    """One call with its parties, ids, timeline entries (in order) and popped URLs."""
    row = conn.execute(f"{_SUMMARY} WHERE id = ?", (row_id,)).fetchone()
    if row is None:
        return None
    extra = conn.execute(
        "SELECT session_id, backend_ids, parties, result_category, result_code, result_text "
        "FROM calls WHERE id = ?",
        (row_id,),
    ).fetchone()
    session_id, ids_json, parties_json, category, code, text = extra
    entries = tuple(
        Entry(
            kind=EntryKind(kind),
            at=at,
            server_at=server_at,
            outcome=_outcome(e_category, e_code, e_text),
            target=target,
            detail=detail,
        )
        for kind, at, server_at, e_category, e_code, e_text, target, detail in conn.execute(
            "SELECT kind, at, server_at, category, code, text, target, detail FROM entries "
            "WHERE call = ? ORDER BY id",
            (row_id,),
        )
    )
    urls = tuple(
        url for (url,) in conn.execute("SELECT url FROM urls WHERE call = ? ORDER BY id", (row_id,))
    )
    try:
        ids = {str(k): str(v) for k, v in json.loads(ids_json or "{}").items()}
    except (ValueError, AttributeError):
        ids = {}
    return CallRecord(
        summary=_summary(row),
        session_id=session_id,
        backend_ids=ids,
        parties=tuple(Party(*p) for p in parties_from_json(parties_json)),
        result_outcome=_outcome(category, code, text),
        entries=entries,
        urls=urls,
    )


def latest_for(conn: sqlite3.Connection, key: CallKey) -> CallRecord | None:
    """The newest journalled call with this key (a live card's record), if any."""
    row = conn.execute(
        "SELECT id FROM calls WHERE backend = ? AND call_id = ? ORDER BY id DESC LIMIT 1",
        (key.backend, key.call_id),
    ).fetchone()
    return None if row is None else call(conn, int(row[0]))


def offline_summaries(conn: sqlite3.Connection, limit: int = 20) -> list[tuple[float, str, str]]:
    """The newest "while you were offline" summaries as ``(at, reason, summary_json)``."""
    rows = conn.execute(
        "SELECT at, reason, summary FROM offline ORDER BY at DESC, id DESC LIMIT ?", (limit,)
    ).fetchall()
    return [(float(at), str(reason), str(summary)) for at, reason, summary in rows]


def counts(conn: sqlite3.Connection, path: Path | None) -> JournalCounts:
    """Counts and sizes for diagnostics (nothing about any call's content)."""

    def one(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0])

    size = 0
    if path is not None:
        for suffix in ("", "-wal"):
            with contextlib.suppress(FileNotFoundError):
                size += os.stat(f"{path}{suffix}").st_size
    return JournalCounts(
        calls=one("SELECT COUNT(*) FROM calls"),
        entries=one("SELECT COUNT(*) FROM entries"),
        missed_unseen=unseen_missed(conn),
        offline_summaries=one("SELECT COUNT(*) FROM offline"),
        schema_version=version(conn),
        file_bytes=size,
    )


def _where(query: HistoryQuery) -> tuple[str, list[object]]:
    clauses: list[str] = []
    args: list[object] = []
    text = query.text.strip()
    if text:
        digits = digits_of(text)
        folded = text.casefold()
        if digits and len(digits) >= len(text.replace(" ", "")) / 2:
            # Mostly digits: a number, whatever punctuation it was typed with.
            clauses.append("(instr(digits, ?) > 0 OR instr(folded, ?) > 0)")
            args += [digits, folded]
        else:
            clauses.append("instr(folded, ?) > 0")
            args.append(folded)
    if query.directions:
        clauses.append(f"direction IN ({', '.join('?' for _ in query.directions)})")
        args += sorted(d.value for d in query.directions)
    if query.results:
        named = sorted(r.value for r in query.results if r is not None)
        parts = [f"result IN ({', '.join('?' for _ in named)})"] if named else []
        if None in query.results:
            parts.append("result IS NULL")
        clauses.append(f"({' OR '.join(parts)})")
        args += named
    if query.since is not None:
        clauses.append("started_at >= ?")
        args.append(query.since)
    if query.until is not None:
        clauses.append("started_at < ?")
        args.append(query.until)
    return (f" WHERE {' AND '.join(clauses)}" if clauses else ""), args


def _summary(row: tuple[object, ...]) -> CallSummary:
    (row_id, backend, call_id, direction, number, name, project, queue, started_at,
     answered_at, ended_at, closed_at, result, note, disposition, seen) = row  # fmt: skip
    return CallSummary(
        id=int(str(row_id)),
        key=CallKey(str(backend), str(call_id)),
        direction=_enum(CallDirection, direction, CallDirection.UNKNOWN),
        number=str(number),
        name=str(name),
        project=str(project),
        queue=str(queue),
        started_at=float(str(started_at)),
        answered_at=_float(answered_at),
        ended_at=_float(ended_at),
        closed_at=_float(closed_at),
        result=None if result is None else _enum(CallResult, result, CallResult.UNKNOWN),
        note=str(note),
        disposition=str(disposition),
        seen=bool(seen),
    )


def _outcome(category: object, code: object, text: object) -> Outcome | None:
    if category is None:
        return None
    return Outcome(
        _enum(OutcomeCategory, category, OutcomeCategory.UNKNOWN), str(code or ""), str(text or "")
    )


def _float(value: object) -> float | None:
    return None if value is None else float(str(value))


def _enum(kind: type[_E], value: object, default: _E) -> _E:
    try:
        return kind(str(value))
    except ValueError:
        return default
