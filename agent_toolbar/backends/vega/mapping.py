"""Vega change records into the toolbar's domain events.

Each :mod:`~agent_toolbar.backends.vega.tracker` change becomes the neutral events the
session understands:

* a call of ours → :class:`~agent_toolbar.cti.events.CallReported`, keyed by the call's key
  (the group parent's uuid for a distributed call) with ``params.sessionId`` = that key, so
  the screen-pop policy opens ``params.url`` once per call, across reconnects;
* its end → ``CallReported`` (ended, with the hang-up time) then
  :class:`~agent_toolbar.cti.events.CallFinished` with the end result: Vega closes its calls
  itself, there is no wrap-up; an expired call → :class:`~agent_toolbar.cti.events.CallsExpired`;
* the pause state → :class:`~agent_toolbar.cti.events.AgentStateReported` (away / normal);
* an ``error`` event → a :class:`~agent_toolbar.cti.events.Notice` from the PBX (with the
  call's id when it names one).

Readings: an internal call we make is reported as outgoing (it is dialling, not ringing);
one that rings at us as internal. ``params.caller`` / ``params.called`` are the far party's
number and ours (the trunk's number for an external call to us, our extension otherwise).
The card's name line carries the CRM contact's name and, when the CRM has one, the company
in brackets; the group the call came through goes in ``params.queue`` (the card's queue line).
Timers start at the PBX's skew-corrected ``dialAt`` / ``bridgeAt``.
"""

from __future__ import annotations

import logging
import time

from agent_toolbar.backends.vega.legs import Role
from agent_toolbar.backends.vega.tracker import (
    CallChanged,
    CallEnded,
    CallView,
    Change,
    EndReason,
    ErrorReported,
    PauseChanged,
    Phase,
    PopUrl,
)
from agent_toolbar.backends.vega.tracker import (
    Direction as VegaDirection,
)
from agent_toolbar.cti import events as ev
from agent_toolbar.cti.model import CallState, Direction, DisplayKind, DisplayState, NoticeKind
from agent_toolbar.cti.outcomes import CallOutcome, EndResult

__all__ = ["SENDER", "call_info", "to_events"]

log = logging.getLogger(__name__)

#: Who notices from the PBX come from.
SENDER = "Vega PBX"

_RESULTS = {
    EndReason.ANSWERED: EndResult.ANSWERED,
    EndReason.MISSED: EndResult.MISSED,
    EndReason.NO_ANSWER: EndResult.NO_ANSWER,
    EndReason.ANSWERED_ELSEWHERE: EndResult.ANSWERED_ELSEWHERE,
    EndReason.EXPIRED: EndResult.UNKNOWN,
}


def _direction(view: CallView) -> Direction:
    if view.direction is VegaDirection.INCOMING:
        return Direction.IN
    if view.direction is VegaDirection.OUTGOING or view.role is Role.CALLER:
        return Direction.OUT
    return Direction.INTERNAL


def _display_name(view: CallView) -> str:
    name = (view.name or "").strip()
    company = (view.company or "").strip()
    if name and company:
        return f"{name} ({company})"
    return name or company


def call_info(view: CallView, extension: str) -> ev.CallInfo:
    """The domain's view of one of our calls."""
    direction = _direction(view)
    params = dict(view.params)
    number = (view.number or "").strip()
    ours = (view.trunk_num if view.direction is VegaDirection.INCOMING else None) or extension
    caller, called = (ours, number) if direction is Direction.OUT else (number, ours)
    for key, value in (("caller", caller), ("called", called), ("queue", view.group or "")):
        if value:
            params[key] = value
    params["sessionId"] = view.key
    state = {
        Phase.CONNECTED: CallState.CONNECTED,
        Phase.ENDED: CallState.ENDED,
    }.get(view.phase, CallState.NEW)
    return ev.CallInfo(
        cid=view.key,
        state=state,
        direction=direction,
        kind="voice",
        display_name=_display_name(view),
        created_at=view.dial_at,
        answered_at=view.bridge_at,
        hung_up_at=view.ended_at,
        params=params,
    )


def _when(view: CallView) -> float:
    if view.phase is Phase.ENDED and view.ended_at is not None:
        return view.ended_at
    if view.phase is Phase.CONNECTED and view.bridge_at is not None:
        return view.bridge_at
    return view.dial_at if view.dial_at is not None else time.time()


def to_events(change: Change, extension: str) -> list[ev.DomainEvent]:
    """The domain events one change stands for (see the module docstring)."""
    now = time.time()
    if isinstance(change, CallChanged):
        info = call_info(change.call, extension)
        return [ev.CallReported(call=info, new=change.new, at=min(now, _when(change.call)))]
    if isinstance(change, CallEnded):
        view = change.call
        reason = view.end_reason or EndReason.ANSWERED
        if reason is EndReason.EXPIRED:
            return [ev.CallsExpired(cids=(view.key,), at=now)]
        at = min(now, _when(view))
        outcome = CallOutcome(_RESULTS[reason], code=str(reason))
        return [
            ev.CallReported(call=call_info(view, extension), at=at),
            ev.CallFinished(cid=view.key, outcome=outcome, at=at),
        ]
    if isinstance(change, PauseChanged):
        kind = DisplayKind.AWAY if change.paused else DisplayKind.NORMAL
        return [
            ev.AgentStateReported(
                display=DisplayState(kind),
                server_time=change.at,
                detail=("lgDirection 32" if change.paused else "lgDirection 64",),
                at=now,
            )
        ]
    if isinstance(change, ErrorReported):
        text = change.text or "error"
        return [
            ev.Notice(
                text=text, kind=NoticeKind.VENDOR, cid=change.key or "", sender=SENDER, at=now
            )
        ]
    if isinstance(change, PopUrl):
        log.debug(
            "call %s: CRM address chosen (%s)", change.key[-8:], change.url.split("?")[0][:60]
        )
    return []
