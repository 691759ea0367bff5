"""The conference panel: create a conference, bring people in, take them out, leave, end it.

The panel renders ``state.conferences`` — whatever ``NewConference``, ``ConferenceInfo``,
``Conferences`` and ``OnCloseConference`` last said, including changes another client made —
and keeps no membership of its own. For each conference it lists the member calls with who
they are and where their call is (talking, on hold, ringing …) and offers:

* *Call in* a new party by number or URI (``MakeConferenceCall``);
* *Add* one of the operator's other calls (``AddCallToConference``);
* *Remove* a member without ending their call (``RemoveCallFromConference``);
* *Leave* / *Rejoin* (``LeaveConference`` / ``JoinConference``, following
  ``operatorInConference``);
* *End conference* for everyone (``HangupConference``), after a confirmation.

Below them, *New conference* with an optional name (``CreateConference``). What is enabled
comes from :func:`~agent_toolbar.cti.actions.conference_actions`,
:func:`~agent_toolbar.cti.actions.global_actions` and, for adding a call,
:func:`~agent_toolbar.cti.actions.call_actions`; refusals are explained in tooltips. A
WebPhone has no conference commands (tables 3.5/3.6): the panel then shows only that.
"""

from __future__ import annotations

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Action
from agent_toolbar.cti.actions import global_actions as global_verdicts
from agent_toolbar.cti.capabilities import Feature, RefusalKind
from agent_toolbar.cti.model import SessionState
from agent_toolbar.qt import QCoreApplication, QtWidgets, Signal
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.common.plain_text import plain_label
from agent_toolbar.ui.common.tr import fill
from agent_toolbar.ui.conference.conference_section import (
    ConferenceSection,
    apply_verdict,
    conference_title,
)

__all__ = ["ConferencePanel", "ConferenceSection", "conference_title"]


class ConferencePanel(QtWidgets.QWidget):
    """Every conference of the operator, and a way to start one.

    Signals:
        intent_requested(object): A conference intent to submit.

    Attributes:
        sections: The shown conferences by ``confId``.
        name: The optional name of a new conference.
        create_button: The "New conference" button.
        message: The last problem (a refused command, a bad number), until the next action.
    """

    intent_requested = Signal(object)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        """Build the panel (empty until :meth:`apply_state`)."""
        super().__init__(parent)
        self.setObjectName("ConferencePanel")
        self.sections: dict[str, ConferenceSection] = {}
        self.unavailable = QtWidgets.QLabel(self)
        self.unavailable.setObjectName("conferenceUnavailable")
        self.unavailable.setWordWrap(True)
        self.unavailable.hide()
        self.none = QtWidgets.QLabel(self)
        self.none.setObjectName("conferenceNone")
        self.none.setEnabled(False)
        self._list = QtWidgets.QVBoxLayout()
        self._list.setSpacing(8)
        self.name = QtWidgets.QLineEdit(self)
        self.name.setObjectName("conferenceName")
        self.name.returnPressed.connect(self._create)
        self.create_button = QtWidgets.QPushButton(self)
        self.create_button.setObjectName("conferenceCreate")
        self.create_button.clicked.connect(self._create)
        self.message = plain_label(QtWidgets.QLabel(self))
        self.message.setObjectName("conferenceMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: palette(bright-text);")
        self.message.hide()
        self._box: QtWidgets.QMessageBox | None = None
        self._asking: str | None = None
        self._create_row = QtWidgets.QWidget(self)
        row = QtWidgets.QHBoxLayout(self._create_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.name, 1)
        row.addWidget(self.create_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.unavailable)
        layout.addWidget(self.none)
        layout.addLayout(self._list)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self._create_row)

    # ------------------------------------------------------------------ public

    def apply_state(self, state: SessionState) -> None:
        """Show ``state.conferences`` and what can be done now."""
        refusal = state.capabilities.refusal(Feature.CONFERENCES)
        supported = refusal is None
        self.unavailable.setVisible(not supported)
        self.unavailable.setText(
            fill(
                QCoreApplication.translate("ConferencePanel", "The %1 has no conference calls."),
                refusal.device,
            )
            if refusal is not None and refusal.kind is RefusalKind.DEVICE
            else QCoreApplication.translate(
                "ConferencePanel", "This phone system has no conference calls."
            )
        )
        self._create_row.setVisible(supported)
        conferences = state.conferences if supported else {}
        for conf_id in [c for c in self.sections if c not in conferences]:
            section = self.sections.pop(conf_id)
            self._list.removeWidget(section)
            section.hide()
            section.deleteLater()
        for conf_id in sorted(conferences, key=_number_first):
            existing = self.sections.get(conf_id)
            (existing or self._new_section(conf_id)).apply_state(state)
        self.none.setVisible(supported and not conferences)
        self.none.setText(QCoreApplication.translate("ConferencePanel", "No conference now."))
        verdict = global_verdicts(state)[Action.CREATE_CONFERENCE]
        label = texts.action_label(Action.CREATE_CONFERENCE)
        self.create_button.setText(label)
        apply_verdict(self.create_button, verdict, label)
        self.name.setPlaceholderText(
            QCoreApplication.translate("ConferencePanel", "Name (optional)")
        )
        self.name.setEnabled(verdict.ok)

    def show_problem(self, text: str) -> None:
        """Show why the last action did not happen ("" hides the line)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    @property
    def confirmation(self) -> QtWidgets.QMessageBox | None:
        """The "End conference?" question while it is open."""
        return self._box if self._asking is not None else None

    # ------------------------------------------------------------------ internals

    def _new_section(self, conf_id: str) -> ConferenceSection:
        section = ConferenceSection(conf_id, self)
        section.intent_requested.connect(self._emit)
        section.end_requested.connect(self._ask_end)
        section.problem_found.connect(self.show_problem)
        self.sections[conf_id] = section
        self._list.addWidget(section)
        return section

    def _emit(self, intent: it.Intent) -> None:
        self.show_problem("")
        self.intent_requested.emit(intent)

    def _create(self) -> None:
        if not self.create_button.isEnabled():
            return
        name = self.name.text().strip()
        self.name.clear()
        self._emit(it.CreateConference(name))

    def _ask_end(self, conf_id: str) -> None:
        section = self.sections.get(conf_id)
        title = section.title() if section is not None else conf_id
        buttons = QtWidgets.QMessageBox.StandardButton
        if self._box is None:
            # One box, reused: opened with open() (never exec) and answered through finished.
            self._box = QtWidgets.QMessageBox(self)
            self._box.setIcon(QtWidgets.QMessageBox.Icon.Question)
            self._box.setStandardButtons(buttons.Yes | buttons.No)
            self._box.finished.connect(self._end_answered)
        box = self._box
        box.setWindowTitle(QCoreApplication.translate("ConferencePanel", "End conference"))
        box.setText(
            fill(
                QCoreApplication.translate(
                    "ConferencePanel", "End “%1” for everyone? All its calls will be hung up."
                ),
                title,
            )
        )
        box.setDefaultButton(buttons.No)
        self._asking = conf_id
        box.open()

    def _end_answered(self, _result: int) -> None:
        box, conf_id = self._box, self._asking
        self._asking = None
        if box is None or conf_id is None:
            return
        if box.standardButton(box.clickedButton()) == QtWidgets.QMessageBox.StandardButton.Yes:
            self._emit(it.HangupConference(conf_id))


def _number_first(conf_id: str) -> tuple[int, str]:
    return (int(conf_id), "") if conf_id.isdigit() else (1 << 30, conf_id)
