"""The toolbar at the operator's desk: system-wide hotkeys, remote commands, the ring.

:class:`Desk` is created once by the :class:`~agent_toolbar.app.shell.Toolbar` and kept
across reconnects (the grabbed keys stay grabbed while the connection is replaced):

* :class:`~agent_toolbar.ui.shell.global_keys.GlobalHotkeys`: a system-wide press is handed
  to the window's :class:`~agent_toolbar.ui.shell.hotkeys.Hotkeys` as if the focused hotkey
  had been pressed, so both target the same call; keys another program holds are reported
  in the window's banner and in Settings (a note under "System-wide hotkeys");
* :class:`~agent_toolbar.app.remote_control.RemoteControl` on the single-instance channel;
* per window: :class:`~agent_toolbar.ui.shell.ring.RingWatcher` (announcement,
  ``ui/raise_on_ring``) and the ring sound the tray plays (:class:`RingSound`);
* links opened by the OS as a ``QFileOpenEvent`` (macOS delivers ``tel:`` links to the running
  app that way, not as arguments; the bundle's ``Info.plist`` declares the schemes): dialled
  like ``--dial`` (written for macOS, not run here).
"""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import TYPE_CHECKING, Any

from agent_toolbar.app.remote_commands import (
    InvalidNumberError,
    Request,
    looks_like_link,
    normalise_dial,
)
from agent_toolbar.app.remote_control import RemoteControl
from agent_toolbar.cti.model import SessionState
from agent_toolbar.qt import QApplication, QCoreApplication, QEvent, QObject, QtGui, QtWidgets
from agent_toolbar.ui.shell.ring import RingSound, RingWatcher

if TYPE_CHECKING:
    from agent_toolbar.app.shell import Toolbar
    from agent_toolbar.app.single_instance import SingleInstance
    from agent_toolbar.cti.session import Session
    from agent_toolbar.ui.settings.settings_dialog import SettingsDialog
    from agent_toolbar.ui.shell.global_keys import GlobalHotkeys
    from agent_toolbar.ui.window.main_window import MainWindow

__all__ = ["NOTE_NAME", "Desk"]

log = logging.getLogger(__name__)

#: objectName of the Settings note about system-wide hotkeys.
NOTE_NAME = "globalHotkeysNote"


class Desk(QObject):
    """Desk integration of one running toolbar.

    Attributes:
        global_hotkeys: The system-wide hotkeys (None until :meth:`start`, or in ``--smoke``).
        remote: The remote-command server (None without a single-instance channel).
        ring_sound: What the tray's sound hint plays.
        ring_watcher: The current window's announcer.
    """

    def __init__(self, toolbar: Toolbar) -> None:
        """Nothing is grabbed or served until :meth:`start`."""
        super().__init__(toolbar)
        self._toolbar = toolbar
        self.global_hotkeys: GlobalHotkeys | None = None
        self.remote: RemoteControl | None = None
        self.ring_sound = RingSound(toolbar.settings, self._state, self)
        self.ring_watcher: RingWatcher | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closed = False

    def _state(self) -> SessionState:
        session = self._toolbar.session
        return session.state if session is not None else SessionState()

    def serve(self, instance: SingleInstance | None) -> None:
        """Answer remote commands on ``instance`` (at once: a link may come right away)."""
        if instance is not None and self.remote is None:
            self.remote = RemoteControl(self._toolbar, self)
            self.remote.attach(instance)

    def start(
        self, instance: SingleInstance | None = None, hotkeys: GlobalHotkeys | None = None
    ) -> None:
        """Grab the system-wide hotkeys (``hotkeys``, or the platform's) and serve commands.

        The toolbar calls this once its window is on screen: python-xlib and the grabs' round
        trips to the X server (~20 ms) stay off the first frame's path.
        """
        from agent_toolbar.ui.shell.global_keys import GlobalHotkeys

        if self._closed:  # quit before the window was ever on screen
            return
        self.serve(instance)
        app = QApplication.instance()
        if app is not None and sys.platform == "darwin":
            # QFileOpenEvent: how macOS opens links with the running app. Only there: an
            # application-wide filter costs a Python call per event.
            app.installEventFilter(self)
        if hotkeys is None:
            hotkeys = GlobalHotkeys(self._toolbar.settings, parent=self)
        self.global_hotkeys = hotkeys
        self.global_hotkeys.triggered.connect(self._pressed)
        self.global_hotkeys.problems_found.connect(self._report)
        log.info("global hotkeys: %s", self.global_hotkeys.status() or "none")
        self._report(self.global_hotkeys.problems)

    def attach(self, window: MainWindow, session: Session) -> None:
        """Follow a new connection's window and session."""
        if self.ring_watcher is not None:
            self.ring_watcher.close()
        self.ring_watcher = RingWatcher(
            session, self._toolbar.settings, window, raise_window=window.bring_forward
        )
        if self.global_hotkeys is not None:
            self._report(self.global_hotkeys.problems)

    def settings_opened(self, dialog: SettingsDialog) -> None:
        """Add the note about system-wide hotkeys; re-grab when hotkeys change."""
        label = dialog.labels.get("hotkeys/global")
        parent = label.parentWidget() if label is not None else None
        form = parent.layout() if parent is not None else None
        if not isinstance(form, QtWidgets.QFormLayout) or parent is None:
            return
        note = QtWidgets.QLabel(parent)
        note.setObjectName(NOTE_NAME)
        note.setWordWrap(True)
        note.setAccessibleName(QCoreApplication.translate("Desk", "System-wide hotkeys"))
        form.addRow(note)

        def refresh() -> None:
            text = self.global_hotkeys.status() if self.global_hotkeys is not None else ""
            note.setText(text)
            note.setAccessibleDescription(text)

        def applied(keys: list[str]) -> None:
            if self.global_hotkeys is not None and any(k.startswith("hotkeys/") for k in keys):
                self.global_hotkeys.apply()
            refresh()

        dialog.settings_applied.connect(applied)
        refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Dial a ``tel:``/``callto:``/``sip:`` link the OS opened with the running app."""
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QtGui.QFileOpenEvent):
            link = event.url().toString()
            if looks_like_link(link):
                self._dial_link(link)
                return True
        return super().eventFilter(watched, event)

    def _dial_link(self, link: str) -> None:
        window = self._toolbar.window
        try:
            number = normalise_dial(link)
        except InvalidNumberError as exc:
            if window is not None:
                window.flash(str(exc))
            return
        if self.remote is None:
            self.remote = RemoteControl(self._toolbar, self)

        async def dial(remote: RemoteControl) -> None:
            reply = await remote.perform(Request("dial", number))
            if reply.status != "done" and self._toolbar.window is not None:
                self._toolbar.window.flash(reply.message)

        task = asyncio.ensure_future(dial(self.remote))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _pressed(self, name: str) -> None:
        window = self._toolbar.window
        if window is None:
            return
        if name == "conference":  # the conference panel keeps its own shortcut
            from agent_toolbar.ui.conference.conference_window import ConferenceController

            controller = window.findChild(ConferenceController)
            if controller is not None:
                controller.toggle()
            return
        window.hotkeys.triggered.emit(name)  # the focused hotkey's own path

    def _report(self, problems: list[Any]) -> None:
        banner = self._toolbar.banner
        if problems and banner is not None:
            banner.explain("; ".join(str(p) for p in problems))

    async def close(self) -> None:
        """Release the keys and stop serving (on quit)."""
        self._closed = True
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self.global_hotkeys is not None:
            self.global_hotkeys.close()
        if self.ring_watcher is not None:
            self.ring_watcher.close()
        self.ring_sound.close()
        if self.remote is not None:
            await self.remote.close()
