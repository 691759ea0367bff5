"""The calls ``--demo`` plays through the gateway, one after another, until stopped.

Webhooks (the fake cloud PBX, parallel ringing to the demo operator and a colleague): a call
the operator answers, one the colleague answers (answered elsewhere), one nobody answers
(missed), an outgoing call of the operator's — each step a few seconds after the last.

Autosecretary (the fake platform, after its activation test): a caller reaches the operator's
destination number, it rings a few seconds, the operator talks until the caller hangs up (or
until the operator's own "End call" / "Transfer to…" take effect); then the next caller.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from typing import TYPE_CHECKING

from agent_toolbar.simulators.autosecretary import EventType, FakePlatform
from agent_toolbar.simulators.pbx_webhooks import FakePbx, FlowFactory

if TYPE_CHECKING:
    from agent_toolbar.simulators.gateway_demo import GatewayDemo

__all__ = ["CALLERS", "autosecretary_loop", "webhook_loop"]

log = logging.getLogger(__name__)

#: Sample callers (mobile numbers as the PBX and the platform send them).
CALLERS = ("9582412128", "9161234567", "9035557788", "9267001122")

STEP = 4.0  # seconds between a webhook call's steps
GAP = 6.0  # seconds between calls
RING = 6.0  # seconds an Autosecretary call rings before it connects
TALK = 40.0  # seconds of an Autosecretary conversation (unless the operator acts first)


async def webhook_loop(demo: GatewayDemo, *, step: float = STEP, gap: float = GAP) -> None:
    """Play the webhook calls in a loop."""
    from agent_toolbar.simulators.gateway_demo import COLLEAGUE, OPERATOR

    me, colleague = OPERATOR[1], COLLEAGUE[1]
    factory = FlowFactory(seed=1)
    async with FakePbx(demo.gateway.webhook_url, pause=step) as pbx:
        for turn in itertools.count():
            caller = CALLERS[turn % len(CALLERS)]
            kind = turn % 4
            if kind == 0:
                flow = factory.incoming([me, colleague], answered_by=0, caller=caller)
            elif kind == 1:
                flow = factory.incoming([me, colleague], answered_by=1, caller=caller)
            elif kind == 2:
                flow = factory.incoming([me, colleague], answered_by=None, caller=caller)
            else:
                flow = factory.outgoing(me, "8" + caller)
            run = await pbx.run_flow(flow)
            if not run.all_ok:
                log.warning("demo PBX: the gateway refused %s", run.statuses)
            await asyncio.sleep(gap)


async def autosecretary_loop(
    demo: GatewayDemo,
    *,
    ring: float = RING,
    talk: float = TALK,
    gap: float = GAP,
    poll_interval: float = 1.0,
) -> None:
    """Play Autosecretary calls to the demo operator in a loop."""
    from agent_toolbar.simulators.gateway_demo import OPERATOR

    auth = demo.config.autosecretary
    assert auth is not None, "the demo config enables the CRM API"
    async with FakePlatform(
        demo.gateway.crm_base_url, auth.user, auth.password, poll_interval=poll_interval
    ) as platform:
        activation = await platform.activate()
        if not activation.ok:
            log.error("demo platform: the activation test failed: %s", activation.reasons)
            return
        for turn in itertools.count():
            caller = "7" + CALLERS[turn % len(CALLERS)]
            call = platform.start_call(
                an=caller, dn=(OPERATOR[2],), talk=talk, hold_before=EventType.TRANSFER
            )
            await call.held()
            await asyncio.sleep(ring)
            call.release()
            await call.ended()
            await asyncio.sleep(gap)
