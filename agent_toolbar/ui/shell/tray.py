"""The tray icon: the operator's state at a glance, a menu, and call notifications.

The icon shows one of four pictures (:class:`TrayStatus`): ready, not ready, on a call,
disconnected. Its menu switches the state (the same choices as the state selector), shows
or hides the toolbar, opens the settings and quits. As a side-effect subscriber of the
session it raises a notification when a call starts ringing (name, number, project) and
when one was missed (:func:`notices_for` decides, from the session's transitions); clicking
the notification brings the toolbar forward. ``ui/notifications`` turns notifications off;
``ui/sound`` plays a short hint on an incoming call.

Where there is no system tray (``QSystemTrayIcon.isSystemTrayAvailable()`` is False) the
icon is never shown; :attr:`TrayIcon.available` tells the app to keep the toolbar visible.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from agent_toolbar.cti.actions import Action, global_actions
from agent_toolbar.cti.backend import LinkState
from agent_toolbar.cti.model import (
    Call,
    DisplayKind,
    NoticeItem,
    NoticeKind,
    SessionState,
    StateChoice,
)
from agent_toolbar.cti.session import Session
from agent_toolbar.cti.transitions import (
    CallAnswered,
    CallAppeared,
    CallRemoved,
    NoticeReceived,
    Transition,
)
from agent_toolbar.qt import QAction, QApplication, QIcon, QObject, QtGui, QtWidgets, Signal
from agent_toolbar.resources import icon_path
from agent_toolbar.settings import Settings
from agent_toolbar.ui.calls.call_parts import project_of
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.common.plain_text import plain_tooltip
from agent_toolbar.ui.common.tr import fill
from agent_toolbar.ui.shell.tray_badge import missed_badge
from agent_toolbar.ui.window.state_selector import available_choices, plan_choice

log = logging.getLogger(__name__)

MESSAGE_MS = 15000


class TrayStatus(enum.StrEnum):
    """The four pictures of the tray icon (file ``resources/icons/tray-<value>.svg``)."""

    READY = "ready"
    NOT_READY = "not-ready"
    ON_CALL = "call"
    DISCONNECTED = "disconnected"


_ON_CALL = (DisplayKind.RINGING, DisplayKind.SPEAKING, DisplayKind.WRAPUP)


def tray_status(state: SessionState) -> TrayStatus:
    """Which picture the tray shows for ``state``."""
    if state.connection.state is not LinkState.CONNECTED:
        return TrayStatus.DISCONNECTED
    if state.customer_calls or state.agent.display.kind in _ON_CALL:
        return TrayStatus.ON_CALL
    if state.agent.display.kind is DisplayKind.NORMAL:
        return TrayStatus.READY
    return TrayStatus.NOT_READY


@dataclass(frozen=True, slots=True)
class Notice:
    """A notification to raise.

    Attributes:
        kind: ``incoming``, ``missed`` or ``message`` (a notice from the phone system).
        cid: The call it is about.
        title: The headline (translated).
        text: Name, number and project, one per line.
    """

    kind: str
    cid: str
    title: str
    text: str


def caller_lines(call: Call) -> str:
    """Who is calling, for a notification: name, then number · project."""
    name = call.display_name.strip()
    number = call.number.strip()
    project = project_of(call)
    lines = [name] if name else []
    if number and number != name:
        lines.append(number)
    if not lines:
        lines.append(QApplication.translate("Tray", "Unknown caller"))
    if project:
        lines.append(project)
    return "\n".join(lines)


def notices_for(transitions: Sequence[Transition], settings: Settings) -> list[Notice]:
    """The notifications a batch of session transitions calls for (none when turned off)."""
    if not settings.flag("ui/notifications"):
        return []
    out: list[Notice] = []
    for change in transitions:
        if isinstance(change, CallAppeared) and change.ringing:
            title = QApplication.translate("Tray", "Incoming call")
            out.extend(_call_notice("incoming", title, change.call))
        elif isinstance(change, CallRemoved) and change.missed:
            title = QApplication.translate("Tray", "Missed call")
            out.extend(_call_notice("missed", title, change.call))
        elif isinstance(change, NoticeReceived):
            out.append(message_notice(change.notice))
    return out


def _call_notice(kind: str, title: str, call: Call) -> list[Notice]:
    """A notification about a customer call (none for device and conference legs).

    None for a text session either: it notifies with its customer's message (a notice).
    """
    if call.is_device_leg or call.is_conference_leg or call.is_text:
        return []
    return [Notice(kind, call.cid, title, caller_lines(call))]


def message_notice(item: NoticeItem) -> Notice:
    """A notification for a message from the phone system (its text shown as sent)."""
    if item.kind is NoticeKind.TEXT_MESSAGE:
        title = QApplication.translate("Tray", "Message on the call")
    elif item.kind is NoticeKind.BROADCAST:
        title = QApplication.translate("Tray", "Message for operators")
    else:
        title = QApplication.translate("Tray", "Notice from the phone system")
    text = f"{item.sender}: {item.text}" if item.sender else item.text
    return Notice("message", item.cid, title, text)


def wants_sound(transitions: Sequence[Transition], settings: Settings) -> bool:
    """Whether an incoming call in ``transitions`` deserves the sound hint."""
    if not settings.flag("ui/sound"):
        return False
    return any(
        isinstance(c, CallAppeared) and c.ringing and not c.call.is_device_leg for c in transitions
    )


class TrayIcon(QObject):
    """The system-tray icon, its menu and its notifications.

    Signals:
        show_requested(): Bring the toolbar forward (menu, notification click, double click).
        toggle_requested(): Show the toolbar if hidden, hide it if shown (a click).
        settings_requested(): The operator chose Settings….
        about_requested(): The operator chose About.
        history_requested(): The operator chose Call history… (the missed count is on it).
        quit_requested(): The operator chose Quit.
        notified(str, str): A notification was raised: its kind and call id.
    """

    show_requested = Signal()
    toggle_requested = Signal()
    settings_requested = Signal()
    about_requested = Signal()
    history_requested = Signal()
    quit_requested = Signal()
    notified = Signal(str, str)

    def __init__(
        self,
        session: Session,
        settings: Settings,
        *,
        window_visible: Callable[[], bool] = lambda: True,
        beep: Callable[[], None] = QApplication.beep,
        parent: QObject | None = None,
    ) -> None:
        """Create the icon (shown by :meth:`show` when a tray exists)."""
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self._window_visible = window_visible
        self._beep = beep
        self.available = QtWidgets.QSystemTrayIcon.isSystemTrayAvailable()
        self.status: TrayStatus | None = None
        self._tooltip_key: object = None
        self.last_notice: Notice | None = None
        self.missed = 0  # unseen missed calls (the call history's count)
        self.history_available = False
        self.icon = QtWidgets.QSystemTrayIcon(self)
        self.menu = QtWidgets.QMenu()
        self.menu.setObjectName("trayMenu")
        self.menu.aboutToShow.connect(self.rebuild_menu)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self.show_requested)
        self._icons = {s: QIcon(str(icon_path(f"tray-{s.value}"))) for s in TrayStatus}
        self.update(session.state)
        self.rebuild_menu()
        session.subscribe(self._on_change)

    def show(self) -> bool:
        """Put the icon in the tray; False where there is no tray."""
        if not self.available:
            log.info("no system tray: the toolbar stays visible")
            return False
        self.icon.show()
        return True

    def hide(self) -> None:
        """Take the icon out of the tray (on quit)."""
        self.icon.hide()

    def close(self) -> None:
        """Stop following the session and remove the icon."""
        self.session.unsubscribe(self._on_change)
        self.icon.hide()
        self.menu.deleteLater()

    # ------------------------------------------------------------------ state

    def update(self, state: SessionState) -> None:
        """Show ``state``: the picture and the tooltip."""
        status = tray_status(state)
        if status is not self.status:
            self.status = status
            self.icon.setIcon(missed_badge(self._icons[status], self.missed))
        # Only what the tooltip shows; bursts of call events leave it alone.
        key = (state.connection, state.agent.display, state.login, self.missed)
        if key != self._tooltip_key:
            self._tooltip_key = key
            self.icon.setToolTip(plain_tooltip(self.tooltip(state)))

    def retranslate(self) -> None:
        """Re-render the tooltip in the current language."""
        self._tooltip_key = None
        self.update(self.session.state)

    def tooltip(self, state: SessionState) -> str:
        """``agent-toolbar — Ready`` plus the login and the connection when not connected."""
        if state.connection.state is LinkState.CONNECTED:
            shown = texts.state_label(state.agent.display, self.settings)
        else:
            shown = texts.link_text(state.connection, time.time())
        head = fill(QApplication.translate("Tray", "agent-toolbar — %1"), shown)
        lines = [head, state.login] if state.login else [head]
        if self.missed:
            lines.append(fill(QApplication.translate("Tray", "Missed calls: %1"), self.missed))
        return "\n".join(lines)

    def set_missed(self, count: int) -> None:
        """Show ``count`` unseen missed calls: a badge on the icon, the tooltip and the menu."""
        self.history_available = True
        if count == self.missed:
            return
        self.missed = max(0, count)
        if self.status is not None:
            self.icon.setIcon(missed_badge(self._icons[self.status], self.missed))
        self._tooltip_key = None
        self.update(self.session.state)

    def _on_change(
        self, old: SessionState, new: SessionState, transitions: Sequence[Transition]
    ) -> None:
        self.update(new)
        if wants_sound(transitions, self.settings):
            self._beep()
        notices = notices_for(transitions, self.settings)
        for notice in notices:
            self.notify(notice)
        if not notices and self._ringing_over(transitions):
            self.withdraw()

    def _ringing_over(self, transitions: Sequence[Transition]) -> bool:
        """Whether the call of the incoming-call balloon was answered or has gone."""
        shown = self.last_notice
        if shown is None or shown.kind != "incoming":
            return False
        return any(
            isinstance(change, CallAnswered | CallRemoved) and change.call.cid == shown.cid
            for change in transitions
        )

    def withdraw(self) -> None:
        """Take down the incoming-call balloon (the call was answered or went away)."""
        notice, self.last_notice = self.last_notice, None
        if notice is not None and self.available and self.icon.isVisible():
            # An empty title and message hide the balloon Qt draws (no other API exists).
            self.icon.showMessage("", "", QtWidgets.QSystemTrayIcon.MessageIcon.NoIcon, 1)
            log.info("tray notification withdrawn: call %s", notice.cid)

    def notify(self, notice: Notice) -> None:
        """Raise ``notice`` as a tray balloon (logged; skipped where there is no tray)."""
        self.last_notice = notice
        if self.available and self.icon.isVisible():
            kind = QtWidgets.QSystemTrayIcon.MessageIcon.Information
            if notice.kind == "missed":
                kind = QtWidgets.QSystemTrayIcon.MessageIcon.Warning
            self.icon.showMessage(notice.title, notice.text, kind, MESSAGE_MS)
            log.info("tray notification shown: %s call %s", notice.kind, notice.cid)
        else:
            log.info("tray notification skipped (no tray): %s call %s", notice.kind, notice.cid)
        self.notified.emit(notice.kind, notice.cid)

    # ------------------------------------------------------------------ menu

    def rebuild_menu(self) -> None:
        """Fill the menu for the current state (also called just before it opens)."""
        state = self.session.state
        menu = self.menu
        menu.clear()
        header = menu.addAction(self.tooltip(state).splitlines()[0])
        header.setEnabled(False)
        menu.addSeparator()
        allowed = global_actions(state)[Action.CHANGE_STATE]
        current = state.pending_state or _current_choice(state)
        group = QtGui.QActionGroup(menu)  # one state at a time: drawn as radio buttons
        group.setExclusive(True)
        for choice in available_choices(self.settings, state.capabilities.state_choices):
            action = menu.addAction(texts.choice_label(choice, self.settings))
            action.setCheckable(True)
            action.setActionGroup(group)
            action.setChecked(choice == current)
            action.setData(choice)
            if not allowed:
                action.setEnabled(False)
                if allowed.why is not None:
                    action.setToolTip(texts.why_text(allowed))
            action.triggered.connect(lambda _=False, c=choice: self.choose(c))
        menu.setToolTipsVisible(True)
        menu.addSeparator()
        visible = self._window_visible()
        toggle = menu.addAction(
            QApplication.translate("Tray", "Hide toolbar")
            if visible
            else QApplication.translate("Tray", "Show toolbar")
        )
        toggle.setObjectName("trayToggle")
        toggle.triggered.connect(self.toggle_requested)
        if self.history_available:
            text = QApplication.translate("Tray", "Call history…")
            if self.missed:
                text = fill(
                    QApplication.translate("Tray", "Call history (%1 missed)…"), self.missed
                )
            history = menu.addAction(text)
            history.setObjectName("trayHistory")
            history.triggered.connect(self.history_requested)
        settings = menu.addAction(QApplication.translate("Tray", "Settings…"))
        settings.triggered.connect(self.settings_requested)
        about = menu.addAction(QApplication.translate("Tray", "About agent-toolbar"))
        about.triggered.connect(self.about_requested)
        menu.addSeparator()
        quit_action = menu.addAction(QApplication.translate("Tray", "Quit"))
        quit_action.setObjectName("trayQuit")
        quit_action.triggered.connect(self.quit_requested)

    def actions(self) -> list[QAction]:
        """The menu's actions (for tests and accessibility tools)."""
        return list(self.menu.actions())

    def choose(self, choice: StateChoice) -> None:
        """Switch to ``choice`` as the selector would: now, or queued while calls go on."""
        if not global_actions(self.session.state)[Action.CHANGE_STATE]:
            return
        plan = plan_choice(self.session.state, choice)
        if plan.queue is not None:
            log.info("tray: %s queued until the calls are over", choice)
            self.session.queue_next_state(plan.queue)
        elif plan.intent is not None:
            self.session.submit(plan.intent)

    def _activated(self, reason: QtWidgets.QSystemTrayIcon.ActivationReason) -> None:
        kind = QtWidgets.QSystemTrayIcon.ActivationReason
        if reason is kind.Trigger:
            self.toggle_requested.emit()
        elif reason is kind.DoubleClick:
            self.show_requested.emit()


def _current_choice(state: SessionState) -> StateChoice | None:
    display = state.agent.display
    if display.kind is DisplayKind.AWAY:
        return StateChoice("away", display.reason)
    if display.kind in (DisplayKind.NORMAL, DisplayKind.DND) or display.kind.value.startswith(
        "custom"
    ):
        return StateChoice(display.kind.value)
    return None
