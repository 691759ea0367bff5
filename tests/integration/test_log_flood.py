"""Issue 11 item 12: a misbehaving server cannot flood the log.

The scripted server (a real WebSocket server) sends 10,000 replies with rids nobody asked
for, then 2,000 unknown messages with 200-character names.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import pytest

from agent_toolbar import logs
from agent_toolbar.backends.naumen.client import ClientConfig, NaumenClient
from agent_toolbar.cti.backend import LinkState

pytestmark = pytest.mark.asyncio


async def test_repeated_warnings_are_counted_not_written(
    scripted: Any, status_log: Any, tmp_path: Path
) -> None:
    path = logs.setup_logging("INFO", directory=tmp_path, console=False)
    assert path is not None
    received: list[str] = []
    client = NaumenClient(
        ClientConfig(url=scripted.url, login="op"),
        on_message=lambda message, _at: received.append(message.name),
        on_status=status_log,
    )
    task = asyncio.ensure_future(client.run())
    try:
        await status_log.wait_for(LinkState.CONNECTED)
        for index in range(10_000):
            await scripted.broadcast({"rid": f"nobody-{index}", "name": "Ok"})
        long_name = "X" * 200
        for index in range(2_000):
            await scripted.broadcast({"name": f"{long_name}{index}", "login": "op"})
        await scripted.broadcast({"name": "UserState", "login": "op", "state": "away"})
        for _ in range(500):
            if "UserState" in received:
                break
            await asyncio.sleep(0.02)
        assert "UserState" in received
    finally:
        await client.stop(detach=False)
        await task
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
        logs.setup_logging("INFO", directory=tmp_path / "other", console=False)
    lines = text.splitlines()
    stray = [line for line in lines if "reply for no pending command" in line]
    unknown = [line for line in lines if "unknown message" in line]
    assert 1 <= len(stray) <= 25, len(stray)
    assert 1 <= len(unknown) <= 25, len(unknown)
    assert any("not logged" in line for line in lines)  # the flood is counted, not hidden
    assert max(len(line) for line in lines) < 400
    assert len(lines) < 80
