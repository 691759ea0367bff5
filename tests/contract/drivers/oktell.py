"""Contract driver for the Oktell backend: the Oktell Web-API simulator, in process."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agent_toolbar.simulators.oktell import Simulator


class OktellDriver:
    """Rings, hangs up and takes the server away through the simulator's own API.

    The password reaches the backend as the registry passes secrets: the suite builds from
    settings only, so the simulator lets the login in with an empty password (as ``--demo``).
    """

    def __init__(self) -> None:
        self.login = "operator"
        self.sim = Simulator(accept_empty_password=True)
        self._ids: list[str] = []

    async def start(self) -> None:
        await self.sim.start("127.0.0.1", 0)

    async def stop(self) -> None:
        await self.sim.stop()

    def overrides(self) -> Mapping[str, Any]:
        return {"cti/url": self.sim.url, "oktell/poll_ms": 200}

    async def ring(self, caller: str, display_name: str) -> None:
        self._ids.append(self.sim.inject_call(self.login, caller=caller, display_name=display_name))

    async def hang_up_far_end(self) -> None:
        self.sim.end_call_remote(self.login, self._ids[-1])

    async def drop_connections(self) -> None:
        # HTTP has no standing connection to cut: the server goes away for a moment
        self.sim.refuse_connections(1.5)
        await self.sim.drop_connections()


def make_driver() -> OktellDriver:
    """The driver the contract suite uses for ``oktell``."""
    return OktellDriver()
