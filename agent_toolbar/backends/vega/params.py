"""A Vega call's fields as text parameters, for ``{params.…}`` screen-pop templates.

Every CRM answer goes in, so a template can use any of them:

* the chosen CRM (by priority) under the wire names: ``url``, ``id``, ``name``, ``num``,
  ``companyName``, ``priority`` — ``url`` is what ``screenpop/open_call_url`` opens;
* each answer as ``otherLegs.N.FIELD`` (N from 0, wire order), e.g. ``otherLegs.1.url``;
* the call: ``uuid``, ``parentUuid``, ``direction`` (``incoming`` | ``outgoing`` |
  ``internal``), ``trunkNum``, ``trunkName``, ``group``, ``extension`` (ours).

Absent (null) values are left out, so ``{params.name?}`` renders empty for an unknown client.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent_toolbar.backends.vega.frames import OtherLeg

if TYPE_CHECKING:
    from agent_toolbar.backends.vega.records import CallView

__all__ = ["call_params", "other_leg_fields"]


def other_leg_fields(leg: OtherLeg) -> dict[str, str]:
    """One CRM answer's non-null fields under their wire names."""
    fields = {
        "id": leg.id,
        "name": leg.name,
        "num": leg.num,
        "companyName": leg.company_name,
        "url": leg.url,
        "priority": None if leg.priority is None else _number(leg.priority),
    }
    return {key: value for key, value in fields.items() if value is not None}


def call_params(view: CallView, extension: str) -> dict[str, str]:
    """The parameters of a call (see the module docstring)."""
    params: dict[str, str] = {}
    for index, leg in enumerate(view.other_legs):
        for key, value in other_leg_fields(leg).items():
            params[f"otherLegs.{index}.{key}"] = value
    if view.crm is not None:
        params.update(other_leg_fields(view.crm))
    call = {
        "uuid": view.uuid,
        "parentUuid": view.parent_uuid,
        "direction": str(view.direction),
        "trunkNum": view.trunk_num,
        "trunkName": view.trunk_name,
        "group": view.group,
        "extension": extension.strip() or None,
    }
    params.update({key: value for key, value in call.items() if value})
    return params


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)
