"""Vega: no proxy from the environment, ``cti/proxy`` when set, a bad CA file is configuration.

The same rules as the Naumen connection (issue 11, items 7 and 8). A recorder stands where
a proxy would be (it notes the first line of whatever connects, then hangs up); the real
simulator is the PBX.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_toolbar.backends.vega.link import FailureKind, LinkConfig, describe_failure, open_link
from agent_toolbar.simulators.vega.scenarios import SimTimings
from agent_toolbar.simulators.vega.server import VegaSimulator
from tests.integration.conftest import LineRecorder as Recorder

from .conftest import Certificate

pytestmark = pytest.mark.asyncio


async def test_the_environments_proxy_is_not_followed(
    recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.setenv(name, recorder.url)
    async with VegaSimulator(timings=SimTimings.fast()) as sim:
        ws = await open_link(LinkConfig(sim.url))  # straight to the PBX
        await ws.close()
    assert recorder.lines == []


async def test_a_configured_proxy_is_used(recorder: Recorder) -> None:
    async with VegaSimulator(timings=SimTimings.fast()) as sim:
        with pytest.raises(Exception) as caught:  # the recorder hangs up: no tunnel
            await open_link(LinkConfig(sim.url, proxy=recorder.url, open_timeout=5))
        assert describe_failure(caught.value).retry and not sim.connections
        port = sim.url.rsplit(":", 1)[1].split("/", 1)[0]
    assert recorder.lines and recorder.lines[0].startswith(f"CONNECT 127.0.0.1:{port}".encode())


async def test_a_missing_or_empty_ca_file_is_a_configuration_problem(
    tmp_path: Path, certificate: Certificate
) -> None:
    async with VegaSimulator(ssl_context=certificate.server_context()) as sim:
        empty = tmp_path / "empty.pem"
        empty.write_text("no certificate here\n", encoding="utf-8")
        for ca_file in (str(tmp_path / "missing.pem"), str(empty)):
            with pytest.raises(Exception) as caught:
                await open_link(LinkConfig(sim.url, ca_file=ca_file))
            failure = describe_failure(caught.value)
            assert failure.kind is FailureKind.CONFIG and not failure.retry
            assert "cti/ca_file" in failure.detail
        assert not sim.connections
