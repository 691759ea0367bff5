"""Building the Vega backend from the settings, through the registry."""

from __future__ import annotations

from pathlib import Path

from agent_toolbar.backends import registry
from agent_toolbar.backends.vega.adapter import VegaBackend
from agent_toolbar.backends.vega.legs import CrmOrder
from agent_toolbar.cti.backend import Feature, LinkKind
from agent_toolbar.settings import Settings


def settings(tmp_path: Path, ini: str) -> Settings:
    (tmp_path / "user.ini").write_text(ini, encoding="utf-8")
    return Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")


def test_the_registry_builds_vega_from_its_settings(tmp_path: Path) -> None:
    s = settings(
        tmp_path,
        "[cti]\nbackend=vega\nurl=wss://pbx.example.ua/ws\nlogin=olena\nca_file=/etc/ca.pem\n"
        "proxy=http://proxy.example.ua:3128\n"
        "[vega]\nextension=101\ncrm_priority=highest\nexpire_after=12\n",
    )
    backend = registry.build_backend(s, headers={"Authorization": "Bearer t"})
    assert isinstance(backend, VegaBackend)
    config = backend.config
    assert (config.login, config.extension) == ("olena", "101")
    assert config.crm_order is CrmOrder.HIGHEST and config.expire_after == 12.0
    assert config.link.url == "wss://pbx.example.ua/ws" and config.link.ca_file == "/etc/ca.pem"
    assert dict(config.link.headers) == {"Authorization": "Bearer t"}
    assert config.link.proxy == "http://proxy.example.ua:3128"
    assert backend.identity.extension == "101" and backend.status.kind is LinkKind.STREAM
    assert backend.capabilities.features == frozenset()
    assert backend.capabilities.refusal(Feature.HOLD) is not None


def test_an_empty_extension_takes_the_login(tmp_path: Path) -> None:
    s = settings(tmp_path, "[cti]\nbackend=vega\nurl=ws://127.0.0.1:1\nlogin= 205 \n")
    backend = registry.build_backend(s)
    assert isinstance(backend, VegaBackend)
    assert (backend.login, backend.config.extension) == ("205", "205")
    assert backend.config.crm_order is CrmOrder.LOWEST and backend.config.expire_after == 30.0


def test_the_spec_declares_what_the_window_needs_before_building(tmp_path: Path) -> None:
    spec = registry.get("vega")
    assert spec is not None and spec.available and spec.link is LinkKind.STREAM
    caps = spec.capabilities(settings(tmp_path, ""))
    assert caps.state_read_only and not caps.wrapup and caps.state_choices == ()
    assert {d.key for d in spec.settings} == {
        "vega/extension",
        "vega/crm_priority",
        "vega/expire_after",
    }
    assert all(d.reconnect and d.backend == "vega" for d in spec.settings)
