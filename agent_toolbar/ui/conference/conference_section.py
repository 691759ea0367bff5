"""One conference in the conference panel: its members and what can be done with it.

Members are listed with who they are and where their call is (talking, on hold, ringing …);
each can be taken out (``RemoveCallFromConference``); a new party can be called in by number
(``MakeConferenceCall``) or one of the operator's other calls added
(``AddCallToConference``); the operator can leave or rejoin (``LeaveConference`` /
``JoinConference``) and end it (the panel asks first). Enablement comes from
:func:`~agent_toolbar.cti.actions.conference_actions` and, for adding a call,
:func:`~agent_toolbar.cti.actions.call_actions`.
"""

from __future__ import annotations

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Action, Allowed, call_actions, conference_actions
from agent_toolbar.cti.directory import TargetProblem, check_target
from agent_toolbar.cti.model import Call, Conference, SessionState
from agent_toolbar.qt import QCoreApplication, Qt, QtGui, QtWidgets, Signal
from agent_toolbar.ui.calls.call_parts import ElidedLabel
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.common.plain_text import plain_label, plain_tooltip
from agent_toolbar.ui.common.tr import fill

__all__ = ["CallChoice", "ConferenceSection", "apply_verdict", "conference_title"]


def conference_title(conf: Conference) -> str:
    """The conference's name, or "Conference N" when it has none."""
    return conf.display_name.strip() or fill(
        QCoreApplication.translate("ConferencePanel", "Conference %1"), conf.conf_id
    )


class CallChoice(QtWidgets.QComboBox):
    """The operator's other calls, to add one to the conference.

    A choice too long for the box loses the middle of its text ("Иванов Пётр С…+79161234567"),
    never the end of the number; the full text is the tooltip.
    """

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        """Create the (empty) box."""
        super().__init__(parent)
        self.currentTextChanged.connect(self.setToolTip)

    def shown_text(self) -> str:
        """The current choice as drawn: elided in the middle to the box's text field."""
        option = QtWidgets.QStyleOptionComboBox()
        self.initStyleOption(option)
        return self._elided(option)

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        """Draw the box with the current choice elided in the middle."""
        painter = QtWidgets.QStylePainter(self)
        option = QtWidgets.QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QtWidgets.QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self._elided(option)
        painter.drawControl(QtWidgets.QStyle.ControlElement.CE_ComboBoxLabel, option)

    def _elided(self, option: QtWidgets.QStyleOptionComboBox) -> str:
        style = QtWidgets.QStyle
        field = self.style().subControlRect(
            style.ComplexControl.CC_ComboBox, option, style.SubControl.SC_ComboBoxEditField, self
        )
        return self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideMiddle, field.width()
        )


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


def apply_verdict(button: QtWidgets.QAbstractButton, verdict: Allowed, label: str) -> None:
    """Enable ``button`` as ``verdict`` says; its tooltip names the action and any refusal."""
    button.setEnabled(verdict.ok)
    why = texts.why_text(verdict) if not verdict.ok and verdict.why else ""
    button.setToolTip(plain_tooltip(f"{label} — {why}" if why else label))


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
        self.presence = plain_label(QtWidgets.QLabel(self))
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
        self.existing = CallChoice(self)
        self.existing.setObjectName("conferenceExisting")
        self.existing.setSizeAdjustPolicy(
            QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.existing.setMinimumContentsLength(14)
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
        remove = verdicts.get("remove", Allowed(False))
        key = (members, remove)
        if key != self._key:
            self._key = key
            self._render_members(members, remove)
        self.number.setPlaceholderText(
            QCoreApplication.translate("ConferencePanel", "Number or address to call in")
        )
        self.number.setEnabled(add_party.ok)
        apply_verdict(
            self.call_in, add_party, QCoreApplication.translate("ConferencePanel", "Call in")
        )
        # Mnemonics (Alt+letter) make the panel usable from the keyboard.
        self.call_in.setText(QCoreApplication.translate("ConferencePanel", "Call &in"))
        self._render_existing(state)
        leave = verdicts.get("leave" if conf.operator_in else "join", Allowed(False))
        label = (
            QCoreApplication.translate("ConferencePanel", "Leave")
            if conf.operator_in
            else QCoreApplication.translate("ConferencePanel", "Rejoin")
        )
        self.leave_join.setText(
            QCoreApplication.translate("ConferencePanel", "&Leave")
            if conf.operator_in
            else QCoreApplication.translate("ConferencePanel", "&Rejoin")
        )
        apply_verdict(self.leave_join, leave, label)
        self.end.setText(QCoreApplication.translate("ConferencePanel", "&End conference"))
        apply_verdict(
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
            who = QtWidgets.QWidget()
            lines = QtWidgets.QVBoxLayout(who)
            lines.setContentsMargins(0, 0, 0, 0)
            lines.setSpacing(0)
            name_label = ElidedLabel(who)  # long names end in "…" instead of widening the panel
            name_label.setObjectName("memberName")
            bold = name_label.font()
            bold.setBold(True)
            name_label.setFont(bold)
            name_label.set_full_text(name)
            number_label = plain_label(QtWidgets.QLabel(number, who))
            number_label.setObjectName("memberNumber")
            number_label.setEnabled(False)  # drawn in the muted colour
            number_label.setVisible(bool(number))
            lines.addWidget(name_label)
            lines.addWidget(number_label)
            status = plain_label(QtWidgets.QLabel(texts.call_state_text(call) if call else ""))
            status.setObjectName("memberState")
            button = QtWidgets.QPushButton(QCoreApplication.translate("ConferencePanel", "Remove"))
            button.setObjectName("memberRemove")
            apply_verdict(
                button,
                remove,
                fill(
                    QCoreApplication.translate("ConferencePanel", "Take %1 out of the conference"),
                    name,
                ),
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
        self.add_existing.setText(QCoreApplication.translate("ConferencePanel", "&Add call"))
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
                else fill(
                    QCoreApplication.translate(
                        "ConferencePanel", "“%1” is not a number or an address"
                    ),
                    check.target,
                )
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
