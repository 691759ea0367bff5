"""Integration fixtures: a scriptable CTI server on loopback and client helpers.

``ScriptedServer`` is a real WebSocket server (websockets on 127.0.0.1, a free port) whose
replies a test decides frame by frame. It lets a test hold back an ``Ok``, swallow a
command, close the socket mid-command or send garbage, which the full simulator would never
do on purpose.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import pytest_asyncio
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.typing import Subprotocol

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.cti.backend import ConnectionStatus, LinkState

Reply = Callable[[dict[str, Any], ServerConnection], Awaitable[None]]


@dataclass
class ScriptedServer:
    """A loopback CTI server whose behaviour per command is set by the test."""

    subprotocol: bool = True
    replies: dict[str, Reply] = field(default_factory=dict)
    frames: list[tuple[float, dict[str, Any]]] = field(default_factory=list)
    connections: int = 0
    login_known: bool = True
    server: Server | None = None
    clients: set[ServerConnection] = field(default_factory=set)

    @property
    def url(self) -> str:
        assert self.server is not None
        port = next(iter(self.server.sockets)).getsockname()[1]
        return f"ws://127.0.0.1:{port}"

    def names(self) -> list[str]:
        return [frame.get("name", "?") for _, frame in self.frames]

    async def start(self) -> None:
        protocols = [Subprotocol(m.SUBPROTOCOL)] if self.subprotocol else None
        self.server = await serve(self._handle, "127.0.0.1", 0, subprotocols=protocols)

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    async def send(self, conn: ServerConnection, payload: dict[str, Any] | str) -> None:
        await conn.send(payload if isinstance(payload, str) else json.dumps(payload))

    async def broadcast(self, payload: dict[str, Any] | str) -> None:
        for conn in list(self.clients):
            await self.send(conn, payload)

    async def _handle(self, conn: ServerConnection) -> None:
        self.connections += 1
        self.clients.add(conn)
        try:
            async for raw in conn:
                frame = json.loads(raw)
                self.frames.append((time.monotonic(), frame))
                name = frame.get("name", "")
                reply = self.replies.get(name) or self._default
                await reply(frame, conn)
        except Exception:
            pass
        finally:
            self.clients.discard(conn)

    async def _default(self, frame: dict[str, Any], conn: ServerConnection) -> None:
        name, rid, login = frame.get("name"), frame.get("rid"), frame.get("login")
        if name == "AttachToUser" and not self.login_known:
            await self.send(conn, {"rid": rid, "name": "Error", "description": "unknown user"})
            return
        if name == "GetUserState":
            await self.send(
                conn,
                {
                    "rid": rid,
                    "name": "UserState",
                    "login": login,
                    "state": "available",
                    "substates": ["normal"],
                    "time": 1700000000,
                },
            )
            return
        if name == "GetCalls":
            await self.send(conn, {"rid": rid, "name": "Calls", "login": login, "calls": []})
            return
        if name == "GetConferences":
            await self.send(
                conn, {"rid": rid, "name": "Conferences", "login": login, "conferences": []}
            )
            return
        await self.send(conn, {"rid": rid, "name": "Ok"})


@pytest_asyncio.fixture
async def scripted() -> AsyncIterator[ScriptedServer]:
    server = ScriptedServer()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest_asyncio.fixture
async def scripted_factory() -> AsyncIterator[Callable[..., Awaitable[ScriptedServer]]]:
    """Start extra scripted servers with options (``subprotocol=False`` …)."""
    started: list[ScriptedServer] = []

    async def make(**options: Any) -> ScriptedServer:
        server = ScriptedServer(**options)
        await server.start()
        started.append(server)
        return server

    try:
        yield make
    finally:
        for server in started:
            await server.stop()


class StatusLog:
    """Records connection statuses and lets a test wait for one."""

    def __init__(self) -> None:
        self.statuses: list[ConnectionStatus] = []
        self._changed = asyncio.Event()

    def __call__(self, status: ConnectionStatus) -> None:
        self.statuses.append(status)
        self._changed.set()

    async def wait_for(self, state: LinkState, timeout: float = 5.0) -> ConnectionStatus:
        async def waiter() -> ConnectionStatus:
            while True:
                for status in reversed(self.statuses):
                    if status.state is state:
                        return status
                self._changed.clear()
                await self._changed.wait()

        return await asyncio.wait_for(waiter(), timeout)

    @property
    def states(self) -> list[LinkState]:
        return [s.state for s in self.statuses]


@pytest.fixture
def status_log() -> StatusLog:
    return StatusLog()


@pytest.fixture
def new_status_log() -> Callable[[], StatusLog]:
    """Make further independent status recorders."""
    return StatusLog


async def eventually(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll ``predicate`` until it holds (fails the test after ``timeout``)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.01)


@pytest.fixture
def wait_until() -> Callable[..., Awaitable[None]]:
    return eventually


class LineRecorder:
    """Something listening on loopback that records the first line each client sends.

    A proxy named in the environment or the settings would get the client's ``CONNECT``:
    tests point a proxy at this and read what arrived.
    """

    def __init__(self) -> None:
        self.lines: list[bytes] = []
        self.server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` of the listener."""
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Keep the first line, then hang up."""
        try:
            self.lines.append(await asyncio.wait_for(reader.readline(), 5))
        finally:
            writer.close()


@pytest_asyncio.fixture
async def recorder() -> AsyncIterator[LineRecorder]:
    """A :class:`LineRecorder` listening on a free loopback port."""
    rec = LineRecorder()
    rec.server = await asyncio.start_server(rec.handle, "127.0.0.1", 0)
    yield rec
    rec.server.close()
    await rec.server.wait_closed()
