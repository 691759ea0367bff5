"""Settings: the public keys, user over system over default, locks, overrides, parsing."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_toolbar.settings import BY_KEY, DECLARATIONS, Kind, Settings

PUBLIC_KEYS = {
    "cti/backend": ("naumen", "oktell", "vega", "webhook", "autosecretary"),
    "cti/url": None,
    "cti/login": None,
    "screenpop/template": None,
    "screenpop/trigger": ("ring", "answer", "off"),
    "screenpop/allowed_hosts": None,
    "hotkeys/answer": None,
    "hotkeys/hangup": None,
    "hotkeys/hold": None,
    "hotkeys/mute": None,
    "hotkeys/transfer": None,
}


def make(tmp_path: Path, user: str = "", system: str = "") -> Settings:
    (tmp_path / "user.ini").write_text(user, encoding="utf-8")
    (tmp_path / "system.ini").write_text(system, encoding="utf-8")
    return Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")


@pytest.mark.parametrize("key", sorted(PUBLIC_KEYS))
def test_the_keys_product_md_names_exist(key: str) -> None:
    assert key in BY_KEY
    choices = PUBLIC_KEYS[key]
    if choices is not None:
        assert BY_KEY[key].choices == choices


def test_every_declaration_is_well_formed() -> None:
    assert len(BY_KEY) == len(DECLARATIONS)  # no key declared twice
    for decl in DECLARATIONS:
        group, _, name = decl.key.partition("/")
        assert group and name, decl.key
        assert decl.label.strip(), decl.key
        if decl.kind is Kind.CHOICE:
            assert decl.default in decl.choices, decl.key
        if decl.kind is Kind.LIST:
            assert isinstance(decl.default, list), decl.key


def test_defaults_when_no_file_sets_anything(tmp_path: Path) -> None:
    settings = make(tmp_path)
    assert settings.get("cti/backend") == "naumen"
    assert settings.get("hotkeys/answer") == "Ctrl+Alt+A"
    assert settings.get("ui/always_on_top") is True
    assert settings.source("cti/url") == "default"


def test_user_over_system_over_default(tmp_path: Path) -> None:
    settings = make(
        tmp_path,
        user="[hotkeys]\nanswer=F5\n",
        system="[hotkeys]\nanswer=F9\nhangup=F10\n[cti]\nurl=wss://cti.corp/ws\n",
    )
    assert (settings.get("hotkeys/answer"), settings.source("hotkeys/answer")) == ("F5", "user")
    assert (settings.get("hotkeys/hangup"), settings.source("hotkeys/hangup")) == (
        "F10",
        "system",
    )
    assert settings.get("cti/url") == "wss://cti.corp/ws"


def test_locked_keys_ignore_the_user_file_and_refuse_writes(tmp_path: Path) -> None:
    settings = make(
        tmp_path,
        user="[cti]\nurl=ws://mine:1\n[screenpop]\ntrigger=off\n",
        system="[admin]\nlocked=cti/url, screenpop/*\n[cti]\nurl=wss://cti.corp/ws\n",
    )
    assert settings.is_locked("cti/url") and settings.is_locked("screenpop/trigger")
    assert not settings.is_locked("cti/login")
    assert settings.get("cti/url") == "wss://cti.corp/ws"
    assert settings.get("screenpop/trigger") == "ring"  # the default: the user's is ignored
    with pytest.raises(PermissionError):
        settings.set("cti/url", "ws://other:1")
    with pytest.raises(PermissionError):
        settings.reset("screenpop/trigger")


def test_overrides_win_for_this_run_and_are_never_written(tmp_path: Path) -> None:
    settings = make(tmp_path, user="[cti]\nlogin=petrova\n")
    settings.override("cti/login", "ivanov")
    assert (settings.get("cti/login"), settings.source("cti/login")) == ("ivanov", "override")
    settings.set("ui/sound", False)
    text = (tmp_path / "user.ini").read_text(encoding="utf-8")
    assert "petrova" in text and "ivanov" not in text
    assert Settings(user=tmp_path / "user.ini").get("cti/login") == "petrova"


def test_secrets_never_touch_the_ini(tmp_path: Path) -> None:
    settings = make(tmp_path, user="[cti]\nauth_secret=leaked\n")
    assert settings.get("cti/auth_secret") == ""  # a secret in the file is not read
    with pytest.raises(ValueError, match="secret"):
        settings.set("cti/auth_secret", "x")
    assert "cti/auth_secret" not in settings.effective()


def test_values_round_trip_with_their_types(tmp_path: Path) -> None:
    settings = make(tmp_path)
    settings.set("screenpop/allowed_hosts", ["crm.example.com", "crm2.example.com"])
    settings.set("screenpop/wait_ms", 1500)
    settings.set("cti/command_timeout", 2.5)
    settings.set("ui/notifications", False)
    settings.set("ui/theme", "DARK")
    again = Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")
    assert again.get("screenpop/allowed_hosts") == ["crm.example.com", "crm2.example.com"]
    assert again.get("screenpop/wait_ms") == 1500
    assert again.get("cti/command_timeout") == 2.5
    assert again.get("ui/notifications") is False
    assert again.get("ui/theme") == "dark"
    settings.reset("ui/theme")
    assert settings.get("ui/theme") == "system"


@pytest.mark.parametrize(
    ("ini", "key", "expected"),
    [
        ("[screenpop]\nallowed_hosts=a.example, b.example\n", "screenpop/allowed_hosts",
         ["a.example", "b.example"]),
        ('[screenpop]\ntemplate="https://crm/card?ids=1,2&p={caller}"\n', "screenpop/template",
         "https://crm/card?ids=1,2&p={caller}"),
        ("[screenpop]\ntemplate=https://crm/card?ids=1,2\n", "screenpop/template",
         "https://crm/card?ids=1,2"),
        ("[ui]\nsound=yes\n", "ui/sound", True),
        ("[ui]\nsound=off\n", "ui/sound", False),
        ("[ui]\nsound=maybe\n", "ui/sound", True),  # invalid: the default
        ("[screenpop]\nwait_ms=lots\n", "screenpop/wait_ms", 2000),
        ("[cti]\nbackend=Oktell\n", "cti/backend", "oktell"),
        ("[cti]\nbackend=asterisk\n", "cti/backend", "naumen"),
    ],
)  # fmt: skip
def test_admin_ini_values_are_parsed_forgivingly(
    tmp_path: Path, ini: str, key: str, expected: object
) -> None:
    assert make(tmp_path, system=ini).get(key) == expected


def test_effective_lists_every_visible_setting(tmp_path: Path) -> None:
    values = make(tmp_path).effective()
    assert "ui/geometry" not in values  # hidden
    assert "ui/geometry" in make(tmp_path).effective(include_hidden=True)
    assert values["cti/backend"] == "naumen"


def test_typed_accessors_say_the_type_and_refuse_another_kind(tmp_path: Path) -> None:
    ini = tmp_path / "user.ini"
    ini.write_text("[cti]\nlogin=ivanova\ncommand_timeout=7\n[ui]\nsound=false\n", encoding="utf-8")
    s = Settings(user=ini, system=tmp_path / "none.ini")
    assert s.text("cti/login") == "ivanova"
    assert s.number("cti/command_timeout") == 7.0
    assert s.flag("ui/sound") is False
    assert s.integer("screenpop/wait_ms") == 2000
    assert s.items("reasons/away") == ["Dinner", "TechnicalBreak", "CustomAwayReason1"]
    with pytest.raises(TypeError):
        s.flag("cti/login")
