"""Call commands of the simulated API (§3.2, §3.13, §3.27, §3.29, §3.34, §3.43, §3.57–§3.66).

Sequences (the reply goes to the sender, every event to all clients attached to the login):

* ``Answer`` (a ringing incoming call only) → ``Ok``, ``CallStatus`` connected (with
  ``answerTime``), ``UserState`` (speaking), ``CurrentCall``. Another connected call is put
  on hold first (its ``CallStatus``), as a phone does.
* ``Hold {on}`` / ``Mute {on}`` (a connected call) → ``Ok``, ``CallStatus``.
* ``Close`` (an ended call, in wrap-up) → ``Ok``, ``OnClose``, ``UserState``.
* ``MakeCall {phoneNumber}`` → ``Ok``, ``NewCall`` (out, new), ``UserState`` (ringing, as
  in the example of §2.3), ``CurrentCall``; the far side then answers (``CallStatus``
  connected …) or refuses as the directory (:mod:`~agent_toolbar.simulators.naumen.data`) says.
* ``SetCallParam`` / ``SetLocalParam`` → ``CallParamsUpdated`` / ``LocalParamsUpdated``
  (only if the value changed), then ``Ok`` (§3.61, §3.62).
* ``SetSessionSecureMode {enable}`` → ``Ok``, then ``SetSessionModeResponse``; its
  ``error`` is ``Can't retrieve sessionId for call`` when the cid is not a connected call
  and ``Session in desired secure mode state`` when the mode is already as asked
  (table 3.77).
* ``SendDTMFSignal`` (``0-9``, ``*``, ``#``, ``!`` on a connected call), ``SetActive``
  (→ ``Ok``, ``CurrentCall``), ``SetMusicOnHold`` (→ ``Ok``; SoftPhone only).

``Hangup`` — how §3.27 and §3.49 are read. §3.27 says the call "returns to the queue and
the operator's state becomes *accident*", and ``OnClose`` follows; §3.49 and §3.13 say
``OnClose`` ends work on a call, after wrap-up. Both hold, for different calls:

* on an offered (ringing, incoming) call, ``Hangup`` refuses the offer: ``Ok``,
  ``CallStatus`` ended, ``OnClose``, then ``UserState`` ``notavailable`` with the substate
  ``accident`` and the reason ``8:<sessionId>`` (code 8: the distribution was ended by the
  remote side, 487; the session id stands for the IVR call id). The call returns to the
  queue — the API shows no more of it — and after ``SimTimings.accident`` seconds (10 by
  default, "for 10 seconds" in §4.4) the accident clears and ``UserState`` shows the
  previous state again;
* on a connected call: ``Ok``, ``CallStatus`` ended (with ``hangupTime``), ``UserState``
  with ``wrapup#voice`` and the session id as reason; the call stays in wrap-up until
  ``Close``. When wrap-up is disabled (``SimTimings.wrapup_enabled``) ``OnClose`` and
  ``UserState`` follow at once;
* on a call already in wrap-up it acts as ``Close``;
* on a call being dialled (outgoing, not yet answered) it cancels the call: ``Ok``,
  ``CallStatus`` ended, ``OnClose``, ``UserState`` (no wrap-up, no accident);
* on a call with a transfer in progress see :mod:`~agent_toolbar.simulators.naumen.transfers`.
"""

from __future__ import annotations

import re

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.naumen import transfers
from agent_toolbar.simulators.naumen.context import Ctx, Registry
from agent_toolbar.simulators.naumen.data import Behaviour, resolve_target
from agent_toolbar.simulators.naumen.model import SimCall, SimError

__all__ = ["HANDLERS", "REFUSAL_CODE"]

registry = Registry()
#: Handlers of the call commands, by command class.
HANDLERS = registry.handlers
#: Accident code of a refused offer (table 4.4: the distribution ended by the remote side).
REFUSAL_CODE = "8"
_DTMF = re.compile(r"[0-9*#!]+")


def _connected(ctx: Ctx, cid: str) -> SimCall:
    call = ctx.call(cid)
    if call.state != "connected":
        raise SimError(f"the call is {call.state}, not connected")
    return call


def _live(ctx: Ctx, cid: str) -> SimCall:
    call = ctx.call(cid)
    if call.state == "ended":
        raise SimError("the call has ended")
    return call


@registry.handles(m.Answer)
def answer(ctx: Ctx, msg: m.Answer) -> None:
    """Answer a ringing incoming call."""
    call = ctx.call(msg.cid)
    if call.direction != "in" or call.state != "new":
        raise SimError(f"only a ringing incoming call can be answered (this one is {call.state})")
    if call.transfer is not None:
        raise SimError("the call is being transferred")
    ctx.ok()
    ctx.world.connect(ctx.op, call)


@registry.handles(m.Hold)
def hold(ctx: Ctx, msg: m.Hold) -> None:
    """Hold or resume a connected call (resuming holds the other conversation)."""
    call = _connected(ctx, msg.cid)
    if call.transfer is not None:
        raise SimError("the call is being transferred; use BreakTransfer to take it back")
    ctx.ok()
    world, op = ctx.world, ctx.op
    if not msg.on and call.conf_id is None:
        world.hold_others(op, call.cid)
    call.hold = msg.on
    world.emit_status(op, call)
    if not msg.on:
        world.set_current(op, call.cid)


@registry.handles(m.Mute)
def mute(ctx: Ctx, msg: m.Mute) -> None:
    """Mute or unmute the operator's microphone on a connected call."""
    call = _connected(ctx, msg.cid)
    ctx.ok()
    call.muted = msg.on
    ctx.world.emit_status(ctx.op, call)


@registry.handles(m.Hangup)
def hangup(ctx: Ctx, msg: m.Hangup) -> None:
    """End a call; see the module docstring for what that means in each state."""
    call = ctx.call(msg.cid)
    ctx.ok()
    world, op = ctx.world, ctx.op
    if call.state == "ended":
        world.close(op, call)
        return
    if transfers.hangup_in_transfer(world, op, call):
        return
    if call.state == "new" and call.direction == "in":
        reason = f"{REFUSAL_CODE}:{call.session_id}"
        world.start_accident(op, reason, world.timings.accident)
    world.end(op, call)


@registry.handles(m.Close)
def close(ctx: Ctx, msg: m.Close) -> None:
    """Finish wrap-up of an ended call."""
    call = ctx.call(msg.cid)
    if call.state != "ended":
        raise SimError(f"the call is {call.state}; only an ended call can be closed")
    ctx.ok()
    ctx.world.close(ctx.op, call)


@registry.handles(m.MakeCall)
def make_call(ctx: Ctx, msg: m.MakeCall) -> None:
    """Dial a number or URI; the far side behaves as the directory says."""
    target = resolve_target(msg.phone_number)
    if target.behaviour is Behaviour.EMPTY:
        raise SimError("phoneNumber is empty")
    if target.behaviour is Behaviour.BAD_FORMAT:
        raise SimError(f"phoneNumber {msg.phone_number!r} is neither a number nor a SIP URI")
    ctx.ok()
    world, op = ctx.world, ctx.op
    world.hold_others(op, "")
    params = {"caller": op.extension, "called": target.address}
    call = world.create_call(op, direction="out", display_name=target.label, params=params)
    world.add_call(op, call)
    world.set_current(op, call.cid)
    world.dial(op, call, target)


@registry.handles(m.SendDTMFSignal)
def send_dtmf(ctx: Ctx, msg: m.SendDTMFSignal) -> None:
    """Send DTMF tones on a connected call."""
    call = _connected(ctx, msg.cid)
    if not _DTMF.fullmatch(msg.dtmf_string):
        raise SimError(f"DTMFString {msg.dtmf_string!r} may hold only 0-9, *, # and !")
    ctx.ok()
    call.dtmf.append(msg.dtmf_string)


@registry.handles(m.SetActive)
def set_active(ctx: Ctx, msg: m.SetActive) -> None:
    """Make a call the active one."""
    call = ctx.call(msg.cid)
    ctx.ok()
    ctx.world.set_current(ctx.op, call.cid, force=True)


@registry.handles(m.SetCallParam)
def set_call_param(ctx: Ctx, msg: m.SetCallParam) -> None:
    """Set a call parameter; ``CallParamsUpdated`` only when it changed, then ``Ok``."""
    call = ctx.call(msg.cid)
    name = msg.param_name
    if not name.strip():
        raise SimError("paramName is empty")
    if name == "sessionId":
        raise SimError("sessionId is assigned by the system and cannot be changed")
    if call.params.get(name) != msg.param_value:
        call.params[name] = msg.param_value
        params = {name: msg.param_value}
        ctx.world.emit(ctx.op, m.CallParamsUpdated(login=ctx.op.login, cid=call.cid, params=params))
    ctx.ok()


@registry.handles(m.SetLocalParam)
def set_local_param(ctx: Ctx, msg: m.SetLocalParam) -> None:
    """Set a local parameter (§4.6); ``LocalParamsUpdated`` only when it changed, then ``Ok``."""
    call = ctx.call(msg.cid)
    name = msg.param_name
    if not name.strip():
        raise SimError("paramName is empty")
    if call.local_params.get(name) != msg.param_value:
        call.local_params[name] = msg.param_value
        params = {name: msg.param_value}
        event = m.LocalParamsUpdated(login=ctx.op.login, cid=call.cid, params=params)
        ctx.world.emit(ctx.op, event)
    ctx.ok()


@registry.handles(m.SetSessionSecureMode)
def set_secure_mode(ctx: Ctx, msg: m.SetSessionSecureMode) -> None:
    """Pause or resume recording; the outcome comes in ``SetSessionModeResponse``."""
    op = ctx.op
    call = op.calls.get(msg.cid)
    ctx.ok()
    error: str | None = None
    if call is None or call.state != "connected":
        error = "Can't retrieve sessionId for call"
    elif call.secure == msg.enable:
        error = "Session in desired secure mode state"
    else:
        call.secure = msg.enable
    response = m.SetSessionModeResponse(login=op.login, cid=msg.cid, error=error)
    ctx.world.emit(op, response)


@registry.handles(m.SetMusicOnHold)
def set_music_on_hold(ctx: Ctx, msg: m.SetMusicOnHold) -> None:
    """Choose the music a call hears on hold (send before ``Hold``)."""
    call = _live(ctx, msg.cid)
    if not msg.url.strip():
        raise SimError("url is empty")
    ctx.ok()
    call.music_on_hold = msg.url
