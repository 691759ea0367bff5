"""Allowed actions of text sessions, text messages and wrap-up records.

Companion of :mod:`agent_toolbar.cti.actions` (same :class:`Allowed` verdicts): whether a
text session can be taken into work now, a text sent on a call, a call result or a callback
recorded, and which not-call actions (notices, troubleshooting, phone session) exist.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from agent_toolbar.cti.actions import YES, Allowed, Why, no
from agent_toolbar.cti.capabilities import Feature
from agent_toolbar.cti.connection import LinkState
from agent_toolbar.cti.model import Call, CallState, SessionState, TopState

__all__ = ["TextAction", "service_actions", "text_actions"]


class TextAction(enum.StrEnum):
    """What a card offers besides the voice actions; and the window's service commands."""

    TAKE = "take"  # take the text session into work
    REPLY = "reply"  # send a text message on the call
    DISPOSITION = "disposition"  # record the call's result
    CALLBACK = "callback"  # schedule a callback
    MUSIC_ON_HOLD = "music_on_hold"
    # not tied to a call
    BROADCAST = "broadcast"
    REOPEN_AUDIO = "reopen_audio"
    REOPEN_ROOT_PAGE = "reopen_root_page"
    BIND_NUMBER = "bind_number"
    LOGOUT = "logout"
    EXIT = "exit"


_FEATURES = {
    TextAction.TAKE: Feature.TEXT_SESSIONS,
    TextAction.REPLY: Feature.TEXT_REPLY,
    TextAction.DISPOSITION: Feature.DISPOSITION,
    TextAction.CALLBACK: Feature.CALLBACK,
    TextAction.MUSIC_ON_HOLD: Feature.MUSIC_ON_HOLD,
    TextAction.BROADCAST: Feature.BROADCAST,
    TextAction.REOPEN_AUDIO: Feature.REOPEN_AUDIO,
    TextAction.REOPEN_ROOT_PAGE: Feature.REOPEN_ROOT_PAGE,
    TextAction.BIND_NUMBER: Feature.BIND_NUMBER,
    TextAction.LOGOUT: Feature.LOGOUT,
    TextAction.EXIT: Feature.EXIT,
}
_IN_FLIGHT = {
    TextAction.TAKE: "take_text_session",
    TextAction.REPLY: "send_text",
    TextAction.DISPOSITION: "set_disposition",
    TextAction.CALLBACK: "schedule_callback",
    TextAction.MUSIC_ON_HOLD: "set_music_on_hold",
    TextAction.BROADCAST: "broadcast",
    TextAction.REOPEN_AUDIO: "reopen_audio_device",
    TextAction.REOPEN_ROOT_PAGE: "reopen_root_page",
    TextAction.BIND_NUMBER: "bind_number",
    TextAction.LOGOUT: "logout",
    TextAction.EXIT: "exit_phone",
}
_CALL = (
    TextAction.TAKE,
    TextAction.REPLY,
    TextAction.DISPOSITION,
    TextAction.CALLBACK,
    TextAction.MUSIC_ON_HOLD,
)
_SERVICE = (
    TextAction.BROADCAST,
    TextAction.REOPEN_AUDIO,
    TextAction.REOPEN_ROOT_PAGE,
    TextAction.BIND_NUMBER,
    TextAction.LOGOUT,
    TextAction.EXIT,
)


def _base(state: SessionState, action: TextAction, cid: str) -> Allowed | None:
    refusal = state.capabilities.refusal(_FEATURES[action])
    if refusal is not None:
        return no(Why.UNSUPPORTED, refusal)
    if state.connection.state is not LinkState.CONNECTED:
        return no(Why.DISCONNECTED)
    if state.agent.top is TopState.OFFLINE and action is not TextAction.BIND_NUMBER:
        return no(Why.OFFLINE)
    if (cid, _IN_FLIGHT[action]) in state.inflight:
        return no(Why.IN_FLIGHT)
    return None


def text_actions(state: SessionState, cid: str) -> Mapping[TextAction, Allowed]:
    """The card's text and wrap-up actions for call ``cid`` (empty if the call is unknown)."""
    call = state.calls.get(cid)
    if call is None:
        return {}
    return {action: _verdict(state, call, action) for action in _CALL}


def _verdict(state: SessionState, call: Call, action: TextAction) -> Allowed:
    refusal = _base(state, action, call.cid)  # (a refusal is falsy: compare with None)
    return refusal if refusal is not None else _rule(state, call, action)


def _rule(state: SessionState, call: Call, action: TextAction) -> Allowed:
    conversation = state.conversations.get(call.cid)
    if action is TextAction.TAKE:
        if not call.is_text:
            return no(Why.UNSUPPORTED)
        if call.state is CallState.ENDED or (conversation is not None and conversation.over):
            return no(Why.SESSION_OVER)
        if conversation is None or not conversation.waiting:
            return no(Why.NOTHING_WAITING)
        return YES
    if action is TextAction.REPLY:
        # Text sessions are answered in the contact center's own desk: the toolbar shows them.
        if call.is_text:
            return no(Why.TEXT_SESSION)
        return YES if call.state is CallState.CONNECTED else no(Why.NOT_CONNECTED)
    if action is TextAction.MUSIC_ON_HOLD:
        if call.is_text:
            return no(Why.TEXT_SESSION)
        if call.state is CallState.ENDED:
            return no(Why.ENDED)
        return YES
    # disposition, callback: in wrap-up
    return YES if call.state is CallState.ENDED else no(Why.NOT_ENDED)


def service_actions(state: SessionState) -> Mapping[TextAction, Allowed]:
    """The window's commands not tied to a call, each with its verdict."""
    verdicts: dict[TextAction, Allowed] = {}
    for action in _SERVICE:
        refusal = _base(state, action, "")
        verdicts[action] = refusal if refusal is not None else YES
    return verdicts
