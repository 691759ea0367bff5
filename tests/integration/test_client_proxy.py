"""Issue 11 item 7: the CTI connection uses a proxy only when ``cti/proxy`` names one.

A recorder stands where the environment's ``http_proxy`` points (it notes the request line
of whatever connects, then hangs up); the real simulator is the CTI server.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import pytest_asyncio

from agent_toolbar.backends.naumen.build import client_config
from agent_toolbar.backends.naumen.client import ClientConfig, NaumenClient
from agent_toolbar.cti.backend import LinkState
from agent_toolbar.settings import Settings
from agent_toolbar.simulators.naumen.simulator import Simulator
from tests.integration.conftest import LineRecorder as Recorder

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[Simulator]:
    simulator = Simulator()
    await simulator.start("127.0.0.1", 0)
    yield simulator
    await simulator.stop()


def settings_for(tmp_path: Path, url: str) -> Settings:
    settings = Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")
    settings.set("cti/url", url)
    settings.set("cti/login", "operator")
    return settings


async def run_until(config: ClientConfig, done: Callable[[LinkState], bool]) -> list[LinkState]:
    seen: list[LinkState] = []
    client = NaumenClient(
        config, on_message=lambda *_: None, on_status=lambda s: seen.append(s.state)
    )
    task = asyncio.ensure_future(client.run())
    for _ in range(250):
        if seen and done(seen[-1]):
            break
        await asyncio.sleep(0.02)
    await client.stop(detach=False)
    await task
    return seen


async def test_proxy_variables_of_the_environment_are_not_followed(
    recorder: Recorder, sim: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.setenv(name, recorder.url)
    config = client_config(settings_for(tmp_path, sim.url))
    seen = await run_until(
        config, lambda state: state in (LinkState.CONNECTED, LinkState.RECONNECTING)
    )
    assert recorder.lines == []  # the handshake never went to the environment's proxy
    assert LinkState.CONNECTED in seen


async def test_a_configured_proxy_is_used(
    recorder: Recorder, sim: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = settings_for(tmp_path, sim.url)
    settings.set("cti/proxy", recorder.url)
    config = client_config(settings)
    assert config.proxy == recorder.url
    await run_until(config, lambda _state: bool(recorder.lines))
    port = sim.url.rsplit(":", 1)[1]
    assert recorder.lines and recorder.lines[0].startswith(f"CONNECT 127.0.0.1:{port}".encode())
