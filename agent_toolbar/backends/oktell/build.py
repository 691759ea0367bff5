"""Build the Oktell backend from the settings (imported only when it is built)."""

from __future__ import annotations

from agent_toolbar.backends.oktell.adapter import OktellBackend
from agent_toolbar.backends.oktell.api import ApiConfig, Sequence
from agent_toolbar.backends.spec import BuildContext, SettingsLike

__all__ = ["api_config", "build"]


def _text(settings: SettingsLike, key: str) -> str:
    return str(settings.get(key) or "").strip()


def api_config(settings: SettingsLike, password: str) -> ApiConfig:
    """The Web-API client configuration from the settings."""
    login = _text(settings, "cti/login")
    return ApiConfig(
        url=_text(settings, "cti/url"),
        login=login,
        password=password,
        auth_user=_text(settings, "cti/auth_user") or login,
        user_id=_text(settings, "oktell/user_id"),
        timeout=min(10.0, float(settings.get("cti/command_timeout") or 5.0)),
        ca_file=_text(settings, "cti/ca_file") or None,
    )


def build(ctx: BuildContext) -> OktellBackend:
    """The Oktell backend; the password is the keyring's ``oktell/password``."""
    settings = ctx.settings
    password = ctx.secrets.get("oktell/password") or ""
    sequence = Sequence.BACK if _text(settings, "oktell/sequence") == "back" else Sequence.DIRECT
    poll_ms = int(settings.get("oktell/poll_ms") or 1000)
    labels = _reason_labels(str(settings.get("reasons/labels") or ""))
    return OktellBackend(
        api_config(settings, password),
        interval=max(0.2, poll_ms / 1000),
        sequence=sequence,
        reason_labels=labels,
        allow_http=bool(settings.get("oktell/allow_http")),
    )


def _reason_labels(text: str) -> dict[str, str]:
    labels: dict[str, str] = {}
    for line in text.replace("\\n", "\n").splitlines():
        code, sep, label = line.partition("=")
        if sep and code.strip():
            labels[code.strip()] = label.strip()
    return labels
