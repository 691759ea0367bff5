"""``agent-toolbar-sim`` as a separate process: URL on stdout, frames logged, clean stop."""

from __future__ import annotations

import asyncio
import re
import signal
import socket
import sys

import pytest

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.naumen.control import SimControl
from agent_toolbar.simulators.naumen.peer import SimPeer as Peer

pytestmark = pytest.mark.asyncio
CLI = [sys.executable, "-m", "agent_toolbar.simulators.naumen.cli"]


async def run(*args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        *CLI,
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def listening_url(process: asyncio.subprocess.Process) -> str:
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), 20)
    found = re.search(r"ws://127\.0\.0\.1:\d+", line.decode())
    assert found, line
    return found.group(0)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
async def test_serves_logs_and_stops_on_a_signal(sig: signal.Signals) -> None:
    args = "--port 0 --seed 4 --login petrova --webphone web --log-level info"
    process = await run(*args.split())
    try:
        url = await listening_url(process)
        async with Peer.attached(url, "petrova") as peer:
            assert isinstance(await peer.reply("GetCalls", login="petrova"), m.Calls)
        async with Peer.attached(url, "web") as web:
            assert "WebPhone" in await web.error("CreateConference", login="web")
        async with SimControl(url) as control:
            assert (await control.request("ping"))["ok"] is True
    finally:
        process.send_signal(sig)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode == 0, stderr.decode()
    log = stderr.decode()
    assert re.search(r"INFO #1 ← .*\"SetProtocolVersion\"", log), log
    assert re.search(r"INFO #1 → .*\"Calls\"", log), log
    assert "Simulator stopped." in stdout.decode()


async def test_a_busy_port_exits_with_1() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        process = await run("--port", str(taken.getsockname()[1]))
        _stdout, stderr = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode == 1
    assert "cannot listen" in stderr.decode()


async def test_a_bad_command_line_exits_with_2() -> None:
    process = await run("--scenario", "chaos")
    _stdout, stderr = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode == 2
    assert "chaos" in stderr.decode()
