"""Consultation transfers on an Oktell line, followed poll by poll as the card's transfer.

A consultation is ``wp_switchcall`` to a number: the connected call is put on hold and the
number dialed on the same line (a second commutation, the *leg*, shown as its own card). The
Web-API sends no transfer events, so this module reads them off the polls for the card of the
held party (the one the operator asked to transfer):

* the held party and a leg in front of it → ``TransferStarted`` (the leg is remembered);
* the leg connected → ``TransferSucceeded`` (the operator talks to the target; the caller waits);
* both gone → the transfer is complete (``TransferSucceeded`` first if the leg never connected:
  hanging up with a party held joins the two, see below), then the card's own ``CallFinished``;
* the leg gone, the held party still on the line → ``TransferReturned`` after the operator
  cancelled it (``wp_flash mode=abort``); otherwise ``TransferFailed`` (the target hung up,
  was busy or did not answer: the Web-API does not say which, so the failure is ``unknown``).

Readings: the specification says of ``wp_abortcall`` only "hang up, ends the call"; like a
flash-transfer on a handset, hanging up while a party is held joins the two (the simulator
models it so; the README says it). ``wp_flash mode=abort`` is "hang up the current one and
return to the held one": the cancellation. ``mode=next`` (hang up the current one and go to
dialing) has no neutral intent: it is not offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from agent_toolbar.backends.oktell.changes import CallPhase
from agent_toolbar.backends.oktell.diff import Differ
from agent_toolbar.cti import events as ev
from agent_toolbar.cti.outcomes import TransferFailure

__all__ = ["Consultation", "Consultations", "Step"]


class Step(Enum):
    """How far a consultation got."""

    REQUESTED = "requested"  # wp_switchcall accepted, no poll has shown it yet
    STARTED = "started"  # held, the leg dialed
    SUCCEEDED = "succeeded"  # the leg connected


@dataclass(slots=True)
class Consultation:
    """One consultation: the held party's call, the leg once seen, how far it got."""

    cid: str
    target: str
    step: Step = Step.REQUESTED
    leg: str = ""
    cancelled: bool = False


class Consultations:
    """The consultations of one line, and the transfer events the polls show for them."""

    def __init__(self) -> None:
        self._by_cid: dict[str, Consultation] = {}

    def start(self, cid: str, target: str) -> None:
        """``wp_switchcall`` for ``cid`` was accepted."""
        self._by_cid[cid] = Consultation(cid, target)

    def of(self, cid: str) -> Consultation | None:
        """The consultation of ``cid`` or the one whose leg ``cid`` is, if any."""
        found = self._by_cid.get(cid)
        if found is not None:
            return found
        return next((c for c in self._by_cid.values() if c.leg and c.leg == cid), None)

    def cancel(self, cid: str) -> None:
        """The operator asked to return to the held party (``wp_flash mode=abort``)."""
        found = self.of(cid)
        if found is not None:
            found.cancelled = True

    def discard(self, cid: str) -> None:
        """Forget the consultation of ``cid`` (its ``wp_switchcall`` was not confirmed)."""
        self._by_cid.pop(cid, None)

    def clear(self) -> None:
        """Forget every consultation (a reconnect: the snapshot is the truth)."""
        self._by_cid.clear()

    def follow(self, differ: Differ, at: float) -> list[ev.DomainEvent]:
        """The transfer events this poll shows (call these before the calls' own events)."""
        out: list[ev.DomainEvent] = []
        for item in list(self._by_cid.values()):
            out.extend(self._step(item, differ, at))
        return out

    def _step(self, item: Consultation, differ: Differ, at: float) -> list[ev.DomainEvent]:
        calls = differ.calls
        held = calls.get(item.cid)
        if item.step is Step.REQUESTED:
            front = next((c for c in calls.values() if c.call_id != item.cid), None)
            if held is None or held.phase is not CallPhase.HELD or front is None:
                return self._gone(item) if held is None else []
            item.step, item.leg = Step.STARTED, front.call_id
            out: list[ev.DomainEvent] = [ev.TransferStarted(cid=item.cid, at=at)]
            if front.phase is CallPhase.CONNECTED:
                item.step = Step.SUCCEEDED
                out.append(ev.TransferSucceeded(cid=item.cid, at=at))
            return out
        leg = calls.get(item.leg)
        if held is None:
            del self._by_cid[item.cid]
            if leg is None and item.step is Step.STARTED:
                return [ev.TransferSucceeded(cid=item.cid, at=at)]  # joined before it answered
            return []
        if leg is None:
            del self._by_cid[item.cid]
            if item.cancelled:
                return [ev.TransferReturned(cid=item.cid, at=at)]
            return [ev.TransferFailed(cid=item.cid, failure=TransferFailure.UNKNOWN, at=at)]
        if item.step is Step.STARTED and leg.phase is CallPhase.CONNECTED:
            item.step = Step.SUCCEEDED
            return [ev.TransferSucceeded(cid=item.cid, at=at)]
        return []

    def _gone(self, item: Consultation) -> list[ev.DomainEvent]:
        del self._by_cid[item.cid]
        return []
