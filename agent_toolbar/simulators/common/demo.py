"""The in-process simulator ``agent-toolbar --demo`` runs, and the settings that point at it.

Each system's ``demo`` module starts its simulator on a free loopback port and wraps it in a
:class:`SimulatorDemo`; the composition root reads :attr:`~SimulatorDemo.overrides` (for
this run only, never stored) and calls :meth:`~SimulatorDemo.stop` on quitting.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from agent_toolbar.simulators.common.lifecycle import SimulatorBase

__all__ = ["SimulatorDemo"]

S = TypeVar("S", bound=SimulatorBase)


class SimulatorDemo(Generic[S]):
    """A running in-process simulator and the settings that point the toolbar at it.

    Args:
        simulator: A started simulator.
        extra: Settings besides ``cti/url`` the toolbar needs for it.

    Attributes:
        simulator: The simulator.
        overrides: ``cti/url`` of the simulator (and ``extra``), for this run only.
    """

    def __init__(self, simulator: S, extra: Mapping[str, Any] | None = None) -> None:
        self.simulator = simulator
        self.overrides: Mapping[str, Any] = MappingProxyType(
            {"cti/url": simulator.url, **(extra or {})}
        )

    @property
    def url(self) -> str:
        """Where it listens."""
        return self.simulator.url

    async def stop(self) -> None:
        """Stop serving."""
        await self.simulator.stop()
