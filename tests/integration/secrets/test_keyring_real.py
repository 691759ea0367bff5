"""Credentials against a real Secret Service: gnome-keyring on a private D-Bus session.

Each test brings up its own ``dbus-daemon`` (a config without service directories, so nothing
is auto-activated behind our back) and a ``gnome-keyring-daemon --components=secrets`` with a
temporary HOME, then points this process at that bus. The suite's own session bus (if any) is
not touched.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar import credentials as cr
from agent_toolbar.qt import QtWidgets
from agent_toolbar.settings import Settings
from agent_toolbar.ui.credentials_banner import CredentialsBanner

pytestmark = pytest.mark.keyring_real

pytest.importorskip("secretstorage", reason="the secretstorage package is not installed")
if not shutil.which("gnome-keyring-daemon") or not shutil.which("dbus-daemon"):
    pytest.skip(
        "gnome-keyring-daemon or dbus-daemon is not installed (apt-get install gnome-keyring "
        "dbus-x11; scripts/bootstrap.sh test does it)",
        allow_module_level=True,
    )

SECRETS_NAME = "org.freedesktop.secrets"
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


@dataclass
class SecretService:
    """A running private Secret Service."""

    home: Path
    address: str

    def files_on_disk(self) -> list[Path]:
        return [p for p in self.home.rglob("*") if p.is_file()]


def _wait_for_name(address: str, name: str, timeout: float = 10.0) -> None:
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    deadline = time.monotonic() + timeout
    with open_dbus_connection(bus=address) as conn:
        while not conn.send_and_get_reply(message_bus.NameHasOwner(name)).body[0]:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{name} did not appear on the bus")
            time.sleep(0.02)


def _stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@pytest.fixture
def secret_service_factory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[bool], SecretService]]:
    """Start a bus + gnome-keyring; ``unlock=False`` leaves the login keyring uncreated."""
    started: list[subprocess.Popen[str]] = []

    def start(unlock: bool = True) -> SecretService:
        home = tmp_path / "home"
        runtime = tmp_path / "runtime"
        (home / ".local/share/keyrings").mkdir(parents=True)
        runtime.mkdir(mode=0o700)
        config = tmp_path / "bus.conf"
        config.write_text(BUS_CONFIG.format(socket=tmp_path / "bus"))
        bus = subprocess.Popen(
            ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        started.append(bus)
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()
        assert address.startswith("unix:"), address
        env = dict(
            os.environ,
            HOME=str(home),
            XDG_RUNTIME_DIR=str(runtime),
            DBUS_SESSION_BUS_ADDRESS=address,
        )
        args = ["gnome-keyring-daemon", "--foreground", "--components=secrets"]
        daemon = subprocess.Popen(
            [*args, "--unlock"] if unlock else args,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            text=True,
        )
        started.append(daemon)
        assert daemon.stdin is not None
        if unlock:
            daemon.stdin.write("keyring-test-password")  # creates and unlocks "login"
        daemon.stdin.close()
        _wait_for_name(address, SECRETS_NAME)
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        return SecretService(home, address)

    yield start
    for proc in reversed(started):
        _stop(proc)


@pytest.fixture
def secret_service(secret_service_factory: Callable[[bool], SecretService]) -> SecretService:
    return secret_service_factory(True)


SECRET = "Correct-Horse-Battery-77"


def test_secret_service_is_chosen_and_keeps_the_secret_across_restarts(
    secret_service: SecretService, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="agent_toolbar.credentials")
    store = cr.Credentials.detect()
    assert store.persistent
    assert store.backend_name == "keyring.backends.SecretService.Keyring"
    assert "secrets are stored in keyring.backends.SecretService.Keyring" in caplog.text

    store.set("cti/auth_secret", SECRET)
    again = cr.Credentials.detect()  # a new process would start like this
    assert again.get("cti/auth_secret") == SECRET

    # gnome-keyring encrypts its file: the secret is nowhere in clear text on disk
    files = secret_service.files_on_disk()
    assert any(p.name.endswith(".keyring") for p in files)
    for path in files:
        assert SECRET.encode() not in path.read_bytes(), path

    again.delete("cti/auth_secret")
    assert cr.Credentials.detect().get("cti/auth_secret") is None


@pytest.mark.asyncio
async def test_async_round_trip_and_handshake_headers(
    secret_service: SecretService, tmp_path: Path
) -> None:
    settings = Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")
    settings.set("cti/auth", "basic")
    settings.set("cti/auth_user", "proxy-user")
    store = await cr.Credentials.detect_async()
    assert store.persistent
    await store.set_async(cr.AUTH_SECRET_KEY, SECRET)

    fresh = await cr.Credentials.detect_async()
    headers = await cr.auth_headers_async(settings, fresh)
    expected = base64.b64encode(f"proxy-user:{SECRET}".encode()).decode()
    assert headers == {"Authorization": f"Basic {expected}"}
    settings.sync()
    assert SECRET not in settings.user_path.read_text(encoding="utf-8")


def test_a_store_that_refuses_falls_back_to_session_memory(
    secret_service_factory: Callable[[bool], SecretService], qtbot: QtBot
) -> None:
    secret_service_factory(False)  # no login keyring and no way to prompt for one
    store = cr.Credentials.detect()
    assert store.persistent  # the service is there...
    window = QtWidgets.QWidget()
    banner = CredentialsBanner(store)
    QtWidgets.QVBoxLayout(window).addWidget(banner)
    qtbot.addWidget(window)
    window.show()
    assert not banner.isVisible()

    with qtbot.waitSignal(banner.persistence_changed):
        store.set("cti/auth_secret", SECRET)  # ...but refuses to create a collection
    assert not store.persistent
    assert store.backend_name == cr.MEMORY_BACKEND_NAME
    assert store.get("cti/auth_secret") == SECRET  # the operator keeps working this session
    qtbot.waitUntil(banner.isVisible)
