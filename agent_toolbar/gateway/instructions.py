"""Operators' routing choices for Autosecretary calls, delivered to the platform at most once.

An instruction is ``queued`` when the toolbar sends it, ``delivered`` when it leaves in an
answer (a ``POST <base>/CallEvent`` answer for ``CallAccepted``, ``CallAnswered``,
``HelloMessage``, ``DTMF`` or ``PrepareToConnect``, or a ``GET <base>/CallEvent/{CallID}``
poll once the operator is connected), and ``result`` when the platform reports what came of
it (the next ``Transfer`` / ``ShortTransfer`` for a transfer, ``EndCall`` for ``Hangup``).
It is marked delivered before the answer is written and never sent again (at most once).
Queued ones expire at ``EndCall`` or after ``instruction_ttl_seconds``. For actions the
platform reports nothing about (prompts, menus, ``BackFromConsultCall``), ``delivered`` is the
last status.

Readings of the specification: ``PlayPromptToOperator`` / ``IgnorePromptToOperator`` answer
``PrepareToConnect`` only; ``BackFromConsultCall`` makes sense only after the operator is
connected (a poll). For ``ServiceType`` 2 the platform reads a POST answer only for
``CallAccepted`` and only ``TransferDN`` in it, and a poll answer only ``TransferPBX`` or
``BackFromConsultCall``. ``Param`` forms: a full number is 10–15 digits (a leading ``+``, spaces
and dashes dropped); a short number 4 digits; a PBX number ``PBX`` + letters, digits, ``_ - .``
(the specification prints "РВХ" in Cyrillic letters once: read as the Latin ``PBX``), or for
``ServiceType`` 2 ``<10 digits>U<4 characters>`` or ``8000<10 digits><digits>``; a prompt or a
menu a file name without a path; the other actions take no ``Param``.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from agent_toolbar.gateway.results import end_call_result, transfer_result
from agent_toolbar.gateway.wire import ACTIONS, FINAL_STATUSES, Instruction, Result

if TYPE_CHECKING:
    from agent_toolbar.gateway.autosecretary import AutosecretaryCall, Leg

__all__ = ["Instructions", "Pending", "RefusedError", "actions_now", "check_param"]

TRANSFERS: Final = frozenset(
    {"TransferDN", "TransferEXT", "TransferPBX", "TransferDNRec", "TransferPBXRec"}
)
PROMPT_TO_OPERATOR: Final = frozenset({"PlayPromptToOperator", "IgnorePromptToOperator"})
NO_PARAM: Final = frozenset({"Hangup", "IgnorePromptToOperator", "BackFromConsultCall"})
BEFORE: Final = (
    "TransferDN",
    "TransferEXT",
    "TransferPBX",
    "TransferDNRec",
    "TransferPBXRec",
    "PlayPrompt",
    "PlayPromptAndBack",
    "PlayMenuBlock",
    "Hangup",
)
AFTER: Final = (*BEFORE, "BackFromConsultCall")
MAX_QUEUED_PER_CALL = 4

_FULL = re.compile(r"^\d{10,15}$")
_SHORT = re.compile(r"^\d{4}$")
_PBX = re.compile(r"^PBX[A-Za-z0-9_.-]{1,60}$")
_PBX_LOGIN = re.compile(r"^\d{10}U\w{4}$")
_PBX_8000 = re.compile(r"^8000\d{10}\d{0,20}$")
_FILE = re.compile(r"^[\w.-]{1,64}$")


class RefusedError(ValueError):
    """An instruction the gateway does not queue (``reason`` goes to the toolbar)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason


def check_param(action: str, param: str, service_type: int) -> str:
    """``param`` in the form the platform expects for ``action``.

    Raises:
        RefusedError: the wrong form.
    """
    value = param.strip()
    if action in NO_PARAM:
        return ""
    if action in ("TransferDN", "TransferDNRec"):
        value = re.sub(r"[\s()+-]", "", value)
        ok = bool(_FULL.match(value))
    elif action == "TransferEXT":
        ok = bool(_SHORT.match(value))
    elif action in ("TransferPBX", "TransferPBXRec"):
        value = value.replace("Р", "P").replace("В", "B").replace("Х", "X")
        ok = bool(_PBX.match(value)) or (
            service_type == 2 and bool(_PBX_LOGIN.match(value) or _PBX_8000.match(value))
        )
    else:
        ok = bool(_FILE.match(value))
    if not ok:
        raise RefusedError("bad_param", f"{action} does not take this Param")
    return value


def actions_now(call: AutosecretaryCall, leg: Leg) -> list[str]:
    """What the operator of ``leg`` can ask the platform to do now."""
    if call.ended or leg.state == "ended":
        return []
    if call.service_type == 2:
        if leg.state != "connected":
            return []
        return ["TransferPBX", *(["BackFromConsultCall"] if leg.transfer else [])]
    if leg.state == "connected":
        return [a for a in AFTER if a != "BackFromConsultCall" or leg.transfer]
    return [*BEFORE, *([] if call.prepare else sorted(PROMPT_TO_OPERATOR))]


@dataclass
class Pending:
    """One instruction and its life so far."""

    id: str
    ref: str
    login: str
    call_key: str
    call_id: int
    action: str
    param: str
    status: str = "queued"
    reason: str = ""
    channel: str = ""
    result: Result | None = None
    created: float = field(default_factory=time.monotonic)

    def wire(self) -> Instruction:
        """The toolbar's view."""
        return {
            "id": self.id,
            "ref": self.ref,
            "call": self.call_key,
            "action": self.action,
            "code": ACTIONS.get(self.action, 0),
            "param": self.param,
            "status": self.status,
            "reason": self.reason,
            "channel": self.channel,
            "result": self.result,
        }


#: ``notify(pending)`` after every status change.
Notify = Callable[[Pending], None]


class Instructions:
    """The queue of every call's instructions."""

    def __init__(self, notify: Notify, ttl: float = 300.0) -> None:
        self._notify = notify
        self._ttl = ttl
        self._ids = itertools.count(1)
        self._by_call: dict[str, list[Pending]] = {}
        self.by_id: dict[str, Pending] = {}

    def submit(
        self, login: str, ref: str, call: AutosecretaryCall, action: str, param: str
    ) -> Pending:
        """Queue a choice of ``login`` on ``call``.

        Raises:
            RefusedError: the call is over or not theirs, the action unknown or not possible now.
        """
        leg = call.legs.get(login)
        if leg is None:
            raise RefusedError("not_your_call")
        if action not in ACTIONS:
            raise RefusedError("unknown_action", f"one of {', '.join(ACTIONS)}")
        if action not in actions_now(call, leg):
            raise RefusedError("not_possible_now", f"{action} is not possible at this stage")
        value = check_param(action, param, call.service_type)
        queue = self._by_call.setdefault(call.key, [])
        if sum(1 for p in queue if p.status == "queued") >= MAX_QUEUED_PER_CALL:
            raise RefusedError("too_many_queued", f"at most {MAX_QUEUED_PER_CALL} per call")
        pending = Pending(f"i{next(self._ids)}", ref, login, call.key, call.call_id, action, value)
        queue.append(pending)
        self.by_id[pending.id] = pending
        self._notify(pending)
        return pending

    def cancel(self, login: str, instruction_id: str) -> Pending:
        """Cancel a still queued instruction of ``login``.

        Raises:
            RefusedError: unknown, not theirs or already delivered.
        """
        pending = self.by_id.get(instruction_id)
        if pending is None or pending.login != login:
            raise RefusedError("unknown_instruction")
        if pending.status != "queued":
            raise RefusedError("already_" + pending.status)
        self._set(pending, "cancelled")
        return pending

    def take(self, call: AutosecretaryCall, *, event_type: int | None) -> Pending | None:
        """Mark delivered and return the first instruction this answer may carry.

        ``event_type`` is the POST's event, or ``None`` for a poll.
        """
        for pending in self._by_call.get(call.key, ()):
            if pending.status == "queued" and _fits(pending.action, call.service_type, event_type):
                pending.channel = "poll" if event_type is None else f"answer:{event_type}"
                self._set(pending, "delivered")
                leg = call.legs.get(pending.login)
                if pending.action == "BackFromConsultCall" and leg is not None:
                    leg.transfer = None  # back with the caller: the consultation is over
                return pending
        return None

    def event(self, call: AutosecretaryCall, event_type: int, result: object) -> None:
        """Follow a platform event: results of delivered instructions, expiry at ``EndCall``."""
        for pending in self._by_call.get(call.key, ()):
            if (
                pending.status == "delivered"
                and event_type in (9, 11)
                and pending.action in TRANSFERS
            ):
                pending.result = transfer_result(result)
                self._set(pending, "result")
            elif event_type == 15 and pending.status == "delivered" and pending.action == "Hangup":
                pending.result = end_call_result(result)
                self._set(pending, "result")
            elif event_type == 15 and pending.status == "queued":
                self._set(pending, "expired", "call_ended")

    def open_for(self, login: str) -> list[Instruction]:
        """``login``'s instructions not yet final (for a snapshot)."""
        return [
            p.wire()
            for queue in self._by_call.values()
            for p in queue
            if p.login == login
            and p.status not in FINAL_STATUSES
            and not (p.status == "delivered" and p.action not in TRANSFERS | {"Hangup"})
        ]

    def sweep(self, now: float | None = None) -> None:
        """Expire old queued instructions; forget calls whose instructions are all final."""
        limit = (time.monotonic() if now is None else now) - self._ttl
        for key, queue in list(self._by_call.items()):
            for pending in queue:
                if pending.status == "queued" and pending.created < limit:
                    self._set(pending, "expired", "not_collected")
            if all(p.status in FINAL_STATUSES or p.created < limit for p in queue):
                for p in queue:
                    self.by_id.pop(p.id, None)
                del self._by_call[key]

    def _set(self, pending: Pending, status: str, reason: str = "") -> None:
        pending.status = status
        pending.reason = reason or pending.reason
        self._notify(pending)


def _fits(action: str, service_type: int, event_type: int | None) -> bool:
    if service_type == 2:
        if event_type is None:
            return action in ("TransferPBX", "BackFromConsultCall")
        return event_type == 1 and action == "TransferDN"
    if event_type is None:
        return action not in PROMPT_TO_OPERATOR
    if action in PROMPT_TO_OPERATOR:
        return event_type == 16
    return action != "BackFromConsultCall" and event_type in (1, 2, 3, 4, 16)
