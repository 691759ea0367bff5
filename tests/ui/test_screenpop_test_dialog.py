"""The integrator's "Test this template" dialog, and its button on the settings page."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from agent_toolbar.qt import QtWidgets
from agent_toolbar.screenpop.config import ScreenPopConfig
from agent_toolbar.screenpop.preview import sample_call
from agent_toolbar.settings import Settings
from agent_toolbar.ui.settings.screenpop_test_dialog import (
    ScreenPopTestDialog,
    install_test_button,
)
from agent_toolbar.ui.settings.settings_checks import problems
from agent_toolbar.ui.settings.settings_dialog import SettingsDialog

CARD = "https://crm.example.com/card?phone={caller}&client={params.ClientId}"


def make(qtbot: QtBot, **config: object) -> tuple[ScreenPopTestDialog, list[str]]:
    opened: list[str] = []
    values: dict[str, object] = {"template": CARD, "allowed_hosts": ("crm.example.com",), **config}
    dialog = ScreenPopTestDialog(
        ScreenPopConfig(**values),  # type: ignore[arg-type]
        sample=sample_call(seed=5),
        browser=lambda url, host: opened.append(url),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, opened


def test_renders_the_sample_call(qtbot: QtBot) -> None:
    dialog, opened = make(qtbot)
    client = sample_call(seed=5).params["ClientId"]
    assert dialog.url.text().endswith(f"&client={client}")
    assert dialog.verdict.text().startswith("Would open https://crm.example.com/card?phone=%2B7")
    assert dialog.open_button.isEnabled()
    dialog.open_button.click()
    assert opened == [dialog.url.text()]


def test_edited_sample_values_are_encoded(qtbot: QtBot) -> None:
    dialog, _ = make(qtbot)
    dialog.set_param("ClientId", "a&b=c #d/Иван")
    assert dialog.url.text().endswith("&client=a%26b%3Dc%20%23d%2F%D0%98%D0%B2%D0%B0%D0%BD")


def test_new_parameter_and_missing_value(qtbot: QtBot) -> None:
    dialog, _ = make(qtbot, template="https://crm.example.com/?x={params.Extra}")
    assert dialog.verdict.text() == "Blocked: no value for params.Extra"
    assert not dialog.open_button.isEnabled()
    dialog.set_param("Extra", "42")
    assert dialog.url.text() == "https://crm.example.com/?x=42"


def test_refusal_reason_is_shown(qtbot: QtBot) -> None:
    dialog, opened = make(qtbot)
    dialog.template.setText("https://evil.example.org/?p={caller}")
    assert dialog.verdict.text() == (
        "Refused (https://evil.example.org): the host is not in the allowed list"
    )
    assert not dialog.open_button.isEnabled()
    dialog.template.setText("javascript:alert(1)")
    assert "never allowed" in dialog.verdict.text()
    # issue 11 item 4: a field before the path is a template error, with the reason
    for source in ("javascript:alert({caller})", "https://crm.example.com{params.path}"):
        dialog.template.setText(source)
        assert dialog.verdict.text().startswith("Template error: a field in the scheme or host")
        assert not dialog.open_button.isEnabled()
    assert opened == []


def test_template_error_and_rules(qtbot: QtBot) -> None:
    dialog, _ = make(qtbot)
    dialog.template.setText("https://crm.example.com/{caller")
    assert dialog.verdict.text().startswith("Template error: '{' is not closed")
    dialog.template.setText(CARD)
    dialog.rules.setPlainText(
        "params.Language == xx => https://crm.example.com/xx\n* => https://crm.example.com/all"
    )
    assert dialog.rule_line.text() == "Rule on line 2: * => https://crm.example.com/all"
    assert dialog.url.text() == "https://crm.example.com/all"


def test_button_on_the_settings_page_uses_unsaved_values(qtbot: QtBot, tmp_path: Path) -> None:
    settings = Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")
    settings_dialog = SettingsDialog(settings)
    qtbot.addWidget(settings_dialog)
    button = settings_dialog.findChild(QtWidgets.QPushButton, "screenpopTest")
    if button is None:  # the settings dialog does not install it itself (yet)
        button = install_test_button(settings_dialog, settings_dialog.values)
    settings_dialog.editors["screenpop/template"].set_value("https://crm.example.com/u?c={caller}")
    button.click()
    test = settings_dialog.findChild(ScreenPopTestDialog)
    assert test is not None and test.isVisible()
    assert test.template.text() == "https://crm.example.com/u?c={caller}"
    assert test.url.text().startswith("https://crm.example.com/u?c=%2B7")
    test.close()


def test_settings_checks_use_the_template_and_rule_parser() -> None:
    found = problems(
        {
            "screenpop/template": "https://crm.example.com/?p={Caller}",
            "screenpop/rules": "# hot line\ncalled ~ ^8800 => https://crm.example.com/{params.}",
        }
    )
    assert "did you mean 'caller'" in found["screenpop/template"]
    assert "line 2" in found["screenpop/rules"]
    assert problems({"screenpop/template": CARD, "screenpop/rules": "* => " + CARD}) == {}
