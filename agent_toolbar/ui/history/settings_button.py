"""A "Clear call history…" button on the Advanced settings page (next to the retention).

The button asks first (a message box opened with ``open()``, No by default); Yes deletes
every call, note and offline summary through the journal's writer and says when it is done.
"""

from __future__ import annotations

from agent_toolbar.qt import QtWidgets
from agent_toolbar.ui.history.service import HistoryService
from agent_toolbar.ui.history.texts import trf

__all__ = ["install_clear_button"]


def install_clear_button(
    dialog: QtWidgets.QWidget, service: HistoryService, page: QtWidgets.QWidget | None = None
) -> QtWidgets.QPushButton:
    """Add the button to ``page`` (default: the dialog's ``page_advanced``)."""
    target = page or dialog.findChild(QtWidgets.QScrollArea, "page_advanced")
    inner = target.widget() if isinstance(target, QtWidgets.QScrollArea) else target
    button = QtWidgets.QPushButton(trf("HistoryWindow", "Clear call history…"), inner or dialog)
    button.setObjectName("historyClearSettings")
    layout = inner.layout() if inner is not None else None
    if isinstance(layout, QtWidgets.QFormLayout):
        layout.addRow("", button)
    elif layout is not None:
        layout.addWidget(button)

    def ask() -> None:
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Warning,
            trf("HistoryWindow", "Clear history"),
            trf("HistoryWindow",
                "Delete the whole call history, notes included? This cannot be undone."),
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
            dialog,
        )  # fmt: skip
        box.setObjectName("historyClearSettingsDialog")
        box.setDefaultButton(QtWidgets.QMessageBox.StandardButton.No)

        def answered(answer: int) -> None:
            box.deleteLater()
            if answer == QtWidgets.QMessageBox.StandardButton.Yes:
                service.spawn(clear())

        async def clear() -> None:
            await service.clear()
            button.setText(trf("HistoryWindow", "Call history cleared"))
            button.setEnabled(False)

        box.finished.connect(answered)
        box.open()

    button.clicked.connect(ask)
    return button
