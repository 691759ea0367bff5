"""The login step: remembers the last login, asks for the server unless the admin fixed it."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from agent_toolbar.qt import Qt, QtWidgets
from agent_toolbar.settings import Settings
from agent_toolbar.ui.window.login_dialog import LoginDialog, server_is_fixed


def ok(dialog: LoginDialog) -> None:
    button = dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
    assert button is not None
    button.click()


def test_prefilled_with_the_last_login_and_remembers_the_new_one(
    qtbot: QtBot, tmp_path: Path
) -> None:
    user = tmp_path / "u.ini"
    user.write_text("[ui]\nlast_login=petrova\n", encoding="utf-8")
    settings = Settings(user=user, system=tmp_path / "s.ini")
    dialog = LoginDialog(settings)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.login.text() == "petrova"
    assert dialog.url.isVisibleTo(dialog)  # nothing fixes the server
    dialog.login.clear()
    qtbot.keyClicks(dialog.login, "ivanov")
    dialog.url.setText("ws://cti.example.com:8098")
    ok(dialog)
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
    assert dialog.choice is not None
    assert (dialog.choice.login, dialog.choice.url) == ("ivanov", "ws://cti.example.com:8098")
    again = Settings(user=user, system=tmp_path / "s.ini")
    assert again.get("ui/last_login") == "ivanov"
    assert again.get("cti/url") == "ws://cti.example.com:8098"
    assert again.get("cti/login") == ""  # the login step keeps coming; only prefilled


def test_enter_submits(qtbot: QtBot, tmp_path: Path) -> None:
    settings = Settings(user=tmp_path / "u.ini", system=tmp_path / "s.ini")
    dialog = LoginDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.login, "sidorov")
    qtbot.keyClick(dialog.login, Qt.Key.Key_Return)
    assert dialog.choice is not None and dialog.choice.login == "sidorov"


def test_empty_login_and_bad_server_are_refused(qtbot: QtBot, tmp_path: Path) -> None:
    settings = Settings(user=tmp_path / "u.ini", system=tmp_path / "s.ini")
    dialog = LoginDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.login.clear()
    ok(dialog)
    assert dialog.isVisible() and dialog.choice is None
    assert dialog.message.text() == "Enter your login."
    dialog.login.setText("ivanov")
    dialog.url.setText("cti.example.com")
    ok(dialog)
    assert dialog.isVisible() and dialog.choice is None
    assert "ws://" in dialog.message.text()
    assert settings.source("ui/last_login") == "default"


def test_server_fixed_by_the_admin_is_not_asked(qtbot: QtBot, tmp_path: Path) -> None:
    system = tmp_path / "s.ini"
    system.write_text("[cti]\nurl=wss://cti.corp.example/ws\n", encoding="utf-8")
    settings = Settings(user=tmp_path / "u.ini", system=system)
    assert server_is_fixed(settings)
    dialog = LoginDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.url.isVisible()
    assert "wss://cti.corp.example/ws" in dialog.server_note.text()
    dialog.login.setText("ivanov")
    ok(dialog)
    assert dialog.choice is not None and dialog.choice.url == "wss://cti.corp.example/ws"
    assert settings.source("cti/url") == "system"  # not copied into the user file


def test_locked_server_is_fixed_even_if_the_user_file_says_otherwise(tmp_path: Path) -> None:
    system = tmp_path / "s.ini"
    system.write_text("[admin]\nlocked=cti/url\n", encoding="utf-8")
    user = tmp_path / "u.ini"
    user.write_text("[cti]\nurl=ws://mine:1\n", encoding="utf-8")
    assert server_is_fixed(Settings(user=user, system=system))
    assert not server_is_fixed(Settings(user=user, system=tmp_path / "none.ini"))
