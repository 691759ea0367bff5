"""Contract driver for ``webhook``: the gateway in process and the fake cloud PBX POSTing to it."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from agent_toolbar.simulators.gateway_demo import OPERATOR, GatewayDemo, start_demo
from agent_toolbar.simulators.pbx_webhooks import FakePbx, FlowFactory, Post


class WebhookDriver:
    """Rings through the PBX's hooks (``CreateIncCall``, ``AttemptIncCallBegin``); ends by
    ``ChangeIncCall`` + ``EndIncCall``; drops the toolbars at the gateway."""

    caller_names = False  # the PBX's hooks carry numbers only

    def __init__(self) -> None:
        self.login = OPERATOR[0]
        self.demo: GatewayDemo | None = None
        self.pbx: FakePbx | None = None
        self.factory = FlowFactory(seed=3)
        self._rest: list[tuple[Post, ...]] = []

    async def start(self) -> None:
        self.demo = await start_demo("webhook", "quiet")
        self.pbx = FakePbx(self.demo.gateway.webhook_url)

    async def stop(self) -> None:
        if self.pbx is not None:
            await self.pbx.close()
        if self.demo is not None:
            await self.demo.stop()

    def overrides(self) -> Mapping[str, Any]:
        assert self.demo is not None
        return self.demo.overrides

    async def _post(self, steps: list[tuple[Post, ...]]) -> None:
        assert self.pbx is not None
        for step in steps:
            answers = await asyncio.gather(*(self.pbx.post(post) for post in step))
            assert all(a.ok for a in answers), answers

    async def ring(self, caller: str, display_name: str) -> None:
        flow = self.factory.incoming([OPERATOR[1]], answered_by=0, caller=caller)
        steps = list(flow.steps)
        await self._post(steps[:2])  # CreateIncCall, AttemptIncCallBegin: it rings
        self._rest = steps[2:]

    async def hang_up_far_end(self) -> None:
        await self._post(self._rest)  # ChangeIncCall, EndIncCall
        self._rest = []

    async def drop_connections(self) -> None:
        assert self.demo is not None
        self.demo.gateway.core.hub.close_all()


def make_driver() -> WebhookDriver:
    """The driver the contract suite uses for ``webhook``."""
    return WebhookDriver()
