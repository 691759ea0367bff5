"""The conversation view renders what customers write as text, never as markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent_toolbar.cti import conversation as cv
from agent_toolbar.cti.actions import Allowed
from agent_toolbar.cti.actions_text import TextAction
from agent_toolbar.cti.model import Call, CallState, Media
from agent_toolbar.ui.calls.conversation_view import ConversationView

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


def test_markup_subjects_attachments_and_marks(qtbot: QtBot) -> None:
    view = ConversationView("c1")
    qtbot.addWidget(view)
    call = Call("c1", CallState.CONNECTED, kind="imap", media=Media.TEXT)
    mail = cv.ChatMessage(
        "m1",
        cv.Author.CUSTOMER,
        "<b>bold</b> & <script>x()</script>\nline two",
        name="Ольга <o@example.ru>",
        at=1_700_000_000.0,
        subject="Возврат <денег>",
        attachments=("выписка.pdf",),
        marks=(cv.ChatMark.UNBLOCKED,),
    )
    system = cv.ChatMessage("m2", cv.Author.SYSTEM, "Сессия передана")
    conversation = cv.Conversation("c1", cv.ChatPhase.TRANSFERRED, (mail, system), detail="8800")
    view.show_call(call, conversation, {TextAction.REPLY: Allowed(False)})
    text = view.messages.toPlainText()
    assert "<b>bold</b> & <script>x()</script>" in text  # shown as typed, not interpreted
    assert "line two" in text and "Возврат <денег>" in text and "выписка.pdf" in text
    assert "Ольга <o@example.ru>" in text and "unblocked" in text and "System" in text
    assert "<script>" not in view.messages.toHtml().replace("&lt;script&gt;", "")
    assert view.title.text() == "E-mail · transferred to 8800"
    assert not view.reply.isVisibleTo(view) and not view.send.isEnabled()


def test_a_voice_call_without_messages_shows_nothing(qtbot: QtBot) -> None:
    view = ConversationView("v1")
    qtbot.addWidget(view)
    call = Call("v1", CallState.CONNECTED, kind="sip")
    view.show_call(call, None, {TextAction.REPLY: Allowed(True)})
    assert view.isHidden()
    view.show_call(call, None, {}, "Result: Sale")
    assert not view.isHidden() and view.wrapup.text() == "Result: Sale"
