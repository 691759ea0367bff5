"""The call journal in the composition root: opened once, attached to each connection.

A mixin of :class:`agent_toolbar.app.shell.Toolbar`. The journal is opened (in an executor)
once the window is on screen, survives reconnects (each new session is attached to it), and
is closed at quit after the connection, so the last events of the last call are written.
The tray's badge and menu and the window menu's entry show the unseen missed count; the
History window opens from either. A journal that cannot be opened at all is logged: the
toolbar runs without a history rather than not at all.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent_toolbar.cti.session import Session
    from agent_toolbar.qt import QtWidgets
    from agent_toolbar.settings import Settings
    from agent_toolbar.ui.history.feature import HistoryFeature
    from agent_toolbar.ui.history.menu_action import HistoryMenuAction
    from agent_toolbar.ui.shell.screenpop_opener import ScreenPop
    from agent_toolbar.ui.shell.tray import TrayIcon
    from agent_toolbar.ui.window.main_window import MainWindow

__all__ = ["HistoryActions"]

log = logging.getLogger(__name__)


class HistoryActions:
    """Opens the journal, attaches sessions, shows the History window (needs the toolbar)."""

    settings: Settings
    window: MainWindow | None
    tray: TrayIcon | None
    screenpop: ScreenPop | None
    history: HistoryFeature | None = None
    _history_menu: HistoryMenuAction | None = None

    async def attach_history(self, session: Session) -> None:
        """Open the journal on first use and journal ``session``'s calls."""
        from agent_toolbar.screenpop import ScreenPopConfig
        from agent_toolbar.ui.history.card_timeline import install_card_timelines
        from agent_toolbar.ui.history.feature import HistoryFeature
        from agent_toolbar.ui.history.menu_action import install_menu_action
        from agent_toolbar.ui.history.offline_banner import OfflineBanner
        from agent_toolbar.ui.window.error_banner import place_banner

        if self.history is None:
            try:
                self.history = await HistoryFeature.open(
                    retention_days=self.settings.integer("history/retention_days"),
                    screenpop_config=lambda: (
                        self.screenpop.config if self.screenpop else ScreenPopConfig()
                    ),
                    disposition_label=self._disposition_label,
                )
            except Exception:
                log.exception("the call history could not be opened: running without it")
                return
            self.history.service.unseen_changed.connect(self._missed_changed)
            if self.screenpop is not None:
                self.screenpop.url_opened.connect(self._url_opened)
        backend = self.settings.text("cti/backend")
        self.history.attach(session, backend)
        if self.window is not None:
            self._history_menu = install_menu_action(self.window.menu_button, self.open_history)
            # "While you were offline" on the toolbar itself (the History window has its own).
            banner = OfflineBanner(compact=True)  # the strip is small: the lines in its tooltip
            place_banner(self.window, banner)
            self.history.service.offline_summary.connect(banner.show_summary)
            install_card_timelines(self.window.call_list, self.history.service, backend)
        if self.tray is not None:
            self.tray.history_requested.connect(self.open_history)
        self._missed_changed(self.history.service.unseen)

    def detach_history(self) -> None:
        """Stop journalling the connection that is being dropped."""
        if self.history is not None:
            self.history.detach()
        self._history_menu = None

    def close_history(self) -> None:
        """Write what is queued and close the journal (at quit)."""
        if self.history is not None:
            self.history.close()
            self.history = None

    def open_history(self) -> None:
        """Show the History window (opening it marks the missed calls seen)."""
        if self.history is not None:
            self.history.show_window(on_top=self.settings.flag("ui/always_on_top"))

    def history_settings_applied(self, keys: list[str]) -> None:
        """Apply a changed ``history/retention_days``."""
        if self.history is not None and "history/retention_days" in keys:
            self.history.journal.set_retention_days(self.settings.integer("history/retention_days"))

    def history_settings_page(self, dialog: QtWidgets.QWidget) -> None:
        """Add "Clear call history…" to the settings dialog (when the journal is open)."""
        if self.history is not None:
            from agent_toolbar.ui.history.settings_button import install_clear_button

            install_clear_button(dialog, self.history.service)

    def history_diagnostics(self) -> dict[str, Any]:
        """The journal in diagnostics: its status and counts, never its content."""
        if self.history is None:
            return {"history": None}
        journal = self.history.journal
        return {
            "history": {
                "status": journal.status.value,
                **dataclasses.asdict(journal.counts()),
            }
        }

    def _missed_changed(self, count: int) -> None:
        log.info("history: %d missed calls not seen", count)
        if self.tray is not None:
            self.tray.set_missed(count)
        if self._history_menu is not None:
            self._history_menu.set_count(count)

    def _disposition_label(self, code: str) -> str:
        from agent_toolbar.cti.dispositions import Catalogue

        return Catalogue.parse(self.settings.text("wrapup/dispositions")).label(code)

    def _url_opened(self, cid: str, url: str) -> None:
        if self.history is not None and self.history.recorder is not None:
            self.history.recorder.url_popped(cid, url)
