"""Verdicts for text sessions, SIP replies, wrap-up records and the service commands."""

from __future__ import annotations

from datetime import UTC, datetime

from agent_toolbar.cti import conversation as cv
from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Action, Why, call_actions
from agent_toolbar.cti.actions_text import TextAction, service_actions, text_actions
from agent_toolbar.cti.capabilities import ALL_FEATURES, Capabilities, Feature, Refusal, RefusalKind
from agent_toolbar.cti.connection import ConnectionStatus, LinkState
from agent_toolbar.cti.model import CallState, DisplayKind, DisplayState, Media, SessionState
from agent_toolbar.cti.outcomes import CommandFailure, FailureReason
from agent_toolbar.cti.reducer import reduce


def build(*events: ev.DomainEvent, features: frozenset[Feature] = ALL_FEATURES) -> SessionState:
    refusals = {f: Refusal(RefusalKind.DEVICE, "WebPhone") for f in ALL_FEATURES - features}
    state = SessionState(login="op", capabilities=Capabilities("naumen", features, refusals))
    base: list[ev.DomainEvent] = [
        ev.ConnectionChanged(status=ConnectionStatus(state=LinkState.CONNECTED), at=1.0),
        ev.AgentStateReported(display=DisplayState(DisplayKind.NORMAL), at=1.0),
    ]
    for event in (*base, *events):
        state = reduce(state, event)
    return state


def chat(state: str = "new") -> ev.CallReported:
    info = ev.CallInfo(cid="c1", state=state, direction="in", kind="telegram", media=Media.TEXT)
    return ev.CallReported(call=info, new=True, at=2.0)


def voice(state: str = "connected") -> ev.CallReported:
    info = ev.CallInfo(cid="v1", state=state, direction="in", kind="sip", media=Media.VOICE)
    return ev.CallReported(call=info, new=True, at=2.0)


WAITING = ev.ChatReported(chat=cv.ChatMessageWaiting("c1", "m1", 3.0), at=3.0)


def test_a_chat_is_taken_only_with_a_waiting_message_and_never_answered() -> None:
    offered = build(chat())
    assert text_actions(offered, "c1")[TextAction.TAKE].why is Why.NOTHING_WAITING
    waiting = build(chat(), WAITING)
    assert text_actions(waiting, "c1")[TextAction.TAKE].ok
    verdicts = call_actions(waiting, "c1")
    assert verdicts[Action.ANSWER].why is Why.TEXT_SESSION
    assert verdicts[Action.HANGUP].ok
    assert text_actions(waiting, "c1")[TextAction.REPLY].why is Why.TEXT_SESSION
    closed = build(chat(), WAITING, ev.ChatReported(
        chat=cv.ChatPhaseReported("c1", cv.ChatPhase.CLOSED, "op", 4.0), at=4.0))  # fmt: skip
    assert text_actions(closed, "c1")[TextAction.TAKE].why is Why.SESSION_OVER
    issued = build(chat(), WAITING, ev.IntentIssued(intent=it.TakeTextSession("c1", "m1"), at=5.0))
    assert text_actions(issued, "c1")[TextAction.TAKE].why is Why.IN_FLIGHT


def test_refusals_of_the_connection_come_first() -> None:
    down = reduce(build(chat(), WAITING), ev.ConnectionChanged(status=ConnectionStatus(), at=9.0))
    assert text_actions(down, "c1")[TextAction.TAKE].why is Why.DISCONNECTED
    assert all(v.why is Why.DISCONNECTED for v in service_actions(down).values())
    offline = reduce(
        build(), ev.AgentStateReported(display=DisplayState(DisplayKind.OFFLINE), at=9.0)
    )
    verdicts = service_actions(offline)
    assert verdicts[TextAction.LOGOUT].why is Why.OFFLINE and verdicts[TextAction.BIND_NUMBER].ok


def test_a_webphone_says_why_it_cannot() -> None:
    state = build(voice(), features=ALL_FEATURES - {Feature.BROADCAST, Feature.MUSIC_ON_HOLD})
    broadcast = service_actions(state)[TextAction.BROADCAST]
    assert broadcast.why is Why.UNSUPPORTED and broadcast.refusal is not None
    assert text_actions(state, "v1")[TextAction.MUSIC_ON_HOLD].why is Why.UNSUPPORTED


def test_a_required_result_gates_finish_until_it_is_accepted() -> None:
    policy = ev.WrapUpPolicySet(disposition_required=True, at=1.5)
    ended = build(policy, voice("ended"))
    assert ended.calls["v1"].state is CallState.ENDED
    assert call_actions(ended, "v1")[Action.CLOSE].why is Why.DISPOSITION_REQUIRED
    assert text_actions(ended, "v1")[TextAction.DISPOSITION].ok
    intent = it.SetDisposition("v1", "SALE")
    failure = CommandFailure(FailureReason.ERROR)
    failed = reduce(ended, ev.IntentSettled(intent=intent, error=failure, at=6.0))
    assert call_actions(failed, "v1")[Action.CLOSE].why is Why.DISPOSITION_REQUIRED
    saved = reduce(ended, ev.IntentSettled(intent=intent, at=6.0))
    assert saved.wrapup_of("v1").disposition == "SALE"
    assert call_actions(saved, "v1")[Action.CLOSE].ok
    when = datetime(2030, 1, 1, tzinfo=UTC)
    callback = it.ScheduleCallback("v1", when, "+79161234567", "op")
    later = reduce(saved, ev.IntentSettled(intent=callback, at=7.0))
    assert later.wrapup_of("v1").callback_at == when.timestamp()
    assert "…4567" in callback.describe() and "+7916" not in callback.describe()
    talking = build(policy, voice("connected"))
    assert call_actions(talking, "v1")[Action.CLOSE].why is Why.NOT_ENDED
    assert text_actions(talking, "v1")[TextAction.DISPOSITION].why is Why.NOT_ENDED


def test_a_sent_text_joins_the_conversation() -> None:
    state = build(voice())
    assert text_actions(state, "v1")[TextAction.REPLY].ok
    sent = reduce(state, ev.IntentSettled(intent=it.SendText("v1", "Хорошо"), at=8.0))
    (msg,) = sent.conversations["v1"].messages
    assert (msg.author, msg.text) == (cv.Author.OPERATOR, "Хорошо")
    assert "Хорошо" not in it.SendText("v1", "Хорошо").describe()
