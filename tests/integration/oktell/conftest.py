"""Fixtures for the Oktell tests: the real simulator on loopback and a real client of it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import pytest_asyncio

from agent_toolbar.backends.oktell.api import ApiConfig, OktellApi
from agent_toolbar.backends.oktell.diff import Change, Differ
from agent_toolbar.backends.oktell.poller import Poller, PollStatus
from agent_toolbar.simulators.oktell import Simulator

LOGIN = "operator"
PASSWORD = "oktell"


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(seed=12) as simulator:
        yield simulator


@pytest_asyncio.fixture
async def api(sim: Simulator) -> AsyncIterator[OktellApi]:
    async with OktellApi(ApiConfig(url=sim.url, login=LOGIN, password=PASSWORD)) as client:
        yield client


class Recorder:
    """Collects a poller's changes and statuses; a test can wait for either."""

    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.statuses: list[PollStatus] = []
        self._event = asyncio.Event()

    def on_changes(self, changes: list[Change]) -> None:
        self.changes.extend(changes)
        self._event.set()

    def on_status(self, status: PollStatus) -> None:
        self.statuses.append(status)
        self._event.set()

    def of(self, kind: type[Any]) -> list[Any]:
        return [c for c in self.changes if isinstance(c, kind)]

    async def wait(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        async def waiter() -> None:
            while not predicate():
                self._event.clear()
                await self._event.wait()

        await asyncio.wait_for(waiter(), timeout)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest_asyncio.fixture
async def make_poller(api: OktellApi, recorder: Recorder) -> AsyncIterator[Callable[..., Poller]]:
    """Build pollers on the ``api`` client; every one is stopped at the end."""
    pollers: list[Poller] = []

    def make(**options: Any) -> Poller:
        poller = Poller(
            options.pop("client", api),
            options.pop("differ", Differ(LOGIN)),
            on_changes=recorder.on_changes,
            on_status=recorder.on_status,
            **options,
        )
        pollers.append(poller)
        return poller

    yield make
    for poller in pollers:
        await poller.stop()
