"""Build the gateway backend from the settings (imported only when it is built)."""

from __future__ import annotations

from agent_toolbar.backends.gateway.backend import GatewayBackend, GatewayOptions
from agent_toolbar.backends.gateway.channel import ChannelConfig
from agent_toolbar.backends.gateway.spec import TOKEN_KEYS, capabilities_for
from agent_toolbar.backends.spec import BuildContext, SettingsLike
from agent_toolbar.logs import register_secret

__all__ = ["build", "options"]


def options(settings: SettingsLike) -> GatewayOptions:
    """How the toolbar uses the gateway, from the settings."""
    system = str(settings.get("cti/backend"))
    prompt = str(settings.get("autosecretary/prompt") or "").strip()
    return GatewayOptions(
        system=system,
        capabilities=capabilities_for(system, prompt),
        record_transfers=bool(settings.get("autosecretary/record_transfers")),
        prompt=prompt,
        command_timeout=float(settings.get("cti/command_timeout")),
    )


def build(ctx: BuildContext) -> GatewayBackend:
    """The backend for ``cti/backend = webhook | autosecretary``.

    The token is the spec's secret setting: read from the keyring by the app
    (``ctx.secrets``), or set for this run only by ``--demo`` (an override, never stored).
    """
    settings = ctx.settings
    system = str(settings.get("cti/backend"))
    key = TOKEN_KEYS[system]
    token = ctx.secrets.get(key) or str(settings.get(key) or "")
    register_secret(token)  # masked in every log line, wherever it might appear
    channel = ChannelConfig(
        url=str(settings.get("cti/url") or "").strip(),
        login=str(settings.get("cti/login") or "").strip(),
        token=token,
        ca_file=str(settings.get("cti/ca_file") or "").strip(),
        open_timeout=float(settings.get("cti/command_timeout")),
    )
    return GatewayBackend(channel, options(settings))
