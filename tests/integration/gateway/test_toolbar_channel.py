"""The toolbar channel over a real WebSocket: auth, hello, snapshots, bad frames, restarts."""

from __future__ import annotations

import asyncio
import json
import random

import aiohttp
import pytest

from agent_toolbar.gateway import Gateway
from agent_toolbar.gateway.wire import LOGIN_HEADER, PROTOCOL, SUBPROTOCOL

pytestmark = pytest.mark.asyncio

TOKEN = "tok-ivanova-0123456789"  # ivanova's, as tests/integration/gateway/conftest.py sets
ATTEMPT = {
    "HookType": "AttemptIncCallBegin",
    "Caller": "9582412128",
    "Called": "80052002651",
    "CityNumber": "4950665310",
    "StartTime": "2021-01-28 14:15:30",
}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {LOGIN_HEADER: "ivanova"},
        {"Authorization": f"Bearer {TOKEN}"},
        {"Authorization": f"Bearer {TOKEN}", LOGIN_HEADER: "petrov"},
        {"Authorization": f"Bearer {TOKEN[:-1]}", LOGIN_HEADER: "ivanova"},
        {"Authorization": f"Basic {TOKEN}", LOGIN_HEADER: "ivanova"},
        {"Authorization": f"Bearer {TOKEN}", LOGIN_HEADER: "nobody"},
    ],
)
async def test_unauthenticated_toolbars_are_refused(gw, client, headers) -> None:
    with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
        await client.ws_connect(gw.toolbar_url, headers=headers)
    assert caught.value.status == 401
    assert gw.core.metrics.value("rejects_total", "bad_toolbar_token") == 1


async def test_hello_then_snapshot(gw, client, toolbar) -> None:
    ws = await client.ws_connect(
        gw.toolbar_url,
        headers={"Authorization": f"Bearer {TOKEN}", LOGIN_HEADER: "ivanova"},
        protocols=(SUBPROTOCOL,),
    )
    assert ws.protocol == SUBPROTOCOL
    hello = json.loads((await ws.receive()).data)
    assert hello["type"] == "hello" and hello["protocol"] == PROTOCOL
    assert hello["login"] == "ivanova" and hello["instance"] == gw.core.instance
    assert hello["max_frame"] == gw.config.max_frame_bytes
    snapshot = json.loads((await ws.receive()).data)
    assert snapshot == {"type": "snapshot", "calls": [], "instructions": []}
    await ws.close()


async def test_reconnect_gets_the_active_calls_and_open_instructions(
    gw, hook, crm, toolbar
) -> None:
    first = await toolbar("ivanova")
    await hook({**ATTEMPT, "SessionID": "ring-1"})
    await hook({**ATTEMPT, "SessionID": "ended-1"})
    await hook({**ATTEMPT, "SessionID": "ended-1", "HookType": "AttemptIncCallEnd"})
    await crm.post(
        {
            "CallID": 2**60,
            "EventType": 9,
            "ServiceType": 1,
            "DN1": "74951112233",
            "Result": "1280",
            "EventTime": "2026-12-04T10:00:00+03:00",
        }
    )
    await first.call(f"as:{2**60}", state="connected")
    await first.send(
        {
            "type": "instruct",
            "ref": "x",
            "call": f"as:{2**60}",
            "action": "TransferEXT",
            "param": "2642",
        }
    )
    await first.instruction(status="queued")
    await first.close()
    await hook({**ATTEMPT, "SessionID": "ring-2"})  # while disconnected
    again = await toolbar("ivanova")
    snapshot = next(f for f in again.frames if f["type"] == "snapshot")
    assert [c["id"] for c in snapshot["calls"]] == ["wh:ring-1", "wh:ring-2", f"as:{2**60}"]
    assert all(c["state"] != "ended" for c in snapshot["calls"])
    assert [i["action"] for i in snapshot["instructions"]] == ["TransferEXT"]
    assert (await crm.get(2**60))[1]["EventType"] == 2
    await again.instruction(status="delivered")


async def test_bad_frames_get_errors_and_the_channel_stays(gw, toolbar) -> None:
    tb = await toolbar("ivanova")
    for text, reason in (
        ("not json", "not_json"),
        ("[1]", "not_an_object"),
        ('{"a": 1}', "no_type"),
        ('{"type": "dance"}', "unknown_type"),
        ('{"type": "instruct", "ref": 5}', "bad_instruct"),
    ):
        await tb.ws.send_str(text)
        error = await tb.frame(lambda f: f["type"] == "error")
        assert error["reason"] == reason
    await tb.ws.send_bytes(b"\x00")
    assert (await tb.frame(lambda f: f["type"] == "error"))["reason"] == "binary"
    await tb.send({"type": "ping"})
    await tb.frame(lambda f: f["type"] == "pong")
    assert gw.core.metrics.value("rejects_total", "frame_not_json") == 1


async def test_frame_over_the_limit_closes_the_connection(gw, toolbar) -> None:
    tb = await toolbar("ivanova")
    await tb.ws.send_str(json.dumps({"type": "ping", "pad": "x" * 70000}))
    with pytest.raises(ConnectionError):
        await tb.frame(lambda f: f["type"] == "pong")
    assert tb.ws.close_code == 1009


async def test_unsupported_protocol_closes_with_4002(toolbar) -> None:
    tb = await toolbar("ivanova")
    await tb.send({"type": "hello", "protocol": [7, 8], "client": "future"})
    assert (await tb.frame(lambda f: f["type"] == "error"))["reason"] == "unsupported_protocol"
    with pytest.raises(ConnectionError):
        await tb.frame()
    assert tb.ws.close_code == 4002


async def test_supported_hello_is_fine(toolbar) -> None:
    tb = await toolbar("ivanova")
    await tb.send({"type": "hello", "protocol": [1], "client": "agent-toolbar/0.1"})
    await tb.send({"type": "ping"})
    await tb.frame(lambda f: f["type"] == "pong")


async def test_a_fifth_toolbar_of_one_login_replaces_the_oldest(gw, toolbar, hook) -> None:
    tbs = [await toolbar("ivanova") for _ in range(gw.config.max_connections_per_login + 1)]
    with pytest.raises(ConnectionError):
        await tbs[0].frame(lambda f: False)
    assert tbs[0].ws.close_code == 4009
    await hook({**ATTEMPT, "SessionID": "fan"})
    for tb in tbs[1:]:
        await tb.call("wh:fan", state="ringing")
    assert gw.core.hub.count == gw.config.max_connections_per_login


async def test_gateway_restart_toolbars_reconnect_and_get_their_snapshot(
    config_factory, client
) -> None:
    config = config_factory()
    first = Gateway(config)
    await first.start()
    port = first.port
    headers = {"Authorization": f"Bearer {TOKEN}", LOGIN_HEADER: "ivanova"}

    async def toolbar_loop(seen: list[dict], stop: asyncio.Event) -> None:
        """What the toolbar's client does: reconnect with jittered backoff, read frames."""
        while not stop.is_set():
            try:
                async with client.ws_connect(
                    f"ws://127.0.0.1:{port}/toolbar", headers=headers
                ) as ws:
                    async for message in ws:
                        seen.append(json.loads(message.data))
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.05 + random.random() * 0.1)

    frames: list[list[dict]] = [[] for _ in range(3)]
    stop = asyncio.Event()
    tasks = [asyncio.ensure_future(toolbar_loop(frames[i], stop)) for i in range(3)]
    try:

        async def hellos(n: int) -> None:
            async with asyncio.timeout(10):
                while not all(sum(f["type"] == "hello" for f in fs) >= n for fs in frames):
                    await asyncio.sleep(0.02)

        await hellos(1)
        async with client.post(first.webhook_url, json={**ATTEMPT, "SessionID": "before"}) as r:
            assert r.status == 200
        await first.stop()
        second = Gateway(config_factory(port=port))
        await second.start()
        try:
            await hellos(2)
            for fs in frames:
                hellos_seen = [f for f in fs if f["type"] == "hello"]
                assert hellos_seen[0]["instance"] != hellos_seen[-1]["instance"]
                snapshots = [f for f in fs if f["type"] == "snapshot"]
                assert snapshots[-1]["calls"] == []  # state is in memory: rebuilt from new events
            async with client.post(second.webhook_url, json={**ATTEMPT, "SessionID": "after"}) as r:
                assert r.status == 200
            async with asyncio.timeout(5):
                while not all(
                    any(f.get("call", {}).get("id") == "wh:after" for f in fs) for fs in frames
                ):
                    await asyncio.sleep(0.02)
        finally:
            stop.set()
            await second.stop()
    finally:
        stop.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def test_a_toolbar_that_does_not_answer_pings_is_dropped(config_factory, client) -> None:
    async with Gateway(config_factory(heartbeat_seconds=0.2)) as gw:
        ws = await client.ws_connect(
            gw.toolbar_url,
            headers={"Authorization": f"Bearer {TOKEN}", LOGIN_HEADER: "ivanova"},
            autoping=False,
        )
        kinds = []
        async with asyncio.timeout(10):
            async for message in ws:
                kinds.append(message.type)
        assert aiohttp.WSMsgType.PING in kinds  # the gateway's heartbeat
        assert ws.closed
        async with asyncio.timeout(5):
            while gw.core.hub.count:
                await asyncio.sleep(0.02)


async def test_toolbars_beyond_the_total_bound_get_503(config_factory, client) -> None:
    async with Gateway(config_factory(max_toolbars=1)) as gw:
        headers = {"Authorization": f"Bearer {TOKEN}", LOGIN_HEADER: "ivanova"}
        first = await client.ws_connect(gw.toolbar_url, headers=headers)
        with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
            await client.ws_connect(gw.toolbar_url, headers=headers)
        assert caught.value.status == 503
        assert gw.core.metrics.value("rejects_total", "too_many_toolbars") == 1
        await first.close()
        async with asyncio.timeout(5):
            while gw.core.hub.count:
                await asyncio.sleep(0.02)
        again = await client.ws_connect(gw.toolbar_url, headers=headers)
        await again.close()
