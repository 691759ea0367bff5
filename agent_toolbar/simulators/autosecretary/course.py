"""The course of a call: the specification's events in order, bent by the CRM's instructions.

ServiceType 1, 3 and 4 (the specification describes no difference between them):
``CallAccepted`` → ``CallAnswered`` → ``HelloMessage`` → (``RunIVR`` → ``DTMF``) → per
destination ``GoToTransfer`` (``GoToShortTransfer`` for a short number) →
``SubscriberFreeReceived`` → ``PrepareToConnect`` → ``Transfer`` (``ShortTransfer``) with its
``Result``; on ``1280`` the operator is connected (``RecStart`` when recording) and the polls
begin; then ``OperatorTransfer`` / ``BDropped`` / ``RecStop`` as they happen, and ``EndCall``
with who ended it. A fax call: ``CallAccepted`` → ``CallAnswered`` → ``FaxTone`` or ``T38`` →
``EndCall``. ServiceType 2 sends only ``CallAccepted``, ``CallAnswered``, ``GoToTransfer``,
``Transfer`` and ``EndCall``, substitutes ``AN`` after ``CallAccepted``, reads only
``CallAccepted``'s answer (``TransferDN`` changes ``DN1``) and acts only on ``TransferPBX`` and
``BackFromConsultCall`` from polls.

Readings of the instructions (the specification names the actions, not their effects):

* before the operator: a transfer action (``TransferDN``/``…Rec``, ``TransferPBX``/``…Rec``,
  ``TransferEXT``) replaces the destinations and the call goes straight to dialling it (what is
  left of the greeting and the menu is skipped); in the answer to ``PrepareToConnect`` it drops
  the attempt under way, whose ``Transfer`` event is then never sent;
* after the operator: a transfer action is a consultation (``консалт``): ``GoToTransfer``
  with ``DN1 = Param`` (``GoToShortTransfer`` with ``EXT1``), then ``Transfer`` with the chosen
  ``Result``; ``BackFromConsultCall`` ends a connected consultation and restores ``DN1``;
* ``Hangup`` ends the call with ``EndCall`` ``Result`` 0; ``PlayPrompt`` plays the file and
  ends the call the same way (unlike ``PlayPromptAndBack``, which "continues");
* ``PlayPromptToOperator`` / ``IgnorePromptToOperator`` count only in the answer to
  ``PrepareToConnect``; ``PlayMenuBlock`` in the answer to ``BDropped`` runs the rating menu
  (the caller's digit arrives as ``DTMF``, then the caller hangs up: ``EndCall`` ``Result``
  1), elsewhere it is played and the call goes on;
* an action that has no meaning where it arrives is ignored and noted in the record.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from agent_toolbar.simulators.autosecretary.call import PlatformCall
from agent_toolbar.simulators.autosecretary.wire import (
    OUTGOING_GET_ACTIONS,
    TRANSFER_CONNECTED,
    TRANSFER_NO_ANSWER,
    Action,
    EndSide,
    EventType,
    Instruction,
)

#: A CRM answering every PrepareToConnect with a new transfer would loop forever.
MAX_REROUTES = 8

TRANSFERS = {
    Action.TRANSFER_DN: False,
    Action.TRANSFER_PBX: False,
    Action.TRANSFER_DN_REC: True,
    Action.TRANSFER_PBX_REC: True,
}


class Next(Enum):
    """Where the course goes after a step."""

    GO = "go"
    ROUTED = "routed"
    ENDED = "ended"


@dataclass(frozen=True)
class Target:
    """A destination: a full number (``DN1``) or a short one (``EXT1``)."""

    kind: Literal["dn", "ext"]
    number: str
    record: bool = False

    @property
    def events(self) -> tuple[EventType, EventType, str]:
        """The start event, the result event and the field naming the number."""
        if self.kind == "ext":
            return EventType.GO_TO_SHORT_TRANSFER, EventType.SHORT_TRANSFER, "EXT1"
        return EventType.GO_TO_TRANSFER, EventType.TRANSFER, "DN1"


def _target(instruction: Instruction) -> Target | None:
    if instruction.action == Action.TRANSFER_EXT:
        return Target("ext", instruction.param)
    if instruction.action in TRANSFERS:
        return Target("dn", instruction.param, TRANSFERS[instruction.action])
    return None


async def run(call: PlatformCall) -> None:
    """Play the call's whole course; the call is over when this returns."""
    try:
        script = call.script
        if script.ext and not call.outgoing:
            targets = [Target("ext", script.ext)]
        else:
            targets = [Target("dn", number) for number in script.dn]
        sequence = [EventType.CALL_ACCEPTED, EventType.CALL_ANSWERED]
        if not call.outgoing and script.fax is None:
            sequence += [EventType.HELLO_MESSAGE] if script.hello else []
            sequence += [EventType.RUN_IVR, EventType.DTMF] if script.ivr_digits else []
        if targets:
            # The scenario's destination is known from CallAccepted on (the seed says so for
            # ServiceType 2: "первоначально пришедший DN"); later events name the one tried.
            call.fields[targets[0].events[2]] = targets[0].number
        for event in sequence:
            values = {"DTMF": script.ivr_digits} if event == EventType.DTMF else {}
            step, targets = await _step(call, event, targets, values)
            if step is Next.ENDED:
                return
            if step is Next.ROUTED:
                break
            if call.outgoing and event == EventType.CALL_ACCEPTED:
                call.fields["AN"] = script.an_out or script.an
        else:
            if script.fax is not None:
                await call.post_event(script.fax)
                await call.end(EndSide.DEFAULT)
                return
        if await _dial(call, targets):
            await _talk(call)
    except Exception as error:  # kept for ended() to raise: a course must never fail silently
        call.failure = error
    finally:
        await call.stop_polling()
        call.finish()


def _gone(call: PlatformCall, event: EventType) -> bool:
    if call.script.caller_hangs_up_at == event:
        call.caller_gone = True
    return call.caller_gone


async def _step(
    call: PlatformCall, event: EventType, targets: list[Target], values: dict[str, str]
) -> tuple[Next, list[Target]]:
    instruction = await call.post_event(event, **values)
    step = Next.GO
    if instruction is not None:
        step, targets = await _act_before(call, event, instruction, targets)
    if step is not Next.ENDED and _gone(call, event):
        await call.end(EndSide.CALLER)
        return Next.ENDED, targets
    return step, targets


async def _act_before(
    call: PlatformCall, event: EventType, instruction: Instruction, targets: list[Target]
) -> tuple[Next, list[Target]]:
    action, param = instruction.action, instruction.param
    assert action is not None
    call.record.instructions.append((f"POST {event.name}", instruction))
    note = call.record.actions.append
    if call.outgoing:
        if event == EventType.CALL_ACCEPTED and action == Action.TRANSFER_DN:
            note(f"routed DN1={param}")
            return Next.ROUTED, [Target("dn", param)]
        note(f"ignored {action.name}: ServiceType 2 takes only TransferDN here")
        return Next.GO, targets
    target = _target(instruction)
    if target is not None:
        note(f"routed {target.events[2]}={param}" + (" with recording" if target.record else ""))
        return Next.ROUTED, [target]
    if action in (Action.HANGUP, Action.PLAY_PROMPT):
        if action == Action.PLAY_PROMPT:
            note(f"played prompt {param} to the caller")
        await call.end(EndSide.DEFAULT)
        return Next.ENDED, targets
    if action in (Action.PLAY_PROMPT_AND_BACK, Action.PLAY_MENU_BLOCK):
        note(f"played {'menu' if action == Action.PLAY_MENU_BLOCK else 'prompt'} {param}")
    elif event == EventType.PREPARE_TO_CONNECT and action == Action.PLAY_PROMPT_TO_OPERATOR:
        note(f"played prompt {param} to the operator")
    elif event == EventType.PREPARE_TO_CONNECT and action == Action.IGNORE_PROMPT_TO_OPERATOR:
        note("no prompt to the operator")
    else:
        note(f"ignored {action.name} in the answer to {event.name}")
    return Next.GO, targets


async def _dial(call: PlatformCall, targets: list[Target]) -> bool:
    """Try the destinations in turn; True once the operator is connected."""
    index, reroutes = 0, 0
    while index < len(targets):
        target = targets[index]
        start, result_event, key = target.events
        call.fields[key] = target.number
        await call.post_event(start)
        if _gone(call, start):
            await call.end(EndSide.CALLER_WHILE_DIALLING)
            return False
        result = call.next_transfer_result()
        found = result in (TRANSFER_CONNECTED, TRANSFER_NO_ANSWER)
        if not call.outgoing and call.script.subscriber_free and found:
            await call.post_event(EventType.SUBSCRIBER_FREE_RECEIVED)
            if _gone(call, EventType.SUBSCRIBER_FREE_RECEIVED):
                await call.end(EndSide.CALLER_WHILE_DIALLING)
                return False
        connected = call.transfer_connected(result)
        if connected and not call.outgoing and call.script.notify_operator:
            step, routed = await _step(call, EventType.PREPARE_TO_CONNECT, targets, {})
            if step is Next.ENDED:
                return False
            if step is Next.ROUTED and reroutes < MAX_REROUTES:
                reroutes += 1
                targets, index = routed, 0
                continue
            if step is Next.ROUTED:
                call.record.actions.append(f"ignored a transfer after {MAX_REROUTES} reroutes")
        await call.post_event(result_event, Result=result)
        if connected:
            if not call.outgoing and (target.record or call.script.record):
                await _record(call)
            call.connect()
            return True
        index += 1
    await call.end(EndSide.NO_DESTINATIONS)
    return False


async def _record(call: PlatformCall) -> None:
    if not call.recording:
        call.recording = True
        await call.post_event(EventType.REC_START)


async def _talk(call: PlatformCall) -> None:
    """The conversation: act on commands and instructions until the call ends."""
    timer: asyncio.Task[None] | None = None
    if call.script.talk is not None:
        timer = asyncio.create_task(_hang_up_after(call, call.script.talk))
    try:
        while True:
            kind, value = await call.commands.get()
            if kind == "caller":
                await call.end(EndSide.CALLER)
                return
            if kind == "operator":
                await _operator_drops(call)
                return
            if kind == "transfer":
                await _operator_transfer(call, str(value))
            elif isinstance(value, Instruction) and await _act_after(call, value):
                return
    finally:
        if timer is not None:
            timer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await timer


async def _hang_up_after(call: PlatformCall, seconds: float) -> None:
    await call.sleep(seconds)
    call.caller_hangs_up()


async def _operator_drops(call: PlatformCall) -> None:
    if call.outgoing:
        await call.end(EndSide.CALLED)
        return
    instruction = await call.post_event(EventType.B_DROPPED)
    if instruction is not None:
        call.record.instructions.append(("POST B_DROPPED", instruction))
        if instruction.action == Action.PLAY_MENU_BLOCK:
            call.record.actions.append(f"played rating menu {instruction.param}")
            await call.post_event(EventType.DTMF, DTMF=call.script.rating_digit)
            await call.end(EndSide.CALLER)
            return
        call.record.actions.append(f"ignored {instruction.action} in the answer to B_DROPPED")
    await call.end(EndSide.CALLED)


async def _operator_transfer(call: PlatformCall, ext: str) -> None:
    if call.outgoing:
        call.record.actions.append("ignored an operator transfer: ServiceType 2")
        return
    call.fields["EXT2"] = ext
    await call.post_event(EventType.OPERATOR_TRANSFER)
    result = call.next_transfer_result()
    await call.post_event(EventType.SHORT_TRANSFER, Result=result)
    call.record.actions.append(f"operator transfer EXT2={ext} Result={result}")


async def _act_after(call: PlatformCall, instruction: Instruction) -> bool:
    """Act on a polled instruction; True when it ended the call."""
    action, param = instruction.action, instruction.param
    assert action is not None
    call.record.instructions.append(("GET", instruction))
    note = call.record.actions.append
    if call.outgoing and action not in OUTGOING_GET_ACTIONS:
        note(f"ignored {action.name}: ServiceType 2 polls take TransferPBX, BackFromConsultCall")
        return False
    target = _target(instruction)
    if target is not None:
        await _consult(call, target)
        return False
    if action in (Action.HANGUP, Action.PLAY_PROMPT):
        if action == Action.PLAY_PROMPT:
            note(f"played prompt {param} to the caller")
        await call.end(EndSide.DEFAULT)
        return True
    if action in (Action.PLAY_PROMPT_AND_BACK, Action.PLAY_MENU_BLOCK):
        note(f"played {'menu' if action == Action.PLAY_MENU_BLOCK else 'prompt'} {param}")
    elif action == Action.BACK_FROM_CONSULT_CALL and call.consult is not None:
        key, previous = call.consult
        call.fields[key] = previous
        call.consult = None
        note(f"back from the consultation to {key}={previous}")
    else:
        note(f"ignored {action.name} after the operator was connected")
    return False


async def _consult(call: PlatformCall, target: Target) -> None:
    start, result_event, key = target.events
    previous = call.fields.get(key, "")
    call.fields[key] = target.number
    await call.post_event(start)
    result = call.next_transfer_result()
    await call.post_event(result_event, Result=result)
    if call.transfer_connected(result):
        call.consult = (key, previous)
        call.record.actions.append(f"consultation {key}={target.number} connected")
        if target.record and not call.outgoing:
            await _record(call)
    else:
        call.fields[key] = previous
        call.record.actions.append(f"consultation {key}={target.number} failed: Result={result}")
