"""The stand-in backend the app starts with: the session runs before the real backend exists.

At start-up the toolbar draws its window over a
:class:`~agent_toolbar.backends.registry.DeferredBackend`
(login, capabilities and "Connecting…" known from the settings) and builds the Naumen backend
only afterwards. Here the stand-in wraps the real build against the real simulator: it shows
the right things before, connects through, carries commands, and can be stopped at any point.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import pytest_asyncio

from agent_toolbar.backends import registry
from agent_toolbar.backends.naumen.profile import PhoneKind, naumen_capabilities
from agent_toolbar.backends.registry import (
    DeferredBackend,
    UnavailableBackend,
    build_backend,
    deferred_backend,
)
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import Backend, CommandError, Feature, LinkState, Problem
from agent_toolbar.cti.model import CallState
from agent_toolbar.cti.session import Session
from agent_toolbar.settings import Settings
from agent_toolbar.simulators.naumen.simulator import SimTimings, Simulator

if TYPE_CHECKING:
    from tests.conftest import Until

pytestmark = pytest.mark.asyncio
LOGIN = "operator"


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator("idle", timings=SimTimings.fast(), seed=11) as simulator:
        yield simulator


def settings(tmp_path: Path, ini: str, name: str = "user") -> Settings:
    user = tmp_path / f"{name}.ini"
    user.write_text(ini, encoding="utf-8")
    return Settings(user=user, system=tmp_path / "system.ini")


class Gate:
    """A build the test lets through when it wants (a slow keyring, a busy machine)."""

    def __init__(self, make: Settings) -> None:
        self.settings = make
        self.opened = asyncio.Event()
        self.entered = asyncio.Event()
        self.built: list[Backend] = []

    async def build(self) -> Backend:
        self.entered.set()
        await self.opened.wait()
        backend = build_backend(self.settings)
        self.built.append(backend)
        return backend


async def test_shows_connecting_then_connects_and_carries_commands(
    sim: Simulator, tmp_path: Path, until: Until
) -> None:
    gate = Gate(settings(tmp_path, f"[cti]\nurl={sim.url}\nlogin={LOGIN}\n"))
    backend = deferred_backend(gate.settings, gate.build)
    assert isinstance(backend, DeferredBackend)
    session = Session(backend)
    before = session.state
    assert before.login == LOGIN
    assert before.connection.state is LinkState.CONNECTING
    assert before.connection.server == sim.url
    assert before.capabilities.has(Feature.CONFERENCES)  # a SoftPhone, known up front
    task = asyncio.ensure_future(backend.run())
    try:
        await gate.entered.wait()
        with pytest.raises(CommandError) as refused:
            await backend.execute(it.MakeCall("100"))
        assert refused.value.kind == "disconnected"
        backend.reconnect_now()  # nothing to do yet, and no error
        assert backend.real is None and not sim.commands
        gate.opened.set()
        await until(session, lambda s: s.connection.state is LinkState.CONNECTED and s.synced)
        assert backend.real is gate.built[0]
        assert session.state.capabilities == before.capabilities
        cid = sim.inject_call(LOGIN, caller="+79161234567")
        await until(session, lambda s: cid in s.calls)
        assert await session.execute(it.Answer(cid)) is None
        await until(session, lambda s: s.calls[cid].state is CallState.CONNECTED)
    finally:
        await backend.stop()
        await asyncio.wait_for(task, 5)
        await session.close()
    await sim.wait_for_command("DetachFromUser", timeout=5)


async def test_stopped_while_building_never_connects(sim: Simulator, tmp_path: Path) -> None:
    gate = Gate(settings(tmp_path, f"[cti]\nurl={sim.url}\nlogin={LOGIN}\n"))
    backend = deferred_backend(gate.settings, gate.build)
    task = asyncio.ensure_future(backend.run())
    await gate.entered.wait()
    await asyncio.wait_for(backend.stop(), 1)
    await asyncio.wait_for(task, 1)  # returns, not cancelled
    assert not task.cancelled() and task.exception() is None
    gate.opened.set()
    await asyncio.sleep(0.05)
    assert backend.real is None and not gate.built
    assert "AttachToUser" not in [c.name for c in sim.commands]


async def test_stopped_before_running_never_builds(tmp_path: Path) -> None:
    gate = Gate(settings(tmp_path, f"[cti]\nlogin={LOGIN}\n"))
    backend = deferred_backend(gate.settings, gate.build)
    await backend.stop()
    await asyncio.wait_for(backend.run(), 1)
    assert not gate.entered.is_set()


async def test_a_cancelled_run_still_cancels(tmp_path: Path) -> None:
    gate = Gate(settings(tmp_path, f"[cti]\nlogin={LOGIN}\n"))
    backend = deferred_backend(gate.settings, gate.build)
    task = asyncio.ensure_future(backend.run())
    await gate.entered.wait()
    task.cancel()  # from outside, not by stop(): the cancellation is not swallowed
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_a_failed_build_is_shown_as_failed_and_raised(tmp_path: Path) -> None:
    async def broken() -> Backend:
        raise OSError("the keyring went away")

    backend = deferred_backend(settings(tmp_path, f"[cti]\nlogin={LOGIN}\n"), broken)
    session = Session(backend)
    with pytest.raises(OSError, match="keyring went away"):
        await backend.run()
    status = session.state.connection
    assert status.state is LinkState.FAILED
    assert status.reason == "OSError: the keyring went away"


async def test_what_the_stand_in_shows_comes_from_the_settings(tmp_path: Path) -> None:
    async def never() -> Backend:
        raise AssertionError("not built in this test")

    web = deferred_backend(
        settings(
            tmp_path,
            "[cti]\nurl=wss://user:pa55word@cti.example.com:8443/api\nlogin= ivanov \n"
            "phone=webphone\n",
        ),
        never,
    )
    assert web.login == "ivanov"
    assert web.status.server == "wss://cti.example.com:8443/api"  # no password shown
    assert web.capabilities == naumen_capabilities(PhoneKind.WEBPHONE)
    assert not web.capabilities.has(Feature.CONFERENCES)
    demo = deferred_backend(settings(tmp_path, "[cti]\nlogin=x\n", "demo"), never, server="")
    assert demo.status.server == ""
    name = next((n for n in registry.names() if n not in registry.implemented()), None)
    if name is not None:  # while some announced system is not built yet
        ini = f"[cti]\nbackend={name}\nlogin=x\n"
        other = deferred_backend(settings(tmp_path, ini, name), never)
        assert isinstance(other, UnavailableBackend)  # nothing to load: no stand-in
        assert other.status.problem is Problem.UNSUPPORTED
