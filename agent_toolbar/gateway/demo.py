"""A gateway configuration for one desk on loopback (``agent-toolbar --demo``, tests, bench).

:func:`demo_config` makes fresh random secrets for the webhook, the CRM API and each
operator's toolbar, binds 127.0.0.1 on a free port and enables both systems, so an in-process
gateway needs nothing from disk::

    config = demo_config({"operator": ("0052002651", "2651")})
    async with Gateway(config) as gw:
        token = config.toolbar_tokens["operator"]
        ...  # connect the toolbar to gw.toolbar_url with (login, token);
             # point the fake PBX at gw.webhook_url and the fake platform at gw.crm_base_url
             # with config.autosecretary.user / .password
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from agent_toolbar.gateway.config import AutosecretaryConfig, GatewayConfig, Operator

__all__ = ["demo_config"]


def demo_config(operators: Mapping[str, tuple[str, str]], **overrides: Any) -> GatewayConfig:
    """A loopback config for ``operators`` (login → (numbers, extensions), comma-separated).

    ``overrides`` sets any other :class:`GatewayConfig` field (``heartbeat_seconds`` …).
    """
    values: dict[str, Any] = {
        "operators": tuple(Operator.of(login, n, e) for login, (n, e) in operators.items()),
        "toolbar_tokens": {login: secrets.token_urlsafe(24) for login in operators},
        "webhook_token": secrets.token_urlsafe(24),
        "autosecretary": AutosecretaryConfig("autosecretary", secrets.token_urlsafe(18), "/crm"),
        "host": "127.0.0.1",
        "port": 0,
    }
    values.update(overrides)
    return GatewayConfig(**values)
