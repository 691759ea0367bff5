"""``agent-toolbar`` as a process (offscreen): clean exits however the quit comes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Quits the QApplication from outside once connected, as a desktop session manager does.
QUIT_FROM_OUTSIDE = """
import sys
from agent_toolbar.qt import QApplication, QTimer
from agent_toolbar.app import main as app, shell as app_shell
from agent_toolbar.cti.backend import LinkState

original = app_shell.Toolbar.open_connection

async def open_connection(self):
    await original(self)  # the window is up; the backend is built and connects after it

    def connected(old, new, changes):
        if new.connection.state is LinkState.CONNECTED and new.synced:
            self.session.unsubscribe(connected)  # quit once
            QTimer.singleShot(100, QApplication.instance().quit)

    self.session.subscribe(connected)

app_shell.Toolbar.open_connection = open_connection
sys.exit(app.main(sys.argv[1:]))
"""


# The same, and the session manager quits again while the shutdown is still finishing.
QUIT_TWICE = QUIT_FROM_OUTSIDE.replace(
    "app_shell.Toolbar.open_connection = open_connection",
    """app_shell.Toolbar.open_connection = open_connection

original_finish = app_shell.Toolbar.finish

async def finish(self):
    if not getattr(self, "_quit_again", False):
        self._quit_again = True
        QTimer.singleShot(0, QApplication.instance().quit)
    return await original_finish(self)

app_shell.Toolbar.finish = finish""",
)


def environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DBUS_")}
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CONFIG_DIRS", "XDG_RUNTIME_DIR"):
        path = tmp_path / name.lower()
        path.mkdir(mode=0o700)
        env[name] = str(path)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def log_of(env: dict[str, str]) -> str:
    path = Path(env["XDG_STATE_HOME"]) / "agent-toolbar" / "log" / "agent-toolbar.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def demo_argv(tmp_path: Path) -> list[str]:
    ini = tmp_path / "user.ini"
    ini.write_text("[logging]\nwire=true\n", encoding="utf-8")
    return ["--demo", "--config", str(ini), "--log-level", "DEBUG"]


def assert_clean(stderr: str, log: str) -> None:
    assert "Task was destroyed but it is pending" not in stderr
    assert "Traceback" not in stderr
    assert '"DetachFromUser"' in log
    assert "Naumen CTI simulator stopped" in log


def run_demo_script(tmp_path: Path, source: str) -> tuple[str, str]:
    """Run ``source`` (which runs the app) with --demo; return its stderr and log."""
    script = tmp_path / "script.py"
    script.write_text(source, encoding="utf-8")
    env = environment(tmp_path)
    done = subprocess.run(
        [sys.executable, str(script), *demo_argv(tmp_path)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr, log_of(env)


def test_quit_from_outside_still_detaches(tmp_path: Path) -> None:
    stderr, log = run_demo_script(tmp_path, QUIT_FROM_OUTSIDE)
    assert "the Qt loop ended early: finishing the shutdown" in log
    assert_clean(stderr, log)


def test_quit_from_outside_twice_still_exits_0(tmp_path: Path) -> None:
    stderr, log = run_demo_script(tmp_path, QUIT_TWICE)
    assert log.count("the Qt loop ended early: finishing the shutdown") >= 2
    assert_clean(stderr, log)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_detaches_and_exits_0(tmp_path: Path) -> None:
    env = environment(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "agent_toolbar", *demo_argv(tmp_path)],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while "attached to" not in log_of(env):
        assert proc.poll() is None, proc.communicate()[1][-3000:]
        assert time.monotonic() < deadline, "never attached"
        time.sleep(0.1)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr[-3000:]
    assert_clean(stderr, log_of(env))


def test_smoke_offscreen(tmp_path: Path) -> None:
    env = environment(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "agent_toolbar", "--smoke"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "smoke: window, tray, dialogs built" in log_of(env)
