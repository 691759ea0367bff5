"""Issue 11 item 14: an ``Error`` / ``ParseError`` without a ``rid`` is not lost.

With exactly one command waiting it is that command's answer (it fails at once, with the
server's reason, not after the timeout); otherwise the server's words reach the status.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from websockets.asyncio.server import ServerConnection

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.backends.naumen.client import ClientConfig, NaumenClient
from agent_toolbar.cti.backend import CommandError, LinkState

pytestmark = pytest.mark.asyncio


@contextlib.asynccontextmanager
async def attached(scripted: Any, status_log: Any) -> AsyncIterator[NaumenClient]:
    client = NaumenClient(
        ClientConfig(url=scripted.url, login="ivanov", command_timeout=30),
        on_message=lambda *_: None,
        on_status=status_log,
    )
    task = asyncio.ensure_future(client.run())
    try:
        await status_log.wait_for(LinkState.CONNECTED)
        for _ in range(300):  # let the resync after the attach finish
            if "GetConferences" in scripted.names() and not client._replies:
                break
            await asyncio.sleep(0.01)
        yield client
    finally:
        await client.stop(detach=False)
        await asyncio.wait_for(task, 5)


@pytest.mark.parametrize("name", ["Error", "ParseError"])
async def test_the_one_pending_command_fails_with_the_servers_reason(
    scripted: Any, status_log: Any, name: str
) -> None:
    async def ridless(frame: dict[str, Any], conn: ServerConnection) -> None:
        await scripted.send(conn, {"name": name, "description": "Оператор не зарегистрирован"})

    scripted.replies["Answer"] = ridless
    async with attached(scripted, status_log) as client:
        with pytest.raises(CommandError) as failed:
            await asyncio.wait_for(client.request(m.Answer(login="ivanov", cid="c1")), 5)
    assert failed.value.reason == "Оператор не зарегистрирован"
    assert failed.value.kind == ("error" if name == "Error" else "parse_error")


async def test_with_several_pending_the_error_reaches_the_status(
    scripted: Any, status_log: Any
) -> None:
    held: list[tuple[str, ServerConnection]] = []

    async def hold_back(frame: dict[str, Any], conn: ServerConnection) -> None:
        held.append((frame["rid"], conn))
        if len(held) == 2:
            await scripted.send(conn, {"name": "Error", "description": "внутренняя ошибка"})

    scripted.replies["Hold"] = hold_back
    async with attached(scripted, status_log) as client:
        first = asyncio.ensure_future(client.request(m.Hold(login="ivanov", cid="a", on=True)))
        second = asyncio.ensure_future(client.request(m.Hold(login="ivanov", cid="b", on=True)))
        for _ in range(200):
            if client.status.reason:
                break
            await asyncio.sleep(0.01)
        assert client.status.state is LinkState.CONNECTED
        assert client.status.reason is not None and "внутренняя ошибка" in client.status.reason
        assert not first.done() and not second.done()  # neither is blamed
        for rid, conn in held:
            await scripted.send(conn, {"rid": rid, "name": "Ok"})
        await asyncio.wait_for(asyncio.gather(first, second), 5)
