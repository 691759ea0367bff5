"""The Naumen simulator for ``agent-toolbar --demo`` (named by the Naumen ``BackendSpec``)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from agent_toolbar.simulators.naumen.simulator import Simulator

__all__ = ["NaumenDemo", "start_demo"]


class NaumenDemo:
    """A running in-process simulator and the settings that point the toolbar at it.

    Attributes:
        simulator: The simulator.
        overrides: ``cti/url`` of the simulator, for this run only.
    """

    def __init__(self, simulator: Simulator) -> None:
        """Wrap a started simulator."""
        self.simulator = simulator
        self.overrides: Mapping[str, Any] = MappingProxyType({"cti/url": simulator.url})

    @property
    def url(self) -> str:
        """Where it listens."""
        return self.simulator.url

    async def stop(self) -> None:
        """Stop serving."""
        await self.simulator.stop()


async def start_demo(scenario: str | None = None) -> NaumenDemo:
    """Start the simulator on a free loopback port (``scenario``: ``demo`` when None)."""
    simulator = Simulator(scenario=scenario or "demo")
    await simulator.start("127.0.0.1", 0)
    return NaumenDemo(simulator)
