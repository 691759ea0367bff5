"""The operator's calls as cards, side by side (strip) or stacked (panel).

One :class:`~agent_toolbar.ui.calls.call_card.CallCard` per customer call, in arrival order; a
card is created once per ``cid`` and reused until the call leaves the phone, and only cards
whose inputs changed are redrawn.
"""

from __future__ import annotations

from collections.abc import Mapping

from agent_toolbar.cti.actions import Action
from agent_toolbar.cti.model import SessionState
from agent_toolbar.qt import QSize, Qt, QtGui, QTimer, QtWidgets, Signal
from agent_toolbar.ui.calls.call_card import CARD_MAX_WIDTH, CARD_WIDTH, CallCard

__all__ = ["CallList"]


class CallList(QtWidgets.QScrollArea):
    """Cards for every customer call (the device leg gets none), scrolling when many.

    Signals:
        intent_requested(object): An intent from one of the cards.
        transfer_requested(str): The operator wants to transfer call ``cid``.
        error_dismissed(str): The operator dismissed the error on call ``cid``'s card.
        explained(str): A short explanation to flash.
        card_created(object): A new :class:`CallCard` exists (extensions attach to it here).
    """

    intent_requested = Signal(object)
    transfer_requested = Signal(str)
    error_dismissed = Signal(str)
    explained = Signal(str)
    card_created = Signal(object)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        """Create an empty list (horizontal until :meth:`set_orientation` says otherwise)."""
        super().__init__(parent)
        self.setObjectName("CallList")
        #: Transfer targets' directory labels (number → label), shared by every card.
        self.target_names: dict[str, str] = {}
        self.setWidgetResizable(True)
        self.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self._cards: dict[str, CallCard] = {}
        self._order: list[str] = []
        self._hotkeys: Mapping[Action, str] = {}
        self._inner = QtWidgets.QWidget(self)
        self._inner.setObjectName("CallListInner")
        self._box = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.LeftToRight, self._inner)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(6)
        self._placeholder = QtWidgets.QLabel(self._inner)
        self._placeholder.setObjectName("noCalls")
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._box.addWidget(self._placeholder, 1)
        self._box.addStretch(0)
        self.setWidget(self._inner)
        self._vertical = False
        self._overflowing = False
        self.set_orientation("horizontal")
        self.retranslate()

    # ------------------------------------------------------------------ public

    def cards(self) -> list[CallCard]:
        """The cards, in the order shown."""
        return [self._cards[cid] for cid in self._order]

    def card(self, cid: str) -> CallCard | None:
        """The card of call ``cid``, if it has one."""
        return self._cards.get(cid)

    def set_orientation(self, orientation: str) -> None:
        """Lay cards out ``horizontal``-ly (a strip) or ``vertical``-ly (a panel)."""
        vertical = orientation == "vertical"
        self._vertical = vertical
        self._box.setDirection(
            QtWidgets.QBoxLayout.Direction.TopToBottom
            if vertical
            else QtWidgets.QBoxLayout.Direction.LeftToRight
        )
        self.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            if vertical
            else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if vertical
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        for card in self._cards.values():
            self._size_card(card)

    def set_hotkeys(self, hotkeys: Mapping[Action, str]) -> None:
        """Hotkey texts for the cards' tooltips."""
        self._hotkeys = dict(hotkeys)
        for card in self._cards.values():
            card.set_hotkeys(self._hotkeys)

    def apply_state(self, state: SessionState) -> None:
        """Create, update, reorder and remove cards to match ``state``."""
        calls = state.customer_calls
        wanted = [call.cid for call in calls]
        for cid in [c for c in self._cards if c not in set(wanted)]:
            card = self._cards.pop(cid)
            self._box.removeWidget(card)
            card.hide()
            card.deleteLater()
        fresh_ringing: list[str] = []
        for call in calls:
            if call.cid not in self._cards:
                self._cards[call.cid] = self._new_card(call.cid)
                if call.ringing:
                    fresh_ringing.append(call.cid)
        changed = wanted != self._order
        if changed:
            for index, cid in enumerate(wanted):
                card = self._cards[cid]
                if self._box.indexOf(card) != index:
                    self._box.insertWidget(index, card)
            self._order = wanted
        for cid in wanted:
            changed = self._cards[cid].apply_state(state) or changed
        self._placeholder.setVisible(not wanted)
        if changed:
            self.updateGeometry()
        if fresh_ringing:
            # A new incoming call must never ring out of sight behind the scroll bar.
            newest = fresh_ringing[-1]
            QTimer.singleShot(0, lambda: self._reveal(newest))

    def minimumSizeHint(self) -> QSize:
        """In a strip, tall enough for the tallest card (and the scroll bar, when shown)."""
        hint = super().minimumSizeHint()
        self._overflowing = self._overflows()
        if self._vertical or not self._cards:
            return hint
        tallest = max(_height_needed(card) for card in self._cards.values())
        bar = self.horizontalScrollBar().sizeHint().height() if self._overflowing else 0
        return QSize(hint.width(), max(hint.height(), tallest + bar + 2))

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        """Ask for room for the scroll bar when the cards stop fitting (and give it back)."""
        super().resizeEvent(event)
        if self._overflows() != self._overflowing:
            self.updateGeometry()

    def _overflows(self) -> bool:
        # The horizontal bar shows when the cards' minimum widths exceed the viewport.
        if self._vertical:
            return False
        needed = self._inner.minimumSizeHint().width()
        return needed > self.maximumViewportSize().width()

    def tick(self, now: float) -> None:
        """Advance every card's timers."""
        for card in self._cards.values():
            card.tick(now)

    def refresh_icons(self) -> None:
        """Re-tint the cards' icons."""
        for card in self._cards.values():
            card.refresh_icons()

    def retranslate(self) -> None:
        """Set the static texts."""
        self._placeholder.setText(self.tr("No calls"))
        self.setAccessibleName(self.tr("Calls"))
        for card in self._cards.values():
            card.retranslate()

    # ------------------------------------------------------------------ cards

    def _reveal(self, cid: str) -> None:
        card = self._cards.get(cid)
        if card is not None:
            self.ensureWidgetVisible(card, 0, 0)

    def _new_card(self, cid: str) -> CallCard:
        card = CallCard(cid, self._inner, self.target_names)
        card.set_hotkeys(self._hotkeys)
        card.intent_requested.connect(self.intent_requested)
        card.transfer_requested.connect(self.transfer_requested)
        card.error_dismissed.connect(self.error_dismissed)
        card.explained.connect(self.explained)
        self._size_card(card)
        card.show()
        self.card_created.emit(card)
        return card

    def _size_card(self, card: CallCard) -> None:
        policy = QtWidgets.QSizePolicy.Policy
        if self._vertical:
            card.setSizePolicy(policy.Preferred, policy.Maximum)
            card.setMinimumWidth(0)
            card.setMaximumWidth(16777215)
        else:
            # As wide as the card asks (a long name beside its state) while the strip has
            # room; never narrower than CARD_WIDTH (then the strip scrolls).
            card.setSizePolicy(policy.Maximum, policy.Preferred)
            card.setMinimumWidth(CARD_WIDTH)
            card.setMaximumWidth(CARD_MAX_WIDTH)


def _height_needed(card: CallCard) -> int:
    # Wrapped lines (the transfer strip's steps and advice) take as many lines as the card's
    # real width makes them, not as many as their size hint guesses at a narrower width.
    if card.hasHeightForWidth():
        height = card.heightForWidth(max(card.width(), card.minimumWidth()))
        if height > 0:
            return height
    return card.sizeHint().height()
