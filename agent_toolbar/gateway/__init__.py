"""agent-toolbar-gateway: PBX webhooks and the Autosecretary CRM API, fanned out to toolbars.

A server (aiohttp, no Qt) that receives the cloud PBX's webhooks and the Autosecretary
platform's CRM API calls, routes each call to the operators it concerns, and sends each
operator's calls to that operator's toolbar over a WebSocket (:mod:`.wire` is the protocol).
Run it with ``agent-toolbar-gateway --config gateway.ini`` or in-process with
:class:`Gateway`.

The names below load on first use, so the toolbar's client can import :mod:`.wire` (standard
library only) without the server and aiohttp.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent_toolbar.gateway.config import (
        AutosecretaryConfig,
        ConfigError,
        GatewayConfig,
        Operator,
    )
    from agent_toolbar.gateway.demo import demo_config
    from agent_toolbar.gateway.server import Gateway

__all__ = [
    "AutosecretaryConfig",
    "ConfigError",
    "Gateway",
    "GatewayConfig",
    "Operator",
    "demo_config",
]

_HOMES = {
    "AutosecretaryConfig": "config",
    "ConfigError": "config",
    "GatewayConfig": "config",
    "Operator": "config",
    "demo_config": "demo",
    "Gateway": "server",
}


def __getattr__(name: str) -> Any:
    """Import a public name's module when it is first used."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
