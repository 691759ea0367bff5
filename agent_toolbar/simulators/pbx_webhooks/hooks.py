"""The eight webhook bodies of the cloud PBX, with the specification's field names and quirks.

Each builder returns the JSON object the PBX POSTs for one hook type, fields in the order of
the specification's examples. The quirks the specification itself shows are chosen by
:class:`Quirks` and applied by :class:`Shaper` (seeded, so a seed gives the same bodies):

* ``ResultCode`` is declared ``integer`` but every example sends a string (``"200"``,
  ``"603-S"``); ``603-S`` cannot be an integer at all, so it stays a string in every mode.
* ``StartTime`` is "required" in every schema yet the examples of ``AttemptIncCallEnd``,
  ``EndIncCall`` and ``MissedIncCall`` omit it.
* Numbers come with and without the leading ``8``: the same operator is ``80052002651`` while
  ringing and ``0052002651`` in ``EndIncCall``; ``800774994086005`` is ``8`` + ``00…``;
  ``Redirecting`` and the ``Called`` of ``MissedIncCall`` are ``8`` + the city number.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

Json = dict[str, Any]
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class HookType(StrEnum):
    """The value of ``HookType``, one per request the specification describes."""

    CREATE_INC_CALL = "CreateIncCall"
    ATTEMPT_INC_CALL_BEGIN = "AttemptIncCallBegin"
    CHANGE_INC_CALL = "ChangeIncCall"
    ATTEMPT_INC_CALL_END = "AttemptIncCallEnd"
    END_INC_CALL = "EndIncCall"
    MISSED_INC_CALL = "MissedIncCall"
    CREATE_OUT_CALL = "CreateOutCall"
    END_OUT_CALL = "EndOutCall"


#: The ``ResultCode`` table of the specification's notes (EndIncCall, MissedIncCall, EndOutCall).
RESULT_CODES: dict[str, str] = {
    "200": "Успешный звонок.",
    "304": "Пропущенный звонок.",
    "603": "Отклонено.",
    "603-S": "Вызов отменен.",
    "403": "Запрещено.",
    "404": "Неверный номер.",
    "486": "Занято.",
    "484": "Данное направление не доступно.",
    "503": "Данное направление не доступно.",
    "480": "Временно не доступен.",
    "402": "Недостаточно средств на счету.",
    "423": "Заблокировано",
}

#: Hooks whose specification example omits ``StartTime`` although the schema requires it.
START_TIME_MISSING_IN_EXAMPLES = frozenset(
    {HookType.ATTEMPT_INC_CALL_END, HookType.END_INC_CALL, HookType.MISSED_INC_CALL}
)

Mode = Literal["examples", "schema", "mixed"]
CodeMode = Literal["string", "integer", "mixed"]
NumberMode = Literal["examples", "plain", "eight", "mixed"]


@dataclass(frozen=True)
class Quirks:
    """Which of the specification's inconsistencies a flow reproduces.

    Attributes:
        result_code: ``"string"`` as the examples (``"200"``), ``"integer"`` as the schema
            (``200``; ``"603-S"`` stays a string), ``"mixed"`` chosen per request.
        start_time: ``"examples"`` omits ``StartTime`` where the examples do, ``"schema"``
            always sends it, ``"mixed"`` omits it at random from any hook that has it.
        numbers: ``"examples"`` writes numbers as the examples do (``8`` before operators'
            numbers while ringing and answering, none in the end hooks), ``"plain"`` never
            adds the ``8``, ``"eight"`` always does, ``"mixed"`` decides per number.
        duplicates: probability that a request is sent a second time, identically, later.
        reorder: probability that a step of a flow swaps places with the next one.
    """

    result_code: CodeMode = "string"
    start_time: Mode = "examples"
    numbers: NumberMode = "examples"
    duplicates: float = 0.0
    reorder: float = 0.0


#: Every quirk at once, for robustness runs.
ALL_QUIRKS = Quirks("mixed", "mixed", "mixed", duplicates=0.2, reorder=0.2)


def stamp(moment: datetime) -> str:
    """Format a time the way the specification does: ``2019-02-26 23:46:52``."""
    return moment.strftime(TIME_FORMAT)


class Shaper:
    """Applies :class:`Quirks` to numbers, codes and times with one seeded random source."""

    def __init__(self, quirks: Quirks, rng: random.Random) -> None:
        self.quirks = quirks
        self.rng = rng

    def number(self, digits: str, *, eight_in_examples: bool) -> str:
        """A number as the PBX writes it: with or without the leading ``8``."""
        mode = self.quirks.numbers
        if mode == "mixed":
            eight = self.rng.random() < 0.5
        elif mode == "examples":
            eight = eight_in_examples
        else:
            eight = mode == "eight"
        return "8" + digits if eight else digits

    def code(self, code: str) -> str | int:
        """A ``ResultCode`` as a string or, where it is one, an integer."""
        mode = self.quirks.result_code
        as_int = mode == "integer" or (mode == "mixed" and self.rng.random() < 0.5)
        return int(code) if as_int and code.isdigit() else code

    def keep_start_time(self, hook: HookType) -> bool:
        """Whether this request carries ``StartTime``."""
        mode = self.quirks.start_time
        if mode == "schema":
            return True
        if mode == "examples":
            return hook not in START_TIME_MISSING_IN_EXAMPLES
        return self.rng.random() < 0.5


def _body(shaper: Shaper, hook: HookType, session_id: str, start: datetime | None) -> Json:
    body: Json = {"SessionID": session_id, "HookType": str(hook)}
    if start is not None and shaper.keep_start_time(hook):
        body["StartTime"] = stamp(start)
    return body


def create_inc_call(
    shaper: Shaper, session_id: str, start: datetime, city: str, caller: str
) -> Json:
    """``CreateIncCall``: a call reached the city number (``Called`` is the city number)."""
    body = _body(shaper, HookType.CREATE_INC_CALL, session_id, start)
    body |= {
        "CityNumber": city,
        "Caller": shaper.number(caller, eight_in_examples=False),
        "Called": city,
        "Redirecting": shaper.number(city, eight_in_examples=True),
    }
    return body


def attempt_begin(
    shaper: Shaper, session_id: str, start: datetime, city: str, caller: str, operator: str
) -> Json:
    """``AttemptIncCallBegin``: the PBX rings one employee's number."""
    body = _body(shaper, HookType.ATTEMPT_INC_CALL_BEGIN, session_id, start)
    body |= {
        "CityNumber": city,
        "Caller": shaper.number(caller, eight_in_examples=False),
        "Called": shaper.number(operator, eight_in_examples=True),
    }
    return body


def change_inc_call(
    shaper: Shaper, session_id: str, answered: datetime, city: str, caller: str, operator: str
) -> Json:
    """``ChangeIncCall``: an employee answered (``StartDuration``, not ``StartTime``)."""
    body: Json = {"SessionID": session_id, "HookType": str(HookType.CHANGE_INC_CALL)}
    body |= {
        "StartDuration": stamp(answered),
        "CityNumber": city,
        "Caller": shaper.number(caller, eight_in_examples=False),
        "Called": shaper.number(operator, eight_in_examples=True),
    }
    return body


def attempt_end(
    shaper: Shaper,
    session_id: str,
    start: datetime,
    end: datetime,
    city: str,
    caller: str,
    operator: str,
) -> Json:
    """``AttemptIncCallEnd``: ringing one employee stopped without their answer."""
    body = _body(shaper, HookType.ATTEMPT_INC_CALL_END, session_id, start)
    body |= {
        "EndTime": stamp(end),
        "CityNumber": city,
        "Caller": shaper.number(caller, eight_in_examples=False),
        "Called": shaper.number(operator, eight_in_examples=True),
    }
    return body


def end_call(
    shaper: Shaper,
    hook: Literal[HookType.END_INC_CALL, HookType.MISSED_INC_CALL, HookType.END_OUT_CALL],
    session_id: str,
    times: tuple[datetime, datetime],
    parties: tuple[str, str, str],
    duration: int,
    code: str,
) -> Json:
    """``EndIncCall``, ``MissedIncCall`` or ``EndOutCall``: a call is over.

    Args:
        shaper: applies the quirks.
        hook: which of the three.
        session_id: the call's ``SessionID``.
        times: the call's start and end.
        parties: city number, ``Caller`` and ``Called`` digits (without a leading ``8``).
        duration: seconds of conversation.
        code: a key of :data:`RESULT_CODES`.
    """
    start, end = times
    city, caller, called = parties
    body = _body(shaper, hook, session_id, start)
    body |= {
        "EndTime": stamp(end),
        "CityNumber": city,
        # No example of the outgoing pair: its end hook drops the 8 as EndIncCall does.
        "Caller": shaper.number(caller, eight_in_examples=False),
        # The examples: EndIncCall's employee without the 8, MissedIncCall's city number with it.
        "Called": shaper.number(called, eight_in_examples=hook == HookType.MISSED_INC_CALL),
        "Duration": duration,
        "ResultCode": shaper.code(code),
    }
    return body


def create_out_call(
    shaper: Shaper, session_id: str, start: datetime, city: str, operator: str, called: str
) -> Json:
    """``CreateOutCall``: an employee (``Caller``) dials out (``Called``)."""
    body = _body(shaper, HookType.CREATE_OUT_CALL, session_id, start)
    body |= {
        "CityNumber": city,
        "Caller": shaper.number(operator, eight_in_examples=True),
        "Called": shaper.number(called, eight_in_examples=False),
    }
    return body
