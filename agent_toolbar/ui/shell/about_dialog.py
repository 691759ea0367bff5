"""About agent-toolbar: version, connection, where settings and logs are, which keyring."""

from __future__ import annotations

import platform
from pathlib import Path

from agent_toolbar import __version__
from agent_toolbar.qt import QIcon, Qt, QtCore, QtWidgets, QWidget
from agent_toolbar.resources import icon_path


class AboutDialog(QtWidgets.QDialog):
    """A small non-modal dialog with what support asks for first."""

    def __init__(
        self,
        *,
        user_file: Path,
        system_file: Path,
        log_file: Path | None,
        keyring: str = "",
        server: str = "",
        server_version: str = "",
        login: str = "",
        parent: QWidget | None = None,
    ) -> None:
        """Build the dialog from the facts given (``server_version``: as the server says)."""
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About agent-toolbar"))
        logo = QtWidgets.QLabel(self)
        logo.setPixmap(QIcon(str(icon_path("agent-toolbar"))).pixmap(64, 64))
        title = QtWidgets.QLabel(f"<b>agent-toolbar {__version__}</b>", self)
        subtitle = QtWidgets.QLabel(self.tr("A toolbar for contact-center operators"), self)
        facts = QtWidgets.QFormLayout()
        rows = [
            (self.tr("Server"), server or "—"),
            (self.tr("Server version"), server_version or "—"),
            (self.tr("Login"), login or "—"),
            (self.tr("Settings"), str(user_file)),
            (self.tr("Administrator settings"), str(system_file)),
            (self.tr("Log"), str(log_file) if log_file else self.tr("console only")),
            (self.tr("Password storage"), keyring or "—"),
            (
                self.tr("Runtime"),
                f"Python {platform.python_version()}, Qt {QtCore.qVersion()}, "
                f"{platform.system()} {platform.release()}",
            ),
        ]
        self.values: dict[str, str] = {}
        for label, value in rows:
            field = QtWidgets.QLabel(value, self)
            field.setTextFormat(Qt.TextFormat.PlainText)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            field.setWordWrap(True)
            facts.addRow(label, field)
            self.values[label] = value
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        head = QtWidgets.QHBoxLayout()
        head.addWidget(logo)
        column = QtWidgets.QVBoxLayout()
        column.addWidget(title)
        column.addWidget(subtitle)
        head.addLayout(column, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(facts)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
