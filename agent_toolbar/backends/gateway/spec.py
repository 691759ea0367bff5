"""The gateway's two phone systems in the backend registry: ``webhook`` and ``autosecretary``.

Both connect to ``agent-toolbar-gateway``'s toolbar channel (``cti/url =
wss://gateway/toolbar``, ``cti/login``, the operator's token from the keyring:
``webhook/token`` or ``autosecretary/token``, secret settings). Cheap to import: the
channel, websockets and the simulators load only when built or run.

* ``webhook``: the cloud PBX only *reports* calls — every call command is refused as
  events-only, and there is no operator state (read-only, nothing to show).
* ``autosecretary``: the platform takes routing instructions: "Transfer to…" (a
  consultation to a full number, a short number or a PBX number; with recording when
  ``autosecretary/record_transfers`` is on), "Return from consultation", "End call", and
  "Play prompt" when ``autosecretary/prompt`` names a recording. Nothing else (no answer,
  hold, mute, DTMF: the platform has no such commands); no operator state either.
"""

from __future__ import annotations

from types import MappingProxyType

from agent_toolbar.backends.spec import BackendSpec, SettingsLike
from agent_toolbar.cti.capabilities import (
    Capabilities,
    Feature,
    Refusal,
    RefusalKind,
    StateOptions,
)
from agent_toolbar.cti.connection import LinkKind
from agent_toolbar.declarations import Kind, Setting, tr_noop

__all__ = ["AUTOSECRETARY_FEATURES", "SPECS", "TOKEN_KEYS", "capabilities_for"]

# The secret setting holding the operator's toolbar token, per system.
TOKEN_KEYS = {"webhook": "webhook/token", "autosecretary": "autosecretary/token"}

# What the Autosecretary platform can be told to do (besides "Play prompt", if configured).
AUTOSECRETARY_FEATURES = frozenset(
    {Feature.TRANSFER_CONSULTATION, Feature.BREAK_TRANSFER, Feature.HANGUP}
)

_NO_STATES = StateOptions(choices=(), reasons=(), settable=False)


def capabilities_for(system: str, prompt: str = "") -> Capabilities:
    """Capabilities of ``webhook`` or ``autosecretary`` (``prompt``: the configured recording)."""
    if system == "webhook":
        return Capabilities(
            backend="webhook",
            features=frozenset(),
            refusals=MappingProxyType(dict.fromkeys(Feature, Refusal(RefusalKind.EVENTS_ONLY))),
            states=_NO_STATES,
            wrapup=False,
        )
    features = set(AUTOSECRETARY_FEATURES)
    refusals = {Feature.CHANGE_STATE: Refusal(RefusalKind.READ_ONLY)}
    if prompt.strip():
        features.add(Feature.PLAY_ANNOUNCEMENT)
    else:
        refusals[Feature.PLAY_ANNOUNCEMENT] = Refusal(RefusalKind.NOT_CONFIGURED)
    return Capabilities(
        backend="autosecretary",
        features=frozenset(features),
        refusals=MappingProxyType(refusals),
        states=_NO_STATES,
        wrapup=False,
    )


def _webhook(settings: SettingsLike) -> Capabilities:
    return capabilities_for("webhook")


def _autosecretary(settings: SettingsLike) -> Capabilities:
    return capabilities_for("autosecretary", str(settings.get("autosecretary/prompt") or ""))


def _token(system: str) -> Setting:
    return Setting(
        TOKEN_KEYS[system],
        Kind.STR,
        "",
        tr_noop("Gateway token"),
        "server",
        help=tr_noop("The operator's token from the gateway's tokens file (kept in the keyring)"),
        secret=True,
        reconnect=True,
        backend=system,
    )


SPECS = (
    BackendSpec(
        name="webhook",
        label=tr_noop("Webhook call events"),
        builder="agent_toolbar.backends.gateway.build:build",
        capabilities=_webhook,
        settings=(_token("webhook"),),
        simulator="agent_toolbar.simulators.gateway_demo:start_webhook_demo",
        simulator_cli="agent_toolbar.simulators.gateway_demo.webhook_cli",
        link=LinkKind.STREAM,
    ),
    BackendSpec(
        name="autosecretary",
        label=tr_noop("Autosecretary"),
        builder="agent_toolbar.backends.gateway.build:build",
        capabilities=_autosecretary,
        settings=(
            _token("autosecretary"),
            Setting(
                "autosecretary/record_transfers",
                Kind.BOOL,
                False,
                tr_noop("Record consultations"),
                "server",
                help=tr_noop("Transfers to full and PBX numbers are recorded"),
                backend="autosecretary",
            ),
            Setting(
                "autosecretary/prompt",
                Kind.STR,
                "",
                tr_noop("Prompt to play"),
                "server",
                help=tr_noop("A recording uploaded to the platform (file name, no extension)"),
                reconnect=True,
                backend="autosecretary",
            ),
        ),
        simulator="agent_toolbar.simulators.gateway_demo:start_autosecretary_demo",
        simulator_cli="agent_toolbar.simulators.gateway_demo.autosecretary_cli",
        link=LinkKind.STREAM,
    ),
)
