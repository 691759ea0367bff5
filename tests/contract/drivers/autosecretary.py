"""Contract driver for ``autosecretary``: the gateway in process and the fake platform."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agent_toolbar.simulators.autosecretary import EventType, FakePlatform, PlatformCall
from agent_toolbar.simulators.gateway_demo import OPERATOR, GatewayDemo, start_demo


class AutosecretaryDriver:
    """Rings by a platform call to the operator's destination, held before its ``Transfer``
    result (the card rings); the caller hangs up; drops the toolbars at the gateway."""

    caller_names = False  # CRMDData carries numbers only

    def __init__(self) -> None:
        self.login = OPERATOR[0]
        self.demo: GatewayDemo | None = None
        self.platform: FakePlatform | None = None
        self.calls: list[PlatformCall] = []

    async def start(self) -> None:
        self.demo = await start_demo("autosecretary", "quiet")
        auth = self.demo.config.autosecretary
        assert auth is not None
        self.platform = FakePlatform(
            self.demo.gateway.crm_base_url, auth.user, auth.password, poll_interval=0.05
        )
        assert (await self.platform.activate()).ok

    async def stop(self) -> None:
        if self.platform is not None:
            await self.platform.close()
        if self.demo is not None:
            await self.demo.stop()

    def overrides(self) -> Mapping[str, Any]:
        assert self.demo is not None
        return self.demo.overrides

    async def ring(self, caller: str, display_name: str) -> None:
        assert self.platform is not None
        call = self.platform.start_call(
            an=caller, dn=(OPERATOR[2],), talk=None, hold_before=EventType.TRANSFER
        )
        self.calls.append(call)
        await call.held()

    async def hang_up_far_end(self) -> None:
        call = self.calls[-1]
        call.release()
        await call.connected()
        call.caller_hangs_up()
        await call.ended()

    async def drop_connections(self) -> None:
        assert self.demo is not None
        self.demo.gateway.core.hub.close_all()


def make_driver() -> AutosecretaryDriver:
    """The driver the contract suite uses for ``autosecretary``."""
    return AutosecretaryDriver()
