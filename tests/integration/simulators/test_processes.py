"""Both fakes as separate processes (``python -m …cli``), and Qt-free on import."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from typing import Any

import pytest

pytestmark = pytest.mark.asyncio


async def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_the_pbx_as_a_process(sink: Any) -> None:
    code, out, _err = await run(
        "-m",
        "agent_toolbar.simulators.pbx_webhooks.cli",
        "--flow",
        "sequential-missed",
        "--count",
        "3",
        env={"PBX_WEBHOOK_URL": sink.webhook},
    )
    assert code == 0
    assert json.loads(out)["requests"] == len(sink.received) > 0


async def test_the_platform_as_a_process(crm: Any, answers: Any) -> None:
    code, out, _err = await run(
        "-m",
        "agent_toolbar.simulators.autosecretary.cli",
        "--url",
        crm.base,
        "--user",
        answers.USER,
        "--scenario",
        "no-answer",
        env={"AUTOSECRETARY_PASSWORD": answers.PASSWORD},
    )
    assert code == 0, out
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[0]["activation"] is True and lines[1]["end"] == 4


async def test_the_fakes_never_import_qt() -> None:
    probe = (
        "import sys; import agent_toolbar.simulators.pbx_webhooks.cli, "
        "agent_toolbar.simulators.autosecretary.cli; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'qasync'))))"
    )
    code, out, err = await run("-c", probe)
    assert code == 0, err
    assert out.strip() == "[]"
