"""Gateway fixtures: a real gateway on 127.0.0.1 (port 0) and real HTTP / WebSocket clients.

* ``gw``: a started :class:`~agent_toolbar.gateway.Gateway` with three operators —
  ``ivanova`` (numbers ``0052002651``, ``+7 495 111-22-33``, extension ``2651``),
  ``petrov`` (``0052002642``, extension ``2642``) and ``sidorov`` (``0052002600``).
* ``client``: an aiohttp ``ClientSession``.
* ``hook``: ``await hook(body)`` POSTs to the webhook URL and returns the response.
* ``crm``: ``await crm.post(data)`` / ``crm.get(call_id)`` / ``crm.call(method, path)`` against
  the CRM API with the right Basic credentials; return ``(status, json)``.
* ``toolbar``: ``tb = await toolbar("ivanova")`` a connected toolbar collecting frames;
  ``await tb.frame(pred)`` waits for the next matching frame, ``tb.calls`` holds the last view
  of each call.
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from agent_toolbar.gateway import AutosecretaryConfig, Gateway, GatewayConfig, Operator
from agent_toolbar.gateway.wire import LOGIN_HEADER

WEBHOOK_TOKEN = "wh-secret-0123456789abcdef"
CRM_USER, CRM_PASSWORD = "autosecretary", "crm-password-42"
TOKENS = {
    "ivanova": "tok-ivanova-0123456789",
    "petrov": "tok-petrov-0123456789a",
    "sidorov": "tok-sidorov-0123456789",
}
OPERATORS = (
    Operator.of("ivanova", "0052002651, +7 495 111-22-33", "2651"),
    Operator.of("petrov", "0052002642", "2642"),
    Operator.of("sidorov", "0052002600"),
)
WAIT = 5.0


def make_config(**overrides: Any) -> GatewayConfig:
    base: dict[str, Any] = {
        "operators": OPERATORS,
        "toolbar_tokens": TOKENS,
        "webhook_token": WEBHOOK_TOKEN,
        "autosecretary": AutosecretaryConfig(CRM_USER, CRM_PASSWORD, "/crm/v2"),
        "heartbeat_seconds": 5.0,
    }
    base.update(overrides)
    return GatewayConfig(**base)


@pytest.fixture
def config_factory() -> Callable[..., GatewayConfig]:
    return make_config


@pytest_asyncio.fixture
async def gw() -> AsyncIterator[Gateway]:
    async with Gateway(make_config()) as gateway:
        yield gateway


@pytest_asyncio.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


class Toolbar:
    """A headless toolbar: a WebSocket to the gateway and the frames it got."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.frames: list[dict[str, Any]] = []
        self.calls: dict[str, dict[str, Any]] = {}
        self._cursor = 0
        self._arrived = asyncio.Event()
        self.closed: tuple[int | None, str] | None = None
        self._task = asyncio.ensure_future(self._read())

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
        self.closed = (self.ws.close_code, "")
        self._arrived.set()

    async def frame(
        self, pred: Callable[[dict[str, Any]], bool] = lambda f: True, timeout: float = WAIT
    ) -> dict[str, Any]:
        """The next frame (after the ones already returned) that matches ``pred``."""
        async with asyncio.timeout(timeout):
            while True:
                while self._cursor < len(self.frames):
                    frame = self.frames[self._cursor]
                    self._cursor += 1
                    if pred(frame):
                        return frame
                if self.closed is not None:
                    raise ConnectionError(f"closed {self.closed}")
                self._arrived.clear()
                await self._arrived.wait()

    async def call(self, call_id: str, **expect: Any) -> dict[str, Any]:
        """The next ``call`` frame for ``call_id`` whose fields equal ``expect``."""
        frame = await self.frame(
            lambda f: (
                f["type"] == "call"
                and f["call"]["id"] == call_id
                and all(f["call"].get(k) == v for k, v in expect.items())
            )
        )
        return frame["call"]

    async def instruction(self, **expect: Any) -> dict[str, Any]:
        """The next ``instruction`` frame whose fields equal ``expect``."""
        frame = await self.frame(
            lambda f: (
                f["type"] == "instruction"
                and all(f["instruction"].get(k) == v for k, v in expect.items())
            )
        )
        return frame["instruction"]

    def call_frames(self, call_id: str) -> list[dict[str, Any]]:
        """Every ``call`` view received for ``call_id``."""
        return [
            f["call"] for f in self.frames if f["type"] == "call" and f["call"]["id"] == call_id
        ]

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send_str(json.dumps(message))

    async def settle(self, gw: Gateway) -> None:
        """Round-trip a ping so that every frame queued before it has arrived."""
        await self.send({"type": "ping"})
        await self.frame(lambda f: f["type"] == "pong")

    async def close(self) -> None:
        await self.ws.close()
        await self._task


Connect = Callable[..., Awaitable[Toolbar]]


@pytest_asyncio.fixture
async def toolbar(gw: Gateway, client: aiohttp.ClientSession) -> AsyncIterator[Connect]:
    opened: list[Toolbar] = []

    async def connect(
        login: str, *, gateway: Gateway | None = None, token: str | None = None
    ) -> Toolbar:
        target = gateway or gw
        ws = await client.ws_connect(
            target.toolbar_url,
            headers={"Authorization": f"Bearer {token or TOKENS[login]}", LOGIN_HEADER: login},
        )
        tb = Toolbar(ws)
        opened.append(tb)
        await tb.frame(lambda f: f["type"] == "hello")
        return tb

    yield connect
    for tb in opened:
        if not tb.ws.closed:
            await tb.close()


@pytest.fixture
def hook(
    gw: Gateway, client: aiohttp.ClientSession
) -> Callable[..., Awaitable[aiohttp.ClientResponse]]:
    async def post(
        body: Any, *, raw: bytes | None = None, token: str | None = None
    ) -> aiohttp.ClientResponse:
        url = gw.webhook_url if token is None else f"{gw.url}/webhook/{token}"
        data = raw if raw is not None else json.dumps(body).encode()
        async with client.post(url, data=data, headers={"Content-Type": "application/json"}) as r:
            await r.read()
            return r

    return post


class Crm:
    """The Autosecretary platform's side of the CRM API, by hand."""

    def __init__(self, gw: Gateway, client: aiohttp.ClientSession) -> None:
        self.gw = gw
        self.client = client
        self.auth = (CRM_USER, CRM_PASSWORD)

    async def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        raw: str | None = None,
        auth: tuple[str, str] | bool = True,
    ) -> tuple[int, Any, aiohttp.ClientResponse]:
        kwargs: dict[str, Any] = {}
        headers: dict[str, str] = {}
        pair = self.auth if auth is True else auth
        if isinstance(pair, tuple):
            headers["Authorization"] = "Basic " + base64.b64encode(":".join(pair).encode()).decode()
        if raw is not None or body is not None:
            kwargs["data"] = raw if raw is not None else json.dumps(body)
            headers["Content-Type"] = "application/json; charset=UTF-8"
        kwargs["headers"] = headers
        async with self.client.request(method, self.gw.crm_base_url + path, **kwargs) as r:
            text = await r.text()
            return r.status, (json.loads(text) if text else None), r

    async def post(self, data: dict[str, Any]) -> tuple[int, Any]:
        status, body, _ = await self.call("POST", "/CallEvent", data)
        return status, body

    async def get(self, call_id: int | str) -> tuple[int, Any]:
        status, body, _ = await self.call("GET", f"/CallEvent/{call_id}")
        return status, body


@pytest.fixture
def crm(gw: Gateway, client: aiohttp.ClientSession) -> Crm:
    return Crm(gw, client)
