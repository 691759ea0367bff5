"""Contract driver for the Naumen backend: the Naumen CTI simulator, in process."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agent_toolbar.simulators.naumen.simulator import Simulator


class NaumenDriver:
    """Rings, hangs up and drops connections through the simulator's own API."""

    def __init__(self, *, webphone: bool = False) -> None:
        self.login = "webop" if webphone else "operator"
        self.webphone = webphone
        self.sim = Simulator(
            operators=[self.login], webphone_logins=[self.login] if webphone else ()
        )
        self._cids: list[str] = []

    async def start(self) -> None:
        await self.sim.start("127.0.0.1", 0)

    async def stop(self) -> None:
        await self.sim.stop()

    def overrides(self) -> Mapping[str, Any]:
        phone = "webphone" if self.webphone else "softphone"
        return {"cti/url": self.sim.url, "cti/phone": phone}

    async def ring(self, caller: str, display_name: str) -> None:
        self._cids.append(
            self.sim.inject_call(self.login, caller=caller, display_name=display_name)
        )

    async def hang_up_far_end(self) -> None:
        self.sim.end_call_remote(self.login, self._cids[-1])

    async def drop_connections(self) -> None:
        await self.sim.drop_all_connections()


def make_driver() -> NaumenDriver:
    """The driver the contract suite uses for ``naumen`` (a SoftPhone)."""
    return NaumenDriver()


def make_variants() -> dict[str, NaumenDriver]:
    """More configurations to run the suite with: the WebPhone refuses conferences."""
    return {"webphone": NaumenDriver(webphone=True)}
