"""The transfer dialog: whom to transfer a call to, and how.

Keyboard first: the dialog opens with the cursor in the search field. Typing filters the
recent targets and the directory (``transfer/directory``) at once; Up/Down walk the list;
Enter transfers with the selected kind (Alt+1…Alt+4 pick a kind; the last kind used is
preselected). A typed number or URI is used as typed (tidied) unless the operator walks
into the list; a typed name picks the first match. An empty target is refused and an
obviously malformed one is flagged before anything is sent.

Only the kinds :func:`~agent_toolbar.cti.actions.transfer_kinds` offers are shown, each with
a one-line explanation. (The WebPhone has all four transfer commands, table 3.3, and no
conference commands, tables 3.5/3.6; the dialog says so on a WebPhone.) Whether the call can
be transferred at all comes from :func:`~agent_toolbar.cti.actions.call_actions`.

:class:`TransferLauncher` opens the dialog for a call with :meth:`QDialog.open` (never
``exec``), keeps it following the session, submits the chosen
:class:`~agent_toolbar.cti.intents.TransferCall` and remembers the target in
``ui/recent_targets``. :func:`install_transfers` is the app's one-line hook.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Action, call_actions, transfer_kinds
from agent_toolbar.cti.capabilities import Feature, RefusalKind
from agent_toolbar.cti.directory import (
    TargetCheck,
    TargetProblem,
    check_target,
    parse_directory,
    remember_target,
)
from agent_toolbar.cti.model import Call, SessionState, TransferKind
from agent_toolbar.cti.session import Session
from agent_toolbar.cti.transitions import TransferChanged, Transition
from agent_toolbar.qt import (
    QCoreApplication,
    QEvent,
    QKeySequence,
    QObject,
    QShortcut,
    Qt,
    QtCore,
    QtWidgets,
    Signal,
)
from agent_toolbar.settings import Settings
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.common.plain_text import plain_label
from agent_toolbar.ui.common.session_bridge import SessionBridge
from agent_toolbar.ui.common.tr import fill
from agent_toolbar.ui.transfer.directory import TargetDelegate, TargetModel

__all__ = ["KIND_ORDER", "TransferDialog", "TransferLauncher", "install_transfers", "kind_help"]

if TYPE_CHECKING:  # the window imports nothing of this module
    from agent_toolbar.ui.window.main_window import MainWindow

log = logging.getLogger(__name__)

#: The kinds in the order the dialog lists them (Alt+1 … Alt+4).
KIND_ORDER = (
    TransferKind.BLIND,
    TransferKind.CONSULTATION,
    TransferKind.CONFERENCE,
    TransferKind.CALLBACK,
)


def kind_help(kind: TransferKind) -> str:
    """One line explaining what a transfer kind does, in the operator's language."""
    lines = {
        TransferKind.BLIND: QCoreApplication.translate(
            "TransferDialog", "The caller goes straight to the target; you leave the call."
        ),
        TransferKind.CONSULTATION: QCoreApplication.translate(
            "TransferDialog",
            "The caller waits on hold while you talk to the target; hang up to hand over.",
        ),
        TransferKind.CONFERENCE: QCoreApplication.translate(
            "TransferDialog",
            "The target joins you and the caller; press Complete to leave them talking.",
        ),
        TransferKind.CALLBACK: QCoreApplication.translate(
            "TransferDialog", "The target takes the call, and it comes back to you after."
        ),
    }
    return lines[kind]


def _problem_text(problem: TargetProblem) -> str:
    if problem is TargetProblem.EMPTY:
        return QCoreApplication.translate(
            "TransferDialog", "Type a number or an address, or pick one from the list"
        )
    return QCoreApplication.translate(
        "TransferDialog",
        "This does not look like a number or an address (e.g. 201, +74951234567, sip:201@pbx)",
    )


class TransferDialog(QtWidgets.QDialog):
    """Choose a target and a kind for transferring one call.

    Signals:
        transfer_chosen(object): The operator confirmed a
            :class:`~agent_toolbar.cti.intents.TransferCall`.

    Attributes:
        search: The field the operator types a name, number or address in.
        targets: The list of recent targets and directory entries.
        model: The list's :class:`~agent_toolbar.ui.transfer.directory.TargetModel`.
        kind_buttons: One radio button per offered kind.
        hint: What Enter will do, or why it cannot.
        transfer_button: Sends the transfer (the default button).
    """

    transfer_chosen = Signal(object)

    def __init__(
        self,
        cid: str,
        directory_text: str = "",
        recent: Sequence[str] = (),
        kind: TransferKind | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        """Build the dialog for call ``cid`` (call :meth:`apply_state` before showing it)."""
        super().__init__(parent)
        self.setObjectName("TransferDialog")
        self._cid = cid
        self._allowed = True
        self._why = ""
        self._wanted_kind = kind
        self._offered_kinds: tuple[TransferKind, ...] = KIND_ORDER  # until apply_state()
        self.setWindowTitle(QCoreApplication.translate("TransferDialog", "Transfer call"))
        self.setMinimumWidth(480)

        self.call_line = plain_label(QtWidgets.QLabel(self))
        self.call_line.setObjectName("transferCall")
        self.call_line.setWordWrap(True)
        self.search = QtWidgets.QLineEdit(self)
        self.search.setObjectName("transferSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            QCoreApplication.translate("TransferDialog", "Name, department, number or SIP address")
        )
        self.search.setAccessibleName(QCoreApplication.translate("TransferDialog", "Transfer to"))
        self.search.textChanged.connect(self._query_changed)
        self.search.installEventFilter(self)

        self.model = TargetModel(self)
        self.model.load(directory_text, recent)
        self.targets = QtWidgets.QListView(self)
        self.targets.setObjectName("transferTargets")
        self.targets.setModel(self.model)
        self.targets.setItemDelegate(TargetDelegate(self.targets))
        self.targets.setUniformItemSizes(True)
        self.targets.setAccessibleName(
            QCoreApplication.translate("TransferDialog", "Recent targets and directory")
        )
        self.targets.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.targets.setMinimumHeight(180)
        self.targets.doubleClicked.connect(lambda _index: self.accept())
        selection = self.targets.selectionModel()
        selection.currentChanged.connect(lambda *_: self._refresh_hint())
        self.empty_list = QtWidgets.QLabel(self)
        self.empty_list.setObjectName("transferNoMatch")
        self.empty_list.setWordWrap(True)
        self.empty_list.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_list.setEnabled(False)  # drawn in the muted colour
        # The message replaces the list in place, so the dialog does not change height.
        self._list_stack = QtWidgets.QStackedWidget(self)
        self._list_stack.addWidget(self.targets)
        self._list_stack.addWidget(self.empty_list)

        kinds_box = QtWidgets.QGroupBox(QCoreApplication.translate("TransferDialog", "How"), self)
        kinds_layout = QtWidgets.QGridLayout(kinds_box)
        kinds_layout.setColumnStretch(1, 1)
        kinds_layout.setVerticalSpacing(2)
        self._kind_group = QtWidgets.QButtonGroup(self)
        self.kind_buttons: dict[TransferKind, QtWidgets.QRadioButton] = {}
        self._kind_help: dict[TransferKind, QtWidgets.QLabel] = {}
        for index, each in enumerate(KIND_ORDER):
            button = QtWidgets.QRadioButton(texts.transfer_kind_text(each), kinds_box)
            button.setObjectName(f"kind_{each.value}")
            button.setToolTip(
                fill(QCoreApplication.translate("TransferDialog", "Alt+%1"), str(index + 1))
            )
            button.toggled.connect(lambda on, k=each: self._kind_toggled(k, on))
            explain = QtWidgets.QLabel(kind_help(each), kinds_box)
            explain.setObjectName("kindHelp")
            explain.setWordWrap(True)
            explain.setEnabled(False)  # drawn in the muted colour
            self._kind_group.addButton(button, index)
            kinds_layout.addWidget(button, index * 2, 0, 1, 2)
            kinds_layout.addWidget(explain, index * 2 + 1, 1)
            self.kind_buttons[each] = button
            self._kind_help[each] = explain
            shortcut = QShortcut(QKeySequence(f"Alt+{index + 1}"), self)
            shortcut.activated.connect(lambda k=each: self.set_kind(k))
        self.phone_note = QtWidgets.QLabel(kinds_box)
        self.phone_note.setObjectName("phoneNote")
        self.phone_note.setWordWrap(True)
        self.phone_note.hide()
        kinds_layout.addWidget(self.phone_note, len(KIND_ORDER) * 2, 0, 1, 2)

        self.hint = plain_label(QtWidgets.QLabel(self))
        self.hint.setObjectName("transferHint")
        self.hint.setWordWrap(True)
        buttons = QtWidgets.QDialogButtonBox(self)
        self.transfer_button = buttons.addButton(
            texts.action_label(Action.TRANSFER), QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.transfer_button.setObjectName("transferGo")
        self.transfer_button.setDefault(True)
        self.cancel_button = buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.call_line)
        layout.addWidget(self.search)
        layout.addWidget(self._list_stack, 1)
        layout.addWidget(kinds_box)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.setTabOrder(self.search, self.targets)
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self._query_changed("")

    # ------------------------------------------------------------------ public

    @property
    def cid(self) -> str:
        """The call being transferred."""
        return self._cid

    def kind(self) -> TransferKind | None:
        """The kind selected (None when the phone offers none)."""
        for each, button in self.kind_buttons.items():
            if button.isChecked() and self._offered(each):
                return each
        return None

    def set_kind(self, kind: TransferKind) -> None:
        """Select ``kind`` if the phone offers it."""
        self._wanted_kind = kind
        if self._offered(kind):
            self.kind_buttons[kind].setChecked(True)

    def choice(self) -> TargetCheck:
        """What Enter would transfer to now: the selected row, else the typed text."""
        index = self.targets.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is not None and self.targets.selectionModel().isSelected(index):
            return TargetCheck(row.entry.number)
        return check_target(self.search.text())

    def apply_state(self, state: SessionState) -> None:
        """Follow the session: the call, whether it can still be transferred, the kinds."""
        call = state.calls.get(self._cid)
        verdict = call_actions(state, self._cid).get(Action.TRANSFER)
        self._allowed = verdict is not None and verdict.ok
        if call is None:
            self._why = QCoreApplication.translate("TransferDialog", "The call is over")
        elif verdict is not None and not verdict.ok and verdict.why is not None:
            self._why = texts.why_text(verdict)
        else:
            self._why = ""
        self.call_line.setText(self._describe(call))
        offered = transfer_kinds(state)
        self._offered_kinds = offered
        for each, button in self.kind_buttons.items():
            button.setVisible(each in offered)
            self._kind_help[each].setVisible(each in offered)
        wanted = self._wanted_kind if self._wanted_kind in offered else None
        if wanted is None and offered:
            wanted = (
                TransferKind.CONSULTATION if TransferKind.CONSULTATION in offered else offered[0]
            )
        if wanted is not None and not self.kind_buttons[wanted].isChecked():
            self.kind_buttons[wanted].setChecked(True)
        refusal = state.capabilities.refusal(Feature.CONFERENCES)
        device = refusal.device if refusal and refusal.kind is RefusalKind.DEVICE else ""
        self.phone_note.setVisible(bool(device) and len(offered) == len(TransferKind))
        self.phone_note.setText(
            fill(
                QCoreApplication.translate(
                    "TransferDialog",
                    "%1: all four kinds of transfer work; conference calls do not.",
                ),
                device,
            )
        )
        self._refresh_hint()

    # ------------------------------------------------------------------ dialog

    def accept(self) -> None:
        """Send the transfer when it can be sent; otherwise say why and stay open."""
        check = self.choice()
        kind = self.kind()
        if not self._allowed or kind is None or not check.ok:
            self._refresh_hint(insist=True)
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.transfer_chosen.emit(it.TransferCall(self._cid, kind, check.target))
        super().accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down in the search field walk the list (Up from the top returns to typing)."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            alt = event.modifiers() & Qt.KeyboardModifier.AltModifier  # type: ignore[attr-defined]
            digits = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4)
            if alt and key in digits:  # the Alt+N shortcuts, when they reach the field itself
                self.set_kind(KIND_ORDER[digits.index(key)])
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._walk(1 if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) else -1)
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ internals

    def _offered(self, kind: TransferKind) -> bool:
        return kind in self._offered_kinds

    def _kind_toggled(self, kind: TransferKind, on: bool) -> None:
        if not on:
            return
        self._wanted_kind = kind
        self._refresh_hint()

    def _walk(self, step: int) -> None:
        count = self.model.rowCount()
        if not count:
            return
        index = self.targets.currentIndex()
        selected = index.isValid() and self.targets.selectionModel().isSelected(index)
        row = index.row() if selected else -1
        new = row + step
        if new < 0:
            self.targets.clearSelection()
            self.targets.setCurrentIndex(QtCore.QModelIndex())
        else:
            self._select(min(new, count - 1))
        self._refresh_hint()

    def _select(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.targets.setCurrentIndex(index)
        self.targets.selectionModel().select(
            index, QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.targets.scrollTo(index)

    def _query_changed(self, text: str) -> None:
        self.model.set_query(text)
        typed = check_target(text)
        # A typed number is meant as typed; a typed name means the best match.
        if text.strip() and not typed.ok and self.model.rowCount():
            self._select(0)
        else:
            self.targets.clearSelection()
            self.targets.setCurrentIndex(QtCore.QModelIndex())
        has_rows = self.model.rowCount() > 0
        self._list_stack.setCurrentWidget(self.targets if has_rows else self.empty_list)
        if not has_rows:
            self.empty_list.setText(
                QCoreApplication.translate("TransferDialog", "No match in the directory")
                if text.strip()
                else QCoreApplication.translate(
                    "TransferDialog", "No directory configured and no recent targets"
                )
            )
        self._refresh_hint()

    def _refresh_hint(self, insist: bool = False) -> None:
        check = self.choice()
        kind = self.kind()
        problem = ""
        if not self._allowed:
            problem = self._why or QCoreApplication.translate(
                "TransferDialog", "This call cannot be transferred now"
            )
        elif kind is None:
            problem = QCoreApplication.translate("TransferDialog", "This phone offers no transfers")
        elif check.problem is TargetProblem.MALFORMED or (check.problem and insist):
            problem = _problem_text(check.problem)
        self.transfer_button.setEnabled(self._allowed and kind is not None and check.ok)
        if problem:
            text = problem
        elif not check.ok:
            text = _problem_text(TargetProblem.EMPTY)
        else:
            label = self.model.label_for(check.target)
            who = f"{label} ({check.target})" if label else check.target
            text = fill(
                QCoreApplication.translate("TransferDialog", "Enter: %1 to %2"),
                texts.transfer_kind_text(kind).lower() if kind else "",
                who,
            )
        self.hint.setProperty("problem", bool(problem))
        self.hint.setText(text)
        self.hint.setStyleSheet("color: palette(bright-text);" if problem else "")

    def _describe(self, call: Call | None) -> str:
        if call is None:
            return QCoreApplication.translate("TransferDialog", "Transfer")
        who = (
            call.display_name.strip()
            or call.number
            or QCoreApplication.translate("TransferDialog", "the caller")
        )
        number = call.number if call.number and call.number != who else ""
        text = fill(QCoreApplication.translate("TransferDialog", "Transfer %1"), who)
        return f"{text} · {number}" if number else text


class TransferLauncher(QObject):
    """Opens the transfer dialog for a call and carries out the operator's choice.

    Signals:
        problem_reported(str): Why the dialog did not open (to flash).
    """

    problem_reported = Signal(str)

    def __init__(
        self,
        session: Session,
        settings: Settings | None,
        window: QtWidgets.QWidget | None = None,
        names: dict[str, str] | None = None,
    ) -> None:
        """Launch dialogs over ``window`` for ``session``'s calls.

        ``names`` (number → directory label) is kept up to date for the cards' transfer
        strips (the call list's ``target_names``).
        """
        super().__init__(window)
        self.names: dict[str, str] = names if names is not None else {}
        self._session = session
        self._settings = settings
        self._window = window
        self.dialog: TransferDialog | None = None
        self.last_kind: TransferKind | None = None
        self._bridge = SessionBridge.of(session)
        self._bridge.changed.connect(self._state_changed)

    def open_for(self, cid: str) -> TransferDialog | None:
        """Open (or raise) the dialog for call ``cid``; None when it cannot be transferred."""
        state = self._session.state
        verdict = call_actions(state, cid).get(Action.TRANSFER)
        if verdict is None or not verdict.ok:
            why = (
                texts.why_text(verdict)
                if verdict is not None and verdict.why is not None
                else QCoreApplication.translate("TransferDialog", "The call is over")
            )
            self.problem_reported.emit(
                fill(
                    QCoreApplication.translate("TransferDialog", "%1: %2"),
                    texts.action_label(Action.TRANSFER),
                    why,
                )
            )
            return None
        if self.dialog is not None:
            if self.dialog.cid == cid and self.dialog.isVisible():
                self.dialog.raise_()
                self.dialog.activateWindow()
                return self.dialog
            self.dialog.reject()
        dialog = TransferDialog(
            cid,
            str(self._get("transfer/directory") or ""),
            self._recent(),
            self.last_kind,
            self._window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.set_names({e.number: e.label for e in dialog.model.entries})
        dialog.transfer_chosen.connect(self._chosen)
        dialog.finished.connect(lambda _result, d=dialog: self._closed(d))
        dialog.apply_state(state)
        self.dialog = dialog
        dialog.open()
        dialog.activateWindow()
        dialog.search.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
        return dialog

    def set_names(self, names: dict[str, str]) -> None:
        """The directory's labels for transfer targets (number → label)."""
        self.names.clear()
        self.names.update(names)

    def detach(self) -> None:
        """Stop following the session."""
        self._bridge.changed.disconnect(self._state_changed)

    def _get(self, key: str) -> object:
        return self._settings.get(key) if self._settings is not None else None

    def _recent(self) -> list[str]:
        value = self._get("ui/recent_targets")
        return [str(v) for v in value] if isinstance(value, list) else []

    def _chosen(self, intent: it.TransferCall) -> None:
        self.last_kind = intent.kind
        log.info("transfer of %s to %s (%s) chosen", intent.cid, intent.target, intent.kind)
        self._session.submit(intent)
        if self._settings is not None:
            try:
                self._settings.set(
                    "ui/recent_targets", remember_target(self._recent(), intent.target)
                )
            except PermissionError:
                log.info("recent transfer targets are locked by the administrator")

    def _closed(self, dialog: TransferDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _state_changed(
        self, _old: SessionState, _new: SessionState, changes: Sequence[Transition]
    ) -> None:
        _log_transfers(changes)
        if self.dialog is not None:
            with contextlib.suppress(RuntimeError):  # the dialog is already gone
                self.dialog.apply_state(self._session.state)


def _log_transfers(changes: Sequence[Transition]) -> None:
    """Log each transfer step (support reads these; never digits or call data)."""
    for change in changes:
        if not isinstance(change, TransferChanged) or change.transfer is None:
            continue
        cid, transfer = change.call.cid, change.transfer
        failure = (
            f" ({transfer.failure.value} {transfer.code or ''} {transfer.text or ''})".rstrip()
            if transfer.failure is not None
            else ""
        )
        log.info(
            "transfer of %s to %s (%s): %s%s",
            cid,
            transfer.target or "?",
            transfer.kind or "another client",
            transfer.phase,
            failure,
        )


def install_transfers(
    window: MainWindow,
    session: Session,
    settings: Settings | None,
    flash: Callable[[str], None] | None = None,
) -> TransferLauncher:
    """Open the transfer dialog when ``window`` emits ``transfer_requested(cid)``.

    Args:
        window: The :class:`~agent_toolbar.ui.window.main_window.MainWindow` (card button, hotkey).
        session: The session the window shows.
        settings: Where the directory and recent targets are read and stored.
        flash: Where to say why a dialog did not open (the window's ``flash`` by default).
    """
    launcher = TransferLauncher(session, settings, window, window.call_list.target_names)
    if settings is not None:
        entries, _problems = parse_directory(settings.text("transfer/directory"))
        launcher.set_names({e.number: e.label for e in entries})
    window.transfer_requested.connect(launcher.open_for)
    launcher.problem_reported.connect(flash or window.flash)
    return launcher
