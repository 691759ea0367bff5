"""Fleet deployment: system-wide defaults under per-user values, and admin-locked keys."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from agent_toolbar.settings import Settings, system_file

SYSTEM = """\
[admin]
locked=cti/url, hotkeys/*

[cti]
url=wss://cti.corp.example/ws
login=shared-default

[hotkeys]
answer=F5

[screenpop]
trigger=answer
"""

USER = """\
[admin]
locked=

[cti]
url=ws://evil.example:8098
login=ivanov

[hotkeys]
answer=F9
hangup=F10

[screenpop]
trigger=off
"""


@pytest.fixture
def fleet(tmp_path: Path) -> Settings:
    (tmp_path / "system.ini").write_text(SYSTEM, encoding="utf-8")
    (tmp_path / "user.ini").write_text(USER, encoding="utf-8")
    return Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")


def test_user_values_override_system_defaults_for_unlocked_keys(fleet: Settings) -> None:
    assert fleet.get("cti/login") == "ivanov"
    assert fleet.source("cti/login") == "user"
    assert fleet.get("screenpop/trigger") == "off"
    fleet.reset("screenpop/trigger")
    assert fleet.get("screenpop/trigger") == "answer"
    assert fleet.source("screenpop/trigger") == "system"
    assert fleet.source("ui/theme") == "default"


def test_a_locked_key_ignores_the_user_file(fleet: Settings) -> None:
    assert fleet.is_locked("cti/url")
    assert fleet.get("cti/url") == "wss://cti.corp.example/ws"
    assert fleet.source("cti/url") == "system"


def test_a_locked_key_cannot_be_changed_or_reset(fleet: Settings) -> None:
    with pytest.raises(PermissionError, match="locked by the administrator"):
        fleet.set("cti/url", "ws://elsewhere:8098")
    with pytest.raises(PermissionError):
        fleet.reset("cti/url")
    assert fleet.get("cti/url") == "wss://cti.corp.example/ws"
    reopened = Settings(user=fleet.user_path, system=fleet.system_path)
    assert reopened.get("cti/url") == "wss://cti.corp.example/ws"


def test_a_group_wildcard_locks_every_key_of_the_group(fleet: Settings) -> None:
    assert fleet.is_locked("hotkeys/answer") and fleet.is_locked("hotkeys/hangup")
    assert fleet.get("hotkeys/answer") == "F5"  # the system value, not the user's F9
    assert fleet.get("hotkeys/hangup") == "Ctrl+Alt+E"  # locked at the default, not F10
    with pytest.raises(PermissionError):
        fleet.set("hotkeys/mute", "F11")
    assert not fleet.is_locked("screenpop/trigger")
    assert fleet.locked_keys() == frozenset({"cti/url", "hotkeys/*"})


def test_the_user_file_can_neither_unlock_nor_lock(tmp_path: Path) -> None:
    (tmp_path / "user.ini").write_text("[admin]\nlocked=ui/theme\n[ui]\ntheme=dark\n")
    settings = Settings(user=tmp_path / "user.ini", system=tmp_path / "missing-system.ini")
    assert settings.locked_keys() == frozenset()
    settings.set("ui/theme", "light")
    assert settings.get("ui/theme") == "light"


def test_a_single_quoted_lock_list_is_read_the_same(tmp_path: Path) -> None:
    (tmp_path / "system.ini").write_text('[admin]\nlocked="cti/url,screenpop/*"\n')
    settings = Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")
    assert settings.locked_keys() == frozenset({"cti/url", "screenpop/*"})


def test_secrets_never_come_from_or_go_to_an_ini(tmp_path: Path) -> None:
    (tmp_path / "system.ini").write_text("[cti]\nauth_secret=from-the-system-file\n")
    (tmp_path / "user.ini").write_text("[cti]\nauth_secret=from-the-user-file\n")
    settings = Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")
    assert settings.get("cti/auth_secret") == ""
    assert "cti/auth_secret" not in settings.effective(include_hidden=True)
    with pytest.raises(ValueError):
        settings.set("cti/auth_secret", "typed-in")


def test_the_system_file_is_where_qsettings_puts_system_scope(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # On Linux QSettings reads the first directory of $XDG_CONFIG_DIRS (default /etc/xdg).
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"{tmp_path}/etc-xdg:/etc/xdg")
    path = system_file()
    if sys.platform.startswith("linux"):
        assert path == tmp_path / "etc-xdg" / "agent-toolbar" / "agent-toolbar.ini"
    path.parent.mkdir(parents=True)
    path.write_text("[admin]\nlocked=cti/url\n[cti]\nurl=wss://from-etc-xdg/ws\n")
    settings = Settings(user=tmp_path / "user.ini")
    assert settings.system_path == path
    assert settings.get("cti/url") == "wss://from-etc-xdg/ws"
    assert settings.is_locked("cti/url")
