"""Builders of the simulator's outgoing events from its state records.

Every frame the simulated API sends about a call, an operator or a conference is built here
from the records of :mod:`~agent_toolbar.simulators.naumen.model`, so the field mapping exists
once. Timestamps are milliseconds since the epoch.
"""

from __future__ import annotations

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.naumen.model import SimCall, SimConference, SimOperator

__all__ = [
    "call_status",
    "calls_message",
    "conference_info",
    "conferences_message",
    "new_call",
    "user_state",
]


def call_status(op: SimOperator, call: SimCall, rid: str | None = None) -> m.CallStatus:
    """The ``CallStatus`` describing a call now (``params`` only once they are known)."""
    return m.CallStatus(
        rid=rid,
        login=op.login,
        cid=call.cid,
        type=call.type,
        state=call.state,
        direction=call.direction,
        hold=call.hold,
        muted=call.muted,
        display_name=call.display_name,
        creation_time=call.creation_time,
        answer_time=call.answer_time,
        hangup_time=call.hangup_time,
        local_params=dict(call.local_params) or None,
        params=dict(call.params) if call.params_known else None,
    )


def new_call(op: SimOperator, call: SimCall) -> m.NewCall:
    """The ``NewCall`` announcing a call."""
    status = call_status(op, call)
    return m.NewCall(
        login=op.login,
        cid=call.cid,
        type=status.type,
        state=status.state,
        direction=status.direction,
        hold=status.hold,
        muted=status.muted,
        display_name=status.display_name,
        creation_time=status.creation_time,
        answer_time=status.answer_time,
        hangup_time=status.hangup_time,
        local_params=status.local_params,
        params=status.params,
    )


def user_state(op: SimOperator, rid: str | None = None) -> m.UserState:
    """The operator's ``UserState`` as last computed (no ``time`` while offline)."""
    state, substates, reason = op.snapshot or ("offline", (), None)
    return m.UserState(
        rid=rid,
        login=op.login,
        state=state,
        substates=substates,
        time=op.state_time if op.registered else None,
        reason=reason,
    )


def calls_message(op: SimOperator, rid: str | None = None) -> m.Calls:
    """``Calls`` with every call the phone serves, calls in wrap-up included."""
    statuses = tuple(call_status(op, call) for call in op.calls.values())
    return m.Calls(rid=rid, login=op.login, calls=statuses)


def conference_info(op: SimOperator, conf: SimConference) -> m.ConferenceInfo:
    """``ConferenceInfo`` for one conference."""
    return m.ConferenceInfo(
        login=op.login,
        conf_id=conf.conf_id,
        display_name=conf.name,
        calls=tuple(conf.calls),
        operator_in_conference=conf.operator_in,
    )


def conferences_message(op: SimOperator, rid: str | None = None) -> m.Conferences:
    """``Conferences`` with every current conference."""
    infos = tuple(conference_info(op, conf) for conf in op.conferences.values())
    return m.Conferences(rid=rid, login=op.login, conferences=infos)
