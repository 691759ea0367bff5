"""The toolbar window: status, state selector, dialer and the call cards, as a strip or panel.

The window subscribes to the :class:`~agent_toolbar.cti.session.Session` and renders its
state at most once per loop turn (a zero-timeout single-shot timer coalesces bursts of
events); cards are updated incrementally, and every timer on screen advances from one
one-second :class:`QTimer`. Clicks, menu choices and hotkeys become intents submitted to the
session; nothing here decides what is allowed (see :mod:`agent_toolbar.cti.actions`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import weakref

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.model import SessionState, StateChoice
from agent_toolbar.cti.outcomes import CommandFailure
from agent_toolbar.cti.session import Session
from agent_toolbar.cti.transitions import NoticeReceived, Transition
from agent_toolbar.qt import QEvent, QIcon, QSize, Qt, QtCore, QtGui, QTimer, QtWidgets, Signal
from agent_toolbar.resources import icon_path
from agent_toolbar.settings import Settings
from agent_toolbar.ui.calls.call_list import CallList
from agent_toolbar.ui.calls.dialer import Dialer
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.common.icons import icon
from agent_toolbar.ui.common.palette import ThemeFollower, stylesheet
from agent_toolbar.ui.common.session_bridge import SessionBridge
from agent_toolbar.ui.common.tr import fill
from agent_toolbar.ui.shell.hotkeys import OWN_HANDLERS, Hotkeys, resolve
from agent_toolbar.ui.shell.tray import message_notice
from agent_toolbar.ui.window.state_selector import StateSelector
from agent_toolbar.ui.window.status_area import StatusArea

__all__ = ["MainWindow"]

log = logging.getLogger(__name__)

_DEFAULT_SIZE = {"horizontal": QSize(1100, 140), "vertical": QSize(400, 600)}
_CONTROLS_WIDTH = 300
_TICK_MS = 1000
_TICK_SLACK_MS = 15


class MainWindow(QtWidgets.QWidget):
    """The operator's toolbar window.

    Signals:
        settings_requested(): The operator opened "Settings…".
        quit_requested(): The operator chose "Quit" (or closed the window without a tray).
        transfer_requested(str): Transfer call ``cid`` (button or hotkey).
        result_requested(str): Open the call-result dialog for call ``cid`` (hotkey).
        about_requested(): The operator opened "About".
        diagnostics_requested(): The operator chose "Save diagnostics…".

    Attributes:
        status_area: Connection, login and flashed messages.
        state_selector: The operator's state and its menu.
        dialer: The number field.
        call_list: The call cards (``card_created`` lets extensions attach to new cards).
        hotkeys: The configured shortcuts.
        hide_on_close: Closing hides the window instead of quitting (set when a tray exists).
    """

    settings_requested = Signal()
    quit_requested = Signal()
    transfer_requested = Signal(str)
    result_requested = Signal(str)
    about_requested = Signal()
    diagnostics_requested = Signal()

    def __init__(
        self, session: Session, settings: Settings, parent: QtWidgets.QWidget | None = None
    ) -> None:
        """Build the window for ``session``; it renders as soon as the loop runs."""
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self._session = session
        self._settings = settings
        self._dialling: set[asyncio.Future[CommandFailure | None]] = set()
        self._orientation = ""
        self._state = SessionState()
        self.hide_on_close = False
        self._fitted_height = 0  # the content's minimum height when last laid out
        self._cards_height = 0  # and the cards' part of it

        self.state_selector = StateSelector(settings, self)
        self.dialer = Dialer(settings, self)
        self.status_area = StatusArea(self)
        self.menu_button = QtWidgets.QToolButton(self)
        self.menu_button.setObjectName("menuButton")
        self.menu_button.setAutoRaise(True)
        self.menu_button.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_button.setMenu(self._build_menu())
        self.status_area.add_trailing_widget(self.menu_button)
        self.call_list = CallList(self)

        self._controls = QtWidgets.QWidget(self)
        self._controls.setObjectName("controls")
        column = QtWidgets.QVBoxLayout(self._controls)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.status_area)
        column.addWidget(self.state_selector)
        column.addWidget(self.dialer)
        column.addStretch(1)
        self._root = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.LeftToRight, self)
        self._root.setContentsMargins(8, 8, 8, 8)
        self._root.setSpacing(8)
        self._root.addWidget(self._controls)
        self._root.addWidget(self.call_list, 1)

        self.hotkeys = Hotkeys(self, settings)
        self.theme = ThemeFollower(self)
        self.theme.scheme_changed.connect(self._scheme_changed)
        self._wire()

        self._clock = QTimer(self)
        self._clock.setInterval(_TICK_MS)
        # Coarse timers may fire up to 5 % early, which would show a second late.
        self._clock.setTimerType(Qt.TimerType.PreciseTimer)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self._newest_start = 0.0
        self.bridge = SessionBridge.of(session)
        self.bridge.state_changed.connect(self._render)
        self.bridge.transitions_arrived.connect(self._show_notices)

        self.setWindowTitle(self.tr("Agent Toolbar"))
        # The application's own icon (the same the app sets for every window), not a
        # call-control glyph: it names the toolbar in the taskbar and the window switcher.
        self.setWindowIcon(QIcon(str(icon_path("agent-toolbar"))))
        self.apply_settings()
        self._refresh_icons()
        self._retranslate()
        self._restore_geometry()
        self._render()

    # ------------------------------------------------------------------ contract

    @property
    def session(self) -> Session:
        """The session shown."""
        return self._session

    def bring_forward(self) -> None:
        """Show the window, un-minimise it, raise it and give it the focus."""
        if self.isMinimized():
            self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()

    def apply_settings(self) -> None:
        """Re-read hotkeys, orientation, always-on-top, theme, reasons and recent numbers."""
        settings = self._settings
        self.theme.apply(settings.text("ui/theme"))
        self.setStyleSheet(stylesheet(self.theme.scheme))
        self.state_selector.set_scheme(self.theme.scheme)
        self.state_selector.set_settings(settings)
        self.dialer.set_settings(settings)
        problems = self.hotkeys.apply()
        self.call_list.set_hotkeys(self.hotkeys.action_texts())
        self._set_orientation(settings.text("ui/orientation"))
        self._set_on_top(settings.flag("ui/always_on_top"))
        if problems:
            self.flash("; ".join(problems))
        self._schedule()

    def save_geometry(self) -> None:
        """Store the window's geometry in ``ui/geometry``."""
        data = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        try:
            self._settings.set("ui/geometry", data)
        except PermissionError:
            log.info("window geometry is locked by the administrator")

    # ------------------------------------------------------------------ more public API

    def flash(self, text: str) -> None:
        """Show a short message in the status area for a few seconds."""
        log.info("flash: %s", text)
        self.status_area.flash(text)

    def add_status_widget(self, widget: QtWidgets.QWidget) -> None:
        """Put ``widget`` at the start of the status line's trailing buttons."""
        self.status_area.trailing.insertWidget(0, widget)

    def add_banner(self, banner: QtWidgets.QWidget) -> None:
        """Show ``banner`` (an error or credentials notice) under the status area."""
        layout = self._controls.layout()
        assert isinstance(layout, QtWidgets.QBoxLayout)
        banner.setParent(self._controls)
        layout.insertWidget(layout.indexOf(self.status_area) + 1, banner)

    def detach(self) -> None:
        """Stop following the session (before the window is destroyed)."""
        self.bridge.state_changed.disconnect(self._render)
        self.bridge.transitions_arrived.disconnect(self._show_notices)
        self._clock.stop()

    def render_now(self) -> None:
        """Render the session state at once (tests, screenshots)."""
        self._render()

    # ------------------------------------------------------------------ wiring

    def _wire(self) -> None:
        session = self._session
        self.state_selector.intent_requested.connect(self._submit)
        self.state_selector.next_state_chosen.connect(self._queue_next)
        self.dialer.intent_requested.connect(self._dial)
        self.dialer.problem_reported.connect(self.flash)
        self.call_list.intent_requested.connect(self._submit)
        self.call_list.transfer_requested.connect(self.transfer_requested)
        self.call_list.error_dismissed.connect(session.dismiss_error)
        self.call_list.explained.connect(self.flash)
        self.status_area.retry_requested.connect(lambda: self._session.backend.reconnect_now())
        self.hotkeys.triggered.connect(self._on_hotkey)
        self.hotkeys.problems_found.connect(lambda problems: self.flash("; ".join(problems)))

    def _build_menu(self) -> QtWidgets.QMenu:
        menu = QtWidgets.QMenu(self)
        self._settings_action = menu.addAction("")
        self._settings_action.triggered.connect(self.settings_requested)
        self._about_action = menu.addAction("")
        self._about_action.triggered.connect(self.about_requested)
        self._diagnostics_action = menu.addAction("")
        self._diagnostics_action.triggered.connect(self.diagnostics_requested)
        menu.addSeparator()
        self._quit_action = menu.addAction("")
        self._quit_action.triggered.connect(self.quit_requested)
        return menu

    def _submit(self, intent: it.Intent) -> None:
        self._session.submit(intent)

    def _dial(self, intent: it.Intent) -> None:
        """Place a call; a refusal is shown in the dialer, where it was asked for."""
        task = asyncio.ensure_future(self._session.execute(intent))
        self._dialling.add(task)
        dialer = weakref.ref(self.dialer)

        def done(finished: asyncio.Future[CommandFailure | None]) -> None:
            self._dialling.discard(task)
            error = None if finished.cancelled() else finished.result()
            shown = dialer()
            if error is not None and shown is not None and isinstance(intent, it.MakeCall):
                with contextlib.suppress(RuntimeError):  # the window was closed meanwhile
                    shown.show_failure(intent.number, texts.command_failure_text(error))

        task.add_done_callback(done)

    def _queue_next(self, choice: StateChoice | None) -> None:
        self._session.queue_next_state(choice)

    def _on_hotkey(self, name: str) -> None:
        if name in OWN_HANDLERS:
            return
        outcome = resolve(name, self._session.state)
        if outcome.intent is not None:
            self._session.submit(outcome.intent)
        if outcome.queue is not None:
            self._session.queue_next_state(outcome.queue)
        if outcome.transfer_cid is not None:
            self.transfer_requested.emit(outcome.transfer_cid)
        if outcome.result_cid is not None:
            self.result_requested.emit(outcome.result_cid)
        if outcome.focus_dialer:
            self.bring_forward()
            self.dialer.focus_field()
        if outcome.state_menu:
            self.bring_forward()
            self.state_selector.open_menu()
        if outcome.message:
            self.flash(outcome.message)

    # ------------------------------------------------------------------ rendering

    def _show_notices(self, changes: list[Transition]) -> None:
        """A message from the phone system (a SIP text, a notice) flashes in the status line."""
        for change in changes:
            if isinstance(change, NoticeReceived):
                notice = message_notice(change.notice)
                self.flash(f"{notice.title}: {notice.text}")

    def _schedule(self) -> None:
        """Render on the next loop turn (after the settings changed)."""
        QTimer.singleShot(0, self, self._render)

    def _render(self, _state: object = None) -> None:
        state = self._session.state
        self._state = state
        self.status_area.apply_state(state)
        self.state_selector.apply_state(state)
        self.dialer.apply_state(state)
        self.call_list.apply_state(state)
        self._align_clock(state)
        title = self.tr("Agent Toolbar")
        if state.login:
            title = fill(self.tr("%1 — %2"), title, state.login)
        if self.windowTitle() != title:
            self.setWindowTitle(title)

    def _align_clock(self, state: SessionState) -> None:
        # One timer drives every clock on screen; phase it to the newest one (the call or
        # state the operator just got), so that one turns 00:01 exactly a second later.
        starts = [state.agent.display.since]
        for call in state.customer_calls:
            starts.append(call.state_since)
            if call.hold_since:
                starts.append(call.hold_since)
        newest = max(starts)
        if newest <= self._newest_start:
            return
        self._newest_start = newest
        fraction = (time.time() - newest) % 1.0
        self._clock.start(int((1.0 - fraction) * _TICK_MS) + _TICK_SLACK_MS)

    def _tick(self) -> None:
        if self._clock.interval() != _TICK_MS:
            self._clock.setInterval(_TICK_MS)
        now = time.time()
        self.status_area.tick(now)
        self.state_selector.tick(now)
        self.call_list.tick(now)

    def _scheme_changed(self, scheme: str) -> None:
        self.setStyleSheet(stylesheet(scheme))
        self.state_selector.set_scheme(scheme)
        self._refresh_icons()

    def _refresh_icons(self) -> None:
        self.menu_button.setIcon(icon("menu"))
        self._settings_action.setIcon(icon("settings"))
        self.status_area.refresh_icons()
        self.state_selector.refresh_icons()
        self.dialer.refresh_icons()
        self.call_list.refresh_icons()

    def _retranslate(self) -> None:
        self._settings_action.setText(self.tr("Settings…"))
        self._about_action.setText(self.tr("About"))
        self._diagnostics_action.setText(self.tr("Save diagnostics…"))
        self._quit_action.setText(self.tr("Quit"))
        self.menu_button.setToolTip(self.tr("Menu"))
        self.menu_button.setAccessibleName(self.tr("Menu"))
        self.status_area.retranslate()
        self.state_selector.retranslate()
        self.dialer.retranslate()
        self.call_list.retranslate()
        self._render()

    # ------------------------------------------------------------------ window

    def _set_orientation(self, orientation: str) -> None:
        orientation = "vertical" if orientation == "vertical" else "horizontal"
        if orientation == self._orientation:
            return
        first = not self._orientation
        self._orientation = orientation
        vertical = orientation == "vertical"
        self._root.setDirection(
            QtWidgets.QBoxLayout.Direction.TopToBottom
            if vertical
            else QtWidgets.QBoxLayout.Direction.LeftToRight
        )
        if vertical:
            self._controls.setMinimumWidth(0)
            self._controls.setMaximumWidth(16777215)
        else:
            self._controls.setFixedWidth(_CONTROLS_WIDTH)
        self.call_list.set_orientation(orientation)
        self.setProperty("orientation", orientation)
        if not first:
            self.resize(_DEFAULT_SIZE[orientation])

    def _set_on_top(self, on_top: bool) -> None:
        current = bool(self.windowFlags() & Qt.WindowType.WindowStaysOnTopHint)
        if current == on_top:
            return
        visible = self.isVisible()
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, on_top)
        if visible:
            self.show()

    def _restore_geometry(self) -> None:
        raw = self._settings.text("ui/geometry")
        if raw:
            data = QtCore.QByteArray.fromBase64(raw.encode("ascii"))
            if self.restoreGeometry(data):
                return
        self.resize(_DEFAULT_SIZE[self._orientation or "horizontal"])

    def changeEvent(self, event: QEvent) -> None:
        """Re-translate on a language change; re-tint icons on a palette change."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self._refresh_icons()
        super().changeEvent(event)

    def event(self, event: QEvent) -> bool:
        """After the content's height changed: a strip that fitted it keeps fitting it."""
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._follow_content_height()
        return handled

    def _follow_content_height(self) -> None:
        # Qt grows a window to its minimum size (a transfer strip, an error on a card) but
        # never shrinks it back, which left cards with a hole once the taller state was over.
        # A strip whose height was the content's minimum shrinks when the cards need less;
        # a window the operator made taller keeps its height. (A line that comes and goes
        # under the state selector for a moment does not make the strip jump back and forth.)
        fitted, cards = self._fitted_height, self._cards_height
        needed = self.minimumHeight()
        self._cards_height = self.call_list.minimumSizeHint().height()
        self._fitted_height = needed
        fewer = self._cards_height < cards
        hugging = fewer and self.height() == fitted and needed < fitted
        plain = not self.windowState() & (
            Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen
        )
        if hugging and plain and self._orientation == "horizontal":
            self.resize(self.width(), needed)

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        """Render what happened while hidden."""
        super().showEvent(event)
        self._schedule()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        """Remember the geometry; hide (tray) or ask to quit."""
        self.save_geometry()
        if self.hide_on_close:
            event.ignore()
            self.hide()
            return
        event.accept()
        self.quit_requested.emit()
