"""While you were offline: what changed between the state before and after a resync.

The toolbar takes a :class:`Snapshot` when it loses sight of the phone (a dropped
connection, a clock jump after sleep, a network change) and another once the backend has
resynced; :func:`summarize` names the calls that ended, the calls that appeared, the calls
whose state changed and the operator's state change, as plain data. :func:`to_json` and
:func:`from_json` carry it into and out of the journal; :func:`render` words it through a
translate function ``translate(context, text, *args)``, like the timeline.

Readings:
    * A snapshot's call state and the operator's state are the domain's neutral values as
      strings (``new``, ``connected``, ``ended`` …; ``normal``, ``away`` …): the summary
      compares them and the UI words them, so it needs no vendor's words.
    * A call present before and after in the same state, on or off hold alike, is no news;
      a change of hold is a change of state (``on hold`` ↔ ``connected``) when the snapshot
      says so.
    * Calls are listed in a stable order: by number, then id.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from agent_toolbar.history.model import CallDirection
from agent_toolbar.history.timeline import QT_TRANSLATE_NOOP, Translate, duration_text

CONTEXT = "HistoryOffline"


class OfflineReason(enum.StrEnum):
    """Why the toolbar could not see the phone for a while."""

    RECONNECT = "reconnect"
    CLOCK_JUMP = "clock_jump"  # the loop's clock jumped: the machine slept
    NETWORK_CHANGE = "network_change"


@dataclass(frozen=True, slots=True)
class CallSnap:
    """One call as a snapshot saw it."""

    call_id: str
    state: str
    direction: CallDirection = CallDirection.UNKNOWN
    number: str = ""
    name: str = ""


def _no_calls() -> Mapping[str, CallSnap]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The calls (by id) and the operator's state at one moment."""

    at: float
    calls: Mapping[str, CallSnap] = field(default_factory=_no_calls)
    operator_state: str = ""
    operator_reason: str = ""


@dataclass(frozen=True, slots=True)
class CallChange:
    """A call whose state differs after the resync."""

    before: CallSnap
    after: CallSnap


@dataclass(frozen=True, slots=True)
class OfflineSummary:
    """What changed while the toolbar could not see the phone."""

    since: float
    until: float
    reason: OfflineReason
    ended: tuple[CallSnap, ...] = ()
    appeared: tuple[CallSnap, ...] = ()
    changed: tuple[CallChange, ...] = ()
    operator_before: str = ""
    operator_after: str = ""

    @property
    def operator_changed(self) -> bool:
        """Whether the operator's state differs after the resync."""
        return self.operator_before != self.operator_after

    @property
    def empty(self) -> bool:
        """Nothing changed (the window shows nothing then)."""
        return not (self.ended or self.appeared or self.changed or self.operator_changed)


def _order(snap: CallSnap) -> tuple[str, str]:
    return snap.number, snap.call_id


def _operator(snapshot: Snapshot) -> str:
    if snapshot.operator_reason:
        return f"{snapshot.operator_state}:{snapshot.operator_reason}"
    return snapshot.operator_state


def summarize(before: Snapshot, after: Snapshot, reason: OfflineReason) -> OfflineSummary:
    """Compare ``before`` and ``after`` (see the module docstring)."""
    ended = [c for cid, c in before.calls.items() if cid not in after.calls]
    appeared = [c for cid, c in after.calls.items() if cid not in before.calls]
    changed = [
        CallChange(before.calls[cid], c)
        for cid, c in after.calls.items()
        if cid in before.calls and before.calls[cid].state != c.state
    ]
    return OfflineSummary(
        since=before.at,
        until=after.at,
        reason=reason,
        ended=tuple(sorted(ended, key=_order)),
        appeared=tuple(sorted(appeared, key=_order)),
        changed=tuple(sorted(changed, key=lambda ch: _order(ch.after))),
        operator_before=_operator(before),
        operator_after=_operator(after),
    )


def _snap_json(snap: CallSnap) -> dict[str, str]:
    return {
        "id": snap.call_id,
        "state": snap.state,
        "direction": snap.direction.value,
        "number": snap.number,
        "name": snap.name,
    }


def _snap(raw: Any) -> CallSnap:
    try:
        direction = CallDirection(str(raw.get("direction", "unknown")))
    except ValueError:
        direction = CallDirection.UNKNOWN
    return CallSnap(
        str(raw.get("id", "")),
        str(raw.get("state", "")),
        direction,
        str(raw.get("number", "")),
        str(raw.get("name", "")),
    )


def to_json(summary: OfflineSummary) -> str:
    """The summary as JSON for the journal."""
    return json.dumps(
        {
            "since": summary.since,
            "until": summary.until,
            "reason": summary.reason.value,
            "ended": [_snap_json(c) for c in summary.ended],
            "appeared": [_snap_json(c) for c in summary.appeared],
            "changed": [[_snap_json(c.before), _snap_json(c.after)] for c in summary.changed],
            "operator": [summary.operator_before, summary.operator_after],
        },
        ensure_ascii=False,
    )


def from_json(text: str) -> OfflineSummary:
    """A summary back from :func:`to_json` (raises ``ValueError`` on anything else)."""
    raw = json.loads(text)
    if not isinstance(raw, dict):
        raise ValueError("not an offline summary")
    try:
        reason = OfflineReason(str(raw.get("reason")))
        operator = raw.get("operator") or ["", ""]
        return OfflineSummary(
            since=float(raw["since"]),
            until=float(raw["until"]),
            reason=reason,
            ended=tuple(_snap(c) for c in raw.get("ended", [])),
            appeared=tuple(_snap(c) for c in raw.get("appeared", [])),
            changed=tuple(CallChange(_snap(a), _snap(b)) for a, b in raw.get("changed", [])),
            operator_before=str(operator[0]),
            operator_after=str(operator[1]),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not an offline summary: {exc}") from exc


REASONS: dict[OfflineReason, str] = {
    OfflineReason.RECONNECT: QT_TRANSLATE_NOOP(
        "HistoryOffline", "While the connection was down (%1):"
    ),
    OfflineReason.CLOCK_JUMP: QT_TRANSLATE_NOOP(
        "HistoryOffline", "While the computer was asleep (%1):"
    ),
    OfflineReason.NETWORK_CHANGE: QT_TRANSLATE_NOOP(
        "HistoryOffline", "While the network changed (%1):"
    ),
}
ENDED = QT_TRANSLATE_NOOP("HistoryOffline", "Ended: %1")
APPEARED = QT_TRANSLATE_NOOP("HistoryOffline", "New: %1 (%2)")
CHANGED = QT_TRANSLATE_NOOP("HistoryOffline", "%1: %2 → %3")
OPERATOR = QT_TRANSLATE_NOOP("HistoryOffline", "Your state: %1 → %2")
NOTHING = QT_TRANSLATE_NOOP("HistoryOffline", "Nothing changed.")


def render(
    summary: OfflineSummary,
    translate: Translate,
    *,
    words: Callable[[str], str] | None = None,
    duration: Callable[[float], str] | None = None,
) -> str:
    """The summary as plain text, one change a line, headed by why and for how long.

    Args:
        summary: What :func:`summarize` made.
        translate: ``translate(context, text, *args)``.
        words: Words for a neutral state value (``connected`` …; ``away:Dinner``).
        duration: Formats the seconds offline (default ``m:ss``).
    """
    word = words or (lambda value: value)
    length = (duration or duration_text)(max(0.0, summary.until - summary.since))
    lines = [translate(CONTEXT, REASONS[summary.reason], length)]
    for c in summary.ended:
        lines.append(translate(CONTEXT, ENDED, _who(c)))
    for c in summary.appeared:
        lines.append(translate(CONTEXT, APPEARED, _who(c), word(c.state)))
    for ch in summary.changed:
        lines.append(translate(CONTEXT, CHANGED, _who(ch.after), word(ch.before.state),
                               word(ch.after.state)))  # fmt: skip
    if summary.operator_changed:
        lines.append(translate(CONTEXT, OPERATOR, word(summary.operator_before),
                               word(summary.operator_after)))  # fmt: skip
    if summary.empty:
        lines.append(translate(CONTEXT, NOTHING))
    return "\n".join(lines)


def _who(c: CallSnap) -> str:
    if c.name and c.number and c.name != c.number:
        return f"{c.number} ({c.name})"
    return c.number or c.name or c.call_id


SHORT = QT_TRANSLATE_NOOP("HistoryOffline", "ended: %1, new: %2, changed: %3")


def render_short(summary: OfflineSummary, translate: Translate) -> str:
    """Two short lines: why and for how long; how many calls ended, appeared, changed."""
    head = translate(CONTEXT, REASONS[summary.reason], duration_text(summary.until - summary.since))
    counts = translate(CONTEXT, SHORT, str(len(summary.ended)), str(len(summary.appeared)),
                       str(len(summary.changed)))  # fmt: skip
    return f"{head}\n{counts}"
