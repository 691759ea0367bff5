"""The Vega PBX in the backend registry (cheap to import: nothing of the client loads here).

Vega pushes call events and takes no commands: every call feature is refused as
"events only", and the operator's pause state is shown read-only.
"""

from __future__ import annotations

from agent_toolbar.backends.spec import BackendSpec, SettingsLike
from agent_toolbar.cti.capabilities import (
    ALL_FEATURES,
    Capabilities,
    Feature,
    Refusal,
    RefusalKind,
    StateOptions,
)
from agent_toolbar.cti.connection import LinkKind
from agent_toolbar.declarations import Kind, Setting, tr_noop

__all__ = ["CAPABILITIES", "SPEC", "vega_capabilities"]

_EVENTS_ONLY = Refusal(RefusalKind.EVENTS_ONLY)

#: What the toolbar can do on Vega: nothing but show what the PBX reports.
CAPABILITIES = Capabilities(
    backend="vega",
    features=frozenset(),
    refusals={
        **{feature: _EVENTS_ONLY for feature in ALL_FEATURES},
        Feature.CHANGE_STATE: Refusal(RefusalKind.READ_ONLY),
    },
    states=StateOptions(choices=("normal", "away"), settable=False),
    wrapup=False,
)


def vega_capabilities(settings: SettingsLike) -> Capabilities:
    """The same whatever the settings: Vega reports, it takes no commands."""
    del settings
    return CAPABILITIES


SPEC = BackendSpec(
    name="vega",
    label=tr_noop("Vega PBX"),
    builder="agent_toolbar.backends.vega.build:build",
    capabilities=vega_capabilities,
    settings=(
        Setting(
            "vega/extension",
            Kind.STR,
            "",
            tr_noop("Your extension"),
            "server",
            help=tr_noop("The PBX's calls for this extension are yours (empty: the login)"),
            reconnect=True,
            backend="vega",
        ),
        Setting(
            "vega/crm_priority",
            Kind.CHOICE,
            "lowest",
            tr_noop("CRM priority"),
            "server",
            ("lowest", "highest"),
            help=tr_noop("Which CRM answer is shown and opened when several know the caller"),
            choice_labels=(
                ("lowest", tr_noop("Lowest number first")),
                ("highest", tr_noop("Highest number first")),
            ),
            reconnect=True,
            backend="vega",
        ),
        Setting(
            "vega/expire_after",
            Kind.FLOAT,
            30.0,
            tr_noop("Close silent calls after a reconnect, seconds"),
            "server",
            help=tr_noop("The PBX sends no call list: calls not heard of again are closed"),
            minimum=1.0,
            maximum=3600.0,
            reconnect=True,
            backend="vega",
        ),
    ),
    simulator="agent_toolbar.simulators.vega.demo:start_demo",
    simulator_cli="agent_toolbar.simulators.vega.cli",
    link=LinkKind.STREAM,
)
