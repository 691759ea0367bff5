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
from agent_toolbar.cti.actions import Action, Allowed, call_actions, conference_actions
from agent_toolbar.cti.actions import global_actions as global_verdicts
from agent_toolbar.cti.backend import Feature, PhoneKind
from agent_toolbar.cti.directory import TargetProblem, check_target
from agent_toolbar.cti.model import Call, Conference, SessionState
from agent_toolbar.qt import QCoreApplication, QtWidgets, Signal
from agent_toolbar.ui import texts

__all__ = ["ConferencePanel", "ConferenceSection", "conference_title"]


def conference_title(conf: Conference) -> str:
    """The conference's name, or "Conference N" when it has none."""
    return conf.display_name.strip() or QCoreApplication.translate(
        "ConferencePanel", "Conference %1"
    ).replace("%1", conf.conf_id)


def _who(call: Call | None, cid: str) -> tuple[str, str]:
    """Name and number of a member (a call the phone does not know yet shows its id)."""
    if call is None:
        return (QCoreApplication.translate("ConferencePanel", "Connecting…"), cid[:8])
    number = call.number
    name = (
        call.display_name.strip()
        or number
        or QCoreApplication.translate("ConferencePanel", "Unknown caller")
    )
    return (name, number if number != name else "")


def _apply(button: QtWidgets.QAbstractButton, verdict: Allowed, label: str) -> None:
    button.setEnabled(verdict.ok)
    why = texts.why_text(verdict.why) if not verdict.ok and verdict.why else ""
    button.setToolTip(f"{label} — {why}" if why else label)


class ConferenceSection(QtWidgets.QGroupBox):
    """One conference: its members and what can be done with it.

    Signals:
        intent_requested(object): A conference intent to submit.
        end_requested(str): The operator pressed "End conference" (confirm first).
        problem_found(str): A typed number was refused before sending.
    """

    intent_requested = Signal(object)
    end_requested = Signal(str)
    problem_found = Signal(str)

    def __init__(self, conf_id: str, parent: QtWidgets.QWidget | None = None) -> None:
        """Build the (empty) section for conference ``conf_id``."""
        super().__init__(parent)
        self.setObjectName(f"conference_{conf_id}")
        self.conf_id = conf_id
        self._key: object = None
        self.presence = QtWidgets.QLabel(self)
        self.presence.setObjectName("operatorPresence")
        self.presence.setWordWrap(True)
        self.members = QtWidgets.QWidget(self)
        self._grid = QtWidgets.QGridLayout(self.members)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(8)
        self._grid.setColumnStretch(0, 1)
        self.remove_buttons: dict[str, QtWidgets.QPushButton] = {}

        self.number = QtWidgets.QLineEdit(self)
        self.number.setObjectName("conferenceNumber")
        self.number.setClearButtonEnabled(True)
        self.number.returnPressed.connect(self._call_in)
        self.call_in = QtWidgets.QPushButton(self)
        self.call_in.setObjectName("conferenceCallIn")
        self.call_in.clicked.connect(self._call_in)
        self.existing = QtWidgets.QComboBox(self)
        self.existing.setObjectName("conferenceExisting")
        self.existing.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.add_existing = QtWidgets.QPushButton(self)
        self.add_existing.setObjectName("conferenceAdd")
        self.add_existing.clicked.connect(self._add_existing)
        self.leave_join = QtWidgets.QPushButton(self)
        self.leave_join.setObjectName("conferenceLeaveJoin")
        self.leave_join.clicked.connect(self._leave_or_join)
        self.end = QtWidgets.QPushButton(self)
        self.end.setObjectName("conferenceEnd")
        self.end.setProperty("role", "hangup")
        self.end.clicked.connect(lambda: self.end_requested.emit(self.conf_id))
        self._operator_in = True

        dial = QtWidgets.QHBoxLayout()
        dial.addWidget(self.number, 1)
        dial.addWidget(self.call_in)
        add = QtWidgets.QHBoxLayout()
        add.addWidget(self.existing, 1)
        add.addWidget(self.add_existing)
        bottom = QtWidgets.QHBoxLayout()
        bottom.addWidget(self.leave_join)
        bottom.addStretch(1)
        bottom.addWidget(self.end)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addWidget(self.presence)
        layout.addWidget(self.members)
        layout.addLayout(dial)
        layout.addLayout(add)
        layout.addLayout(bottom)

    def apply_state(self, state: SessionState) -> None:
        """Show the conference as ``state`` has it."""
        conf = state.conferences.get(self.conf_id)
        if conf is None:
            return
        verdicts = conference_actions(state, self.conf_id)
        self.setTitle(conference_title(conf))
        self._operator_in = conf.operator_in
        self.presence.setText(
            QCoreApplication.translate("ConferencePanel", "You are in the conference")
            if conf.operator_in
            else QCoreApplication.translate(
                "ConferencePanel", "You have left; the others are still talking"
            )
        )
        self.presence.setProperty("inside", conf.operator_in)
        members = tuple((cid, state.calls.get(cid)) for cid in conf.calls)
        add_party = verdicts.get("add_party", Allowed(False))
        key = (members, add_party)
        if key != self._key:
            self._key = key
            self._render_members(members, add_party)
        self.number.setPlaceholderText(
            QCoreApplication.translate("ConferencePanel", "Number or address to call in")
        )
        self.number.setEnabled(add_party.ok)
        _apply(self.call_in, add_party, QCoreApplication.translate("ConferencePanel", "Call in"))
        self.call_in.setText(QCoreApplication.translate("ConferencePanel", "Call in"))
        self._render_existing(state)
        leave = verdicts.get("leave" if conf.operator_in else "join", Allowed(False))
        label = (
            QCoreApplication.translate("ConferencePanel", "Leave")
            if conf.operator_in
            else QCoreApplication.translate("ConferencePanel", "Rejoin")
        )
        self.leave_join.setText(label)
        _apply(self.leave_join, leave, label)
        self.end.setText(QCoreApplication.translate("ConferencePanel", "End conference"))
        _apply(
            self.end,
            verdicts.get("hangup", Allowed(False)),
            QCoreApplication.translate("ConferencePanel", "End conference"),
        )

    def _render_members(
        self, members: tuple[tuple[str, Call | None], ...], remove: Allowed
    ) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)  # gone from the section at once, deleted later
                widget.deleteLater()
        self.remove_buttons.clear()
        if not members:
            empty = QtWidgets.QLabel(
                QCoreApplication.translate(
                    "ConferencePanel", "No one else yet: call someone in or add a call"
                )
            )
            empty.setObjectName("conferenceEmpty")
            empty.setEnabled(False)
            self._grid.addWidget(empty, 0, 0, 1, 3)
            return
        for row, (cid, call) in enumerate(members):
            name, number = _who(call, cid)
            who = QtWidgets.QLabel(f"<b>{_escape(name)}</b> {_escape(number)}".strip())
            who.setObjectName("memberName")
            status = QtWidgets.QLabel(texts.call_state_text(call) if call else "")
            status.setObjectName("memberState")
            button = QtWidgets.QPushButton(QCoreApplication.translate("ConferencePanel", "Remove"))
            button.setObjectName("memberRemove")
            _apply(
                button,
                remove,
                QCoreApplication.translate(
                    "ConferencePanel", "Take %1 out of the conference"
                ).replace("%1", name),
            )
            button.clicked.connect(lambda _c=False, c=cid: self._remove(c))
            self.remove_buttons[cid] = button
            self._grid.addWidget(who, row, 0)
            self._grid.addWidget(status, row, 1)
            self._grid.addWidget(button, row, 2)

    def _render_existing(self, state: SessionState) -> None:
        current = self.existing.currentData()
        candidates = [
            call
            for call in state.customer_calls
            if call_actions(state, call.cid).get(Action.ADD_TO_CONFERENCE, Allowed(False)).ok
        ]
        wanted = [(c.cid, " · ".join(p for p in _who(c, c.cid) if p)) for c in candidates]
        box = self.existing
        shown = [(box.itemData(i), box.itemText(i)) for i in range(box.count())]
        if wanted != shown:
            self.existing.clear()
            for cid, text in wanted:
                self.existing.addItem(text, cid)
            index = self.existing.findData(current)
            self.existing.setCurrentIndex(max(index, 0))
        self.existing.setEnabled(bool(wanted))
        self.existing.setPlaceholderText(
            QCoreApplication.translate("ConferencePanel", "No other call to add")
        )
        self.add_existing.setText(QCoreApplication.translate("ConferencePanel", "Add call"))
        self.add_existing.setEnabled(bool(wanted))
        self.add_existing.setToolTip(
            QCoreApplication.translate("ConferencePanel", "Add the selected call to the conference")
            if wanted
            else QCoreApplication.translate("ConferencePanel", "No other call to add")
        )

    def _call_in(self) -> None:
        check = check_target(self.number.text())
        if not self.call_in.isEnabled():
            return
        if not check.ok:
            self.problem_found.emit(
                QCoreApplication.translate(
                    "ConferencePanel", "Type a number or an address to call in"
                )
                if check.problem is TargetProblem.EMPTY
                else QCoreApplication.translate(
                    "ConferencePanel", "“%1” is not a number or an address"
                ).replace("%1", check.target)
            )
            return
        self.number.clear()
        self.intent_requested.emit(it.MakeConferenceCall(self.conf_id, check.target))

    def _add_existing(self) -> None:
        cid = self.existing.currentData()
        if cid:
            self.intent_requested.emit(it.AddCallToConference(self.conf_id, str(cid)))

    def _remove(self, cid: str) -> None:
        button = self.remove_buttons.get(cid)
        if button is not None:
            button.setEnabled(False)
        self.intent_requested.emit(it.RemoveCallFromConference(self.conf_id, cid))

    def _leave_or_join(self) -> None:
        intent: it.Intent = (
            it.LeaveConference(self.conf_id)
            if self._operator_in
            else it.JoinConference(self.conf_id)
        )
        self.intent_requested.emit(intent)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
        self.message = QtWidgets.QLabel(self)
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
        webphone = state.capabilities.phone is PhoneKind.WEBPHONE
        supported = state.capabilities.has(Feature.CONFERENCES)
        self.unavailable.setVisible(not supported)
        self.unavailable.setText(
            QCoreApplication.translate("ConferencePanel", "The WebPhone has no conference calls.")
            if webphone
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
        _apply(self.create_button, verdict, label)
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
            QCoreApplication.translate(
                "ConferencePanel", "End “%1” for everyone? All its calls will be hung up."
            ).replace("%1", title)
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
