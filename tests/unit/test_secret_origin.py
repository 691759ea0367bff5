"""Issue 11 item 1: a secret is bound to its server's origin and never sent to another one."""

from __future__ import annotations

import asyncio
import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from websockets.asyncio.server import ServerConnection, serve
from websockets.http11 import Request, Response
from websockets.typing import Subprotocol

from agent_toolbar import credentials as cr
from agent_toolbar.app import main as app_main
from agent_toolbar.app.cli import parse_args
from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.backends.naumen.client import ClientConfig, NaumenClient
from agent_toolbar.settings import Settings

ADMIN_URL = "wss://cti.example.com:8443/ws"
LOCKED_SYSTEM = f"""\
[admin]
locked=cti/url, cti/auth

[cti]
url={ADMIN_URL}
auth=basic
auth_user=proxy-user
"""
SECRET = "Proxy-Password-4242"


@pytest.fixture
def locked(tmp_path: Path) -> Settings:
    (tmp_path / "system.ini").write_text(LOCKED_SYSTEM, encoding="utf-8")
    return Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")


@pytest.fixture
def no_session_bus(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-bus-here")


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("wss://cti.example.com:8443/ws", "wss://cti.example.com:8443"),
        ("wss://CTI.Example.com/ws?x=1", "wss://cti.example.com:443"),
        ("ws://10.0.0.5/", "ws://10.0.0.5:80"),
        ("ws://[::1]:8098", "ws://[::1]:8098"),
    ],
)
def test_origin_has_an_explicit_port(url: str, origin: str) -> None:
    assert cr.origin(url) == origin
    assert cr.secret_name(cr.AUTH_SECRET_KEY, url) == f"cti/auth_secret@{origin}"


def test_secret_for_one_origin_is_not_sent_to_another(
    locked: Settings, no_session_bus: None
) -> None:
    store = cr.Credentials()
    store.set(cr.secret_name(cr.AUTH_SECRET_KEY, ADMIN_URL), SECRET)
    assert "Authorization" in cr.auth_headers(locked, store)
    locked.override("cti/url", "ws://127.0.0.1:18777")
    assert cr.auth_headers(locked, store) == {}


def test_old_entry_migrates_once_to_the_configured_origin_only(
    locked: Settings, no_session_bus: None
) -> None:
    store = cr.Credentials()
    store.set(cr.AUTH_SECRET_KEY, SECRET)  # stored by an older version, under the bare key
    locked.override("cti/url", "ws://127.0.0.1:18777")  # not the configured origin
    assert cr.auth_headers(locked, store) == {}
    assert store.get(cr.AUTH_SECRET_KEY) == SECRET  # left alone for the configured origin

    fresh = Settings(user=locked.user_path, system=locked.system_path)
    headers = cr.auth_headers(fresh, store)
    token = base64.b64encode(f"proxy-user:{SECRET}".encode()).decode()
    assert headers == {"Authorization": f"Basic {token}"}
    assert store.get(cr.secret_name(cr.AUTH_SECRET_KEY, ADMIN_URL)) == SECRET
    assert store.get(cr.AUTH_SECRET_KEY) is None  # moved, not copied


@pytest.mark.parametrize("mode", ["basic", "bearer"])
def test_no_secret_in_clear_text_except_to_loopback(
    tmp_path: Path, no_session_bus: None, mode: str
) -> None:
    settings = Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")
    settings.set("cti/auth", mode)
    store = cr.Credentials()
    for url in ("ws://cti.example.com:8098", "ws://10.1.2.3:8098"):
        settings.set("cti/url", url)
        store.set(cr.secret_name(cr.AUTH_SECRET_KEY, url), SECRET)
        assert cr.auth_headers(settings, store) == {}, url
    for url in ("ws://127.0.0.1:8098", "ws://[::1]:8098", "ws://localhost:8098"):
        settings.set("cti/url", url)
        store.set(cr.secret_name(cr.AUTH_SECRET_KEY, url), SECRET)
        assert "Authorization" in cr.auth_headers(settings, store), url


def test_server_option_is_refused_while_the_url_is_locked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "system.ini").write_text(LOCKED_SYSTEM, encoding="utf-8")
    settings = Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")
    refusal = app_main.apply_overrides(settings, parse_args(["--server", "ws://127.0.0.1:1"]))
    assert refusal is not None and "locked" in refusal
    assert settings.get("cti/url") == ADMIN_URL
    # --demo talks to its own in-process simulator: allowed
    assert app_main.apply_overrides(settings, parse_args(["--demo"])) is None


def test_main_exits_with_a_message_when_server_is_locked(tmp_path: Path) -> None:
    (tmp_path / "system.ini").write_text(LOCKED_SYSTEM, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    argv = [sys.executable, "-m", "agent_toolbar", "--smoke", "--config", str(tmp_path / "u.ini")]
    argv += ["--system-config", str(tmp_path / "system.ini"), "--server", "ws://127.0.0.1:1"]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=90)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "cti/url is locked" in done.stderr


def test_system_config_is_ignored_in_a_frozen_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lifted = tmp_path / "no-locks.ini"
    lifted.write_text("[cti]\nurl=ws://127.0.0.1:18777\n", encoding="utf-8")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert app_main.system_config_path(parse_args(["--system-config", str(lifted)])) is None
    monkeypatch.setattr(sys, "frozen", False, raising=False)
    assert app_main.system_config_path(parse_args(["--system-config", str(lifted)])) == lifted


@pytest.mark.asyncio
async def test_real_server_named_on_the_command_line_gets_no_password(
    no_session_bus: None, tmp_path: Path
) -> None:
    seen: list[str | None] = []

    def record(conn: ServerConnection, request: Request) -> Response | None:
        seen.append(request.headers.get("Authorization"))
        return None

    async def handler(conn: ServerConnection) -> None:
        async for raw in conn:
            frame = m.decode(raw).message
            rid = frame.rid if frame is not None else None
            await conn.send(f'{{"rid": "{rid}", "name": "Ok"}}')

    store = cr.Credentials()
    store.set(cr.AUTH_SECRET_KEY, SECRET)  # old name, meant for the configured origin
    settings = Settings(user=tmp_path / "u2.ini", system=tmp_path / "s2.ini")
    settings.set("cti/auth", "basic")
    settings.set("cti/url", ADMIN_URL)  # unlocked: --server is accepted and names another server
    async with serve(
        handler, "127.0.0.1", 0, subprotocols=[Subprotocol(m.SUBPROTOCOL)], process_request=record
    ) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        options = parse_args(["--server", f"ws://127.0.0.1:{port}"])
        assert app_main.apply_overrides(settings, options) is None
        headers = cr.auth_headers(settings, store)
        client = NaumenClient(
            ClientConfig(url=f"ws://127.0.0.1:{port}", login="op", headers=headers),
            on_message=lambda *_: None,
            on_status=lambda _s: None,
        )
        task = asyncio.ensure_future(client.run())
        for _ in range(200):
            if seen:
                break
            await asyncio.sleep(0.02)
        await client.stop(detach=False)
        await task
    assert seen == [None]
    assert store.get(cr.AUTH_SECRET_KEY) == SECRET  # not migrated to that server


def test_a_phone_systems_own_secret_is_bound_to_its_server_too(
    tmp_path: Path, no_session_bus: None
) -> None:
    # oktell/password (a BackendSpec secret) is read for cti/url's origin like cti/auth_secret
    settings = Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")
    settings.set("cti/url", "http://oktell.example.com:4055")
    store = cr.Credentials()
    store.set("oktell/password", SECRET)  # an older version's bare entry
    settings.override("cti/url", "http://127.0.0.1:18777")  # a run's override: not moved
    assert cr.stored_secret(settings, store, "oktell/password") is None
    assert store.get("oktell/password") == SECRET
    settings = Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")
    assert cr.stored_secret(settings, store, "oktell/password") == SECRET  # moved, once
    assert store.get("oktell/password") is None
    assert store.get("oktell/password@http://oktell.example.com:4055") == SECRET
    settings.override("cti/url", "http://other.example.com:4055")
    assert cr.stored_secret(settings, store, "oktell/password") is None


def test_a_bare_host_binds_a_systems_secret_to_that_host(
    tmp_path: Path, no_session_bus: None
) -> None:
    # Oktell reads a bare "host" as http://host:4055: the secret is bound to the host written
    settings = Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")
    settings.set("cti/url", "user:pw@PBX.example.com")
    store = cr.Credentials()
    assert cr.system_secret_name("oktell/password", "user:pw@PBX.example.com") == (
        "oktell/password@pbx.example.com"
    )
    store.set("oktell/password@pbx.example.com", SECRET)
    assert cr.stored_secret(settings, store, "oktell/password") == SECRET
    settings.override("cti/url", "other.example.com")
    assert cr.stored_secret(settings, store, "oktell/password") is None
