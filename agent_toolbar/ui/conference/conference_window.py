"""Where the conference panel lives: a small tool window opened from the toolbar.

The toolbar is a compact strip, so the :class:`~agent_toolbar.ui.conference.conference_panel.
ConferencePanel` opens in its own window (kept above the toolbar, never in the taskbar) from
a *Conference* button on the toolbar's status line or the ``hotkeys/conference`` shortcut.
The button shows how many conferences are running; a conference started by another client
is announced in the toolbar's status line. On a WebPhone (no conference commands, tables
3.5/3.6) the button and the shortcut are hidden and disabled.

:class:`ConferenceController` runs the panel's intents through
:meth:`Session.execute <agent_toolbar.cti.session.Session.execute>` (tasks kept referenced)
and shows a refused command's reason in the panel. :func:`install_conferences` is the app's
one-line hook.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import Feature
from agent_toolbar.cti.model import SessionState
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import (
    QCoreApplication,
    QEvent,
    QObject,
    QShortcut,
    QSize,
    Qt,
    QtWidgets,
    Signal,
)
from agent_toolbar.settings import Settings
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.common.icons import icon
from agent_toolbar.ui.common.session_bridge import SessionBridge
from agent_toolbar.ui.common.tr import fill
from agent_toolbar.ui.conference.conference_panel import ConferencePanel, conference_title

__all__ = ["ConferenceButton", "ConferenceController", "ConferenceWindow", "install_conferences"]

if TYPE_CHECKING:  # the window imports nothing of this module
    from agent_toolbar.ui.shell.hotkeys import Hotkeys
    from agent_toolbar.ui.window.main_window import MainWindow

log = logging.getLogger(__name__)


class ConferenceWindow(QtWidgets.QWidget):
    """The conference panel in a tool window titled "Conferences"."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        """Build the (hidden) window; ``parent`` is the toolbar it belongs to."""
        super().__init__(parent, Qt.WindowType.Tool)
        self.setObjectName("ConferenceWindow")
        self.panel = ConferencePanel(self)
        scroll = QtWidgets.QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        scroll.setWidget(self.panel)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(scroll)
        self.setWindowTitle(QCoreApplication.translate("ConferenceWindow", "Conferences"))
        self.resize(440, 420)

    def bring_forward(self) -> None:
        """Show, raise and focus the window (the name field when there is no conference)."""
        self.show()
        self.raise_()
        self.activateWindow()
        first = next(iter(self.panel.sections.values()), None)
        target = first.number if first is not None else self.panel.name
        target.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def changeEvent(self, event: QEvent) -> None:
        """Re-translate the title on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.setWindowTitle(QCoreApplication.translate("ConferenceWindow", "Conferences"))
        super().changeEvent(event)


class ConferenceController(QObject):
    """Keeps the conference window and the toolbar button in step with the session.

    Signals:
        announced(str): Something to tell the operator in the toolbar's status line.
    """

    announced = Signal(str)

    def __init__(
        self,
        session: Session,
        window: ConferenceWindow,
        button: QtWidgets.QToolButton | None = None,
        parent: QObject | None = None,
    ) -> None:
        """Follow ``session`` in ``window`` (and ``button``, when there is one)."""
        super().__init__(parent)
        self._session = session
        self.window = window
        self.button = button
        self.hotkeys: Hotkeys | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._known: set[str] = set(session.state.conferences)
        self._mine = 0  # conferences this toolbar asked for and has not seen created yet
        window.panel.intent_requested.connect(self.submit)
        if button is not None:
            button.clicked.connect(self.toggle)
        self._bridge = SessionBridge.of(session)
        self._bridge.state_changed.connect(self.render)
        self.render()

    # ------------------------------------------------------------------ public

    def toggle(self) -> None:
        """Show the window (or hide it when it is already in front)."""
        if not self._supported(self._session.state):
            return
        if self.window.isVisible() and self.window.isActiveWindow():
            self.window.hide()
        else:
            self.window.bring_forward()

    def submit(self, intent: it.Intent) -> asyncio.Task[None]:
        """Run ``intent``; a refusal's reason is shown in the panel."""
        if isinstance(intent, it.CreateConference):
            self._mine += 1

        async def run() -> None:
            error = await self._session.execute(intent)
            if error is not None:
                if isinstance(intent, it.CreateConference):
                    self._mine = max(0, self._mine - 1)
                with contextlib.suppress(RuntimeError):  # the window is already gone
                    self.window.panel.show_problem(
                        fill(
                            QCoreApplication.translate("ConferenceWindow", "Not done: %1"),
                            texts.command_failure_text(error),
                        )
                    )

        task = asyncio.ensure_future(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def render(self, _state: object = None) -> None:
        """Render the session's state now."""
        state = self._session.state
        supported = self._supported(state)
        self.window.panel.apply_state(state)
        if not supported and self.window.isVisible():
            self.window.hide()
        if self.button is not None:
            self._render_button(state, supported)
        if self.shortcut is not None:
            self.shortcut.setEnabled(supported)
        self._announce(state)

    @property
    def shortcut(self) -> QShortcut | None:
        """The conference hotkey's shortcut (the window's Hotkeys make it)."""
        return self.hotkeys.shortcut("conference") if self.hotkeys is not None else None

    def hotkey(self, name: str) -> None:
        """Hotkey ``name`` was pressed: the conference one opens or closes the panel."""
        if name == "conference":
            self.toggle()

    def detach(self) -> None:
        """Stop following the session."""
        self._bridge.state_changed.disconnect(self.render)

    # ------------------------------------------------------------------ internals

    def _supported(self, state: SessionState) -> bool:
        return state.capabilities.has(Feature.CONFERENCES)

    def _render_button(self, state: SessionState, supported: bool) -> None:
        assert self.button is not None
        count = len(state.conferences)
        self.button.setVisible(supported)
        self.button.setText(str(count) if count else "")
        self.button.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonTextBesideIcon
            if count
            else Qt.ToolButtonStyle.ToolButtonIconOnly
        )
        tip = (
            QCoreApplication.translate("ConferenceWindow", "Conferences (%1)").replace(
                "%1", str(count)
            )
            if count
            else QCoreApplication.translate("ConferenceWindow", "Conferences")
        )
        self.button.setToolTip(tip)
        self.button.setAccessibleName(tip)

    def _announce(self, state: SessionState) -> None:
        current = set(state.conferences)
        for conf_id in sorted(current - self._known):
            if self._mine:
                self._mine -= 1
                section = self.window.panel.sections.get(conf_id)
                if section is not None and self.window.isVisible():
                    section.number.setFocus()  # next: call someone in
                continue
            title = conference_title(state.conferences[conf_id])
            self.announced.emit(
                QCoreApplication.translate("ConferenceWindow", "Conference “%1” started").replace(
                    "%1", title
                )
            )
        self._known = current


class ConferenceButton(QtWidgets.QToolButton):
    """The toolbar's Conference button: an icon, and the number of conferences running."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        """Create the button (hidden until the controller knows the phone has conferences)."""
        super().__init__(parent)
        self.setObjectName("conferenceButton")
        self.setAutoRaise(True)
        self.setIconSize(QSize(18, 18))
        self.setIcon(icon("conference"))
        self.hide()

    def changeEvent(self, event: QEvent) -> None:
        """Re-tint the icon when the palette changes (light/dark)."""
        if event.type() == QEvent.Type.PaletteChange:
            self.setIcon(icon("conference"))
        super().changeEvent(event)


def install_conferences(
    window: MainWindow,
    session: Session,
    settings: Settings | None,
    flash: Callable[[str], None] | None = None,
) -> ConferenceController:
    """Add the Conference button and shortcut to the toolbar ``window``.

    Args:
        window: The :class:`~agent_toolbar.ui.window.main_window.MainWindow`.
        session: The session it shows.
        settings: Where ``hotkeys/conference`` is read.
        flash: Where announcements go (the window's ``flash`` by default).
    """
    button = ConferenceButton(window)
    window.add_status_widget(button)
    conferences = ConferenceWindow(window)
    controller = ConferenceController(session, conferences, button, parent=window)
    controller.announced.connect(flash or window.flash)
    # The shortcut is the window's Hotkeys' (hotkeys/conference), checked against the others.
    window.hotkeys.triggered.connect(controller.hotkey)
    controller.hotkeys = window.hotkeys
    text = window.hotkeys.text("conference")
    if text:
        button.setStatusTip(text)
    controller.render()
    return controller
