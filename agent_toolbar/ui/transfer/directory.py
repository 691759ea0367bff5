"""The transfer dialog's list of targets: recent targets first, then the directory, searchable.

:class:`TargetModel` holds the parsed ``transfer/directory`` (see
:mod:`agent_toolbar.cti.directory`) and ``ui/recent_targets``; :meth:`TargetModel.set_query`
filters both at once. :class:`TargetDelegate` draws each row on two lines: the label, then
the number with its group (or "Recent").
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from agent_toolbar.cti.directory import DirectoryEntry, find_entry, parse_directory, search
from agent_toolbar.qt import QCoreApplication, QPalette, QSize, Qt, QtCore, QtGui, QtWidgets

__all__ = ["NUMBER_ROLE", "SECTION_ROLE", "Section", "TargetDelegate", "TargetModel", "TargetRow"]

log = logging.getLogger(__name__)

#: Item role holding the address a row transfers to.
NUMBER_ROLE = int(Qt.ItemDataRole.UserRole) + 1
#: Item role holding the row's :class:`Section`.
SECTION_ROLE = int(Qt.ItemDataRole.UserRole) + 2


class Section(enum.StrEnum):
    """Where a row comes from."""

    RECENT = "recent"
    DIRECTORY = "directory"


@dataclass(frozen=True, slots=True)
class TargetRow:
    """One row of the list."""

    section: Section
    entry: DirectoryEntry


class TargetModel(QtCore.QAbstractListModel):
    """Recent targets and directory entries matching the current query."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        """Create an empty model (:meth:`load` fills it)."""
        super().__init__(parent)
        self._entries: tuple[DirectoryEntry, ...] = ()
        self._recent: tuple[str, ...] = ()
        self._rows: list[TargetRow] = []
        self._query = ""
        self.problems: tuple[str, ...] = ()

    # ------------------------------------------------------------------ public

    def load(self, directory_text: str, recent: Sequence[str]) -> None:
        """Use the ``transfer/directory`` text and the recent targets (most recent first)."""
        self._entries, self.problems = parse_directory(directory_text)
        for problem in self.problems:
            log.warning("transfer/directory: %s", problem)
        self._recent = tuple(str(r).strip() for r in recent if str(r).strip())
        self._refresh()

    @property
    def entries(self) -> tuple[DirectoryEntry, ...]:
        """The whole directory."""
        return self._entries

    def set_query(self, query: str) -> None:
        """Show only rows matching ``query`` (every word, in label, number or group)."""
        if query != self._query:
            self._query = query
            self._refresh()

    def row_at(self, row: int) -> TargetRow | None:
        """The row ``row`` (None when out of range)."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[TargetRow]:
        """Every row shown, in order."""
        return list(self._rows)

    def label_for(self, number: str) -> str:
        """The directory label of ``number`` ("" when it is not listed)."""
        entry = find_entry(self._entries, number)
        return entry.label if entry is not None and entry.label != number else ""

    # ------------------------------------------------------------------ Qt model

    def rowCount(  # noqa: D102
        self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex | None = None
    ) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def data(  # noqa: D102
        self,
        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        entry = row.entry
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return entry.label
        if role == NUMBER_ROLE:
            return entry.number
        if role == SECTION_ROLE:
            return row.section.value
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return self.detail(row)
        return None

    def detail(self, row: TargetRow) -> str:
        """The second line of a row: number and group, or number and "Recent"."""
        entry = row.entry
        where = (
            QCoreApplication.translate("TransferDirectory", "Recent")
            if row.section is Section.RECENT
            else entry.group
        )
        parts = [entry.number] if entry.label != entry.number else []
        parts += [where] if where else []
        return " · ".join(parts) or entry.number

    # ------------------------------------------------------------------ internals

    def _refresh(self) -> None:
        recent_entries = []
        for number in self._recent:
            listed = find_entry(self._entries, number)
            recent_entries.append(listed or DirectoryEntry(number, number))
        rows = [TargetRow(Section.RECENT, e) for e in search(recent_entries, self._query)]
        shown = {row.entry.number for row in rows}
        rows += [
            TargetRow(Section.DIRECTORY, e)
            for e in search(self._entries, self._query)
            if e.number not in shown
        ]
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()


class TargetDelegate(QtWidgets.QStyledItemDelegate):
    """Draws a row as its label over a muted "number · group" line."""

    def sizeHint(  # noqa: D102
        self,
        option: QtWidgets.QStyleOptionViewItem,
        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
    ) -> QSize:
        return QSize(200, option.fontMetrics.height() * 2 + 10)

    def paint(  # noqa: D102
        self,
        painter: QtGui.QPainter,
        option: QtWidgets.QStyleOptionViewItem,
        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
    ) -> None:
        model = index.model()
        row = model.row_at(index.row()) if isinstance(model, TargetModel) else None
        if row is None or not isinstance(model, TargetModel):
            super().paint(painter, option, index)
            return
        opt = QtWidgets.QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QtWidgets.QApplication.style()
        style.drawControl(QtWidgets.QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = opt.rect.adjusted(8, 4, -8, -4)
        selected = bool(opt.state & QtWidgets.QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        line = opt.fontMetrics.height()
        painter.save()
        bold = QtGui.QFont(opt.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(opt.palette.color(role.HighlightedText if selected else role.Text))
        top = QtCore.QRect(rect.left(), rect.top(), rect.width(), line)
        label = QtGui.QFontMetrics(bold).elidedText(
            row.entry.label, Qt.TextElideMode.ElideRight, top.width()
        )
        painter.drawText(top, int(left), label)
        painter.setFont(opt.font)
        painter.setPen(
            opt.palette.color(role.HighlightedText if selected else role.PlaceholderText)
        )
        bottom = QtCore.QRect(rect.left(), rect.top() + line + 2, rect.width(), line)
        detail = opt.fontMetrics.elidedText(
            model.detail(row), Qt.TextElideMode.ElideRight, bottom.width()
        )
        painter.drawText(bottom, int(left), detail)
        painter.restore()
