"""Screen-pop fields of an Oktell call: what a CRM template may use.

``{caller}`` (the other party's number), ``{called}`` (the number called), ``{chainid}``,
``{commutationid}``, and the other party's details as call parameters:
``{params.callername}``, ``{params.callerlinenum}``, ``{params.calleruserlogin}``,
``{params.isextline}`` (``true`` / ``false``), ``{params.direction}`` (``in`` / ``out``).
Empty values are left out, so a template's ``screenpop/missing`` rule decides.
"""

from __future__ import annotations

from agent_toolbar.backends.oktell.diff import TrackedCall

__all__ = ["call_params", "screenpop_fields"]


def call_params(call: TrackedCall) -> dict[str, str]:
    """The call's parameters (the names after ``params.``)."""
    values = {
        "callerid": call.number,
        "callername": call.name,
        "callerlinenum": call.caller_line_num,
        "calleruserlogin": call.caller_login,
        "isextline": "true" if call.external else "false",
        "chainid": call.chain_id,
        "commutationid": call.call_id,
        "called": call.called,
        "direction": "" if call.outgoing is None else ("out" if call.outgoing else "in"),
    }
    return {key: value for key, value in values.items() if value}


def screenpop_fields(call: TrackedCall) -> dict[str, str]:
    """Top-level fields plus ``params.*``, as the screen-pop templates name them."""
    fields = {
        "caller": call.number,
        "called": call.called,
        "chainid": call.chain_id,
        "commutationid": call.call_id,
    }
    out = {key: value for key, value in fields.items() if value}
    out.update({f"params.{key}": value for key, value in call_params(call).items()})
    return out
