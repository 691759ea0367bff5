"""From successive poll snapshots to change records: calls appearing, changing and ending.

Oktell reports state only when asked. One poll is ``wp_getabonentinfo`` (the line state and
the *current* other party), ``wp_getchaincontent`` (the commutations of the current chain)
and ``tst_getuserstate``. Neither answer lists every call of the line: a party on hold in
another chain is in none of them. So a call that a poll does not show is **not** simply
gone. The rules, in order, for a known call missing from a snapshot:

1. the line is free → it ended;
2. the snapshot's chain is the call's chain (the chain was looked at and the call is not in
   it) → it ended;
3. it was held and no other call is held → it is still held (a line holds one party);
4. it was connected, nothing else is held, and either the line reports a held party only
   (``lsHold``) or another call is now dialing or connected on the line (the operator put it
   on hold to make or take that one) → it is held now;
5. otherwise (it was ringing or dialing, or a new call rings: a busy line does not ring) →
   it ended.

A snapshot whose ``wp_getabonentinfo`` failed is not applied at all (a lost poll changes
nothing); the next good one is compared with the last good one, so a call that ended in
between ends then (by rule 1, 2 or 5). A ``wp_getchaincontent`` that failed only disables
rule 2.

Each call is keyed by its ``commutationid`` (lower case). Outgoing calls the line's own phone
rings for (``wp_autocallstart``: the callback of ``sequence=direct``, the first ring of
``back``) look like incoming ones; :meth:`Differ.expect_outgoing` tells the differ a number is
being called, so the ring from that number is recorded as the outgoing call it is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from agent_toolbar.backends.oktell.changes import (
    CallAnswered,
    CallAppeared,
    CallEnded,
    CallHeld,
    CallPhase,
    CallResumed,
    CallUpdated,
    Change,
    EndReason,
    TrackedCall,
    UserStateChanged,
)
from agent_toolbar.backends.oktell.records import (
    ChainContent,
    Commutation,
    LineInfo,
    LineState,
    Side,
    UserState,
)

__all__ = [
    "CallAnswered",
    "CallAppeared",
    "CallEnded",
    "CallHeld",
    "CallPhase",
    "CallResumed",
    "CallUpdated",
    "Change",
    "Differ",
    "EndReason",
    "Snapshot",
    "TrackedCall",
    "UserStateChanged",
]

HINT_TTL = 120.0


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One poll's answers. ``chain``/``user`` are ``None`` when not asked or failed."""

    line: LineInfo
    chain: ChainContent | None = None
    user: UserState | None = None


_PHASE_OF_LINE = {
    LineState.RINGING: CallPhase.RINGING,
    LineState.DIALING: CallPhase.DIALING,
    LineState.COMMUTATED: CallPhase.CONNECTED,
}


class Differ:
    """Keeps the calls the polls showed and turns each new snapshot into changes.

    Args:
        login: The operator's login (to find the line's own end of a commutation).
        user_id: The operator's GUID, if known.
    """

    def __init__(self, login: str, user_id: str = "") -> None:
        self.login = login.casefold()
        self.user_id = user_id.lower()
        self.calls: dict[str, TrackedCall] = {}
        self.user_state: UserState | None = None
        self._hints: dict[str, float] = {}

    def expect_outgoing(self, number: str, now: float) -> None:
        """``number`` is being called: a ring from it is that outgoing call."""
        self._hints[number.strip()] = now + HINT_TTL

    def reset(self) -> list[Change]:
        """Forget every call (the backend is closing): each one ends."""
        ended: list[Change] = [CallEnded(c, EndReason.GONE) for c in self.calls.values()]
        self.calls.clear()
        return ended

    # ------------------------------------------------------------------ reading one snapshot

    def _ours(self, side: Side) -> bool:
        return bool(
            (side.user_login and side.user_login.casefold() == self.login)
            or (self.user_id and side.user_id == self.user_id)
        )

    def _observe(self, snap: Snapshot) -> dict[str, TrackedCall]:
        seen: dict[str, TrackedCall] = {}
        chain = snap.chain
        by_id: dict[str, Commutation] = (
            {c.commutation_id: c for c in chain.commutations} if chain else {}
        )
        any_ours = any(self._ours(c.a) or self._ours(c.b) for c in by_id.values())
        abonent = snap.line.abonent
        if abonent is not None:
            key = abonent.commutation_id or f"chain:{abonent.chain_id or abonent.caller_id}"
            commutation = by_id.get(key)
            known = self.calls.get(key)
            phase = _PHASE_OF_LINE.get(snap.line.state)
            if phase is None:  # an undocumented line state: judge by the answer time
                if commutation is not None and commutation.time_answer is not None:
                    phase = CallPhase.CONNECTED
                elif known is not None:
                    phase = known.phase
                else:
                    phase = CallPhase.RINGING
            outgoing = self._direction(commutation) if commutation else None
            seen[key] = TrackedCall(
                call_id=key,
                chain_id=abonent.chain_id or (chain.chain_id if chain else ""),
                number=abonent.caller_id,
                name=abonent.caller_name,
                phase=phase,
                outgoing=outgoing if outgoing is not None else (phase is CallPhase.DIALING or None),
                internal=abonent.is_user and not abonent.is_ext_line,
                started_at=commutation.time_start if commutation else None,
                answered_at=commutation.time_answer if commutation else None,
                called=self._called(commutation, abonent.caller_id) if commutation else "",
                caller_line_num=abonent.caller_line_num,
                caller_login=abonent.caller_user_login,
                external=abonent.is_ext_line,
            )
        for commutation in by_id.values():
            key = commutation.commutation_id
            if key in seen or commutation.time_answer is None:
                continue  # the active one, or a leg not yet answered that is not the line's
            ours_a, ours_b = self._ours(commutation.a), self._ours(commutation.b)
            if any_ours and not (ours_a or ours_b):
                continue  # a leg of the chain between other parties
            other = commutation.b if ours_a else commutation.a
            seen[key] = TrackedCall(
                call_id=key,
                chain_id=chain.chain_id if chain else "",
                number=other.out_number or other.line_number,
                name=other.text or other.user_name,
                phase=CallPhase.HELD,
                outgoing=ours_a if (ours_a or ours_b) else None,
                internal=other.is_user,
                started_at=commutation.time_start,
                answered_at=commutation.time_answer,
                called=self._called(commutation, other.out_number),
                caller_line_num=other.line_number,
                caller_login=other.user_login,
                external=not other.is_user,
            )
        return seen

    def _called(self, commutation: Commutation, other_number: str) -> str:
        if self._ours(commutation.a):
            return commutation.a.number_dialed or other_number
        return commutation.a.number_dialed or commutation.b.out_number

    def _direction(self, commutation: Commutation) -> bool | None:
        if self._ours(commutation.a):
            return True
        if self._ours(commutation.b):
            return False
        return None

    # ------------------------------------------------------------------ comparing

    def apply(self, snap: Snapshot, now: float) -> list[Change]:
        """The changes from the last applied snapshot to this one."""
        changes: list[Change] = []
        if snap.user is not None and (
            self.user_state is None or snap.user.state != self.user_state.state
        ):
            changes.append(UserStateChanged(self.user_state, snap.user))
        if snap.user is not None:
            self.user_state = snap.user
        self._hints = {n: t for n, t in self._hints.items() if t > now}

        seen = self._observe(snap)
        for key, call in seen.items():
            known = self.calls.get(key)
            if known is None:
                call = self._first_sight(call)
                self.calls[key] = call
                changes.append(CallAppeared(call))
            else:
                changes.extend(self._compare(known, call))
        changes.extend(self._missing(snap, seen))
        return changes

    def _first_sight(self, call: TrackedCall) -> TrackedCall:
        if call.phase is CallPhase.RINGING and call.number in self._hints:
            del self._hints[call.number]
            return replace(call, outgoing=True, callback=True)
        if call.phase is CallPhase.DIALING and call.number in self._hints:
            del self._hints[call.number]
        if call.phase in (CallPhase.CONNECTED, CallPhase.HELD):
            call = replace(call, answered=True)
        return call

    def _compare(self, known: TrackedCall, seen: TrackedCall) -> list[Change]:
        merged = replace(
            seen,
            outgoing=known.outgoing if known.outgoing is not None else seen.outgoing,
            callback=known.callback,
            answered=known.answered or seen.phase in (CallPhase.CONNECTED, CallPhase.HELD),
            name=seen.name or known.name,
            number=seen.number or known.number,
            chain_id=seen.chain_id or known.chain_id,
            started_at=seen.started_at or known.started_at,
            answered_at=seen.answered_at or known.answered_at,
            internal=seen.internal or known.internal,
            called=seen.called or known.called,
            caller_line_num=seen.caller_line_num or known.caller_line_num,
            caller_login=seen.caller_login or known.caller_login,
        )
        if merged == known:
            return []
        self.calls[known.call_id] = merged
        before, after = known.phase, merged.phase
        if before in (CallPhase.RINGING, CallPhase.DIALING) and after is CallPhase.CONNECTED:
            return [CallAnswered(merged)]
        if before is CallPhase.CONNECTED and after is CallPhase.HELD:
            return [CallHeld(merged)]
        if before is CallPhase.HELD and after is CallPhase.CONNECTED:
            return [CallResumed(merged)]
        return [CallUpdated(merged, known)]

    def _missing(self, snap: Snapshot, seen: dict[str, TrackedCall]) -> list[Change]:
        changes: list[Change] = []
        missing = [c for key, c in self.calls.items() if key not in seen]
        line = snap.line
        free = line.state is LineState.FREE or (
            line.state is LineState.UNKNOWN
            and line.abonent is None
            and snap.chain is not None
            and not snap.chain.chain_id
        )
        chain_id = snap.chain.chain_id if snap.chain is not None else None
        held_now = sum(1 for c in seen.values() if c.phase is CallPhase.HELD)
        active = next((c for c in seen.values() if c.phase is not CallPhase.HELD), None)
        for call in missing:
            if free:
                changes.append(self._end(call, EndReason.LINE_FREE))
            elif chain_id and call.chain_id == chain_id:
                changes.append(self._end(call, EndReason.LEFT_CHAIN))
            elif call.phase is CallPhase.HELD and held_now == 0:
                held_now += 1  # still held, out of sight
            elif (
                call.phase is CallPhase.CONNECTED
                and held_now == 0
                and (
                    (line.state is LineState.HOLD and active is None)
                    or (
                        active is not None
                        and active.phase in (CallPhase.DIALING, CallPhase.CONNECTED)
                    )
                )
            ):
                held_now += 1
                held = replace(call, phase=CallPhase.HELD)
                self.calls[call.call_id] = held
                changes.append(CallHeld(held))
            else:
                changes.append(self._end(call, EndReason.GONE))
        return changes

    def _end(self, call: TrackedCall, reason: EndReason) -> CallEnded:
        del self.calls[call.call_id]
        return CallEnded(call, reason)
