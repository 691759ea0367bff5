"""The fake platform's command line against the test CRM: secrets, scenarios, exit statuses."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import pytest

from agent_toolbar.simulators.autosecretary.cli import main

pytestmark = pytest.mark.asyncio


def secret_file(tmp_path: Path, password: str, mode: int) -> Path:
    path = tmp_path / "password"
    path.write_text(password + "\n", encoding="utf-8")
    os.chmod(path, mode)
    return path


async def test_a_scenario_with_the_password_from_a_private_file(
    crm: Any, answers: Any, tmp_path: Path, capsys: Any
) -> None:
    path = secret_file(tmp_path, answers.PASSWORD, 0o600)
    argv = ["--url", crm.base, "--user", answers.USER, "--password-file", str(path)]
    argv += ["--scenario", "ivr", "--calls", "2", "--talk", "0.05", "--poll-interval", "0.01"]
    argv += ["--an", "79161112233", "--ext", "4444", "--seed", "9"]
    assert await asyncio.to_thread(main, argv) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0] == {"activation": True, "reasons": []}
    assert len(lines) == 3
    for line in lines[1:]:
        assert line["CallID"] > 2**53 and line["end"] == 1 and line["stopped"] is None
        assert line["events"][0] == "CALL_ACCEPTED" and line["events"][-1] == "END_CALL"
        assert crm.events(line["CallID"])  # the exact integer the CRM saw
    assert {e["AN"] for e in crm.events()} == {"79161112233"}
    assert {e["EXT1"] for e in crm.events() if e["EventType"] == 10} == {"4444"}
    assert answers.PASSWORD not in capsys.readouterr().out


async def test_the_password_from_the_environment(
    crm: Any, answers: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setenv("AUTOSECRETARY_PASSWORD", answers.PASSWORD)
    monkeypatch.setenv("AUTOSECRETARY_CRM_URL", crm.base)
    monkeypatch.setenv("AUTOSECRETARY_USER", answers.USER)
    assert await asyncio.to_thread(main, ["--activate-only"]) == 0
    assert crm.requests() == ["GET CallEvent", "POST CallEvent/0"]


async def test_a_file_others_may_read_is_refused(
    crm: Any, answers: Any, tmp_path: Path, capsys: Any
) -> None:
    path = secret_file(tmp_path, answers.PASSWORD, 0o644)
    argv = ["--url", crm.base, "--user", answers.USER, "--password-file", str(path)]
    assert await asyncio.to_thread(main, argv) == 2
    assert "chmod 600" in capsys.readouterr().err
    assert crm.seen == []


async def test_exit_statuses(
    crm: Any, answers: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.delenv("AUTOSECRETARY_PASSWORD", raising=False)
    wrong = secret_file(tmp_path, "wrong", 0o600)
    base = ["--url", crm.base, "--user", answers.USER]
    assert await asyncio.to_thread(main, [*base, "--password-file", str(wrong)]) == 1
    assert json.loads(capsys.readouterr().out)["activation"] is False
    assert await asyncio.to_thread(main, base) == 2  # no password at all
    assert await asyncio.to_thread(main, ["--user", "u"]) == 2  # no URL
    assert await asyncio.to_thread(main, [*base, "--scenario", "nope"]) == 2
    right = tmp_path / "right"
    right.write_text(answers.PASSWORD)
    right.chmod(0o600)
    crm.on_post(1, answers.Answer(status=500))
    argv = [*base, "--password-file", str(right), "--talk", "0"]
    assert await asyncio.to_thread(main, argv) == 1  # the call's requests were stopped
