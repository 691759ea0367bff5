"""Folding conversation events into a call's conversation."""

from __future__ import annotations

from agent_toolbar.cti import conversation as cv

HELLO = cv.ChatMessage("m1", cv.Author.CUSTOMER, "Добрый день!", name="Ольга", at=10.0)
SCRIPT = cv.ChatMessage("m2", cv.Author.SCRIPT, "Здравствуйте, Ольга!", at=11.0)


def fold(*events: cv.ChatEvent) -> cv.Conversation:
    conv: cv.Conversation | None = None
    for event in events:
        conv = cv.apply(conv, event)
    assert conv is not None
    return conv


def test_a_session_from_offer_to_close() -> None:
    conv = fold(
        cv.ChatMessageWaiting("c1", "m1", 1.0),
        cv.ChatHistoryReported("c1", (HELLO,), 2.0),
    )
    assert (conv.phase, conv.waiting, conv.messages) == (cv.ChatPhase.OFFERED, "m1", (HELLO,))
    conv = fold(
        cv.ChatMessageWaiting("c1", "m1", 1.0),
        cv.ChatHistoryReported("c1", (HELLO,), 2.0),
        cv.ChatPhaseReported("c1", cv.ChatPhase.IN_WORK, "operator", 3.0),
        cv.ChatMessageMarked("c1", "m1", cv.ChatMark.DISTRIBUTED, 3.1),
        cv.ChatMessageMarked("c1", "m1", cv.ChatMark.SCRIPT, 3.2),
        cv.ChatMessageReported("c1", SCRIPT, 3.3),
        cv.ChatMessageMarked("c1", "m1", cv.ChatMark.DONE, 3.4),
        cv.ChatMessageMarked("c1", "m1", cv.ChatMark.DONE, 3.5),
    )
    assert conv.phase is cv.ChatPhase.IN_WORK and conv.detail == "operator"
    assert conv.waiting == "" and conv.scripts == ("m1",)
    first = conv.message("m1")
    assert first is not None and first.done
    assert first.marks == (cv.ChatMark.DISTRIBUTED, cv.ChatMark.SCRIPT, cv.ChatMark.DONE)
    assert [msg.message_id for msg in conv.messages] == ["m1", "m2"]
    closed = cv.apply(conv, cv.ChatPhaseReported("c1", cv.ChatPhase.CLOSED, "operator", 9.0))
    assert closed.over and closed.messages == conv.messages


def test_a_message_reported_again_replaces_it_and_keeps_its_marks() -> None:
    conv = fold(
        cv.ChatMessageReported("c1", HELLO, 1.0),
        cv.ChatMessageMarked("c1", "m1", cv.ChatMark.UNBLOCKED, 2.0),
        cv.ChatHistoryReported("c1", (HELLO, SCRIPT), 3.0),
    )
    assert [msg.message_id for msg in conv.messages] == ["m1", "m2"]
    assert conv.messages[0].marks == (cv.ChatMark.UNBLOCKED,)
    assert cv.apply(conv, cv.ChatMessageMarked("c1", "zz", cv.ChatMark.DONE, 4.0)) == conv


def test_transferred_is_over_and_clears_the_waiting_message() -> None:
    conv = fold(
        cv.ChatMessageWaiting("c1", "m5", 1.0),
        cv.ChatPhaseReported("c1", cv.ChatPhase.TRANSFERRED, "8800", 2.0),
    )
    assert conv.over and conv.detail == "8800" and conv.waiting == ""
