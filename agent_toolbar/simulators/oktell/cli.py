"""Run the Oktell Web-API simulator as a standalone server.

Usage (wired as ``agent-toolbar-sim --backend oktell``)::

    ... --host 127.0.0.1 --port 4055 [--scenario idle|demo] [--login NAME ...]
        [--password-file PATH] [--xml-encoding utf-8|utf-16] [--seed N]
        [--allow-remote-control] [--log-level LEVEL]

The Basic password of every login (and ``admin``) is ``oktell`` unless ``--password-file``
names a file that is not readable by others, or ``OKTELL_SIM_PASSWORD`` is set. It prints the
URL, logs every command at INFO and every read at DEBUG (numbers masked) and stops
cleanly on Ctrl+C or SIGTERM.
Exit status: 0 after a clean stop, 1 when the port cannot be bound or the password file is
unsafe, 2 for a bad command line.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import stat
import sys

from agent_toolbar import __version__
from agent_toolbar.simulators.oktell.control import CONTROL_PATH
from agent_toolbar.simulators.oktell.scenarios import SCENARIOS
from agent_toolbar.simulators.oktell.simulator import (
    DEFAULT_OPERATORS,
    DEFAULT_PASSWORD,
    DEFAULT_PORT,
    Simulator,
)

__all__ = ["build_parser", "main"]

_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    parser = argparse.ArgumentParser(
        prog="agent-toolbar-sim --backend oktell",
        description="An Oktell server HTTP Web-API simulator.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port ({DEFAULT_PORT}; 0 = any free)"
    )
    parser.add_argument("--scenario", choices=SCENARIOS, default="idle", help="(idle)")
    parser.add_argument(
        "--login",
        action="append",
        default=[],
        metavar="NAME",
        help=f"another operator login, besides {', '.join(DEFAULT_OPERATORS)} (repeatable)",
    )
    parser.add_argument("--password-file", metavar="PATH", help="the Basic password (0600)")
    parser.add_argument("--xml-encoding", choices=("utf-8", "utf-16"), default="utf-8")
    parser.add_argument("--seed", type=int, default=None, help="seed for a reproducible run")
    parser.add_argument(
        "--allow-remote-control",
        action="store_true",
        help=f"serve {CONTROL_PATH} on a non-loopback address",
    )
    parser.add_argument("--log-level", type=str.upper, choices=_LEVELS, default="INFO")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _password(path: str | None) -> str:
    if path is None:
        return os.environ.get("OKTELL_SIM_PASSWORD") or DEFAULT_PASSWORD
    mode = os.stat(path).st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise PermissionError(f"{path} is readable by others (chmod 600 it)")
    with open(path, encoding="utf-8") as handle:
        secret = handle.read().strip()
    if not secret:
        raise ValueError(f"{path} is empty")
    return secret


def main(argv: list[str] | None = None) -> int:
    """Run the simulator until interrupted; returns the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=getattr(logging, args.log_level),
        format="%(asctime)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    try:
        password = _password(args.password_file)
    except (OSError, ValueError) as exc:
        print(f"agent-toolbar-sim: {exc}", file=sys.stderr)
        return 1
    try:
        return asyncio.run(_serve(args, password))
    except KeyboardInterrupt:  # platforms without loop signal handlers
        return 0


async def _serve(args: argparse.Namespace, password: str) -> int:
    sim = Simulator(
        args.scenario,
        operators=args.login,
        password=password,
        xml_encoding=args.xml_encoding,
        seed=args.seed,
        allow_remote_control=args.allow_remote_control,
    )
    try:
        await sim.start(args.host, args.port)
    except OSError as exc:
        print(
            f"agent-toolbar-sim: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr
        )
        return 1
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
    print(f"Oktell Web-API simulator listening on {sim.url}", flush=True)
    print(f"  scenario {args.scenario}; Basic auth as any login below or admin")
    for login in sim.logins():
        op = sim.world.get(login)
        print(f"  {login}: user id {op.user_id}, line {op.line_number}, number {op.number}")
    if sim.control_allowed:
        print(f"  control: POST {sim.url}{CONTROL_PATH}")
    print("Press Ctrl+C to stop.", flush=True)
    try:
        await stop.wait()
    finally:
        await sim.stop()
        print("Simulator stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
