"""The Oktell simulator for ``agent-toolbar --demo --backend oktell`` (named by its spec)."""

from __future__ import annotations

from agent_toolbar.simulators.common.demo import SimulatorDemo
from agent_toolbar.simulators.oktell.simulator import Simulator

__all__ = ["OktellDemo", "start_demo"]


class OktellDemo(SimulatorDemo[Simulator]):
    """A running in-process simulator and the settings that point the toolbar at it.

    Attributes:
        simulator: The simulator.
        overrides: ``cti/url`` for this run. The demo simulator lets the login in with an
            empty password (the keyring has none for it); a wrong one is still refused.
    """


async def start_demo(scenario: str | None = None) -> OktellDemo:
    """Start the simulator on a free loopback port (``scenario``: ``demo`` when None)."""
    simulator = Simulator(scenario or "demo", accept_empty_password=True)
    await simulator.start("127.0.0.1", 0)
    return OktellDemo(simulator)
