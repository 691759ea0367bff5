"""Build the Naumen backend from the settings (imported only when it is built)."""

from __future__ import annotations

from collections.abc import Mapping

from agent_toolbar.backends.naumen.adapter import NaumenBackend
from agent_toolbar.backends.naumen.client import ClientConfig
from agent_toolbar.backends.naumen.profile import phone_kind
from agent_toolbar.backends.spec import BuildContext, SettingsLike

__all__ = ["build", "client_config"]


def client_config(settings: SettingsLike, headers: Mapping[str, str] | None = None) -> ClientConfig:
    """The Naumen client configuration from the settings."""
    ca_file = str(settings.get("cti/ca_file") or "").strip()
    proxy = str(settings.get("cti/proxy") or "").strip()
    return ClientConfig(
        url=str(settings.get("cti/url") or "").strip(),
        login=str(settings.get("cti/login") or "").strip(),
        command_timeout=float(settings.get("cti/command_timeout")),
        ca_file=ca_file or None,
        headers=dict(headers or {}),
        proxy=proxy or None,
    )


def build(ctx: BuildContext) -> NaumenBackend:
    """The Naumen backend for these settings."""
    config = client_config(ctx.settings, ctx.headers)
    return NaumenBackend(
        config,
        phone=phone_kind(ctx.settings.get("cti/phone")),
        project_param=str(ctx.settings.get("naumen/pms_project_param") or "ProjectId"),
        pms_timeout=float(ctx.settings.get("naumen/pms_timeout") or 10),
    )
