"""The call card's transfer strip: how far a transfer got, and Cancel / Complete.

It renders ``call.transfer`` (see :class:`~agent_toolbar.cti.model.Transfer`) as a line of
steps for its kind, for example for a consultation::

    Consultation transfer → Smirnova Olga (201)                      0:07
    ✓ Sent  ›  ● Calling  ›  Consultant on the line  ›  Handed over
                                                        [Cancel transfer]

with a line telling what to do next (hang up to hand over; Complete to leave a conference
transfer). A failure shows its table-4.1 reason in words
(:func:`~agent_toolbar.ui.common.texts.transfer_failure_text`); a returned call shows a clear
"back with you" mark. Both stay until the operator dismisses them or starts another
transfer. Cancel (``BreakTransfer``) and Complete (``FinishConferenceTransfer``) are shown,
enabled and explained only as :func:`~agent_toolbar.cti.actions.call_actions` says.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from agent_toolbar.cti.actions import Action, Allowed, Why, intent_for
from agent_toolbar.cti.model import Call, Transfer, TransferFailure, TransferKind, TransferPhase
from agent_toolbar.qt import (
    QT_TRANSLATE_NOOP,
    QApplication,
    QCoreApplication,
    QEvent,
    QPalette,
    Qt,
    QtWidgets,
    Signal,
)
from agent_toolbar.ui.calls.call_parts import ElidedLabel
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.common.palette import colors
from agent_toolbar.ui.common.plain_text import plain_label, plain_tooltip
from agent_toolbar.ui.common.timefmt import elapsed
from agent_toolbar.ui.common.tr import fill

__all__ = ["TransferProgress", "kind_title", "steps_for", "target_label"]

# Refusals that mean "this button has nothing to do with this transfer": hidden, not greyed.
_HIDDEN = frozenset({Why.NO_TRANSFER, Why.NOT_CONFERENCE_TRANSFER, Why.UNSUPPORTED})


def target_label(target: str | None, names: Mapping[str, str]) -> str:
    """``Label (number)`` when the directory (``names``: number → label) names the target."""
    if not target:
        return ""
    label = names.get(target, "")
    return f"{label} ({target})" if label and label != target else target


def kind_title(kind: TransferKind | None) -> str:
    """A short name of the kind for the strip's title ("Consultation → …")."""
    names = {
        TransferKind.BLIND: QCoreApplication.translate("TransferProgress", "Blind"),
        TransferKind.CONSULTATION: QCoreApplication.translate("TransferProgress", "Consultation"),
        TransferKind.CONFERENCE: QCoreApplication.translate("TransferProgress", "Conference"),
        TransferKind.CALLBACK: QCoreApplication.translate("TransferProgress", "With return"),
    }
    return names[kind] if kind is not None else texts.transfer_kind_text(None)


_SENT = QT_TRANSLATE_NOOP("TransferProgress", "Sent")
_CALLING = QT_TRANSLATE_NOOP("TransferProgress", "Calling")
_TRANSFERRED = QT_TRANSLATE_NOOP("TransferProgress", "Transferred")
_HANDED_OVER = QT_TRANSLATE_NOOP("TransferProgress", "Handed over")
# The steps of each kind, untranslated; ``None``: a transfer of a kind we were not told.
_STEPS: dict[TransferKind | None, tuple[object, ...]] = {
    TransferKind.BLIND: (_SENT, _CALLING, _TRANSFERRED),
    TransferKind.CONSULTATION: (
        _SENT,
        _CALLING,
        QT_TRANSLATE_NOOP("TransferProgress", "Consulting"),
        _HANDED_OVER,
    ),
    TransferKind.CONFERENCE: (
        _SENT,
        _CALLING,
        QT_TRANSLATE_NOOP("TransferProgress", "Three-way"),
        _HANDED_OVER,
    ),
    TransferKind.CALLBACK: (
        _SENT,
        _CALLING,
        QT_TRANSLATE_NOOP("TransferProgress", "With target"),
        QT_TRANSLATE_NOOP("TransferProgress", "Returned"),
    ),
    None: (
        QT_TRANSLATE_NOOP("TransferProgress", "Started"),
        QT_TRANSLATE_NOOP("TransferProgress", "Connected"),
        _TRANSFERRED,
    ),
}


def steps_for(kind: TransferKind | None) -> tuple[str, ...]:
    """The steps a transfer of ``kind`` goes through, as the strip names them."""
    # QT_TRANSLATE_NOOP is typed as returning ``object``; the values are the source strings.
    steps = _STEPS.get(kind, _STEPS[None])
    return tuple(QCoreApplication.translate("TransferProgress", str(step)) for step in steps)


def _step(transfer: Transfer) -> int:
    """Index of the current step; ``len(steps)`` when every step is done."""
    names = steps_for(transfer.kind)
    done = len(names)
    phase, kind = transfer.phase, transfer.kind
    if phase in (TransferPhase.COMPLETED, TransferPhase.RETURNED):
        return done
    if phase is TransferPhase.SUCCEEDED and kind is TransferKind.BLIND:
        return done
    index = {TransferPhase.REQUESTED: 0, TransferPhase.STARTED: 1, TransferPhase.SUCCEEDED: 2}
    step = index.get(phase, 1)  # a failure is shown where the target was being called
    return max(0, step - 1) if kind is None else step


def _scheme() -> str:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return "light"
    return "dark" if app.palette().color(QPalette.ColorRole.Window).lightness() < 128 else "light"


class TransferProgress(QtWidgets.QFrame):
    """The transfer of one call, its outcome, and the actions that apply to it.

    Signals:
        intent_requested(object): ``BreakTransfer`` or ``FinishConferenceTransfer``.
    """

    intent_requested = Signal(object)

    def __init__(
        self, parent: QtWidgets.QWidget | None = None, names: Mapping[str, str] | None = None
    ) -> None:
        """Build the (hidden) strip; ``names`` (number → directory label) is read when shown."""
        super().__init__(parent)
        self.setObjectName("TransferProgress")
        self._names: Mapping[str, str] = names if names is not None else {}
        self._cid = ""
        self._transfer: Transfer | None = None
        self._dismissed: tuple[object, ...] | None = None
        self.title = ElidedLabel(self)
        self.title.setObjectName("transferTitle")
        self.timer = QtWidgets.QLabel(self)
        self.timer.setObjectName("transferTimer")
        self.steps = QtWidgets.QLabel(self)
        self.steps.setObjectName("transferSteps")
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.steps.setWordWrap(True)
        self.outcome = plain_label(QtWidgets.QLabel(self))
        self.outcome.setObjectName("transferOutcome")
        self.outcome.setWordWrap(True)
        self.cancel = QtWidgets.QPushButton(self)
        self.cancel.setObjectName("transferCancel")
        self.cancel.clicked.connect(lambda: self._emit_action(Action.BREAK_TRANSFER))
        self.complete = QtWidgets.QPushButton(self)
        self.complete.setObjectName("transferComplete")
        self.complete.clicked.connect(lambda: self._emit_action(Action.FINISH_CONFERENCE_TRANSFER))
        self.dismiss = QtWidgets.QToolButton(self)  # as small as its text
        self.dismiss.setObjectName("transferDismiss")
        self.dismiss.clicked.connect(self._dismiss)

        top = QtWidgets.QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.title, 1)
        top.addWidget(self.timer)
        # The outcome (or nothing) on the left, the actions on the right of the same row.
        buttons = QtWidgets.QHBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.outcome, 1)
        buttons.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignBottom)
        buttons.addWidget(self.complete, 0, Qt.AlignmentFlag.AlignBottom)
        buttons.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.steps)
        layout.addLayout(buttons)
        self._restyle()
        self.hide()

    # ------------------------------------------------------------------ public

    @property
    def transfer(self) -> Transfer | None:
        """The transfer as last rendered."""
        return self._transfer

    def show_call(self, call: Call, verdicts: Mapping[Action, Allowed]) -> None:
        """Show ``call.transfer`` and the actions that apply to it."""
        self._cid = call.cid
        transfer = call.transfer
        self._transfer = transfer
        if transfer is None or self._dismissed == _key(transfer):
            self.hide()
            return
        self.setProperty("phase", transfer.phase.value)
        title = kind_title(transfer.kind)
        # The title names the target briefly (the directory label, else the number); the
        # tooltip and the outcome line carry both.
        target = self._names.get(transfer.target or "", "") or transfer.target or ""
        full = target_label(transfer.target, self._names)
        self.title.set_full_text(f"{title} → {target}" if target else title)
        kind = texts.transfer_kind_text(transfer.kind)
        self.setToolTip(plain_tooltip(f"{kind} → {full}" if full else kind))
        steps = self._steps_html(transfer)
        self.steps.setText(steps)
        self.steps.setVisible(bool(steps))
        self.steps.setAccessibleName(texts.transfer_text(transfer))
        self._render_outcome(transfer)
        self._render_button(self.cancel, Action.BREAK_TRANSFER, verdicts)
        self._render_button(self.complete, Action.FINISH_CONFERENCE_TRANSFER, verdicts)
        finished = transfer.phase in (TransferPhase.FAILED, TransferPhase.RETURNED)
        self.dismiss.setVisible(finished)
        self.dismiss.setText(QCoreApplication.translate("TransferProgress", "OK"))
        self.dismiss.setToolTip(QCoreApplication.translate("TransferProgress", "Hide this message"))
        self.setAccessibleName(f"{self.toolTip()}. {texts.transfer_text(transfer)}")
        self._restyle()
        self.show()
        self.tick(time.time())

    def tick(self, now: float) -> None:
        """Advance the timer of a running transfer."""
        transfer = self._transfer
        running = transfer is not None and transfer.running and bool(transfer.since)
        self.timer.setVisible(running)
        if running and transfer is not None:
            self.timer.setText(elapsed(now - transfer.since))

    # ------------------------------------------------------------------ rendering

    def _steps_html(self, transfer: Transfer) -> str:
        if transfer.phase is TransferPhase.RETURNED and transfer.kind is not TransferKind.CALLBACK:
            return ""  # cancelled: the outcome line says the call is back
        names = steps_for(transfer.kind)
        current = _step(transfer)
        failed = transfer.phase is TransferPhase.FAILED
        c = colors(_scheme())
        parts = []
        for index, name in enumerate(names):
            if index < current:
                parts.append(f'<span style="color:{c["ready"]}">✓ {name}</span>')
            elif index == current and failed:
                parts.append(f'<b style="color:{c["error"]}">✗ {name}</b>')
            elif index == current:
                parts.append(f'<b style="color:{c["busy"]}">● {name}</b>')
            else:
                parts.append(f'<span style="color:{c["muted_text"]}">{name}</span>')
        return " › ".join(parts)

    def _render_outcome(self, transfer: Transfer) -> None:
        phase, kind = transfer.phase, transfer.kind
        text = ""
        if phase is TransferPhase.FAILED:
            failure = transfer.failure
            reason = texts.transfer_failure_text(
                TransferFailure.UNKNOWN if failure is None else failure
            )
            text = QCoreApplication.translate("TransferProgress", "Transfer failed: %1").replace(
                "%1", reason
            )
            if failure is not None and failure is not TransferFailure.UNKNOWN and transfer.code:
                # the system's own code; a non-breaking space keeps "(code 7)" on one line
                code = fill(
                    QCoreApplication.translate("TransferProgress", "(code %1)"), transfer.code
                )
                text += "\u00a0" + code.replace(" ", "\u00a0")
        elif phase is TransferPhase.RETURNED:
            text = QCoreApplication.translate("TransferProgress", "↩ The call is back with you")
        elif phase is TransferPhase.SUCCEEDED and kind is TransferKind.CONSULTATION:
            text = QCoreApplication.translate(
                "TransferProgress",
                "The caller waits on hold. Hang up to hand them over.",
            )
        elif phase is TransferPhase.SUCCEEDED and kind is TransferKind.CONFERENCE:
            text = QCoreApplication.translate(
                "TransferProgress", "Complete leaves the two of them talking."
            )
        elif phase is TransferPhase.SUCCEEDED and kind is TransferKind.CALLBACK:
            text = QCoreApplication.translate(
                "TransferProgress", "The target has the call; it comes back to you after."
            )
        elif phase is TransferPhase.COMPLETED or (
            phase is TransferPhase.SUCCEEDED and kind is TransferKind.BLIND
        ):
            text = QCoreApplication.translate("TransferProgress", "The caller is with %1").replace(
                "%1",
                target_label(transfer.target, self._names)
                or QCoreApplication.translate("TransferProgress", "the target"),
            )
        self.outcome.setText(text)
        self.outcome.setVisible(bool(text))
        self.outcome.setProperty("tone", _tone(phase))

    def _render_button(
        self, button: QtWidgets.QPushButton, action: Action, verdicts: Mapping[Action, Allowed]
    ) -> None:
        verdict = verdicts.get(action, Allowed(False, Why.NO_TRANSFER))
        label = texts.action_label(action)
        button.setText(label)
        button.setAccessibleName(label)
        button.setVisible(verdict.ok or verdict.why not in _HIDDEN)
        button.setEnabled(verdict.ok)
        if verdict.ok or verdict.why is None:
            button.setToolTip(label)
        else:
            button.setToolTip(f"{label} — {texts.why_text(verdict)}")

    def _restyle(self) -> None:
        c = colors(_scheme())
        tone = _tone(self._transfer.phase) if self._transfer is not None else "info"
        background = {"error": c["error_bg"], "returned": c["warning_bg"]}.get(tone, c["alt_base"])
        border = {"error": c["error"], "returned": c["away"]}.get(tone, c["border"])
        sheet = (
            f"#TransferProgress {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 4px; }}"
            f" #transferTitle {{ font-weight: 600; }}"
            f" #transferTimer {{ color: {c['muted_text']}; }}"
            f" #transferOutcome {{ color: {c['error'] if tone == 'error' else c['text']}; }}"
        )
        if sheet != self.styleSheet():  # setting a style sheet causes a palette change
            self.setStyleSheet(sheet)

    # ------------------------------------------------------------------ actions

    def _emit_action(self, action: Action) -> None:
        intent = intent_for(action, self._cid)
        if intent is None:
            return
        # Until the next render shows the command in flight, a second click must not send it.
        sender = self.cancel if action is Action.BREAK_TRANSFER else self.complete
        sender.setEnabled(False)
        self.intent_requested.emit(intent)

    def _dismiss(self) -> None:
        if self._transfer is not None:
            self._dismissed = _key(self._transfer)
        self.hide()

    def changeEvent(self, event: QEvent) -> None:
        """Re-colour after a palette change."""
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()
            if self._transfer is not None:
                self.steps.setText(self._steps_html(self._transfer))
        super().changeEvent(event)


def _key(transfer: Transfer) -> tuple[object, ...]:
    return (transfer.phase, transfer.since, transfer.target)


def _tone(phase: TransferPhase) -> str:
    if phase is TransferPhase.FAILED:
        return "error"
    if phase is TransferPhase.RETURNED:
        return "returned"
    return "info"
