"""The backend registry: what derives from it, and that building stays lazy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from agent_toolbar.backends import registry
from agent_toolbar.backends.naumen.spec import SPEC
from agent_toolbar.settings import BY_KEY, RECONNECT_KEYS
from agent_toolbar.simulators.cli import SIMULATORS

REPO = Path(__file__).resolve().parents[2]


def test_every_registered_system_is_a_cti_backend_choice_with_its_label() -> None:
    decl = BY_KEY["cti/backend"]
    assert decl.choices == registry.names()
    assert decl.choices[0] == registry.DEFAULT == "naumen"
    assert set(decl.choices) >= {"naumen", "oktell", "vega", "webhook", "autosecretary"}
    assert decl.choice_label("naumen") == SPEC.label
    assert registry.implemented() == {"naumen", "oktell", "vega", "webhook", "autosecretary"}


def test_a_systems_own_settings_are_declared_with_it_and_force_a_reconnect() -> None:
    phone = BY_KEY["cti/phone"]
    assert phone.backend == "naumen" and phone in SPEC.settings
    assert {"cti/phone", "cti/url", "cti/backend", "cti/login"} <= RECONNECT_KEYS
    assert "ui/theme" not in RECONNECT_KEYS


def test_simulators_come_from_the_registry() -> None:
    assert SIMULATORS == {
        "naumen": "agent_toolbar.simulators.naumen.cli",
        "oktell": "agent_toolbar.simulators.oktell.cli",
        "vega": "agent_toolbar.simulators.vega.cli",
        "webhook": "agent_toolbar.simulators.gateway_demo.webhook_cli",
        "autosecretary": "agent_toolbar.simulators.gateway_demo.autosecretary_cli",
    }
    assert SPEC.simulator == "agent_toolbar.simulators.naumen.demo:start_demo"


def test_reading_the_registry_loads_no_backend_code() -> None:
    probe = (
        "import sys; from agent_toolbar.backends import registry; registry.specs(); "
        "heavy = [m for m in sys.modules if m.startswith(('websockets', "
        "'agent_toolbar.backends.naumen.messages', 'agent_toolbar.backends.naumen.client', "
        "'aiohttp', 'agent_toolbar.backends.oktell.api', "
        "'agent_toolbar.simulators'))]; print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
