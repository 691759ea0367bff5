"""What the simulated server does by itself.

* ``idle`` — nothing: every call comes from the control API; nothing answers by itself.
* ``demo`` — a person-like pace for ``--demo`` and training rooms: called numbers answer after
  2.5 s; when an operator is ready with a free line, a customer calls after 4 s (one of a few
  named customers); a call the operator answered is ended by the customer after 40 s.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from agent_toolbar.simulators.oktell.model import CallState, SimError, SimTimings

if TYPE_CHECKING:
    from agent_toolbar.simulators.oktell.simulator import Simulator

__all__ = ["CUSTOMERS", "SCENARIOS", "default_timings", "run_scenario"]

log = logging.getLogger(__name__)

SCENARIOS = ("idle", "demo")

#: Customers the ``demo`` scenario rings with: (number, name).
CUSTOMERS = (
    ("+79161234567", "Козлов Олег Юрьевич"),
    ("+79035550102", "Смирнова Анна"),
    ("+74957771234", "ООО «Ромашка»"),
)

DEMO_RING_AFTER = 4.0
DEMO_TALK_FOR = 40.0


def default_timings(scenario: str) -> SimTimings:
    """The far side's pace a scenario implies."""
    return SimTimings.demo() if scenario == "demo" else SimTimings.manual()


async def run_scenario(name: str, sim: Simulator) -> None:
    """Run the scenario until the simulator stops."""
    if name != "demo":
        return
    turn = 0
    idle_since: dict[str, float] = {}
    connected_since: dict[str, float] = {}
    loop = asyncio.get_running_loop()
    while True:
        await asyncio.sleep(0.5)
        now = loop.time()
        for login in sim.logins():
            op = sim.world.get(login)
            if op.state == 1 and not op.live():
                start = idle_since.setdefault(login, now)
                if now - start >= DEMO_RING_AFTER:
                    number, who = CUSTOMERS[turn % len(CUSTOMERS)]
                    turn += 1
                    idle_since.pop(login, None)
                    try:
                        sim.inject_call(login, caller=number, display_name=who)
                    except SimError:
                        log.debug("demo: %s became busy", login)
            else:
                idle_since.pop(login, None)
            for call in op.live():
                if call.state is not CallState.CONNECTED:
                    continue
                since = connected_since.setdefault(call.commutation_id, now)
                if now - since >= DEMO_TALK_FOR:
                    connected_since.pop(call.commutation_id, None)
                    sim.end_call_remote(login, call.commutation_id)
