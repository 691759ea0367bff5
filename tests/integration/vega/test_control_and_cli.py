"""The Vega simulator driven from outside: the control subprotocol, the CLI, the demo."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys

import pytest
from websockets.asyncio.client import connect
from websockets.typing import Subprotocol

from agent_toolbar.backends.vega.tracker import CallChanged, CallEnded, PauseChanged, PopUrl
from agent_toolbar.simulators.vega.cli import SECRET_ENV
from agent_toolbar.simulators.vega.control import (
    CONTROL_SUBPROTOCOL,
    VegaSimControl,
    VegaSimControlError,
)
from agent_toolbar.simulators.vega.scenarios import SimTimings
from agent_toolbar.simulators.vega.server import SimAuth, VegaSimulator

from .conftest import Listen

pytestmark = pytest.mark.asyncio

CLI = [sys.executable, "-m", "agent_toolbar.simulators.vega.cli"]


async def test_the_control_channel_drives_a_call(sim: VegaSimulator, listen: Listen) -> None:
    us = await listen(sim)
    async with VegaSimControl(sim.url) as control:
        uuids = await control.request("group_call", ext="101", customer=3, priorities=[1, 2])
        await control.request("bridge", uuid=uuids["child"])
        await control.request("pause")
        await control.request("hangup", uuid=uuids["child"])
        await us.wait_for(lambda: bool(us.of(CallEnded)) and bool(us.of(PauseChanged)))
        assert us.of(PopUrl)[0].key == uuids["parent"]
        assert us.of(CallChanged)[0].call.name == "Марія Ткаченко"
        assert (await control.request("clients"))["clients"] == 1
        frames = (await control.request("sent", limit=2))["frames"]
        assert [json.loads(f)["event"] for f in frames] == ["call.hangup", "call.hangup"]


@pytest.mark.parametrize(
    ("request_", "error"),
    [
        ({"op": "transfer"}, "unknown op"),
        ({"op": "bridge"}, "missing uuid"),
        ({"op": "bridge", "uuid": "nope"}, "no call"),
        ({"op": "incoming_call", "customer": "first"}, "customer must be an integer"),
        ({"op": "incoming_call", "priorities": [1, "2"]}, "priorities must be"),
        ({"op": "incoming_call", "priorities": list(range(9))}, "priorities must be"),
        ({"op": "group_call", "ext": "500"}, "is a group"),
        ({"op": "send_raw", "text": "x" * 9000}, "at most 8192"),
        ({"op": "pause", "loud": True}, "unknown argument"),
        ({"op": 5}, "op must be a string"),
    ],
)
async def test_bad_control_requests_are_answered_with_an_error(
    sim: VegaSimulator, request_: dict[str, object], error: str
) -> None:
    async with VegaSimControl(sim.url) as control:
        op = request_.pop("op")
        with pytest.raises(VegaSimControlError, match=error):
            await control.request(op, **request_)  # type: ignore[arg-type]
        assert (await control.request("ping"))["ok"] is True  # the channel stays usable


async def test_invalid_json_on_the_control_channel(sim: VegaSimulator) -> None:
    async with connect(sim.url, subprotocols=[Subprotocol(CONTROL_SUBPROTOCOL)]) as ws:
        await ws.send("{nope")
        reply = json.loads(await ws.recv())
        assert reply["ok"] is False and "invalid JSON" in reply["error"]
        await ws.send("[1]")
        assert json.loads(await ws.recv()) == {"ok": False, "error": "a request is a JSON object"}


async def test_the_control_channel_passes_while_events_are_refused_or_need_auth() -> None:
    async with VegaSimulator(auth=SimAuth("bearer", "t")) as sim:
        sim.refuse_connections(30)
        async with VegaSimControl(sim.url) as control:
            assert (await control.request("refuse_connections", seconds=0))["ok"]


async def test_the_demo_scenario_shows_only_our_calls(listen: Listen) -> None:
    timings = SimTimings.fast()
    async with VegaSimulator("demo", timings=timings, seed=7) as sim:
        us = await listen(sim)
        await us.wait_for(lambda: len(us.of(CallEnded)) >= 3, timeout=20)
        first = us.of(CallChanged)[0].call
        assert first.name == "Тест" and first.group == "Відділ підтримки"
        assert us.of(PopUrl)[0].key == first.key
        for change in us.of(CallChanged):
            wire = sim.call(change.call.uuid)
            legs = [wire.leg, wire.leg2 or {}]
            assert any(leg.get("ext") == "101" and leg.get("type") == 1 for leg in legs)
        assert us.rejected == []


async def run(*args: str, env: dict[str, str] | None = None) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        *CLI,
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )


async def listening_url(process: asyncio.subprocess.Process) -> str:
    assert process.stdout is not None
    while True:
        line = (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
        assert line, "the simulator exited before listening"
        if "listening on" in line:
            return line.rsplit(" ", 1)[-1].strip()


async def test_the_cli_serves_until_sigterm_with_bearer_auth(listen: Listen) -> None:
    process = await run("--port", "0", "--auth", "bearer", env={SECRET_ENV: "cli-secret"})
    try:
        url = await listening_url(process)
        async with VegaSimControl(url) as control:
            uuid = (await control.request("incoming_call", ext="101"))["uuid"]
            frames = (await control.request("sent"))["frames"]
            assert json.loads(frames[-1])["uuid"] == uuid
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()
    assert b"cli-secret" not in _out + err
