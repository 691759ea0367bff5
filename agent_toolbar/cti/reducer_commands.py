"""The reducer's part for commands and messages: intent life cycle, queued state, notices.

A command is tracked from :class:`~agent_toolbar.cti.events.IntentIssued` (SENT) to its
final stage. ``state.inflight`` holds the (cid, action) pairs not final yet (the allowed
actions refuse a repeat); ``state.commands`` holds their :class:`CommandProgress` for the
card. A command whose acceptance proves nothing (``IntentSettled.accepted`` set) stays
ACCEPTED or QUEUED until :class:`~agent_toolbar.cti.events.IntentProgressed` confirms,
fails or expires it; a failure lands on the call's card (``Call.error``) or the state
selector (``state_error``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.model import (
    CommandProgress,
    NoticeItem,
    NoticeKind,
    SecureMode,
    SessionState,
    StateChoice,
    Transfer,
    TransferPhase,
)
from agent_toolbar.cti.outcomes import CommandFailure, FailureReason, IntentStage
from agent_toolbar.cti.reducer_util import frozen, update_call

__all__ = ["HANDLERS", "NOTICES_KEPT"]

#: How many notices the state keeps (the newest last).
NOTICES_KEPT = 20


def _key(intent: it.Intent) -> tuple[str, str]:
    return intent.call_id, intent.action


def _with_command(state: SessionState, progress: CommandProgress | None, key: Any) -> Any:
    commands = dict(state.commands)
    if progress is None:
        commands.pop(key, None)
    else:
        commands[key] = progress
    return frozen(commands)


def _issued(state: SessionState, event: ev.IntentIssued) -> SessionState:
    intent = event.intent
    cid = intent.call_id
    key = _key(intent)
    progress = CommandProgress(cid, intent.action, IntentStage.SENT, since=event.at)
    state = replace(
        state, inflight=state.inflight | {key}, commands=_with_command(state, progress, key)
    )
    if cid:
        state = update_call(state, cid, error=None)
    if isinstance(intent, it.TransferCall):
        return update_call(
            state,
            cid,
            transfer=Transfer(
                phase=TransferPhase.REQUESTED,
                kind=intent.kind,
                target=intent.target,
                since=event.at,
            ),
        )
    if isinstance(intent, it.SetSecureMode):
        mode = SecureMode.TURNING_ON if intent.enable else SecureMode.TURNING_OFF
        return update_call(state, cid, secure=mode, secure_error=None)
    if isinstance(intent, it.ChangeState):
        choice = StateChoice(intent.state, intent.reason)
        return replace(state, pending_state=choice, state_error=None)
    return state


def _settled(state: SessionState, event: ev.IntentSettled) -> SessionState:
    intent = event.intent
    key = _key(intent)
    if event.error is None and event.accepted is not None:
        accepted = event.accepted
        stage = IntentStage.QUEUED if accepted.queued else IntentStage.ACCEPTED
        progress = CommandProgress(
            key[0],
            key[1],
            stage,
            since=event.at,
            expires_at=event.at + accepted.confirm_within,
        )
        return replace(state, commands=_with_command(state, progress, key))
    state = replace(
        state, inflight=state.inflight - {key}, commands=_with_command(state, None, key)
    )
    if event.error is None:
        return state
    return _failed(state, intent, event.error)


def _progressed(state: SessionState, event: ev.IntentProgressed) -> SessionState:
    key = _key(event.intent)
    if key not in state.commands:
        return state  # already final (or from before a reconnect)
    if not event.stage.final:
        current = state.commands[key]
        progress = replace(current, stage=event.stage, since=event.at)
        return replace(state, commands=_with_command(state, progress, key))
    state = replace(
        state, inflight=state.inflight - {key}, commands=_with_command(state, None, key)
    )
    if event.stage is IntentStage.CONFIRMED:
        if isinstance(event.intent, it.ChangeState):
            return replace(state, pending_state=None)
        return state
    reason = FailureReason.EXPIRED if event.stage is IntentStage.EXPIRED else FailureReason.ERROR
    return _failed(state, event.intent, event.failure or CommandFailure(reason))


def _failed(state: SessionState, intent: it.Intent, failure: CommandFailure) -> SessionState:
    if isinstance(intent, it.ChangeState):
        return replace(state, pending_state=None, state_error=failure)
    cid = intent.call_id
    call = state.calls.get(cid) if cid else None
    if call is None:
        return state
    changes: dict[str, Any] = {"error": failure}
    transfer = call.transfer
    if (
        isinstance(intent, it.TransferCall)
        and transfer
        and transfer.phase is TransferPhase.REQUESTED
    ):
        changes["transfer"] = None
    if isinstance(intent, it.SetSecureMode):
        if call.secure is SecureMode.TURNING_ON:
            changes["secure"] = SecureMode.OFF
        elif call.secure is SecureMode.TURNING_OFF:
            changes["secure"] = SecureMode.ON
    return update_call(state, cid, **changes)


def _next_state(state: SessionState, event: ev.NextStateQueued) -> SessionState:
    return replace(state, next_state=event.choice)


def _dismiss(state: SessionState, event: ev.CallErrorDismissed) -> SessionState:
    return update_call(state, event.cid, error=None, notice=None)


def _notice(state: SessionState, event: ev.Notice) -> SessionState:
    if not event.text.strip():
        return state
    item = NoticeItem(event.kind, event.text, cid=event.cid, sender=event.sender, at=event.at)
    state = replace(state, notices=(*state.notices, item)[-NOTICES_KEPT:])
    if event.kind is NoticeKind.VENDOR and event.cid in state.calls:
        state = update_call(state, event.cid, notice=item)
    return state


def _identified(state: SessionState, event: ev.OperatorIdentified) -> SessionState:
    return replace(state, identity=event.identity)


def _server(state: SessionState, event: ev.ServerIdentified) -> SessionState:
    return state if state.server == event.info else replace(state, server=event.info)


HANDLERS: dict[type[ev.DomainEvent], Callable[[SessionState, Any], SessionState]] = {
    ev.IntentIssued: _issued,
    ev.IntentSettled: _settled,
    ev.IntentProgressed: _progressed,
    ev.NextStateQueued: _next_state,
    ev.CallErrorDismissed: _dismiss,
    ev.Notice: _notice,
    ev.OperatorIdentified: _identified,
    ev.ServerIdentified: _server,
}
