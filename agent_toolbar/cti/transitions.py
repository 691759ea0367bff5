"""Transitions: what changed between two states, for side-effect subscribers.

Screen-pop, tray notifications, sounds and the call journal each want to act once when a
call starts ringing, is answered, ends, or is closed. :func:`diff` compares the state
before and after an event and names those moments, so subscribers never diff themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent_toolbar.cti import events as ev
from agent_toolbar.cti.model import Call, CallState, DisplayState, SessionState, Transfer


@dataclass(frozen=True, slots=True)
class Transition:
    """Base of every transition."""


@dataclass(frozen=True, slots=True)
class CallAppeared(Transition):
    """A call is on the phone for the first time (``ringing`` tells an incoming offer)."""

    call: Call
    ringing: bool


@dataclass(frozen=True, slots=True)
class CallAnswered(Transition):
    """A call went from ``new`` to ``connected`` (by us or by another client)."""

    call: Call


@dataclass(frozen=True, slots=True)
class CallEnded(Transition):
    """A call ended and is in wrap-up."""

    call: Call


@dataclass(frozen=True, slots=True)
class CallRemoved(Transition):
    """A call left the phone.

    Attributes:
        call: The call as last known.
        vanished: True when a resync showed it gone (it ended while we were away).
        missed: True for an incoming call that was never answered.
    """

    call: Call
    vanished: bool
    missed: bool


@dataclass(frozen=True, slots=True)
class CallParamsChanged(Transition):
    """A call's parameters became known or changed."""

    call: Call


@dataclass(frozen=True, slots=True)
class TransferChanged(Transition):
    """A call's transfer moved to another phase."""

    call: Call
    transfer: Transfer | None


@dataclass(frozen=True, slots=True)
class AgentDisplayChanged(Transition):
    """The displayed operator state changed."""

    old: DisplayState
    new: DisplayState


@dataclass(frozen=True, slots=True)
class ConnectionChanged(Transition):
    """The connection status changed."""

    state: SessionState


def diff(old: SessionState, new: SessionState, event: ev.DomainEvent) -> list[Transition]:
    """Name what changed from ``old`` to ``new`` (``event`` tells a resync from a close)."""
    if old is new:
        return []
    out: list[Transition] = []
    if old.connection != new.connection:
        out.append(ConnectionChanged(new))
    if old.agent.display != new.agent.display:
        out.append(AgentDisplayChanged(old.agent.display, new.agent.display))
    if old.calls is new.calls:
        return out
    for cid, call in new.calls.items():
        before = old.calls.get(cid)
        if before is None:
            out.append(CallAppeared(call, ringing=call.ringing))
            if call.state is not CallState.NEW:
                _progress(out, None, call)
            continue
        if before is call:
            continue
        _progress(out, before, call)
        if before.params != call.params:
            out.append(CallParamsChanged(call))
        if before.transfer != call.transfer:
            out.append(TransferChanged(call, call.transfer))
    vanished = isinstance(event, ev.CallsSnapshot)
    for cid, call in old.calls.items():
        if cid not in new.calls:
            out.append(CallRemoved(call, vanished=vanished, missed=call.missed))
    return out


def _progress(out: list[Transition], before: Call | None, call: Call) -> None:
    was = before.state if before else CallState.NEW
    if was is CallState.NEW and call.state is not CallState.NEW:
        out.append(CallAnswered(call) if call.state is CallState.CONNECTED else CallEnded(call))
        if call.state is CallState.ENDED and call.answered:
            out.insert(len(out) - 1, CallAnswered(call))
    elif was is CallState.CONNECTED and call.state is CallState.ENDED:
        out.append(CallEnded(call))
