"""Faults the simulator can be told to answer with, and the command log.

A fault answers the next ``count`` requests (of one method, or of any) instead of the real
answer:

* ``403`` — ``403 Forbidden``, no ``WWW-Authenticate`` (as for bad credentials);
* ``500`` — ``500 Internal Server Error`` with an HTML page;
* ``html`` — ``200`` with an HTML error page instead of the XML/JSON;
* ``empty`` — ``200`` with an empty body;
* ``garbage`` — ``200`` with bytes that are neither XML nor JSON (nor UTF-8);
* ``seedjson`` — the real JSON without the commas the specification's examples lose;
* ``truncated`` — the real body cut in half;
* ``slow`` — the real answer after ``seconds`` (default 3);
* ``drop`` — the connection is closed without an answer.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from agent_toolbar.simulators.common.commandlog import WaitingLog
from agent_toolbar.simulators.oktell.model import CommandRecord

__all__ = ["FAULT_KINDS", "CommandLog", "Fault", "FaultQueue"]

FAULT_KINDS = frozenset(
    {"403", "500", "html", "empty", "garbage", "seedjson", "truncated", "slow", "drop"}
)


@dataclass
class Fault:
    """One pending fault: ``kind``, for ``method`` (``None``: any), ``count`` more times."""

    kind: str
    method: str | None
    count: int
    seconds: float


class FaultQueue:
    """The pending faults, first added first used."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, kind: str, *, method: str | None, count: int, seconds: float) -> None:
        """Queue a fault (``ValueError`` for an unknown kind or a bad count)."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r} (one of {', '.join(sorted(FAULT_KINDS))})")
        if count < 1 or count > 10_000:
            raise ValueError("count must be between 1 and 10000")
        if not 0 <= seconds <= 120:
            raise ValueError("seconds must be between 0 and 120")
        self._faults.append(Fault(kind, method, count, seconds))

    def take(self, method: str) -> Fault | None:
        """The fault that answers this request, if any (its count goes down)."""
        for fault in self._faults:
            if fault.method in (None, method):
                fault.count -= 1
                if fault.count <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    def clear(self) -> None:
        """Forget every pending fault."""
        self._faults.clear()

    def __len__(self) -> int:
        return len(self._faults)


class CommandLog(WaitingLog[CommandRecord]):
    """Every Web-API request answered (authenticated, known method), with waiting on them.

    Attributes:
        records: The log in arrival order.
        forbidden: Requests answered 403 for their credentials: ``(time, method)``.
    """

    def __init__(self) -> None:
        super().__init__()
        self.forbidden: list[tuple[float, str]] = []

    def refuse(self, method: str) -> None:
        """Note a request refused for its credentials."""
        self.forbidden.append((time.time(), method))
        del self.forbidden[:-1000]

    def count(self, name: str) -> int:
        """How many requests of this method were answered."""
        return sum(1 for r in self.records if r.name == name)

    async def wait(
        self,
        name: str,
        *,
        login: str | None = None,
        timeout: float = 5.0,
        predicate: Callable[[CommandRecord], bool] | None = None,
    ) -> CommandRecord:
        """The first matching record not yet returned by this method, waiting for it."""

        def matches(record: CommandRecord) -> bool:
            return (
                record.name == name
                and (login is None or record.login == login)
                and (predicate is None or bool(predicate(record)))
            )

        return await self.wait_for(matches, timeout, f"{name} request")
