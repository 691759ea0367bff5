"""Calls in memory, each operator's view of them, and who gets told what.

A record (one PBX ``SessionID`` or one Autosecretary ``CallID``) keeps the facts its events
carried and derives, on demand, one :class:`~agent_toolbar.gateway.wire.Call` per operator
involved. After every event the store recomputes the record's views and publishes only those
that changed: a duplicate changes nothing and sends nothing, and a view depends on the facts
rather than their order, so late or reordered events converge on the same cards.

Ended calls are kept ``ended_retention_seconds`` (late duplicates stay recognised), calls in
all are bounded by ``max_calls`` (the oldest ended go first, then the oldest). A call that has
had no event for :data:`STALE_SECONDS` (its end was lost) is forgotten, and the cards still open
for it are sent once more as ended ("no more events"), so no toolbar keeps a ghost. State lives
in memory: after a restart, a call is rebuilt from the events that follow.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Protocol

from agent_toolbar.gateway.config import Operator
from agent_toolbar.gateway.numbers import normalize
from agent_toolbar.gateway.wire import Call

__all__ = ["STALE_SECONDS", "Publish", "Record", "Router", "Store"]

STALE_SECONDS = 6 * 3600.0

#: ``publish(login, vendor_event, call)``
Publish = Callable[[str, str, Call], None]


class Router:
    """Which operators own a number or an extension."""

    def __init__(self, operators: Iterable[Operator]) -> None:
        self.operators = {op.login: op for op in operators}
        self._numbers: dict[str, set[str]] = {}
        self._extensions: dict[str, set[str]] = {}
        for op in self.operators.values():
            for number in op.numbers:
                self._numbers.setdefault(number, set()).add(op.login)
            for ext in op.extensions:
                self._extensions.setdefault(ext, set()).add(op.login)

    def by_number(self, number: str) -> set[str]:
        """Logins owning ``number`` (normalised first)."""
        key = normalize(number)
        return set(self._numbers.get(key, ())) if key else set()

    def by_extension(self, ext: str) -> set[str]:
        """Logins owning the short number ``ext``."""
        key = ext.strip()
        return set(self._extensions.get(key, ())) if key else set()

    def owns(self, login: str, number: str) -> bool:
        """Whether ``number`` is one of ``login``'s."""
        op = self.operators.get(login)
        return op is not None and normalize(number) in op.numbers


class Record(Protocol):
    """What the store needs of a call record."""

    key: str
    ended_at: float | None
    last_event: str

    def views(self, router: Router) -> dict[str, Call]:
        """One view per operator involved in the call."""


class Store:
    """All records, the views last published per operator, and the per-operator index."""

    def __init__(
        self,
        router: Router,
        publish: Publish,
        *,
        retention: float = 600.0,
        max_calls: int = 50000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.router = router
        self._publish = publish
        self._retention = retention
        self._max = max_calls
        self._clock = clock
        self.records: OrderedDict[str, Record] = OrderedDict()
        self._sent: dict[str, dict[str, Call]] = {}
        self._by_login: dict[str, set[str]] = {}
        self._touched: dict[str, float] = {}

    def get(self, key: str) -> Record | None:
        """The record ``key`` if still remembered."""
        return self.records.get(key)

    def add(self, record: Record) -> None:
        """Remember a new record (evicting the oldest when full)."""
        self.records[record.key] = record
        if len(self.records) > self._max:
            self._evict()

    def changed(self, record: Record) -> None:
        """Recompute ``record``'s views and publish those that differ from the last sent."""
        self._touched[record.key] = self._clock()
        views = record.views(self.router)
        sent = self._sent.setdefault(record.key, {})
        for login, view in views.items():
            if sent.get(login) != view:
                sent[login] = view
                self._by_login.setdefault(login, set()).add(record.key)
                self._publish(login, record.last_event, view)

    def view(self, key: str, login: str) -> Call | None:
        """The view of call ``key`` last sent to ``login``."""
        return self._sent.get(key, {}).get(login)

    def active(self, login: str) -> list[Call]:
        """``login``'s calls that have not ended, oldest first."""
        calls = [
            view
            for key in self._by_login.get(login, ())
            if (view := self._sent.get(key, {}).get(login)) and view["state"] != "ended"
        ]
        return sorted(calls, key=lambda c: (c["started_at"] or "", c["id"]))

    def count_active(self) -> dict[tuple[str, ...], float]:
        """Active calls by source (for the gauge)."""
        counts: dict[tuple[str, ...], float] = {("webhook",): 0, ("autosecretary",): 0}
        for record in self.records.values():
            if record.ended_at is None:
                source = "webhook" if record.key.startswith("wh:") else "autosecretary"
                counts[(source,)] += 1
        return counts

    def sweep(self) -> None:
        """Forget ended calls older than the retention, and calls without news for too long."""
        now = self._clock()
        limit = now - self._retention
        for key in [k for k, r in self.records.items() if r.ended_at and r.ended_at < limit]:
            self._forget(key)
        stale = now - STALE_SECONDS
        for key in [k for k, t in self._touched.items() if t < stale and k in self.records]:
            for login, view in self._sent.get(key, {}).items():
                if view["state"] != "ended":
                    self._publish(login, "NoMoreEvents", _closed(view))
            self._forget(key)

    def _evict(self) -> None:
        ended = [k for k, r in self.records.items() if r.ended_at is not None]
        victim = ended[0] if ended else next(iter(self.records))
        self._forget(victim)

    def _forget(self, key: str) -> None:
        self.records.pop(key, None)
        self._touched.pop(key, None)
        for login in self._sent.pop(key, {}):
            self._by_login.get(login, set()).discard(key)


def _closed(view: Call) -> Call:
    closed = view.copy()
    closed["state"] = "ended"
    closed["actions"] = []
    closed["result"] = {
        "category": "ended",
        "code": "",
        "text": "No more events from the phone system",
        "vendor_text": "",
    }
    return closed
