"""Plain values of the call journal: what a call record holds and how it is asked for.

Everything here is vendor-neutral and immutable. A backend's own words survive only as
data (``vendor_code`` / ``vendor_text`` next to a neutral category), never as a type.
Times are POSIX seconds: ``at`` is the local wall clock when the toolbar learnt of a moment,
``server_at`` what the backend's server said (when it says anything).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


def _no_ids() -> Mapping[str, str]:
    return MappingProxyType({})


class CallDirection(enum.StrEnum):
    """Direction of a call seen from the operator's phone."""

    IN = "in"
    OUT = "out"
    INTERNAL = "internal"
    UNKNOWN = "unknown"


class CallResult(enum.StrEnum):
    """How a call ended, as a neutral category (the vendor's code and text stay beside it).

    The same values as the domain's ``EndResult``.
    """

    ANSWERED = "answered"
    MISSED = "missed"
    ANSWERED_ELSEWHERE = "answered_elsewhere"
    BUSY = "busy"
    NO_ANSWER = "no_answer"
    REJECTED = "rejected"
    FAILED = "failed"
    CANCELLED = "cancelled"
    TRANSFERRED = "transferred"
    UNKNOWN = "unknown"


MISSED_RESULTS = frozenset({CallResult.MISSED})
"""Results that count as "missed" for the missed list and its unseen counter."""


class EntryKind(enum.StrEnum):
    """One moment on a call's timeline."""

    RING = "ring"  # offered to the operator (incoming) or dialling (outgoing)
    ANSWER = "answer"
    HOLD = "hold"
    RESUME = "resume"
    TRANSFER_TRY = "transfer_try"
    TRANSFER_RESULT = "transfer_result"
    END = "end"
    WRAPUP_CLOSED = "wrapup_closed"
    URL_POPPED = "url_popped"
    DISPOSITION = "disposition"


class OutcomeCategory(enum.StrEnum):
    """Neutral category of a transfer's outcome (the vendor's code says more).

    ``succeeded`` and ``returned``, or one of the domain's ``TransferFailure`` values.
    """

    SUCCEEDED = "succeeded"
    RETURNED = "returned"  # the call came back to the operator
    NO_TARGET = "no_target"
    INVALID_TARGET = "invalid_target"
    INCOMPATIBLE = "incompatible"
    CALL_GONE = "call_gone"
    NO_ANSWER = "no_answer"
    NETWORK = "network"
    RETURN_FAILED = "return_failed"
    BUSY = "busy"
    CANCELLED = "cancelled"
    CALLER_HUNG_UP = "caller_hung_up"
    NOT_FOUND = "not_found"
    REJECTED = "rejected"
    FAILED = "failed"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Outcome:
    """A result: the neutral category plus what the vendor said (both optional)."""

    category: OutcomeCategory
    vendor_code: str = ""
    vendor_text: str = ""


@dataclass(frozen=True, slots=True)
class Party:
    """One party of a call: its role (``caller``, ``called``, ``target`` …), number, name."""

    role: str
    number: str = ""
    name: str = ""


@dataclass(frozen=True, slots=True)
class CallKey:
    """Which call an event is about: the backend's name and its own id of the call."""

    backend: str
    call_id: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One recorded moment of a call (a row of its timeline)."""

    kind: EntryKind
    at: float
    server_at: float | None = None
    outcome: Outcome | None = None
    target: str = ""  # transfer target, popped URL, chosen disposition
    detail: str = ""  # e.g. the transfer kind


@dataclass(frozen=True, slots=True)
class CallSummary:
    """One row of the history list (no timeline)."""

    id: int
    key: CallKey
    direction: CallDirection
    number: str
    name: str
    project: str
    queue: str
    started_at: float
    answered_at: float | None
    ended_at: float | None
    closed_at: float | None
    result: CallResult | None
    note: str
    disposition: str
    seen: bool

    @property
    def missed(self) -> bool:
        """Whether the call counts as missed."""
        return self.result in MISSED_RESULTS


@dataclass(frozen=True, slots=True)
class CallRecord:
    """A journalled call in full: its summary, ids, parties, timeline and popped URLs."""

    summary: CallSummary
    session_id: str = ""
    backend_ids: Mapping[str, str] = field(default_factory=_no_ids)
    parties: tuple[Party, ...] = ()
    result_outcome: Outcome | None = None
    entries: tuple[Entry, ...] = ()
    urls: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HistoryQuery:
    """What the history window asks for; every field narrows, the default lists everything.

    Attributes:
        text: Digits match anywhere in a party's number (``+7 (916) 12`` finds ``79161234``);
            other text matches names, numbers, project and queue, case-insensitively.
        directions: Only these directions (empty: all).
        results: Only these results (empty: all; ``None`` in the set: calls still running).
        since: Started at or after this time.
        until: Started before this time.
        limit: At most this many, newest first.
        offset: Skip this many (paging).
    """

    text: str = ""
    directions: frozenset[CallDirection] = frozenset()
    results: frozenset[CallResult | None] = frozenset()
    since: float | None = None
    until: float | None = None
    limit: int = 200
    offset: int = 0


@dataclass(frozen=True, slots=True)
class JournalCounts:
    """What diagnostics may say about the journal: counts and sizes, never its content."""

    calls: int
    entries: int
    missed_unseen: int
    offline_summaries: int
    schema_version: int
    file_bytes: int
