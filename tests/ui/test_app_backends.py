"""Which backend the app builds from the settings."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from agent_toolbar.backends import registry
from agent_toolbar.backends.naumen.adapter import NaumenBackend
from agent_toolbar.backends.naumen.profile import PhoneKind, naumen_capabilities
from agent_toolbar.backends.registry import UnavailableBackend, build_backend
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import CommandError, Feature, LinkState, Problem
from agent_toolbar.settings import Settings


def settings(tmp_path: Path, ini: str) -> Settings:
    (tmp_path / "u.ini").write_text(ini, encoding="utf-8")
    return Settings(user=tmp_path / "u.ini", system=tmp_path / "s.ini")


def test_naumen_from_the_settings(tmp_path: Path) -> None:
    s = settings(
        tmp_path,
        "[cti]\nurl=wss://cti.example.com/ws\nlogin=ivanov\ncommand_timeout=4.5\n"
        "ca_file=/etc/ssl/corp.pem\nphone=webphone\n",
    )
    backend = build_backend(s, {"Authorization": "Bearer t0ken-value"})
    assert isinstance(backend, NaumenBackend)
    config = backend.client.config
    assert (config.url, config.login, config.command_timeout) == (
        "wss://cti.example.com/ws",
        "ivanov",
        4.5,
    )
    assert config.ca_file == "/etc/ssl/corp.pem"
    assert dict(config.headers) == {"Authorization": "Bearer t0ken-value"}
    assert backend.capabilities == naumen_capabilities(PhoneKind.WEBPHONE)
    assert not backend.capabilities.has(Feature.CONFERENCES)


def test_overrides_reach_the_backend(tmp_path: Path) -> None:
    s = settings(tmp_path, "[cti]\nurl=ws://a:1\nlogin=a\n")
    s.override("cti/url", "ws://127.0.0.1:9")
    s.override("cti/login", "operator")
    backend = build_backend(s)
    assert isinstance(backend, NaumenBackend)
    assert (backend.client.config.url, backend.login) == ("ws://127.0.0.1:9", "operator")
    assert backend.client.config.ca_file is None


@pytest.mark.parametrize(
    "name", [n for n in registry.names() if n not in registry.implemented()]
)  # empty (skipped) once every announced system is built
@pytest.mark.asyncio
async def test_systems_not_built_yet_fail_politely(tmp_path: Path, name: str) -> None:
    backend = build_backend(settings(tmp_path, f"[cti]\nbackend={name}\nlogin=ivanov\n"))
    assert isinstance(backend, UnavailableBackend)
    assert backend.status.state is LinkState.FAILED
    assert backend.status.problem is Problem.UNSUPPORTED
    assert name in (backend.status.reason or "")
    seen: list[object] = []
    backend.subscribe(seen.append)
    with pytest.raises(CommandError):
        await backend.execute(it.Answer("c1"))
    task = asyncio.ensure_future(backend.run())
    await asyncio.sleep(0)
    assert len(seen) == 1  # the FAILED status, once
    await backend.stop()
    await asyncio.wait_for(task, 2)
