"""The reducer's part for text sessions and wrap-up records.

* :class:`~agent_toolbar.cti.events.ChatReported` folds into the call's conversation
  (:func:`agent_toolbar.cti.conversation.apply`); conversations of calls that left the phone
  are dropped at the same time.
* A settled :class:`~agent_toolbar.cti.intents.SetDisposition` or
  :class:`~agent_toolbar.cti.intents.ScheduleCallback` that the system accepted is recorded
  in ``SessionState.wrapups`` (a required call result then lets Finish through); an accepted
  :class:`~agent_toolbar.cti.intents.SendText` joins the conversation as the operator's
  message (the system does not echo SIP messages back).
* :class:`~agent_toolbar.cti.events.WrapUpPolicySet` sets ``disposition_required``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from agent_toolbar.cti import conversation as cv
from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti import reducer_commands as rc
from agent_toolbar.cti.model import SessionState, WrapUp
from agent_toolbar.cti.reducer_util import frozen

__all__ = ["HANDLERS"]


def _chat(state: SessionState, event: ev.ChatReported) -> SessionState:
    cid = event.chat.cid
    kept = {k: v for k, v in state.conversations.items() if k in state.calls or k == cid}
    kept[cid] = cv.apply(kept.get(cid), event.chat)
    return replace(state, conversations=frozen(kept))


def _settled(state: SessionState, event: ev.IntentSettled) -> SessionState:
    new = rc.HANDLERS[ev.IntentSettled](state, event)
    if event.error is not None:
        return new
    intent = event.intent
    match intent:
        case it.SetDisposition(cid=cid, code=code):
            return _wrapup(new, cid, disposition=code)
        case it.ScheduleCallback(cid=cid, when=when):
            return _wrapup(new, cid, callback_at=when.timestamp())
        case it.SendText(cid=cid, text=text):
            number = len((new.conversations.get(cid) or cv.Conversation(cid)).messages)
            sent = cv.ChatMessage(
                f"sent-{event.at:.6f}-{number}", cv.Author.OPERATOR, text, at=event.at
            )
            chat = cv.ChatMessageReported(cid, sent, event.at)
            return _chat(new, ev.ChatReported(chat=chat, at=event.at))
    return new


def _wrapup(state: SessionState, cid: str, **changes: Any) -> SessionState:
    if cid not in state.calls:
        return state
    kept = {k: v for k, v in state.wrapups.items() if k in state.calls}
    kept[cid] = replace(kept.get(cid) or WrapUp(), **changes)
    return replace(state, wrapups=frozen(kept))


def _policy(state: SessionState, event: ev.WrapUpPolicySet) -> SessionState:
    if state.disposition_required == event.disposition_required:
        return state
    return replace(state, disposition_required=event.disposition_required)


HANDLERS: dict[type[ev.DomainEvent], Callable[[SessionState, Any], SessionState]] = {
    ev.ChatReported: _chat,
    ev.IntentSettled: _settled,
    ev.WrapUpPolicySet: _policy,
}
