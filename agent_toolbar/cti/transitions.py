"""Transitions: what changed between two states, for side-effect subscribers.

Screen-pop, tray notifications, sounds and the call journal each want to act once when a
call starts ringing, is answered, ends, or is closed. :func:`diff` compares the state
before and after an event and names those moments, so subscribers never diff themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from agent_toolbar.cti import events as ev
from agent_toolbar.cti.model import (
    Call,
    CallOutcome,
    CallState,
    DisplayState,
    EndResult,
    NoticeItem,
    SessionState,
    Transfer,
    TransferPhase,
)


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
        call: The call as last known (ended, with its ``outcome`` when the system gave
            one; ``call.result`` is the end result either way).
        vanished: True when a resync showed it gone (it ended while we were away) or the
            backend lost track of it (``CallsExpired``: result ``unknown``).
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


@dataclass(frozen=True, slots=True)
class NoticeReceived(Transition):
    """A message for the operator arrived (a SIP text message, a vendor notice)."""

    notice: NoticeItem


def diff(old: SessionState, new: SessionState, event: ev.DomainEvent) -> list[Transition]:
    """Name what changed from ``old`` to ``new`` (``event`` tells a resync from a close)."""
    if old is new:
        return []
    out: list[Transition] = []
    if old.connection != new.connection:
        out.append(ConnectionChanged(new))
    if old.agent.display != new.agent.display:
        out.append(AgentDisplayChanged(old.agent.display, new.agent.display))
    if new.notices is not old.notices and new.notices:
        out.append(NoticeReceived(new.notices[-1]))
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
    vanished = isinstance(event, ev.CallsSnapshot | ev.CallsExpired)
    for cid, call in old.calls.items():
        if cid not in new.calls:
            _removed(out, call, event, vanished)
    return out


def _removed(out: list[Transition], call: Call, event: ev.DomainEvent, vanished: bool) -> None:
    """A call left: a backend that closes calls itself ends them here too (no wrap-up)."""
    if isinstance(event, ev.CallFinished):
        ended = replace(call, state=CallState.ENDED, outcome=event.outcome or call.outcome)
        if call.transfer is not None and call.transfer.phase is TransferPhase.SUCCEEDED:
            # it left after a successful transfer: completed, as the reducer says of ENDED
            ended = replace(ended, transfer=replace(call.transfer, phase=TransferPhase.COMPLETED))
        if call.state is not CallState.ENDED:
            if call.state is CallState.NEW and ended.answered:
                out.append(CallAnswered(ended))
            out.append(CallEnded(ended))
        call = ended
    elif isinstance(event, ev.CallsExpired):  # lost track: not known to be missed
        lost = replace(call, outcome=call.outcome or CallOutcome(EndResult.UNKNOWN))
        out.append(CallRemoved(lost, vanished=True, missed=False))
        return
    out.append(CallRemoved(call, vanished=vanished, missed=call.missed))


def _progress(out: list[Transition], before: Call | None, call: Call) -> None:
    was = before.state if before else CallState.NEW
    if was is CallState.NEW and call.state is not CallState.NEW:
        out.append(CallAnswered(call) if call.state is CallState.CONNECTED else CallEnded(call))
        if call.state is CallState.ENDED and call.answered:
            out.insert(len(out) - 1, CallAnswered(call))
    elif was is CallState.CONNECTED and call.state is CallState.ENDED:
        out.append(CallEnded(call))
