"""Conference commands of the simulated API.

Sections §3.1, §3.14, §3.15, §3.18, §3.25, §3.28, §3.30, §3.31, §3.35, §3.45, §3.50, §3.53.
A conference belongs to one operator's SoftPhone; its ``confId`` is a number written as a
string, counting from 1 per operator. Sequences:

* ``CreateConference`` → ``Ok``, ``NewConference``, ``ConferenceInfo`` (the operator is in
  it, no calls yet);
* ``MakeConferenceCall`` → ``Ok``, ``NewCall`` (out, new), ``ConferenceInfo`` (with the new
  cid), ``UserState``; the far side then answers (``CallStatus`` connected) or refuses
  (``CallStatus`` ended, ``ConferenceInfo`` without it, ``OnClose``) as the directory says;
* ``AddCallToConference`` / ``RemoveCallFromConference`` → ``Ok``, ``Calls``,
  ``ConferenceInfo``; a call taken out of a conference waits on hold;
* ``JoinConference`` / ``LeaveConference`` → ``Ok``, ``ConferenceInfo`` with
  ``operatorInConference`` true / false;
* ``HangupConference`` → ``Ok``, ``ConferenceInfo`` (now empty), ``OnCloseConference``,
  then for each member call ``CallStatus`` ended and ``OnClose`` (conference legs have no
  wrap-up), and ``UserState``;
* ``GetConferences`` → ``Conferences`` carrying the rid.

The WebPhone has no conferences (tables 3.5, 3.6): the server answers these commands with
``Error`` before they get here. A conference is not shown as a ``cfr`` call.
"""

from __future__ import annotations

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.naumen import frames
from agent_toolbar.simulators.naumen.context import Ctx, Registry
from agent_toolbar.simulators.naumen.data import Behaviour, resolve_target
from agent_toolbar.simulators.naumen.model import SimConference, SimError

__all__ = ["HANDLERS"]

registry = Registry()
#: Handlers of the conference commands, by command class.
HANDLERS = registry.handlers


def _conference(ctx: Ctx, conf_id: str) -> SimConference:
    conf = ctx.op.conferences.get(conf_id.strip())
    if conf is None:
        raise SimError(f"no conference with confId {conf_id!r}")
    return conf


def _info(ctx: Ctx, conf: SimConference) -> None:
    ctx.world.emit(ctx.op, frames.conference_info(ctx.op, conf))


@registry.handles(m.CreateConference)
def create_conference(ctx: Ctx, msg: m.CreateConference) -> None:
    """Create a conference the operator is in."""
    op = ctx.op
    ctx.ok()
    conf = SimConference(str(op.next_conf), msg.conference_name)
    op.next_conf += 1
    op.conferences[conf.conf_id] = conf
    info = frames.conference_info(op, conf)
    ctx.world.emit(
        op,
        m.NewConference(
            login=op.login,
            conf_id=info.conf_id,
            display_name=info.display_name,
            calls=info.calls,
            operator_in_conference=info.operator_in_conference,
        ),
    )
    ctx.world.emit(op, info)


@registry.handles(m.GetConferences)
def get_conferences(ctx: Ctx, msg: m.GetConferences) -> None:
    """Reply with every current conference."""
    ctx.reply(frames.conferences_message(ctx.op, ctx.rid))


@registry.handles(m.MakeConferenceCall)
def make_conference_call(ctx: Ctx, msg: m.MakeConferenceCall) -> None:
    """Dial a number straight into a conference."""
    conf = _conference(ctx, msg.conf_id)
    target = resolve_target(msg.phone_number)
    if target.behaviour in (Behaviour.EMPTY, Behaviour.BAD_FORMAT):
        raise SimError(f"phoneNumber {msg.phone_number!r} is neither a number nor a SIP URI")
    ctx.ok()
    world, op = ctx.world, ctx.op
    params = {"caller": op.extension, "called": target.address}
    call = world.create_call(
        op, direction="out", display_name=target.label, params=params, conf_id=conf.conf_id
    )
    conf.calls.append(call.cid)
    world.add_call(op, call, refresh=False)
    _info(ctx, conf)
    world.refresh_state(op)
    world.dial(op, call, target)


@registry.handles(m.AddCallToConference)
def add_call_to_conference(ctx: Ctx, msg: m.AddCallToConference) -> None:
    """Add an existing call to a conference."""
    conf = _conference(ctx, msg.conf_id)
    call = ctx.call(msg.cid)
    if call.state == "ended":
        raise SimError("the call has ended")
    if call.conf_id is not None:
        raise SimError(f"the call is already in conference {call.conf_id}")
    if call.transfer is not None:
        raise SimError("the call is being transferred")
    ctx.ok()
    call.conf_id = conf.conf_id
    call.hold = False
    conf.calls.append(call.cid)
    ctx.world.emit(ctx.op, frames.calls_message(ctx.op))
    _info(ctx, conf)


@registry.handles(m.RemoveCallFromConference)
def remove_call_from_conference(ctx: Ctx, msg: m.RemoveCallFromConference) -> None:
    """Take a call out of a conference without ending it (it waits on hold)."""
    conf = _conference(ctx, msg.conf_id)
    call = ctx.call(msg.cid)
    if call.conf_id != conf.conf_id:
        raise SimError(f"the call is not in conference {conf.conf_id}")
    ctx.ok()
    call.conf_id = None
    call.hold = call.state == "connected"
    conf.calls.remove(call.cid)
    ctx.world.emit(ctx.op, frames.calls_message(ctx.op))
    _info(ctx, conf)


@registry.handles(m.JoinConference, m.LeaveConference)
def join_or_leave(ctx: Ctx, msg: m.JoinConference | m.LeaveConference) -> None:
    """The operator joins or leaves a conference; the conference goes on either way."""
    conf = _conference(ctx, msg.conf_id)
    ctx.ok()
    conf.operator_in = isinstance(msg, m.JoinConference)
    _info(ctx, conf)


@registry.handles(m.HangupConference)
def hangup_conference(ctx: Ctx, msg: m.HangupConference) -> None:
    """End a conference and every call in it."""
    conf = _conference(ctx, msg.conf_id)
    ctx.ok()
    world, op = ctx.world, ctx.op
    members = [op.calls[cid] for cid in conf.calls if cid in op.calls]
    conf.calls.clear()
    conf.operator_in = False
    _info(ctx, conf)
    del op.conferences[conf.conf_id]
    world.emit(op, m.OnCloseConference(login=op.login, conf_id=conf.conf_id))
    for call in members:
        call.conf_id = None
        call.cancel_timers()
        call.transfer = None
        if call.state != "ended":
            call.state = "ended"
            call.hold = False
            call.hangup_time = world.now_ms()
            world.emit_status(op, call)
        world.close(op, call)
