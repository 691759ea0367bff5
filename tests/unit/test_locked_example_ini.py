"""The example system file in packaging/ means what its comments say."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_toolbar.settings import BY_KEY, Settings

EXAMPLE = Path(__file__).resolve().parents[2] / "packaging" / "examples" / "agent-toolbar.ini"


@pytest.fixture
def deployed(tmp_path: Path) -> Settings:
    return Settings(user=tmp_path / "user.ini", system=EXAMPLE)


def test_every_key_in_the_example_is_declared() -> None:
    keys = []
    group = ""
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
        elif line and not line.startswith((";", "#")) and "=" in line:
            keys.append(f"{group}/{line.split('=', 1)[0].strip()}")
    assert keys
    undeclared = [k for k in keys if k not in BY_KEY and k != "admin/locked"]
    assert undeclared == []
    assert not any(BY_KEY[k].secret for k in keys if k in BY_KEY)


def test_values_come_out_as_intended(deployed: Settings) -> None:
    assert deployed.get("cti/backend") == "naumen"
    assert deployed.get("cti/url") == "wss://cti.example.com:8443/ws"
    assert deployed.get("cti/auth") == "basic"
    assert deployed.get("cti/auth_user") == "toolbar-proxy"
    assert deployed.get("cti/command_timeout") == 10.0
    assert (
        deployed.get("screenpop/template")
        == "https://crm.example.com/card?phone={caller}&sid={sessionId}"
    )
    assert deployed.get("screenpop/trigger") == "ring"
    assert deployed.get("screenpop/allowed_hosts") == ["crm.example.com", "crm-backup.example.com"]
    assert deployed.get("screenpop/allowed_schemes") == ["https"]
    assert deployed.get("hotkeys/answer") == "F5"
    assert deployed.get("hotkeys/hangup") == "F6"
    assert deployed.get("hotkeys/hold") == "F7"
    assert deployed.get("hotkeys/mute") == "F8"
    assert deployed.get("hotkeys/transfer") == "Ctrl+Alt+T"
    assert deployed.get("reasons/away") == [
        "Dinner",
        "TechnicalBreak",
        "CustomAwayReason1",
        "CustomAwayReason2",
    ]
    assert deployed.get("reasons/labels").splitlines() == [
        "Dinner = Обед",
        "TechnicalBreak = Технический перерыв",
        "CustomAwayReason1 = Обучение",
        "CustomAwayReason2 = Работа с почтой",
    ]
    assert deployed.get("transfer/directory").splitlines() == [
        "Sales; 2001; Departments",
        "Support, 2nd line; 2002; Departments",
        "Senior supervisor; 1100; Colleagues",
        "VIP queue; 5005; Queues",
    ]
    assert deployed.get("states/dnd") is False
    assert deployed.get("ui/language") == "ru"
    assert deployed.get("logging/level") == "INFO"


def test_locks_are_as_intended(deployed: Settings) -> None:
    locked = {"cti/backend", "cti/url", "cti/auth", "cti/auth_user", "transfer/directory"}
    locked |= {k for k in BY_KEY if k.startswith(("screenpop/", "reasons/", "wrapup/", "naumen/"))}
    for key in BY_KEY:
        assert deployed.is_locked(key) is (key in locked), key
    with pytest.raises(PermissionError):
        deployed.set("screenpop/template", "https://elsewhere.example/{caller}")
    # what the operator may still choose
    deployed.set("hotkeys/answer", "Ctrl+F5")
    deployed.set("cti/login", "ivanov")
    assert deployed.get("hotkeys/answer") == "Ctrl+F5"
    assert deployed.get("cti/login") == "ivanov"
