"""What the operator asks for, as Oktell methods, and whether a later poll confirms it.

Every Oktell command answers 200 with no body, possible or not (the specification says so of
``wp_setuserstate``; the other commands have no answer body at all). So a command goes
through these stages: **refused** before sending (the call is not in a state the command
needs, or Oktell cannot do it at all), **failed** to send (a typed
:class:`~agent_toolbar.backends.oktell.records.Failure`), **accepted** (200: a
:class:`Pending` is returned), then **confirmed** when a later poll shows the effect, or
**not confirmed** after :attr:`Commander.max_polls` good polls that do not. A break requested
during a call (``onlunch=1``) is *deferred*: its polls are not counted while a call is on the
line, as the server starts the break only when the line is free.

Choices, by call phase (the phases are the diff layer's):

* answer: a ringing call → ``wp_answercall`` (confirmed connected; for a ``back`` autocall,
  dialing);
* hang up: ringing → ``wp_declinecall``; connected or dialing → ``wp_abortcall``; held with
  nothing in front of it → ``wp_abortcall``; held behind another call → refused (hanging up
  would end the other one);
* hold: connected, nothing held → ``wp_flash``; resume: held, nothing in front → ``wp_flash``;
  held behind a connected call → ``wp_flash mode=switch`` (a swap);
* return to the held party ending the current one → ``wp_flash mode=abort``; end the current
  one and dial again → ``wp_flash mode=next``;
* transfer to a number → ``wp_switchcall`` (the call is held and the number dialed); complete
  it → ``wp_abortcall`` (the two are joined);
* dial → ``wp_autocallstart`` (the differ is told, so the ring of the operator's own phone
  is recorded as the outgoing call it is); stop → ``wp_autocallstop``;
* ready → ``onlunch=0&userstateid=1``; break → ``onlunch=1`` with the reason (code or text),
  which works now or when the line is free; away → ``userstateid=3``; busy → ``userstateid=5``.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from agent_toolbar.backends.oktell.api import (
    Direction,
    FlashMode,
    LunchReason,
    OktellApi,
    Sequence,
)
from agent_toolbar.backends.oktell.diff import CallPhase, Differ, TrackedCall
from agent_toolbar.backends.oktell.records import Accepted, Failure

__all__ = [
    "CANNOT",
    "Commander",
    "Outcome",
    "Pending",
    "Refusal",
    "Refused",
    "StateWord",
]

#: What this Web-API cannot do at all, with the reason (English source text, for the log;
#: the adapter words it for the operator).
CANNOT: dict[str, str] = {
    "mute": "Oktell's Web-API has no command to mute the microphone",
    "dtmf": "Oktell's Web-API has no command to send DTMF digits",
    "conference": "Oktell's Web-API has no conference commands",
    "call_params": "Oktell's Web-API cannot set call parameters",
    "secure": "Oktell's Web-API has no secure mode (recording pause)",
    "list_reasons": "Oktell's Web-API cannot list break reasons: they are configured locally",
}


class Refusal(Enum):
    """Why a command was not sent."""

    NOT_SUPPORTED = "not_supported"  # see :data:`CANNOT`
    NO_SUCH_CALL = "no_such_call"
    WRONG_PHASE = "wrong_phase"  # the call is not in a phase the command works in
    BEHIND_ANOTHER = "behind_another"  # a held call while another is in front of it
    BAD_NUMBER = "bad_number"


@dataclass(frozen=True, slots=True)
class Refused:
    """A command not sent, and why."""

    reason: Refusal
    detail: str = ""


class StateWord(Enum):
    """The states the operator can choose."""

    READY = "ready"
    BREAK = "break"
    AWAY = "away"
    BUSY = "busy"


#: Seconds a ``direct`` autocall may take to reach the operator's phone (the number rings).
DIAL_WAIT = 60.0

_STATE_NUMBER = {StateWord.READY: 1, StateWord.BREAK: 2, StateWord.AWAY: 3, StateWord.BUSY: 5}

Check = Callable[[Differ], bool]


@dataclass(slots=True)
class Pending:
    """An accepted command waiting for a poll to show its effect.

    Attributes:
        ident: A number unique within the commander.
        action: ``answer``, ``hangup``, ``hold``, ``resume``, ``swap``, ``transfer``, ``dial``,
            ``state`` …
        method: The Oktell method sent.
        call_id: The call it is about (``""`` for none).
        polls: Good polls seen since it was accepted (not counting deferred ones).
        deferred: Whether the effect waits for the line to be free (a break during a call).
        deadline: When a deferred command gives up anyway (the clock's seconds).
    """

    ident: int
    action: str
    method: str
    call_id: str
    check: Check = field(repr=False)
    defer_while: Check | None = field(default=None, repr=False)
    polls: int = 0
    deferred: bool = False
    deadline: float | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """A pending command's end: confirmed by a poll, or not confirmed after enough polls."""

    pending: Pending
    confirmed: bool


class Commander:
    """Sends commands for one line and follows them until a poll confirms them.

    Args:
        api: The Web-API client.
        differ: The calls and state the polls show (read, and told of outgoing calls).
        max_polls: Good polls after which an unconfirmed command has failed.
        clock: Seconds, for the differ's outgoing-call hints.
    """

    def __init__(
        self,
        api: OktellApi,
        differ: Differ,
        *,
        max_polls: int = 3,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.api = api
        self.differ = differ
        self.max_polls = max(1, max_polls)
        self.pending: list[Pending] = []
        self._clock = clock or time.monotonic
        self._ids = itertools.count(1)

    # ------------------------------------------------------------------ helpers

    def _call(self, call_id: str) -> TrackedCall | Refused:
        call = self.differ.calls.get(call_id)
        return call if call is not None else Refused(Refusal.NO_SUCH_CALL, call_id)

    def front(self) -> TrackedCall | None:
        """The call in front of the line (ringing, dialing or connected), if any."""
        return self._front()

    def held(self) -> TrackedCall | None:
        """The held call, if any."""
        return self._held()

    def _front(self) -> TrackedCall | None:
        return next((c for c in self.differ.calls.values() if c.phase is not CallPhase.HELD), None)

    def _held(self) -> TrackedCall | None:
        return next((c for c in self.differ.calls.values() if c.phase is CallPhase.HELD), None)

    def _accept(
        self,
        got: Accepted | Failure,
        action: str,
        call_id: str,
        check: Check,
        defer_while: Check | None = None,
    ) -> Pending | Failure:
        if isinstance(got, Failure):
            return got
        pending = Pending(next(self._ids), action, got.method, call_id, check, defer_while)
        self.pending.append(pending)
        return pending

    @staticmethod
    def refuse(feature: str) -> Refused:
        """A command Oktell cannot carry out (``mute``, ``dtmf``, ``conference`` …)."""
        return Refused(Refusal.NOT_SUPPORTED, CANNOT.get(feature, feature))

    # ------------------------------------------------------------------ following

    def observe(self) -> list[Outcome]:
        """After each good poll: the commands it confirms, and those that failed."""
        outcomes: list[Outcome] = []
        for pending in list(self.pending):
            if pending.check(self.differ):
                outcomes.append(Outcome(pending, True))
                self.pending.remove(pending)
                continue
            pending.deferred = bool(pending.defer_while and pending.defer_while(self.differ))
            if not pending.deferred:
                pending.polls += 1
            late = pending.deadline is not None and self._clock() >= pending.deadline
            if pending.polls >= self.max_polls or late:
                outcomes.append(Outcome(pending, False))
                self.pending.remove(pending)
        return outcomes

    def _phase_is(self, call_id: str, *phases: CallPhase) -> Check:
        return lambda d: call_id in d.calls and d.calls[call_id].phase in phases

    def _gone(self, call_id: str) -> Check:
        return lambda d: call_id not in d.calls

    # ------------------------------------------------------------------ calls

    async def answer(self, call_id: str) -> Pending | Refused | Failure:
        """``wp_answercall`` for a ringing call."""
        call = self._call(call_id)
        if isinstance(call, Refused):
            return call
        if call.phase is not CallPhase.RINGING:
            return Refused(Refusal.WRONG_PHASE, call.phase.value)
        got = await self.api.wp_answercall()
        done = self._phase_is(call_id, CallPhase.CONNECTED, CallPhase.DIALING)
        return self._accept(got, "answer", call_id, done)

    async def hangup(self, call_id: str) -> Pending | Refused | Failure:
        """``wp_declinecall`` for a ringing call, ``wp_abortcall`` otherwise."""
        call = self._call(call_id)
        if isinstance(call, Refused):
            return call
        if call.phase is CallPhase.RINGING:
            got = await self.api.wp_declinecall()
        elif call.phase is CallPhase.HELD and self._front() is not None:
            return Refused(Refusal.BEHIND_ANOTHER, "another call is in front of the held one")
        else:
            got = await self.api.wp_abortcall()
        return self._accept(got, "hangup", call_id, self._gone(call_id))

    async def hold(self, call_id: str) -> Pending | Refused | Failure:
        """``wp_flash`` for a connected call when nothing is held."""
        call = self._call(call_id)
        if isinstance(call, Refused):
            return call
        if call.phase is not CallPhase.CONNECTED:
            return Refused(Refusal.WRONG_PHASE, call.phase.value)
        if self._held() is not None:
            return Refused(Refusal.BEHIND_ANOTHER, "a party is already on hold")
        got = await self.api.wp_flash()
        return self._accept(got, "hold", call_id, self._phase_is(call_id, CallPhase.HELD))

    async def resume(self, call_id: str) -> Pending | Refused | Failure:
        """``wp_flash`` back to the held call (``mode=switch`` when another is connected)."""
        call = self._call(call_id)
        if isinstance(call, Refused):
            return call
        if call.phase is not CallPhase.HELD:
            return Refused(Refusal.WRONG_PHASE, call.phase.value)
        front = self._front()
        if front is not None and front.phase is not CallPhase.CONNECTED:
            return Refused(Refusal.BEHIND_ANOTHER, f"the call in front is {front.phase.value}")
        got = await self.api.wp_flash(FlashMode.SWITCH if front is not None else None)
        action = "swap" if front is not None else "resume"
        return self._accept(got, action, call_id, self._phase_is(call_id, CallPhase.CONNECTED))

    async def flash(self, mode: FlashMode) -> Pending | Refused | Failure:
        """``wp_flash`` with a mode, when a party is held and another is in front."""
        held, front = self._held(), self._front()
        if held is None or front is None:
            return Refused(Refusal.WRONG_PHASE, "needs a held party and a current one")
        got = await self.api.wp_flash(mode)
        if mode is FlashMode.SWITCH:
            check = self._phase_is(held.call_id, CallPhase.CONNECTED)
        elif mode is FlashMode.ABORT:
            gone, back = (
                self._gone(front.call_id),
                self._phase_is(held.call_id, CallPhase.CONNECTED),
            )
            check = lambda d: gone(d) and back(d)  # noqa: E731
        else:
            check = self._gone(front.call_id)
        return self._accept(got, f"flash_{mode.value}", front.call_id, check)

    async def transfer(self, call_id: str, number: str) -> Pending | Refused | Failure:
        """``wp_switchcall``: hold the connected call and dial ``number``."""
        call = self._call(call_id)
        if isinstance(call, Refused):
            return call
        if not number.strip():
            return Refused(Refusal.BAD_NUMBER, "empty")
        if call.phase is not CallPhase.CONNECTED or self._held() is not None:
            return Refused(Refusal.WRONG_PHASE, call.phase.value)
        got = await self.api.wp_switchcall(number)
        return self._accept(got, "transfer", call_id, self._phase_is(call_id, CallPhase.HELD))

    async def complete_transfer(self) -> Pending | Refused | Failure:
        """``wp_abortcall`` with a party held: the two are joined and leave the line."""
        held, front = self._held(), self._front()
        if held is None or front is None or front.phase is CallPhase.RINGING:
            return Refused(Refusal.WRONG_PHASE, "needs a held party and a dialed one")
        got = await self.api.wp_abortcall()
        gone_a, gone_b = self._gone(held.call_id), self._gone(front.call_id)
        return self._accept(
            got, "transfer_complete", held.call_id, lambda d: gone_a(d) and gone_b(d)
        )

    async def dial(
        self,
        number: str,
        *,
        direction: Direction | None = None,
        sequence: Sequence | None = None,
    ) -> Pending | Refused | Failure:
        """``wp_autocallstart``; confirmed when a call with that number is on the line."""
        number = number.strip()
        if not number or len(number) > 64:
            return Refused(Refusal.BAD_NUMBER, "empty or too long")
        self.differ.expect_outgoing(number, self._clock())
        got = await self.api.wp_autocallstart(number, direction=direction, sequence=sequence)

        def placed(d: Differ) -> bool:
            return any(c.number == number and c.outgoing for c in d.calls.values())

        pending = self._accept(got, "dial", "", placed)
        if isinstance(pending, Pending) and sequence is not Sequence.BACK:
            # direct: the line shows nothing until the number answers
            pending.defer_while = lambda d: not placed(d)
            pending.deadline = self._clock() + DIAL_WAIT
        return pending

    async def stop_dialing(self, call_id: str = "") -> Pending | Refused | Failure:
        """``wp_autocallstop``; with ``call_id``, confirmed when that call is gone."""
        got = await self.api.wp_autocallstop()
        check: Check = self._gone(call_id) if call_id else (lambda d: True)
        return self._accept(got, "dial_stop", call_id, check)

    # ------------------------------------------------------------------ state

    async def set_state(
        self, word: StateWord, reason: LunchReason | None = None
    ) -> Pending | Refused | Failure:
        """``wp_setuserstate``; confirmed when ``tst_getuserstate`` shows the state."""
        if word is StateWord.BREAK:
            got = await self.api.wp_setuserstate(onlunch=True, reason=reason)
        elif word is StateWord.READY:
            got = await self.api.wp_setuserstate(onlunch=False, userstateid=1)
        else:
            got = await self.api.wp_setuserstate(userstateid=_STATE_NUMBER[word])
        number = _STATE_NUMBER[word]

        def shown(d: Differ) -> bool:
            return d.user_state is not None and d.user_state.state == number

        def on_a_call(d: Differ) -> bool:
            return bool(d.calls)

        defer = on_a_call if word is StateWord.BREAK else None
        return self._accept(got, "state", "", shown, defer)
