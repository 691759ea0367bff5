"""agent-toolbar-gateway: PBX webhooks and the Autosecretary CRM API, fanned out to toolbars.

A server (aiohttp, no Qt) that receives the cloud PBX's webhooks and the Autosecretary
platform's CRM API calls, routes each call to the operators it concerns, and sends each
operator's calls to that operator's toolbar over a WebSocket (:mod:`.wire` is the protocol).
Run it with ``agent-toolbar-gateway --config gateway.ini`` or in-process with
:class:`Gateway`.
"""

from agent_toolbar.gateway.config import AutosecretaryConfig, ConfigError, GatewayConfig, Operator
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
