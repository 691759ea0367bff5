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
import random
import re
from dataclasses import dataclass

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


# --------------------------------------------------------------------------- identifiers


def new_id(rng: random.Random) -> str:
    """A 64-character identifier (``cid``, ``sessionId``), as the API uses (§1.5)."""
    return f"{rng.getrandbits(256):064x}"


def new_phone(rng: random.Random) -> str:
    """A Russian mobile number in international format, e.g. ``+79161234567``."""
    operator_code = rng.choice(("900", "903", "905", "912", "916", "921", "926", "977", "999"))
    return f"+7{operator_code}{rng.randrange(10_000_000):07d}"


# --------------------------------------------------------------------------- customers

_MALE_FIRST = ("Александр", "Дмитрий", "Максим", "Иван", "Михаил", "Николай", "Евгений", "Олег")
_FEMALE_FIRST = ("Анна", "Мария", "Елена", "Татьяна", "Наталья", "Ольга", "Ирина", "Светлана")
_FATHERS = ("Александр", "Сергей", "Владимир", "Андрей", "Николай", "Виктор", "Павел", "Юрий")
_SURNAMES = (
    ("Иванов", "Иванова"),
    ("Смирнов", "Смирнова"),
    ("Кузнецов", "Кузнецова"),
    ("Попов", "Попова"),
    ("Васильев", "Васильева"),
    ("Морозов", "Морозова"),
    ("Новиков", "Новикова"),
    ("Фёдоров", "Фёдорова"),
    ("Лебедев", "Лебедева"),
    ("Козлов", "Козлова"),
    ("Орлов", "Орлова"),
    ("Белов", "Белова"),
)
_REGIONS = (
    "Москва",
    "Санкт-Петербург",
    "Свердловская область",
    "Новосибирская область",
    "Республика Татарстан",
    "Краснодарский край",
    "Нижегородская область",
)


def _patronymic(father: str, female: bool) -> str:
    if father.endswith("й"):
        stem = father[:-1]
        return stem + ("евна" if female else "евич")
    return father + ("овна" if female else "ович")


def new_person(rng: random.Random) -> str:
    """A full Russian name (ФИО) with matching gender forms, e.g. «Попова Анна Сергеевна»."""
    female = rng.random() < 0.5
    male_surname, female_surname = rng.choice(_SURNAMES)
    first = rng.choice(_FEMALE_FIRST if female else _MALE_FIRST)
    father = rng.choice(_FATHERS)
    surname = female_surname if female else male_surname
    return f"{surname} {first} {_patronymic(father, female)}"


@dataclass(frozen=True, slots=True)
class Project:
    """A project (queue) incoming calls are distributed from."""

    project_id: str
    title: str
    dnis: str


#: Projects of the simulated contact center; identifiers follow the PMS UUID format (§4.1).
PROJECTS: tuple[Project, ...] = (
    Project("corebo00000000000n1ostbh66tr416c", "Линия поддержки", "88005553535"),
    Project("corebo00000000000nkn5m6pfh3grvck", "Продажи", "88005557070"),
    Project("corebo00000000000mq2hv1b4kqd7s9e", "Доставка", "88005552020"),
)


@dataclass(frozen=True, slots=True)
class Customer:
    """A generated incoming call: who calls, from where, and its CRM parameters."""

    name: str
    phone: str
    project: Project
    params: dict[str, str]
    early_keys: frozenset[str]


def customer_params(rng: random.Random) -> Customer:
    """Generate a caller with CRM-style parameters (``ProjectId``, ``ClientId``, ``url`` …).

    ``early_keys`` are the parameters known when the call is offered; the rest belong in a
    later ``CallParams`` (the streaming scenarios decide whether to split them).
    """
    project = rng.choice(PROJECTS)
    name = new_person(rng)
    phone = new_phone(rng)
    client_id = f"CL-{rng.randrange(100_000, 999_999)}"
    params = {
        "caller": phone,
        "called": project.dnis,
        "ProjectId": project.project_id,
        "ProjectTitle": project.title,
        "ClientId": client_id,
        "ClientName": name,
        "Region": rng.choice(_REGIONS),
        "Language": "en" if rng.random() < 0.1 else "ru",
    }
    if project.title != "Линия поддержки" or rng.random() < 0.3:
        params["OrderId"] = f"ORD-{rng.randrange(1_000_000, 9_999_999)}"
    if rng.random() < 0.6:
        if "OrderId" in params and rng.random() < 0.5:
            params["url"] = f"https://crm.example.com/orders/{params['OrderId']}"
        else:
            params["url"] = f"https://crm.example.com/clients/{client_id}"
    early = frozenset({"caller", "called", "ProjectId", "ProjectTitle", "Language"})
    return Customer(name, phone, project, params, early)
