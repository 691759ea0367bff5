"""The toolbar's gateway backend against the real gateway on 127.0.0.1:0 and its fakes.

* ``demo``: the ``--demo`` gateway (quiet: no scripted calls) — the demo operator
  ``operator`` (PBX ``0052002651``, destination ``79160002651``, short ``2651``) and
  ``colleague`` (``0052002642`` / ``79160002642`` / ``2642``).
* ``toolbar``: ``tb = await toolbar("webhook", "operator")`` builds the backend through the
  registry from real Settings, as the app does, runs it under a real Session and waits until
  it listens; ``tb.transitions`` collects what the UI would see; ``token=`` overrides the
  token (a wrong one).
* ``pbx`` / ``platform``: the fake cloud PBX and the activated fake platform (polls every
  50 ms) towards the demo gateway.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest_asyncio

from agent_toolbar.backends import registry
from agent_toolbar.cti.model import SessionState
from agent_toolbar.cti.session import Session
from agent_toolbar.cti.transitions import Transition
from agent_toolbar.settings import Settings
from agent_toolbar.simulators.autosecretary import FakePlatform
from agent_toolbar.simulators.gateway_demo import GatewayDemo, start_demo
from agent_toolbar.simulators.pbx_webhooks import FakePbx

WAIT = 10.0


async def until(
    session: Session, predicate: Callable[[SessionState], Any], timeout: float = WAIT
) -> SessionState:
    """Wait until ``predicate(session.state)``; fail with the last state after ``timeout``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate(session.state):
        if loop.time() > deadline:
            raise AssertionError(f"not reached in {timeout} s; last: {session.state!r:.2000}")
        await asyncio.sleep(0.01)
    return session.state


class Toolbar:
    """One operator's toolbar core: backend from the registry, a session, its transitions."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.transitions: list[Transition] = []
        session.subscribe(lambda _old, _new, changes: self.transitions.extend(changes))
        self.task = asyncio.ensure_future(session.backend.run())

    @property
    def state(self) -> SessionState:
        return self.session.state

    async def until(self, predicate: Callable[[SessionState], Any], timeout: float = WAIT) -> Any:
        return await until(self.session, predicate, timeout)

    def of(self, kind: type[Transition]) -> list[Any]:
        return [t for t in self.transitions if isinstance(t, kind)]

    async def close(self) -> None:
        await self.session.backend.stop()
        await asyncio.wait_for(self.task, WAIT)
        await self.session.close()


@pytest_asyncio.fixture
async def demo() -> AsyncIterator[GatewayDemo]:
    started = await start_demo("webhook", "quiet")
    try:
        yield started
    finally:
        await started.stop()


@pytest_asyncio.fixture
async def toolbar(
    demo: GatewayDemo, tmp_path: Path
) -> AsyncIterator[Callable[..., Awaitable[Toolbar]]]:
    made: list[Toolbar] = []

    async def make(
        system: str, login: str, *, token: str | None = None, wait: bool = True, **more: Any
    ) -> Toolbar:
        folder = tmp_path / f"{system}-{login}-{len(made)}"
        folder.mkdir()
        settings = Settings(user=folder / "user.ini", system=folder / "system.ini")
        settings.override("cti/backend", system)
        settings.override("cti/url", demo.gateway.toolbar_url)
        settings.override("cti/login", login)
        for key, value in more.items():
            settings.override(key.replace("__", "/"), value)
        key = f"{system}/token"
        secret = demo.config.toolbar_tokens[login] if token is None else token
        tb = Toolbar(Session(registry.build_backend(settings, secrets={key: secret})))
        made.append(tb)
        if wait:
            await tb.until(lambda s: s.connection.up)
        return tb

    try:
        yield make
    finally:
        for tb in made:
            await tb.close()


@pytest_asyncio.fixture
async def pbx(demo: GatewayDemo) -> AsyncIterator[FakePbx]:
    async with FakePbx(demo.gateway.webhook_url) as fake:
        yield fake


@pytest_asyncio.fixture
async def platform(demo: GatewayDemo) -> AsyncIterator[FakePlatform]:
    auth = demo.config.autosecretary
    assert auth is not None
    async with FakePlatform(
        demo.gateway.crm_base_url, auth.user, auth.password, poll_interval=0.05
    ) as fake:
        assert (await fake.activate()).ok
        yield fake
