"""Who works at the simulated Vega PBX company, who calls it, and what its CRMs know.

The operator of the demo is extension ``101``. Extensions ``102`` and ``911`` (the seed's
example leg, "Support Vega") are colleagues
(their calls must never show on the operator's toolbar), ``500`` is the support group that
distributes customer calls, and the IVR menu has no extension (as the seed says).

CRM addresses follow the seed's example (``…/features/crm/contacts/edit.jsp#/?id=1``) for
Vega's own CRM; the second and third CRMs are example hosts. Phone numbers are Ukrainian
(``+380…``), as in the seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "CRMS",
    "CUSTOMERS",
    "EMPLOYEES",
    "GROUPS",
    "IVR",
    "OPERATOR_EXT",
    "TRUNK",
    "Crm",
    "Customer",
    "Employee",
    "crm_answers",
]

OPERATOR_EXT = "101"


@dataclass(frozen=True, slots=True)
class Employee:
    """A user (``leg.type`` 1) or a group (2) or the IVR scenario (4)."""

    id: int
    type: int
    ext: str | None
    display_name: str

    def leg(self) -> dict[str, Any]:
        """The ``leg`` object of the wire."""
        return {"id": self.id, "type": self.type, "ext": self.ext, "displayName": self.display_name}


@dataclass(frozen=True, slots=True)
class Customer:
    """A client some CRMs know: their ids per CRM (``None``: that CRM does not know them)."""

    name: str
    company: str | None
    num: str
    ids: tuple[str | None, ...]


@dataclass(frozen=True, slots=True)
class Crm:
    """A connected CRM: how it links to a contact and to "new client"."""

    label: str
    contact_url: str
    new_url: str


EMPLOYEES = {
    "101": Employee(118, 1, "101", "Олена Коваль"),
    "102": Employee(119, 1, "102", "Андрій Шевченко"),
    "911": Employee(120, 1, "911", "Support Vega"),  # the seed's example leg
}
GROUPS = {"500": Employee(300, 2, "500", "Відділ підтримки")}
IVR = Employee(400, 4, None, "Головне меню")
#: The company's external number (``trunkNum``) and its label (``trunkName``).
TRUNK = ("567850550", "Основна лінія")

CRMS = (
    Crm(
        "Vega CRM",
        "https://qwerty.pbx.vega.ua/features/crm/contacts/edit.jsp#/?id={id}",
        "https://qwerty.pbx.vega.ua/features/crm/contacts/edit.jsp#/?phone={num}",
    ),
    Crm(
        "Sales CRM",
        "https://crm.example.com/contacts/{id}",
        "https://crm.example.com/contacts/new?phone={num}",
    ),
    Crm(
        "Helpdesk",
        "https://helpdesk.example.org/customers/{id}",
        "https://helpdesk.example.org/customers/new?phone={num}",
    ),
)

CUSTOMERS = (
    Customer("Тест", "Рекламна агенція", "+380567777777", ("29", "7001", "c-29")),
    Customer("Ірина Мельник", "ТОВ «Зерно»", "+380441234567", ("31", "7002", None)),
    Customer("Петро Бондар", None, "+380671112233", ("45", None, "c-45")),
    Customer("Марія Ткаченко", "ФОП Ткаченко", "+380503334455", ("52", "7004", "c-52")),
)


def crm_answers(
    customer: Customer | None,
    priorities: tuple[int, ...] = (1,),
    *,
    num: str | None = None,
) -> list[dict[str, Any]]:
    """The ``otherLegs`` list: CRM *i* answers with priority ``priorities[i]``.

    ``customer=None`` is an unknown caller (``id`` and ``name`` null, the "new client" link);
    a CRM that does not know a known customer answers the same way.
    """
    number = num or (customer.num if customer else "+380931230000")
    answers: list[dict[str, Any]] = []
    for index, priority in enumerate(priorities):
        crm = CRMS[index % len(CRMS)]
        ident = customer.ids[index] if customer and index < len(customer.ids) else None
        if customer is None or ident is None:
            answers.append(
                {
                    "id": None,
                    "name": None,
                    "num": number,
                    "companyName": None,
                    "url": crm.new_url.format(num=number.lstrip("+")),
                    "priority": priority,
                }
            )
            continue
        answers.append(
            {
                "id": ident,
                "name": customer.name,
                "num": number,
                "companyName": customer.company,
                "url": crm.contact_url.format(id=ident),
                "priority": priority,
            }
        )
    return answers
