"""The settings dialog: generated from the declarations, honours admin locks, round-trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.credentials import Credentials
from agent_toolbar.qt import QKeySequence, Qt, QtWidgets
from agent_toolbar.settings import DECLARATIONS, Kind, Settings
from agent_toolbar.ui.settings.settings_dialog import PAGES, SettingsDialog


@pytest.fixture
def system_ini(tmp_path: Path) -> Path:
    path = tmp_path / "system.ini"
    path.write_text(
        "[admin]\nlocked=cti/url, screenpop/*\n\n"
        "[cti]\nurl=ws://cti.corp.example:8098\n\n"
        "[screenpop]\ntemplate=https://crm.corp.example/card?phone={caller}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def settings(tmp_path: Path, system_ini: Path) -> Settings:
    return Settings(user=tmp_path / "user.ini", system=system_ini)


def make(
    qtbot: QtBot, settings: Settings, credentials: Credentials | None = None
) -> SettingsDialog:
    dialog = SettingsDialog(settings, credentials)
    qtbot.addWidget(dialog)
    return dialog


def test_every_page_and_every_visible_setting_has_an_editor(
    qtbot: QtBot, settings: Settings
) -> None:
    dialog = make(qtbot, settings)
    titles = [dialog.pages.item(i).text() for i in range(dialog.pages.count())]
    assert titles == [
        "Server",
        "Login",
        "CRM screen-pop",
        "Hotkeys",
        "States and reasons",
        "Transfers",
        "Call data",
        "Wrap-up",
        "Supervisor",
        "Appearance",
        "Language",
        "Advanced",
    ]
    assert {d.page for d in DECLARATIONS} == {name for name, _ in PAGES}
    visible = {d.key for d in DECLARATIONS if not d.hidden}
    assert set(dialog.editors) == visible
    for decl in DECLARATIONS:
        if decl.hidden:
            continue
        field = dialog.editors[decl.key].field
        assert field.accessibleName(), decl.key
        expected = {
            Kind.STR: QtWidgets.QLineEdit,
            Kind.INT: QtWidgets.QSpinBox,
            Kind.FLOAT: QtWidgets.QDoubleSpinBox,
            Kind.BOOL: QtWidgets.QCheckBox,
            Kind.CHOICE: QtWidgets.QComboBox,
            Kind.LIST: QtWidgets.QLineEdit,
            Kind.KEYS: QtWidgets.QKeySequenceEdit,
            Kind.TEXT: QtWidgets.QPlainTextEdit,
            Kind.PATH: QtWidgets.QLineEdit,
        }[decl.kind]
        assert isinstance(field, expected), decl.key


def test_pages_switch(qtbot: QtBot, settings: Settings) -> None:
    dialog = make(qtbot, settings)
    dialog.show_page("hotkeys")
    assert dialog.stack.currentWidget().objectName() == "page_hotkeys"


def test_locked_keys_are_greyed_shown_and_ignored(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    dialog = make(qtbot, settings)
    url = dialog.editors["cti/url"]
    assert not url.isEnabled()
    assert url.field.toolTip() == "Set by your administrator"
    assert url.value() == "ws://cti.corp.example:8098"
    assert not dialog.editors["screenpop/trigger"].isEnabled()  # a whole locked group
    assert dialog.editors["cti/login"].isEnabled()

    # Even if something changes the greyed field, nothing is written for it.
    url.set_value("ws://elsewhere:1")
    dialog.editors["cti/login"].set_value("ivanov")
    assert dialog.apply()
    text = (tmp_path / "user.ini").read_text(encoding="utf-8")
    assert "ivanov" in text
    assert "elsewhere" not in text
    assert settings.get("cti/url") == "ws://cti.corp.example:8098"


def test_values_round_trip_to_the_ini(qtbot: QtBot, tmp_path: Path) -> None:
    user = tmp_path / "user.ini"
    settings = Settings(user=user, system=tmp_path / "none.ini")
    dialog = make(qtbot, settings)
    applied: list[list[str]] = []
    dialog.settings_applied.connect(applied.append)
    e = dialog.editors
    e["cti/url"].set_value("wss://cti.example.com/ws")
    e["cti/command_timeout"].set_value(15.5)
    e["screenpop/wait_ms"].set_value(500)
    e["ui/always_on_top"].set_value(False)
    e["ui/orientation"].set_value("vertical")
    e["screenpop/allowed_hosts"].set_value(["crm.example.com", "crm2.example.com"])
    e["hotkeys/answer"].set_value("F5")
    e["transfer/directory"].set_value("Sales; 2001; Departments\nIvanova; 1102; Colleagues")
    corp = tmp_path / "corp.pem"  # an existing PEM file: a missing one is refused
    corp.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    e["cti/ca_file"].set_value(str(corp))
    dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible()
    assert applied and "cti/url" in applied[0]

    again = Settings(user=user, system=tmp_path / "none.ini")
    assert again.get("cti/url") == "wss://cti.example.com/ws"
    assert again.get("cti/command_timeout") == 15.5
    assert again.get("screenpop/wait_ms") == 500
    assert again.get("ui/always_on_top") is False
    assert again.get("ui/orientation") == "vertical"
    assert again.get("screenpop/allowed_hosts") == ["crm.example.com", "crm2.example.com"]
    assert again.get("hotkeys/answer") == "F5"
    assert again.get("transfer/directory").splitlines()[1] == "Ivanova; 1102; Colleagues"
    assert again.get("cti/ca_file") == str(corp)
    # untouched settings stay defaults: the user file holds only what changed
    assert again.source("hotkeys/hangup") == "default"
    reopened = make(qtbot, again)
    assert reopened.editors["hotkeys/answer"].value() == "F5"
    assert reopened.changed() == {}


def test_key_sequence_editor_takes_real_keys(qtbot: QtBot, tmp_path: Path) -> None:
    settings = Settings(user=tmp_path / "u.ini", system=tmp_path / "s.ini")
    dialog = make(qtbot, settings)
    dialog.show()
    dialog.show_page("hotkeys")
    field = dialog.editors["hotkeys/mute"].field
    assert isinstance(field, QtWidgets.QKeySequenceEdit)
    field.clear()
    qtbot.keyClick(field, Qt.Key.Key_F8, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.editors["hotkeys/mute"].value() == "Ctrl+F8")
    assert dialog.apply()
    assert settings.get("hotkeys/mute") == "Ctrl+F8"
    assert QKeySequence(settings.get("hotkeys/mute")).toString() == "Ctrl+F8"


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("cti/url", "http://cti:8098", "ws://"),
        ("cti/url", "ws://cti:99999", "port"),
        ("screenpop/template", "javascript:alert(1)", "http"),
        ("screenpop/allowed_hosts", ["https://crm.example.com"], "host"),
        ("reasons/labels", "Dinner Lunch", "code = label"),
        ("transfer/directory", "Only a label", "label; number; group"),
        ("hotkeys/hangup", "Ctrl+Alt+A", "already used"),
        ("wrapup/dispositions", "SALE = Sale\nSALE = again", "Line 2 of the call results"),
        ("wrapup/dispositions", "two words = x", "Line 1 of the call results"),
        ("supervisor/projects", "corebo/1 = Support", "not a project UUID"),
    ],
)
def test_invalid_values_are_refused_with_a_message(
    qtbot: QtBot, tmp_path: Path, key: str, value: object, fragment: str
) -> None:
    user = tmp_path / "u.ini"
    settings = Settings(user=user, system=tmp_path / "s.ini")
    dialog = make(qtbot, settings)
    dialog.show()
    dialog.editors[key].set_value(value)
    dialog.editors["cti/login"].set_value("ivanov")
    assert not dialog.apply()
    assert dialog.message.isVisible()
    assert fragment in dialog.message.text()
    assert dialog.stack.currentIndex() == dialog._page_of[key]
    assert settings.source("cti/login") == "default"  # nothing was written
    dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible()  # OK refuses too


def test_command_line_overrides_are_not_editable(qtbot: QtBot, tmp_path: Path) -> None:
    settings = Settings(user=tmp_path / "u.ini", system=tmp_path / "s.ini")
    settings.override("cti/login", "temp")
    dialog = make(qtbot, settings)
    assert not dialog.editors["cti/login"].isEnabled()
    assert "command line" in dialog.editors["cti/login"].field.toolTip()
    dialog.editors["ui/sound"].set_value(False)
    assert dialog.apply()
    assert "temp" not in (tmp_path / "u.ini").read_text(encoding="utf-8")


def test_secret_goes_to_the_credentials_never_the_ini(qtbot: QtBot, tmp_path: Path) -> None:
    user = tmp_path / "u.ini"
    settings = Settings(user=user, system=tmp_path / "s.ini")
    credentials = Credentials(None)  # session memory: same interface as the keyring
    dialog = make(qtbot, settings, credentials)
    secret = dialog.editors["cti/auth_secret"]
    assert secret.isEnabled()
    assert isinstance(secret.field, QtWidgets.QLineEdit)
    assert secret.field.echoMode() is QtWidgets.QLineEdit.EchoMode.Password
    secret.set_value("s3cr3t-pass")
    dialog.editors["cti/auth"].set_value("bearer")
    dialog.editors["cti/url"].set_value("wss://cti.example.com/ws")
    assert dialog.apply()
    # stored for the origin being configured, not under a name any server could use
    stored = "cti/auth_secret@wss://cti.example.com:443"
    assert credentials.get(stored) == "s3cr3t-pass"
    assert credentials.get("cti/auth_secret") is None
    assert "s3cr3t" not in user.read_text(encoding="utf-8")
    assert secret.value() == ""  # the field never shows a stored secret
    assert dialog.apply()  # an empty field keeps it
    assert credentials.get(stored) == "s3cr3t-pass"


def test_secret_field_disabled_without_credentials(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make(qtbot, Settings(user=tmp_path / "u.ini", system=tmp_path / "s.ini"))
    assert not dialog.editors["cti/auth_secret"].isEnabled()


def test_opens_without_blocking(qtbot: QtBot, settings: Settings) -> None:
    dialog = make(qtbot, settings)
    dialog.open()
    assert dialog.isVisible()
    dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Cancel).click()
    assert not dialog.isVisible()


def test_a_systems_own_settings_show_only_while_it_is_chosen(
    qtbot: QtBot, settings: Settings
) -> None:
    dialog = make(qtbot, settings)
    dialog.show()
    dialog.show_page("server")
    phone = dialog.editors["cti/phone"]  # Naumen's (declared in backends/naumen/spec.py)
    assert phone.isVisible() and dialog.labels["cti/phone"].isVisible()
    chooser = dialog.editors["cti/backend"]
    chooser.set_value("vega")
    chooser.edited.emit()
    assert not phone.isVisible() and not dialog.labels["cti/phone"].isVisible()
    assert dialog.editors["cti/url"].isVisible()  # shared by every system
    chooser.set_value("naumen")
    chooser.edited.emit()
    assert phone.isVisible()
    labels = [chooser.combo.itemText(i) for i in range(chooser.combo.count())]  # type: ignore[attr-defined]
    assert labels[:2] == ["Naumen CTI API", "Oktell"]


def test_the_vega_settings_show_only_while_vega_is_chosen(qtbot: QtBot, settings: Settings) -> None:
    settings.set("cti/backend", "vega")
    dialog = make(qtbot, settings)
    dialog.show()
    vega = ("vega/extension", "vega/crm_priority", "vega/expire_after")
    assert all(dialog.editors[key].isVisibleTo(dialog) for key in vega)
    assert not dialog.editors["cti/phone"].isVisibleTo(dialog)
    assert dialog.labels["vega/crm_priority"].text().startswith("CRM priority")


def test_settings_warn_while_no_host_is_allowed(qtbot: QtBot, tmp_path: Path) -> None:
    # issue 11 item 4
    dialog = make(qtbot, Settings(user=tmp_path / "u.ini", system=tmp_path / "s.ini"))
    dialog.show()
    dialog.show_page("screenpop")
    warning = dialog.findChild(QtWidgets.QLabel, "hostsWarning")
    assert warning is not None and warning.isVisible()
    assert "never" in warning.text()
    dialog.editors["screenpop/allowed_hosts"].set_value(["crm.example.com"])
    dialog.editors["screenpop/allowed_hosts"].edited.emit()
    assert not warning.isVisible()


def test_a_template_with_a_field_in_the_host_is_rejected(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make(qtbot, Settings(user=tmp_path / "u.ini", system=tmp_path / "s.ini"))
    dialog.editors["screenpop/template"].set_value("https://crm.example.test{params.path}")
    assert not dialog.apply()
    assert "scheme or host" in dialog.message.text()


def test_a_missing_ca_file_and_a_bad_proxy_are_refused(qtbot: QtBot, tmp_path: Path) -> None:
    # issue 11 items 7 and 8: configuration errors are said where they are made
    dialog = make(qtbot, Settings(user=tmp_path / "u.ini", system=tmp_path / "s.ini"))
    dialog.editors["cti/ca_file"].set_value(str(tmp_path / "missing.pem"))
    assert not dialog.apply()
    assert "CA" in dialog.message.text()
    pem = tmp_path / "ca.pem"
    pem.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    dialog.editors["cti/ca_file"].set_value(str(pem))
    dialog.editors["cti/proxy"].set_value("proxy.example.com:3128")
    assert not dialog.apply()
    assert "proxy" in dialog.message.text().lower()
    dialog.editors["cti/proxy"].set_value("http://proxy.example.com:3128")
    assert dialog.apply()
