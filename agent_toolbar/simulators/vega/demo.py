"""The Vega PBX simulator for ``agent-toolbar --demo --backend vega`` (named by the Vega spec)."""

from __future__ import annotations

from agent_toolbar.simulators.common.demo import SimulatorDemo
from agent_toolbar.simulators.vega.server import VegaSimulator

__all__ = ["VegaDemo", "start_demo"]


class VegaDemo(SimulatorDemo[VegaSimulator]):
    """A running in-process simulator and the settings that point the toolbar at it.

    Attributes:
        simulator: The simulator.
        overrides: ``cti/url`` and ``vega/extension`` (the demo operator), for this run only.
    """

    def __init__(self, simulator: VegaSimulator) -> None:
        """Wrap a started simulator."""
        super().__init__(simulator, {"vega/extension": simulator.extension})


async def start_demo(scenario: str | None = None) -> VegaDemo:
    """Start the simulator on a free loopback port (``scenario``: ``demo`` when None)."""
    simulator = VegaSimulator(scenario or "demo")
    await simulator.start("127.0.0.1", 0)
    return VegaDemo(simulator)
