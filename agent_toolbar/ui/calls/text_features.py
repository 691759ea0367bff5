"""What text sessions, SIP messages and wrap-up records add to every call card.

:class:`TextCardExtender` is connected to the call list's ``card_created`` signal. Each card
gets, in its button row, **Take into work** (a text session waiting for the operator),
**Result…** (wrap-up: the call result and a callback, :mod:`disposition_dialog`) and a
**⋯** menu (music on hold before holding); under its details, the
:class:`~agent_toolbar.ui.calls.conversation_view.ConversationView` and the line saying
which result and callback were accepted. Verdicts come from
:func:`~agent_toolbar.cti.actions_text.text_actions`; clicks become intents on the card's own
``intent_requested`` signal. :func:`install_text_features` is the app's one-line hook; it also
sets the wrap-up policy (``wrapup/disposition_required``) and the window menu's service
commands (:mod:`~agent_toolbar.ui.window.service_menu`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Allowed
from agent_toolbar.cti.actions_text import TextAction, text_actions
from agent_toolbar.cti.dispositions import Catalogue
from agent_toolbar.cti.events import WrapUpPolicySet
from agent_toolbar.cti.model import SessionState
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import QCoreApplication, QObject, QtWidgets
from agent_toolbar.ui.calls.call_card import CallCard
from agent_toolbar.ui.calls.conversation_view import ConversationView
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.common.session_bridge import SessionBridge
from agent_toolbar.ui.common.tr import fill

if TYPE_CHECKING:
    from agent_toolbar.settings import Settings
    from agent_toolbar.ui.calls.disposition_dialog import DispositionDialog
    from agent_toolbar.ui.window.main_window import MainWindow

__all__ = ["CardTextParts", "TextCardExtender", "install_text_features"]

log = logging.getLogger(__name__)

#: Refusals that hide a card control rather than grey it (not in this phase of the call).
_HIDE = frozenset(
    {"unsupported", "text_session", "not_ended", "ended", "session_over", "nothing_waiting"}
)


class CardTextParts(QObject):
    """The controls one card gets."""

    def __init__(
        self,
        card: CallCard,
        open_result: Callable[[str], None],
        run: Callable[[CallCard, it.Intent, str], None],
    ) -> None:
        """Add the controls to ``card`` (``run`` sends an intent and flashes its outcome)."""
        super().__init__(card)
        self.card = card
        self._run = run
        self.take = QtWidgets.QPushButton(card)
        self.take.setObjectName("takeTextSession")
        self.take.setProperty("role", "answer")
        self.take.clicked.connect(self._take)
        self.result = QtWidgets.QPushButton(card)
        self.result.setObjectName("callResult")
        self.result.clicked.connect(lambda: open_result(card.cid))
        self.more = QtWidgets.QToolButton(card)
        self.more.setObjectName("cardMore")
        self.more.setText("⋯")
        self.more.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QtWidgets.QMenu(self.more)
        self.music = menu.addAction("")
        self.music.triggered.connect(self._music)
        self.more.setMenu(menu)
        for widget in (self.take, self.result, self.more):
            card.add_action_widget(widget)
            widget.hide()
        self.view = ConversationView(card.cid, card)
        self.view.intent_requested.connect(card.intent_requested)
        card.add_details_widget(self.view)
        self._waiting = ""
        self._logged: tuple[int, str] | None = None
        self.retranslate()

    def render(self, state: SessionState, catalogue: Catalogue) -> None:
        """Show the card's call as ``state`` has it."""
        cid = self.card.cid
        call = state.calls.get(cid)
        if call is None:
            return
        verdicts = text_actions(state, cid)
        conversation = state.conversations.get(cid)
        self._waiting = conversation.waiting if conversation else ""
        if conversation is not None:
            seen = (len(conversation.messages), conversation.phase.value)
            if seen != self._logged:  # counts only: what customers write stays out of logs
                self._logged = seen
                log.info("conversation on call %s: %d messages, %s", cid, *seen)
        self._show(self.take, verdicts.get(TextAction.TAKE))
        dispo = verdicts.get(TextAction.DISPOSITION, Allowed(False))
        callback = verdicts.get(TextAction.CALLBACK, Allowed(False))
        self._show(self.result, dispo if dispo.ok or not callback.ok else callback)
        music = verdicts.get(TextAction.MUSIC_ON_HOLD, Allowed(False))
        self.music.setEnabled(music.ok)
        self.more.setVisible(music.ok)
        self.view.show_call(call, conversation, verdicts, _wrapup_line(state, cid, catalogue))

    def _show(self, button: QtWidgets.QPushButton, verdict: Allowed | None) -> None:
        verdict = verdict or Allowed(False)
        hidden = not verdict.ok and (verdict.why is None or verdict.why.value in _HIDE)
        button.setVisible(not hidden)
        button.setEnabled(verdict.ok)
        # The button's words may be short ("Result…"): its tooltip names it in full.
        name = button.accessibleName() if button is self.result else ""
        button.setToolTip(name if verdict.ok else texts.why_text(verdict))

    def _take(self) -> None:
        if self._waiting:
            self.card.intent_requested.emit(it.TakeTextSession(self.card.cid, self._waiting))

    def _music(self) -> None:
        url, ok = QtWidgets.QInputDialog.getText(
            self.card,
            QCoreApplication.translate("TextFeatures", "Music on hold"),
            QCoreApplication.translate(
                "TextFeatures", "Sound file or address for the music the customer hears on hold:"
            ),
            text="file:res\\sounds\\music\\sp.raw",
        )
        if ok and url.strip():
            done = QCoreApplication.translate("TextFeatures", "Music on hold set: %1")
            self._run(self.card, it.SetMusicOnHold(self.card.cid, url.strip()), fill(done, url))

    def retranslate(self) -> None:
        """Set texts in the current language."""
        self.take.setText(QCoreApplication.translate("TextFeatures", "Take into work"))
        self.result.setText(QCoreApplication.translate("TextFeatures", "Result…"))
        self.result.setAccessibleName(
            QCoreApplication.translate("TextFeatures", "Call result and callback")
        )
        self.more.setToolTip(QCoreApplication.translate("TextFeatures", "More actions"))
        self.more.setAccessibleName(QCoreApplication.translate("TextFeatures", "More actions"))
        self.music.setText(QCoreApplication.translate("TextFeatures", "Music on hold…"))
        self.view.retranslate()


def _wrapup_line(state: SessionState, cid: str, catalogue: Catalogue) -> str:
    record = state.wrapup_of(cid)
    parts = []
    if record.disposition:
        parts.append(
            fill(
                QCoreApplication.translate("TextFeatures", "Result: %1"),
                catalogue.label(record.disposition),
            )
        )
    if record.callback_at is not None:
        when = time.strftime("%d.%m %H:%M", time.localtime(record.callback_at))
        parts.append(fill(QCoreApplication.translate("TextFeatures", "Callback at %1"), when))
    return " · ".join(parts)


class TextCardExtender(QObject):
    """Adds :class:`CardTextParts` to each card and renders them on every state change."""

    def __init__(self, session: Session, settings: Settings, parent: QObject | None = None):
        """Create the extender over ``session`` (settings: the call-result catalogue)."""
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.catalogue = Catalogue()
        self.parts: dict[str, CardTextParts] = {}
        self.dialog: DispositionDialog | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.reload()

    def reload(self) -> None:
        """Read the wrap-up settings again (catalogue, policy)."""
        self.catalogue = Catalogue.parse(self.settings.text("wrapup/dispositions"))
        for problem in self.catalogue.problems:
            log.warning("wrapup/dispositions: %s", problem)
        required = self.settings.flag("wrapup/disposition_required")
        self.session.apply(WrapUpPolicySet(disposition_required=required, at=time.time()))
        self.render()

    def extend(self, card: CallCard) -> None:
        """Add the controls to a new card (connect to ``CallList.card_created``)."""
        parts = CardTextParts(card, self.open_result, self.run)
        self.parts[card.cid] = parts
        card.destroyed.connect(lambda *_, c=card.cid: self.parts.pop(c, None))
        parts.render(self.session.state, self.catalogue)

    def render(self) -> None:
        """Render every card's controls for the current state."""
        state = self.session.state
        for parts in tuple(self.parts.values()):
            with contextlib.suppress(RuntimeError):  # the card is being destroyed
                parts.render(state, self.catalogue)
        if self.dialog is not None:
            with contextlib.suppress(RuntimeError):
                self.dialog.apply_state(state)

    def run(self, card: CallCard, intent: it.Intent, done: str) -> None:
        """Send ``intent``; flash ``done`` on success (a failure shows on the card)."""

        async def send() -> None:
            failure = await self.session.execute(intent)
            if failure is None:
                with contextlib.suppress(RuntimeError):
                    card.explained.emit(done)

        task = asyncio.ensure_future(send())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def open_result(self, cid: str) -> None:
        """Open the call-result dialog for call ``cid``."""
        from agent_toolbar.ui.calls.disposition_dialog import DispositionDialog

        if self.dialog is not None:
            with contextlib.suppress(RuntimeError):
                self.dialog.close()
        parent = self.parts[cid].card.window() if cid in self.parts else None
        dialog = DispositionDialog(
            cid,
            self.catalogue,
            self.session.execute,
            login=self.session.state.login,
            callbacks=self.settings.flag("wrapup/callbacks"),
            parent=parent,
        )
        self.dialog = dialog
        dialog.apply_state(self.session.state)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        dialog.search.setFocus()
        log.info("call-result dialog opened for call %s", cid)

    def retranslate(self) -> None:
        """Re-translate every card's controls."""
        for parts in self.parts.values():
            parts.retranslate()
        self.render()

    def watch(self) -> None:
        """Re-render after the session's state changes (at most once per loop turn)."""
        SessionBridge.of(self.session).state_changed.connect(lambda _state: self.render())


def install_text_features(
    window: MainWindow, session: Session, settings: Settings
) -> TextCardExtender:
    """Extend every card of ``window`` and add the service commands to its menu."""
    from agent_toolbar.ui.window.service_menu import install_service_menu

    extender = TextCardExtender(session, settings, parent=window.call_list)
    window.call_list.card_created.connect(extender.extend)
    for card in window.call_list.findChildren(CallCard):
        extender.extend(card)
    extender.watch()
    window.result_requested.connect(extender.open_result)
    install_service_menu(window, session, settings)
    return extender
