"""The "Call history…" entry of the toolbar's window menu, with the unseen missed count.

Added from outside (the window's menu knows nothing of the journal): the entry goes first in
``window.menu_button``'s menu and reads "Call history (2 missed)…" while missed calls are
unseen; it follows language changes.
"""

from __future__ import annotations

from collections.abc import Callable

from agent_toolbar.qt import QAction, QEvent, QObject, QtCore, QtWidgets
from agent_toolbar.ui.history.texts import fill, trf

__all__ = ["HistoryMenuAction", "install_menu_action"]


class HistoryMenuAction(QObject):
    """Keeps the menu entry's text right (count and language)."""

    def __init__(self, menu: QtWidgets.QMenu, open_history: Callable[[], object]) -> None:
        """Insert the entry at the top of ``menu``; choosing it calls ``open_history()``."""
        super().__init__(menu)
        self.count = 0
        self.action = QAction(menu)
        self.action.setObjectName("historyAction")
        self.action.triggered.connect(lambda _checked=False: open_history())
        actions = menu.actions()
        if actions:
            menu.insertAction(actions[0], self.action)
        else:
            menu.addAction(self.action)
        menu.installEventFilter(self)
        self.retranslate()

    def set_count(self, count: int) -> None:
        """Show ``count`` unseen missed calls."""
        self.count = count
        self.retranslate()

    def retranslate(self) -> None:
        """The entry's text in the current language."""
        if self.count:
            text = fill(trf("HistoryWindow", "Call history (%1 missed)…"), str(self.count))
        else:
            text = trf("HistoryWindow", "Call history…")
        self.action.setText(text)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        """Re-translate on the menu's language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False


def install_menu_action(
    menu_button: QtWidgets.QToolButton, open_history: Callable[[], object]
) -> HistoryMenuAction | None:
    """Add the entry to the menu of ``menu_button`` (None if it has no menu)."""
    menu = menu_button.menu()
    if menu is None:
        return None
    return HistoryMenuAction(menu, open_history)
