"""The §4.4 display rules: which one of the operator's substates the toolbar shows.

Naumen reports the operator's state as a top state plus a list of *substates*; the domain
knows only the one state to show (:class:`~agent_toolbar.cti.model.DisplayState`). The
:class:`SubstateTracker` here turns each ``UserState`` into a neutral
:class:`~agent_toolbar.cti.events.AgentStateReported`, remembering when each substate was
first seen (the timers), so neither the wire strings nor these rules reach the reducer.

The specification's note to table 4.3:

* ``away``, ``dnd``, ``custom1..3`` take precedence over every other substate (and never
  occur together);
* among several substates, the one set most recently is shown;
* ``standoff`` and ``accident`` take precedence over ``normal``.

Substates may carry a channel suffix (``ringing#voice``, ``wrapup#email``); it is kept as the
display channel. ``UserState.state`` is sometimes a top state (``available``) and sometimes a
substate name (``normal``, ``away`` …, §3.74); :func:`normalise` accepts both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from agent_toolbar.cti import events as ev
from agent_toolbar.cti.model import DisplayKind, DisplayState, TopState

PRIORITY = ("away", "dnd", "custom1", "custom2", "custom3")
TOP_STATES = {s.value for s in TopState if s is not TopState.UNKNOWN}
_NOTAVAILABLE_SUBSTATES = {"away", "dnd", "custom1", "custom2", "custom3", "accident"}
_KNOWN = {k.value for k in DisplayKind}


def split(substate: str) -> tuple[str, str | None]:
    """Split ``ringing#voice`` into ``("ringing", "voice")``."""
    base, _, channel = substate.partition("#")
    return base.strip().lower(), (channel.strip().lower() or None)


def normalise(
    state: str, substates: Iterable[str], previous_top: TopState
) -> tuple[TopState, tuple[str, ...]]:
    """Turn a reported ``state`` + ``substates`` into a top state and a substate list."""
    raw = state.strip().lower()
    subs = [s.strip() for s in substates if s and s.strip()]
    if raw in TOP_STATES:
        return TopState(raw), tuple(subs)
    if raw and raw not in {split(s)[0] for s in subs}:
        subs.insert(0, raw)
    base = split(raw)[0]
    if base == "normal":
        top = TopState.AVAILABLE
    elif base in _NOTAVAILABLE_SUBSTATES:
        top = TopState.NOTAVAILABLE
    elif previous_top is not TopState.UNKNOWN and previous_top is not TopState.OFFLINE:
        top = previous_top
    else:
        top = TopState.AVAILABLE if base else TopState.UNKNOWN
    return top, tuple(subs)


def effective_bases(top: TopState, substates: Iterable[str]) -> dict[str, str | None]:
    """Base substate → channel, including the implied ``normal``/``away`` of §4.4."""
    bases: dict[str, str | None] = {}
    for sub in substates:
        base, channel = split(sub)
        if base and (base not in bases or bases[base] is None):
            bases[base] = channel
    if not bases:
        if top is TopState.AVAILABLE:
            bases["normal"] = None
        elif top is TopState.NOTAVAILABLE:
            bases["away"] = None
    return bases


def display_state(
    top: TopState,
    bases: Mapping[str, str | None],
    since: Mapping[str, float],
    reason: str | None,
    order: Iterable[str] = (),
) -> DisplayState:
    """Choose the one state to show.

    Args:
        top: The top-level state.
        bases: Base substates and their channels (see :func:`effective_bases`).
        since: Local time each base substate was first seen.
        reason: The reported reason, shown with ``away``/``accident``/``custom`` states.
        order: The substates in reported order (breaks ties between equal times: later wins).
    """
    if top is TopState.OFFLINE:
        kind = DisplayKind.REDIRECT if "redirect" in bases else DisplayKind.OFFLINE
        return DisplayState(kind=kind, reason=reason, since=since.get(kind.value, 0.0))
    for base in PRIORITY:
        if base in bases:
            return DisplayState(
                kind=DisplayKind(base),
                channel=bases[base],
                reason=reason,
                since=since.get(base, 0.0),
            )
    candidates = [b for b in bases if b != "normal"]
    if not candidates:
        if "normal" in bases or top is TopState.AVAILABLE:
            return DisplayState(kind=DisplayKind.NORMAL, since=since.get("normal", 0.0))
        return DisplayState(kind=DisplayKind.UNKNOWN, reason=reason)
    position = {split(s)[0]: i for i, s in enumerate(order)}
    chosen = max(candidates, key=lambda b: (since.get(b, 0.0), position.get(b, -1)))
    kind = DisplayKind(chosen) if chosen in _KNOWN else DisplayKind.UNKNOWN
    shown_reason = reason if kind in (DisplayKind.ACCIDENT, DisplayKind.STANDOFF) else None
    return DisplayState(
        kind=kind, channel=bases[chosen], reason=shown_reason, since=since.get(chosen, 0.0)
    )


def accident_code(reason: str | None) -> int | None:
    """The error code of an ``accident`` reason ``<code>:<ivr-call-id>`` (table 4.4)."""
    if not reason:
        return None
    head = reason.split(":", 1)[0].strip()
    return int(head) if head.isdigit() else None


class SubstateTracker:
    """Turns ``UserState`` reports into :class:`~agent_toolbar.cti.events.AgentStateReported`.

    One per connection's backend: it remembers the last top state and substates and when
    each substate was first seen, so a timer keeps running while a substate stays.
    """

    def __init__(self) -> None:
        """Start with nothing reported."""
        self._top = TopState.UNKNOWN
        self._substates: tuple[str, ...] = ()
        self._since: dict[str, float] = {}

    def report(
        self,
        state: str,
        substates: Iterable[str] = (),
        *,
        reason: str | None = None,
        server_time: float | None = None,
        snapshot: bool = False,
        at: float = 0.0,
    ) -> ev.AgentStateReported:
        """The domain event for one report.

        Args:
            state: The top state or a substate name (both spellings occur, §3.74, §4.4).
            substates: The reported substates.
            reason: The reason as reported.
            server_time: When the state was entered, on the local clock (plausible only).
            snapshot: Part of a (re)sync.
            at: When the report was received.
        """
        top, subs = normalise(state, substates, self._top)
        bases = effective_bases(top, subs)
        keys = set(bases) | {top.value}
        old_keys = set(effective_bases(self._top, self._substates)) | {self._top.value}
        # A state entered now starts at the server's transition time when it is usable
        # (already on the local clock, see server_time.py; not after ``at``): a reconnect or
        # a restart does not reset the timer.
        entered = server_time if server_time is not None and server_time <= at else at
        since = {k: (self._since.get(k, entered) if k in old_keys else entered) for k in keys}
        display = display_state(top, bases, since, reason, subs)
        if display.kind is DisplayKind.ACCIDENT:
            code = accident_code(reason)
            display = replace(display, code=None if code is None else str(code))
        self._top, self._substates, self._since = top, subs, since
        return ev.AgentStateReported(
            display=display,
            top=top,
            reason=reason,
            server_time=server_time,
            snapshot=snapshot,
            detail=subs,
            at=at,
        )
