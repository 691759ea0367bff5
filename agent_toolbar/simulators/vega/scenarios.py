"""What happens on the simulated Vega PBX without being asked.

* ``idle`` — nothing; calls come only from the control API.
* ``demo`` — for ``agent-toolbar --demo --backend vega`` and training: whenever a client
  connects, the operator's current state is sent (available, ``lgDirection`` 64, unless a
  pause episode is running: 32) so the toolbar does not start on "state unknown" — the real
  PBX sends no such snapshot, and the backend still says "unknown" until it hears one. Within
  ``first_call_delay`` of the first client connecting, a customer call to the support group
  is distributed to the operator (two CRMs know the caller, with different priorities),
  answered after ``answer_delay`` and ended after ``talk_time``. Then, every ``gap``, one
  of: another group call to the operator, a call to a colleague (never shown to the
  operator), a call taken by the IVR, a colleague's internal call to the operator, an
  outgoing call, an unknown caller (a "new client" link), a pause and its end, or an
  ``error`` event.

Everything is drawn from one random source (``seed`` reproduces a run).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from agent_toolbar.simulators.vega.calls import SimError

if TYPE_CHECKING:
    from agent_toolbar.simulators.vega.server import VegaSimulator

__all__ = ["SCENARIOS", "SimTimings", "run_scenario"]

#: The scenario names ``--scenario`` accepts.
SCENARIOS = ("idle", "demo")
_COLLEAGUE = "102"


@dataclass(frozen=True, slots=True)
class SimTimings:
    """Pacing of the ``demo`` scenario: ``(low, high)`` seconds, drawn uniformly."""

    first_call_delay: tuple[float, float] = (1.0, 2.0)
    answer_delay: tuple[float, float] = (3.0, 6.0)
    talk_time: tuple[float, float] = (20.0, 60.0)
    gap: tuple[float, float] = (10.0, 25.0)
    pause_time: tuple[float, float] = (10.0, 20.0)

    @classmethod
    def fast(cls) -> SimTimings:
        """Sub-second pacing for tests."""
        return cls((0.05, 0.1), (0.05, 0.1), (0.1, 0.2), (0.05, 0.1), (0.05, 0.1))


async def run_scenario(name: str, sim: VegaSimulator) -> None:
    """Run a scenario until cancelled."""
    if name not in SCENARIOS:
        raise ValueError(f"unknown scenario {name!r} (one of {', '.join(SCENARIOS)})")
    if name == "demo":
        await _demo(sim, random.Random(sim.seed))


async def _sleep(rng: random.Random, span: tuple[float, float]) -> None:
    await asyncio.sleep(rng.uniform(*span))


async def _greet(sim: VegaSimulator) -> None:
    """On every new client, the operator's state as the demo PBX last had it."""
    seen = 0
    while True:
        seen = await sim.next_connection(seen)
        sim.book.pause(sim.extension, sim.book.paused.get(sim.extension, False))


async def _demo(sim: VegaSimulator, rng: random.Random) -> None:
    sim.spawn(_greet(sim))
    while sim.clients == 0:
        await sim.wait_for_clients(1, timeout=3600.0)
    timings = sim.timings
    await _sleep(rng, timings.first_call_delay)
    await _group_call(sim, rng, customer=0)
    episodes = (_group_call, _colleague, _ivr, _internal, _outgoing, _unknown, _pause, _error)
    while True:
        await _sleep(rng, timings.gap)
        episode = rng.choice(episodes)
        with contextlib.suppress(SimError):  # a call ended by the control API meanwhile
            await episode(sim, rng)


async def _talk(sim: VegaSimulator, rng: random.Random, uuid: str) -> None:
    await _sleep(rng, sim.timings.answer_delay)
    sim.bridge(uuid)
    await _sleep(rng, sim.timings.talk_time)
    sim.hangup(uuid)


async def _group_call(sim: VegaSimulator, rng: random.Random, customer: int | None = None) -> None:
    who = rng.randrange(4) if customer is None else customer
    _parent, child = sim.group_call(sim.extension, customer=who, priorities=(2, 1))
    await _talk(sim, rng, child)


async def _colleague(sim: VegaSimulator, rng: random.Random) -> None:
    await _talk(sim, rng, sim.incoming_call(_COLLEAGUE, customer=rng.randrange(4)))


async def _ivr(sim: VegaSimulator, rng: random.Random) -> None:
    uuid = sim.ivr_call(customer=rng.randrange(4))
    await _sleep(rng, sim.timings.answer_delay)
    sim.hangup(uuid)


async def _internal(sim: VegaSimulator, rng: random.Random) -> None:
    await _talk(sim, rng, sim.internal_call(_COLLEAGUE, sim.extension))


async def _outgoing(sim: VegaSimulator, rng: random.Random) -> None:
    await _talk(sim, rng, sim.outgoing_call(sim.extension, customer=rng.randrange(4)))


async def _unknown(sim: VegaSimulator, rng: random.Random) -> None:
    await _talk(sim, rng, sim.incoming_call(sim.extension, customer=None, priorities=(1, 2)))


async def _pause(sim: VegaSimulator, rng: random.Random) -> None:
    sim.pause(sim.extension)
    await _sleep(rng, sim.timings.pause_time)
    sim.unpause(sim.extension)


async def _error(sim: VegaSimulator, rng: random.Random) -> None:
    sim.error("CRM недоступна: тайм-аут запиту")
