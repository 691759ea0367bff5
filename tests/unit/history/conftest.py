"""Fixtures for the journal's unit tests: a journal in a temporary directory on a set clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from agent_toolbar.history import events as je
from agent_toolbar.history.journal import Journal
from agent_toolbar.history.model import CallDirection, CallKey, CallResult, EntryKind, Party

NOW = 1_780_000_000.0  # a fixed "now" (2026) for every journal of these tests


class Clock:
    """A wall clock the test moves."""

    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


@pytest.fixture
def journal(db_path: Path, clock: Clock) -> Iterator[Journal]:
    j = Journal.open(db_path, clock=clock)
    yield j
    j.close()


def call_events(
    call_id: str,
    at: float,
    *,
    number: str = "+79161234567",
    name: str = "",
    direction: CallDirection = CallDirection.IN,
    answered: bool = True,
    result: CallResult | None = None,
    project: str = "",
) -> list[je.JournalEvent]:
    """A whole call: ring, (answer), end, wrap-up closed."""
    key = CallKey("naumen", call_id)
    out: list[je.JournalEvent] = [
        je.CallOpened(key, at, direction, (Party("caller", number, name),), project=project)
    ]
    if answered:
        out.append(je.CallMoment(key, EntryKind.ANSWER, at + 5))
    out.append(
        je.CallEnded(
            key,
            at + 60,
            result or (CallResult.ANSWERED if answered else CallResult.MISSED),
        )
    )
    out.append(je.WrapUpClosed(key, at + 70))
    return out


Record = Callable[..., None]


@pytest.fixture
def record(journal: Journal) -> Record:
    """``record(call_id, at, **kw)`` journals a whole call and waits until it is written."""

    def run(call_id: str, at: float, **kw: object) -> None:
        for event in call_events(call_id, at, **kw):  # type: ignore[arg-type]
            journal.record(event)
        assert journal.flush()

    return run


@pytest.fixture
def make_call() -> Callable[..., list[je.JournalEvent]]:
    """:func:`call_events`, for tests that write the events themselves."""
    return call_events
