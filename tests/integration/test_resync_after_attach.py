"""Issue 11 item 16: after ``AttachToUser`` the client asks only for what did not arrive.

§2.2 and §3.3: after ``Ok`` the server sends ``UserState`` and, unless the operator is
offline, ``Calls`` and ``Conferences``. The real simulator does; a scripted server that sends
only some of them shows the client fetching exactly the rest.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from websockets.asyncio.server import ServerConnection

from agent_toolbar.cti.model import CallState
from agent_toolbar.simulators.naumen.scenarios import SimTimings
from agent_toolbar.simulators.naumen.simulator import Simulator

pytestmark = pytest.mark.asyncio
LOGIN = "operator"
GETS = ("GetUserState", "GetCalls", "GetConferences")


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator("idle", timings=SimTimings.fast(), seed=5) as simulator:
        yield simulator


async def test_nothing_is_asked_again_when_the_server_pushed_it(
    sim: Simulator, attached: Any, talking: Any, until: Any
) -> None:
    async with attached(sim) as first:
        cid = await talking(sim, first)
    async with attached(sim) as again:  # a reconnect: the call is still there
        state = await until(again, lambda s: cid in s.calls)
        assert state.calls[cid].state is CallState.CONNECTED
        assert state.synced
    names = [r.name for r in sim.commands if r.login == LOGIN]
    assert names.count("AttachToUser") == 2
    for get in GETS:
        assert get not in names, names


async def test_only_what_did_not_arrive_is_fetched(
    scripted_factory: Any, attached_scripted: Any
) -> None:
    server = await scripted_factory()

    async def attach_pushing_only_the_state(frame: dict[str, Any], conn: ServerConnection) -> None:
        await server.send(conn, {"rid": frame["rid"], "name": "Ok"})
        await server.send(
            conn,
            {"name": "UserState", "login": frame["login"], "state": "normal",
             "substates": [], "time": 1700000000},
        )  # fmt: skip

    server.replies["AttachToUser"] = attach_pushing_only_the_state
    names = await attached_scripted(server)
    assert "GetUserState" not in names
    assert "GetCalls" in names and "GetConferences" in names


async def test_a_server_that_pushes_nothing_is_asked_for_everything(
    scripted_factory: Any, attached_scripted: Any
) -> None:
    server = await scripted_factory()
    names = await attached_scripted(server)
    for get in GETS:
        assert get in names


@pytest.fixture
def attached_scripted() -> Any:
    import asyncio

    from agent_toolbar.backends.naumen.adapter import NaumenBackend
    from agent_toolbar.backends.naumen.client import ClientConfig
    from agent_toolbar.cti.session import Session

    async def run(server: Any) -> list[str]:
        session = Session(NaumenBackend(ClientConfig(url=server.url, login=LOGIN)))
        task = asyncio.ensure_future(session.backend.run())
        try:
            for _ in range(400):
                if session.state.synced and "GetConferences" in server.names():
                    break
                await asyncio.sleep(0.02)
            await asyncio.sleep(0.1)
            assert session.state.synced
            return server.names()
        finally:
            await session.backend.stop()
            await task
            await session.close()

    return run
