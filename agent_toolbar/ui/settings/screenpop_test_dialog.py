"""The "Test this template" dialog: screen-pop settings against a sample call.

Integrators point the template at their CRM and try it here before go-live. The dialog
takes the values being edited in the settings dialog (not yet saved), fills a sample call
the way the simulator's scenarios do (caller, project, client id, order, ``url`` …), and
shows, as the operator's toolbar would decide it: which rule applies, the address, and
whether it would be opened or why not. Every sample value can be edited; the result follows
each keystroke. "Open" really opens a passing address with the configured browser.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from agent_toolbar.qt import Qt, QtWidgets, Signal
from agent_toolbar.screenpop.command import OpenError
from agent_toolbar.screenpop.config import ScreenPopConfig
from agent_toolbar.screenpop.preview import Preview, preview, sample_call
from agent_toolbar.screenpop.safety import Verdict
from agent_toolbar.screenpop.template import CallData
from agent_toolbar.ui.common.tr import fill
from agent_toolbar.ui.shell.screenpop_opener import open_in_browser

__all__ = ["ScreenPopTestDialog", "install_test_button"]

_GOOD = "color: #1b7f3b; font-weight: bold;"
_BAD = "color: #b3261e; font-weight: bold;"


class ScreenPopTestDialog(QtWidgets.QDialog):
    """Dry-run of screen-pop settings on an editable sample call.

    Signals:
        previewed(object): The :class:`~agent_toolbar.screenpop.preview.Preview` shown now.
    """

    previewed = Signal(object)

    def __init__(
        self,
        config: ScreenPopConfig,
        parent: QtWidgets.QWidget | None = None,
        *,
        sample: CallData | None = None,
        browser: Callable[[str, str], None] = open_in_browser,
    ) -> None:
        """Create the dialog for ``config`` (its template and rules can be edited here)."""
        super().__init__(parent)
        self.setObjectName("screenpopTestDialog")
        self.setWindowTitle(self.tr("Test the CRM address"))
        self.setModal(False)
        self._config = config
        self._browser = browser
        self.outcome: Preview = Preview()
        call = sample or sample_call(login="operator")

        self.template = QtWidgets.QLineEdit(config.template, self)
        self.rules = QtWidgets.QPlainTextEdit(config.rules, self)
        self.rules.setMaximumHeight(80)
        self.rules.setPlaceholderText(self.tr("condition => template, one per line"))
        self.direction = QtWidgets.QComboBox(self)
        self.direction.addItems(["in", "out"])
        self.direction.setCurrentText(call.direction if call.direction == "out" else "in")
        self.display_name = QtWidgets.QLineEdit(call.display_name, self)
        self.params = self._table(call.params)
        self.local_params = self._table(call.local_params)

        self.rule_line = QtWidgets.QLabel(self)
        self.url = QtWidgets.QLineEdit(self)
        self.url.setObjectName("renderedUrl")
        self.url.setReadOnly(True)
        self.verdict = QtWidgets.QLabel(self)
        self.verdict.setObjectName("verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.call_url = QtWidgets.QLabel(self)
        self.call_url.setWordWrap(True)
        self.open_button = QtWidgets.QPushButton(self.tr("Open"), self)
        self.open_button.setToolTip(self.tr("Open the address as the toolbar would"))
        self.open_button.clicked.connect(self._open)
        self.open_error = QtWidgets.QLabel(self)
        self.open_error.setStyleSheet(_BAD)
        self.open_error.hide()

        form = QtWidgets.QFormLayout()
        form.addRow(self.tr("Template"), self.template)
        form.addRow(self.tr("Rules"), self.rules)
        form.addRow(self.tr("Direction"), self.direction)
        form.addRow(self.tr("Display name"), self.display_name)
        form.addRow(self.tr("Call parameters"), self.params)
        form.addRow(self.tr("Local parameters"), self.local_params)
        form.addRow(self.tr("Rule"), self.rule_line)
        form.addRow(self.tr("Address"), self.url)
        form.addRow(self.tr("Result"), self.verdict)
        form.addRow(self.tr("Call's url"), self.call_url)
        close = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        close.addButton(self.open_button, QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.open_error)
        layout.addWidget(close)

        self.template.textChanged.connect(self.refresh)
        self.rules.textChanged.connect(self.refresh)
        self.direction.currentTextChanged.connect(self.refresh)
        self.display_name.textChanged.connect(self.refresh)
        self.params.itemChanged.connect(self.refresh)
        self.local_params.itemChanged.connect(self.refresh)
        self.resize(640, 620)
        self.refresh()

    # ------------------------------------------------------------------ public

    def config(self) -> ScreenPopConfig:
        """The configuration under test (with the template and rules as edited here)."""
        return replace(self._config, template=self.template.text(), rules=self.rules.toPlainText())

    def call_data(self) -> CallData:
        """The sample call as edited."""
        return CallData(
            cid="0" * 64,
            login="operator",
            display_name=self.display_name.text(),
            direction=self.direction.currentText(),
            params=_values(self.params),
            local_params=_values(self.local_params),
            kind="voice",
        )

    def set_param(self, name: str, value: str, *, local: bool = False) -> None:
        """Set (or add) a sample parameter."""
        table = self.local_params if local else self.params
        for row in range(table.rowCount()):
            item = table.item(row, 0)
            if item is not None and item.text() == name:
                table.setItem(row, 1, QtWidgets.QTableWidgetItem(value))
                return
        row = table.rowCount() - 1  # the empty row kept for additions
        table.setItem(row, 0, QtWidgets.QTableWidgetItem(name))
        table.setItem(row, 1, QtWidgets.QTableWidgetItem(value))

    def refresh(self) -> None:
        """Run the dry run again and show it."""
        self._grow(self.params)
        self._grow(self.local_params)
        result = preview(self.config(), self.call_data())
        self.outcome = result
        self.open_error.hide()
        if result.error:
            self.rule_line.setText("")
            self.url.setText("")
            self._say(fill(self.tr("Template error: %1"), result.error), good=False)
        elif result.rule is None:
            self.rule_line.setText(self.tr("No rule applies and there is no template"))
            self.url.setText("")
            self._say(self.tr("Nothing would be opened"), good=False)
        else:
            rule = result.rule
            self.rule_line.setText(
                self.tr("The template (incoming calls)")
                if rule.fallback
                else fill(self.tr("Rule on line %1: %2"), str(rule.line), rule.text)
            )
            self.url.setText(result.rendered or "")
            self._show_verdict(result)
        self.call_url.setText(self._call_url_text(result.call_url))
        self.open_button.setEnabled(bool(result.opens))
        self.previewed.emit(result)

    # ------------------------------------------------------------------ helpers

    def _show_verdict(self, result: Preview) -> None:
        verdict = result.verdict
        if verdict is None:
            text = fill(self.tr("Blocked: no value for %1"), ", ".join(result.missing))
            self._say(text, good=False)
        elif verdict.ok:
            text = fill(self.tr("Would open %1"), verdict.url)
            if result.missing:
                text += "\n" + fill(self.tr("(empty: %1)"), ", ".join(result.missing))
            self._say(text, good=True)
        else:
            text = fill(self.tr("Refused (%1): %2"), verdict.where, verdict.reason)
            self._say(text, good=False)

    def _call_url_text(self, verdict: Verdict | None) -> str:
        if not self._config.open_call_url:
            return self.tr("Not opened (setting off)")
        if verdict is None:
            return self.tr("The call has no url")
        if verdict.ok:
            return fill(self.tr("Would open %1"), verdict.url)
        return fill(self.tr("Refused (%1): %2"), verdict.where, verdict.reason)

    def _say(self, text: str, *, good: bool) -> None:
        self.verdict.setText(text)
        self.verdict.setStyleSheet(_GOOD if good else _BAD)

    def _table(self, values: Mapping[str, str]) -> QtWidgets.QTableWidget:
        table = QtWidgets.QTableWidget(0, 2, self)
        table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Value")])
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().hide()
        table.setMinimumHeight(120)
        for name, value in values.items():
            row = table.rowCount()
            table.insertRow(row)
            table.setItem(row, 0, QtWidgets.QTableWidgetItem(name))
            table.setItem(row, 1, QtWidgets.QTableWidgetItem(value))
        table.insertRow(table.rowCount())
        table.resizeColumnToContents(0)
        return table

    def _grow(self, table: QtWidgets.QTableWidget) -> None:
        """Keep one empty row at the end for new parameters."""
        last = table.rowCount() - 1
        item = table.item(last, 0) if last >= 0 else None
        if last < 0 or (item is not None and item.text().strip()):
            table.blockSignals(True)
            table.insertRow(table.rowCount())
            table.blockSignals(False)

    def _open(self) -> None:
        verdict = self.outcome.verdict
        if verdict is None or not verdict.ok:
            return
        try:
            self._browser(verdict.url, verdict.host)
        except OpenError as exc:
            self.open_error.setText(fill(self.tr("Could not open: %1"), str(exc)))
            self.open_error.show()


def _values(table: QtWidgets.QTableWidget) -> dict[str, str]:
    out: dict[str, str] = {}
    for row in range(table.rowCount()):
        name, value = table.item(row, 0), table.item(row, 1)
        if name is not None and name.text().strip():
            out[name.text().strip()] = value.text() if value is not None else ""
    return out


def install_test_button(
    dialog: QtWidgets.QDialog,
    values: Callable[[], Mapping[str, Any]],
    page: QtWidgets.QWidget | None = None,
) -> QtWidgets.QPushButton:
    """Add "Test this template…" to the settings dialog's screen-pop page.

    Args:
        dialog: The settings dialog (the test dialog's parent).
        values: Returns the values being edited (``SettingsDialog.values``), so the test
            uses what the integrator typed, saved or not.
        page: The screen-pop page (default: the child named ``page_screenpop``).
    """
    target = page or dialog.findChild(QtWidgets.QScrollArea, "page_screenpop")
    inner = target.widget() if isinstance(target, QtWidgets.QScrollArea) else target
    button = QtWidgets.QPushButton(dialog.tr("Test this template…"), inner or dialog)
    button.setObjectName("screenpopTest")
    layout = inner.layout() if inner is not None else None
    if isinstance(layout, QtWidgets.QFormLayout):
        layout.addRow("", button)
    elif layout is not None:
        layout.addWidget(button)

    def show() -> None:
        current = dict(values())
        config = ScreenPopConfig.from_settings(lambda key: current.get(key))
        test = ScreenPopTestDialog(config, dialog)
        test.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        test.open()  # never exec(): the loop keeps running

    button.clicked.connect(show)
    return button
