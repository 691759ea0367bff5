"""From the Vega PBX's frame stream to changes of the operator's own calls.

:class:`Tracker` is fed decoded frames (:mod:`~agent_toolbar.backends.vega.frames`) and
answers with change records: :class:`CallChanged` (a call of ours appeared or changed),
:class:`CallEnded` (with an :class:`EndReason`), :class:`PopUrl` (open this CRM address —
once per call, whatever reconnects happen), :class:`PauseChanged` and
:class:`ErrorReported`. It owns no socket, so it outlives every connection.

Readings (besides the leg rules in :mod:`~agent_toolbar.backends.vega.legs`):

* Once a uuid is ours, every later frame of that uuid applies to it, even a ``call.bridge``
  or ``call.hangup`` that omits ``lgDirection`` or its legs.
* A distributed call and its group parent are one call (keyed by the parent's uuid). Frames
  of the parent whose ``leg`` is us apply to our call; other parent frames do not change our
  state, except that a parent ``call.hangup`` ends the whole call and a parent
  ``call.bridge`` while ours still rings marks "answered elsewhere" (another employee took it).
* The seed has no hang-up cause. A call that was bridged (or whose frames carry a
  ``bridgeAt``) ended ``answered``; otherwise a call we took ended ``missed`` (or
  ``answered_elsewhere``, see above) and a call we made ended ``no_answer``.
* There is no snapshot after a reconnect: a call whose last frame came before the latest
  reconnect and that sees nothing for ``expire_after`` seconds after it ends ``expired``.
* Frames of a uuid that already ended are ignored (a late or repeated hangup, a parent's
  hangup after the child's); a hangup of a uuid never seen closes nothing.
* ``bridgeAt`` is missing from a ``call.bridge``: the frame's ``serverTime`` is the
  answer time, else the moment it arrived.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from agent_toolbar.backends.vega.clock import SkewClock
from agent_toolbar.backends.vega.frames import CallFrame, ErrorFrame, EventName, OtherLeg
from agent_toolbar.backends.vega.legs import (
    CrmOrder,
    LegType,
    OurPart,
    Role,
    call_key,
    choose_crm,
    our_part,
    pause_state,
)
from agent_toolbar.backends.vega.params import call_params
from agent_toolbar.backends.vega.records import (
    CallChanged,
    CallEnded,
    CallView,
    Change,
    Direction,
    EndReason,
    ErrorReported,
    PauseChanged,
    Phase,
    PopUrl,
)

__all__ = [
    "CallChanged",
    "CallEnded",
    "CallView",
    "Change",
    "Direction",
    "EndReason",
    "ErrorReported",
    "PauseChanged",
    "Phase",
    "PopUrl",
    "Tracker",
]

_MEMORY = 4096  # ended uuids, popped keys and foreign calls remembered (oldest forgotten)


_DIRECTIONS = {1: Direction.INTERNAL, 2: Direction.OUTGOING, 4: Direction.INCOMING}


@dataclass(slots=True)
class _Call:
    key: str
    part: OurPart
    parent_uuid: str | None
    uuid: str
    live: set[str]
    last_event: float
    phase: Phase
    other_legs: tuple[OtherLeg, ...] = ()
    group: str | None = None
    trunk_num: str | None = None
    trunk_name: str | None = None
    dial_ms: int | None = None
    bridge_ms: int | None = None
    end_ms: float | None = None
    end_reason: EndReason | None = None
    parent_bridged: bool = False
    stale: bool = False


@dataclass(slots=True)
class _Foreign:
    other_legs: tuple[OtherLeg, ...] = ()
    group: str | None = None
    bridged: bool = False


@dataclass
class Tracker:
    """Turns frames into changes of the operator's calls (see the module docstring).

    Args:
        extension: The operator's extension (``vega/extension``).
        crm_order: Which ``priority`` comes first (``vega/crm_priority``).
        expire_after: Seconds after a reconnect before a call that saw no frame expires.
        clock: The skew estimate (shared with whoever shows timers).
        monotonic: The clock of ``last event`` and expiry (inject a fake one in tests).
    """

    extension: str
    crm_order: CrmOrder = CrmOrder.LOWEST
    expire_after: float = 30.0
    clock: SkewClock = field(default_factory=SkewClock)
    monotonic: Callable[[], float] = time.monotonic
    paused: bool | None = None
    _calls: dict[str, _Call] = field(default_factory=dict)
    _uuids: dict[str, str] = field(default_factory=dict)
    _ended: OrderedDict[str, None] = field(default_factory=OrderedDict)
    _popped: OrderedDict[str, None] = field(default_factory=OrderedDict)
    _foreign: OrderedDict[str, _Foreign] = field(default_factory=OrderedDict)
    _resync_at: float | None = None

    @property
    def calls(self) -> tuple[CallView, ...]:
        """Our open calls, oldest first."""
        return tuple(self._view(call) for call in self._calls.values())

    def feed(self, frame: CallFrame | ErrorFrame, now: float | None = None) -> list[Change]:
        """Apply one decoded frame; return what changed for the operator."""
        now = self.monotonic() if now is None else now
        if frame.server_time is not None:
            self.clock.observe(frame.server_time)
        if isinstance(frame, ErrorFrame):
            key = self._uuids.get(frame.uuid) if frame.uuid else None
            return [ErrorReported(frame.text, key)]
        if frame.is_pause_notice:
            return self._pause(frame)
        key = self._uuids.get(frame.uuid)
        if key is not None:
            return self._update(self._calls[key], frame, now)
        parent_of = self._calls.get(frame.uuid)
        if parent_of is not None:
            return self._parent(parent_of, frame, now)
        part = our_part(frame, self.extension)
        if part is None or frame.uuid in self._ended:
            if part is None:
                self._remember_foreign(frame)
            return []
        if frame.event is EventName.HANGUP:
            self._remember(self._ended, frame.uuid)
            return []
        return self._join(frame, part, now)

    def reconnected(self, now: float | None = None) -> None:
        """A new connection is up: calls not heard of since may have ended unseen."""
        self._resync_at = self.monotonic() if now is None else now
        for call in self._calls.values():
            call.stale = True

    def next_expiry(self, now: float | None = None) -> float | None:
        """Seconds until :meth:`expire` has something to do (``None``: nothing stale)."""
        if self._resync_at is None or not any(c.stale for c in self._calls.values()):
            return None
        now = self.monotonic() if now is None else now
        return max(0.0, self._resync_at + self.expire_after - now)

    def expire(self, now: float | None = None) -> list[Change]:
        """End the calls that saw no frame for ``expire_after`` seconds after a reconnect."""
        now = self.monotonic() if now is None else now
        if self._resync_at is None or now - self._resync_at < self.expire_after:
            return []
        stale = [call for call in self._calls.values() if call.stale]
        return [self._end(call, EndReason.EXPIRED) for call in stale]

    def popped(self, key: str) -> bool:
        """Whether the call's CRM address was already handed out."""
        return key in self._popped

    # ------------------------------------------------------------------ internals

    def _pause(self, frame: CallFrame) -> list[Change]:
        state = pause_state(frame, self.extension)
        if state is None or state == self.paused:
            return []
        self.paused = state
        return [PauseChanged(state, self.clock.to_local(frame.server_time))]

    def _join(self, frame: CallFrame, part: OurPart, now: float) -> list[Change]:
        key = call_key(frame)
        call = self._calls.get(key)
        if call is not None:  # another leg of the same group call reached us
            call.live.add(frame.uuid)
            self._uuids[frame.uuid] = key
            return self._update(call, frame, now)
        phase = Phase.RINGING if part.role is Role.CALLEE else Phase.DIALLING
        call = _Call(key, part, frame.parent_uuid, frame.uuid, {frame.uuid}, now, phase)
        call.dial_ms = frame.dial_at if frame.dial_at is not None else frame.server_time
        parent = self._foreign.get(frame.parent_uuid or "")
        if parent is not None:
            call.group, call.other_legs = parent.group, parent.other_legs
            call.parent_bridged = parent.bridged
        self._calls[key] = call
        self._uuids[frame.uuid] = key
        self._absorb(call, frame)
        changes: list[Change] = [CallChanged(self._view(call), new=True)]
        return changes + self._maybe_pop(call)

    def _update(self, call: _Call, frame: CallFrame, now: float) -> list[Change]:
        call.last_event, call.stale = now, False
        call.uuid = frame.uuid
        self._absorb(call, frame)
        if frame.event is EventName.HANGUP:
            call.live.discard(frame.uuid)
            self._uuids.pop(frame.uuid, None)
            self._remember(self._ended, frame.uuid)
            if not call.live:
                return [self._end(call, None, frame)]
            return [CallChanged(self._view(call), new=False)]
        return [CallChanged(self._view(call), new=False), *self._maybe_pop(call)]

    def _parent(self, call: _Call, frame: CallFrame, now: float) -> list[Change]:
        if our_part(frame, self.extension) is not None and frame.event is not EventName.HANGUP:
            return self._update_via_parent(call, frame, now)
        call.last_event, call.stale = now, False
        self._absorb_crm(call, frame)
        if frame.event is EventName.HANGUP:
            self._remember(self._ended, frame.uuid)
            return [self._end(call, None, frame)]
        if frame.event is EventName.BRIDGE and call.phase is not Phase.CONNECTED:
            call.parent_bridged = True
        return []

    def _update_via_parent(self, call: _Call, frame: CallFrame, now: float) -> list[Change]:
        call.last_event, call.stale = now, False
        uuid = call.uuid
        self._absorb(call, frame)
        call.uuid = uuid
        return [CallChanged(self._view(call), new=False), *self._maybe_pop(call)]

    def _absorb(self, call: _Call, frame: CallFrame) -> None:
        self._absorb_crm(call, frame)
        if frame.trunk_num is not None:
            call.trunk_num = frame.trunk_num
        if frame.trunk_name is not None:
            call.trunk_name = frame.trunk_name
        if frame.dial_at is not None:
            call.dial_ms = frame.dial_at
        if frame.bridge_at is not None:
            call.bridge_ms = frame.bridge_at
        if frame.event is EventName.BRIDGE:
            if call.bridge_ms is None:
                local_now = self.clock.now_ms() - self.clock.offset_ms
                call.bridge_ms = frame.server_time or int(local_now)
            call.phase = Phase.CONNECTED

    def _absorb_crm(self, call: _Call, frame: CallFrame) -> None:
        if frame.other_legs:
            call.other_legs = frame.other_legs
        if frame.leg is not None and frame.leg.type == LegType.GROUP and frame.leg.display_name:
            call.group = frame.leg.display_name

    def _end(self, call: _Call, reason: EndReason | None, frame: CallFrame | None = None) -> Change:
        if reason is None:
            if call.bridge_ms is not None or call.phase is Phase.CONNECTED:
                reason = EndReason.ANSWERED
            elif call.part.role is Role.CALLER:
                reason = EndReason.NO_ANSWER
            elif call.parent_bridged:
                reason = EndReason.ANSWERED_ELSEWHERE
            else:
                reason = EndReason.MISSED
        call.phase, call.end_reason = Phase.ENDED, reason
        if frame is not None and frame.server_time is not None:
            call.end_ms = self.clock.to_local_ms(frame.server_time)
        else:
            call.end_ms = self.clock.now_ms()
        for uuid in call.live:
            self._uuids.pop(uuid, None)
            self._remember(self._ended, uuid)
        call.live.clear()
        del self._calls[call.key]
        return CallEnded(self._view(call))

    def _maybe_pop(self, call: _Call) -> list[Change]:
        crm = choose_crm(call.other_legs, self.crm_order)
        if crm is None or not crm.url or call.key in self._popped:
            return []
        self._remember(self._popped, call.key)
        return [PopUrl(call.key, crm.url, self._view(call))]

    def _remember_foreign(self, frame: CallFrame) -> None:
        if not frame.uuid:
            return
        entry = self._foreign.pop(frame.uuid, None) or _Foreign()
        if frame.other_legs:
            entry.other_legs = frame.other_legs
        if frame.leg is not None and frame.leg.type == LegType.GROUP and frame.leg.display_name:
            entry.group = frame.leg.display_name
        entry.bridged = entry.bridged or frame.event is EventName.BRIDGE
        self._foreign[frame.uuid] = entry
        while len(self._foreign) > _MEMORY:
            self._foreign.popitem(last=False)

    @staticmethod
    def _remember(memory: OrderedDict[str, None], key: str) -> None:
        memory[key] = None
        memory.move_to_end(key)
        while len(memory) > _MEMORY:
            memory.popitem(last=False)

    def _view(self, call: _Call) -> CallView:
        crm = choose_crm(call.other_legs, self.crm_order)
        direction = _DIRECTIONS[int(call.part.direction)]
        far = call.part.far
        if direction is Direction.INTERNAL:
            number = far.ext if far else None
            name = far.display_name if far else None
            company = None
        else:
            number = (crm.num if crm else None) or next(
                (leg.num for leg in call.other_legs if leg.num), None
            )
            name, company = (crm.name, crm.company_name) if crm else (None, None)
        view = CallView(
            key=call.key,
            uuid=call.uuid,
            parent_uuid=call.parent_uuid,
            direction=direction,
            role=call.part.role,
            phase=call.phase,
            number=number,
            name=name,
            company=company,
            crm=crm,
            other_legs=call.other_legs,
            group=call.group,
            trunk_num=call.trunk_num,
            trunk_name=call.trunk_name,
            dial_at=self.clock.to_local(call.dial_ms),
            bridge_at=self.clock.to_local(call.bridge_ms),
            ended_at=None if call.end_ms is None else call.end_ms / 1000.0,
            end_reason=call.end_reason,
            params={},
        )
        view.params.update(call_params(view, self.extension))
        return view
