"""The pure reducer: ``reduce(state, event) -> state``.

Rules that make out-of-order delivery converge (the API guarantees delivery order only):

* a status report for an unknown ``cid`` creates the call (``CallStatus`` before
  ``NewCall``);
* a call never moves backwards (``ended`` before ``connected`` stays ended) except when a
  snapshot or a returned transfer says so;
* reports about a call that was already closed are ignored (a late ``CallStatus`` after
  ``OnClose`` must not resurrect a card);
* parameters for a call not seen yet are kept and applied when it appears;
* a snapshot (``Calls``, ``Conferences``) is the truth: what it does not list is gone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any

from agent_toolbar.cti import events as ev
from agent_toolbar.cti import reducer_commands as rc
from agent_toolbar.cti import reducer_texts as rt
from agent_toolbar.cti.connection import LinkState
from agent_toolbar.cti.model import (
    AgentState,
    Call,
    CallState,
    Conference,
    Direction,
    SecureMode,
    SessionState,
    TopState,
    Transfer,
    TransferPhase,
)
from agent_toolbar.cti.outcomes import CallOutcome, EndResult
from agent_toolbar.cti.reducer_util import frozen as _frozen
from agent_toolbar.cti.reducer_util import update_call as _update_call

_RANK = {CallState.NEW: 0, CallState.CONNECTED: 1, CallState.ENDED: 2}
_TOMBSTONES = 256
_ORPHANS = 64


def reduce(state: SessionState, event: ev.DomainEvent) -> SessionState:
    """Apply one domain event and return the new state (never mutates ``state``)."""
    handler = _HANDLERS.get(type(event))
    if handler is None:
        return state
    new = handler(state, event)
    return state if new is state else replace(new, seq=state.seq + 1)


# --------------------------------------------------------------------------- connection


def _connection(state: SessionState, event: ev.ConnectionChanged) -> SessionState:
    up = event.status.state is LinkState.CONNECTED
    return replace(
        state,
        connection=event.status,
        synced=state.synced and up,
        inflight=state.inflight if up else frozenset(),
        commands=state.commands if up else _frozen({}),
        pending_state=state.pending_state if up else None,
    )


def _capabilities(state: SessionState, event: ev.CapabilitiesChanged) -> SessionState:
    return replace(state, capabilities=event.capabilities)


# --------------------------------------------------------------------------- agent state


def _agent(state: SessionState, event: ev.AgentStateReported) -> SessionState:
    old = state.agent
    top = event.top or ev.top_of(event.display.kind)
    display = event.display
    if not display.since:  # the backend does not track it: keep the start while it stays
        same = (old.display.kind, old.display.channel) == (display.kind, display.channel)
        # A state entered now starts at the server's transition time when the backend gave
        # a plausible one (already on the local clock): a restart does not reset the timer.
        entered = _server_since(event.server_time, event.at)
        display = replace(display, since=old.display.since if same else entered)
    agent = AgentState(
        top=top,
        reason=event.reason,
        server_time=event.server_time,
        display=display,
        detail=event.detail,
    )
    synced = state.synced or (event.snapshot and top is TopState.OFFLINE)
    return replace(state, agent=agent, pending_state=None, synced=synced)


# --------------------------------------------------------------------------- calls


def _merge_call(
    old: Call | None, info: ev.CallInfo, at: float, order: int, authoritative: bool
) -> Call:
    call = old or Call(cid=info.cid, state=CallState.NEW, seen_at=at, state_since=at, order=order)
    changes: dict[str, Any] = {}
    if info.state is not None:
        target = _call_state(info.state, call.state)
        returned = call.transfer is not None and call.transfer.phase is TransferPhase.RETURNED
        forward = _RANK[target] > _RANK[call.state]
        moved = target is not call.state and (forward or authoritative or returned)
        if old is None or moved:
            changes["state"] = target
            changes["state_since"] = _call_since(target, info, at)
    if info.direction is not None:
        changes["direction"] = _direction(info.direction)
    if info.kind is not None:
        changes["kind"] = info.kind
    if info.media is not None:
        changes["media"] = info.media
    if info.hold is not None and info.hold != call.hold:
        changes["hold"] = info.hold
        changes["hold_since"] = at if info.hold else None
    for attr in ("muted", "display_name", "created_at", "answered_at", "hung_up_at", "outcome"):
        value = getattr(info, attr)
        if value is not None:
            changes[attr] = value
    if info.params is not None:
        changes["params"] = _frozen({**call.params, **info.params})
        changes["params_known"] = True
    if info.local_params is not None:
        changes["local_params"] = _frozen({**call.local_params, **info.local_params})
    new = replace(call, **changes) if changes else call
    if not new.answered and (new.state is CallState.CONNECTED or new.answered_at is not None):
        new = replace(new, answered=True)
    transfer = new.transfer
    if new.state is CallState.ENDED and transfer and transfer.phase is TransferPhase.SUCCEEDED:
        new = replace(new, transfer=replace(transfer, phase=TransferPhase.COMPLETED))
    return new


def _server_since(server: float | None, at: float) -> float:
    """The server's time of a transition when it is usable (not after ``at``), else ``at``."""
    return server if server is not None and server <= at else at


def _call_since(target: CallState, info: ev.CallInfo, at: float) -> float:
    """When the call entered ``target``: the server's creation/answer/hang-up time if known."""
    server = {
        CallState.NEW: info.created_at,
        CallState.CONNECTED: info.answered_at,
        CallState.ENDED: info.hung_up_at,
    }.get(target)
    return _server_since(server, at)


def _call_state(text: CallState | str, fallback: CallState) -> CallState:
    if isinstance(text, CallState):
        return text
    try:
        return CallState(text.strip().lower())
    except ValueError:
        return fallback


def _direction(text: Direction | str) -> Direction:
    if isinstance(text, Direction):
        return text
    try:
        return Direction(text.strip().lower())
    except ValueError:
        return Direction.UNKNOWN


def _adopt_orphan(state: SessionState, call: Call) -> tuple[Call, Mapping[str, Mapping[str, str]]]:
    pending = state.orphan_params.get(call.cid)
    if pending is None:
        return call, state.orphan_params
    rest = {k: v for k, v in state.orphan_params.items() if k != call.cid}
    adopted = replace(call, params=_frozen({**pending, **call.params}), params_known=True)
    return adopted, _frozen(rest)


def _tombstones(existing: tuple[str, ...], gone: Iterable[str]) -> tuple[str, ...]:
    merged = (*existing, *(cid for cid in gone if cid not in existing))
    return merged[-_TOMBSTONES:]


def _call_reported(state: SessionState, event: ev.CallReported) -> SessionState:
    info = event.call
    if info.cid in state.closed_cids:
        return state
    old = state.calls.get(info.cid)
    call = _merge_call(old, info, event.at, state.seq, authoritative=False)
    orphans = state.orphan_params
    if old is None:
        call, orphans = _adopt_orphan(state, call)
    calls = {**state.calls, info.cid: call}
    return replace(state, calls=_frozen(calls), orphan_params=orphans)


def _calls_snapshot(state: SessionState, event: ev.CallsSnapshot) -> SessionState:
    calls: dict[str, Call] = {}
    orphans = state.orphan_params
    for index, info in enumerate(event.calls):
        old = state.calls.get(info.cid)
        call = _merge_call(old, info, event.at, state.seq + index, authoritative=True)
        if old is None:
            call, orphans = _adopt_orphan(replace(state, orphan_params=orphans), call)
        calls[info.cid] = call
    ordered = dict(sorted(calls.items(), key=lambda item: item[1].order))
    gone = [cid for cid in state.calls if cid not in ordered]
    closed = tuple(c for c in _tombstones(state.closed_cids, gone) if c not in ordered)
    return replace(
        state,
        calls=_frozen(ordered),
        active_cid=state.active_cid if state.active_cid in ordered else None,
        synced=True,
        closed_cids=closed,
        orphan_params=orphans,
    )


def _params(state: SessionState, event: ev.CallParamsReported) -> SessionState:
    call = state.calls.get(event.cid)
    if call is None:
        if event.cid in state.closed_cids:
            return state
        pending = {**state.orphan_params.get(event.cid, {}), **event.params}
        orphans = dict(state.orphan_params)
        orphans[event.cid] = _frozen(pending)
        trimmed = dict(list(orphans.items())[-_ORPHANS:])
        return replace(state, orphan_params=_frozen(trimmed))
    merged = _frozen({**call.params, **event.params})
    return _update_call(state, event.cid, params=merged, params_known=True)


def _local_params(state: SessionState, event: ev.LocalParamsReported) -> SessionState:
    call = state.calls.get(event.cid)
    if call is None:
        return state
    merged = _frozen({**call.local_params, **event.params})
    return _update_call(state, event.cid, local_params=merged)


def _closed(state: SessionState, event: ev.CallClosed) -> SessionState:
    if event.cid not in state.calls and event.cid in state.closed_cids:
        return state
    calls = {k: v for k, v in state.calls.items() if k != event.cid}
    return replace(
        state,
        calls=_frozen(calls),
        active_cid=None if state.active_cid == event.cid else state.active_cid,
        closed_cids=_tombstones(state.closed_cids, [event.cid]),
        inflight=frozenset(i for i in state.inflight if i[0] != event.cid),
    )


def _finished(state: SessionState, event: ev.CallFinished) -> SessionState:
    call = state.calls.get(event.cid)
    if call is None:
        return state
    since = event.at if call.state is not CallState.ENDED else call.state_since
    outcome = event.outcome or call.outcome
    state = _update_call(
        state, event.cid, state=CallState.ENDED, state_since=since, outcome=outcome
    )
    return _closed(state, ev.CallClosed(cid=event.cid, at=event.at))


def _expired(state: SessionState, event: ev.CallsExpired) -> SessionState:
    cids = tuple(state.calls) if event.cids is None else event.cids
    lost = CallOutcome(EndResult.UNKNOWN)
    for cid in cids:
        call = state.calls.get(cid)
        if call is not None:
            state = _update_call(state, cid, outcome=call.outcome or lost)
            state = _closed(state, ev.CallClosed(cid=cid, at=event.at))
    return state


def _active(state: SessionState, event: ev.ActiveCallChanged) -> SessionState:
    return replace(state, active_cid=event.cid or None)


# --------------------------------------------------------------------------- conferences


def _conference(old: Conference | None, info: ev.ConferenceInfo, at: float) -> Conference:
    return Conference(
        conf_id=info.conf_id,
        display_name=info.display_name,
        calls=info.calls,
        operator_in=info.operator_in,
        since=old.since if old else at,
    )


def _conference_reported(state: SessionState, event: ev.ConferenceReported) -> SessionState:
    info = event.conference
    conf = _conference(state.conferences.get(info.conf_id), info, event.at)
    return replace(state, conferences=_frozen({**state.conferences, info.conf_id: conf}))


def _conferences_snapshot(state: SessionState, event: ev.ConferencesSnapshot) -> SessionState:
    confs = {
        c.conf_id: _conference(state.conferences.get(c.conf_id), c, event.at)
        for c in event.conferences
    }
    return replace(state, conferences=_frozen(confs))


def _conference_closed(state: SessionState, event: ev.ConferenceClosed) -> SessionState:
    if event.conf_id not in state.conferences:
        return state
    confs = {k: v for k, v in state.conferences.items() if k != event.conf_id}
    return replace(state, conferences=_frozen(confs))


# --------------------------------------------------------------------------- transfers


def _set_transfer(state: SessionState, cid: str, at: float, **changes: Any) -> SessionState:
    call = state.calls.get(cid)
    if call is None:
        return state
    current = call.transfer or Transfer(phase=TransferPhase.STARTED, since=at)
    return _update_call(state, cid, transfer=replace(current, since=at, **changes))


def _transfer_started(state: SessionState, event: ev.TransferStarted) -> SessionState:
    call = state.calls.get(event.cid)
    keep = call is not None and call.transfer is not None and call.transfer.running
    if call is not None and not keep:
        state = _update_call(state, event.cid, transfer=None)
    return _set_transfer(
        state,
        event.cid,
        event.at,
        phase=TransferPhase.STARTED,
        was_connected=event.was_connected,
        **_NO_FAILURE,
    )


_NO_FAILURE: dict[str, Any] = {"failure": None, "code": None, "text": None}


def _transfer_succeeded(state: SessionState, event: ev.TransferSucceeded) -> SessionState:
    return _set_transfer(state, event.cid, event.at, phase=TransferPhase.SUCCEEDED)


def _transfer_failed(state: SessionState, event: ev.TransferFailed) -> SessionState:
    failed = {"failure": event.failure, "code": event.code or None, "text": event.text or None}
    return _set_transfer(state, event.cid, event.at, phase=TransferPhase.FAILED, **failed)


def _transfer_returned(state: SessionState, event: ev.TransferReturned) -> SessionState:
    return _set_transfer(state, event.cid, event.at, phase=TransferPhase.RETURNED)


# --------------------------------------------------------------------------- secure mode


def _secure(state: SessionState, event: ev.SecureModeReported) -> SessionState:
    call = state.calls.get(event.cid)
    if call is None:
        return state
    pending_on = call.secure is SecureMode.TURNING_ON
    pending_off = call.secure is SecureMode.TURNING_OFF
    if event.error is None or event.already:
        if pending_on or pending_off:
            mode = SecureMode.ON if pending_on else SecureMode.OFF
        else:  # changed by another client: the response does not say which way
            mode = SecureMode.OFF if call.secure is SecureMode.ON else SecureMode.ON
        return _update_call(state, event.cid, secure=mode, secure_error=None)
    mode = SecureMode.OFF if pending_on else SecureMode.ON if pending_off else call.secure
    return _update_call(state, event.cid, secure=mode, secure_error=event.error)


_Handler = Callable[[SessionState, Any], SessionState]
_HANDLERS: dict[type[ev.DomainEvent], _Handler] = {
    ev.ConnectionChanged: _connection,
    ev.CapabilitiesChanged: _capabilities,
    ev.AgentStateReported: _agent,
    ev.CallReported: _call_reported,
    ev.CallsSnapshot: _calls_snapshot,
    ev.CallParamsReported: _params,
    ev.LocalParamsReported: _local_params,
    ev.CallClosed: _closed,
    ev.ActiveCallChanged: _active,
    ev.ConferenceReported: _conference_reported,
    ev.ConferencesSnapshot: _conferences_snapshot,
    ev.ConferenceClosed: _conference_closed,
    ev.TransferStarted: _transfer_started,
    ev.TransferSucceeded: _transfer_succeeded,
    ev.TransferFailed: _transfer_failed,
    ev.TransferReturned: _transfer_returned,
    ev.SecureModeReported: _secure,
    ev.CallFinished: _finished,
    ev.CallsExpired: _expired,
    **rc.HANDLERS,
    **rt.HANDLERS,
}
