"""The window menu's phone commands: notices, another number, troubleshooting, phone session.

Added to the window menu above **Quit**:

* **Send a notice…** (supervisor mode, ``supervisor/enabled``): the
  :class:`~agent_toolbar.ui.window.broadcast_dialog.BroadcastDialog`;
* **Work from another number…**: bind an external phone (asks for the number, and whether
  to take it over from another operator);
* **Reload the phone's page** and, under **Troubleshooting**, **Restart the audio device**;
* **Log out of the phone…** and **Quit the phone application…** (each asks first).

Each command says in the window's status line whether the phone system accepted it or why
not; an item the phone cannot do is disabled with the reason as its tooltip.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions_text import TextAction, service_actions
from agent_toolbar.qt import QAction, QCoreApplication, QObject, QtWidgets
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.common.tr import fill

if TYPE_CHECKING:
    from agent_toolbar.cti.session import Session
    from agent_toolbar.settings import Settings
    from agent_toolbar.ui.window.broadcast_dialog import BroadcastDialog
    from agent_toolbar.ui.window.main_window import MainWindow

__all__ = ["ServiceMenu", "install_service_menu"]


class ServiceMenu(QObject):
    """The phone commands of the window menu."""

    def __init__(self, window: MainWindow, session: Session, settings: Settings) -> None:
        """Insert the items into ``window``'s menu (before Quit)."""
        super().__init__(window)
        self.window = window
        self.session = session
        self.settings = settings
        self.dialog: BroadcastDialog | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        menu = window.menu_button.menu()
        quit_action = menu.actions()[-1]
        self.actions: dict[TextAction, QAction] = {}
        self.troubleshooting = QtWidgets.QMenu(menu)
        for action in (
            TextAction.BROADCAST,
            TextAction.BIND_NUMBER,
            TextAction.REOPEN_ROOT_PAGE,
            TextAction.REOPEN_AUDIO,
            TextAction.LOGOUT,
            TextAction.EXIT,
        ):
            item = QAction(menu)
            item.setObjectName(f"service_{action.value}")
            item.triggered.connect(lambda _c=False, a=action: self.trigger(a))
            self.actions[action] = item
        menu.insertAction(quit_action, self.actions[TextAction.BROADCAST])
        menu.insertAction(quit_action, self.actions[TextAction.BIND_NUMBER])
        menu.insertAction(quit_action, self.actions[TextAction.REOPEN_ROOT_PAGE])
        self.troubleshooting.addAction(self.actions[TextAction.REOPEN_AUDIO])
        menu.insertMenu(quit_action, self.troubleshooting)
        menu.insertSeparator(quit_action)
        menu.insertAction(quit_action, self.actions[TextAction.LOGOUT])
        menu.insertAction(quit_action, self.actions[TextAction.EXIT])
        menu.insertSeparator(quit_action)
        menu.aboutToShow.connect(self.refresh)
        self.retranslate()
        self.refresh()

    def refresh(self) -> None:
        """Enable what the phone can do now (the rest says why in its tooltip)."""
        verdicts = service_actions(self.session.state)
        self.actions[TextAction.BROADCAST].setVisible(self.settings.flag("supervisor/enabled"))
        for action, item in self.actions.items():
            verdict = verdicts[action]
            item.setEnabled(verdict.ok)
            item.setToolTip("" if verdict.ok else texts.why_text(verdict))

    def trigger(self, action: TextAction) -> None:
        """Carry out a menu item (asking first where it is destructive)."""
        if action is TextAction.BROADCAST:
            self.open_broadcast()
            return
        intent = self._intent(action)
        if intent is not None:
            self.run(intent, self._done_text(action))

    def _intent(self, action: TextAction) -> it.Intent | None:
        match action:
            case TextAction.REOPEN_ROOT_PAGE:
                return it.ReopenRootPage()
            case TextAction.REOPEN_AUDIO:
                return it.ReopenAudioDevice()
            case TextAction.BIND_NUMBER:
                return self._ask_number()
            case TextAction.LOGOUT if self._confirm(
                QCoreApplication.translate(
                    "ServiceMenu", "Log out of the phone? Calls on it end and you go offline."
                )
            ):
                return it.Logout()
            case TextAction.EXIT if self._confirm(
                QCoreApplication.translate(
                    "ServiceMenu", "Quit the phone application? Calls on it end and you go offline."
                )
            ):
                return it.ExitPhone()
        return None

    def _confirm(self, question: str) -> bool:
        answer = QtWidgets.QMessageBox.question(
            self.window, QCoreApplication.translate("ServiceMenu", "Phone"), question
        )
        return answer == QtWidgets.QMessageBox.StandardButton.Yes

    def _ask_number(self) -> it.Intent | None:
        number, ok = QtWidgets.QInputDialog.getText(
            self.window,
            QCoreApplication.translate("ServiceMenu", "Work from another number"),
            QCoreApplication.translate(
                "ServiceMenu", "SIP address of the phone to work from (sip:number@host):"
            ),
            text="sip:",
        )
        if not ok or not number.strip() or number.strip() == "sip:":
            return None
        take_over = self._confirm(
            QCoreApplication.translate(
                "ServiceMenu", "Take the number over if another operator has it?"
            )
        )
        return it.BindNumber(number.strip(), replace=take_over)

    @staticmethod
    def _done_text(action: TextAction) -> str:
        return {
            TextAction.REOPEN_ROOT_PAGE: QCoreApplication.translate(
                "ServiceMenu", "The phone's page was reloaded"
            ),
            TextAction.REOPEN_AUDIO: QCoreApplication.translate(
                "ServiceMenu", "The audio device was restarted"
            ),
            TextAction.BIND_NUMBER: QCoreApplication.translate(
                "ServiceMenu", "You now work from the new number"
            ),
            TextAction.LOGOUT: QCoreApplication.translate("ServiceMenu", "Logged out of the phone"),
            TextAction.EXIT: QCoreApplication.translate(
                "ServiceMenu", "The phone application quits"
            ),
        }.get(action, "")

    def run(
        self, intent: it.Intent, done: str, report: Callable[[str], None] | None = None
    ) -> None:
        """Send ``intent`` and flash whether it was accepted."""
        show = report or self.window.flash

        async def send() -> None:
            failure = await self.session.execute(intent)
            try:
                if failure is None:
                    show(done)
                else:
                    show(
                        fill(
                            QCoreApplication.translate("ServiceMenu", "Not done: %1"),
                            texts.command_failure_text(failure),
                        )
                    )
            except RuntimeError:
                pass

        task = asyncio.ensure_future(send())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def open_broadcast(self) -> None:
        """Open the notice composer (or raise the open one)."""
        from agent_toolbar.ui.window.broadcast_dialog import BroadcastDialog, parse_projects

        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return
        projects = parse_projects(self.settings.text("supervisor/projects"))
        self.dialog = BroadcastDialog(self.session.execute, projects, self.window)
        self.dialog.show()
        self.dialog.raise_()

    def retranslate(self) -> None:
        """Set texts in the current language."""
        labels = {
            TextAction.BROADCAST: QCoreApplication.translate("ServiceMenu", "Send a notice…"),
            TextAction.BIND_NUMBER: QCoreApplication.translate(
                "ServiceMenu", "Work from another number…"
            ),
            TextAction.REOPEN_ROOT_PAGE: QCoreApplication.translate(
                "ServiceMenu", "Reload the phone's page"
            ),
            TextAction.REOPEN_AUDIO: QCoreApplication.translate(
                "ServiceMenu", "Restart the audio device"
            ),
            TextAction.LOGOUT: QCoreApplication.translate("ServiceMenu", "Log out of the phone…"),
            TextAction.EXIT: QCoreApplication.translate(
                "ServiceMenu", "Quit the phone application…"
            ),
        }
        for action, text in labels.items():
            self.actions[action].setText(text)
        self.troubleshooting.setTitle(QCoreApplication.translate("ServiceMenu", "Troubleshooting"))


def install_service_menu(window: MainWindow, session: Session, settings: Settings) -> ServiceMenu:
    """Add the phone commands to ``window``'s menu."""
    return ServiceMenu(window, session, settings)
