"""``--demo`` for the gateway's systems: the gateway in-process, its fake PBX or platform.

``agent-toolbar --demo --backend webhook`` (or ``autosecretary``) needs no server: the spec's
``simulator`` starts :class:`GatewayDemo` — ``agent-toolbar-gateway`` on 127.0.0.1 (a free
port, fresh random secrets, :func:`agent_toolbar.gateway.demo_config`) with one demo operator
(login ``operator``, PBX number ``0052002651``, Autosecretary destination ``79160002651`` and
short number ``2651``) and a colleague (``0052002642`` / ``79160002642`` / ``2642``) — and
the fake that drives calls for them (:mod:`.scripts`), over real loopback HTTP:

* ``webhook``: the fake cloud PBX rings both operators in turn with calls the operator
  answers, a colleague answers (answered elsewhere), nobody answers (missed), and an outgoing
  call, a few seconds per step;
* ``autosecretary``: the fake platform (activation test first, polls every second) calls the
  operator every so often; the operator's "Transfer to…", "Return from consultation", "End
  call" reach it as the real platform's would.

Its ``overrides`` point the toolbar at it for this run only: ``cti/url``, ``cti/login``
(the demo operator) and the token (the spec's secret setting, never stored).
``scenario`` ``quiet`` starts the gateway without driving calls (tests drive their own).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from agent_toolbar.gateway.config import GatewayConfig
from agent_toolbar.gateway.demo import demo_config
from agent_toolbar.gateway.server import Gateway

__all__ = [
    "COLLEAGUE",
    "OPERATOR",
    "GatewayDemo",
    "start_autosecretary_demo",
    "start_demo",
    "start_webhook_demo",
]

log = logging.getLogger(__name__)

#: login -> (PBX employee number, Autosecretary destination number, short number)
OPERATOR = ("operator", "0052002651", "79160002651", "2651")
COLLEAGUE = ("colleague", "0052002642", "79160002642", "2642")

TOKEN_KEYS = {"webhook": "webhook/token", "autosecretary": "autosecretary/token"}


def config_for(**overrides: Any) -> GatewayConfig:
    """The demo gateway's configuration (both operators, both systems)."""
    operators = {login: (f"{pbx},{dest}", ext) for login, pbx, dest, ext in (OPERATOR, COLLEAGUE)}
    return demo_config(operators, **overrides)


class GatewayDemo:
    """A running in-process gateway, the fake driving it, and the settings for the toolbar.

    Attributes:
        system: ``webhook`` or ``autosecretary``.
        gateway: The gateway (``gateway.webhook_url``, ``gateway.crm_base_url`` …).
        config: Its configuration (tokens, the CRM API's credentials).
        overrides: ``cti/url``, ``cti/login`` and the token, for this run only.
    """

    def __init__(self, system: str, gateway: Gateway, config: GatewayConfig) -> None:
        """Wrap a started gateway."""
        self.system = system
        self.gateway = gateway
        self.config = config
        login = OPERATOR[0]
        self.overrides: Mapping[str, Any] = MappingProxyType(
            {
                "cti/url": gateway.toolbar_url,
                "cti/login": login,
                TOKEN_KEYS[system]: config.toolbar_tokens[login],
            }
        )
        self._driver: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        """Where the toolbar channel listens."""
        return str(self.gateway.toolbar_url)

    def drive(self, scenario: str | None) -> None:
        """Start the fake's call script (``quiet``: none)."""
        if scenario == "quiet":
            return
        from agent_toolbar.simulators.gateway_demo import scripts

        run = scripts.webhook_loop if self.system == "webhook" else scripts.autosecretary_loop
        self._driver = asyncio.ensure_future(run(self))

    async def stop(self) -> None:
        """Stop the calls and the gateway."""
        if self._driver is not None:
            self._driver.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._driver
        await self.gateway.stop()


async def start_demo(system: str, scenario: str | None = None) -> GatewayDemo:
    """Start the gateway on a free loopback port and the fake calling for ``system``."""
    config = config_for()
    gateway = Gateway(config)
    await gateway.start()
    demo = GatewayDemo(system, gateway, config)
    demo.drive(scenario)
    log.info("demo gateway for %s on %s", system, gateway.url)
    return demo


async def start_webhook_demo(scenario: str | None = None) -> GatewayDemo:
    """``--demo --backend webhook``."""
    return await start_demo("webhook", scenario)


async def start_autosecretary_demo(scenario: str | None = None) -> GatewayDemo:
    """``--demo --backend autosecretary``."""
    return await start_demo("autosecretary", scenario)
