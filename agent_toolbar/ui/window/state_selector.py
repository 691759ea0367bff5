"""The state selector: the operator's state with a live timer, and the menu to change it.

The button always shows the state the phone reports (``state.agent.display``, §4.4 rules);
a choice in flight is shown as "→ Lunch…" next to it, and a refused change (``Error``)
leaves the true state in place and says why in a visible line under the button.

Choices: ready (``normal``), not ready with each reason of ``reasons/away`` (labels from
``reasons/labels``), ``dnd`` if ``states/dnd``, and ``custom1..3`` when ``states/customN``
has a label. While a call rings, talks or waits in wrap-up, a choice is queued as the
*next* state (applied by the session when the calls are over; shown as "Next: Lunch ✕"),
and the "Change now" submenu applies one at once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Action, global_actions, state_is_settled
from agent_toolbar.cti.model import DisplayKind, SessionState, StateChoice
from agent_toolbar.qt import QColor, QIcon, QPixmap, QSize, Qt, QtGui, QtWidgets, Signal
from agent_toolbar.settings import BY_KEY, Settings
from agent_toolbar.ui.calls.call_parts import ElidedLabel, repolish
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.common.icons import icon
from agent_toolbar.ui.common.palette import colors
from agent_toolbar.ui.common.plain_text import plain_label
from agent_toolbar.ui.common.timefmt import elapsed
from agent_toolbar.ui.common.tr import fill

__all__ = ["StateSelector", "available_choices", "plan_choice", "state_tone"]

_CUSTOM = ("custom1", "custom2", "custom3")
# Horizontal space the button needs besides its text: state dot, padding, border, arrow.
_BUTTON_CHROME = 68


def _setting(settings: Settings | None, key: str) -> Any:
    return settings.get(key) if settings is not None else BY_KEY[key].default


def available_choices(settings: Settings | None, offered: tuple[str, ...]) -> list[StateChoice]:
    """The states the operator may choose, in menu order.

    Args:
        settings: ``reasons/away``, ``states/dnd`` and ``states/customN`` come from here
            (None: the declared defaults).
        offered: The states the backend can set (``Capabilities.state_choices``).
    """
    choices: list[StateChoice] = []
    if "normal" in offered:
        choices.append(StateChoice("normal"))
    if "away" in offered:
        reasons = [str(r) for r in _setting(settings, "reasons/away")]
        choices.extend(StateChoice("away", reason) for reason in reasons)
        if not reasons:
            choices.append(StateChoice("away"))
    if "dnd" in offered and _setting(settings, "states/dnd"):
        choices.append(StateChoice("dnd"))
    for custom in _CUSTOM:
        if custom in offered and str(_setting(settings, f"states/{custom}")).strip():
            choices.append(StateChoice(custom))
    return choices


@dataclass(frozen=True, slots=True)
class Plan:
    """What choosing a state does now: send an intent, or queue it as the next state."""

    intent: it.ChangeState | None = None
    queue: StateChoice | None = None


def plan_choice(state: SessionState, choice: StateChoice, *, now: bool = False) -> Plan:
    """Decide how to apply ``choice``: at once, or (during calls) as the next state.

    Args:
        state: The current session state.
        choice: What the operator chose.
        now: Apply at once even while calls are in progress.
    """
    if not now and not state_is_settled(state):
        return Plan(queue=choice)
    return Plan(intent=it.ChangeState(choice.state, choice.reason))


def state_tone(kind: DisplayKind) -> str:
    """The colour family of a displayed state: ready, away, busy, ringing, wrapup, offline."""
    if kind is DisplayKind.NORMAL:
        return "ready"
    if kind is DisplayKind.RINGING:
        return "ringing"
    if kind is DisplayKind.SPEAKING:
        return "busy"
    if kind is DisplayKind.WRAPUP:
        return "wrapup"
    if kind in (DisplayKind.OFFLINE, DisplayKind.REDIRECT, DisplayKind.UNKNOWN):
        return "offline"
    return "away"


def _dot(color: str, size: int = 12) -> QIcon:
    ratio = 2.0
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QtGui.QPainter(pixmap)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawEllipse(2, 2, pixmap.width() - 4, pixmap.height() - 4)
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return QIcon(pixmap)


class StateSelector(QtWidgets.QWidget):
    """The operator's state, its timer, the change menu, the queued next state and errors.

    Signals:
        intent_requested(object): A :class:`~agent_toolbar.cti.intents.ChangeState`.
        next_state_chosen(object): A :class:`StateChoice` to apply after the calls, or None
            to cancel the queued one.
    """

    intent_requested = Signal(object)
    next_state_chosen = Signal(object)

    def __init__(
        self, settings: Settings | None = None, parent: QtWidgets.QWidget | None = None
    ) -> None:
        """Build the selector; :meth:`apply_state` fills it."""
        super().__init__(parent)
        self.setObjectName("StateSelector")
        self._settings = settings
        self._state = SessionState()
        self._scheme = "light"
        self._error_dismissed = False
        self._tone = ""
        self._stateless = False
        self._tip = ""

        self.button = QtWidgets.QPushButton(self)
        self.button.setMinimumWidth(120)
        self.button.setObjectName("stateButton")
        self.button.setIconSize(QSize(12, 12))
        self.menu = QtWidgets.QMenu(self.button)
        self.menu.aboutToShow.connect(self._fill_menu)
        self.button.setMenu(self.menu)
        self.pending = plain_label(QtWidgets.QLabel(self))
        self.pending.setObjectName("statePending")
        self.next_chip = QtWidgets.QToolButton(self)
        self.next_chip.setObjectName("nextState")
        self.next_chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.next_chip.setIconSize(QSize(12, 12))
        self.next_chip.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.next_chip.clicked.connect(lambda: self.next_state_chosen.emit(None))
        self.error = ElidedLabel(self)
        self.error.setObjectName("stateError")
        self.error_close = QtWidgets.QToolButton(self)
        self.error_close.setObjectName("dismiss")
        self.error_close.setAutoRaise(True)
        self.error_close.setIconSize(QSize(12, 12))
        self.error_close.clicked.connect(self._dismiss_error)

        line = QtWidgets.QHBoxLayout()
        line.setSpacing(6)
        line.addWidget(self.pending)
        line.addWidget(self.next_chip)
        line.addWidget(self.error, 1)
        line.addWidget(self.error_close)
        line.addStretch(0)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.button)
        layout.addLayout(line)
        for widget in (self.pending, self.next_chip, self.error, self.error_close):
            widget.hide()
        self.refresh_icons()
        self.retranslate()

    # ------------------------------------------------------------------ public

    def set_settings(self, settings: Settings | None) -> None:
        """Use ``settings`` for reasons and labels (re-read when the menu opens)."""
        self._settings = settings
        self.apply_state(self._state, force=True)

    def set_scheme(self, scheme: str) -> None:
        """Use the state colours of ``"light"`` or ``"dark"``."""
        self._scheme = scheme
        self._tone = ""
        self.apply_state(self._state, force=True)

    def choices(self) -> list[StateChoice]:
        """The states the menu offers."""
        return available_choices(self._settings, self._state.capabilities.state_choices)

    def open_menu(self) -> None:
        """Pop the state menu up under the button (non-blocking; keyboard-driven hotkey)."""
        if not self.button.isEnabled():
            return
        self.button.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.menu.popup(self.button.mapToGlobal(self.button.rect().bottomLeft()))
        first = next(
            (a for a in self.menu.actions() if a.isEnabled() and not a.isSeparator()), None
        )
        if first is not None:
            self.menu.setActiveAction(first)

    def choose(self, choice: StateChoice, *, now: bool = False) -> None:
        """Act as if the operator picked ``choice`` from the menu."""
        plan = plan_choice(self._state, choice, now=now)
        if plan.queue is not None:
            self.next_state_chosen.emit(plan.queue)
        elif plan.intent is not None:
            self.intent_requested.emit(plan.intent)

    def apply_state(self, state: SessionState, *, force: bool = False) -> None:
        """Show the state of ``state``."""
        old = self._state
        self._state = state
        if state.state_error is None:
            self._error_dismissed = False
        same = (
            old.agent is state.agent
            and old.pending_state == state.pending_state
            and old.next_state == state.next_state
            and old.state_error == state.state_error
            and old.connection.state is state.connection.state
            and old.inflight == state.inflight
            and old.capabilities is state.capabilities
        )
        if same and not force:
            return
        states = state.capabilities.states
        # A system without any operator state (PBX webhooks, Autosecretary): nothing to show.
        stateless = not states.choices and not states.settable
        if stateless != self._stateless:
            self._stateless = stateless
            self.setHidden(stateless)
        display = state.agent.display
        tone = state_tone(display.kind)
        if tone != self._tone:
            self._tone = tone
            self.button.setIcon(_dot(colors(self._scheme)[tone]))
            self.button.setProperty("tone", tone)
            repolish(self.button)
        verdict = global_actions(state)[Action.CHANGE_STATE]
        self.button.setEnabled(verdict.ok)
        why = texts.why_text(verdict) if not verdict.ok and verdict.why else ""
        self._tip = why or self.tr("Change your state")
        self._render_lines(state)
        self.tick(time.time())

    def tick(self, now: float) -> None:
        """Update the timer (called once a second)."""
        display = self._state.agent.display
        label = texts.state_label(display, self._settings)
        timer = f"   {elapsed(now - display.since)}" if display.since else ""
        full = label + timer
        # Long labels (admin reasons, Russian) are elided so the timer always shows.
        metrics = self.button.fontMetrics()
        room = self.button.width() - _BUTTON_CHROME - metrics.horizontalAdvance(timer)
        shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, room) if room > 30 else label
        text = shown + timer
        if self.button.text() != text:
            self.button.setText(text)
            self.button.setAccessibleName(fill(self.tr("State: %1"), full))
        tip = full if shown != label else self._tip
        if self.button.toolTip() != tip:
            self.button.setToolTip(tip)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        """Re-elide the label and the next-state chip for the new width."""
        super().resizeEvent(event)
        self._render_lines(self._state)
        self.tick(time.time())

    def refresh_icons(self) -> None:
        """Re-tint the icons."""
        self.next_chip.setIcon(icon("dismiss"))
        self.error_close.setIcon(icon("dismiss"))
        self._tone = ""

    def retranslate(self) -> None:
        """Set the static texts."""
        self.error_close.setToolTip(self.tr("Dismiss this message"))
        self.error_close.setAccessibleName(self.tr("Dismiss this message"))
        self.apply_state(self._state, force=True)

    # ------------------------------------------------------------------ internals

    def _render_lines(self, state: SessionState) -> None:
        pending = state.pending_state
        self.pending.setVisible(pending is not None)
        if pending is not None:
            self.pending.setText(
                fill(self.tr("→ %1…"), texts.choice_label(pending, self._settings))
            )
        queued = state.next_state
        self.next_chip.setVisible(queued is not None)
        if queued is not None:
            text = fill(self.tr("Next: %1"), texts.choice_label(queued, self._settings))
            room = max(80, self.width() - 50)
            shown = self.next_chip.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, room)
            self.next_chip.setText(shown)
            described = fill(self.tr("%1 (press to cancel)"), text)
            self.next_chip.setToolTip(described)
            self.next_chip.setAccessibleName(described)
        error = state.state_error
        show_error = bool(error) and not self._error_dismissed
        self.error.setVisible(show_error)
        self.error_close.setVisible(show_error)
        if error and show_error:
            self.error.set_full_text(
                fill(self.tr("State not changed: %1"), texts.command_failure_text(error))
            )

    def _dismiss_error(self) -> None:
        self._error_dismissed = True
        self._render_lines(self._state)

    def _fill_menu(self) -> None:
        self.menu.clear()
        state = self._state
        choices = self.choices()
        display = state.agent.display
        current = StateChoice(display.kind.value, display.reason if display.reason else None)
        busy = not state_is_settled(state)
        if busy:
            header = self.menu.addSection(self.tr("After the current calls"))
            header.setEnabled(False)
        for choice in choices:
            self._add_choice(self.menu, choice, current, now=False)
        if state.next_state is not None:
            self.menu.addSeparator()
            cancel = self.menu.addAction(self.tr("Cancel the next state"))
            cancel.triggered.connect(lambda: self.next_state_chosen.emit(None))
        if busy:
            now_menu = self.menu.addMenu(self.tr("Change now"))
            for choice in choices:
                self._add_choice(now_menu, choice, current, now=True)

    def _add_choice(
        self, menu: QtWidgets.QMenu, choice: StateChoice, current: StateChoice, *, now: bool
    ) -> None:
        label = texts.choice_label(choice, self._settings)
        tone = state_tone(DisplayKind(choice.state))
        action = menu.addAction(_dot(colors(self._scheme)[tone]), label)
        action.setCheckable(True)
        if now or state_is_settled(self._state):
            checked = choice.state == current.state and (
                choice.reason is None or (current.reason or "").lower() == choice.reason.lower()
            )
        else:
            checked = self._state.next_state == choice
        action.setChecked(checked)
        action.triggered.connect(lambda _c=False, ch=choice, n=now: self.choose(ch, now=n))
