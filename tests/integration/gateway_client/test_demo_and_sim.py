"""``--demo`` and ``agent-toolbar-sim`` for the gateway's systems: calls arrive by themselves."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest

from agent_toolbar.backends import registry
from agent_toolbar.backends.spec import load
from agent_toolbar.cti.session import Session
from agent_toolbar.settings import Settings
from tests.integration.gateway_client.conftest import Toolbar

pytestmark = pytest.mark.asyncio

REPO = Path(__file__).resolve().parents[3]


def session_for(tmp_path: Path, system: str, overrides: dict[str, Any]) -> Toolbar:
    settings = Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")
    settings.override("cti/backend", system)
    for key, value in overrides.items():
        settings.override(key, value)
    return Toolbar(Session(registry.build_backend(settings)))  # no keyring: the run's token


@pytest.mark.parametrize("system", ["webhook", "autosecretary"])
async def test_the_demo_named_by_the_spec_rings_the_operator(tmp_path: Path, system: str) -> None:
    spec = registry.get(system)
    assert spec is not None and spec.simulator is not None
    demo = await load(spec.simulator)(None)
    tb = session_for(tmp_path, system, dict(demo.overrides))
    try:
        assert demo.overrides["cti/login"] == "operator"
        await tb.until(lambda s: s.connection.up)
        state = await tb.until(lambda s: any(c.ringing for c in s.calls.values()), timeout=20)
        (call,) = (c for c in state.calls.values() if c.ringing)
        assert call.cid.startswith("wh:" if system == "webhook" else "as:")
    finally:
        await tb.close()
        await demo.stop()


async def test_agent_toolbar_sim_serves_until_interrupted(tmp_path: Path) -> None:
    tokens = tmp_path / "tokens"
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "agent_toolbar.simulators.cli", "--backend", "autosecretary",
        "--tokens-file", str(tokens),
        stdout=asyncio.subprocess.PIPE, cwd=REPO, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    assert proc.stdout is not None
    try:
        first = (await asyncio.wait_for(proc.stdout.readline(), 30)).decode()
        assert first.startswith("toolbar channel: ws://127.0.0.1:")
        url = first.split(": ", 1)[1].strip()
        await asyncio.wait_for(proc.stdout.readline(), 10)  # logins; tokens in …
        assert tokens.stat().st_mode & 0o077 == 0  # only its owner may read it
        token = dict(line.split(" = ") for line in tokens.read_text(encoding="utf-8").splitlines())[
            "operator"
        ]
        assert token not in first
        tb = session_for(
            tmp_path,
            "autosecretary",
            {"cti/url": url, "cti/login": "operator", "autosecretary/token": token},
        )
        try:
            await tb.until(lambda s: s.connection.up, timeout=20)
            await tb.until(lambda s: s.calls, timeout=20)
        finally:
            await tb.close()
        proc.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(proc.wait(), 20) == 0
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


@pytest.mark.parametrize("system", ["webhook", "autosecretary"])
async def test_a_stop_right_after_the_banner_is_a_clean_stop(tmp_path: Path, system: str) -> None:
    """Whoever reads the first line may stop the simulator at once: it exits 0, not -15."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "agent_toolbar.simulators.cli", "--backend", system, "--quiet",
        "--tokens-file", str(tmp_path / "tokens"),
        stdout=asyncio.subprocess.PIPE, cwd=REPO, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    assert proc.stdout is not None
    try:
        first = (await asyncio.wait_for(proc.stdout.readline(), 30)).decode()
        assert first.startswith("toolbar channel: ")
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(proc.wait(), 20) == 0
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
