"""The call's data on its card: every parameter, and fields the admin lets operators edit.

A "Call data (N)" toggle opens a read-only table of the call's ``params`` and
``localParams`` (select a row and press Ctrl+C, or use the context menu, to copy a value).
Under it, one field per key listed in ``calldata/editable`` (call parameters) and
``calldata/editable_local`` (local parameters): Enter saves with a ``SetCallParam`` /
``SetLocalParam`` intent, Escape reverts. Values shown are always the state's — updates by
other clients (``CallParamsUpdated`` / ``LocalParamsUpdated``) appear as they arrive, except
in a field the operator is editing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Allowed
from agent_toolbar.cti.model import Call
from agent_toolbar.qt import QGuiApplication, QKeySequence, Qt, QtGui, QtWidgets, Signal
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.common.plain_text import plain_tooltip
from agent_toolbar.ui.common.tr import fill

__all__ = ["LOCAL", "PARAMS", "CallDataPanel"]

PARAMS = "params"
LOCAL = "localParams"
_NAME, _VALUE = 0, 1


class _Field(QtWidgets.QLineEdit):
    """An editable value that knows the state's value and whether the operator changed it."""

    def __init__(self, scope: str, key: str, parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        self.scope = scope
        self.key = key
        self.server_value = ""
        self.setObjectName(f"edit:{scope}.{key}")
        self.setClearButtonEnabled(True)

    @property
    def dirty(self) -> bool:
        return self.isModified() and self.text() != self.server_value

    def show_value(self, value: str) -> None:
        """Show the state's value unless the operator is in the middle of editing."""
        self.server_value = value
        if not (self.hasFocus() and self.dirty):
            self.setText(value)
            self.setModified(False)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.isModified():
            self.setText(self.server_value)
            self.setModified(False)
            event.accept()
            return
        super().keyPressEvent(event)


class CallDataPanel(QtWidgets.QWidget):
    """Parameters of one call, read-only in a table, some editable below it.

    Signals:
        intent_requested(object): A ``SetCallParam`` / ``SetLocalParam`` intent to submit.
        value_copied(str): A value was copied to the clipboard (its parameter name).
    """

    intent_requested = Signal(object)
    value_copied = Signal(str)

    def __init__(
        self,
        cid: str,
        editable: Sequence[str] = (),
        editable_local: Sequence[str] = (),
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        """Create the panel for call ``cid`` with the admin's editable keys."""
        super().__init__(parent)
        self.setObjectName("CallDataPanel")
        self._cid = cid
        self._params: Mapping[str, str] = {}
        self._local: Mapping[str, str] = {}
        self._fields: dict[tuple[str, str], _Field] = {}
        self._allowed = Allowed(True)

        self.toggle = QtWidgets.QToolButton(self)
        self.toggle.setObjectName("callDataToggle")
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.toggle.toggled.connect(self._expand)

        self.table = QtWidgets.QTreeWidget(self)
        self.table.setObjectName("callDataTable")
        self.table.setColumnCount(2)
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.header().setStretchLastSection(True)
        self.table.setMaximumHeight(180)
        self.copy_action = QtGui.QAction(self.table)
        self.copy_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy_selected)
        self.table.addAction(self.copy_action)
        self.table.itemDoubleClicked.connect(lambda *_: self.copy_selected())

        self.editors = QtWidgets.QWidget(self)
        self._form = QtWidgets.QFormLayout(self.editors)
        self._form.setContentsMargins(0, 0, 0, 0)
        self.set_editable(editable, editable_local)

        self.body = QtWidgets.QWidget(self)
        body = QtWidgets.QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.table)
        body.addWidget(self.editors)
        self.body.hide()

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toggle)
        layout.addWidget(self.body)
        self.retranslate()

    # ------------------------------------------------------------------ public

    def set_editable(self, editable: Sequence[str], editable_local: Sequence[str]) -> None:
        """Offer fields for these call-parameter and local-parameter keys."""
        wanted = [(PARAMS, k) for k in editable if k] + [(LOCAL, k) for k in editable_local if k]
        if wanted == list(self._fields):
            return
        while self._form.rowCount():
            self._form.removeRow(0)
        self._fields = {}
        for scope, key in wanted:
            edit = _Field(scope, key, self.editors)
            edit.returnPressed.connect(lambda e=edit: self._save(e))
            self._fields[(scope, key)] = edit
            label = key if scope == PARAMS else f"{key} ({self.tr('local')})"
            self._form.addRow(label, edit)
        self.editors.setVisible(bool(self._fields))
        self._render_fields()

    def field(self, scope: str, key: str) -> QtWidgets.QLineEdit:
        """The editor of ``key`` in ``scope`` (:data:`PARAMS` or :data:`LOCAL`)."""
        return self._fields[(scope, key)]

    def show_call(self, call: Call, allowed: Allowed | None = None) -> None:
        """Show ``call``'s parameters; ``allowed`` says whether they can be edited now."""
        if allowed is not None and allowed != self._allowed:
            self._allowed = allowed
            self._render_fields()
        if call.params is self._params and call.local_params is self._local:
            return
        self._params, self._local = call.params, call.local_params
        self._render_table()
        self._render_fields()
        self._render_toggle()

    def rows(self) -> list[tuple[str, str, str]]:
        """What the table shows: ``(scope, name, value)``, in order."""
        out: list[tuple[str, str, str]] = []
        for i in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(i)
            scope = item.data(_NAME, Qt.ItemDataRole.UserRole) if item is not None else None
            if item is not None and scope:
                out.append((scope, item.text(_NAME), item.text(_VALUE)))
        return out

    def copy_selected(self) -> None:
        """Copy the selected row's value to the clipboard."""
        item = self.table.currentItem()
        if item is None or not item.data(_NAME, Qt.ItemDataRole.UserRole):
            return
        value = item.data(_VALUE, Qt.ItemDataRole.UserRole) or ""
        QGuiApplication.clipboard().setText(str(value))
        self.value_copied.emit(item.text(_NAME))

    def retranslate(self) -> None:
        """Set texts in the current language."""
        self.table.setHeaderLabels([self.tr("Name"), self.tr("Value")])
        self.copy_action.setText(self.tr("Copy value"))
        self.toggle.setToolTip(self.tr("Show or hide the call's parameters"))
        self._render_toggle()
        self._render_table()
        self._render_fields()

    # ------------------------------------------------------------------ rendering

    def _expand(self, on: bool) -> None:
        self.body.setVisible(on)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

    def _render_toggle(self) -> None:
        count = len(self._params) + len(self._local)
        self.toggle.setText(fill(self.tr("Call data (%1)"), str(count)))

    def _render_table(self) -> None:
        self.table.clear()
        groups = (
            (PARAMS, self._params, self.tr("Call parameters")),
            (LOCAL, self._local, self.tr("Local parameters")),
        )
        for scope, values, title in groups:
            if not values:
                continue
            heading = QtWidgets.QTreeWidgetItem([title, ""])
            heading.setFirstColumnSpanned(True)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = heading.font(_NAME)
            font.setBold(True)
            heading.setFont(_NAME, font)
            self.table.addTopLevelItem(heading)
            heading.setFirstColumnSpanned(True)
            for name in sorted(values, key=str.casefold):
                value = values[name]
                shown = " ".join(value.split()) if len(value) < 500 else value[:500] + "…"
                item = QtWidgets.QTreeWidgetItem([name, shown])
                item.setData(_NAME, Qt.ItemDataRole.UserRole, scope)
                item.setData(_VALUE, Qt.ItemDataRole.UserRole, value)
                item.setToolTip(_VALUE, plain_tooltip(value[:2000]))
                self.table.addTopLevelItem(item)
        self.table.resizeColumnToContents(_NAME)

    def _render_fields(self) -> None:
        reason = texts.why_text(self._allowed) if self._allowed.why else ""
        for (scope, key), edit in self._fields.items():
            values = self._params if scope == PARAMS else self._local
            edit.show_value(values.get(key, ""))
            edit.setReadOnly(not self._allowed.ok)
            edit.setToolTip(reason if not self._allowed.ok else self.tr("Enter saves, Esc reverts"))

    def _save(self, edit: _Field) -> None:
        if not self._allowed.ok or not edit.dirty:
            return
        value = edit.text()
        intent: it.Intent
        if edit.scope == PARAMS:
            intent = it.SetCallParam(self._cid, edit.key, value)
        else:
            intent = it.SetLocalParam(self._cid, edit.key, value)
        self.intent_requested.emit(intent)
