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

import json
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import NamedTuple, Protocol

from agent_toolbar.gateway.config import Operator
from agent_toolbar.gateway.numbers import normalize
from agent_toolbar.gateway.wire import Call, encode

__all__ = ["STALE_SECONDS", "Publish", "Record", "Router", "Store"]

STALE_SECONDS = 6 * 3600.0

#: ``publish(login, vendor_event, call_json)``: the view as JSON text, encoded once
Publish = Callable[[str, str, str], None]


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


class _Sent(NamedTuple):
    """A view as last published: its JSON text, whether it has ended, and its sort key.

    Text rather than a tree of dicts: a long-lived heap of strings costs the garbage collector
    nothing, where tens of thousands of remembered views as dicts made its full passes long.
    """

    text: str
    ended: bool
    order: tuple[str, str]


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
        self._ended: OrderedDict[str, float] = OrderedDict()  # in the order calls ended
        self._sent: dict[str, dict[str, _Sent]] = {}
        self._by_login: dict[str, set[str]] = {}
        self._touched: OrderedDict[str, float] = OrderedDict()  # least recently changed first

    def get(self, key: str) -> Record | None:
        """The record ``key`` if still remembered."""
        return self.records.get(key)

    def add(self, record: Record) -> None:
        """Remember a new record (evicting the oldest ended one, or the oldest, when full)."""
        self.records[record.key] = record
        if len(self.records) > self._max:
            victim = next(iter(self._ended), None) or next(iter(self.records))
            self._forget(victim)

    def changed(self, record: Record) -> None:
        """Recompute ``record``'s views and publish those that differ from the last sent."""
        key = record.key
        self._touched[key] = self._clock()
        self._touched.move_to_end(key)
        if record.ended_at is not None and key not in self._ended:
            self._ended[key] = record.ended_at
        sent = self._sent.setdefault(key, {})
        for login, view in record.views(self.router).items():
            text = encode(view)
            last = sent.get(login)
            if last is None or last.text != text:
                sent[login] = _Sent(text, view["state"] == "ended", (view["started_at"] or "", key))
                self._by_login.setdefault(login, set()).add(key)
                self._publish(login, record.last_event, text)

    def view(self, key: str, login: str) -> Call | None:
        """The view of call ``key`` last sent to ``login``."""
        last = self._sent.get(key, {}).get(login)
        return _decode(last.text) if last else None

    def active_json(self, login: str) -> list[str]:
        """``login``'s calls that have not ended, oldest first, as JSON texts."""
        views = [
            last
            for key in self._by_login.get(login, ())
            if (last := self._sent.get(key, {}).get(login)) and not last.ended
        ]
        return [last.text for last in sorted(views, key=lambda v: v.order)]

    def active(self, login: str) -> list[Call]:
        """``login``'s calls that have not ended, oldest first."""
        return [_decode(text) for text in self.active_json(login)]

    def count_active(self) -> dict[tuple[str, ...], float]:
        """Active calls by source (for the gauge)."""
        counts: dict[tuple[str, ...], float] = {("webhook",): 0, ("autosecretary",): 0}
        for key in self.records:
            if key not in self._ended:
                counts[("webhook",) if key.startswith("wh:") else ("autosecretary",)] += 1
        return counts

    def sweep(self) -> None:
        """Forget ended calls older than the retention, and calls without news for too long."""
        now = self._clock()
        limit = now - self._retention
        while self._ended and next(iter(self._ended.values())) < limit:
            self._forget(next(iter(self._ended)))
        stale = now - STALE_SECONDS
        while self._touched and next(iter(self._touched.values())) < stale:
            key = next(iter(self._touched))
            for login, last in self._sent.get(key, {}).items():
                if not last.ended:
                    self._publish(login, "NoMoreEvents", encode(_closed(_decode(last.text))))
            self._forget(key)

    def _forget(self, key: str) -> None:
        self.records.pop(key, None)
        self._ended.pop(key, None)
        self._touched.pop(key, None)
        for login in self._sent.pop(key, {}):
            self._by_login.get(login, set()).discard(key)


def _decode(text: str) -> Call:
    call: Call = json.loads(text)
    return call


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
