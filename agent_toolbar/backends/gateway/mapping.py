"""The gateway's call views and instruction statuses, read as domain values.

The gateway (``agent_toolbar/gateway/wire.py``) sends one operator's view of a call as a whole
(``Call``): this module turns it into a :class:`~agent_toolbar.cti.events.CallInfo`, its end
into a :class:`~agent_toolbar.cti.outcomes.CallOutcome`, and a consultation's result into a
:class:`~agent_toolbar.cti.outcomes.TransferFailure`. The vendor codes stay codes (``603-S``,
``1284``, ``486``, ``1``); the *category* the gateway put them in picks the neutral result the
toolbar words in the operator's language.

Readings (also in the README, "The gateway: toolbars"):

* A card the gateway flags ``missed`` ends as :attr:`EndResult.MISSED` whatever its category
  (the PBX's ``603-S`` "call cancelled" or ``304``, the platform's ``1284`` no answer): it
  rang for this operator and nobody here took it, which is what the tray must say.
* Who ended an answered Autosecretary call (``EndCall`` Result 0–2) is kept as the code; the
  result is ANSWERED. An unanswered one ended by the caller (Result 1 or 3) is CANCELLED on
  an outgoing card, MISSED on an incoming one (it rang here); Result 4 "no destination" is
  FAILED.
* The PBX codes without an answer: ``486`` BUSY, ``603`` / ``403`` / ``423`` REJECTED,
  ``404`` / ``484`` / ``503`` / ``480`` / ``402`` FAILED; an outgoing call that got ``200``
  was answered by the far end.
* The far party's number is shown as the system sent it (the PBX's ``Caller`` /
  ``Called``, the platform's ``AN``), the gateway's normalised form when absent: that is the
  form the operator finds in the PBX's own records.
* Times: the PBX's are local without an offset (read as this machine's local time), the
  platform's carry one; a time that does not parse is left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from agent_toolbar.cti.events import CallInfo
from agent_toolbar.cti.model import CallState, Direction
from agent_toolbar.cti.outcomes import CallOutcome, EndResult, TransferFailure

__all__ = [
    "call_info",
    "outcome",
    "parse_time",
    "transfer_failure",
]

_STATES: Mapping[str, CallState] = {
    "ringing": CallState.NEW,
    "dialing": CallState.NEW,
    "connected": CallState.CONNECTED,
    "ended": CallState.ENDED,
}

#: Categories whose meaning does not depend on whether the call was answered.
_FIXED: Mapping[str, EndResult] = {
    "missed": EndResult.MISSED,
    "answered_elsewhere": EndResult.ANSWERED_ELSEWHERE,
    "rejected": EndResult.REJECTED,
    "forbidden": EndResult.REJECTED,
    "blocked": EndResult.REJECTED,
    "cancelled": EndResult.CANCELLED,
    "busy": EndResult.BUSY,
    "unavailable": EndResult.FAILED,
    "invalid_number": EndResult.FAILED,
    "insufficient_funds": EndResult.FAILED,
    "no_destination": EndResult.FAILED,
    "failed": EndResult.FAILED,
}

_TRANSFER: Mapping[str, TransferFailure] = {
    "no_answer": TransferFailure.NO_ANSWER,
    "missed": TransferFailure.NO_ANSWER,
    "busy": TransferFailure.BUSY,
    "rejected": TransferFailure.REJECTED,
    "cancelled": TransferFailure.CANCELLED,
    "invalid_number": TransferFailure.INVALID_TARGET,
    "unavailable": TransferFailure.NETWORK,
    "forbidden": TransferFailure.REJECTED,
    "caller_hung_up": TransferFailure.CALLER_HUNG_UP,
    "caller_abandoned": TransferFailure.CALLER_HUNG_UP,
    "no_destination": TransferFailure.NOT_FOUND,
}


def parse_time(value: object) -> float | None:
    """An ISO 8601 time as a POSIX timestamp (no offset: local time); None if absent or bad."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.timestamp()  # naive datetimes are read as local time


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def outcome(call: Mapping[str, Any]) -> CallOutcome:
    """How an ended call ended, for this operator."""
    result = call.get("result") or {}
    category = _text(result.get("category"))
    code = _text(result.get("code"))
    text = _text(result.get("vendor_text")) or _text(result.get("text"))
    answered = bool(call.get("answered_at"))
    incoming = call.get("direction") != "outgoing"
    if call.get("missed"):
        return CallOutcome(EndResult.MISSED, code, text)
    if category in _FIXED:
        return CallOutcome(_FIXED[category], code, text)
    if answered or category in ("completed", "connected"):
        return CallOutcome(EndResult.ANSWERED, code, text)
    if category == "no_answer":
        return CallOutcome(EndResult.MISSED if incoming else EndResult.NO_ANSWER, code, text)
    if category in ("caller_hung_up", "caller_abandoned"):
        return CallOutcome(EndResult.MISSED if incoming else EndResult.CANCELLED, code, text)
    if category in ("ended", "callee_hung_up"):
        return CallOutcome(EndResult.MISSED if incoming else EndResult.NO_ANSWER, code, text)
    return CallOutcome(EndResult.UNKNOWN, code, text)


def transfer_failure(category: str) -> TransferFailure:
    """The neutral reason a consultation failed, from its result's category."""
    return _TRANSFER.get(category, TransferFailure.UNKNOWN)


def call_info(call: Mapping[str, Any]) -> CallInfo:
    """The domain's view of one gateway ``Call``.

    ``params`` holds the vendor's own fields (``SessionID``, ``CityNumber``, ``CallID``,
    ``AN``, ``UN``, ``DN1`` …) for screen-pop templates, plus ``caller``, ``called``,
    ``project`` (the PBX's ``CityNumber`` / the platform's ``UN``, normalised), ``system``
    and ``stage`` (the last vendor event).
    """
    raw = call.get("params") or {}
    params = {str(k): str(v) for k, v in raw.items() if v is not None}
    outgoing = call.get("direction") == "outgoing"
    # the far party as the system wrote it (the gateway's normalised form otherwise)
    caller = (
        params.get("AN", "") if call.get("system") == "autosecretary" else params.get("Caller", "")
    )
    called = params.get("Called", "") if outgoing and call.get("system") == "webhook" else ""
    params.update(
        caller=caller.strip() or _text(call.get("caller")),
        called=called.strip() or _text(call.get("called")),
        project=_text(call.get("project")),
        system=_text(call.get("system")),
        stage=_text(call.get("stage")),
    )
    state = _STATES.get(_text(call.get("state")), CallState.NEW)
    direction = Direction.OUT if outgoing else Direction.IN
    return CallInfo(
        cid=_text(call.get("id")),
        state=state,
        direction=direction,
        display_name="",
        created_at=parse_time(call.get("started_at")),
        answered_at=parse_time(call.get("answered_at")),
        hung_up_at=parse_time(call.get("ended_at")),
        params=params,
        outcome=outcome(call) if state is CallState.ENDED else None,
    )
