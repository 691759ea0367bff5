"""The login step: asked at start when no ``cti/login`` is configured.

The operator types their login (pre-filled with the last one used, ``ui/last_login``) and,
unless the administrator's system-wide file fixes the server (``cti/url`` locked or set
there), the server address. The login is remembered as ``ui/last_login`` and used for this
run; an address typed here is stored as the operator's ``cti/url``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from agent_toolbar.qt import Qt, QtWidgets, QWidget
from agent_toolbar.settings import URL_SCHEMES, Settings
from agent_toolbar.ui.common.plain_text import plain_label
from agent_toolbar.ui.common.tr import fill
from agent_toolbar.ui.settings.settings_checks import server_url_problem


@dataclass(frozen=True, slots=True)
class LoginChoice:
    """What the operator entered.

    Attributes:
        login: The operator's login.
        url: The server address (as entered, or the fixed one).
    """

    login: str
    url: str


def server_is_fixed(settings: Settings) -> bool:
    """Whether the administrator (or the command line) decided the server address."""
    return settings.is_locked("cti/url") or settings.source("cti/url") in ("system", "override")


class LoginDialog(QtWidgets.QDialog):
    """Asks for the operator's login (and the server when it is not fixed).

    Opened with ``open()``; :func:`ask_login` wraps it in a future.
    """

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        """Build the form from the current settings."""
        super().__init__(parent)
        self.settings = settings
        self.choice: LoginChoice | None = None
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("Sign in — agent-toolbar"))

        intro = QtWidgets.QLabel(self.tr("Enter your operator login to connect to the phone."))
        intro.setWordWrap(True)
        self.login = QtWidgets.QLineEdit(self)
        self.login.setObjectName("login")
        self.login.setAccessibleName(self.tr("Operator login"))
        self.login.setText(settings.text("ui/last_login"))
        self.login.selectAll()
        self.url = QtWidgets.QLineEdit(self)
        self.url.setObjectName("server")
        self.url.setAccessibleName(self.tr("CTI server address"))
        self.url.setPlaceholderText("ws://cti.example.com:8098")
        self.url.setText(settings.text("cti/url"))
        self.fixed = server_is_fixed(settings)

        form = QtWidgets.QFormLayout()
        login_label = QtWidgets.QLabel(self.tr("&Login:"), self)
        login_label.setBuddy(self.login)
        form.addRow(login_label, self.login)
        if self.fixed:
            self.url.hide()
            self.server_note = QtWidgets.QLabel(fill(self.tr("Server: %1"), self.url.text()), self)
            self.server_note.setEnabled(False)
            self.server_note.setTextFormat(Qt.TextFormat.PlainText)
            form.addRow(self.server_note)
        else:
            url_label = QtWidgets.QLabel(self.tr("&Server:"), self)
            url_label.setBuddy(self.url)
            form.addRow(url_label, self.url)

        self.message = plain_label(QtWidgets.QLabel(self))
        self.message.setObjectName("loginMessage")
        self.message.setStyleSheet("color: #c62828;")
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QtWidgets.QDialogButtonBox.StandardButton
        self.buttons = QtWidgets.QDialogButtonBox(buttons.Ok | buttons.Cancel, self)
        ok = self.buttons.button(buttons.Ok)
        assert ok is not None
        ok.setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)
        self.login.setFocus()

    def _refuse(self, text: str, field: QtWidgets.QLineEdit) -> None:
        self.message.setText(text)
        self.message.show()
        field.setFocus()

    def _submit(self) -> None:
        login = self.login.text().strip()
        url = self.url.text().strip()
        if not login:
            self._refuse(self.tr("Enter your login."), self.login)
            return
        if not self.fixed:
            schemes, bare = URL_SCHEMES.get(
                self.settings.text("cti/backend"), (("wss", "ws"), False)
            )
            problem = server_url_problem(url, schemes, bare)
            if problem:
                self._refuse(problem, self.url)
                return
        self.settings.set("ui/last_login", login)
        if not self.fixed and url != self.settings.get("cti/url"):
            self.settings.set("cti/url", url)
        self.settings.sync()
        self.choice = LoginChoice(login=login, url=url)
        self.accept()


async def ask_login(settings: Settings, parent: QWidget | None = None) -> LoginChoice | None:
    """Show the login step (non-blocking ``open()``); None if the operator cancelled."""
    dialog = LoginDialog(settings, parent)
    done: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def finished(code: int) -> None:
        if not done.done():
            done.set_result(code)

    dialog.finished.connect(finished)
    dialog.open()
    dialog.raise_()
    dialog.activateWindow()
    try:
        await done
    finally:
        dialog.hide()
        dialog.deleteLater()
    return dialog.choice
