"""The call journal: one object the toolbar opens at start and closes at quit.

``Journal.open()`` never raises for a bad file (see :mod:`~agent_toolbar.history.store`);
its :attr:`Journal.status` says what happened. Writes go through the
:class:`~agent_toolbar.history.writer.JournalWriter` thread; reads run on a separate
connection (serialised by a lock, so any thread may call them, e.g. an executor's).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from agent_toolbar.history import events as je
from agent_toolbar.history import queries
from agent_toolbar.history.apply import DAY
from agent_toolbar.history.export import write_csv
from agent_toolbar.history.model import (
    MISSED_RESULTS,
    CallKey,
    CallRecord,
    CallSummary,
    HistoryQuery,
    JournalCounts,
)
from agent_toolbar.history.schema import migrate
from agent_toolbar.history.store import (
    JournalStatus,
    OpenReport,
    connect,
    default_path,
    memory_target,
    open_database,
)
from agent_toolbar.history.writer import JournalWriter

DEFAULT_RETENTION_DAYS = 90
EXPORT_LIMIT = 1_000_000


class Journal:
    """The local journal of calls (see the package docstring)."""

    def __init__(
        self,
        target: str,
        uri: bool,
        report: OpenReport,
        *,
        retention_days: int,
        clock: Callable[[], float],
        purge_every: float,
    ) -> None:
        """Use :meth:`open`."""
        self.report = report
        self._clock = clock
        writer_conn = connect(target, uri=uri)
        migrate(writer_conn)  # a no-op for a file open_database migrated; builds a memory one
        self._reader = connect(target, uri=uri)
        self._reader.execute("PRAGMA query_only = ON")
        self._read_lock = threading.Lock()
        self._write_failed = ""
        self._writer = JournalWriter(
            writer_conn,
            retention_days=max(1, retention_days),
            clock=clock,
            purge_every=purge_every,
            on_failure=self._failed,
        )
        self._writer.start()

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        *,
        retention_days: int = DEFAULT_RETENTION_DAYS,
        clock: Callable[[], float] = time.time,
        purge_every: float = DAY,
        busy_timeout: float = 2.0,
    ) -> Journal:
        """Open (or create, migrate, or recover) the journal at ``path`` (default: data dir)."""
        target, uri, report = open_database(path or default_path(), busy_timeout=busy_timeout)
        try:
            return cls(target, uri, report, retention_days=retention_days, clock=clock,
                       purge_every=purge_every)  # fmt: skip
        except sqlite3.Error as exc:
            # The file went bad between the check and the connections (another process):
            # this run keeps its calls in memory rather than not starting.
            target, uri, report = memory_target(
                f"{report.detail} {type(exc).__name__}: {exc}".strip()
            )
            return cls(target, uri, report, retention_days=retention_days, clock=clock,
                       purge_every=purge_every)  # fmt: skip

    @property
    def status(self) -> JournalStatus:
        """How the journal is doing: the open outcome, or ``WRITE_FAILED`` since a failure."""
        return JournalStatus.WRITE_FAILED if self._write_failed else self.report.status

    @property
    def path(self) -> Path | None:
        """The file in use (``None`` when in memory)."""
        return self.report.path

    @property
    def writer(self) -> JournalWriter:
        """The writer thread's front (for waiting on a sequence number)."""
        return self._writer

    # -- writing -------------------------------------------------------------------------

    def record(self, event: je.JournalEvent) -> int:
        """Queue ``event`` for writing; return its sequence number."""
        return self._writer.submit(event)

    def flush(self, timeout: float | None = 10.0) -> bool:
        """Block until everything queued so far is written; False on timeout."""
        return self._writer.wait(timeout=timeout)

    def set_note(self, call_id: int, text: str) -> int:
        """Set the operator's note on a journalled call."""
        return self.record(je.NoteSet(call_id, text))

    def mark_missed_seen(self, up_to: float | None = None) -> int:
        """The operator has seen the missed calls (up to ``up_to``, default now)."""
        return self.record(je.MissedSeen(self._clock() if up_to is None else up_to))

    def purge(self) -> int:
        """Purge old calls now (the writer also does so at start and daily)."""
        return self.record(je.Purge(self._clock(), self._writer.retention_days))

    def set_retention_days(self, days: int) -> None:
        """Change the retention (from the setting) and purge by it."""
        self._writer.retention_days = days
        self.purge()

    def clear_all(self) -> int:
        """Delete every call and summary and shrink the file."""
        return self.record(je.ClearAll())

    def close(self, timeout: float = 10.0) -> bool:
        """Write what is queued and close; False if the writer did not finish in time."""
        done = self._writer.close(timeout)
        with self._read_lock:
            self._reader.close()
        return done

    # -- reading ---------------------------------------------------------------------------

    def find(self, query: HistoryQuery) -> list[CallSummary]:
        """Calls matching ``query``, newest first."""
        with self._read_lock:
            return queries.find(self._reader, query)

    def recent(self, limit: int = 200) -> list[CallSummary]:
        """The newest calls."""
        return self.find(HistoryQuery(limit=limit))

    def missed(self, limit: int = 200) -> list[CallSummary]:
        """The newest missed calls."""
        return self.find(HistoryQuery(results=frozenset(MISSED_RESULTS), limit=limit))

    def count(self, query: HistoryQuery) -> int:
        """How many calls match ``query``."""
        with self._read_lock:
            return queries.count(self._reader, query)

    def unseen_missed(self) -> int:
        """Missed calls not seen yet (the tray's and the window's counter)."""
        with self._read_lock:
            return queries.unseen_missed(self._reader)

    def call(self, call_id: int) -> CallRecord | None:
        """One call in full, with its timeline entries."""
        with self._read_lock:
            return queries.call(self._reader, call_id)

    def latest_for(self, key: CallKey) -> CallRecord | None:
        """The newest call with this key in full (the card's timeline).

        Flush first to see what was just recorded.
        """
        with self._read_lock:
            return queries.latest_for(self._reader, key)

    def offline_summaries(self, limit: int = 20) -> list[tuple[float, str, str]]:
        """The newest offline summaries as ``(at, reason, summary_json)``."""
        with self._read_lock:
            return queries.offline_summaries(self._reader, limit)

    def counts(self) -> JournalCounts:
        """Counts for diagnostics, never content."""
        with self._read_lock:
            return queries.counts(self._reader, self.path)

    def export_csv(self, out: TextIO, query: HistoryQuery | None = None) -> int:
        """Write the calls matching ``query`` (default: all) as CSV; return how many."""
        base = query or HistoryQuery()
        full = HistoryQuery(
            text=base.text,
            directions=base.directions,
            results=base.results,
            since=base.since,
            until=base.until,
            limit=EXPORT_LIMIT,
        )
        return write_csv(out, self.find(full))

    def _failed(self, detail: str) -> None:
        self._write_failed = detail
