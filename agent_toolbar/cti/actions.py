"""Allowed actions: a pure function of the session state and the backend's capabilities.

Nothing about what the operator may do is stored; it is derived here every time. Every
refusal carries a :class:`Why`, which the UI turns into a tooltip in the operator's
language.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.capabilities import Feature, Refusal
from agent_toolbar.cti.connection import LinkState
from agent_toolbar.cti.model import (
    Call,
    CallState,
    DisplayKind,
    SecureMode,
    SessionState,
    TopState,
    TransferKind,
    TransferPhase,
)


class Action(enum.StrEnum):
    """Things the operator can do; call actions take a ``cid``, others do not."""

    ANSWER = "answer"
    HANGUP = "hangup"
    HOLD = "hold"
    RESUME = "resume"
    MUTE = "mute"
    UNMUTE = "unmute"
    DTMF = "dtmf"
    MAKE_ACTIVE = "make_active"
    CLOSE = "close"  # finish wrap-up
    TRANSFER = "transfer"
    BREAK_TRANSFER = "break_transfer"
    FINISH_CONFERENCE_TRANSFER = "finish_conference_transfer"
    SECURE_ON = "secure_on"
    SECURE_OFF = "secure_off"
    EDIT_PARAMS = "edit_params"
    ADD_TO_CONFERENCE = "add_to_conference"
    PLAY_ANNOUNCEMENT = "play_announcement"
    # not tied to a call
    MAKE_CALL = "make_call"
    CHANGE_STATE = "change_state"
    CREATE_CONFERENCE = "create_conference"


class Why(enum.StrEnum):
    """Why an action is not available now."""

    DISCONNECTED = "disconnected"
    OFFLINE = "offline"
    UNSUPPORTED = "unsupported"  # the backend cannot do it (``Allowed.refusal`` says why)
    NOT_RINGING = "not_ringing"
    OUTGOING = "outgoing"  # cannot answer a call you placed
    NOT_CONNECTED = "not_connected"
    ON_HOLD = "on_hold"
    NOT_ON_HOLD = "not_on_hold"
    MUTED = "muted"
    NOT_MUTED = "not_muted"
    ENDED = "ended"  # the call is in wrap-up
    NOT_ENDED = "not_ended"  # wrap-up can be finished only after the call ended
    ALREADY_ACTIVE = "already_active"
    IN_FLIGHT = "in_flight"  # the same command is still waiting for its answer
    TRANSFER_RUNNING = "transfer_running"
    NO_TRANSFER = "no_transfer"
    NOT_CONFERENCE_TRANSFER = "not_conference_transfer"
    SECURE_ALREADY = "secure_already"
    SECURE_NOT_ON = "secure_not_on"
    NO_CONFERENCE = "no_conference"
    IN_CONFERENCE = "in_conference"
    TEXT_SESSION = "text_session"  # a voice action on a text session
    DISPOSITION_REQUIRED = "disposition_required"  # choose the call's result first
    NOTHING_WAITING = "nothing_waiting"  # no message of the text session waits to be taken
    SESSION_OVER = "session_over"  # the text session was closed or transferred


@dataclass(frozen=True, slots=True)
class Allowed:
    """Whether an action is possible, and if not, why.

    Attributes:
        ok: Allowed now.
        why: Why not (None when allowed).
        refusal: For :attr:`Why.UNSUPPORTED`, the backend's own reason.
    """

    ok: bool
    why: Why | None = None
    refusal: Refusal | None = None

    def __bool__(self) -> bool:
        """True when allowed (so ``if verdict:`` reads naturally in widgets)."""
        return self.ok


YES = Allowed(True)


def no(why: Why, refusal: Refusal | None = None) -> Allowed:
    """A refusal for ``why`` (with the backend's reason for :attr:`Why.UNSUPPORTED`)."""
    return Allowed(False, why, refusal)


_CALL_FEATURES = {
    Action.ANSWER: Feature.ANSWER,
    Action.HANGUP: Feature.HANGUP,
    Action.HOLD: Feature.HOLD,
    Action.RESUME: Feature.HOLD,
    Action.MUTE: Feature.MUTE,
    Action.UNMUTE: Feature.MUTE,
    Action.DTMF: Feature.DTMF,
    Action.MAKE_ACTIVE: Feature.SET_ACTIVE,
    Action.CLOSE: Feature.CLOSE,
    Action.BREAK_TRANSFER: Feature.BREAK_TRANSFER,
    Action.FINISH_CONFERENCE_TRANSFER: Feature.FINISH_CONFERENCE_TRANSFER,
    Action.SECURE_ON: Feature.SECURE_MODE,
    Action.SECURE_OFF: Feature.SECURE_MODE,
    Action.EDIT_PARAMS: Feature.CALL_PARAMS,
    Action.ADD_TO_CONFERENCE: Feature.CONFERENCES,
    Action.PLAY_ANNOUNCEMENT: Feature.PLAY_ANNOUNCEMENT,
}

_IN_FLIGHT_KEYS = {
    Action.ANSWER: "answer",
    Action.HANGUP: "hangup",
    Action.HOLD: "hold",
    Action.RESUME: "hold",
    Action.MUTE: "mute",
    Action.UNMUTE: "mute",
    Action.CLOSE: "close_call",
    Action.MAKE_ACTIVE: "set_active",
    Action.TRANSFER: "transfer_call",
    Action.BREAK_TRANSFER: "break_transfer",
    Action.FINISH_CONFERENCE_TRANSFER: "finish_conference_transfer",
    Action.SECURE_ON: "set_secure_mode",
    Action.SECURE_OFF: "set_secure_mode",
    Action.PLAY_ANNOUNCEMENT: "play_announcement",
}

#: Actions that need a voice: a text session's card does not offer them.
_VOICE_ONLY = frozenset(
    {
        Action.ANSWER,
        Action.HOLD,
        Action.RESUME,
        Action.MUTE,
        Action.UNMUTE,
        Action.DTMF,
        Action.TRANSFER,
        Action.SECURE_ON,
        Action.SECURE_OFF,
        Action.ADD_TO_CONFERENCE,
    }
)

TRANSFER_FEATURES = {
    TransferKind.BLIND: Feature.TRANSFER_BLIND,
    TransferKind.CONSULTATION: Feature.TRANSFER_CONSULTATION,
    TransferKind.CONFERENCE: Feature.TRANSFER_CONFERENCE,
    TransferKind.CALLBACK: Feature.TRANSFER_CALLBACK,
}


def _unsupported(state: SessionState, feature: Feature) -> Allowed | None:
    refusal = state.capabilities.refusal(feature)
    return None if refusal is None else no(Why.UNSUPPORTED, refusal)


def _link(state: SessionState) -> Allowed | None:
    if state.connection.state is not LinkState.CONNECTED:
        return no(Why.DISCONNECTED)
    if state.agent.top is TopState.OFFLINE:
        return no(Why.OFFLINE)
    return None


def transfer_kinds(state: SessionState) -> tuple[TransferKind, ...]:
    """The transfer kinds the backend offers, in the order the dialog lists them."""
    return tuple(k for k, f in TRANSFER_FEATURES.items() if state.capabilities.has(f))


def call_actions(state: SessionState, cid: str) -> Mapping[Action, Allowed]:
    """Every call action for ``cid`` with its verdict (empty if the call is unknown)."""
    call = state.calls.get(cid)
    if call is None:
        return {}
    return {action: _call_action(state, call, action) for action in _CALL_ACTIONS}


def _call_action(state: SessionState, call: Call, action: Action) -> Allowed:
    feature = _CALL_FEATURES.get(action)
    refusal = _unsupported(state, feature) if feature is not None else None
    if refusal is not None:
        return refusal
    if action is Action.TRANSFER and not transfer_kinds(state):
        return no(Why.UNSUPPORTED)
    refusal = _link(state)
    if refusal is not None:
        return refusal
    if call.is_text and action in _VOICE_ONLY:
        return no(Why.TEXT_SESSION)
    if _needs_disposition(state, call, action):
        return no(Why.DISPOSITION_REQUIRED)
    key = _IN_FLIGHT_KEYS.get(action)
    if key and (call.cid, key) in state.inflight:
        return no(Why.IN_FLIGHT)
    return _RULES[action](state, call)


def _needs_disposition(state: SessionState, call: Call, action: Action) -> bool:
    """Finish wrap-up waits for an accepted call result (``wrapup/disposition_required``)."""
    return (
        action is Action.CLOSE
        and state.disposition_required
        and call.state is CallState.ENDED
        and not state.wrapup_of(call.cid).disposition
    )


def _answer(state: SessionState, call: Call) -> Allowed:
    if call.state is not CallState.NEW:
        return no(Why.ENDED if call.state is CallState.ENDED else Why.NOT_RINGING)
    if not call.ringing:
        return no(Why.OUTGOING)
    return YES


def _hangup(state: SessionState, call: Call) -> Allowed:
    return no(Why.ENDED) if call.state is CallState.ENDED else YES


def _talking(call: Call) -> Allowed | None:
    if call.state is CallState.ENDED:
        return no(Why.ENDED)
    if call.state is not CallState.CONNECTED:
        return no(Why.NOT_CONNECTED)
    return None


def _first(*verdicts: Allowed | None) -> Allowed:
    """The first verdict that is not None (refusals come first, YES last)."""
    return next(v for v in verdicts if v is not None)


def _hold(state: SessionState, call: Call) -> Allowed:
    return _first(_talking(call), no(Why.ON_HOLD) if call.hold else YES)


def _resume(state: SessionState, call: Call) -> Allowed:
    return _first(_talking(call), YES if call.hold else no(Why.NOT_ON_HOLD))


def _mute(state: SessionState, call: Call) -> Allowed:
    return _first(_talking(call), no(Why.MUTED) if call.muted else YES)


def _unmute(state: SessionState, call: Call) -> Allowed:
    return _first(_talking(call), YES if call.muted else no(Why.NOT_MUTED))


def _dtmf(state: SessionState, call: Call) -> Allowed:
    return _first(_talking(call), YES)


def _make_active(state: SessionState, call: Call) -> Allowed:
    refusal = _talking(call)
    if refusal is not None:
        return refusal
    live = [c for c in state.customer_calls if c.state is CallState.CONNECTED]
    if state.active_cid == call.cid or live == [call]:
        return no(Why.ALREADY_ACTIVE)  # the only conversation is the active one anyway
    return YES


def _close(state: SessionState, call: Call) -> Allowed:
    return YES if call.state is CallState.ENDED else no(Why.NOT_ENDED)


def _transfer(state: SessionState, call: Call) -> Allowed:
    refusal = _talking(call)
    if refusal is not None:
        return refusal
    if call.transfer is not None and call.transfer.running:
        return no(Why.TRANSFER_RUNNING)
    return YES


def _break_transfer(state: SessionState, call: Call) -> Allowed:
    if call.transfer is None or not call.transfer.running:
        return no(Why.NO_TRANSFER)
    return YES


def _finish_conference_transfer(state: SessionState, call: Call) -> Allowed:
    transfer = call.transfer
    if transfer is None or not transfer.running:
        return no(Why.NO_TRANSFER)
    if transfer.kind not in (TransferKind.CONFERENCE, None):
        return no(Why.NOT_CONFERENCE_TRANSFER)
    if transfer.phase is TransferPhase.REQUESTED:
        return no(Why.IN_FLIGHT)
    return YES


def _secure_on(state: SessionState, call: Call) -> Allowed:
    refusal = _talking(call)
    if refusal is not None:
        return refusal
    return YES if call.secure is SecureMode.OFF else no(Why.SECURE_ALREADY)


def _secure_off(state: SessionState, call: Call) -> Allowed:
    if call.state is not CallState.CONNECTED and call.secure is SecureMode.OFF:
        return no(Why.NOT_CONNECTED)
    return YES if call.secure is SecureMode.ON else no(Why.SECURE_NOT_ON)


def _edit_params(state: SessionState, call: Call) -> Allowed:
    return YES


def _add_to_conference(state: SessionState, call: Call) -> Allowed:
    refusal = _talking(call)
    if refusal is not None:
        return refusal
    if not state.conferences:
        return no(Why.NO_CONFERENCE)
    if any(call.cid in conf.calls for conf in state.conferences.values()):
        return no(Why.IN_CONFERENCE)
    return YES


_RULES = {
    Action.ANSWER: _answer,
    Action.HANGUP: _hangup,
    Action.HOLD: _hold,
    Action.RESUME: _resume,
    Action.MUTE: _mute,
    Action.UNMUTE: _unmute,
    Action.DTMF: _dtmf,
    Action.MAKE_ACTIVE: _make_active,
    Action.CLOSE: _close,
    Action.TRANSFER: _transfer,
    Action.BREAK_TRANSFER: _break_transfer,
    Action.FINISH_CONFERENCE_TRANSFER: _finish_conference_transfer,
    Action.SECURE_ON: _secure_on,
    Action.SECURE_OFF: _secure_off,
    Action.EDIT_PARAMS: _edit_params,
    Action.ADD_TO_CONFERENCE: _add_to_conference,
    Action.PLAY_ANNOUNCEMENT: _dtmf,  # while talking, like the keypad
}
_CALL_ACTIONS = tuple(_RULES)


def global_actions(state: SessionState) -> Mapping[Action, Allowed]:
    """Actions not tied to a call: dialling, changing state, creating a conference."""
    out: dict[Action, Allowed] = {}
    for action, feature in (
        (Action.MAKE_CALL, Feature.MAKE_CALL),
        (Action.CHANGE_STATE, Feature.CHANGE_STATE),
        (Action.CREATE_CONFERENCE, Feature.CONFERENCES),
    ):
        out[action] = _first(_unsupported(state, feature), _link(state), YES)
    if out[Action.CHANGE_STATE].ok and ("", "change_state") in state.inflight:
        out[Action.CHANGE_STATE] = no(Why.IN_FLIGHT)
    return out


def conference_actions(state: SessionState, conf_id: str) -> Mapping[str, Allowed]:
    """Verdicts for one conference: ``join``, ``leave``, ``hangup``, ``add_party``, ``remove``."""
    conf = state.conferences.get(conf_id)
    if conf is None:
        return {}
    unsupported = _unsupported(state, Feature.CONFERENCES)
    base = unsupported if unsupported is not None else _link(state)
    return {
        "join": _first(base, no(Why.IN_CONFERENCE) if conf.operator_in else YES),
        "leave": _first(base, YES if conf.operator_in else no(Why.NO_CONFERENCE)),
        "hangup": _first(base, YES),
        "add_party": _first(base, YES),
        "remove": _first(base, YES if conf.calls else no(Why.NO_CONFERENCE)),
    }


def intent_for(action: Action, cid: str) -> it.Intent | None:
    """The intent call action ``action`` sends for call ``cid``.

    None for actions that open something instead (the keypad, the transfer dialog, call
    data, the conference panel). The card's buttons, the hotkeys and the transfer strip all
    ask here, so an action means the same command wherever it is triggered.
    """
    match action:
        case Action.ANSWER:
            return it.Answer(cid)
        case Action.HANGUP:
            return it.Hangup(cid)
        case Action.HOLD | Action.RESUME:
            return it.Hold(cid, on=action is Action.HOLD)
        case Action.MUTE | Action.UNMUTE:
            return it.Mute(cid, on=action is Action.MUTE)
        case Action.SECURE_ON | Action.SECURE_OFF:
            return it.SetSecureMode(cid, enable=action is Action.SECURE_ON)
        case Action.MAKE_ACTIVE:
            return it.SetActive(cid)
        case Action.CLOSE:
            return it.CloseCall(cid)
        case Action.BREAK_TRANSFER:
            return it.BreakTransfer(cid)
        case Action.FINISH_CONFERENCE_TRANSFER:
            return it.FinishConferenceTransfer(cid)
        case Action.PLAY_ANNOUNCEMENT:
            return it.PlayAnnouncement(cid)
    return None


def state_is_settled(state: SessionState) -> bool:
    """True when no customer call rings, talks or waits in wrap-up (for a queued next state)."""
    if state.busy:
        return False
    return state.agent.display.kind not in (
        DisplayKind.RINGING,
        DisplayKind.SPEAKING,
        DisplayKind.WRAPUP,
    )
