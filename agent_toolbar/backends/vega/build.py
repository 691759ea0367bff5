"""Build the Vega PBX backend from the settings (imported only when it is built).

Reading: the toolbar always has a login (``cti/login``, asked for at start); Vega knows
operators only by extension, so an empty ``vega/extension`` takes the login as the
extension (an operator typing their extension at the login prompt is then recognised).
"""

from __future__ import annotations

from agent_toolbar.backends.spec import BuildContext, SettingsLike
from agent_toolbar.backends.vega.adapter import VegaBackend, VegaConfig
from agent_toolbar.backends.vega.legs import CrmOrder
from agent_toolbar.backends.vega.link import LinkConfig

__all__ = ["build", "vega_config"]


def vega_config(settings: SettingsLike, headers: dict[str, str] | None = None) -> VegaConfig:
    """The backend's configuration from the settings."""
    login = str(settings.get("cti/login") or "").strip()
    extension = str(settings.get("vega/extension") or "").strip() or login
    order = str(settings.get("vega/crm_priority") or "lowest").strip().lower()
    ca_file = str(settings.get("cti/ca_file") or "").strip()
    proxy = str(settings.get("cti/proxy") or "").strip()
    return VegaConfig(
        link=LinkConfig(
            url=str(settings.get("cti/url") or "").strip(),
            headers=dict(headers or {}),
            ca_file=ca_file or None,
            proxy=proxy or None,
        ),
        login=login or extension,
        extension=extension,
        crm_order=CrmOrder.HIGHEST if order == "highest" else CrmOrder.LOWEST,
        expire_after=float(settings.get("vega/expire_after") or 30.0),
    )


def build(ctx: BuildContext) -> VegaBackend:
    """The Vega backend for these settings."""
    return VegaBackend(vega_config(ctx.settings, dict(ctx.headers)))
