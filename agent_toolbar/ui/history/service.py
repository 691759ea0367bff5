"""The history window's door to the journal: reads in an executor, counts as signals.

The journal's reads are blocking SQLite calls; :class:`HistoryService` runs them on the
loop's default executor so the GUI thread never waits on the file. Writes are queued to the
journal's writer (which never blocks) and awaited in the executor when the window needs to
read its own write (a note, "seen", a clear).

Signals:
    changed(): The journal has new or changed calls (the list should refresh).
    unseen_changed(int): The number of missed calls not seen yet.
    offline_summary(object): A "while you were offline" summary to show
        (:class:`~agent_toolbar.history.offline.OfflineSummary`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

from agent_toolbar.history.journal import Journal
from agent_toolbar.history.model import CallRecord, CallSummary, HistoryQuery
from agent_toolbar.history.offline import OfflineSummary
from agent_toolbar.qt import QObject, QtCore, Signal

log = logging.getLogger(__name__)

_T = TypeVar("_T")
POKE_DELAY_MS = 200


class HistoryService(QObject):
    """The journal for the UI (see the module docstring)."""

    changed = Signal()
    unseen_changed = Signal(int)
    offline_summary = Signal(object)

    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        """Serve ``journal`` (owned by the caller, who closes it)."""
        super().__init__(parent)
        self.journal = journal
        self.unseen = 0
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closed = False
        self._poke = QtCore.QTimer(self)
        self._poke.setSingleShot(True)
        self._poke.setInterval(POKE_DELAY_MS)
        self._poke.timeout.connect(self._poked)

    # -- from the recorder -------------------------------------------------------------

    def close(self) -> None:
        """Stop the pending refresh and every read still running (before the journal closes).

        A refresh finishing after this would signal from an object Qt is about to delete.
        """
        self._closed = True
        self._poke.stop()
        for task in tuple(self._tasks):
            task.cancel()

    def poke(self) -> None:
        """Something was journalled: refresh counts and lists soon (coalesced)."""
        if self._closed:
            return
        if not self._poke.isActive():
            self._poke.start()

    def show_offline(self, summary: OfflineSummary) -> None:
        """The recorder made an offline summary: pass it to whoever shows it."""
        log.info("history: while offline %d calls ended, %d appeared, %d changed",
                 len(summary.ended), len(summary.appeared), len(summary.changed))  # fmt: skip
        if not summary.empty:
            self.offline_summary.emit(summary)
        self.poke()

    # -- reads -----------------------------------------------------------------------------

    async def run(self, fn: Callable[..., _T], *args: Any) -> _T:
        """Run a blocking journal call in the loop's executor."""
        return await asyncio.get_running_loop().run_in_executor(None, fn, *args)

    async def find(self, query: HistoryQuery) -> list[CallSummary]:
        """Calls matching ``query``."""
        return await self.run(self.journal.find, query)

    async def call(self, call_id: int) -> CallRecord | None:
        """One call in full."""
        return await self.run(self.journal.call, call_id)

    async def refresh_unseen(self) -> int:
        """Re-count unseen missed calls (emits ``unseen_changed`` when it differs)."""
        count = await self.run(self.journal.unseen_missed)
        if self._closed:
            return count
        if count != self.unseen:
            self.unseen = count
            self.unseen_changed.emit(count)
        return count

    # -- writes the window reads back ------------------------------------------------------

    async def _written(self, seq: int) -> None:
        await self.run(self.journal.writer.wait, seq, 10.0)

    async def mark_seen(self) -> None:
        """The operator opened the list: missed calls so far are seen."""
        await self._written(self.journal.mark_missed_seen())
        await self.refresh_unseen()

    async def set_note(self, call_id: int, text: str) -> None:
        """Set the note of a call."""
        await self._written(self.journal.set_note(call_id, text))
        self.changed.emit()

    async def clear(self) -> None:
        """Delete the whole history."""
        await self._written(self.journal.clear_all())
        await self.refresh_unseen()
        self.changed.emit()

    async def export(self, path: Path, query: HistoryQuery) -> int:
        """Write the calls matching ``query`` to ``path`` as CSV (``0600``); how many."""

        def write() -> int:
            self.journal.flush()
            fd = path.open("w", encoding="utf-8-sig", newline="")
            with fd:
                path.chmod(0o600)
                return self.journal.export_csv(fd, query)

        return await self.run(write)

    # -- internals ---------------------------------------------------------------------------

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        """Run ``coro`` as a kept task on the running loop; its failure is logged.

        Without a running loop, or once closed (the application is shutting down), it is
        dropped.
        """
        if self._closed:
            coro.close()
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            coro.close()
            return
        task = loop.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("history: %s", task.exception(), exc_info=task.exception())

    def _poked(self) -> None:
        self.spawn(self._after_poke())

    async def _after_poke(self) -> None:
        await self.refresh_unseen()
        if not self._closed:
            self.changed.emit()
