"""The Naumen simulator for ``agent-toolbar --demo`` (named by the Naumen ``BackendSpec``)."""

from __future__ import annotations

from agent_toolbar.simulators.common.demo import SimulatorDemo
from agent_toolbar.simulators.naumen.simulator import Simulator

__all__ = ["NaumenDemo", "start_demo"]


class NaumenDemo(SimulatorDemo[Simulator]):
    """A running in-process simulator and the settings that point the toolbar at it.

    Attributes:
        simulator: The simulator.
        overrides: ``cti/url`` of the simulator, for this run only.
    """


async def start_demo(scenario: str | None = None) -> NaumenDemo:
    """Start the simulator on a free loopback port (``scenario``: ``demo`` when None)."""
    simulator = Simulator(scenario=scenario or "demo")
    await simulator.start("127.0.0.1", 0)
    return NaumenDemo(simulator)
