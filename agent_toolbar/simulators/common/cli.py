"""What every standalone simulator's command line shares.

The options every one takes (``--host``, ``--port``, ``--log-level``, ``--version``), the
logging set-up (one line a record on standard error), and serving until Ctrl+C or SIGTERM:
:func:`serve_until_stopped` starts the simulator (exit status 1 when the port cannot be
bound), prints its banner, waits for a signal, stops it and returns 0.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Callable, Coroutine, Iterable, Sequence
from typing import Any

from agent_toolbar import __version__
from agent_toolbar.simulators.common.lifecycle import SimulatorBase

__all__ = [
    "LEVELS",
    "add_listen_options",
    "add_log_level",
    "add_logins",
    "add_remote_control",
    "add_seed",
    "add_version",
    "parse_or_status",
    "run",
    "serve_until_stopped",
    "setup_logging",
    "stop_on_signals",
]

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def add_listen_options(parser: argparse.ArgumentParser, default_port: int) -> None:
    """``--host`` (default 127.0.0.1) and ``--port`` (``default_port``; 0: any free)."""
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=default_port, help=f"port ({default_port}; 0 = any free)"
    )


def add_logins(parser: argparse.ArgumentParser, defaults: Iterable[str]) -> None:
    """``--login NAME`` (repeatable): operators known besides ``defaults``."""
    parser.add_argument(
        "--login",
        action="append",
        default=[],
        metavar="NAME",
        help=f"another operator login, besides {', '.join(defaults)} (repeatable)",
    )


def add_seed(parser: argparse.ArgumentParser) -> None:
    """``--seed N``: the seed of every random choice (none: a different run each time)."""
    parser.add_argument("--seed", type=int, default=None, help="seed for a reproducible run")


def add_remote_control(
    parser: argparse.ArgumentParser,
    help: str = "accept the control channel on a non-loopback address",
) -> None:
    """``--allow-remote-control``: serve the control API on a non-loopback bind too."""
    parser.add_argument("--allow-remote-control", action="store_true", help=help)


def add_log_level(parser: argparse.ArgumentParser, help: str | None = None) -> None:
    """``--log-level`` (one of :data:`LEVELS`, any case; INFO by default)."""
    parser.add_argument("--log-level", type=str.upper, choices=LEVELS, default="INFO", help=help)


def add_version(parser: argparse.ArgumentParser) -> None:
    """``--version``: the toolbar's version."""
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")


def parse_or_status(
    parser: argparse.ArgumentParser, argv: Sequence[str] | None
) -> argparse.Namespace | int:
    """Parse ``argv``; for ``--help`` or a bad command line, the exit status instead."""
    try:
        return parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)


def setup_logging(level: str, *, quiet_websockets: bool = False) -> None:
    """Log at ``level`` to standard error, one line a record.

    ``quiet_websockets``: the library's own records at WARNING unless ``level`` is DEBUG.
    """
    logging.basicConfig(
        level=getattr(logging, level),
        format="%(asctime)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    if quiet_websockets and level != "DEBUG":
        logging.getLogger("websockets").setLevel(logging.WARNING)


def run(main: Coroutine[Any, Any, int]) -> int:
    """Run the serving coroutine; its exit status (0 on Ctrl+C where signals are not hooked)."""
    try:
        return asyncio.run(main)
    except KeyboardInterrupt:  # platforms without loop signal handlers
        return 0


def stop_on_signals() -> asyncio.Event:
    """An event set on SIGINT or SIGTERM (where the loop can hook them; else Ctrl+C only)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
    return stop


async def serve_until_stopped(
    sim: SimulatorBase, host: str, port: int, banner: Callable[[], None]
) -> int:
    """Start ``sim`` on ``host:port``, print ``banner()``, serve until a signal, stop it.

    The signals are hooked before the banner is printed, so a supervisor that waits for
    it may stop the simulator at once. Returns 1 (after saying why on standard error) when
    the port cannot be bound, else 0.
    """
    try:
        await sim.start(host, port)
    except OSError as exc:
        print(f"agent-toolbar-sim: cannot listen on {host}:{port}: {exc}", file=sys.stderr)
        return 1
    stop = stop_on_signals()
    banner()
    print("Press Ctrl+C to stop.", flush=True)
    try:
        await stop.wait()
    finally:
        await sim.stop()
        print("Simulator stopped.", flush=True)
    return 0
