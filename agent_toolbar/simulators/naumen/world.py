"""The simulated phones: per-operator state, calls and their lifecycle, as events.

:class:`World` is synchronous and knows nothing about sockets: every change it makes is
reported through ``emit(login, message)`` (the server fans it out to the connections
attached to that login) and every delayed step goes through ``schedule(delay, callback)``.
Command handlers, timers, scenarios and the control API all change the world through it.

Operator state is computed by :mod:`~agent_toolbar.simulators.naumen.state` (§4.4).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Mapping

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.naumen import frames
from agent_toolbar.simulators.naumen.data import Behaviour, Target, new_id, new_phone
from agent_toolbar.simulators.naumen.model import (
    Cancellable,
    SimCall,
    SimError,
    SimOperator,
    SimTimings,
)
from agent_toolbar.simulators.naumen.state import compute_state
from agent_toolbar.simulators.naumen.texts import TextSessions

__all__ = ["Emit", "Schedule", "World"]

Emit = Callable[[str, m.Message], None]
Schedule = Callable[[float, Callable[[], None]], Cancellable]


class World:
    """Every simulated operator and the operations that change them.

    Args:
        logins: The operators that exist (all start registered, in ``normal``).
        webphone_logins: Operators whose phone is a WebPhone (no conferences etc.).
        timings: Delays and pacing.
        rng: The random source (seeded for reproducible runs).
        emit: Called with ``(login, event)`` for every event.
        schedule: Called with ``(delay, callback)`` for every delayed step.
        clock: Wall clock in seconds (``time.time``).
    """

    def __init__(
        self,
        logins: Iterable[str],
        *,
        webphone_logins: Iterable[str] = (),
        timings: SimTimings,
        rng: random.Random,
        emit: Emit,
        schedule: Schedule,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.timings = timings
        self.rng = rng
        self._emit = emit
        self._schedule = schedule
        self._clock = clock
        webphones = set(webphone_logins)
        self.operators: dict[str, SimOperator] = {}
        for index, login in enumerate(dict.fromkeys([*logins, *webphones])):
            op = SimOperator(login, str(101 + index), login in webphones, self.new_id())
            self.operators[login] = op
            self.refresh_state(op, emit=False)
        #: External numbers bound with ``BindNumber``: number → login.
        self.bindings: dict[str, str] = {}
        #: ``SendPmsRestRequest`` commands accepted, in order.
        self.pms_requests: list[m.SendPmsRestRequest] = []
        #: ``BroadcastMessage`` / ``BroadcastProjectMessage`` commands accepted, in order.
        self.broadcasts: list[m.BroadcastMessage | m.BroadcastProjectMessage] = []
        #: Text sessions, their subscriptions and SIP messages.
        self.texts = TextSessions(self)

    # ------------------------------------------------------------------ basics

    def now_ms(self) -> int:
        """The current time in milliseconds since the epoch (the unit of all timestamps)."""
        return int(self._clock() * 1000)

    def new_id(self) -> str:
        """A fresh 64-character identifier."""
        return new_id(self.rng)

    def get(self, login: str) -> SimOperator:
        """The operator with this login (``SimError`` when unknown)."""
        op = self.operators.get(login)
        if op is None:
            raise SimError(f"unknown login {login!r}")
        return op

    def call(self, op: SimOperator, cid: str) -> SimCall:
        """The operator's call with this ``cid`` (``SimError`` when there is none)."""
        call = op.calls.get(cid)
        if call is None:
            raise SimError(f"no call with cid {cid!r} for {op.login!r}")
        return call

    def emit(self, op: SimOperator, event: m.Message) -> None:
        """Send an event to everyone attached to the operator."""
        self._emit(op.login, event)

    def schedule(
        self, delay: float, callback: Callable[[], None], call: SimCall | None = None
    ) -> Cancellable:
        """Run ``callback`` after ``delay`` seconds (cancelled with ``call`` if given)."""
        handle = self._schedule(delay, callback)
        if call is not None:
            call.timers.append(handle)
        return handle

    def uniform(self, bounds: tuple[float, float]) -> float:
        """A random delay within ``bounds``."""
        return self.rng.uniform(*bounds)

    def emit_status(self, op: SimOperator, call: SimCall) -> None:
        """Emit the call's ``CallStatus``."""
        self.emit(op, frames.call_status(op, call))

    # ------------------------------------------------------------------ operator state

    def refresh_state(self, op: SimOperator, *, force: bool = False, emit: bool = True) -> None:
        """Recompute the operator's state; emit ``UserState`` if it changed (or ``force``)."""
        snapshot = compute_state(op, self.now_ms())
        changed = snapshot != op.snapshot
        if changed:
            op.snapshot = snapshot
            op.state_time = self.now_ms()
        if emit and (changed or force):
            self.emit(op, frames.user_state(op))

    def set_base(self, op: SimOperator, base: str, reason: str | None = None) -> None:
        """Set the base substate (``normal``, ``away`` …) without emitting."""
        op.base = base
        op.base_reason = None if base == "normal" else reason

    def start_accident(self, op: SimOperator, reason: str, duration: float | None) -> None:
        """Put the operator in *accident* (without emitting); it clears after ``duration``."""
        if op.accident_timer is not None:
            op.accident_timer.cancel()
            op.accident_timer = None
        op.accident = reason
        op.standoff = False
        if duration is not None:
            op.accident_timer = self.schedule(duration, lambda: self.clear_accident(op))

    def clear_accident(self, op: SimOperator, *, emit: bool = True) -> None:
        """Leave *accident*: back to whatever the operator's state was (``UserState``)."""
        if op.accident_timer is not None:
            op.accident_timer.cancel()
            op.accident_timer = None
        if op.accident is not None:
            op.accident = None
            if emit:
                self.refresh_state(op)

    def go_offline(self, op: SimOperator) -> None:
        """The phone leaves the system: its calls and conferences go, ``UserState`` offline."""
        for call in list(op.calls.values()):
            call.cancel_timers()
            if call.state != "ended":
                call.state = "ended"
                call.hangup_time = self.now_ms()
                self.emit_status(op, call)
            del op.calls[call.cid]
            self.emit(op, m.OnClose(login=op.login, cid=call.cid))
        for conf_id in list(op.conferences):
            del op.conferences[conf_id]
            self.emit(op, m.OnCloseConference(login=op.login, conf_id=conf_id))
        if op.accident_timer is not None:
            op.accident_timer.cancel()
            op.accident_timer = None
        op.accident, op.standoff, op.current = None, False, None
        op.registered = False
        self.refresh_state(op, force=True)

    # ------------------------------------------------------------------ calls

    def create_call(
        self,
        op: SimOperator,
        *,
        direction: str,
        call_type: str = "voice",
        display_name: str = "",
        params: Mapping[str, str] | None = None,
        conf_id: str | None = None,
    ) -> SimCall:
        """A new call record (not yet on the phone); ``params.sessionId`` is filled in."""
        merged = dict(params or {})
        session_id = merged.setdefault("sessionId", self.new_id())
        return SimCall(
            cid=self.new_id(),
            session_id=session_id,
            type=call_type,
            direction=direction,
            creation_time=self.now_ms(),
            display_name=display_name,
            params=merged,
            conf_id=conf_id,
        )

    def offer(
        self,
        op: SimOperator,
        *,
        caller: str | None = None,
        display_name: str | None = None,
        called: str | None = None,
        params: Mapping[str, str] | None = None,
        params_later: float | None = None,
        early_keys: Iterable[str] | None = None,
        direction: str = "in",
        call_type: str = "voice",
    ) -> SimCall:
        """A call arrives at (``in``) or is dialled from (``out``) the operator's phone.

        ``caller``/``called`` default to a random customer number and the operator's
        extension (swapped for ``out``). With ``params_later`` the ``NewCall`` carries only
        the ``early_keys`` parameters (none by default) and a ``CallParams`` with all of
        them follows that many seconds later.
        """
        if direction not in ("in", "out"):
            raise SimError(f"direction must be 'in' or 'out', not {direction!r}")
        if not op.registered:
            raise SimError(f"operator {op.login!r} is offline")
        remote = (caller if direction == "in" else called or caller) or new_phone(self.rng)
        merged = dict(params or {})
        if direction == "in":
            merged.update(caller=remote, called=called or merged.get("called", op.extension))
        else:
            merged.update(caller=op.extension, called=remote)
        name = remote if display_name is None else display_name
        call = self.create_call(
            op, direction=direction, call_type=call_type, display_name=name, params=merged
        )
        if params_later is not None:
            full = dict(call.params)
            keep = {"sessionId", *(early_keys or ())} if early_keys is not None else set()
            call.params = {k: v for k, v in full.items() if k in keep}
            call.params_known = bool(call.params)

            def deliver() -> None:
                call.params = {**full, **call.params}
                self.deliver_params(op, call)

            self.schedule(params_later, deliver, call)
        self.add_call(op, call)
        return call

    def add_call(self, op: SimOperator, call: SimCall, *, refresh: bool = True) -> None:
        """Put a call on the phone: ``NewCall`` (then ``UserState`` unless ``refresh`` is off)."""
        op.calls[call.cid] = call
        self.emit(op, frames.new_call(op, call))
        if call.direction == "in" and call.state == "new" and self.timings.ring_timeout:
            self.schedule(self.timings.ring_timeout, lambda: self._missed(op, call), call)
        if refresh:
            self.refresh_state(op)

    def _missed(self, op: SimOperator, call: SimCall) -> None:
        if call.state == "new" and op.calls.get(call.cid) is call:
            self.end(op, call)

    def deliver_params(self, op: SimOperator, call: SimCall) -> None:
        """The call's parameters became known: ``CallParams``."""
        if op.calls.get(call.cid) is not call:
            return
        call.params_known = True
        self.emit(op, m.CallParams(login=op.login, cid=call.cid, params=dict(call.params)))

    def hold_others(self, op: SimOperator, cid: str) -> None:
        """Hold every other connected call outside a conference (one conversation at a time)."""
        for other in op.calls.values():
            busy = other.state == "connected" and not other.hold
            if other.cid != cid and busy and other.conf_id is None and other.transfer is None:
                other.hold = True
                self.emit_status(op, other)

    def connect(self, op: SimOperator, call: SimCall) -> None:
        """The call is answered: ``CallStatus`` connected, ``UserState``, ``CurrentCall``."""
        if call.conf_id is None:
            self.hold_others(op, call.cid)
        call.state = "connected"
        call.answer_time = self.now_ms()
        call.hold = False
        self.emit_status(op, call)
        self.refresh_state(op)
        self.set_current(op, call.cid)
        if self.timings.talk_time is not None:
            self._schedule_far_hangup(op, call, self.uniform(self.timings.talk_time))

    def _schedule_far_hangup(self, op: SimOperator, call: SimCall, delay: float) -> None:
        def hang_up() -> None:
            if op.calls.get(call.cid) is not call or call.state != "connected":
                return
            if call.transfer is not None:  # let the transfer finish first
                self._schedule_far_hangup(op, call, max(delay / 2, 1.0))
            else:
                self.end(op, call, remote=True)

        self.schedule(delay, hang_up, call)

    def set_current(self, op: SimOperator, cid: str, *, force: bool = False) -> None:
        """Make ``cid`` the active call; ``CurrentCall`` when it changes (or ``force``)."""
        if op.current != cid or force:
            op.current = cid
            self.emit(op, m.CurrentCall(login=op.login, cid=cid))

    def dial(self, op: SimOperator, call: SimCall, target: Target) -> None:
        """Let the far side of an outgoing call behave as the directory says."""

        def answer() -> None:
            if call.state == "new" and op.calls.get(call.cid) is call:
                self.connect(op, call)

        def refuse() -> None:
            if call.state == "new" and op.calls.get(call.cid) is call:
                self.end(op, call, remote=True)

        if target.behaviour is Behaviour.ANSWER:
            self.schedule(self.timings.far_side_delay, answer, call)
        elif target.behaviour is Behaviour.NO_ANSWER:
            self.schedule(self.timings.no_answer_timeout, refuse, call)
        else:
            self.schedule(self.timings.far_side_delay, refuse, call)

    def end(self, op: SimOperator, call: SimCall, *, remote: bool = False) -> None:
        """The conversation ends: ``CallStatus`` ended, then wrap-up or ``OnClose``.

        A call that was never connected, a conference leg, or any call when wrap-up is
        disabled is closed at once; a finished conversation stays in wrap-up until
        ``Close`` (or the auto-close delay).
        """
        transfer = call.transfer
        if transfer is not None:
            transfer.cancel_timers()
            call.transfer = None
            if not transfer.succeeded:
                status = "9" if remote else "8"
                self.emit(op, m.TransferFailed(login=op.login, cid=call.cid, status=status))
        was_connected = call.state == "connected"
        call.cancel_timers()
        call.state = "ended"
        call.hold = False
        call.hangup_time = self.now_ms()
        self.emit_status(op, call)
        if was_connected and call.conf_id is None and self.timings.wrapup_enabled:
            call.wrapup = True
            self.refresh_state(op)
            auto_close = self.timings.wrapup_auto_close
            if auto_close is not None:
                self.schedule(auto_close, lambda: self._auto_close(op, call), call)
        else:
            self.close(op, call)

    def _auto_close(self, op: SimOperator, call: SimCall) -> None:
        if op.calls.get(call.cid) is call and call.state == "ended":
            self.close(op, call)

    def close(self, op: SimOperator, call: SimCall, *, state_first: bool = False) -> None:
        """Work on the call is over: it leaves the phone with ``OnClose`` and ``UserState``.

        ``state_first`` sends ``UserState`` before ``OnClose`` (the order §3.23 lists for
        ``FinishConferenceTransfer``); otherwise ``OnClose`` comes first (§3.13).
        """
        call.cancel_timers()
        call.transfer = None
        call.wrapup = False
        op.calls.pop(call.cid, None)
        conf = op.conferences.get(call.conf_id) if call.conf_id is not None else None
        if conf is not None and call.cid in conf.calls:
            conf.calls.remove(call.cid)
            self.emit(op, frames.conference_info(op, conf))
        if state_first:
            self.refresh_state(op, force=True)
            self.emit(op, m.OnClose(login=op.login, cid=call.cid))
        else:
            self.emit(op, m.OnClose(login=op.login, cid=call.cid))
            self.refresh_state(op, force=True)
        if op.current == call.cid:
            op.current = None
            rest = sorted(op.calls.values(), key=lambda c: (c.state != "connected", c.hold))
            if rest:
                self.set_current(op, rest[0].cid)
