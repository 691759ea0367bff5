"""Service, state, text-session and broadcast commands of the simulated API.

Sequences and refusals:

* ``GetUserState`` → ``UserState``, ``GetCalls`` → ``Calls``, both carrying the rid.
* ``ChangeUserState {state, reason?}`` → ``Ok``, ``UserState``. A CTI module may set
  ``normal`` (``available`` is accepted as its synonym), ``away`` with an optional reason
  (``Dinner``, ``TechnicalBreak``, ``CustomAwayReason<N>``), ``dnd`` and ``custom1``–
  ``custom3``; states are compared case-insensitively. Everything else is refused with an
  ``Error`` saying why: ``ringing``, ``speaking`` and ``wrapup`` are set by the phone,
  ``accident`` and ``standoff`` by the server or a supervisor, ``offline`` by ``Logout`` /
  ``Exit``, ``notavailable`` is a top-level state (pick a substate). Setting a state does
  not clear *accident* (the server does, §4.4).
* ``Logout`` / ``Exit`` → ``Ok``; the phone leaves the system: its calls get ``OnClose``
  (``CallStatus`` ended first if still live), then ``UserState`` offline.
* ``BindNumber {number, replace?}`` → ``Ok`` when ``number`` looks like
  ``sip:<phone>@<host>[:port]``. A login has at most one bound number (binding another
  replaces it); a number bound to another login is taken over only with ``replace: true``,
  otherwise ``Error`` (§3.4).
* ``ReopenAudioDevice`` → ``Ok``, ``CallStatus`` of the current call, or — with no call —
  of the audio-device leg (``type`` ``dev``, connected; §4.2). ``ReopenRootPage`` → ``Ok``,
  ``CallStatus`` of the current call if there is one.
* ``SendPmsRestRequest`` → ``Ok`` (recorded; ``path`` must be absolute, ``method`` an HTTP
  method). ``BroadcastMessage`` / ``BroadcastProjectMessage`` → ``Ok`` (recorded; empty
  text, no recipients, no project or an unknown role → ``Error``).
* ``SubscribeOnMessagesSession`` → ``Ok`` whose ``messages`` are the session's messages so
  far (filtered by ``direction``), then the session's events on that connection
  (:mod:`~agent_toolbar.simulators.naumen.texts`); an unknown session → ``Error``.
  ``MessageInProcessMode`` on an offered text session accepts it (``CallStatus`` connected,
  ``UserState`` speaking#<channel>, then the session's distribution and greeting script);
  on a voice call it is an ``Error``. ``SendVoipMessage`` with a text → ``Ok`` (the far
  side writes back), without one → ``Error``.
"""

from __future__ import annotations

import re

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.naumen import frames
from agent_toolbar.simulators.naumen.context import Ctx, Registry
from agent_toolbar.simulators.naumen.model import SimError, SimOperator
from agent_toolbar.simulators.naumen.world import World

__all__ = ["AWAY_REASONS", "HANDLERS", "SETTABLE_STATES", "supervise"]

registry = Registry()
#: Handlers of these commands, by command class.
HANDLERS = registry.handlers

#: States a CTI module may set, and the base substate each one selects.
SETTABLE_STATES = {
    "normal": "normal",
    "available": "normal",
    "away": "away",
    "dnd": "dnd",
    "custom1": "custom1",
    "custom2": "custom2",
    "custom3": "custom3",
}
#: Reasons a CTI module may give for ``away`` (besides ``CustomAwayReason<N>``).
AWAY_REASONS = ("Dinner", "TechnicalBreak")
_CUSTOM_REASON = re.compile(r"CustomAwayReason[0-9]+")
_REFUSED = {
    "ringing": "is set by the phone while a call is offered",
    "speaking": "is set by the phone during a conversation",
    "wrapup": "is set by the phone after a conversation",
    "accident": "is set by the server when a call could not be delivered",
    "standoff": "is set by a supervisor",
    "offline": "follows Logout or Exit",
    "notavailable": "is a top-level state; set away, dnd or custom1-3 instead",
}
_BIND = re.compile(r"sip:[^@\s:;]+@[^@\s:;]+(:[0-9]{1,5})?", re.IGNORECASE)
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_ROLES = ("agent", "supervisor", "")
_VOICE = ("voice", "sip", "dev", "cfr")


@registry.handles(m.GetUserState)
def get_user_state(ctx: Ctx, msg: m.GetUserState) -> None:
    """Reply with the operator's state."""
    ctx.reply(frames.user_state(ctx.op, ctx.rid))


@registry.handles(m.GetCalls)
def get_calls(ctx: Ctx, msg: m.GetCalls) -> None:
    """Reply with the operator's calls."""
    ctx.reply(frames.calls_message(ctx.op, ctx.rid))


@registry.handles(m.ChangeUserState)
def change_user_state(ctx: Ctx, msg: m.ChangeUserState) -> None:
    """Set the operator's state (only what a CTI module may set)."""
    wanted = msg.state.strip().lower()
    base = SETTABLE_STATES.get(wanted)
    if base is None:
        why = _REFUSED.get(wanted, "is not a state")
        settable = "normal, away, dnd, custom1, custom2, custom3"
        raise SimError(f"state {msg.state!r} cannot be set by a CTI module: it {why} ({settable})")
    reason = msg.reason.strip() if msg.reason else None
    known = reason in AWAY_REASONS or _CUSTOM_REASON.fullmatch(reason or "")
    if base == "away" and reason and not known:
        raise SimError(
            f"away reason {reason!r} cannot be set: use Dinner, TechnicalBreak "
            "or CustomAwayReason<N>"
        )
    ctx.ok()
    ctx.world.set_base(ctx.op, base, reason or None)
    ctx.world.refresh_state(ctx.op, force=True)


@registry.handles(m.Logout, m.Exit)
def logout(ctx: Ctx, msg: m.Logout | m.Exit) -> None:
    """End the operator's phone session: the operator goes offline."""
    ctx.ok()
    ctx.world.go_offline(ctx.op)


@registry.handles(m.BindNumber)
def bind_number(ctx: Ctx, msg: m.BindNumber) -> None:
    """Bind an external number to the operator's SoftPhone (§3.4)."""
    world, op = ctx.world, ctx.op
    number = msg.number.strip()
    if not _BIND.fullmatch(number):
        raise SimError(f"number {msg.number!r} must look like sip:<phone_number>@<server_ip>:5060")
    owner = world.bindings.get(number)
    if owner is not None and owner != op.login and not msg.replace:
        raise SimError(f"{number} is bound to another account; send replace: true to take it")
    ctx.ok()
    if owner is not None and owner != op.login:
        world.operators[owner].bound_number = None
    if op.bound_number is not None:
        world.bindings.pop(op.bound_number, None)
    world.bindings[number] = op.login
    op.bound_number = number


@registry.handles(m.ReopenAudioDevice)
def reopen_audio_device(ctx: Ctx, msg: m.ReopenAudioDevice) -> None:
    """Restart the audio device: the current call's (or the device leg's) ``CallStatus``."""
    ctx.ok()
    op = ctx.op
    current = op.calls.get(op.current) if op.current is not None else None
    if current is not None:
        ctx.world.emit_status(op, current)
        return
    device = m.CallStatus(
        login=op.login,
        cid=op.dev_cid,
        type="dev",
        state="connected",
        direction="out",
        display_name="Audio device",
    )
    ctx.world.emit(op, device)


@registry.handles(m.ReopenRootPage)
def reopen_root_page(ctx: Ctx, msg: m.ReopenRootPage) -> None:
    """Reload the phone's root page; the current call's ``CallStatus`` follows."""
    ctx.ok()
    op = ctx.op
    current = op.calls.get(op.current) if op.current is not None else None
    if current is not None:
        ctx.world.emit_status(op, current)


@registry.handles(m.SendPmsRestRequest)
def send_pms_rest_request(ctx: Ctx, msg: m.SendPmsRestRequest) -> None:
    """Accept (and record) a request for the PMS REST API."""
    if not msg.path.startswith("/"):
        raise SimError(f"path {msg.path!r} must be the absolute path of a REST request")
    method = (msg.method or "GET").upper()
    if method not in _METHODS:
        raise SimError(f"method {msg.method!r} is not an HTTP method ({', '.join(_METHODS)})")
    ctx.ok()
    ctx.world.pms_requests.append(msg)


@registry.handles(m.BroadcastMessage)
def broadcast_message(ctx: Ctx, msg: m.BroadcastMessage) -> None:
    """Accept (and record) a notice to logins and departments."""
    if not msg.message.strip():
        raise SimError("message is empty")
    if not [to for to in msg.to if to.strip()]:
        raise SimError("'to' names no recipient")
    ctx.ok()
    ctx.world.broadcasts.append(msg)


@registry.handles(m.BroadcastProjectMessage)
def broadcast_project_message(ctx: Ctx, msg: m.BroadcastProjectMessage) -> None:
    """Accept (and record) a notice to a project's roles."""
    if not msg.message.strip():
        raise SimError("message is empty")
    if not msg.project_id.strip():
        raise SimError("project_id is empty")
    for role in msg.to:
        if role.strip() not in _ROLES:
            raise SimError(f"role {role!r} is neither agent nor supervisor")
    ctx.ok()
    ctx.world.broadcasts.append(msg)


@registry.handles(m.SubscribeOnMessagesSession)
def subscribe(ctx: Ctx, msg: m.SubscribeOnMessagesSession) -> None:
    """Subscribe to a text session; ``Ok`` carries its (empty) message history."""
    if msg.protocol_version != 0:
        raise SimError(f"subscription protocol version {msg.protocol_version} is unknown (0)")
    if not msg.session_id.strip():
        raise SimError("session_id is empty")
    if msg.direction not in (None, "in", "out"):
        raise SimError(f"direction {msg.direction!r} is neither in nor out")
    history = ctx.world.texts.subscribe(msg.session_id, ctx.send, msg.direction)
    ctx.reply(m.Ok(rid=ctx.rid, messages=history))


@registry.handles(m.MessageInProcessMode)
def message_in_progress(ctx: Ctx, msg: m.MessageInProcessMode) -> None:
    """The information system took a text message into processing."""
    call = ctx.call(msg.cid)
    if call.type in _VOICE:
        raise SimError(f"the call is a {call.type} call, not a text session")
    ctx.ok()
    if call.state == "new":
        ctx.world.connect(ctx.op, call)
    ctx.world.texts.taken(ctx.op, call)


@registry.handles(m.SendVoipMessage)
def send_voip_message(ctx: Ctx, msg: m.SendVoipMessage) -> None:
    """Send a SIP text message within a call."""
    call = ctx.call(msg.cid)
    if call.state == "ended":
        raise SimError("the call has ended")
    text = msg.message or ""
    if not text.strip():
        raise SimError("message is empty")
    ctx.ok()
    ctx.world.texts.sip_sent(ctx.op, call, text)


def supervise(world: World, op: SimOperator, state: str, reason: str | None = None) -> None:
    """Set any state as the phone, the server or a supervisor would, then ``UserState``.

    Besides what ``ChangeUserState`` accepts: ``offline`` (the phone leaves the system),
    ``accident`` (until set otherwise; reason ``8:<id>`` unless given), ``standoff`` and
    ``notavailable`` (read as ``away``). ``normal`` also clears accident and standoff; any
    state but ``offline`` registers an offline operator again.
    """
    wanted = state.strip().lower()
    if wanted == "offline":
        if op.registered:
            world.go_offline(op)
        return
    if wanted not in (*SETTABLE_STATES, "notavailable", "accident", "standoff"):
        raise SimError(f"unknown state {state!r}")
    op.registered = True
    if wanted == "accident":
        world.start_accident(op, reason or f"8:{world.new_id()}", None)
    elif wanted == "standoff":
        world.clear_accident(op, emit=False)
        op.standoff = True
    else:
        base = SETTABLE_STATES.get(wanted, "away")
        if base == "normal":
            op.standoff = False
            world.clear_accident(op, emit=False)
        world.set_base(op, base, reason)
    world.refresh_state(op, force=True)
