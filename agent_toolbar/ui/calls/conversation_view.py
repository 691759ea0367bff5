"""The conversation on a call's card: a text session's messages, or a call's SIP messages.

Shows the channel and where the session is (waiting, in work, transferred, closed), each
message with its author and time (scripts and the system marked as such, the messages a
script started for noted), and — where the phone can send text on the call — a reply line.
Sending goes out as an intent (``intent_requested``); the view never talks to the network.
"""

from __future__ import annotations

import html
import time
from collections.abc import Mapping

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Allowed
from agent_toolbar.cti.actions_text import TextAction
from agent_toolbar.cti.conversation import Author, ChatMessage, Conversation
from agent_toolbar.cti.model import Call
from agent_toolbar.qt import QCoreApplication, Qt, QtWidgets, Signal
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.common.texts_texts import author_text, channel_text, mark_text, phase_text
from agent_toolbar.ui.common.tr import fill

__all__ = ["ConversationView"]

_COLOURS = {
    Author.CUSTOMER: "palette(text)",
    Author.OPERATOR: "#2e7d32",
    Author.SCRIPT: "#6a5acd",
    Author.SYSTEM: "#8a8a8a",
}


class ConversationView(QtWidgets.QFrame):
    """The conversation of one call.

    Signals:
        intent_requested(object): A :class:`~agent_toolbar.cti.intents.SendText` to submit.
    """

    intent_requested = Signal(object)

    def __init__(self, cid: str, parent: QtWidgets.QWidget | None = None) -> None:
        """Create an empty view for call ``cid`` (hidden until there is something to show)."""
        super().__init__(parent)
        self.setObjectName("ConversationView")
        self.cid = cid
        self._key: object = None
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(3)
        self.title = QtWidgets.QLabel(self)
        self.title.setObjectName("conversationTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.title)
        self.messages = QtWidgets.QTextBrowser(self)
        self.messages.setObjectName("conversationMessages")
        self.messages.setOpenLinks(False)
        self.messages.setMinimumHeight(96)
        self.messages.setMaximumHeight(170)
        layout.addWidget(self.messages)
        self.wrapup = QtWidgets.QLabel(self)
        self.wrapup.setObjectName("wrapupLine")
        self.wrapup.setTextFormat(Qt.TextFormat.PlainText)
        self.wrapup.setWordWrap(True)
        layout.addWidget(self.wrapup)
        row = QtWidgets.QHBoxLayout()
        row.setSpacing(4)
        self.reply = QtWidgets.QLineEdit(self)
        self.reply.setObjectName("replyText")
        self.reply.setMaxLength(1000)
        self.reply.returnPressed.connect(self._send)
        self.send = QtWidgets.QPushButton(self)
        self.send.setObjectName("replySend")
        self.send.clicked.connect(self._send)
        row.addWidget(self.reply, 1)
        row.addWidget(self.send)
        self._reply_row = QtWidgets.QWidget(self)
        self._reply_row.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._reply_row)
        self._reply_ok = False
        self.hide()
        self.retranslate()

    def show_call(
        self,
        call: Call,
        conversation: Conversation | None,
        verdicts: Mapping[TextAction, Allowed],
        wrapup_line: str = "",
    ) -> None:
        """Render the conversation (or hide when the call has none and is not a text session)."""
        reply = verdicts.get(TextAction.REPLY, Allowed(False))
        key = (call.kind, call.is_text, conversation, reply, wrapup_line)
        if key == self._key:
            return
        self._key = key
        self.wrapup.setText(wrapup_line)
        self.wrapup.setVisible(bool(wrapup_line))
        if conversation is None and not call.is_text:
            self._reply_row.hide()
            self.title.hide()
            self.messages.hide()
            self.setVisible(bool(wrapup_line))
            return
        self.title.show()
        self.messages.show()
        channel = channel_text(call.kind if call.is_text else "sip")
        if call.is_text and conversation is not None:
            self.title.setText(
                fill(
                    QCoreApplication.translate("ConversationView", "%1 · %2"),
                    channel,
                    phase_text(conversation.phase, conversation.detail),
                )
            )
        else:
            self.title.setText(channel)
        self.messages.setHtml(self._html(conversation))
        bar = self.messages.verticalScrollBar()
        bar.setValue(bar.maximum())
        self._reply_ok = reply.ok
        self._reply_row.setVisible(reply.ok and conversation is not None)
        self.send.setEnabled(reply.ok)
        self.send.setToolTip("" if reply.ok else texts.why_text(reply))
        self.show()

    def _html(self, conversation: Conversation | None) -> str:
        if conversation is None or not conversation.messages:
            empty = QCoreApplication.translate("ConversationView", "No messages yet")
            return f"<i>{html.escape(empty)}</i>"
        rows = [self._row(msg, conversation) for msg in conversation.messages]
        return "".join(rows)

    def _row(self, msg: ChatMessage, conversation: Conversation) -> str:
        who = msg.name if msg.author is Author.CUSTOMER and msg.name else author_text(msg.author)
        if msg.author is Author.OPERATOR and msg.name:
            who = msg.name
        when = time.strftime("%H:%M", time.localtime(msg.at)) if msg.at else ""
        notes = [mark_text(mark) for mark in msg.marks]
        if msg.message_id in conversation.scripts:
            notes.append(QCoreApplication.translate("ConversationView", "a script started"))
        notes = [note for note in notes if note]
        extra = f" <small>({html.escape(', '.join(notes))})</small>" if notes else ""
        subject = f"<b>{html.escape(msg.subject)}</b><br>" if msg.subject else ""
        files = (
            "<br><small>📎 " + html.escape(", ".join(msg.attachments)) + "</small>"
            if msg.attachments
            else ""
        )
        colour = _COLOURS[msg.author]
        text = html.escape(msg.text).replace("\n", "<br>")
        return (
            f"<p style='margin:0 0 4px 0'><span style='color:{colour}'><b>{html.escape(who)}</b>"
            f"</span> <small>{when}</small>{extra}<br>{subject}{text}{files}</p>"
        )

    def _send(self) -> None:
        text = self.reply.text().strip()
        if not text or not self._reply_ok:
            return
        self.intent_requested.emit(it.SendText(self.cid, text))
        self.reply.clear()

    def retranslate(self) -> None:
        """Set texts in the current language."""
        self.send.setText(QCoreApplication.translate("ConversationView", "Send"))
        self.reply.setPlaceholderText(
            QCoreApplication.translate("ConversationView", "Reply with a text message…")
        )
        self.reply.setAccessibleName(QCoreApplication.translate("ConversationView", "Reply"))
        self.messages.setAccessibleName(
            QCoreApplication.translate("ConversationView", "Conversation")
        )
        self._key = None
