"""Diagnostics zip: logs scrubbed of phone numbers, DTMF and secrets; settings; version info."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar import __version__, logs
from agent_toolbar.app import diagnostics
from agent_toolbar.qt import QApplication, QtWidgets
from agent_toolbar.settings import Settings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("caller +7 999 123-45-67 rang", "caller +• ••• •••-45-67 rang"),
        ("caller 89991234567 rang", "caller •••••••4567 rang"),
        ("8 (999) 123-45-67", "• (•••) •••-45-67"),
        ("from sip:1234567@pbx.local", "from sip:•••4567@pbx.local"),
        ("tel:+79991234567", "tel:+•••••••4567"),
        (
            '{"caller": "79991234567", "n": 89161234567}',
            '{"caller": "•••••••4567", "n": •••••••4567}',
        ),
        ('{"params": {"phone": "+7(999)1234567"}}', '{"params": {"phone": "+•(•••)•••4567"}}'),
        (
            "https://crm/card?phone=89991234567&sid=ab12",
            "https://crm/card?phone=•••••••4567&sid=ab12",
        ),
        ("https://crm/card?phone=%2B79991234567&x=1", "https://crm/card?phone=%2B•••••••4567&x=1"),
        ("u?next=phone%3D79991234567%26x", "u?next=phone%3D•••••••4567%26x"),
        ("/card/79991234567/open", "/card/•••••••4567/open"),
        ("2024-05-01 79991234567", "2024-05-01 •••••••4567"),
    ],
)
def test_phone_numbers_keep_only_their_last_four_digits(text: str, expected: str) -> None:
    assert diagnostics.mask_phone_numbers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2024-05-01 12:34:56,789 INFO    agent_toolbar.cti: attached",
        "2024-05-01T12:34:56+0300",
        "connecting to ws://127.0.0.1:38453",
        "cid=3f2a1234567bc rid=12",
        "PySide6 6.12.0, Python 3.11.7",
        "extension 1234 answered",
        "took 0.123456 s",
    ],
)
def test_timestamps_addresses_ids_and_short_numbers_are_kept(text: str) -> None:
    assert diagnostics.mask_phone_numbers(text) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ('>> {"name":"SendDTMF","rid":"7","DTMFString":"4111*1111#"}', "4111*1111"),
        ("intent SendDtmf(cid='c1', digits='907531')", "907531"),
        ("dtmf=24680 sent", "24680"),
        # websockets' own frame log cuts the key off its value
        (
            'DEBUG   websockets.client: > TEXT \'{"rid":"5","name":"SendDTMFSignal","lo...'
            'MFString":"4929817365"}\' [162 bytes]',
            "4929817365",
        ),
    ],
)
def test_dtmf_digits_are_blanked(text: str, secret: str) -> None:
    assert secret not in diagnostics.scrub(text)


def write_logs(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    main = directory / "agent-toolbar.log"
    main.write_text(
        "2024-05-01 12:00:00,001 INFO    agent_toolbar.cti: call from +7 999 123-45-67\n"
        '2024-05-01 12:00:01,002 DEBUG   agent_toolbar.wire: << {"name":"CallNew",'
        '"caller":"89991234567","params":{"url":"https://crm/x?phone=79161112233"}}\n'
        '2024-05-01 12:00:02,003 DEBUG   agent_toolbar.wire: >> {"name":"SendDTMF",'
        '"DTMFString":"4111111111111111"}\n'
        "2024-05-01 12:00:03,004 DEBUG   websockets.client: > Authorization: Basic "
        "aXZhbm92OmxlYWtlZA==\n"
        "2024-05-01 12:00:04,005 INFO    x: connecting to wss://ivanov:Leaked-Pass@cti:8443/\n",
        encoding="utf-8",
    )
    rotated = directory / "agent-toolbar.log.1"
    rotated.write_text("2024-04-30 09:00:00,000 INFO    x: password=Old-Leak sip:7654321@pbx\n")
    return [main, rotated]


def test_zip_holds_scrubbed_logs_settings_and_info(tmp_path: Path) -> None:
    files = write_logs(tmp_path / "logs")
    settings = Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")
    settings.set("cti/url", "wss://cti.example.com/ws")
    settings.set("screenpop/template", "https://crm.example.com/card?phone={caller}")
    logs.register_secret("Registered-Secret-42")
    info = diagnostics.basic_info(
        keyring_backend="keyring.backends.SecretService.Keyring",
        connection="connected Registered-Secret-42",
    )

    out = diagnostics.build_diagnostics_zip(
        tmp_path / "diag.zip",
        log_files=[*files, tmp_path / "logs" / "missing.log"],
        settings_values=settings.effective(),
        info=info,
    )

    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        assert names == {
            "logs/agent-toolbar.log",
            "logs/agent-toolbar.log.1",
            "settings.json",
            "info.json",
        }
        everything = "\n".join(archive.read(n).decode("utf-8") for n in names)
        saved_settings = json.loads(archive.read("settings.json"))
        saved_info = json.loads(archive.read("info.json"))

    for leaked in (
        "123-45-67",
        "89991234567",
        "79161112233",
        "4111111111111111",
        "aXZhbm92OmxlYWtlZA==",
        "Leaked-Pass",
        "Old-Leak",
        "7654321",
        "Registered-Secret-42",
    ):
        assert leaked not in everything, leaked
    assert "+• ••• •••-45-67" in everything
    assert "sip:•••4321@pbx" in everything
    assert "2024-05-01 12:00:00,001 INFO" in everything  # timestamps survive

    assert saved_settings["cti/url"] == "wss://cti.example.com/ws"
    assert saved_settings["screenpop/template"] == "https://crm.example.com/card?phone={caller}"
    assert "cti/auth_secret" not in saved_settings
    assert saved_info["version"] == __version__
    assert saved_info["keyring_backend"] == "keyring.backends.SecretService.Keyring"
    assert saved_info["python"]
    assert saved_info["platform"]
    assert saved_info["qt"] and saved_info["pyside6"]
    assert saved_info["missing_logs"][0].startswith("missing.log")
    assert not (tmp_path / "diag.zip.part").exists()


def test_large_logs_keep_their_newest_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(diagnostics, "MAX_LOG_BYTES", 100)
    big = tmp_path / "big.log"
    big.write_text("".join(f"line {i:04d}\n" for i in range(100)))
    out = diagnostics.build_diagnostics_zip(
        tmp_path / "d.zip", log_files=[big], settings_values={}, info={}
    )
    with zipfile.ZipFile(out) as archive:
        text = archive.read("logs/big.log").decode()
    assert text.startswith("[… older part cut …]")
    assert text.rstrip().endswith("line 0099")
    assert "line 0000" not in text


def test_dialog_saves_where_the_user_chose(qtbot: QtBot, tmp_path: Path) -> None:
    files = write_logs(tmp_path / "logs")
    settings = Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")
    saved: list[Path] = []
    returned = diagnostics.save_diagnostics_dialog(
        None,
        settings,
        log_files=lambda: files,
        keyring_backend="memory (session only)",
        connection=lambda: "connected",
        directory=tmp_path,
        on_saved=saved.append,
    )
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QtWidgets.QFileDialog))
    assert dialog is returned
    assert dialog.isVisible()  # opened with open(), not exec(): we are already back here
    target = tmp_path / "chosen.zip"
    dialog.selectFile(str(target))
    dialog.accept()
    assert saved == [target]
    with zipfile.ZipFile(target) as archive:
        assert json.loads(archive.read("info.json"))["connection"] == "connected"


def test_rotated_logs_are_found_newest_first(tmp_path: Path) -> None:
    base = tmp_path / "agent-toolbar.log"
    assert diagnostics.rotated_logs(base) == []
    assert diagnostics.rotated_logs(None) == []
    for name in ("agent-toolbar.log", "agent-toolbar.log.1", "agent-toolbar.log.2"):
        (tmp_path / name).write_text(name)
    (tmp_path / "agent-toolbar.log.4").write_text("after a gap: not ours")
    assert diagnostics.rotated_logs(base) == [
        base,
        tmp_path / "agent-toolbar.log.1",
        tmp_path / "agent-toolbar.log.2",
    ]
