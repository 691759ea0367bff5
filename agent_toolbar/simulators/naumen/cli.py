"""``agent-toolbar-sim``: run the Naumen CTI API simulator as a standalone server.

Usage::

    agent-toolbar-sim --host 127.0.0.1 --port 8098 [--scenario NAME] [--login NAME ...]
                      [--webphone NAME ...] [--seed N] [--allow-remote-control]
                      [--log-level LEVEL]

It prints the URL it listens on, logs every command and event at INFO (one line each) and
stops cleanly on Ctrl+C or SIGTERM. Exit status: 0 after a clean stop, 1 when the port
cannot be bound, 2 for a bad command line.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys

from agent_toolbar import __version__
from agent_toolbar.backends.naumen.messages import SUBPROTOCOL
from agent_toolbar.simulators.naumen.simulator import (
    CONTROL_SUBPROTOCOL,
    DEFAULT_OPERATORS,
    DEFAULT_PORT,
    SCENARIOS,
    Simulator,
)

__all__ = ["build_parser", "main"]

_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    parser = argparse.ArgumentParser(
        prog="agent-toolbar-sim [--backend naumen]",
        description="A Naumen Contact Center CTI API simulator (protocol version 13).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port ({DEFAULT_PORT}; 0 = any free)"
    )
    parser.add_argument(
        "--scenario", choices=SCENARIOS, default="idle", help="what happens by itself (idle)"
    )
    parser.add_argument(
        "--login",
        action="append",
        default=[],
        metavar="NAME",
        help=f"another operator login, besides {', '.join(DEFAULT_OPERATORS)} (repeatable)",
    )
    parser.add_argument(
        "--webphone",
        action="append",
        default=[],
        metavar="NAME",
        help="an operator whose phone is a WebPhone (repeatable)",
    )
    parser.add_argument("--seed", type=int, default=None, help="seed for a reproducible run")
    parser.add_argument(
        "--allow-remote-control",
        action="store_true",
        help="accept the control channel on a non-loopback address",
    )
    parser.add_argument(
        "--log-level",
        type=str.upper,
        choices=_LEVELS,
        default="INFO",
        help="logging level (INFO logs every command and event)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the simulator until interrupted; returns the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=getattr(logging, args.log_level),
        format="%(asctime)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    if args.log_level != "DEBUG":
        logging.getLogger("websockets").setLevel(logging.WARNING)
    try:
        return asyncio.run(_serve(args))
    except KeyboardInterrupt:  # platforms without loop signal handlers
        return 0


async def _serve(args: argparse.Namespace) -> int:
    sim = Simulator(
        args.scenario,
        operators=args.login,
        seed=args.seed,
        webphone_logins=args.webphone,
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
    webphones = set(args.webphone)
    logins = ", ".join(f"{x} (WebPhone)" if x in webphones else x for x in sim.logins())
    print(f"Naumen CTI simulator listening on {sim.url}", flush=True)
    print(f"  subprotocol {SUBPROTOCOL}, protocol version 13, scenario {args.scenario}")
    print(f"  operators: {logins}")
    if sim.control_allowed:
        print(f"  control channel: subprotocol {CONTROL_SUBPROTOCOL} on the same port")
    print("  directory: " + "; ".join(f"{n} {b}" for n, _label, b in sim.directory()))
    print("Press Ctrl+C to stop.", flush=True)
    try:
        await stop.wait()
    finally:
        await sim.stop()
        print("Simulator stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
