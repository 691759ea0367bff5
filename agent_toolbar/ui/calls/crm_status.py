"""The card's "Open CRM" button and the line that tells what screen-pop did for the call.

The button re-opens the customer's CRM card on demand (the once-per-call rule does not
apply; the address check does). The status line stays hidden while all is well and says
why otherwise: waiting for call data, a refused or blocked address, a template error, or an
opener failure.
"""

from __future__ import annotations

from collections.abc import Sequence

from agent_toolbar.qt import QtCore, QtWidgets, Signal
from agent_toolbar.screenpop.policy import PopKind, PopResult
from agent_toolbar.ui.common.tr import fill

__all__ = ["CrmStatus", "OpenCrmButton", "result_text"]


def _tr(text: str) -> str:
    return QtCore.QCoreApplication.translate("CrmStatus", text)


def result_text(result: PopResult) -> str:
    """One line for the operator about a screen-pop result (empty: nothing to say)."""
    where = result.where
    match result.kind:
        case PopKind.WAITING:
            return _tr("CRM: waiting for call data…")
        case PopKind.REFUSED:
            return fill(_tr("CRM address refused (%1): %2"), where, result.reason)
        case PopKind.BLOCKED:
            return fill(_tr("CRM not opened: no value for %1"), ", ".join(result.missing))
        case PopKind.INVALID:
            return fill(_tr("CRM template error: %1"), result.reason)
        case PopKind.FAILED:
            return fill(_tr("Could not open the CRM (%1): %2"), where, result.reason)
    return ""


class OpenCrmButton(QtWidgets.QToolButton):
    """The "Open CRM" button: open the call's CRM card now.

    Signals:
        open_requested(str): The operator asked to open the CRM card of call ``cid``.
    """

    open_requested = Signal(str)

    def __init__(self, cid: str, parent: QtWidgets.QWidget | None = None) -> None:
        """Create the button for call ``cid``."""
        super().__init__(parent)
        self.setObjectName("openCrm")
        self._cid = cid
        self.clicked.connect(lambda: self.open_requested.emit(self._cid))
        self.retranslate()

    def retranslate(self) -> None:
        """Set texts in the current language."""
        self.setText(self.tr("CRM"))
        self.setToolTip(self.tr("Open the customer's card in the CRM"))
        self.setAccessibleName(self.tr("Open CRM"))


class CrmStatus(QtWidgets.QLabel):
    """What went wrong with the call's screen-pop, or nothing (hidden)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        """Create the (hidden) status line."""
        super().__init__(parent)
        self.setObjectName("crmStatus")
        self.setWordWrap(True)
        self.hide()

    def show_results(self, results: Sequence[PopResult]) -> None:
        """Show the results that need the operator's attention."""
        lines = [text for text in (result_text(r) for r in results) if text]
        self.setText("\n".join(lines))
        self.setVisible(bool(lines))
