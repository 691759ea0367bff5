"""What the journal's writer is asked to record: one small value per moment of a call.

A subscriber (the domain listener in the toolbar, a test, the bench) turns what happened
into these values and hands them to :class:`~agent_toolbar.history.writer.JournalWriter`.
Each one is written in its own transaction, so a crash loses at most the one in flight.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from agent_toolbar.history.model import (
    CallDirection,
    CallKey,
    CallResult,
    EntryKind,
    Outcome,
    Party,
)


def _no_ids() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class JournalEvent:
    """Base of everything the writer accepts."""


@dataclass(frozen=True, slots=True)
class CallOpened(JournalEvent):
    """A call appeared: a new journal row and its first timeline entry (ring).

    A second ``CallOpened`` for a key whose row has not ended yet (a resync showing the same
    call again) updates that row instead of opening another.
    """

    key: CallKey
    at: float
    direction: CallDirection
    parties: tuple[Party, ...] = ()
    project: str = ""
    queue: str = ""
    session_id: str = ""
    backend_ids: Mapping[str, str] = field(default_factory=_no_ids)
    server_at: float | None = None


@dataclass(frozen=True, slots=True)
class CallInfoChanged(JournalEvent):
    """What became known about a call later (its parameters); empty fields change nothing."""

    key: CallKey
    parties: tuple[Party, ...] = ()
    project: str = ""
    queue: str = ""
    session_id: str = ""
    backend_ids: Mapping[str, str] = field(default_factory=_no_ids)


@dataclass(frozen=True, slots=True)
class CallMoment(JournalEvent):
    """A moment on the call's timeline: answer, hold, resume, a transfer try or its result.

    ``END`` and ``WRAPUP_CLOSED`` have their own events (they also set the call's result);
    ``RING`` comes with :class:`CallOpened`.
    """

    key: CallKey
    kind: EntryKind
    at: float
    server_at: float | None = None
    outcome: Outcome | None = None
    target: str = ""
    detail: str = ""


@dataclass(frozen=True, slots=True)
class CallEnded(JournalEvent):
    """The call ended (its end result; the vendor's code and text in ``outcome``)."""

    key: CallKey
    at: float
    result: CallResult
    outcome: Outcome | None = None
    server_at: float | None = None


@dataclass(frozen=True, slots=True)
class WrapUpClosed(JournalEvent):
    """Post-call work is over: the call left the phone."""

    key: CallKey
    at: float
    server_at: float | None = None


@dataclass(frozen=True, slots=True)
class UrlPopped(JournalEvent):
    """A screen-pop opened ``url`` for the call."""

    key: CallKey
    at: float
    url: str


@dataclass(frozen=True, slots=True)
class DispositionChosen(JournalEvent):
    """The operator chose a disposition (a routing or result choice) for the call."""

    key: CallKey
    at: float
    disposition: str


@dataclass(frozen=True, slots=True)
class NoteSet(JournalEvent):
    """The operator's own note on a journalled call (by row id), replacing the old one."""

    call: int
    text: str


@dataclass(frozen=True, slots=True)
class MissedSeen(JournalEvent):
    """The operator saw the missed calls: those started up to ``up_to`` are no longer unseen."""

    up_to: float


@dataclass(frozen=True, slots=True)
class OfflineSummaryRecorded(JournalEvent):
    """A "while you were offline" summary (as JSON from :mod:`~agent_toolbar.history.offline`)."""

    at: float
    reason: str
    summary_json: str


@dataclass(frozen=True, slots=True)
class Purge(JournalEvent):
    """Delete calls started more than ``retention_days`` before ``now``."""

    now: float
    retention_days: int


@dataclass(frozen=True, slots=True)
class ClearAll(JournalEvent):
    """Delete everything (the operator's "clear history") and shrink the file."""
