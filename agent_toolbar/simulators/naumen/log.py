"""The simulator's log of accepted commands, and waiting for a command to arrive."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.naumen.model import CommandRecord

__all__ = ["CommandLog"]

_Matcher = Callable[[CommandRecord], bool]


class CommandLog:
    """Every command the simulated API accepted, in order, with waiting on arrivals.

    Attributes:
        records: The log itself (the simulator exposes it as ``commands``).
    """

    def __init__(self) -> None:
        self.records: list[CommandRecord] = []
        self._waiters: list[tuple[_Matcher, asyncio.Future[int]]] = []
        self._claimed: set[int] = set()

    def append(self, record: CommandRecord) -> None:
        """Add a record and hand it to the first waiter it matches."""
        index = len(self.records)
        self.records.append(record)
        for matches, future in self._waiters:
            if not future.done() and matches(record):
                self._claimed.add(index)
                future.set_result(index)
                break

    async def wait(
        self,
        name: str,
        *,
        login: str | None = None,
        timeout: float = 5.0,
        predicate: Callable[[Any], bool] | None = None,
    ) -> m.Message:
        """The first matching command not yet returned by this method, waiting for it.

        ``name`` may be any spelling of the message name; ``predicate`` gets the decoded
        message. Raises ``TimeoutError`` when none arrives within ``timeout`` seconds.
        """
        cls = m.lookup(name)
        wanted = cls.NAME if cls is not None else name

        def matches(record: CommandRecord) -> bool:
            return (
                record.name == wanted
                and (login is None or record.login == login)
                and (predicate is None or bool(predicate(record.message)))
            )

        for index, record in enumerate(self.records):
            if index not in self._claimed and matches(record):
                self._claimed.add(index)
                return record.message
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        entry = (matches, future)
        self._waiters.append(entry)
        try:
            index = await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise TimeoutError(f"no {wanted} command within {timeout} s") from None
        finally:
            self._waiters.remove(entry)
        return self.records[index].message

    def cancel_waiters(self) -> None:
        """Cancel every pending wait (the simulator is stopping)."""
        for _, future in self._waiters:
            future.cancel()
