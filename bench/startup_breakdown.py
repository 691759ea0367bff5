"""Where the toolbar's start-up time goes, phase by phase, up to its first painted frame.

    .venv/bin/python bench/startup_breakdown.py [--runs 5] [--demo] [--profile N]

Starts its own ``Xvfb`` + ``openbox`` (as ``bundle_size_and_start.py`` does) and runs the
toolbar *from source* with this Python, ``--server ws://127.0.0.1:9 --login operator`` (nothing
listens there), a fresh HOME and no D-Bus session, through a small probe (``--probe``, this
same file) that records, in ``CLOCK_MONOTONIC`` time shared with this process:

* ``python up``: the spawn until the probe's first line runs (interpreter start-up);
* ``imports``: time inside ``import`` statements (outermost only), per phase;
* ``QApplication()``: the constructor itself (display connection, platform plugin, fonts);
* the rest of each phase ("other": settings, logging, translations, the single-instance socket,
  building backend and session, the window's widgets, the tray …);
* ``MainWindow()``: the window's constructor (its own imports already done);
* the window's ``Show`` event (``show()`` called), its first ``Expose`` (the platform says it
  is on screen) and the end of its first paint;
* ``xdotool``: when ``xdotool search --onlyvisible`` first finds the window mapped (the figure
  ``bundle_size_and_start.py`` times; polled every 5 ms).

The bare PySide6 window (``bench/bare_window.py``) is timed in the same runs, interleaved,
as the baseline. Medians over ``--runs`` runs after one warm-up each. With ``--profile N`` one
more run is made under cProfile up to the first paint and its N most expensive functions
(cumulative) are printed. ``--demo`` starts the toolbar with its in-process simulator instead.

This is a measurement, not a test: it asserts nothing. The frozen build runs the same code
from a PYZ archive; ``bundle_size_and_start.py`` compares it to this path.
"""

from __future__ import annotations

# Only what the probe needs (and the app imports anyway) at the top: the probe runs in the
# measured process, so the bench's own modules are imported where the bench uses them.
import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# This checkout's agent_toolbar, whichever one the Python environment has installed.
sys.path[:0] = [str(REPO), str(REPO / "bench")]

PHASES = (
    ("python up", "spawn", "probe"),
    ("to QApplication()", "probe", "qapp_start"),
    ("QApplication()", "qapp_start", "qapp_end"),
    ("to the loop running", "qapp_end", "loop"),
    ("to MainWindow()", "loop", "window_start"),
    ("MainWindow()", "window_start", "window_end"),
    ("to show()", "window_end", "show"),
    ("show() to Expose", "show", "expose"),
    ("Expose to painted", "expose", "painted"),
)


# --------------------------------------------------------------------------- the probe


def probe(out: str, argv: list[str], profile: int) -> None:
    """Run the toolbar with timestamps (this runs in the measured process)."""
    marks: dict[str, float] = {"probe": time.monotonic()}
    imports = {"total": 0.0}
    depth = [0]
    import builtins

    real_import = builtins.__import__

    def timed_import(*args: object, **kwargs: object) -> object:
        if depth[0]:
            return real_import(*args, **kwargs)  # type: ignore[arg-type]
        depth[0] += 1
        started = time.monotonic()
        try:
            return real_import(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            imports["total"] += time.monotonic() - started
            depth[0] -= 1

    def mark(name: str) -> None:
        if name not in marks:
            marks[name] = time.monotonic()
            marks[f"{name}:imports"] = imports["total"]

    builtins.__import__ = timed_import  # type: ignore[assignment]
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()

    from PySide6 import QtWidgets
    from PySide6.QtCore import QEvent, QObject, QTimer

    mark("pyside")

    def finish() -> None:
        if profiler is not None:
            profiler.disable()
            import pstats

            with open(out + ".prof.txt", "w") as stream:
                stats = pstats.Stats(profiler, stream=stream)
                # Our own functions by time spent in them and below (imports excluded: see
                # the import table), then every function by its own time.
                stream.write("\n--- agent_toolbar functions, cumulative\n")
                stats.sort_stats("cumulative").print_stats(r"agent_toolbar/(?!.*<module>)", profile)
                stream.write("\n--- all functions, own time\n")
                stats.sort_stats("tottime").print_stats(profile)
        marks["imports_total"] = imports["total"]
        Path(out + ".modules").write_text("\n".join(sorted(sys.modules)))
        import json

        Path(out).write_text(json.dumps(marks))

    def painted() -> None:
        mark("painted")
        finish()

    class Watcher(QObject):
        """Sees the main window's first Show, its native window's first Expose, its first Paint.

        Installed on those two objects only: an application-wide filter would make PySide
        build the Python types of every object it sees (~50 ms of enum creation).
        """

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            kind = event.type()
            if kind == QEvent.Type.Show and "show" not in marks:
                mark("show")
                handle = obj.windowHandle() if isinstance(obj, QtWidgets.QWidget) else None
                if handle is not None:
                    handle.installEventFilter(self)
            elif kind == QEvent.Type.Expose and "show" in marks and "expose" not in marks:
                mark("expose")
            elif kind == QEvent.Type.Paint and "expose" in marks and "paint" not in marks:
                mark("paint")  # once this paint event is handled, the first frame is composed
                QTimer.singleShot(0, painted)
            return False

    watcher = Watcher()
    real_app = QtWidgets.QApplication

    class ProbedApplication(real_app):  # type: ignore[misc, valid-type]
        def __init__(self, args: list[str]) -> None:
            mark("qapp_start")
            super().__init__(args)
            mark("qapp_end")

    QtWidgets.QApplication = ProbedApplication  # type: ignore[misc, assignment]

    from agent_toolbar.ui.window import main_window

    real_init = main_window.MainWindow.__init__

    def window_init(self: QtWidgets.QWidget, *args: object, **kwargs: object) -> None:
        mark("window_start")
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]
        mark("window_end")
        if "painted" not in marks:
            self.installEventFilter(watcher)

    main_window.MainWindow.__init__ = window_init  # type: ignore[method-assign]
    from agent_toolbar.app import shell as app_shell

    real_run = app_shell.Toolbar.run

    async def run(self: app_shell.Toolbar) -> int:
        mark("loop")
        return await real_run(self)

    app_shell.Toolbar.run = run  # type: ignore[method-assign]
    from agent_toolbar.app import main as app

    sys.exit(app.main(argv))


# --------------------------------------------------------------------------- the bench


def run_once(
    display: object,
    argv: list[str],
    title: str,
    out: Path | None,
    *,
    stderr: Path | None = None,
    linger: float = 0.0,
) -> dict[str, float]:
    """Spawn, wait for the window to be mapped and (for the probe) painted; stop it.

    ``stderr`` keeps the program's standard error in that file; ``linger`` lets it run that
    many seconds more before it is stopped (work it defers past the first frame).
    """
    import json
    import signal
    import subprocess

    from bundle_size_and_start import Display

    assert isinstance(display, Display)
    if out is not None and out.exists():
        out.unlink()
    spawn = time.monotonic()
    errors = stderr.open("wb") if stderr is not None else subprocess.DEVNULL
    proc = subprocess.Popen(argv, env=display.env, cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=errors)  # fmt: skip
    marks: dict[str, float] = {}
    try:
        while "xdotool" not in marks or (out is not None and not out.exists()):
            if (
                "xdotool" not in marks
                and display.x("xdotool", "search", "--onlyvisible", "--name", title).stdout.split()
            ):
                marks["xdotool"] = time.monotonic()
            if proc.poll() is not None:
                raise SystemExit(f"{argv} exited with {proc.returncode} before showing a window")
            if time.monotonic() - spawn > 30:
                raise SystemExit(f"no window from {argv} within 30 s")
            time.sleep(0.005)
        if out is not None:
            time.sleep(0.05)  # the probe writes its file in one go; let it finish
            marks.update(json.loads(out.read_text()))
        time.sleep(linger)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        if stderr is not None:
            errors.close()  # type: ignore[union-attr]
    marks["spawn"] = spawn
    return marks


def summarise(runs: list[dict[str, float]], bare: list[float]) -> None:
    """Print the median of every phase, its imports, and the totals."""
    import statistics

    def med(values: Sequence[float]) -> float:
        return statistics.median(values) * 1000

    print(f"\n{'phase':22s} {'median ms':>9s} {'of which imports':>17s}")
    for label, start, end in PHASES:
        spans = [r[end] - r[start] for r in runs if start in r and end in r]
        imp = [r.get(f"{end}:imports", 0.0) - r.get(f"{start}:imports", 0.0) for r in runs]
        if not spans:
            continue
        imp_text = f"{med(imp):12.0f}" if start != "spawn" else ""
        print(f"{label:22s} {med(spans):9.0f} {imp_text:>17s}")
    painted = [r["painted"] - r["spawn"] for r in runs]
    mapped = [r["xdotool"] - r["spawn"] for r in runs]
    shown = [r["show"] - r["spawn"] for r in runs]
    imports = [r["imports_total"] for r in runs]
    print(f"{'-' * 50}\n{'spawn to show()':22s} {med(shown):9.0f}")
    print(f"{'spawn to first paint':22s} {med(painted):9.0f} {med(imports):12.0f}  (all imports)")
    print(f"{'spawn to xdotool sees':22s} {med(mapped):9.0f}")
    print(f"{'bare window (xdotool)':22s} {med(bare):9.0f}")
    print(f"toolbar / bare (xdotool): {med(mapped) / med(bare):.2f}")


GROUPS = (
    ("agent_toolbar.backends.naumen", "agent_toolbar.backends.naumen (wire, client)"),
    ("agent_toolbar.cti", "agent_toolbar.cti (core)"),
    ("agent_toolbar.ui", "agent_toolbar.ui"),
    ("agent_toolbar.screenpop", "agent_toolbar.screenpop"),
    ("agent_toolbar", "agent_toolbar (other)"),
    ("PySide6", "PySide6 + shiboken"),
    ("shiboken", "PySide6 + shiboken"),
    ("signature_bootstrap", "PySide6 + shiboken"),
    ("asyncio", "asyncio"),
    ("qasync", "qasync"),
    ("websockets", "websockets"),
    ("keyring", "keyring + its backends"),
    ("jeepney", "keyring + its backends"),
    ("secretstorage", "keyring + its backends"),
    ("cryptography", "keyring + its backends"),
)


def group_of(module: str) -> str:
    """The group a module's import time is counted in."""
    for prefix, name in GROUPS:
        if module == prefix or module.startswith(prefix + ".") or module.startswith(prefix):
            return name
    return "standard library, other"


def import_times(stderr: Path) -> dict[str, float]:
    """Self time (seconds) of every module in a ``-X importtime`` log."""
    times: dict[str, float] = {}
    for line in stderr.read_text(errors="replace").splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        own, _total, name = line[len("import time:") :].split("|", 2)
        if own.strip().isdigit():
            times[name.strip()] = times.get(name.strip(), 0.0) + int(own) / 1e6
    return times


def print_imports(times: dict[str, float], before: set[str]) -> None:
    """Import self times before the first paint by group and module, and what came after."""
    first = {m: t for m, t in times.items() if m in before}
    later = {m: t for m, t in times.items() if m not in before}
    groups: dict[str, float] = {}
    for module, seconds in first.items():
        groups[group_of(module)] = groups.get(group_of(module), 0.0) + seconds
    print(
        "\nimports before the first paint, self time by group (one run under -X importtime, "
        "which inflates them; "
        f"total {sum(first.values()) * 1000:.0f} ms in {len(first)} modules):"
    )
    for name, seconds in sorted(groups.items(), key=lambda item: -item[1]):
        print(f"  {seconds * 1000:6.1f} ms  {name}")
    print("costliest modules before the first paint (self time):")
    for module, seconds in sorted(first.items(), key=lambda item: -item[1])[:12]:
        print(f"  {seconds * 1000:6.1f} ms  {module}")
    print(
        f"imported after the first paint (within a second): {sum(later.values()) * 1000:.0f} ms "
        f"in {len(later)} modules; costliest:"
    )
    for module, seconds in sorted(later.items(), key=lambda item: -item[1])[:6]:
        print(f"  {seconds * 1000:6.1f} ms  {module}")


def main(argv: Sequence[str] | None = None) -> int:
    """Parse options; run the probe (``--probe``) or the bench."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--demo", action="store_true", help="the toolbar with --demo")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="one more run under cProfile; print its N costliest functions",
    )
    parser.add_argument("--probe", metavar="OUT", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)
    if args.probe:
        probe(args.probe, [*rest, *(["--demo"] if args.demo else [])], args.profile)
        return 0

    import os
    import tempfile

    from bundle_size_and_start import BARE_TITLE, TOOLBAR_TITLE, Display

    with tempfile.TemporaryDirectory(prefix="agent-toolbar-breakdown-") as tmp:
        config = Path(tmp) / "user.ini"
        toolbar_args = ["--config", str(config)]
        if args.demo:
            toolbar_args.append("--demo")
        else:
            toolbar_args += ["--server", "ws://127.0.0.1:9", "--login", "operator"]
        out = Path(tmp) / "marks.json"
        probe_argv = [sys.executable, str(Path(__file__).resolve()), "--probe", str(out)]
        bare_argv = [sys.executable, str(REPO / "bench" / "bare_window.py")]
        display = Display.start(Path(tmp))
        try:
            run_once(display, [*probe_argv, *toolbar_args], TOOLBAR_TITLE, out)  # warm-up
            run_once(display, bare_argv, BARE_TITLE, None)
            runs, bare = [], []
            for _ in range(args.runs):
                runs.append(run_once(display, [*probe_argv, *toolbar_args], TOOLBAR_TITLE, out))
                marks = run_once(display, bare_argv, BARE_TITLE, None)
                bare.append(marks["xdotool"] - marks["spawn"])
            importtime = Path(tmp) / "importtime.txt"
            run_once(display, [sys.executable, "-X", "importtime", *probe_argv[1:],
                               *toolbar_args], TOOLBAR_TITLE, out, stderr=importtime,
                     linger=1.0)  # fmt: skip
            times = import_times(importtime)
            before = set(Path(str(out) + ".modules").read_text().split())
            if args.profile:
                profile_argv = [*probe_argv, "--profile", str(args.profile)]
                run_once(display, [*profile_argv, *toolbar_args], TOOLBAR_TITLE, out)
                profile_text = Path(str(out) + ".prof.txt").read_text()
        finally:
            display.stop()

    mode = "--demo" if args.demo else "--server ws://127.0.0.1:9"
    print(f"toolbar from source ({mode}), Xvfb + openbox, {args.runs} runs after a warm-up, "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    summarise(runs, bare)
    print_imports(times, before)
    if args.profile:
        print(f"\ncProfile of one run up to the first paint (top {args.profile}):")
        print(profile_text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
