"""The journal's writer: a queue in front of one thread that owns the write connection.

Callers (the GUI thread) only put events on a queue, which never blocks. The thread wakes
for the first event, takes every event queued behind it (a batch), and writes each one in
its own transaction: a batch costs one wake-up, and a kill in the middle of it loses only
the event being written. In WAL mode with ``synchronous=NORMAL`` a commit is an append to
the WAL without an ``fsync``, which is what makes a transaction per event affordable
(``bench/history_journal.py`` measures it against bare inserts).

The thread also purges old calls: first of all, then every ``purge_every`` seconds of
monotonic time (a day by default), so a wall-clock jump neither skips nor repeats a purge.
A failed write is logged and counted, the writer carries on with the next event.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable

from agent_toolbar.history import events as je
from agent_toolbar.history.apply import DAY, apply

log = logging.getLogger(__name__)

BATCH = 512
"""At most this many events per wake-up (the queue is drained in slices this size)."""

_STOP = object()


class JournalWriter:
    """Writes journal events on its own thread, in order, one transaction each.

    Attributes:
        failures: How many events could not be written.
        last_error: The last write error (type and message; never call data).
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        retention_days: int,
        clock: Callable[[], float] = time.time,
        purge_every: float = DAY,
        on_failure: Callable[[str], None] | None = None,
    ) -> None:
        """Take over ``conn`` (closed by :meth:`close`); nothing runs before :meth:`start`."""
        self._conn = conn
        self._queue: queue.SimpleQueue[tuple[int, object]] = queue.SimpleQueue()
        self._retention_days = retention_days
        self._clock = clock
        self._purge_every = purge_every
        self._on_failure = on_failure
        self._lock = threading.Lock()
        self._done = threading.Condition(self._lock)
        self._submitted = 0
        self._committed = 0
        self._closed = False
        self.failures = 0
        self.last_error = ""
        self._thread = threading.Thread(target=self._run, name="history-writer", daemon=True)

    @property
    def retention_days(self) -> int:
        """Days a call is kept."""
        return self._retention_days

    @retention_days.setter
    def retention_days(self, days: int) -> None:
        self._retention_days = max(1, int(days))

    @property
    def committed(self) -> int:
        """Sequence number of the last event written (or failed): all before it are done."""
        with self._lock:
            return self._committed

    def start(self) -> None:
        """Start the thread; its first event is a purge (so waiting for it waits for that)."""
        self.submit(je.Purge(self._clock(), self._retention_days))
        self._thread.start()

    def submit(self, event: je.JournalEvent) -> int:
        """Queue ``event``; return its sequence number (never blocks)."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the journal writer is closed")
            self._submitted += 1
            seq = self._submitted
            # Under the lock: close() cannot slip its stop marker in ahead of this event.
            self._queue.put((seq, event))
        return seq

    def wait(self, seq: int | None = None, timeout: float | None = None) -> bool:
        """Block until event ``seq`` (default: the last submitted) is done; False on timeout."""
        with self._done:
            target = self._submitted if seq is None else seq
            return self._done.wait_for(lambda: self._committed >= target, timeout)

    def close(self, timeout: float = 10.0) -> bool:
        """Write what is queued, stop the thread, close the connection; False if it hung."""
        with self._lock:
            if self._closed:
                return True
            self._closed = True
        self._queue.put((0, _STOP))
        if self._thread.is_alive():
            self._thread.join(timeout)
        finished = not self._thread.is_alive()
        if finished:
            self._conn.close()
        return finished

    def _run(self) -> None:
        next_purge = time.monotonic() + self._purge_every
        while True:
            wait = max(0.0, next_purge - time.monotonic())
            try:
                batch = [self._queue.get(timeout=wait)]
            except queue.Empty:
                batch = []
            while len(batch) < BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            if time.monotonic() >= next_purge:
                self._write(je.Purge(self._clock(), self._retention_days))
                next_purge = time.monotonic() + self._purge_every
            for seq, event in batch:
                if event is _STOP:
                    return
                assert isinstance(event, je.JournalEvent)
                self._write(event)
                with self._done:
                    self._committed = seq
                    self._done.notify_all()

    def _write(self, event: je.JournalEvent) -> None:
        try:
            apply(self._conn, event)
        except (sqlite3.Error, ValueError, TypeError) as exc:
            self.failures += 1
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.error("history journal: %s not written: %s", type(event).__name__, exc)
            if self._on_failure is not None:
                try:
                    self._on_failure(self.last_error)
                except Exception:
                    log.exception("history journal failure callback failed")
