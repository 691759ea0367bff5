"""The Vega PBX simulator for ``agent-toolbar --demo --backend vega`` (named by the Vega spec)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from agent_toolbar.simulators.vega.server import VegaSimulator

__all__ = ["VegaDemo", "start_demo"]


class VegaDemo:
    """A running in-process simulator and the settings that point the toolbar at it.

    Attributes:
        simulator: The simulator.
        overrides: ``cti/url`` and ``vega/extension`` (the demo operator), for this run only.
    """

    def __init__(self, simulator: VegaSimulator) -> None:
        """Wrap a started simulator."""
        self.simulator = simulator
        self.overrides: Mapping[str, Any] = MappingProxyType(
            {"cti/url": simulator.url, "vega/extension": simulator.extension}
        )

    @property
    def url(self) -> str:
        """Where it listens."""
        return self.simulator.url

    async def stop(self) -> None:
        """Stop serving."""
        await self.simulator.stop()


async def start_demo(scenario: str | None = None) -> VegaDemo:
    """Start the simulator on a free loopback port (``scenario``: ``demo`` when None)."""
    simulator = VegaSimulator(scenario or "demo")
    await simulator.start("127.0.0.1", 0)
    return VegaDemo(simulator)
