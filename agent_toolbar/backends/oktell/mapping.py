"""From the Oktell diff layer's change records to the toolbar's domain events.

* A call (``commutationid``) becomes a :class:`~agent_toolbar.cti.events.CallReported`:
  ringing / dialing → ``NEW``, connected / held → ``CONNECTED`` (``hold`` set while held);
  direction ``out`` for calls the line placed (autocall callbacks included), ``internal``
  for a user of the same server, ``in`` otherwise. ``params`` carries the screen-pop fields
  (``caller``, ``called``, ``chainid``, ``commutationid``, ``callername`` …) and, for an
  autocall that rings the operator's own phone, ``callback=true``.
* An ended call is closed by the backend itself (Oktell has no wrap-up):
  :class:`~agent_toolbar.cti.events.CallFinished` with its result — answered, missed
  (incoming, never answered), rejected (declined here), cancelled (an outgoing call stopped or
  never answered), transferred (ended by a transfer sent from here).
* A user state becomes :class:`~agent_toolbar.cti.events.AgentStateReported`: 1 ready →
  ``normal``; 2 break → ``away`` (with the reason last asked for from here, when it was);
  3 not at place → ``dnd``; 5 busy → ``speaking`` during a connected call, ``ringing``
  while a call only rings or dials, else ``custom1``; the
  service states 0 and 6 → ``offline``, others ``unknown`` (their number in ``detail``).

Times: the server's local times have no zone; the toolbar runs on the operator's machine, so
they are read as local time (a server in another time zone shows shifted timers: the
specification gives no zone to correct with).
"""

from __future__ import annotations

import time
from datetime import datetime

from agent_toolbar.backends.oktell.diff import (
    CallAppeared,
    CallEnded,
    CallPhase,
    Change,
    TrackedCall,
    UserStateChanged,
)
from agent_toolbar.backends.oktell.fields import call_params, screenpop_fields
from agent_toolbar.backends.oktell.records import UserState, Version
from agent_toolbar.cti import events as ev
from agent_toolbar.cti.connection import ServerInfo
from agent_toolbar.cti.model import CallState, Direction, DisplayKind, DisplayState
from agent_toolbar.cti.outcomes import CallOutcome, EndResult

__all__ = ["call_info", "display_of", "end_result", "server_info", "to_events"]


def _epoch(value: datetime | None) -> float | None:
    return value.timestamp() if value is not None else None


def server_info(version: Version) -> ServerInfo:
    """``getversion`` as the neutral server info: the build (else the text), and the rest."""
    details = {
        "text": version.text,
        "build": version.build,
        "environment": version.environment,
        "date": version.date,
        "hal_build": version.hal_build,
    }
    return ServerInfo(version.short, {k: v for k, v in details.items() if v})


def direction_of(call: TrackedCall) -> Direction:
    """The neutral direction of an Oktell call."""
    if call.outgoing:
        return Direction.OUT
    if call.internal:
        return Direction.INTERNAL
    return Direction.IN


def call_info(call: TrackedCall) -> ev.CallInfo:
    """The neutral call for one tracked Oktell call."""
    params = {key.removeprefix("params."): value for key, value in screenpop_fields(call).items()}
    params.update(call_params(call))
    if call.callback:
        params["callback"] = "true"
    connected = call.phase in (CallPhase.CONNECTED, CallPhase.HELD)
    return ev.CallInfo(
        cid=call.call_id,
        state=CallState.CONNECTED if connected else CallState.NEW,
        direction=direction_of(call),
        kind="voice",
        hold=call.phase is CallPhase.HELD,
        muted=False,
        display_name=call.name or call.number,
        created_at=_epoch(call.started_at),
        answered_at=_epoch(call.answered_at) if call.answered else None,
        params=params,
    )


def end_result(call: TrackedCall, ended_by: str | None) -> EndResult:
    """Why a call ended: ``ended_by`` is the last command sent from here for it, if any."""
    if ended_by == "transfer":
        return EndResult.TRANSFERRED
    if call.answered:
        return EndResult.ANSWERED
    if ended_by == "hangup" and not call.outgoing:
        return EndResult.REJECTED
    if call.outgoing:
        return EndResult.CANCELLED if ended_by == "hangup" else EndResult.NO_ANSWER
    return EndResult.MISSED


_DISPLAY = {1: DisplayKind.NORMAL, 2: DisplayKind.AWAY, 3: DisplayKind.DND}


def display_of(
    state: UserState, *, on_call: bool, reason: str | None, talking: bool | None = None
) -> DisplayState:
    """What the selector shows for an Oktell user state.

    Busy (5) with a call on the line is ``speaking`` once a call is connected, ``ringing``
    while the calls only ring or dial (``talking`` says which; ``None``: connected).
    """
    kind = _DISPLAY.get(state.state)
    if kind is None and state.state == 5:
        if not on_call:
            kind = DisplayKind.CUSTOM1
        else:
            kind = DisplayKind.SPEAKING if talking is not False else DisplayKind.RINGING
    if kind is None:
        kind = DisplayKind.OFFLINE if state.state in (0, 6) else DisplayKind.UNKNOWN
    return DisplayState(kind, reason=reason if kind is DisplayKind.AWAY else None)


def to_events(
    changes: list[Change],
    *,
    ended_by: dict[str, str],
    on_call: bool,
    reason: str | None,
    talking: bool | None = None,
    at: float | None = None,
) -> list[ev.DomainEvent]:
    """The domain events for one poll's changes (``ended_by``: call id → last command)."""
    now = time.time() if at is None else at
    out: list[ev.DomainEvent] = []
    for change in changes:
        if isinstance(change, UserStateChanged):
            display = display_of(change.current, on_call=on_call, reason=reason, talking=talking)
            detail = (f"state {change.current.state} {change.current.name}".strip(),)
            out.append(ev.AgentStateReported(display=display, reason=display.reason,
                                             detail=detail, at=now))  # fmt: skip
        elif isinstance(change, CallEnded):
            result = end_result(change.call, ended_by.pop(change.call.call_id, None))
            outcome = CallOutcome(result, code=change.reason.value)
            out.append(ev.CallFinished(cid=change.call.call_id, outcome=outcome, at=now))
        else:
            info = call_info(change.call)
            out.append(ev.CallReported(call=info, new=isinstance(change, CallAppeared), at=now))
    return out
