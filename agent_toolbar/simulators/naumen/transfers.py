"""Transfers of the simulated API: one state machine per call.

Sections §3.5, §3.16, §3.17, §3.23, §3.51, §3.69–§3.73 and table 4.1.

Every kind starts the same way: ``Ok``, ``OnTransferCall {wasConnected}``, and — for a blind
transfer, a transfer with return and a consultation, whose customer waits on hold —
``CallStatus`` (``hold`` true when the call was connected). The target (see the directory
in :mod:`~agent_toolbar.simulators.naumen.data`) then decides after ``far_side_delay``:
``TransferSucceed``, or ``TransferFailed {status}`` with a code of table 4.1 (0 empty
address and 1 bad format at once, 7 busy, 10 not found, 5 connection trouble, 9 the target
hung up, 4 after ``no_answer_timeout``) followed by ``CallStatus`` off hold.

After ``TransferSucceed``:

* blind (``Transfer``): the call has left the operator — ``CallStatus`` ended, ``OnClose``,
  ``UserState``;
* consultation (``ConsultationTransfer``): the operator talks to the consultant while the
  customer stays on hold; ``Hangup`` of the customer call completes the transfer
  (``CallStatus`` ended, ``OnClose``, ``UserState``, no wrap-up);
* conference (``ConferenceTransfer``): customer, operator and consultant talk together
  (nobody on hold); ``FinishConferenceTransfer`` (or ``Hangup``) makes the operator leave:
  ``Ok``, ``UserState``, ``OnClose`` — the call goes on without them;
* with return (``TransferWithCallBack``): the consultant keeps the call for
  ``callback_return`` seconds, then ``TransferCallReturned`` and ``CallStatus`` off hold
  bring it back to the operator.

``BreakTransfer`` cancels at any point: ``Ok``, ``TransferFailed {8}`` if the target had
not answered yet, ``TransferCallReturned``, ``CallStatus`` off hold. ``FinishConference
Transfer`` before the consultant answered sends ``TransferSucceed`` first on a SoftPhone
(the operator leaves, the consultant's leg keeps ringing); on a WebPhone it ends the
session for the operator and the customer (§3.23): ``TransferFailed {8}``, ``CallStatus``
ended, ``UserState``, ``OnClose``. A customer hanging up during a pending transfer yields
``TransferFailed {9}``; the operator hanging up, ``TransferFailed {8}``. A second transfer
while one runs on the call is refused with ``Error``; so is any transfer of an ended call, a
consultation/conference/return transfer of a call that is not connected, and a call in a
conference. A blind transfer of a ringing incoming call is allowed (``wasConnected`` false).

The consultant's leg is not modelled as a call of its own: the API reports transfers on the
customer's ``cid`` only.
"""

from __future__ import annotations

from collections.abc import Callable

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.naumen.context import Ctx, Registry
from agent_toolbar.simulators.naumen.data import Behaviour, resolve_target, transfer_status
from agent_toolbar.simulators.naumen.model import SimCall, SimError, SimOperator, SimTransfer
from agent_toolbar.simulators.naumen.world import World

__all__ = ["HANDLERS", "KINDS", "hangup_in_transfer"]

registry = Registry()
#: Handlers of the transfer commands, by command class.
HANDLERS = registry.handlers
#: Transfer kind of each transfer command.
KINDS: dict[type[m.Message], str] = {
    m.Transfer: "blind",
    m.ConsultationTransfer: "consultation",
    m.ConferenceTransfer: "conference",
    m.TransferWithCallBack: "callback",
}
#: Status of a transfer cancelled by ``BreakTransfer`` (table 4.1).
BREAK_STATUS = "8"

_TransferCommand = m.Transfer | m.ConsultationTransfer | m.ConferenceTransfer
_AnyTransfer = _TransferCommand | m.TransferWithCallBack


@registry.handles(*KINDS)
def start_transfer(ctx: Ctx, msg: _AnyTransfer) -> None:
    """Start a transfer of any kind."""
    world, op = ctx.world, ctx.op
    call = ctx.call(msg.cid)
    kind = KINDS[type(msg)]
    if call.transfer is not None:
        raise SimError(f"a {call.transfer.kind} transfer of this call is already in progress")
    if call.state == "ended":
        raise SimError("the call has ended")
    if call.state == "new" and (kind != "blind" or call.direction != "in"):
        raise SimError(f"a {kind} transfer needs a connected call")
    if call.conf_id is not None:
        raise SimError(f"the call is in conference {call.conf_id}")
    target = resolve_target(msg.phone_number)
    ctx.ok()
    was_connected = call.state == "connected"
    transfer = SimTransfer(kind, target.address, target.behaviour, target.label, was_connected)
    call.transfer = transfer
    world.emit(op, m.OnTransferCall(login=op.login, cid=call.cid, was_connected=was_connected))
    if kind != "conference":
        if was_connected and not call.hold:
            call.hold = transfer.held = True
        world.emit_status(op, call)
    status = transfer_status(target.behaviour)
    if target.behaviour in (Behaviour.EMPTY, Behaviour.BAD_FORMAT) and status is not None:
        _fail(world, op, call, transfer, status)
    elif target.behaviour is Behaviour.ANSWER:
        _later(world, transfer, world.timings.far_side_delay, lambda: _succeed(world, op, call))
    elif status is not None:
        delay = world.timings.far_side_delay
        if target.behaviour is Behaviour.NO_ANSWER:
            delay = world.timings.no_answer_timeout
        _later(world, transfer, delay, lambda: _fail(world, op, call, transfer, status))


def _later(world: World, transfer: SimTransfer, delay: float, step: Callable[[], None]) -> None:
    transfer.timers.append(world.schedule(delay, step))


def _current(op: SimOperator, call: SimCall, transfer: SimTransfer) -> bool:
    return op.calls.get(call.cid) is call and call.transfer is transfer


def _fail(world: World, op: SimOperator, call: SimCall, transfer: SimTransfer, status: str) -> None:
    if not _current(op, call, transfer):
        return
    transfer.cancel_timers()
    call.transfer = None
    world.emit(op, m.TransferFailed(login=op.login, cid=call.cid, status=status))
    if transfer.held:
        call.hold = False
        world.emit_status(op, call)


def _succeed(world: World, op: SimOperator, call: SimCall) -> None:
    transfer = call.transfer
    if transfer is None or op.calls.get(call.cid) is not call:
        return
    transfer.succeeded = True
    world.emit(op, m.TransferSucceed(login=op.login, cid=call.cid))
    if transfer.kind == "blind":
        _leave(world, op, call)
    elif transfer.kind == "callback":
        _later(world, transfer, world.timings.callback_return, lambda: _return(world, op, call))


def _return(world: World, op: SimOperator, call: SimCall) -> None:
    transfer = call.transfer
    if transfer is None or not _current(op, call, transfer):
        return
    transfer.cancel_timers()
    call.transfer = None
    world.emit(op, m.TransferCallReturned(login=op.login, cid=call.cid))
    if transfer.held or call.hold:
        call.hold = False
        world.emit_status(op, call)
        world.set_current(op, call.cid)


def _leave(world: World, op: SimOperator, call: SimCall) -> None:
    """The customer now belongs to the target: the operator's call ends without wrap-up."""
    call.cancel_timers()
    call.transfer = None
    call.state = "ended"
    call.hold = False
    call.hangup_time = world.now_ms()
    world.emit_status(op, call)
    world.close(op, call)


@registry.handles(m.BreakTransfer)
def break_transfer(ctx: Ctx, msg: m.BreakTransfer) -> None:
    """Cancel the call's transfer and take the customer back."""
    call = ctx.call(msg.cid)
    transfer = call.transfer
    if transfer is None:
        raise SimError("no transfer of this call is in progress")
    ctx.ok()
    world, op = ctx.world, ctx.op
    transfer.cancel_timers()
    if not transfer.succeeded:
        world.emit(op, m.TransferFailed(login=op.login, cid=call.cid, status=BREAK_STATUS))
    call.transfer = transfer
    _return(world, op, call)


@registry.handles(m.FinishConferenceTransfer)
def finish_conference_transfer(ctx: Ctx, msg: m.FinishConferenceTransfer) -> None:
    """The operator leaves a conference transfer (§3.23)."""
    call = ctx.call(msg.cid)
    transfer = call.transfer
    if transfer is None or transfer.kind != "conference":
        raise SimError("no conference transfer of this call is in progress")
    ctx.ok()
    world, op = ctx.world, ctx.op
    transfer.cancel_timers()
    call.transfer = None
    if transfer.succeeded or not op.webphone:
        if not transfer.succeeded:
            world.emit(op, m.TransferSucceed(login=op.login, cid=call.cid))
        world.close(op, call, state_first=True)
        return
    world.emit(op, m.TransferFailed(login=op.login, cid=call.cid, status=BREAK_STATUS))
    call.cancel_timers()
    call.state = "ended"
    call.hangup_time = world.now_ms()
    world.emit_status(op, call)
    world.close(op, call, state_first=True)


def hangup_in_transfer(world: World, op: SimOperator, call: SimCall) -> bool:
    """Complete a succeeded transfer when the operator hangs up (after ``Ok``).

    Returns whether the hang-up was handled; a transfer still pending is left to
    :meth:`World.end`, which reports it failed (status 8) before the usual hang-up.
    """
    transfer = call.transfer
    if transfer is None or not transfer.succeeded:
        return False
    transfer.cancel_timers()
    call.transfer = None
    if transfer.kind == "conference":
        world.close(op, call, state_first=True)
    else:
        _leave(world, op, call)
    return True
