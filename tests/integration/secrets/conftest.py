"""A real Secret Service for a test: gnome-keyring on a private D-Bus session bus.

``secret_service`` (unlocked "login" keyring) and ``secret_service_factory(unlock)`` bring
up their own ``dbus-daemon`` (a config without service directories, so nothing is
auto-activated behind our back) and ``gnome-keyring-daemon --foreground
--components=secrets`` with a temporary HOME, then point this process at that bus for the
test. They work inside a plain ``pytest`` run; the suite's own session bus (if any) is not
touched. Tests skip, saying why, only when gnome-keyring or dbus-daemon is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

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
    pytest.importorskip("secretstorage", reason="the secretstorage package is not installed")
    if not shutil.which("gnome-keyring-daemon") or not shutil.which("dbus-daemon"):
        pytest.skip(
            "gnome-keyring-daemon or dbus-daemon is not installed (apt-get install "
            "gnome-keyring dbus-x11; scripts/bootstrap.sh test does it)"
        )
    started: list[subprocess.Popen[str]] = []

    def start(unlock: bool = True) -> SecretService:
        home = tmp_path / "keyring-home"
        runtime = tmp_path / "keyring-runtime"
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
    """A running Secret Service with an unlocked login keyring."""
    return secret_service_factory(True)
