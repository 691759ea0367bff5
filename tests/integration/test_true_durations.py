"""Issue 11 item 17: timers count from the server's times, so a restart does not reset them.

The real simulator stamps ``answerTime`` and ``UserState.time`` with its own clock; a toolbar
that attaches later (a restart, a reconnect) shows how long the call has really been going.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from agent_toolbar.cti.model import CallState
from agent_toolbar.simulators.naumen.scenarios import SimTimings
from agent_toolbar.simulators.naumen.simulator import Simulator

pytestmark = pytest.mark.asyncio
LOGIN = "operator"


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator("idle", timings=SimTimings.fast(), seed=3) as simulator:
        yield simulator


async def test_a_call_talking_before_the_restart_keeps_its_duration(
    sim: Simulator, attached: Any, talking: Any, until: Any
) -> None:
    async with attached(sim) as first:
        cid = await talking(sim, first)
    call = sim.world.get(LOGIN).calls[cid]
    assert call.answer_time is not None
    answered = call.answer_time / 1000
    op_since = sim.world.get(LOGIN).state_time / 1000
    await asyncio.sleep(0.25)  # the toolbar is away a while (closed, or the network was)
    before_restart = time.time()
    async with attached(sim) as restarted:
        state = await until(restarted, lambda s: cid in s.calls)
        shown = state.calls[cid]
        assert shown.state is CallState.CONNECTED
        assert shown.state_since == pytest.approx(answered, abs=0.002)
        assert shown.state_since < before_restart  # not "when the toolbar saw it"
        assert state.agent.display.since == pytest.approx(op_since, abs=0.002)


async def test_a_server_clock_an_hour_ahead_is_not_believed(
    sim: Simulator, attached: Any, talking: Any, until: Any
) -> None:
    sim.world._clock = lambda: time.time() + 3600  # the server's clock is an hour fast
    async with attached(sim) as first:
        cid = await talking(sim, first)
    async with attached(sim) as restarted:
        state = await until(restarted, lambda s: cid in s.calls)
        now = time.time()
        since = state.calls[cid].state_since
        assert since <= now  # never a negative duration
        assert since > now - 60  # nor an hour-long one
