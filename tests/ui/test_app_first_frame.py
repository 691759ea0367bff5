"""The toolbar's window comes first: it is on screen, saying "Connecting…", before the
connection's modules are loaded, the keyring is read or the ``--demo`` simulator starts.

The start-up bar (a visible window close to a bare PySide6 one) is measured in
``bench/startup_breakdown.py``; these tests hold the order that makes it possible.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from agent_toolbar.app.cli import Options
from agent_toolbar.app.shell import Toolbar
from agent_toolbar.backends.registry import DeferredBackend
from agent_toolbar.cti.backend import Backend, LinkState
from agent_toolbar.qt import QApplication
from agent_toolbar.settings import Settings
from agent_toolbar.simulators.naumen.simulator import Simulator
from agent_toolbar.ui.window.credentials_banner import CredentialsBanner

REPO = Path(__file__).resolve().parents[2]

#: What the first frame must not wait for.
DEFERRED = (
    "agent_toolbar.backends.naumen.messages",
    "agent_toolbar.backends.naumen.client",
    "agent_toolbar.backends.naumen.adapter",
    "agent_toolbar.simulators.naumen.simulator",
    "websockets",
    "agent_toolbar.credentials",
    "keyring",
    "agent_toolbar.ui.settings.settings_dialog",
    "agent_toolbar.ui.shell.about_dialog",
    "agent_toolbar.ui.window.login_dialog",
    "agent_toolbar.screenpop",
    "agent_toolbar.ui.calls.call_extras",
    "agent_toolbar.ui.transfer.transfer_dialog",
)

# Reports which of DEFERRED were loaded when the window was first on screen, and once
# connected to the --demo simulator; then quits.
FIRST_FRAME = """
import json, sys
from agent_toolbar.app import main as app, shell as app_shell
from agent_toolbar.cti.backend import LinkState

DEFERRED = %r
report = {}
original_on_screen = app_shell.on_screen

async def on_screen(widget, timeout=app_shell.on_screen.__defaults__[0]):
    shown = await original_on_screen(widget, timeout)
    if "first_frame" not in report:
        report["exposed"] = shown
        report["link"] = widget.status_area.link.full_text()
        report["first_frame"] = sorted(m for m in DEFERRED if m in sys.modules)
    return shown

app_shell.on_screen = on_screen
original_open = app_shell.Toolbar.open_connection

async def open_connection(self):
    await original_open(self)

    def connected(old, new, changes):
        if new.connection.state is LinkState.CONNECTED and new.synced:
            report.setdefault("connected", sorted(m for m in DEFERRED if m in sys.modules))
            self.request_quit(0)

    self.session.subscribe(connected)

app_shell.Toolbar.open_connection = open_connection
code = app.main(sys.argv[1:])
print("REPORT " + json.dumps(report))
sys.exit(code)
"""


def test_the_first_frame_waits_for_nothing_the_connection_needs(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DBUS_")}
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CONFIG_DIRS", "XDG_RUNTIME_DIR"):
        path = tmp_path / name.lower()
        path.mkdir(mode=0o700)
        env[name] = str(path)
    env["QT_QPA_PLATFORM"] = "offscreen"
    script = tmp_path / "first_frame.py"
    script.write_text(FIRST_FRAME % (DEFERRED,), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), "--demo", "--config", str(tmp_path / "user.ini")],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("REPORT "))
    report = json.loads(line.removeprefix("REPORT "))
    assert report["exposed"] is True
    assert report["link"] == "Connecting…"
    assert report["first_frame"] == []
    assert {
        "agent_toolbar.backends.naumen.adapter",
        "agent_toolbar.simulators.naumen.simulator",
        "websockets",
        "agent_toolbar.screenpop",
        "agent_toolbar.ui.calls.call_extras",
        "agent_toolbar.ui.transfer.transfer_dialog",
    } <= set(report["connected"])


class Watched(Toolbar):
    """The toolbar, noting what its window showed when the real backend began to be built."""

    seen: list[dict[str, Any]]

    async def _build_backend(self) -> Backend:
        assert self.window is not None and self.session is not None
        self.seen.append(
            {
                "visible": self.window.isVisible(),
                "link": self.session.state.connection.state,
                "text": self.window.status_area.link.full_text(),
                "stand_in": isinstance(self.backend, DeferredBackend),
            }
        )
        return await super()._build_backend()


async def wait(predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not (value := predicate()):
        if loop.time() > deadline:
            raise AssertionError(f"condition not met in {timeout} s")
        await asyncio.sleep(0.01)
    return value


@contextlib.asynccontextmanager
async def running(ini: str, tmp_path: Path, **options: Any) -> AsyncIterator[Watched]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    user = tmp_path / "user.ini"
    user.write_text(ini, encoding="utf-8")
    toolbar = Watched(Options(**options), Settings(user=user, system=tmp_path / "system.ini"))
    toolbar.seen = []
    task = asyncio.ensure_future(toolbar.run())
    try:
        yield toolbar
    finally:
        toolbar.request_quit()
        assert await asyncio.wait_for(task, 15) == 0
        app.setQuitOnLastWindowClosed(quit_on_close)


def connected(toolbar: Toolbar) -> bool:
    session = toolbar.session
    return session is not None and session.state.connection.state is LinkState.CONNECTED


@pytest.mark.asyncio
async def test_the_window_says_connecting_before_the_backend_is_built(
    simulator: Simulator, tmp_path: Path, qapp: QApplication
) -> None:
    async with running(f"[cti]\nurl={simulator.url}\nlogin=operator\n", tmp_path) as toolbar:
        await wait(lambda: connected(toolbar))
        assert toolbar.seen == [
            {"visible": True, "link": LinkState.CONNECTING, "text": "Connecting…", "stand_in": True}
        ]
        assert not isinstance(toolbar.backend, DeferredBackend)  # the real one, once built
        await wait(lambda: toolbar.credentials is not None)  # read after the first frame
    await simulator.wait_for_command("DetachFromUser", timeout=5)


@pytest.mark.asyncio
async def test_a_server_behind_a_password_waits_for_the_keyring_not_the_window(
    simulator: Simulator, tmp_path: Path, qapp: QApplication
) -> None:
    ini = f"[cti]\nurl={simulator.url}\nlogin=operator\nauth=basic\nauth_user=proxy\n"
    async with running(ini, tmp_path) as toolbar:
        await wait(lambda: connected(toolbar))
        assert toolbar.seen[0]["visible"] and toolbar.seen[0]["stand_in"]
        assert toolbar.credentials is not None
        window = toolbar.window
        assert window is not None
        # The keyring notice is placed once the keyring is known, once per window.
        banners = window.findChildren(CredentialsBanner)
        assert len(banners) == 1
        assert banners[0].isVisible() is (not toolbar.credentials.persistent)
