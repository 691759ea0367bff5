"""The settings dialog greys out what the administrator locked and never writes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.settings import Settings
from agent_toolbar.ui.settings.settings_dialog import SettingsDialog

EXAMPLE = Path(__file__).resolve().parents[2] / "packaging" / "examples" / "agent-toolbar.ini"


@pytest.fixture
def dialog(qtbot: QtBot, tmp_path: Path) -> SettingsDialog:
    user = tmp_path / "user.ini"
    user.write_text("[cti]\nurl=ws://operator-choice:8098\n[hotkeys]\nanswer=F9\n")
    dialog = SettingsDialog(Settings(user=user, system=EXAMPLE))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_locked_keys_are_greyed_out_with_a_reason(dialog: SettingsDialog) -> None:
    for key in ("cti/url", "cti/backend", "screenpop/template", "reasons/away"):
        editor = dialog.editors[key]
        assert not editor.isEnabled(), key
        assert not dialog.labels[key].isEnabled(), key
        assert editor.field.toolTip() == "Set by your administrator"
    # the system value is shown, not the operator's
    assert dialog.editors["cti/url"].value() == "wss://cti.example.com:8443/ws"
    for key in ("hotkeys/answer", "cti/login", "ui/theme"):
        assert dialog.editors[key].isEnabled(), key
    assert dialog.editors["hotkeys/answer"].value() == "F9"


def test_apply_never_writes_a_locked_key(dialog: SettingsDialog) -> None:
    dialog.editors["cti/url"].set_value("ws://typed-anyway:8098")  # even if it were typed in
    dialog.editors["cti/login"].set_value("ivanov")
    assert dialog.apply()
    user_ini = dialog.settings.user_path.read_text(encoding="utf-8")
    assert "typed-anyway" not in user_ini
    assert "login=ivanov" in user_ini
    assert dialog.settings.get("cti/url") == "wss://cti.example.com:8443/ws"
