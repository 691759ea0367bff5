"""Issue 11 item 10: a bad port or bracket in ``cti/url`` is a configuration problem, shown."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent_toolbar.backends.naumen.adapter import NaumenBackend
from agent_toolbar.backends.naumen.client import ClientConfig
from agent_toolbar.backends.naumen.profile import safe_url
from agent_toolbar.cti.backend import LinkState, Problem
from agent_toolbar.cti.session import Session

BAD = ["ws://cti.example.com:80980", "ws://[::1", "ws://user:pw@cti.example.com:99999/ws"]


@pytest.mark.parametrize("url", BAD)
def test_the_shown_address_never_raises_nor_shows_a_password(url: str) -> None:
    shown = safe_url(url)
    assert "pw" not in shown
    assert shown.startswith("ws://")


@pytest.mark.asyncio
@pytest.mark.parametrize("url", BAD)
async def test_the_session_reports_a_configuration_problem(url: str) -> None:
    session = Session(NaumenBackend(ClientConfig(url=url, login="operator")))
    task = asyncio.ensure_future(session.backend.run())
    try:
        for _ in range(250):
            if session.state.connection.state is LinkState.FAILED:
                break
            await asyncio.sleep(0.02)
        status = session.state.connection
        assert status.state is LinkState.FAILED
        assert status.problem is Problem.CONFIG
        assert status.reason and "server address" in status.reason
    finally:
        await session.backend.stop()
        await task
        await session.close()


@pytest.mark.parametrize("url", BAD[:2])
def test_the_app_starts_with_a_bad_address(url: str, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    argv = [sys.executable, "-m", "agent_toolbar", "--smoke", "--config", str(tmp_path / "u.ini")]
    argv += ["--system-config", str(tmp_path / "s.ini"), "--server", url]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=90)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
