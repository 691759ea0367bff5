"""The real gateway on 127.0.0.1:0 with the fake PBX and the fake platform as its peers.

* ``gw``: a started :class:`~agent_toolbar.gateway.Gateway`: ``ivanova`` (``0052002651``,
  ``74951112233``, extension ``2651``), ``petrov`` (``0052002642``, ``74951112244``,
  extension ``2642``), ``sidorov`` (``0052002600``).
* ``toolbar``: ``tb = await toolbar("ivanova")`` a headless toolbar on the gateway's WebSocket
  collecting its frames; ``await tb.card(call_id, state=...)`` waits for a view of the card,
  ``await tb.instruct(...)`` sends a routing choice, ``await tb.settle()`` round-trips a ping.
* ``pbx``: a :class:`FakePbx` posting to the gateway's webhook URL.
* ``platform``: an activated :class:`FakePlatform` towards the gateway's CRM API (polls every
  20 ms); ``make_platform(**options)`` for others.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from agent_toolbar.gateway import AutosecretaryConfig, Gateway, GatewayConfig, Operator
from agent_toolbar.gateway.wire import LOGIN_HEADER
from agent_toolbar.simulators.autosecretary import FakePlatform
from agent_toolbar.simulators.pbx_webhooks import FakePbx

CRM_USER, CRM_PASSWORD = "autosecretary", "crm-password-42"
TOKENS = {
    "ivanova": "tok-ivanova-0123456789",
    "petrov": "tok-petrov-0123456789a",
    "sidorov": "tok-sidorov-0123456789",
}
OPERATORS = (
    Operator.of("ivanova", "0052002651, 74951112233", "2651"),
    Operator.of("petrov", "0052002642, 74951112244", "2642"),
    Operator.of("sidorov", "0052002600"),
)
WAIT = 5.0


class Toolbar:
    """A headless toolbar: the gateway's frames for one operator."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.frames: list[dict[str, Any]] = []
        self.calls: dict[str, dict[str, Any]] = {}
        self._arrived = asyncio.Event()
        self._task = asyncio.ensure_future(self._read())
        self._refs = 0

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.TEXT:
                frame = json.loads(message.data)
                self.frames.append(frame)
                if frame["type"] == "call":
                    self.calls[frame["call"]["id"]] = frame["call"]
                elif frame["type"] == "snapshot":
                    self.calls = {c["id"]: c for c in frame["calls"]}
                self._arrived.set()

    async def wait(self, pred: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """The first frame so far or to come that matches ``pred``."""
        async with asyncio.timeout(WAIT):
            seen = 0
            while True:
                for frame in self.frames[seen:]:
                    if pred(frame):
                        return frame
                seen = len(self.frames)
                self._arrived.clear()
                await self._arrived.wait()

    async def card(self, call_id: str, **expect: Any) -> dict[str, Any]:
        """A view of card ``call_id`` whose fields equal ``expect``."""
        frame = await self.wait(
            lambda f: (
                f["type"] == "call"
                and f["call"]["id"] == call_id
                and all(f["call"].get(k) == v for k, v in expect.items())
            )
        )
        return dict(frame["call"])

    async def instruction(self, **expect: Any) -> dict[str, Any]:
        """An ``instruction`` frame whose fields equal ``expect``."""
        frame = await self.wait(
            lambda f: (
                f["type"] == "instruction"
                and all(f["instruction"].get(k) == v for k, v in expect.items())
            )
        )
        return dict(frame["instruction"])

    async def instruct(self, call_id: str, action: str, param: str = "") -> dict[str, Any]:
        """Send a routing choice; return its first (``queued``) status."""
        self._refs += 1
        ref = f"r{self._refs}"
        await self.ws.send_str(
            json.dumps(
                {"type": "instruct", "ref": ref, "call": call_id, "action": action, "param": param}
            )
        )
        return await self.instruction(ref=ref)

    def cards(self, call_id: str) -> list[dict[str, Any]]:
        """Every view of ``call_id`` received."""
        return [
            f["call"] for f in self.frames if f["type"] == "call" and f["call"]["id"] == call_id
        ]

    async def settle(self) -> None:
        """Round-trip a ping: every frame queued before it has arrived."""
        count = sum(1 for f in self.frames if f["type"] == "pong")
        await self.ws.send_str(json.dumps({"type": "ping"}))
        async with asyncio.timeout(WAIT):
            while sum(1 for f in self.frames if f["type"] == "pong") <= count:
                self._arrived.clear()
                await self._arrived.wait()

    async def close(self) -> None:
        await self.ws.close()
        await self._task


@pytest_asyncio.fixture
async def gw() -> AsyncIterator[Gateway]:
    config = GatewayConfig(
        operators=OPERATORS,
        toolbar_tokens=TOKENS,
        webhook_token="wh-secret-0123456789abcdef",
        autosecretary=AutosecretaryConfig(CRM_USER, CRM_PASSWORD, "/crm/v2"),
        heartbeat_seconds=5.0,
    )
    async with Gateway(config) as gateway:
        yield gateway


@pytest_asyncio.fixture
async def toolbar(gw: Gateway) -> AsyncIterator[Callable[..., Any]]:
    session = aiohttp.ClientSession()
    opened: list[Toolbar] = []

    async def connect(login: str) -> Toolbar:
        headers = {"Authorization": f"Bearer {TOKENS[login]}", LOGIN_HEADER: login}
        tb = Toolbar(await session.ws_connect(gw.toolbar_url, headers=headers))
        opened.append(tb)
        await tb.wait(lambda f: f["type"] == "snapshot")
        return tb

    try:
        yield connect
    finally:
        for tb in opened:
            await tb.close()
        await session.close()


@pytest_asyncio.fixture
async def pbx(gw: Gateway) -> AsyncIterator[FakePbx]:
    async with FakePbx(gw.webhook_url) as fake:
        yield fake


@pytest_asyncio.fixture
async def make_platform(gw: Gateway) -> AsyncIterator[Callable[..., FakePlatform]]:
    made: list[FakePlatform] = []

    def make(**options: Any) -> FakePlatform:
        options.setdefault("poll_interval", 0.02)
        platform = FakePlatform(gw.crm_base_url, CRM_USER, CRM_PASSWORD, **options)
        made.append(platform)
        return platform

    try:
        yield make
    finally:
        for platform in made:
            await platform.close()


@pytest_asyncio.fixture
async def platform(make_platform: Callable[..., FakePlatform]) -> FakePlatform:
    made = make_platform()
    assert (await made.activate()).ok
    return made


@pytest.fixture
def credentials() -> tuple[str, str]:
    return CRM_USER, CRM_PASSWORD
