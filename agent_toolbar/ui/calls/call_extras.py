"""What screen-pop, call data and secure mode add to every call card.

:class:`CardExtender` is connected to the call list's ``card_created`` signal. For each new
card it adds the "Open CRM" button to the button row and, under the buttons, the secure-mode
banner, the screen-pop status line and the call-data panel (:class:`CallExtras`). Edits made
in the panel go out through the card's own ``intent_requested`` signal, so they reach the
session like every other card action.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from agent_toolbar.cti.actions import Action, Allowed, call_actions
from agent_toolbar.cti.model import Call, SessionState
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import QObject, QtWidgets
from agent_toolbar.screenpop.policy import PopResult
from agent_toolbar.ui.calls.call_card import CallCard
from agent_toolbar.ui.calls.call_data_panel import CallDataPanel
from agent_toolbar.ui.calls.crm_status import CrmStatus, OpenCrmButton
from agent_toolbar.ui.calls.secure_banner import SecureBanner
from agent_toolbar.ui.common.session_bridge import SessionBridge
from agent_toolbar.ui.shell.screenpop_opener import ScreenPop

__all__ = ["CallExtras", "CardExtender", "install_card_extras"]


class CallExtras(QtWidgets.QWidget):
    """The secure-mode banner, the screen-pop status and the call data of one card."""

    def __init__(
        self,
        cid: str,
        editable: Sequence[str] = (),
        editable_local: Sequence[str] = (),
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        """Create the extras for call ``cid``."""
        super().__init__(parent)
        self.setObjectName("CallExtras")
        self.cid = cid
        self.banner = SecureBanner(self)
        self.crm_status = CrmStatus(self)
        self.data = CallDataPanel(cid, editable, editable_local, self)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.banner)
        layout.addWidget(self.crm_status)
        layout.addWidget(self.data)

    def show_call(self, call: Call, allowed_edit: Allowed | None = None) -> None:
        """Render ``call`` (``allowed_edit``: whether its parameters can be edited now)."""
        self.banner.show_call(call)
        self.data.show_call(call, allowed_edit)

    def show_results(self, results: Sequence[PopResult]) -> None:
        """Show what screen-pop did for the call."""
        self.crm_status.show_results(results)

    def retranslate(self) -> None:
        """Set texts in the current language."""
        self.banner.retranslate()
        self.data.retranslate()


class CardExtender(QObject):
    """Adds :class:`CallExtras` and the "Open CRM" button to each card of a call list."""

    def __init__(
        self,
        state: Callable[[], SessionState],
        screenpop: ScreenPop | None = None,
        *,
        editable: Sequence[str] = (),
        editable_local: Sequence[str] = (),
        parent: QObject | None = None,
    ) -> None:
        """Create the extender.

        Args:
            state: Returns the session's current state (``lambda: session.state``).
            screenpop: The screen-pop service (None: no "Open CRM" button).
            editable: ``calldata/editable``.
            editable_local: ``calldata/editable_local``.
            parent: Qt parent.
        """
        super().__init__(parent)
        self._state = state
        self._screenpop = screenpop
        self._editable = tuple(editable)
        self._editable_local = tuple(editable_local)
        self._extras: dict[str, CallExtras] = {}
        if screenpop is not None:
            screenpop.results_changed.connect(self._results_changed)

    def extras(self, cid: str) -> CallExtras | None:
        """The extras of call ``cid``'s card, while it exists."""
        return self._extras.get(cid)

    def watch(self, session: Session) -> None:
        """Re-render the extras (coalesced) after state changes of ``session``.

        Needed for what changes without the call (the connection): cards re-render their
        extras themselves when their call changes.
        """
        SessionBridge.of(session).state_changed.connect(self.apply_state)

    def reload(self, get: Callable[[str], object]) -> None:
        """Read ``calldata/editable`` and ``calldata/editable_local`` again."""
        self.set_editable(_keys(get("calldata/editable")), _keys(get("calldata/editable_local")))

    def set_editable(self, editable: Sequence[str], editable_local: Sequence[str]) -> None:
        """Change the editable keys (settings changed)."""
        self._editable, self._editable_local = tuple(editable), tuple(editable_local)
        for extras in self._extras.values():
            extras.data.set_editable(self._editable, self._editable_local)

    def extend(self, card: CallCard) -> None:
        """Add the extras to a new card (connect to ``CallList.card_created``)."""
        cid = card.cid
        extras = CallExtras(cid, self._editable, self._editable_local, card)
        extras.data.intent_requested.connect(card.intent_requested)
        card.set_details_widget(extras)
        if self._screenpop is not None:
            button = OpenCrmButton(cid, card)
            button.open_requested.connect(self._open_now)
            card.add_action_widget(button)
            extras.show_results(self._screenpop.results(cid))
        self._extras[cid] = extras
        card.call_updated.connect(lambda call, c=cid: self._render(c, call))
        card.destroyed.connect(lambda *_, c=cid: self._extras.pop(c, None))
        if card.call is not None:
            self._render(cid, card.call)

    def apply_state(self, state: SessionState) -> None:
        """Re-render every card's extras for ``state`` (call after ``CallList.apply_state``).

        Cards already re-render their extras when their call changes; this also catches what
        changes without the call (the connection, the phone's capabilities).
        """
        for cid, extras in self._extras.items():
            call = state.calls.get(cid)
            if call is not None:
                extras.show_call(call, call_actions(state, cid).get(Action.EDIT_PARAMS))

    def _render(self, cid: str, call: Call) -> None:
        extras = self._extras.get(cid)
        if extras is None:
            return
        state = self._state()
        allowed = call_actions(state, cid).get(Action.EDIT_PARAMS) if cid in state.calls else None
        extras.show_call(call, allowed)

    def _open_now(self, cid: str) -> None:
        if self._screenpop is not None:
            self._screenpop.open_now(cid)

    def _results_changed(self, cid: str) -> None:
        extras = self._extras.get(cid)
        if extras is not None and self._screenpop is not None:
            extras.show_results(self._screenpop.results(cid))


def install_card_extras(
    call_list: QObject,
    session: Session,
    screenpop: ScreenPop | None,
    get: Callable[[str], object],
) -> CardExtender:
    """Extend every card ``call_list`` creates (the app's one-line hook).

    Args:
        call_list: The window's :class:`~agent_toolbar.ui.calls.call_list.CallList`.
        session: The session the window shows.
        screenpop: The screen-pop service.
        get: The settings getter (``Settings.get``), read again by :meth:`CardExtender.reload`.
    """
    extender = CardExtender(lambda: session.state, screenpop, parent=call_list)
    extender.reload(get)
    call_list.card_created.connect(extender.extend)  # type: ignore[attr-defined]
    for card in call_list.findChildren(CallCard):  # cards made before the hook
        extender.extend(card)
    extender.watch(session)
    return extender


def _keys(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple):
        return ()
    return tuple(str(v).strip() for v in value if str(v).strip())
