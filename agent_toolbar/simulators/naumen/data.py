"""Reference data of the Naumen CTI simulator: colleagues, queues, customers and identifiers.

The simulator dials nobody: a *directory* of numbers decides what the far side of a call or
a transfer does (answers, is busy, is not found, never answers …). The rules, in order:

* an empty address is ``EmptyAddress`` (transfer status 0);
* anything that is neither a number (``+`` and digits) nor a SIP URI (``sip:user@host``) is
  ``BadAddressFormat`` (status 1) — letters, spaces and punctuation included;
* a number or SIP user listed in :data:`DIRECTORY` behaves as listed;
* any other 3–4 digit extension is a colleague who answers;
* an 11-digit Russian number (``+7…``, ``7…``, ``8…``) or an international ``+`` number of
  11–15 digits is an external subscriber who answers;
* everything else (other lengths, unknown SIP users) is ``DestinationNotFound`` (status 10).

Customers of the streaming scenarios get realistic Russian names, ``+7`` mobile numbers,
projects (queues) and CRM-style call parameters, all drawn from a seedable generator.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from agent_toolbar.samples import (
    PROJECTS,
    Customer,
    Project,
    customer_params,
    new_id,
    new_person,
    new_phone,
)

__all__ = [
    "DIRECTORY",
    "PROJECTS",
    "Behaviour",
    "Customer",
    "Project",
    "Target",
    "customer_params",
    "new_id",
    "new_person",
    "new_phone",
    "resolve_target",
    "transfer_status",
]


class Behaviour(enum.StrEnum):
    """What the far side does when it is dialled or a call is transferred to it."""

    ANSWER = "answer"
    BUSY = "busy"
    NOT_FOUND = "not_found"
    NO_ANSWER = "no_answer"
    DISCONNECT = "disconnect"
    TROUBLE = "trouble"
    EMPTY = "empty"
    BAD_FORMAT = "bad_format"


#: Transfer status codes of table 4.1 for the behaviours that make a transfer fail.
_STATUS: dict[Behaviour, str] = {
    Behaviour.EMPTY: "0",
    Behaviour.BAD_FORMAT: "1",
    Behaviour.NO_ANSWER: "4",
    Behaviour.TROUBLE: "5",
    Behaviour.BUSY: "7",
    Behaviour.DISCONNECT: "9",
    Behaviour.NOT_FOUND: "10",
}


def transfer_status(behaviour: Behaviour) -> str | None:
    """The ``TransferFailed.status`` a behaviour produces, or ``None`` when it succeeds."""
    return _STATUS.get(behaviour)


#: The simulated colleagues and queues: (number or URI, label, behaviour).
DIRECTORY: tuple[tuple[str, str, Behaviour], ...] = (
    ("200", "Петров Сергей Николаевич, старший смены", Behaviour.ANSWER),
    ("201", "Смирнова Ольга Викторовна, вторая линия", Behaviour.ANSWER),
    ("202", "Кузнецов Андрей Павлович (всегда занят)", Behaviour.BUSY),
    ("203", "Волкова Марина Игоревна (не отвечает)", Behaviour.NO_ANSWER),
    ("204", "Номер уволенного сотрудника", Behaviour.NOT_FOUND),
    ("205", "Соколов Илья Андреевич (кладёт трубку при переводе)", Behaviour.DISCONNECT),
    ("206", "Аппарат в переговорной (сбой связи)", Behaviour.TROUBLE),
    ("300", "Очередь «Линия поддержки»", Behaviour.ANSWER),
    ("301", "Очередь «Продажи»", Behaviour.ANSWER),
    ("302", "Очередь «Доставка»", Behaviour.ANSWER),
    ("310", "Очередь «Претензии» (все операторы заняты)", Behaviour.BUSY),
    ("sip:supervisor@cc.example.com", "Супервизор смены (SIP)", Behaviour.ANSWER),
)

_BY_NUMBER = {number: (label, behaviour) for number, label, behaviour in DIRECTORY}
_NUMBER = re.compile(r"\+?[0-9]+")
_SIP = re.compile(r"sips?:([^@\s:;]+)@([^@\s;]+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Target:
    """The far side an address resolves to."""

    address: str
    label: str
    behaviour: Behaviour


def resolve_target(address: str) -> Target:
    """Decide what dialling or transferring to ``address`` does (see the module rules)."""
    text = address.strip()
    if not text:
        return Target(address, "", Behaviour.EMPTY)
    if text in _BY_NUMBER:
        label, behaviour = _BY_NUMBER[text]
        return Target(text, label, behaviour)
    sip = _SIP.fullmatch(text)
    if sip is not None:
        user = sip.group(1)
        if user in _BY_NUMBER:
            label, behaviour = _BY_NUMBER[user]
            return Target(text, label, behaviour)
        if re.fullmatch(r"[0-9]{3,4}", user):
            return Target(text, f"Сотрудник {user}", Behaviour.ANSWER)
        return Target(text, text, Behaviour.NOT_FOUND)
    if not _NUMBER.fullmatch(text):
        return Target(text, text, Behaviour.BAD_FORMAT)
    digits = text.lstrip("+")
    if not text.startswith("+") and 3 <= len(digits) <= 4:
        return Target(text, f"Сотрудник {digits}", Behaviour.ANSWER)
    russian = len(digits) == 11 and digits[0] in "78"
    if russian or (text.startswith("+") and 11 <= len(digits) <= 15):
        return Target(text, text, Behaviour.ANSWER)
    return Target(text, text, Behaviour.NOT_FOUND)
