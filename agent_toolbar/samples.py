"""Realistic sample data: people, phone numbers, projects, customers and identifiers.

Shared by every simulator (their callers and queues) and by the screen-pop preview (a sample
call to try a template on). Russian names with patronymics, ``+7`` mobile numbers, queues and
CRM-style call parameters, all drawn from a seedable :class:`random.Random`. No Qt here.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

__all__ = [
    "PROJECTS",
    "Customer",
    "Project",
    "customer_params",
    "new_id",
    "new_person",
    "new_phone",
]


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
