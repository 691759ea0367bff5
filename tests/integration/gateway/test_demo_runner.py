"""The in-process runner: a loopback gateway with fresh secrets, both systems on."""

from __future__ import annotations

import base64

import aiohttp
import pytest

from agent_toolbar.gateway import Gateway, demo_config
from agent_toolbar.gateway.wire import LOGIN_HEADER

pytestmark = pytest.mark.asyncio


async def test_demo_gateway_serves_both_systems_to_one_desk() -> None:
    config = demo_config({"operator": ("0052002651", "2651")})
    assert config.host == "127.0.0.1" and config.port == 0
    async with Gateway(config) as gw, aiohttp.ClientSession() as client:
        assert gw.port > 0 and gw.url == f"http://127.0.0.1:{gw.port}"
        assert gw.toolbar_url == f"ws://127.0.0.1:{gw.port}/toolbar"
        assert gw.crm_base_url == f"{gw.url}/crm"
        ws = await client.ws_connect(
            gw.toolbar_url,
            headers={
                "Authorization": "Bearer " + config.toolbar_tokens["operator"],
                LOGIN_HEADER: "operator",
            },
        )
        assert (await ws.receive_json())["type"] == "hello"
        assert (await ws.receive_json())["type"] == "snapshot"
        async with client.post(
            gw.webhook_url,
            json={"SessionID": "d", "HookType": "AttemptIncCallBegin", "Called": "80052002651"},
        ) as r:
            assert r.status == 200
        assert (await ws.receive_json())["call"]["id"] == "wh:d"
        assert config.autosecretary is not None
        basic = base64.b64encode(f"autosecretary:{config.autosecretary.password}".encode()).decode()
        async with client.post(
            gw.crm_base_url + "/CallEvent",
            headers={"Authorization": "Basic " + basic},
            json={"CallID": 2**62, "EventType": 10, "ServiceType": 1, "EXT1": "2651"},
        ) as r:
            assert r.status == 200
        assert (await ws.receive_json())["call"]["id"] == f"as:{2**62}"
        await ws.close()
    other = demo_config({"operator": ("1", "")})
    assert other.webhook_token != config.webhook_token  # fresh secrets every time
