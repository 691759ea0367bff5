"""Naumen text-session wire messages into neutral conversation events (no network)."""

from __future__ import annotations

import pytest

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.backends.naumen.text_sessions import (
    TextSessions,
    chat_message,
    is_text_type,
    timestamp,
)
from agent_toolbar.cti import conversation as cv


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("telegram", True),
        ("WEBIM", True),
        ("vkontakte_market", True),
        ("imap", True),
        ("sip", False),
        ("voice", False),
        ("dev", False),
        ("cfr", False),
        ("", False),
        (None, False),
    ],
)
def test_which_types_are_text(kind: str | None, text: bool) -> None:
    assert is_text_type(kind) is text


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("1700000000", 1700000000.0),
        ("1700000000123", 1700000000.123),
        ("1700000000123456", 1700000000.123456),
        ("2023-11-14T22:13:20+00:00", 1700000000.0),
        ("2023-11-14T22:13:20Z", 1700000000.0),
        ("", None),
        ("0", None),
        ("soon", None),
        (None, None),
    ],
)
def test_timestamps(value: str | None, seconds: float | None) -> None:
    assert timestamp(value) == pytest.approx(seconds) if seconds else timestamp(value) is None


def _msg(cls: type[m.NewMessageInSession] | type[m.ReplyMessage], **fields: str) -> m.Message:
    base = {"session_id": "s1", "message_id": "m1", "content": "Текст", "created": "1700000000000"}
    return cls(**{**base, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cls", "fields", "author", "name"),
    [
        (
            m.NewMessageInSession,
            {"direction": "in", "remote_name": "Ольга"},
            cv.Author.CUSTOMER,
            "Ольга",
        ),
        (m.ReplyMessage, {"direction": "out", "from_script": "True"}, cv.Author.SCRIPT, ""),
        (
            m.ReplyMessage,
            {"direction": "out", "from_addr": "operator"},
            cv.Author.OPERATOR,
            "operator",
        ),
        (m.ReplyMessage, {"direction": "out"}, cv.Author.SYSTEM, ""),
        (m.ReplyMessage, {}, cv.Author.SYSTEM, ""),
        (
            m.NewMessageInSession,
            {"direction": "out", "remote_name": "Иванова"},
            cv.Author.OPERATOR,
            "Иванова",
        ),
    ],
)
def test_authors(
    cls: type[m.ReplyMessage], fields: dict[str, str], author: cv.Author, name: str
) -> None:
    msg = chat_message(_msg(cls, **fields))  # type: ignore[arg-type]
    assert (msg.author, msg.name, msg.text, msg.at) == (author, name, "Текст", 1700000000.0)


def test_done_subject_and_files() -> None:
    msg = chat_message(
        m.NewMessageInSession(
            session_id="s1",
            message_id="m9",
            content="Выписка",
            done="1",
            subject=" Возврат ",
            message_date="1700000001",
            files=({"name": "bank.pdf", "id": "f1"}, {"caption": "фото"}, {"id": "f3"}),
        )
    )
    assert msg.done and msg.subject == "Возврат" and msg.at == 1700000001.0
    assert msg.attachments == ("bank.pdf", "фото")


def new_call(kind: str, state: str = "new", session: str | None = "s1") -> m.NewCall:
    params = {"sessionId": session} if session else None
    return m.NewCall(login="op", cid="c1", type=kind, state=state, params=params)


def test_subscribe_once_per_text_session_and_again_after_a_reconnect() -> None:
    texts = TextSessions()
    assert texts.on_call(new_call("sip")) is None
    assert texts.on_call(new_call("telegram", session=None)) is None
    assert texts.on_call(new_call("telegram")) == "s1"
    assert texts.on_call(new_call("telegram", "connected")) is None
    assert texts.subscription("s1") == m.SubscribeOnMessagesSession(
        protocol_version=0, session_id="s1"
    )
    texts.forget_subscriptions()
    assert texts.on_call(new_call("telegram", "connected")) == "s1"
    texts.unsubscribed("s1")
    assert texts.on_call(new_call("telegram", "ended")) is None
    assert texts.cid_of("s1") == "c1" and texts.session_of("c1") == "s1"
    texts.forget_call("c1")
    assert texts.cid_of("s1") is None and texts.known_sessions() == ()


def test_the_nine_events_history_and_notices() -> None:
    texts = TextSessions()
    texts.on_call(new_call("webim"))
    hist = texts.history("s1", m.Ok(messages=(_msg(m.NewMessageInSession, direction="in"),)), 1.0)  # type: ignore[arg-type]
    assert isinstance(hist[0], cv.ChatHistoryReported) and hist[0].messages[0].message_id == "m1"
    assert texts.history("s1", m.Ok(), 1.0) == []
    assert texts.history("zz", m.Ok(), 1.0) == []
    events = [
        m.NewTextMessage(login="op", cid="c1", message_id="m1"),
        m.MessageSessionDistributed(session_id="s1", agent_id="op"),
        m.MessageDistributed(session_id="s1", message_id="m1", agent_id="op"),
        m.StartedScriptForMessage(session_id="s1", message_id="m1"),
        _msg(m.ReplyMessage, message_id="m2", direction="out", from_script="true"),
        m.MessageDone(session_id="s1", message_id="m1"),
        _msg(m.NewMessageInSession, message_id="m3", direction="in"),
        m.MessageUnblocked(session_id="s1", message_id="m3"),
        m.MessageSessionTransferred(session_id="s1", dnis="8800"),
        m.MessageSessionClosed(session_id="s1", agent_id="op"),
        m.VoipMessageReceived(login="op", cid="c1", message="SIP"),
        m.MessageDone(session_id="other", message_id="m1"),
        m.Hold(login="op", cid="c1", on=True),
    ]
    out = [e for msg in events for e in texts.to_events(msg, 2.0)]
    kinds = [type(e).__name__ for e in out]
    assert kinds == [
        "ChatMessageWaiting",
        "ChatPhaseReported",
        "ChatMessageMarked",
        "ChatMessageMarked",
        "ChatMessageReported",
        "ChatMessageMarked",
        "ChatMessageReported",
        "ChatMessageMarked",
        "ChatPhaseReported",
        "ChatPhaseReported",
        "ChatMessageReported",
    ]
    conv = None
    for event in out:
        conv = cv.apply(conv, event)
    assert conv is not None and conv.phase is cv.ChatPhase.CLOSED
    assert [x.author for x in conv.messages] == [
        cv.Author.SCRIPT,
        cv.Author.CUSTOMER,
        cv.Author.CUSTOMER,
    ]
    assert conv.messages[-1].message_id == "sip-1" and conv.scripts == ("m1",)


def test_sessions_learned_before_the_connection_is_ready_come_out_of_pending() -> None:
    texts = TextSessions()
    assert texts.on_call(new_call("telegram")) == "s1"
    texts.unsubscribed("s1")
    assert texts.pending() == ["s1"] and texts.pending() == []
    texts.forget_subscriptions()
    texts.on_call(new_call("telegram", "ended"))
    assert texts.pending() == []
