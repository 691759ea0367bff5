"""A simulator's log of what it accepted, with waiting for an entry to arrive.

Tests and drivers ask "the first ``Answer`` from this operator not yet handed out", now or
within a timeout: :meth:`WaitingLog.wait_for` claims the first unclaimed entry that matches,
or waits for the next one appended. Each entry is handed out once, so two waits for the same
kind of command get two different ones.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["WaitingLog"]

R = TypeVar("R")


class WaitingLog(Generic[R]):
    """Entries in arrival order, with waiting on arrivals.

    Attributes:
        records: The log itself.
    """

    def __init__(self) -> None:
        self.records: list[R] = []
        self._waiters: list[tuple[Callable[[R], bool], asyncio.Future[int]]] = []
        self._claimed: set[int] = set()

    def append(self, record: R) -> None:
        """Add an entry and hand it to the first waiter it matches."""
        index = len(self.records)
        self.records.append(record)
        for matches, future in self._waiters:
            if not future.done() and matches(record):
                self._claimed.add(index)
                future.set_result(index)
                break

    async def wait_for(self, matches: Callable[[R], bool], timeout: float, what: str) -> R:
        """The first matching entry not yet handed out, waiting up to ``timeout`` seconds.

        Raises ``TimeoutError("no <what> within <timeout> s")`` when none arrives.
        """
        for index, record in enumerate(self.records):
            if index not in self._claimed and matches(record):
                self._claimed.add(index)
                return record
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        entry = (matches, future)
        self._waiters.append(entry)
        try:
            index = await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise TimeoutError(f"no {what} within {timeout} s") from None
        finally:
            self._waiters.remove(entry)
        return self.records[index]

    def cancel_waiters(self) -> None:
        """Cancel every pending wait (the simulator is stopping)."""
        for _, future in self._waiters:
            future.cancel()
