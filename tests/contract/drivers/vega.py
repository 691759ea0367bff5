"""Contract driver for the Vega PBX backend: the Vega simulator, in process.

A customer's call reaches the support group, which distributes it to the operator's
extension (a parent and a child call: one card); the customer hangs up; the network drops.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agent_toolbar.simulators.vega.data import Customer
from agent_toolbar.simulators.vega.server import VegaSimulator

EXTENSION = "101"


class VegaDriver:
    """Rings, hangs up and drops connections through the simulator's own API."""

    def __init__(self) -> None:
        self.login = "operator"
        self.sim = VegaSimulator()
        self._parents: list[str] = []

    async def start(self) -> None:
        await self.sim.start("127.0.0.1", 0)

    async def stop(self) -> None:
        await self.sim.stop()

    def overrides(self) -> Mapping[str, Any]:
        return {"cti/url": self.sim.url, "vega/extension": EXTENSION}

    async def ring(self, caller: str, display_name: str) -> None:
        customer = Customer(display_name, None, caller, ("c-1",))
        parent, _child = self.sim.group_call(EXTENSION, customer=customer)
        self._parents.append(parent)

    async def hang_up_far_end(self) -> None:
        self.sim.hangup(self._parents[-1])

    async def drop_connections(self) -> None:
        await self.sim.drop_all_connections()


def make_driver() -> VegaDriver:
    """The driver the contract suite uses for ``vega``."""
    return VegaDriver()
