"""The toolbar's menu actions: Settings, About and Save diagnostics.

A mixin of :class:`agent_toolbar.app.shell.Toolbar`, kept apart so the composition root stays
small. The dialogs are imported when first opened, not at start-up.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent_toolbar import logs
from agent_toolbar.app import i18n
from agent_toolbar.qt import QCoreApplication, QtWidgets

if TYPE_CHECKING:
    from agent_toolbar.app.cli import Options
    from agent_toolbar.credentials import Credentials
    from agent_toolbar.cti.session import Session
    from agent_toolbar.settings import Settings
    from agent_toolbar.ui.settings.settings_dialog import SettingsDialog
    from agent_toolbar.ui.shell.about_dialog import AboutDialog
    from agent_toolbar.ui.shell.screenpop_opener import ScreenPop
    from agent_toolbar.ui.shell.tray import TrayIcon
    from agent_toolbar.ui.window.main_window import MainWindow

__all__ = ["MenuActions"]


class MenuActions:
    """Opens the menu's dialogs and applies changed settings (needs the toolbar's attributes)."""

    options: Options
    settings: Settings
    log_file: Path | None
    credentials: Credentials | None
    session: Session | None
    window: MainWindow | None
    tray: TrayIcon | None
    screenpop: ScreenPop | None
    settings_dialog: SettingsDialog | None
    about_dialog: AboutDialog | None
    diagnostics_dialog: QtWidgets.QFileDialog | None

    if TYPE_CHECKING:  # provided by the Toolbar

        def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
            """Run ``coro`` as a kept task."""

        async def reconnect(self) -> None:
            """Reconnect with the current settings."""

        def history_settings_applied(self, keys: list[str]) -> None:
            """Apply changed call-history settings."""

        def history_diagnostics(self) -> dict[str, Any]:
            """The call history's counts for diagnostics."""

        def history_settings_page(self, dialog: QtWidgets.QWidget) -> None:
            """Add the call history's button to the settings dialog."""

    def open_settings(self) -> None:
        """Open the settings dialog (non-modal), or raise the open one."""
        if self.settings_dialog is not None and self.settings_dialog.isVisible():
            self.settings_dialog.raise_()
            self.settings_dialog.activateWindow()
            return
        from agent_toolbar.ui.settings.screenpop_test_dialog import install_test_button
        from agent_toolbar.ui.settings.settings_dialog import SettingsDialog

        # Modeless (show, never exec; not even open(), which is window-modal): the operator
        # keeps answering calls while the settings are open.
        dialog = SettingsDialog(self.settings, self.credentials)
        dialog.settings_applied.connect(self._settings_applied)
        install_test_button(dialog, dialog.values)
        self.history_settings_page(dialog)
        self.settings_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _settings_applied(self, keys: list[str]) -> None:
        from agent_toolbar.screenpop import ScreenPopConfig
        from agent_toolbar.ui.calls.call_extras import CardExtender
        from agent_toolbar.ui.calls.text_features import TextCardExtender
        from agent_toolbar.ui.settings.settings_dialog import RECONNECT_KEYS

        logs.set_level(
            self.options.log_level or self.settings.text("logging/level"),
            wire=self.settings.flag("logging/wire"),
        )
        if self.screenpop is not None:
            self.screenpop.configure(ScreenPopConfig.from_settings(self.settings.get))
        self.history_settings_applied(keys)
        if "ui/language" in keys:
            # Widgets re-translate themselves on the LanguageChange event this sends.
            i18n.install_translations(self.settings.text("ui/language"))
            if self.tray is not None:
                self.tray.retranslate()
        if self.window is not None:
            for extender in self.window.findChildren(CardExtender):
                extender.reload(self.settings.get)
            for text_extender in self.window.findChildren(TextCardExtender):
                text_extender.reload()
        if self.window is not None:
            self.window.apply_settings()
        if RECONNECT_KEYS & set(keys):
            self.spawn(self.reconnect())

    def open_about(self) -> None:
        """Open the About dialog (non-modal)."""
        from agent_toolbar.ui.shell.about_dialog import AboutDialog

        status = self.session.state.connection if self.session else None
        server = self.session.state.server if self.session else None
        dialog = AboutDialog(
            user_file=self.settings.user_path,
            system_file=self.settings.system_path,
            log_file=self.log_file,
            keyring=self.credentials.backend_name if self.credentials else "",
            server=status.server if status else "",
            server_version=server.version if server else "",
            login=self.settings.text("cti/login"),
        )
        self.about_dialog = dialog
        dialog.show()

    def save_diagnostics(self) -> None:
        """Ask where to save the diagnostics zip (logs masked, settings without secrets)."""
        from agent_toolbar.app.diagnostics import rotated_logs, save_diagnostics_dialog

        log_file = self.log_file

        def connection() -> str:
            return repr(self.session.state.connection) if self.session else "no session"

        def saved(path: Path) -> None:
            if self.window is not None:
                self.window.flash(
                    QCoreApplication.translate("Toolbar", "Diagnostics saved: %1").replace(
                        "%1", str(path)
                    )
                )

        self.diagnostics_dialog = save_diagnostics_dialog(
            self.window,
            self.settings,
            log_files=lambda: rotated_logs(log_file) if log_file else [],
            keyring_backend=self.credentials.backend_name if self.credentials else "",
            connection=connection,
            on_saved=saved,
            extra=self._diagnostics_extra,
        )

    def _diagnostics_extra(self) -> dict[str, Any]:
        """The journal's counts and what the server said about itself (its version)."""
        server = self.session.state.server if self.session else None
        facts = {"version": server.version, **server.details} if server else None
        return {**self.history_diagnostics(), "server": facts}
