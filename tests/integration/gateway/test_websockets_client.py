"""The toolbar channel from the ``websockets`` library (the toolbar's own stack) with wire.py."""

from __future__ import annotations

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus
from websockets.typing import Subprotocol

from agent_toolbar.gateway import wire

pytestmark = pytest.mark.asyncio

TOKEN = "tok-ivanova-0123456789"  # ivanova's, as tests/integration/gateway/conftest.py sets


async def test_a_websockets_client_speaks_the_protocol(gw, crm) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}", wire.LOGIN_HEADER: "ivanova"}
    async with connect(
        gw.toolbar_url, additional_headers=headers, subprotocols=[Subprotocol(wire.SUBPROTOCOL)]
    ) as ws:
        assert ws.subprotocol == wire.SUBPROTOCOL
        hello = wire.decode(await ws.recv())
        assert hello["type"] == "hello" and hello["protocol"] == wire.PROTOCOL
        assert wire.decode(await ws.recv())["type"] == "snapshot"
        await ws.send(wire.client_hello("agent-toolbar/test"))
        await ws.ping()  # the library's own pings are answered too
        await crm.post(
            {
                "CallID": 2**63 - 1,
                "EventType": 9,
                "ServiceType": 1,
                "DN1": "74951112233",
                "Result": "1280",
                "EventTime": "",
            }
        )
        call = wire.decode(await ws.recv())["call"]
        assert call["id"] == f"as:{2**63 - 1}" and call["state"] == "connected"
        await ws.send(wire.instruct("r1", call["id"], "TransferDN", "74957654321"))
        queued = wire.decode(await ws.recv())["instruction"]
        assert queued["status"] == "queued" and queued["ref"] == "r1"
        await ws.send(wire.cancel(queued["id"]))
        cancelled = wire.decode(await ws.recv())["instruction"]
        assert cancelled["status"] == "cancelled"
        await ws.send(wire.ping())
        assert wire.decode(await ws.recv()) == {"type": "pong"}


async def test_a_wrong_token_is_refused_before_the_upgrade(gw) -> None:
    headers = {"Authorization": "Bearer nope-nope-nope-nope", wire.LOGIN_HEADER: "ivanova"}
    with pytest.raises(InvalidStatus) as caught:
        async with connect(gw.toolbar_url, additional_headers=headers):
            pass
    assert caught.value.response.status_code == 401
