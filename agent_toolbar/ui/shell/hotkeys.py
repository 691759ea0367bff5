"""Hotkeys: ``hotkeys/*`` settings as application-wide shortcuts, and what each one targets.

:class:`Hotkeys` turns the settings (Qt key sequences such as ``F5`` or ``Ctrl+Alt+A``)
into :class:`QShortcut` objects with ``Qt.ApplicationShortcut`` context on the window; an
invalid or duplicated sequence is reported (log and :attr:`Hotkeys.problems`), never fatal.

:func:`resolve` decides what a pressed hotkey does with the current state, using only the
allowed actions of :mod:`agent_toolbar.cti.actions`: answer takes the oldest ringing call;
hang up, hold, mute and transfer take the active call, else the only connected one (else
the only live one); close takes the oldest call in wrap-up. A hotkey that cannot act
returns a short explanation to flash instead. Answer takes a waiting text session into
work; close, while the admin requires a call result that is still missing, opens the
call-result dialog instead.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import (
    Action,
    Allowed,
    Why,
    call_actions,
    global_actions,
    intent_for,
)
from agent_toolbar.cti.actions_text import TextAction, text_actions
from agent_toolbar.cti.model import Call, CallState, SessionState, StateChoice
from agent_toolbar.qt import QKeySequence, QObject, QShortcut, Qt, QtCore, QtWidgets, Signal
from agent_toolbar.settings import Settings
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.common.tr import fill
from agent_toolbar.ui.window.state_selector import plan_choice

__all__ = ["ACTION_HOTKEYS", "NAMES", "Hotkeys", "Outcome", "parse_sequence", "resolve"]

log = logging.getLogger(__name__)

#: Hotkey names, each read from ``hotkeys/<name>``.
NAMES = (
    "answer", "hangup", "hold", "mute", "transfer", "close", "ready", "dial", "state",
    "conference",
)  # fmt: skip
#: Hotkeys a feature handles itself (it connects to ``Hotkeys.triggered``), not :func:`resolve`.
OWN_HANDLERS = frozenset({"conference"})

#: Which hotkey a call action's tooltip mentions.
ACTION_HOTKEYS: Mapping[Action, str] = {
    Action.ANSWER: "answer",
    Action.HANGUP: "hangup",
    Action.HOLD: "hold",
    Action.RESUME: "hold",
    Action.MUTE: "mute",
    Action.UNMUTE: "mute",
    Action.TRANSFER: "transfer",
    Action.CLOSE: "close",
}


def _label(name: str) -> str:
    labels = {
        "answer": QtCore.QCoreApplication.translate("Hotkeys", "Answer"),
        "hangup": QtCore.QCoreApplication.translate("Hotkeys", "Hang up"),
        "hold": QtCore.QCoreApplication.translate("Hotkeys", "Hold / resume"),
        "mute": QtCore.QCoreApplication.translate("Hotkeys", "Mute / unmute"),
        "transfer": QtCore.QCoreApplication.translate("Hotkeys", "Transfer"),
        "close": QtCore.QCoreApplication.translate("Hotkeys", "Finish wrap-up"),
        "ready": QtCore.QCoreApplication.translate("Hotkeys", "Ready"),
        "conference": QtCore.QCoreApplication.translate("Hotkeys", "Conference panel"),
        "dial": QtCore.QCoreApplication.translate("Hotkeys", "Dial a number"),
        "state": QtCore.QCoreApplication.translate("Hotkeys", "Change state"),
    }
    return labels.get(name, name)


def parse_sequence(text: str) -> QKeySequence | None:
    """Parse a portable key sequence; None when it is not valid (empty means "no hotkey")."""
    sequence = QKeySequence.fromString(text.strip(), QKeySequence.SequenceFormat.PortableText)
    if sequence.isEmpty():
        return None
    for index in range(sequence.count()):
        if sequence[index].key() == Qt.Key.Key_unknown:  # type: ignore[index]
            return None
    return sequence


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a hotkey does now.

    Attributes:
        intent: A command to submit.
        queue: A state to queue for after the calls.
        transfer_cid: Open the transfer dialog for this call.
        focus_dialer: Put the cursor in the dialer.
        state_menu: Open the state selector's menu (choose with the arrow keys and Enter).
        result_cid: Open the call-result dialog for this call (Finish wrap-up while a
            required call result is missing).
        message: Why nothing happens (to flash), when it cannot act.
    """

    intent: it.Intent | None = None
    queue: StateChoice | None = None
    transfer_cid: str | None = None
    focus_dialer: bool = False
    state_menu: bool = False
    result_cid: str | None = None
    message: str | None = None


def _refused(name: str, why: str) -> Outcome:
    text = QtCore.QCoreApplication.translate("Hotkeys", "%1: %2")
    return Outcome(message=fill(text, _label(name), why))


def _target(state: SessionState) -> Call | None:
    calls = state.customer_calls
    if state.active_cid:
        active = state.calls.get(state.active_cid)
        if active is not None and active.state is not CallState.ENDED:
            return active
    connected = [c for c in calls if c.state is CallState.CONNECTED]
    if len(connected) == 1:
        return connected[0]
    live = [c for c in calls if c.state is not CallState.ENDED]
    return live[0] if len(live) == 1 else None


def _no_target(name: str, state: SessionState) -> Outcome:
    live = [c for c in state.customer_calls if c.state is not CallState.ENDED]
    if len(live) > 1:
        why = QtCore.QCoreApplication.translate(
            "Hotkeys", "several calls — make one of them active first"
        )
    else:
        why = QtCore.QCoreApplication.translate("Hotkeys", "no call to act on")
    return _refused(name, why)


def _verdict(state: SessionState, call: Call, action: Action) -> Allowed:
    return call_actions(state, call.cid).get(action, Allowed(False))


def _toggle(name: str, state: SessionState, call: Call, on: Action, off: Action) -> Outcome:
    verdicts = call_actions(state, call.cid)
    for action in (on, off):
        if verdicts.get(action, Allowed(False)).ok:
            return Outcome(intent=intent_for(action, call.cid))
    first = verdicts.get(on, Allowed(False))
    return _refused(name, texts.why_text(first) if first.why else "")


def _take(state: SessionState, call: Call) -> Outcome:
    verdict = text_actions(state, call.cid)[TextAction.TAKE]
    conversation = state.conversations.get(call.cid)
    if verdict.ok and conversation is not None:
        return Outcome(intent=it.TakeTextSession(call.cid, conversation.waiting))
    return _refused("answer", texts.why_text(verdict))


def resolve(name: str, state: SessionState) -> Outcome:
    """What hotkey ``name`` does in ``state`` (see the module docstring)."""
    if name == "dial":
        return Outcome(focus_dialer=True)
    if name == "state":
        verdict = global_actions(state)[Action.CHANGE_STATE]
        if not verdict.ok:
            return _refused(name, texts.why_text(verdict) if verdict.why else "")
        return Outcome(state_menu=True)
    if name == "ready":
        verdict = global_actions(state)[Action.CHANGE_STATE]
        if not verdict.ok:
            return _refused(name, texts.why_text(verdict) if verdict.why else "")
        plan = plan_choice(state, StateChoice("normal"))
        return Outcome(intent=plan.intent, queue=plan.queue)
    if name == "answer":
        ringing = [c for c in state.customer_calls if c.ringing]
        if not ringing:
            why = QtCore.QCoreApplication.translate("Hotkeys", "no call is ringing")
            return _refused(name, why)
        oldest = ringing[0]
        if oldest.is_text:  # a text session is taken into work, not answered
            return _take(state, oldest)
        verdict = _verdict(state, oldest, Action.ANSWER)
        if verdict.ok:
            return Outcome(intent=intent_for(Action.ANSWER, oldest.cid))
        return _refused(name, texts.why_text(verdict) if verdict.why else "")
    if name == "close":
        ended = [c for c in state.customer_calls if c.state is CallState.ENDED]
        if not ended:
            why = QtCore.QCoreApplication.translate("Hotkeys", "no call is in wrap-up")
            return _refused(name, why)
        verdict = _verdict(state, ended[0], Action.CLOSE)
        if verdict.ok:
            return Outcome(intent=intent_for(Action.CLOSE, ended[0].cid))
        if verdict.why is Why.DISPOSITION_REQUIRED:
            return Outcome(result_cid=ended[0].cid)
        return _refused(name, texts.why_text(verdict) if verdict.why else "")
    call = _target(state)
    if call is None:
        return _no_target(name, state)
    if name == "hold":
        return _toggle(name, state, call, Action.HOLD, Action.RESUME)
    if name == "mute":
        return _toggle(name, state, call, Action.MUTE, Action.UNMUTE)
    action = Action.HANGUP if name == "hangup" else Action.TRANSFER
    verdict = _verdict(state, call, action)
    if not verdict.ok:
        return _refused(name, texts.why_text(verdict) if verdict.why else "")
    if action is Action.TRANSFER:
        return Outcome(transfer_cid=call.cid)
    return Outcome(intent=intent_for(Action.HANGUP, call.cid))


class Hotkeys(QObject):
    """The configured hotkeys as application-wide shortcuts on ``window``.

    Signals:
        triggered(str): Hotkey ``name`` was pressed.
        problems_found(list): Texts describing invalid or conflicting settings.
    """

    triggered = Signal(str)
    problems_found = Signal(list)

    def __init__(self, window: QtWidgets.QWidget, settings: Settings | None) -> None:
        """Create the shortcuts from ``settings`` (call :meth:`apply` after changes)."""
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._shortcuts: dict[str, QShortcut] = {}
        self.problems: list[str] = []
        self.apply()

    def set_settings(self, settings: Settings | None) -> None:
        """Read hotkeys from ``settings`` from now on (and apply them)."""
        self._settings = settings
        self.apply()

    def apply(self) -> list[str]:
        """(Re)create every shortcut from the settings; return the problems found."""
        for shortcut in self._shortcuts.values():
            shortcut.setEnabled(False)
            shortcut.setParent(None)
            shortcut.deleteLater()
        self._shortcuts.clear()
        problems: list[str] = []
        used: dict[str, str] = {}
        for name in NAMES:
            raw = self._settings.text(f"hotkeys/{name}") if self._settings else ""
            if not raw.strip():
                continue
            sequence = parse_sequence(raw)
            if sequence is None:
                problems.append(
                    fill(self.tr("Hotkey for “%1” is not valid: %2"), _label(name), raw)
                )
                continue
            portable = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            if portable in used:
                problems.append(
                    fill(
                        self.tr("%1 is set for both “%2” and “%3”; only “%2” uses it"),
                        sequence.toString(QKeySequence.SequenceFormat.NativeText),
                        _label(used[portable]),
                        _label(name),
                    )
                )
                continue
            used[portable] = name
            self._shortcuts[name] = self._make(name, sequence)
        for problem in problems:
            log.warning("hotkeys: %s", problem)
        self.problems = problems
        if problems:
            self.problems_found.emit(problems)
        return problems

    def shortcut(self, name: str) -> QShortcut | None:
        """The shortcut of hotkey ``name`` (None when unset or invalid)."""
        return self._shortcuts.get(name)

    def text(self, name: str) -> str:
        """The hotkey of ``name`` as the operator's platform writes it ("" when unset)."""
        shortcut = self._shortcuts.get(name)
        if shortcut is None:
            return ""
        return shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)

    def action_texts(self) -> dict[Action, str]:
        """Hotkey texts by call action, for the cards' tooltips."""
        out: dict[Action, str] = {}
        for action, name in ACTION_HOTKEYS.items():
            text = self.text(name)
            if text:
                out[action] = text
        return out

    def _make(self, name: str, sequence: QKeySequence) -> QShortcut:
        shortcut = QShortcut(sequence, self._window)
        shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        shortcut.setAutoRepeat(False)
        shortcut.activated.connect(lambda n=name: self.triggered.emit(n))
        shortcut.activatedAmbiguously.connect(lambda n=name: self._ambiguous(n))
        return shortcut

    def _ambiguous(self, name: str) -> None:
        problem = fill(self.tr("The hotkey for “%1” is also used by another control"), _label(name))
        log.warning("hotkeys: %s", problem)
        self.problems_found.emit([problem])
