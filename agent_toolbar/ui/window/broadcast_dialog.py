"""The supervisor's notice composer: a notice to people and departments, or to a project.

Two tabs: **People and departments** (logins and department UUIDs, separated by commas,
spaces or lines) and **Project** (one of ``supervisor/projects``, or a UUID typed in, and
the roles to reach — none ticked reaches everyone in the project). **Send** goes out as an
intent; the dialog says whether the phone system accepted it or why not.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.outcomes import CommandFailure
from agent_toolbar.qt import QCoreApplication, Qt, QtWidgets
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.common.tr import fill

__all__ = ["BroadcastDialog", "parse_projects"]

Execute = Callable[[it.Intent], Awaitable[CommandFailure | None]]
_SEPARATORS = re.compile(r"[\s,;]+")


def parse_projects(text: str) -> list[tuple[str, str]]:
    """``supervisor/projects``: ``UUID = label`` per line → ``[(uuid, label)]``."""
    out = []
    for line in text.splitlines():
        uuid, _, label = (part.strip() for part in line.partition("="))
        if uuid and not uuid.startswith("#"):
            out.append((uuid, label or uuid))
    return out


class BroadcastDialog(QtWidgets.QDialog):
    """Compose and send a notice to operators (modeless)."""

    def __init__(
        self,
        execute: Execute,
        projects: list[tuple[str, str]],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        """Create the composer; ``execute`` runs an intent (the session's)."""
        super().__init__(parent)
        self.setObjectName("BroadcastDialog")
        self.setWindowTitle(QCoreApplication.translate("BroadcastDialog", "Send a notice"))
        self._execute = execute
        self._tasks: set[asyncio.Task[None]] = set()
        layout = QtWidgets.QVBoxLayout(self)
        self.tabs = QtWidgets.QTabWidget(self)
        people = QtWidgets.QWidget(self.tabs)
        form = QtWidgets.QFormLayout(people)
        self.recipients = QtWidgets.QLineEdit(people)
        self.recipients.setObjectName("broadcastRecipients")
        self.recipients.setPlaceholderText(
            QCoreApplication.translate("BroadcastDialog", "ivanova, petrov, department UUID…")
        )
        form.addRow(QCoreApplication.translate("BroadcastDialog", "To"), self.recipients)
        self.tabs.addTab(
            people, QCoreApplication.translate("BroadcastDialog", "People and departments")
        )
        project = QtWidgets.QWidget(self.tabs)
        pform = QtWidgets.QFormLayout(project)
        self.project = QtWidgets.QComboBox(project)
        self.project.setObjectName("broadcastProject")
        self.project.setEditable(True)
        for uuid, label in projects:
            self.project.addItem(label, uuid)
        editor = self.project.lineEdit()
        if editor is not None:
            editor.setPlaceholderText(QCoreApplication.translate("BroadcastDialog", "Project UUID"))
        pform.addRow(QCoreApplication.translate("BroadcastDialog", "Project"), self.project)
        self.agents = QtWidgets.QCheckBox(
            QCoreApplication.translate("BroadcastDialog", "Operators"), project
        )
        self.agents.setObjectName("broadcastAgents")
        self.supervisors = QtWidgets.QCheckBox(
            QCoreApplication.translate("BroadcastDialog", "Supervisors"), project
        )
        self.supervisors.setObjectName("broadcastSupervisors")
        roles = QtWidgets.QHBoxLayout()
        roles.addWidget(self.agents)
        roles.addWidget(self.supervisors)
        roles.addStretch(1)
        pform.addRow(QCoreApplication.translate("BroadcastDialog", "Roles"), roles)
        hint = QtWidgets.QLabel(
            QCoreApplication.translate(
                "BroadcastDialog", "No role ticked: everyone signed in to the project."
            ),
            project,
        )
        hint.setWordWrap(True)
        pform.addRow("", hint)
        self.tabs.addTab(project, QCoreApplication.translate("BroadcastDialog", "Project"))
        layout.addWidget(self.tabs)
        self.text = QtWidgets.QPlainTextEdit(self)
        self.text.setObjectName("broadcastText")
        self.text.setPlaceholderText(
            QCoreApplication.translate("BroadcastDialog", "e.g. SL dropped to 20%.")
        )
        self.text.setFixedHeight(90)
        layout.addWidget(
            QtWidgets.QLabel(QCoreApplication.translate("BroadcastDialog", "Notice"), self)
        )
        layout.addWidget(self.text)
        self.status = QtWidgets.QLabel(self)
        self.status.setObjectName("broadcastStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)
        buttons = QtWidgets.QDialogButtonBox(self)
        self.send = buttons.addButton(
            QCoreApplication.translate("BroadcastDialog", "Send"),
            QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.send.setObjectName("broadcastSend")
        buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        self.send.clicked.connect(self.send_now)
        layout.addWidget(buttons)
        self.resize(440, 360)

    def intent(self) -> it.Intent:
        """The notice as it stands."""
        text = self.text.toPlainText()
        if self.tabs.currentIndex() == 0:
            recipients = tuple(p for p in _SEPARATORS.split(self.recipients.text()) if p)
            return it.Broadcast(text, recipients)
        index = self.project.currentIndex()
        typed = self.project.currentText().strip()
        data = self.project.itemData(index) if index >= 0 else None
        chosen = str(data) if data and self.project.itemText(index) == typed else typed
        roles = tuple(
            role
            for role, box in (("agent", self.agents), ("supervisor", self.supervisors))
            if box.isChecked()
        )
        return it.ProjectBroadcast(text, chosen, roles)

    def send_now(self) -> None:
        """Send the notice and show the outcome."""
        intent = self.intent()
        self.status.setText(QCoreApplication.translate("BroadcastDialog", "Sending…"))
        self.send.setEnabled(False)

        async def run() -> None:
            failure = await self._execute(intent)
            try:
                self.send.setEnabled(True)
                if failure is None:
                    self.status.setText(
                        QCoreApplication.translate("BroadcastDialog", "The notice was sent.")
                    )
                    self.text.clear()
                else:
                    self.status.setText(
                        fill(
                            QCoreApplication.translate("BroadcastDialog", "Not sent: %1"),
                            texts.command_failure_text(failure),
                        )
                    )
            except RuntimeError:
                pass

        task = asyncio.ensure_future(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
