"""The single-desk demo wiring: ``demo_config`` with both fakes, as ``--demo`` would run them."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest

from agent_toolbar.gateway import Gateway
from agent_toolbar.gateway.demo import demo_config
from agent_toolbar.gateway.wire import LOGIN_HEADER
from agent_toolbar.simulators.autosecretary import FakePlatform
from agent_toolbar.simulators.pbx_webhooks import FakePbx, FlowFactory

pytestmark = pytest.mark.asyncio


async def frames_until(ws: aiohttp.ClientWebSocketResponse, pred: Any) -> dict[str, Any]:
    async for message in ws:
        frame = json.loads(message.data)
        if pred(frame):
            return dict(frame)
    raise AssertionError("the toolbar channel closed")


async def test_both_fakes_drive_a_demo_gateway() -> None:
    config = demo_config({"operator": ("0052002651, 74951112233", "2651")})
    assert config.autosecretary is not None
    async with Gateway(config) as gw, aiohttp.ClientSession() as session:
        headers = {
            "Authorization": f"Bearer {config.toolbar_tokens['operator']}",
            LOGIN_HEADER: "operator",
        }
        async with session.ws_connect(gw.toolbar_url, headers=headers) as ws:
            flow = FlowFactory(seed=1).incoming(["0052002651"], answered_by=0)
            async with FakePbx(gw.webhook_url) as pbx:
                assert (await pbx.run_flow(flow)).all_ok
            card = await frames_until(
                ws, lambda f: f["type"] == "call" and f["call"]["state"] == "ended"
            )
            assert card["call"]["id"] == f"wh:{flow.session_id}"

            user, password = config.autosecretary.user, config.autosecretary.password
            async with FakePlatform(gw.crm_base_url, user, password, poll_interval=0.02) as fake:
                assert (await fake.activate()).ok
                call = await fake.run_call(dn=("74951112233",), talk=0.05)
                assert call.record.stopped is None and call.record.polls >= 1
            ended = await frames_until(
                ws,
                lambda f: (
                    f["type"] == "call"
                    and f["call"]["id"] == f"as:{call.call_id}"
                    and f["call"]["state"] == "ended"
                ),
            )
            assert ended["call"]["params"]["CallID"] == str(call.call_id)
