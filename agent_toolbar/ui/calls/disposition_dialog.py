"""The wrap-up dialog: choose the call's result (searchable) and schedule a callback.

Opened from a card's **Result…** button. The result is one of the admin's catalogue
(``wrapup/dispositions``): type to filter by code or words of the label, pick one, **Save
result**. **Schedule a callback** asks for the time (in the operator's time zone), the
number (the caller's by default), who calls back (the operator by default) and a comment.
Each is sent at once as an intent and the dialog says whether the phone system accepted it
or why not; Finish wrap-up on the card waits for a saved result when the admin requires one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions_text import TextAction, text_actions
from agent_toolbar.cti.dispositions import Catalogue
from agent_toolbar.cti.model import SessionState
from agent_toolbar.cti.outcomes import CommandFailure
from agent_toolbar.qt import QCoreApplication, Qt, QtCore, QtWidgets
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.common.tr import fill

__all__ = ["DispositionDialog"]

log = logging.getLogger(__name__)

Execute = Callable[[it.Intent], Awaitable[CommandFailure | None]]
_CODE_ROLE = Qt.ItemDataRole.UserRole


class DispositionDialog(QtWidgets.QDialog):
    """Call result and callback for one call in wrap-up (modeless)."""

    def __init__(
        self,
        cid: str,
        catalogue: Catalogue,
        execute: Execute,
        *,
        login: str,
        callbacks: bool = True,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        """Create the dialog for call ``cid``; ``execute`` runs an intent (the session's)."""
        super().__init__(parent)
        self.setObjectName("DispositionDialog")
        self.cid = cid
        self.catalogue = catalogue
        self._execute = execute
        self._tasks: set[asyncio.Task[None]] = set()
        self._allowed = {TextAction.DISPOSITION: False, TextAction.CALLBACK: False}
        self.setWindowTitle(QCoreApplication.translate("DispositionDialog", "Call result"))
        layout = QtWidgets.QVBoxLayout(self)
        self.caller = QtWidgets.QLabel(self)
        self.caller.setObjectName("dispositionCaller")
        layout.addWidget(self.caller)
        self.search = QtWidgets.QLineEdit(self)
        self.search.setObjectName("dispositionSearch")
        self.search.setPlaceholderText(
            QCoreApplication.translate("DispositionDialog", "Search by code or words…")
        )
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        layout.addWidget(self.search)
        self.list = QtWidgets.QListWidget(self)
        self.list.setObjectName("dispositionList")
        self.list.itemDoubleClicked.connect(lambda _item: self._save())
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.list, 1)
        self.empty = QtWidgets.QLabel(
            QCoreApplication.translate(
                "DispositionDialog", "No call results are set up (Settings → Wrap-up)."
            ),
            self,
        )
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.save = QtWidgets.QPushButton(
            QCoreApplication.translate("DispositionDialog", "Save result"), self
        )
        self.save.setObjectName("dispositionSave")
        self.save.setDefault(True)
        self.save.clicked.connect(self._save)
        layout.addWidget(self.save, 0, Qt.AlignmentFlag.AlignRight)

        self.callback = QtWidgets.QGroupBox(
            QCoreApplication.translate("DispositionDialog", "Schedule a callback"), self
        )
        self.callback.setObjectName("callbackBox")
        form = QtWidgets.QFormLayout(self.callback)
        self.when = QtWidgets.QDateTimeEdit(self.callback)
        self.when.setObjectName("callbackWhen")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("dd.MM.yyyy HH:mm")
        start = datetime.now().replace(second=0, microsecond=0) + timedelta(hours=1)
        self.when.setDateTime(QtCore.QDateTime.fromSecsSinceEpoch(int(start.timestamp())))
        self.phone = QtWidgets.QLineEdit(self.callback)
        self.phone.setObjectName("callbackPhone")
        self.agent = QtWidgets.QLineEdit(login, self.callback)
        self.agent.setObjectName("callbackAgent")
        self.comment = QtWidgets.QPlainTextEdit(self.callback)
        self.comment.setObjectName("callbackComment")
        self.comment.setFixedHeight(54)
        form.addRow(QCoreApplication.translate("DispositionDialog", "When"), self.when)
        form.addRow(QCoreApplication.translate("DispositionDialog", "Number"), self.phone)
        form.addRow(QCoreApplication.translate("DispositionDialog", "Who calls back"), self.agent)
        form.addRow(QCoreApplication.translate("DispositionDialog", "Comment"), self.comment)
        self.schedule = QtWidgets.QPushButton(
            QCoreApplication.translate("DispositionDialog", "Schedule"), self.callback
        )
        self.schedule.setObjectName("callbackSchedule")
        self.schedule.clicked.connect(self._schedule)
        form.addRow("", self.schedule)
        self.callback.setVisible(callbacks)
        layout.addWidget(self.callback)

        self.status = QtWidgets.QLabel(self)
        self.status.setObjectName("dispositionStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)
        close = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.close)
        layout.addWidget(close)
        self._fill()
        self.resize(420, 520)

    # ------------------------------------------------------------------ state

    def apply_state(self, state: SessionState) -> None:
        """Follow the call: who it is, what can be sent now, what was accepted."""
        call = state.calls.get(self.cid)
        if call is None:
            self._allowed = dict.fromkeys(self._allowed, False)
            self.status.setText(
                QCoreApplication.translate("DispositionDialog", "The call has left the phone.")
            )
            self._update_buttons()
            return
        who = call.display_name or call.number
        self.caller.setText(
            fill(QCoreApplication.translate("DispositionDialog", "Call: %1"), who) if who else ""
        )
        if not self.phone.text():
            self.phone.setText(call.number)
        verdicts = text_actions(state, self.cid)
        self._allowed = {a: verdicts[a].ok for a in self._allowed}
        for action, widget in (
            (TextAction.DISPOSITION, self.save),
            (TextAction.CALLBACK, self.schedule),
        ):
            verdict = verdicts[action]
            widget.setToolTip("" if verdict.ok else texts.why_text(verdict))
        self._update_buttons()

    def _fill(self) -> None:
        self.list.clear()
        for item in self.catalogue:
            shown = item.label if item.label == item.code else f"{item.label}  ·  {item.code}"
            row = QtWidgets.QListWidgetItem(shown)
            row.setData(_CODE_ROLE, item.code)
            row.setToolTip(item.code)
            self.list.addItem(row)
        self.empty.setVisible(not self.catalogue)
        self.search.setVisible(bool(self.catalogue))
        if self.list.count():
            self.list.setCurrentRow(0)

    def _filter(self, query: str) -> None:
        shown = {item.code for item in self.catalogue.search(query)}
        first = None
        for index in range(self.list.count()):
            row = self.list.item(index)
            hidden = row.data(_CODE_ROLE) not in shown
            row.setHidden(hidden)
            if not hidden and first is None:
                first = row
        current = self.list.currentItem()
        if (current is None or current.isHidden()) and first is not None:
            self.list.setCurrentItem(first)
        self._update_buttons()

    def selected_code(self) -> str:
        """The code of the chosen result ("" when none is chosen)."""
        row = self.list.currentItem()
        return "" if row is None or row.isHidden() else str(row.data(_CODE_ROLE))

    def _update_buttons(self) -> None:
        self.save.setEnabled(self._allowed[TextAction.DISPOSITION] and bool(self.selected_code()))
        self.schedule.setEnabled(self._allowed[TextAction.CALLBACK])

    # ------------------------------------------------------------------ sending

    def _save(self) -> None:
        code = self.selected_code()
        if not code or not self.save.isEnabled():
            return
        label = self.catalogue.label(code)
        self._run(
            it.SetDisposition(self.cid, code),
            fill(QCoreApplication.translate("DispositionDialog", "Result saved: %1"), label),
        )

    def _schedule(self) -> None:
        local = self.when.dateTime().toPython()
        when = local.astimezone() if isinstance(local, datetime) else datetime.now().astimezone()
        intent = it.ScheduleCallback(
            self.cid,
            when=when,
            phone=self.phone.text().strip(),
            agent=self.agent.text().strip(),
            comment=self.comment.toPlainText().strip(),
        )
        shown = when.strftime("%d.%m.%Y %H:%M")
        self._run(
            intent,
            fill(
                QCoreApplication.translate("DispositionDialog", "Callback scheduled for %1"), shown
            ),
        )

    def _run(self, intent: it.Intent, success: str) -> None:
        self.status.setText(QCoreApplication.translate("DispositionDialog", "Sending…"))
        self.status.setProperty("tone", "")

        async def send() -> None:
            failure = await self._execute(intent)
            try:
                if failure is None:
                    log.info("%s accepted for call %s", type(intent).__name__, self.cid)
                    self.status.setText(success)
                    self.status.setProperty("tone", "ok")
                else:
                    log.info("%s refused for call %s: %s", type(intent).__name__, self.cid, failure)
                    self.status.setText(
                        fill(
                            QCoreApplication.translate("DispositionDialog", "Not saved: %1"),
                            texts.command_failure_text(failure),
                        )
                    )
                    self.status.setProperty("tone", "error")
            except RuntimeError:  # the dialog was closed meanwhile
                pass

        task = asyncio.ensure_future(send())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
