"""The Naumen Contact Center CTI API in the backend registry.

Cheap to import: the wire messages, codec, client and websockets load only when
:func:`agent_toolbar.backends.naumen.build.build` runs.
"""

from __future__ import annotations

from agent_toolbar.backends.naumen.profile import naumen_capabilities, phone_kind
from agent_toolbar.backends.spec import BackendSpec, SettingsLike
from agent_toolbar.cti.capabilities import Capabilities
from agent_toolbar.cti.connection import LinkKind
from agent_toolbar.declarations import Kind, Setting, tr_noop

__all__ = ["SPEC"]


def _capabilities(settings: SettingsLike) -> Capabilities:
    return naumen_capabilities(phone_kind(settings.get("cti/phone")))


SPEC = BackendSpec(
    name="naumen",
    label=tr_noop("Naumen CTI API"),
    builder="agent_toolbar.backends.naumen.build:build",
    capabilities=_capabilities,
    settings=(
        Setting(
            "cti/phone",
            Kind.CHOICE,
            "softphone",
            tr_noop("Phone"),
            "server",
            ("softphone", "webphone"),
            help=tr_noop("The WebPhone has no conference commands"),
            choice_labels=(("softphone", tr_noop("SoftPhone")), ("webphone", tr_noop("WebPhone"))),
            reconnect=True,
            backend="naumen",
        ),
        Setting(
            "naumen/pms_project_param",
            Kind.STR,
            "ProjectId",
            tr_noop("Call parameter holding the project UUID"),
            "wrapup",
            help=tr_noop("Call results and callbacks go to the PMS of this project"),
            backend="naumen",
        ),
        Setting(
            "naumen/pms_timeout",
            Kind.INT,
            10,
            tr_noop("PMS request timeout, seconds"),
            "wrapup",
            minimum=1,
            maximum=300,
            backend="naumen",
        ),
    ),
    simulator="agent_toolbar.simulators.naumen.demo:start_demo",
    simulator_cli="agent_toolbar.simulators.naumen.cli",
    link=LinkKind.SESSION,
)
