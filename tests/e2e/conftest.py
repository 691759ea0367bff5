"""End-to-end fixtures: a real X display with a window manager and a tray, the simulator, and
the real app as a subprocess.

* ``desktop`` (session): ``Xvfb`` on a free display, ``openbox`` and
  ``trayer --edge top --align right``; waits until each is up and tears them down in reverse.
  Skips with the reason when a binary is missing (``bash scripts/bootstrap.sh test`` installs
  them).
* ``sim``: the Naumen simulator running on its own asyncio loop in a background thread, so
  tests stay plain functions that can block on ``xdotool``; ``sim.call(fn, ...)`` runs a
  control method on the simulator's loop and ``sim.wait_for_command(name)`` waits for a
  command to arrive.
* ``launch``: starts ``python -m agent_toolbar --server … --login … --config <tmp ini>`` with a
  fresh HOME and XDG directories on the test display; the returned :class:`App` finds its
  window with ``xdotool``, presses keys, reads its log, takes screenshots and quits it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest

from agent_toolbar.simulators.naumen.model import SimTimings
from agent_toolbar.simulators.naumen.simulator import Simulator

T = TypeVar("T")

REPO = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("E2E_SHOTS", "/tmp/agent-toolbar-e2e"))
BINARIES = ("Xvfb", "openbox", "trayer", "xdotool", "import", "xprop")
WINDOW_NAME = "^(Agent Toolbar|Панель оператора)"  # the window title, English or Russian


def wait_until(
    condition: Callable[[], T], timeout: float = 15.0, interval: float = 0.05, what: str = ""
) -> T:
    """Poll ``condition`` until it returns something truthy; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:g} s waiting for {what or condition}")
        time.sleep(interval)


def run(*argv: str, env: dict[str, str], timeout: float = 10.0) -> subprocess.CompletedProcess[str]:
    """Run a desktop tool on the test display."""
    return subprocess.run(
        list(argv), env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


# ---------------------------------------------------------------------- the desktop


@dataclass
class Desktop:
    """An X display with a window manager and a tray host."""

    display: str
    env: dict[str, str]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def screenshot(self, name: str) -> Path:
        """The whole screen as ``<SHOTS>/<name>.png``."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        done = run("import", "-window", "root", str(path), env=self.env, timeout=20)
        assert done.returncode == 0, done.stderr
        return path

    def windows(self, *query: str) -> list[str]:
        """``xdotool search`` results (window ids)."""
        done = run("xdotool", "search", *query, env=self.env)
        return done.stdout.split()


def _start_xvfb() -> tuple[subprocess.Popen[bytes], int]:
    """Xvfb on a free display in 100–499 (clear of the low numbers other tools pick)."""
    rng = random.Random()
    for _ in range(20):
        number = rng.randrange(100, 500)
        if Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
            continue
        proc = subprocess.Popen(
            ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                return proc, number
            time.sleep(0.05)
        proc.kill()
        proc.wait(5)
    pytest.fail("could not start Xvfb on a free display")


def _start(argv: list[str], env: dict[str, str], **kw: Any) -> subprocess.Popen[bytes]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with (SHOTS / f"{argv[0]}.log").open("ab") as log:
        return subprocess.Popen(argv, env=env, stdout=log, stderr=log, **kw)


@contextlib.contextmanager
def make_desktop(*, tray: bool) -> Iterator[Desktop]:
    """Xvfb + openbox (+ trayer when ``tray``), torn down in reverse on exit."""
    missing = [b for b in BINARIES if shutil.which(b) is None]
    if missing:
        pytest.skip(f"end-to-end tests need {', '.join(missing)} (bash scripts/bootstrap.sh test)")
    xvfb, number = _start_xvfb()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "WAYLAND"))}
    # No session bus: Qt then uses the XEmbed tray (trayer) and draws its own balloons.
    env.update(DISPLAY=f":{number}", QT_QPA_PLATFORM="xcb")
    env.pop("XAUTHORITY", None)
    desk = Desktop(f":{number}", env, [xvfb])
    try:
        wait_until(lambda: run("xprop", "-root", env=env).returncode == 0, what="the X server")
        desk.processes.append(_start(["openbox"], env))
        wait_until(
            lambda: (
                "_NET_SUPPORTING_WM_CHECK(WINDOW)"
                in run("xprop", "-root", "_NET_SUPPORTING_WM_CHECK", env=env).stdout
            ),
            what="openbox",
        )
        if tray:
            desk.processes.append(
                _start(
                    ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request",
                     "--height", "28", "--SetDockType", "true", "--transparent", "false"],
                    env,
                )
            )  # fmt: skip
            # trayer owns the tray selection before it maps its panel
            wait_until(lambda: desk.windows("--onlyvisible", "--class", "trayer"), what="trayer")
        yield desk
    finally:
        for proc in reversed(desk.processes):
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


@pytest.fixture(scope="session")
def desktop() -> Iterator[Desktop]:
    """A desktop with a window manager and a tray host, for the whole session."""
    with make_desktop(tray=True) as desk:
        yield desk


@pytest.fixture(scope="module")
def bare_desktop() -> Iterator[Desktop]:
    """A desktop without a system tray (a window manager only)."""
    with make_desktop(tray=False) as desk:
        yield desk


# ---------------------------------------------------------------------- the simulator


class SimHost:
    """A :class:`Simulator` on its own loop in a background thread."""

    def __init__(self, scenario: str = "idle", timings: SimTimings | None = None) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="sim", daemon=True)
        self.thread.start()
        self.sim = Simulator(scenario, seed=7, timings=timings or SimTimings.fast())
        self.run(self.sim.start("127.0.0.1", 0))

    @property
    def url(self) -> str:
        return self.sim.url

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
        """Await ``coro`` on the simulator's loop."""
        future: Future[T] = asyncio.run_coroutine_threadsafe(coro, self.loop)
        return future.result(timeout)

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call a control method on the simulator's loop."""

        async def invoke() -> T:
            return fn(*args, **kwargs)

        return self.run(invoke())

    def wait_for_command(self, name: str, timeout: float = 15.0, **kw: Any) -> Any:
        """The next command called ``name`` (waits up to ``timeout``)."""
        return self.run(self.sim.wait_for_command(name, timeout=timeout, **kw), timeout=timeout + 5)

    def command_names(self) -> list[str]:
        return self.call(lambda: [record.name for record in self.sim.commands])

    def close(self) -> None:
        try:
            self.run(self.sim.stop())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)
            self.loop.close()


@pytest.fixture
def sim() -> Iterator[SimHost]:
    host = SimHost()
    yield host
    host.close()


# ---------------------------------------------------------------------- the app


@dataclass
class App:
    """The real ``agent-toolbar`` process on the test display."""

    proc: subprocess.Popen[str]
    env: dict[str, str]
    home: Path
    desktop: Desktop
    stderr_path: Path
    argv: list[str]

    @property
    def log_path(self) -> Path:
        return Path(self.env["XDG_STATE_HOME"]) / "agent-toolbar" / "log" / "agent-toolbar.log"

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def wait_log(self, pattern: str, timeout: float = 20.0, after: int = 0) -> re.Match[str]:
        """Wait until the app's log (from offset ``after``) matches ``pattern``."""

        def found() -> re.Match[str] | None:
            self.check_alive()
            return re.search(pattern, self.log_text()[after:])

        return wait_until(found, timeout, 0.1, what=f"log line {pattern!r}")

    def log_size(self) -> int:
        return len(self.log_text())

    def check_alive(self) -> None:
        if self.proc.poll() is not None:
            pytest.fail(f"the app exited with {self.proc.returncode}:\n{self.stderr()[-3000:]}")

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def window(self, timeout: float = 20.0) -> str:
        """The toolbar window's id (visible, named ``Agent Toolbar…``, of this process)."""

        def find() -> str | None:
            self.check_alive()
            ids = self.desktop.windows("--all", "--onlyvisible", "--pid", str(self.proc.pid),
                                       "--name", WINDOW_NAME)  # fmt: skip
            return ids[0] if ids else None

        return wait_until(find, timeout, 0.1, what="the toolbar window")

    def key(self, combo: str) -> None:
        """Press ``combo`` in the toolbar window as a person would (focus, then keys)."""
        window = self.window()
        run("xdotool", "windowactivate", "--sync", window, env=self.desktop.env)
        done = run("xdotool", "windowfocus", "--sync", window, "key", combo, env=self.desktop.env)
        assert done.returncode == 0, done.stderr

    def visible_windows(self) -> dict[str, tuple[int, int, int, int]]:
        """This process's visible top-level windows: id → (x, y, width, height)."""
        out: dict[str, tuple[int, int, int, int]] = {}
        for wid in self.desktop.windows("--all", "--onlyvisible", "--pid", str(self.proc.pid)):
            geo = run("xdotool", "getwindowgeometry", "--shell", wid, env=self.desktop.env)
            values = dict(line.split("=", 1) for line in geo.stdout.splitlines() if "=" in line)
            try:
                out[wid] = tuple(int(values[k]) for k in ("X", "Y", "WIDTH", "HEIGHT"))  # type: ignore[assignment]
            except (KeyError, ValueError):
                continue
        return out

    def tray_icon(self, timeout: float = 20.0) -> tuple[int, int]:
        """The centre of this app's icon in the tray (a small window at the top right)."""

        def find() -> tuple[int, int] | None:
            self.check_alive()
            for x, y, w, h in self.visible_windows().values():
                if w <= 40 and h <= 40 and y < 40:
                    return (x + w // 2, y + h // 2)
            return None

        return wait_until(find, timeout, 0.1, what="the tray icon")

    def tray_menu(self, *keys: str) -> None:
        """Right-click the tray icon, wait for the menu, then press ``keys``."""
        x, y = self.tray_icon()
        before = set(self.visible_windows())
        # (no --sync: it waits for the pointer to move and hangs when it is already there)
        run("xdotool", "mousemove", str(x), str(y), "sleep", "0.2", "click", "3",
            env=self.desktop.env)  # fmt: skip
        wait_until(
            lambda: [
                wid for wid, g in self.visible_windows().items() if wid not in before and g[3] > 100
            ],
            what="the tray menu",
        )
        if keys:
            done = run("xdotool", "key", "--delay", "80", *keys, env=self.desktop.env)
            assert done.returncode == 0, done.stderr

    def minimized(self, window: str) -> bool:
        """Whether the window manager shows ``window`` as minimised (hidden)."""
        done = run("xprop", "-id", window, "_NET_WM_STATE", env=self.desktop.env)
        return "_NET_WM_STATE_HIDDEN" in done.stdout

    def minimize(self, window: str) -> None:
        """Minimise the toolbar window (again, if the app was still showing it)."""
        for _ in range(5):
            run("xdotool", "windowminimize", "--sync", window, env=self.desktop.env)
            deadline = time.monotonic() + 2
            while time.monotonic() < deadline:
                if self.minimized(window):
                    return
                time.sleep(0.05)
        pytest.fail("the window manager did not minimise the toolbar")

    def window_title(self) -> str:
        return run("xdotool", "getwindowname", self.window(), env=self.desktop.env).stdout.strip()

    def terminate(self, timeout: float = 30.0) -> int:
        """SIGTERM (as a session logout does) and wait for the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.wait(timeout)

    def wait(self, timeout: float = 30.0) -> int:
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
            pytest.fail(f"the app did not exit within {timeout:g} s:\n{self.stderr()[-3000:]}")


@dataclass
class Launcher:
    """Starts app processes that share one fresh home (so they are one OS user's)."""

    desktop: Desktop
    root: Path
    apps: list[App] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        home = self.root / "home"
        runtime = self.root / "run"
        dirs = (home, runtime, self.root / "state", self.root / "config", self.root / "xdg",
                self.root / "data")  # fmt: skip
        for d in dirs:
            d.mkdir(parents=True, exist_ok=True)
        runtime.chmod(0o700)
        env = dict(self.desktop.env)
        env.update(
            HOME=str(home),
            XDG_CONFIG_HOME=str(self.root / "config"),
            XDG_STATE_HOME=str(self.root / "state"),
            XDG_DATA_HOME=str(self.root / "data"),  # the call journal
            XDG_CONFIG_DIRS=str(self.root / "xdg"),  # no system-wide file unless a test writes one
            XDG_RUNTIME_DIR=str(runtime),
            PYTHONUNBUFFERED="1",
            PYTHONDEVMODE="0",
        )
        return env

    def __call__(
        self,
        *args: str,
        server: str | None = None,
        login: str | None = "operator",
        ini: str = "",
        name: str = "app",
    ) -> App:
        env = self.env()
        config = self.root / f"{name}.ini"
        config.write_text(ini, encoding="utf-8")
        argv = [sys.executable, "-m", "agent_toolbar", "--config", str(config), *args]
        if server:
            argv += ["--server", server]
        if login:
            argv += ["--login", login]
        stderr_path = self.root / f"{name}-{len(self.apps)}.stderr"
        stream = stderr_path.open("w", encoding="utf-8")
        proc = subprocess.Popen(argv, env=env, cwd=REPO, stdout=stream, stderr=stream, text=True)
        stream.close()
        app = App(proc, env, self.root / "home", self.desktop, stderr_path, argv)
        self.apps.append(app)
        return app

    def cleanup(self) -> None:
        for app in self.apps:
            if app.proc.poll() is None:
                app.proc.kill()
                app.proc.wait(10)


@pytest.fixture
def launch(desktop: Desktop, tmp_path: Path) -> Iterator[Launcher]:
    """Starts the app on the desktop with a tray."""
    launcher = Launcher(desktop, tmp_path)
    yield launcher
    launcher.cleanup()


@pytest.fixture
def launch_without_tray(bare_desktop: Desktop, tmp_path: Path) -> Iterator[Launcher]:
    """Starts the app on a desktop that has no system tray."""
    launcher = Launcher(bare_desktop, tmp_path)
    yield launcher
    launcher.cleanup()
