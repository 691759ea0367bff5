"""Packaged toolbar: bundle size, and start time to a visible window next to a bare PySide6 one.

    .venv/bin/python bench/bundle_size_and_start.py [--runs 7] [--no-build]

1. Builds ``dist/agent-toolbar`` with ``packaging/build.sh`` (unless ``--no-build`` and it
   exists) and freezes ``bench/bare_window.py`` with PyInstaller's *defaults* (onedir) into
   ``build/bench/``.
2. Starts its own ``Xvfb`` + ``openbox`` (the xcb platform, as on an operator's desktop).
3. Measures four programs, interleaved, one unmeasured warm-up each, then ``--runs`` runs:
   the frozen toolbar, the toolbar from source with this Python, the frozen bare window and
   the bare window with this Python. A run is the wall time from spawning the process until
   ``xdotool search --onlyvisible --name`` finds its window mapped (polled every 5 ms, so
   figures carry ~5-10 ms of polling granularity). The toolbar starts with
   ``--server ws://127.0.0.1:9 --login operator`` (nothing listens there: it shows its
   window and says it cannot connect), a fresh HOME and no D-Bus session.
4. Prints sizes, medians/min/max and the ratios toolbar / bare.

Where the toolbar's start-up time goes (imports, QApplication, window construction, first
expose and paint): ``bench/startup_breakdown.py``.

This is a measurement, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DIST = REPO / "dist"
BUNDLE = DIST / "agent-toolbar"
BENCH_BUILD = REPO / "build" / "bench"
BARE_BUNDLE = BENCH_BUILD / "dist" / "bare-window"
NO_BUS = "unix:path=/nonexistent/agent-toolbar-bench-bus"
TOOLBAR_TITLE = "^Agent Toolbar"
BARE_TITLE = "^Bare PySide6 window$"


def tree_size(path: Path) -> tuple[int, int]:
    """(bytes, files) of a directory, symlinks not counted twice."""
    total = files = 0
    for item in path.rglob("*"):
        if item.is_file() and not item.is_symlink():
            total += item.stat().st_size
            files += 1
    return total, files


def biggest(path: Path, count: int = 8) -> list[tuple[int, str]]:
    """The largest top-level entries of ``_internal`` (or the bundle)."""
    base = path / "_internal" if (path / "_internal").is_dir() else path
    sizes = []
    for item in base.iterdir():
        if item.is_symlink():
            continue
        size = tree_size(item)[0] if item.is_dir() else item.stat().st_size
        sizes.append((size, item.name))
    return sorted(sizes, reverse=True)[:count]


def mb(size: int) -> str:
    return f"{size / 1e6:7.1f} MB"


def build(no_build: bool) -> None:
    if not (no_build and (BUNDLE / "agent-toolbar").exists()):
        print(">> bash packaging/build.sh", flush=True)
        subprocess.run(["bash", "packaging/build.sh"], cwd=REPO, check=True)
    if not (BARE_BUNDLE / "bare-window").exists() or not no_build:
        print(">> pyinstaller bench/bare_window.py (defaults, onedir)", flush=True)
        subprocess.run(
            [sys.executable, "-m", "PyInstaller", "--noconfirm", "--onedir",
             "--name", "bare-window", "--log-level", "WARN",
             "--distpath", str(BENCH_BUILD / "dist"), "--workpath", str(BENCH_BUILD / "work"),
             "--specpath", str(BENCH_BUILD), str(REPO / "bench" / "bare_window.py")],
            cwd=REPO, check=True,
        )  # fmt: skip


@dataclass
class Display:
    """Xvfb + openbox on a free display."""

    env: dict[str, str]
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @classmethod
    def start(cls, home: Path) -> Display:
        read_fd, write_fd = os.pipe()
        xvfb = subprocess.Popen(
            # -noreset: without it the server resets when its last client (our xprop probe)
            # disconnects, and a window manager connecting during the reset exits with 1.
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24",
             "-nolisten", "tcp", "-noreset"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(write_fd)
        with os.fdopen(read_fd, "rb") as pipe:
            number = pipe.readline().decode().strip()
        base = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DBUS_", "WAYLAND", "QT_", "XDG_", "PYTHON", "LD_"))
        }
        base.update(DISPLAY=f":{number}", DBUS_SESSION_BUS_ADDRESS=NO_BUS)
        for name in ("home", "config", "state", "xdg", "run"):
            (home / name).mkdir(parents=True, exist_ok=True)
        (home / "run").chmod(0o700)
        env = dict(
            base,
            QT_QPA_PLATFORM="xcb",
            HOME=str(home / "home"),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_STATE_HOME=str(home / "state"),
            XDG_CONFIG_DIRS=str(home / "xdg"),
            XDG_RUNTIME_DIR=str(home / "run"),
        )
        display = cls(env, [xvfb])
        try:
            display.wait(lambda: display.x("xprop", "-root").returncode == 0, "Xvfb")
            display.procs.append(
                subprocess.Popen(
                    ["openbox"], env=base, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
            )
            display.wait(
                lambda: (
                    "_NET_SUPPORTING_WM_CHECK(WINDOW)"
                    in display.x("xprop", "-root", "_NET_SUPPORTING_WM_CHECK").stdout
                ),
                "openbox",
            )
        except BaseException:
            display.stop()
            raise
        return display

    def x(self, *argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(argv), env=self.env, capture_output=True, text=True, check=False)

    @staticmethod
    def wait(condition: object, what: str, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():  # type: ignore[operator]
            if time.monotonic() > deadline:
                raise SystemExit(f"{what} did not come up")
            time.sleep(0.05)

    def stop(self) -> None:
        for proc in reversed(self.procs):
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()


def time_to_window(
    display: Display, argv: Sequence[str], title: str, timeout: float = 30.0
) -> float:
    """Seconds from spawn until a visible window matching ``title`` exists; then stop it."""
    started = time.perf_counter()
    proc = subprocess.Popen(list(argv), env=display.env, cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        while True:
            found = display.x("xdotool", "search", "--onlyvisible", "--name", title).stdout.split()
            if found:
                return time.perf_counter() - started
            if proc.poll() is not None:
                raise SystemExit(f"{argv[0]} exited with {proc.returncode} before showing a window")
            if time.perf_counter() - started > timeout:
                raise SystemExit(f"no window from {argv[0]} within {timeout:g} s")
            time.sleep(0.005)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-build", action="store_true", help="reuse existing bundles")
    args = parser.parse_args(argv)
    build(args.no_build)

    size, files = tree_size(BUNDLE)
    tarballs = sorted(DIST.glob("agent-toolbar-*.tar.gz"))
    bare_size, bare_files = tree_size(BARE_BUNDLE)
    print(f"\nbundle  {BUNDLE.relative_to(REPO)}: {mb(size)} in {files} files")
    for tarball in tarballs:
        print(f"tarball {tarball.relative_to(REPO)}: {mb(tarball.stat().st_size)}")
    print(f"bare PySide6 window, frozen with PyInstaller defaults: {mb(bare_size)} in "
          f"{bare_files} files (toolbar / bare = {size / bare_size:.2f})")  # fmt: skip
    print("largest parts of the toolbar bundle:")
    for part_size, name in biggest(BUNDLE):
        print(f"  {mb(part_size)}  {name}")

    with tempfile.TemporaryDirectory(prefix="agent-toolbar-bench-") as tmp:
        config = Path(tmp) / "user.ini"
        toolbar_args = ["--config", str(config), "--server", "ws://127.0.0.1:9",
                        "--login", "operator"]  # fmt: skip
        programs = {
            "toolbar, frozen": ([str(BUNDLE / "agent-toolbar"), *toolbar_args], TOOLBAR_TITLE),
            "toolbar, python": ([sys.executable, "-m", "agent_toolbar", *toolbar_args],
                                TOOLBAR_TITLE),
            "bare window, frozen": ([str(BARE_BUNDLE / "bare-window")], BARE_TITLE),
            "bare window, python": ([sys.executable, str(REPO / "bench" / "bare_window.py")],
                                    BARE_TITLE),
        }  # fmt: skip
        display = Display.start(Path(tmp))
        try:
            for program, title in programs.values():  # warm-up: disk cache, font cache
                time_to_window(display, program, title)
            times: dict[str, list[float]] = {name: [] for name in programs}
            for _ in range(args.runs):
                for name, (program, title) in programs.items():
                    times[name].append(time_to_window(display, program, title))
        finally:
            display.stop()

    print(f"\nstart to a visible window (Xvfb + openbox, xcb; {args.runs} runs after a warm-up; "
          f"{os.cpu_count()} CPUs):")  # fmt: skip
    medians = {}
    for name, values in times.items():
        medians[name] = statistics.median(values)
        print(f"  {name:22s} median {medians[name] * 1000:6.0f} ms   "
              f"min {min(values) * 1000:6.0f}   max {max(values) * 1000:6.0f}")  # fmt: skip
    print("ratios (median):")
    for top, bottom in (
        ("toolbar, frozen", "bare window, frozen"),
        ("toolbar, frozen", "bare window, python"),
        ("toolbar, python", "bare window, python"),
        ("toolbar, frozen", "toolbar, python"),
    ):
        print(f"  {top} / {bottom}: {medians[top] / medians[bottom]:.2f}")
    print("where the time goes: bench/startup_breakdown.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
