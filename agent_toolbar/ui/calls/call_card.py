"""One call as the operator sees it: who, where from, how long, and what can be done now.

A card renders one :class:`~agent_toolbar.cti.model.Call` of a
:class:`~agent_toolbar.cti.model.SessionState`. Its buttons are derived only from
:func:`~agent_toolbar.cti.actions.call_actions`: an action refused because it does not
belong to the call's phase is hidden, any other refused action is disabled and its tooltip
says why (:func:`~agent_toolbar.ui.common.texts.why_text`); an allowed one shows its hotkey.
Clicks become intents (``intent_requested``); the card never talks to the network.

Extension points for other features (marked ``EXTENSION``): :meth:`CallCard.add_action_widget`
puts a control (e.g. "Open CRM") in the button row, :meth:`CallCard.set_details_widget`
puts a panel (e.g. call data) under it, and ``call_updated`` tells them the call changed.
"""

from __future__ import annotations

from collections.abc import Mapping

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Action, Allowed, Why, call_actions, intent_for
from agent_toolbar.cti.model import Call, Direction, SecureMode, SessionState
from agent_toolbar.qt import QPalette, QSize, Qt, QtCore, QtGui, QtWidgets, Signal
from agent_toolbar.ui.calls.call_parts import (
    ActionButton,
    CardHeader,
    DtmfPopup,
    ErrorRow,
    call_phase,
    repolish,
)
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.common.icons import icon
from agent_toolbar.ui.common.tr import fill
from agent_toolbar.ui.transfer.transfer_progress import TransferProgress

__all__ = ["BUTTONS", "CARD_MAX_WIDTH", "CARD_WIDTH", "CallCard"]

#: The card's buttons, in order: each shows the first action of its pair that applies.
BUTTONS: tuple[tuple[str, tuple[Action, ...]], ...] = (
    ("answer", (Action.ANSWER,)),
    ("hold", (Action.HOLD, Action.RESUME)),
    ("mute", (Action.MUTE, Action.UNMUTE)),
    ("dtmf", (Action.DTMF,)),
    ("transfer", (Action.TRANSFER,)),
    ("secure", (Action.SECURE_ON, Action.SECURE_OFF)),
    ("announce", (Action.PLAY_ANNOUNCEMENT,)),
    ("active", (Action.MAKE_ACTIVE,)),
    ("close", (Action.CLOSE,)),
    ("hangup", (Action.HANGUP,)),
)
_ICONS = {
    Action.ANSWER: "answer",
    Action.HANGUP: "hangup",
    Action.HOLD: "hold",
    Action.RESUME: "resume",
    Action.MUTE: "mute",
    Action.UNMUTE: "unmute",
    Action.DTMF: "dialpad",
    Action.TRANSFER: "transfer",
    Action.SECURE_ON: "secure",
    Action.SECURE_OFF: "secure",
    Action.MAKE_ACTIVE: "active",
    Action.CLOSE: "wrapup",
    Action.PLAY_ANNOUNCEMENT: "announce",
}
# A refusal that means "the other action of the pair is the one to show".
_ALREADY = frozenset({Why.ON_HOLD, Why.MUTED, Why.SECURE_ALREADY})
# Refusals meaning "not in this phase of the call" (or never, on this phone): such a button
# is hidden rather than greyed, so a ringing card shows Answer and Hang up, a talking one
# Hold, Mute, Keypad, Transfer…, a card in wrap-up Finish wrap-up. Greyed buttons are the
# ones that would work but cannot right now (disconnected, waiting for an answer …).
_HIDDEN = frozenset(
    {
        Why.UNSUPPORTED,
        Why.NOT_RINGING,
        Why.OUTGOING,
        Why.NOT_CONNECTED,
        Why.ENDED,
        Why.NOT_ENDED,
        Why.ALREADY_ACTIVE,
        Why.TEXT_SESSION,
    }
)
#: Narrowest width of a card in the horizontal strip (every card gets at least this).
CARD_WIDTH = 380
#: Widest a card grows in the strip, when its name and state need it and there is room.
CARD_MAX_WIDTH = 520
# Buttons that show their text next to the icon while they are the thing to do.
_PRIMARY = frozenset({Action.ANSWER, Action.CLOSE})
_DTMF_CHARS = frozenset("0123456789*#")


def _pick(pair: tuple[Action, ...], verdicts: Mapping[Action, Allowed]) -> Action:
    first = pair[0]
    if len(pair) == 1 or verdicts.get(first, Allowed(False)).ok:
        return first
    second = pair[1]
    if verdicts.get(second, Allowed(False)).ok:
        return second
    return second if verdicts.get(first, Allowed(False)).why in _ALREADY else first


class CallCard(QtWidgets.QFrame):
    """A card for one call (never for the device leg).

    Signals:
        intent_requested(object): An :class:`~agent_toolbar.cti.intents.Intent` to submit.
        transfer_requested(str): The operator wants to transfer this call (its ``cid``).
        error_dismissed(str): The operator dismissed the error shown on the card.
        explained(str): A short explanation to flash (e.g. a keypad key that cannot be sent).
        call_updated(object): The card rendered a changed :class:`Call` (for extensions).
    """

    intent_requested = Signal(object)
    transfer_requested = Signal(str)
    error_dismissed = Signal(str)
    explained = Signal(str)
    call_updated = Signal(object)

    def __init__(
        self,
        cid: str,
        parent: QtWidgets.QWidget | None = None,
        target_names: Mapping[str, str] | None = None,
    ) -> None:
        """Create an empty card for ``cid``; :meth:`apply_state` fills it.

        ``target_names`` (number → directory label) names transfer targets.
        """
        super().__init__(parent)
        self.setObjectName("CallCard")
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._cid = cid
        self._call: Call | None = None
        self._key: tuple[object, ...] | None = None
        self._verdicts: Mapping[Action, Allowed] = {}
        self._shown: dict[str, Action] = {}
        self._hotkeys: Mapping[Action, str] = {}
        self._tints: dict[str, tuple[Action, str | None]] = {}
        self._width_hint = CARD_WIDTH
        self._rendered = False

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        self.header = CardHeader(self)
        layout.addWidget(self.header)
        self.transfer_row = TransferProgress(self, target_names)
        self.transfer_row.intent_requested.connect(self.intent_requested)
        layout.addWidget(self.transfer_row)
        # In a strip every card is as tall as the tallest: spare height goes above the
        # buttons, so the buttons of all cards line up along the bottom.
        layout.addStretch(1)

        row = QtWidgets.QHBoxLayout()
        row.setSpacing(4)
        self._row = row
        self._buttons: dict[str, ActionButton] = {}
        for name, pair in BUTTONS:
            button = ActionButton(name, self)
            button.clicked.connect(lambda _c=False, n=name: self._clicked(n))
            self._buttons[name] = button
            self._shown[name] = pair[0]
            if name == "close":
                row.addStretch(1)
                # EXTENSION: controls added by add_action_widget() go here.
                self._extension_row = QtWidgets.QHBoxLayout()
                self._extension_row.setSpacing(4)
                row.addLayout(self._extension_row)
            row.addWidget(button)
        layout.addLayout(row)
        self._buttons["hangup"].setProperty("role", "hangup")
        self._buttons["answer"].setProperty("role", "answer")
        self._buttons["close"].setProperty("role", "primary")

        self.error_row = ErrorRow(self)
        self.error_row.dismissed.connect(lambda: self.error_dismissed.emit(self._cid))
        layout.addWidget(self.error_row)
        # A command the phone system accepted but has not confirmed yet (never on Naumen).
        self.stage_line = QtWidgets.QLabel(self)
        self.stage_line.setObjectName("commandStage")
        self.stage_line.setWordWrap(True)
        self.stage_line.hide()
        layout.addWidget(self.stage_line)
        # EXTENSION: the details panel set by set_details_widget() goes here.
        self._details_slot = QtWidgets.QVBoxLayout()
        self._details_slot.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._details_slot)
        self._details: QtWidgets.QWidget | None = None

        self._dtmf: DtmfPopup | None = None  # built when first opened (cards must be cheap)
        self.refresh_icons()
        self.retranslate()

    # ------------------------------------------------------------------ public

    @property
    def cid(self) -> str:
        """The call this card shows."""
        return self._cid

    @property
    def call(self) -> Call | None:
        """The call as last rendered."""
        return self._call

    def button(self, name: str) -> QtWidgets.QToolButton:
        """The button ``name`` (one of :data:`BUTTONS`' names)."""
        return self._buttons[name]

    def shown_action(self, name: str) -> Action:
        """Which action button ``name`` currently stands for (``hold`` or ``resume`` …)."""
        return self._shown[name]

    @property
    def dtmf_popup(self) -> DtmfPopup:
        """The keypad popup of this card (built on first use)."""
        if self._dtmf is None:
            self._dtmf = DtmfPopup(self)
            self._dtmf.pad.digits_entered.connect(self._send_dtmf)
            if self._call is not None:
                self._dtmf.pad.set_secure(self._call.secure is not SecureMode.OFF)
        return self._dtmf

    def set_hotkeys(self, hotkeys: Mapping[Action, str]) -> None:
        """Key sequences (native text) to show in the tooltips of allowed actions."""
        if dict(hotkeys) != dict(self._hotkeys):
            self._hotkeys = dict(hotkeys)
            self._key = None

    def add_action_widget(self, widget: QtWidgets.QWidget) -> None:
        """EXTENSION: add a control (e.g. "Open CRM") to the card's button row."""
        widget.setParent(self)
        self._extension_row.addWidget(widget)

    def set_details_widget(self, widget: QtWidgets.QWidget | None) -> None:
        """EXTENSION: show ``widget`` (e.g. the call-data panel) under the buttons."""
        if self._details is not None:
            self._details_slot.removeWidget(self._details)
            self._details.setParent(None)
        self._details = widget
        if widget is not None:
            self._details_slot.addWidget(widget)

    def add_details_widget(self, widget: QtWidgets.QWidget) -> None:
        """EXTENSION: show ``widget`` (e.g. a conversation) under the details panel."""
        layout = self.layout()
        if layout is not None:
            widget.setParent(self)
            layout.addWidget(widget)

    def apply_state(self, state: SessionState) -> bool:
        """Show the call as ``state`` has it; returns False when nothing needed redrawing."""
        call = state.calls.get(self._cid)
        if call is None:
            return False
        key = (
            call,
            state.active_cid == self._cid,
            state.connection.state,
            state.agent.top,
            state.capabilities,
            bool(state.conferences),
            frozenset(a for c, a in state.inflight if c == self._cid),
            state.command_for(self._cid),
        )
        if self._key is not None and self._key[0] is call and self._key[1:] == key[1:]:
            return False
        self._key = key
        changed = call is not self._call
        self._call = call
        self._verdicts = call_actions(state, self._cid)
        active = state.active_cid == self._cid
        self.header.show_call(call, active)
        self.transfer_row.show_call(call, self._verdicts)
        self.error_row.show_error(call.error, call.notice)
        progress = state.command_for(self._cid)
        stage = texts.command_stage_text(progress) if progress is not None else ""
        self.stage_line.setText(stage)
        self.stage_line.setVisible(bool(stage))
        self._render_buttons()
        self._rendered = True
        if self._dtmf is not None:
            self._dtmf.pad.set_secure(call.secure is not SecureMode.OFF)
        self._set_looks(call, active)
        self.setAccessibleName(self._describe(call))
        if changed:
            self.call_updated.emit(call)
        return True

    def tick(self, now: float) -> None:
        """Advance the timers (called once a second)."""
        if self._call is not None:
            self.header.tick(self._call, now)
            self.transfer_row.tick(now)

    def refresh_icons(self) -> None:
        """Re-tint the icons (the palette changed)."""
        self._tints.clear()
        for name, button in self._buttons.items():
            self._set_icon(name, self._shown[name], button.isEnabled())
        self.header.refresh_icons()
        self.error_row.refresh_icons()

    def retranslate(self) -> None:
        """Re-create texts in the current language."""
        if self._dtmf is not None:
            self._dtmf.pad.retranslate()
        self.error_row.retranslate()
        self._key = None

    # ------------------------------------------------------------------ rendering

    def _render_buttons(self) -> None:
        for name, pair in BUTTONS:
            action = _pick(pair, self._verdicts)
            verdict = self._verdicts.get(action, Allowed(False, Why.UNSUPPORTED))
            button = self._buttons[name]
            self._shown[name] = action
            self._set_icon(name, action, verdict.ok)
            label = texts.action_label(action)
            button.setVisible(verdict.ok or verdict.why not in _HIDDEN)
            button.setEnabled(verdict.ok)
            button.setText(texts.button_label(action))
            button.setAccessibleName(label)
            button.set_primary_text(action in _PRIMARY and verdict.ok)
            if len(pair) > 1:
                button.setCheckable(True)
                button.setChecked(action is pair[1])
            if verdict.ok:
                hotkey = self._hotkeys.get(action, "")
                tip = (
                    fill(QtCore.QCoreApplication.translate("CallCard", "%1 (%2)"), label, hotkey)
                    if hotkey
                    else label
                )
            else:
                reason = texts.why_text(verdict) if verdict.why else ""
                tip = fill(QtCore.QCoreApplication.translate("CallCard", "%1 — %2"), label, reason)
            button.setToolTip(tip)
            button.setAccessibleDescription(tip)

    def _set_icon(self, name: str, action: Action, enabled: bool) -> None:
        # Filled buttons (green Answer, accent Finish wrap-up) need a light icon on them.
        tint: str | None = None
        if enabled and action is Action.ANSWER:
            tint = "#ffffff"
        elif enabled and action is Action.CLOSE:
            tint = QtGui.QGuiApplication.palette().color(QPalette.ColorRole.HighlightedText).name()
        key = (action, tint)
        if self._tints.get(name) != key:
            self._tints[name] = key
            self._buttons[name].setIcon(icon(_ICONS.get(action, name), tint))

    def _set_looks(self, call: Call, active: bool) -> None:
        phase = call_phase(call)
        if self.property("phase") != phase or self.property("active") != active:
            self.setProperty("phase", phase)
            self.setProperty("active", active)
            repolish(self)

    def _describe(self, call: Call) -> str:
        who = call.display_name or call.number or texts.call_state_text(call)
        if call.direction is Direction.OUT:
            text = QtCore.QCoreApplication.translate("CallCard", "Call to %1, %2")
        else:
            text = QtCore.QCoreApplication.translate("CallCard", "Call from %1, %2")
        return fill(text, who, texts.call_state_text(call))

    # ------------------------------------------------------------------ actions

    def _clicked(self, name: str) -> None:
        action = self._shown[name]
        if not self._verdicts.get(action, Allowed(False)).ok:
            return
        intent = self._intent(action)
        if action is Action.DTMF:
            self.dtmf_popup.open_below(self._buttons[name])
            return
        if action is Action.TRANSFER:
            self.transfer_requested.emit(self._cid)
            return
        if intent is not None:
            # Until the next render shows the command in flight, a second click must not
            # send it twice.
            self._buttons[name].setEnabled(False)
            self.intent_requested.emit(intent)

    def _intent(self, action: Action) -> it.Intent | None:
        return intent_for(action, self._cid)

    def _send_dtmf(self, digits: str) -> None:
        verdict = self._verdicts.get(Action.DTMF, Allowed(False))
        if verdict.ok:
            self.intent_requested.emit(it.SendDtmf(self._cid, digits))
        elif verdict.why is not None:
            self.explained.emit(
                fill(
                    QtCore.QCoreApplication.translate("CallCard", "%1: %2"),
                    texts.action_label(Action.DTMF),
                    texts.why_text(verdict),
                )
            )

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        """Send digits, ``*`` and ``#`` typed while the card or one of its buttons has focus."""
        text = event.text()
        plain = not event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        if plain and text and all(ch in _DTMF_CHARS for ch in text):
            self._send_dtmf(text)
            event.accept()
            return
        super().keyPressEvent(event)

    def sizeHint(self) -> QSize:
        """Wide enough for the whole name beside the state and for the whole button row.

        Both within the strip's limits (:data:`CARD_WIDTH` to :data:`CARD_MAX_WIDTH`). The
        width only grows while the call lasts, so the buttons do not shift each time the
        state's text changes length.
        """
        hint = super().sizeHint()
        if not self._rendered:  # every button is still shown until the first render
            return QSize(self._width_hint, hint.height())
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else QtCore.QMargins()
        chrome = self.width() - self.contentsRect().width() + margins.left() + margins.right()
        wanted = max(self.header.wanted_width(), self._row.sizeHint().width()) + chrome
        self._width_hint = max(self._width_hint, min(max(wanted, CARD_WIDTH), CARD_MAX_WIDTH))
        return QSize(self._width_hint, hint.height())
