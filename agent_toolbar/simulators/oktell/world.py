"""The simulated lines: who is addressed, and the call state machine of every command.

A command whose precondition does not hold changes nothing; the server still answers 200
with no body (the specification says so for ``wp_setuserstate`` and the other call commands
have no answer body at all), so only a later poll shows whether it happened.

Preconditions and effects (``active`` is the ringing, dialing or connected party; a line
holds at most one ``held`` party):

* ``wp_answercall``: an active ringing call → connected (a ``back`` autocall: the line then
  dials the number).
* ``wp_declinecall``: an active ringing call → ended (``declined``); a held party stays held.
* ``wp_abortcall``: active connected or dialing → ended; if a party is held at the same
  time the two are joined and both leave the line (``transferred``: a consultation transfer,
  or a blind one while the target still rings); only a held party → it is ended; a ringing
  call → nothing (that is ``wp_declinecall``).
* ``wp_flash``: connected and nothing held → the active party is held (dial tone). With a
  held party: ``abort`` ends the active one and returns to the held one; ``switch`` (also
  when ``mode`` is absent) swaps them (a dialing party cannot be held: ended as ``abort``);
  ``next`` ends the active one and leaves the held one held. Only a held party → back to it.
* ``wp_switchcall``: connected → held, and the line dials ``number`` (a consultation call in
  the same chain); an idle line → as ``wp_autocallstart``; otherwise nothing.
* ``wp_autocallstart``: idle line → ``direct``: the number is called first (the line shows
  nothing yet), when it answers the line rings (the callback); ``back``: the line rings first,
  when it is answered the line dials the number. Only a held party → a consultation call is
  dialed. A busy line → nothing.
* ``wp_autocallstop``: an autocall not yet connected → ended (``stopped``).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Mapping

from agent_toolbar.simulators.oktell import userstate
from agent_toolbar.simulators.oktell.model import (
    Call,
    CallState,
    Operator,
    SimError,
    SimTimings,
    new_id,
)

__all__ = ["DIRECTORY", "REASONS", "World"]

Schedule = Callable[[float, Callable[[], None]], object]

#: Numbers the simulated far side knows: number → (name, behaviour). ``busy`` and
#: ``noanswer`` end the call after ``far_answer`` seconds instead of answering.
DIRECTORY: dict[str, tuple[str, str]] = {
    "200": ("Старший смены", "answer"),
    "201": ("Бухгалтерия", "answer"),
    "202": ("Склад", "busy"),
    "203": ("Юристы", "noanswer"),
    "+74950000000": ("Горячая линия партнёра", "answer"),
}

#: Regulated break reasons (``lunchreasonid``) the simulated server has in its settings.
REASONS: dict[int, str] = {1001: "Обед", 1002: "Обучение", 1003: "Техническая пауза"}

_CONNECTED_OR_DIALING = (CallState.CONNECTED, CallState.DIALING)


class World:
    """Every simulated operator and line, and the commands on them."""

    def __init__(
        self,
        operators: Iterable[Operator],
        *,
        timings: SimTimings,
        schedule: Schedule,
        rng: random.Random | None = None,
        reasons: Mapping[int, str] | None = None,
    ) -> None:
        self.operators: dict[str, Operator] = {op.login: op for op in operators}
        self.timings = timings
        self.reasons = dict(REASONS if reasons is None else reasons)
        self._schedule = schedule
        self._rng = rng or random.Random()

    # ------------------------------------------------------------------ addressing

    def find(self, value: str) -> Operator | None:
        """The one operator ``value`` identifies (any identifier, any case), else ``None``."""
        wanted = value.strip().casefold()
        if not wanted:
            return None
        found = [
            op
            for op in self.operators.values()
            if any(ident.casefold() == wanted for ident in op.identifiers())
        ]
        return found[0] if len(found) == 1 else None

    def get(self, login: str) -> Operator:
        """The operator by login or any identifier (``SimError`` when unknown)."""
        op = self.operators.get(login) or self.find(login)
        if op is None:
            raise SimError(f"unknown operator {login!r}")
        return op

    def call(self, op: Operator, commutation_id: str) -> Call:
        """One of the operator's calls by ``commutationid`` (``SimError`` when unknown)."""
        for call in op.calls:
            if call.commutation_id == commutation_id:
                return call
        raise SimError(f"no call {commutation_id!r} on {op.login}")

    # ------------------------------------------------------------------ helpers

    def _new_call(
        self,
        op: Operator,
        *,
        number: str,
        name: str,
        incoming: bool,
        direction: str,
        state: CallState,
        chain: Call | None = None,
    ) -> Call:
        call = Call(
            commutation_id=new_id(),
            chain_id=chain.chain_id if chain else new_id(),
            number=number,
            name=name,
            incoming=incoming,
            direction=direction,
            state=state,
        )
        if chain is not None:
            call.chain_created = chain.chain_created
        op.calls.append(call)
        userstate.on_call_started(op)
        return call

    def _end(self, op: Operator, call: Call, result: str) -> None:
        call.state = CallState.ENDED
        call.result = result
        op.calls.remove(call)
        op.history.append(call)
        del op.history[:-50]
        userstate.after_calls(op)

    def _connect(self, call: Call) -> None:
        call.state = CallState.CONNECTED
        call.answered = time.time()
        call.phase = None

    def _direction(self, number: str, direction: str | None) -> str:
        if direction == "pbx":
            return "internal"
        if direction == "city":
            return "outgoing"
        internal = number in DIRECTORY and len(number) <= 4
        internal = internal or any(number == op.number for op in self.operators.values())
        return "internal" if internal else "outgoing"

    def _dial(self, op: Operator, call: Call) -> None:
        """The line calls ``call.number``; the far side acts after ``far_answer``."""
        call.state = CallState.DIALING
        delay = self.timings.far_answer
        if delay is None:
            return
        behaviour = DIRECTORY.get(call.number, ("", "answer"))[1]

        def far_side() -> None:
            if call.state is not CallState.DIALING:
                return
            if behaviour == "answer":
                self.answer_elsewhere(op, call)
            else:
                self._end(op, call, behaviour)

        self._schedule(delay, far_side)

    # ------------------------------------------------------------------ the far side

    def offer(self, op: Operator, *, number: str, name: str, direction: str) -> Call:
        """A call to the operator's line: it rings (``SimError`` when the line is busy)."""
        if op.active() is not None or any(c.phase == "far" for c in op.live()):
            raise SimError(f"the line of {op.login} is busy")
        return self._new_call(
            op,
            number=number,
            name=name,
            incoming=True,
            direction=direction,
            state=CallState.RINGING,
        )

    def answer_elsewhere(self, op: Operator, call: Call) -> None:
        """The other side of a ringing or dialing leg picks up.

        An incoming ringing call: the operator's handset answers. A dialing call: the called
        number answers. A ``direct`` autocall being placed: the number answers and the line
        is called back (it rings). A ``back`` autocall ringing the line: as answering it.
        """
        if call.state is CallState.RINGING:
            self._answer(op, call)
        elif call.state is CallState.DIALING and call.phase == "far":
            call.phase = "callback"
            call.state = CallState.RINGING
            self._later_line_answer(op, call)
        elif call.state is CallState.DIALING:
            self._connect(call)
        else:
            raise SimError(f"the call is {call.state.value}, neither ringing nor dialing")

    def end_remote(self, op: Operator, call: Call) -> None:
        """The other party hangs up."""
        if call.state is CallState.ENDED:
            raise SimError("the call has already ended")
        self._end(op, call, "remote")

    def _later_line_answer(self, op: Operator, call: Call) -> None:
        delay = self.timings.line_answer
        if delay is not None:
            self._schedule(
                delay, lambda: self._answer(op, call) if call.state is CallState.RINGING else None
            )

    # ------------------------------------------------------------------ commands

    def _answer(self, op: Operator, call: Call) -> None:
        if call.autocall == "back" and call.phase == "line":
            call.phase = None
            self._dial(op, call)
        else:
            self._connect(call)

    def answercall(self, op: Operator) -> bool:
        """``wp_answercall``."""
        call = op.active()
        if call is None or call.state is not CallState.RINGING:
            return False
        self._answer(op, call)
        return True

    def declinecall(self, op: Operator) -> bool:
        """``wp_declinecall``."""
        call = op.active()
        if call is None or call.state is not CallState.RINGING:
            return False
        self._end(op, call, "declined")
        return True

    def abortcall(self, op: Operator) -> bool:
        """``wp_abortcall``."""
        call, held = op.active(), op.held()
        if call is not None and call.state in _CONNECTED_OR_DIALING:
            if held is not None:
                self._end(op, held, "transferred")
                self._end(op, call, "transferred")
            else:
                self._end(op, call, "hangup")
            return True
        if call is None and held is not None:
            self._end(op, held, "hangup")
            return True
        return False

    def flash(self, op: Operator, mode: str | None) -> bool:
        """``wp_flash`` (``mode`` ``abort`` | ``switch`` | ``next``; absent: ``switch``)."""
        call, held = op.active(), op.held()
        if held is None:
            if call is None or call.state is not CallState.CONNECTED:
                return False
            call.state = CallState.HELD
            return True
        if call is None:
            held.state = CallState.CONNECTED
            return True
        if call.state is CallState.RINGING:
            return False
        mode = mode or "switch"
        if mode == "switch" and call.state is CallState.CONNECTED:
            call.state, held.state = CallState.HELD, CallState.CONNECTED
            return True
        if mode in ("abort", "switch"):
            self._end(op, call, "hangup")
            held.state = CallState.CONNECTED
            return True
        if mode == "next":
            self._end(op, call, "hangup")
            return True
        return False

    def autocallstart(
        self, op: Operator, number: str, direction: str | None, sequence: str | None
    ) -> bool:
        """``wp_autocallstart`` (``direction`` pbx | city; ``sequence`` direct | back)."""
        if op.active() is not None or any(c.phase == "far" for c in op.live()):
            return False
        held = op.held()
        name = DIRECTORY.get(number, ("", ""))[0]
        pbx = self._direction(number, direction)
        if held is not None:
            call = self._new_call(
                op, number=number, name=name, incoming=False, direction=pbx,
                state=CallState.DIALING, chain=held,
            )  # fmt: skip
            self._dial(op, call)
            return True
        sequence = sequence or "direct"
        if sequence == "back":
            call = self._new_call(
                op, number=number, name=name, incoming=False, direction=pbx,
                state=CallState.RINGING,
            )  # fmt: skip
            call.autocall, call.phase = "back", "line"
            self._later_line_answer(op, call)
            return True
        call = self._new_call(
            op, number=number, name=name, incoming=False, direction=pbx, state=CallState.DIALING
        )
        call.autocall, call.phase = "direct", "far"
        self._dial(op, call)
        return True

    def switchcall(
        self, op: Operator, number: str, direction: str | None, sequence: str | None
    ) -> bool:
        """``wp_switchcall``: flash the current call over to ``number``."""
        call = op.active()
        if not op.live():
            return self.autocallstart(op, number, direction, sequence)
        if call is None or call.state is not CallState.CONNECTED or op.held() is not None:
            return False
        call.state = CallState.HELD
        name = DIRECTORY.get(number, ("", ""))[0]
        consult = self._new_call(
            op,
            number=number,
            name=name,
            incoming=False,
            direction=self._direction(number, direction),
            state=CallState.DIALING,
            chain=call,
        )
        self._dial(op, consult)
        return True

    def autocallstop(self, op: Operator) -> bool:
        """``wp_autocallstop``."""
        for call in op.live():
            if call.autocall and call.answered is None:
                self._end(op, call, "stopped")
                return True
        return False

    def setuserstate(self, op: Operator, params: Mapping[str, str]) -> list[str]:
        """``wp_setuserstate`` (see :mod:`~agent_toolbar.simulators.oktell.userstate`)."""
        return userstate.apply(op, params, self.reasons)
