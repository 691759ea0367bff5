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
import sys

from agent_toolbar.backends.naumen.messages import SUBPROTOCOL
from agent_toolbar.simulators.common.cli import (
    add_listen_options,
    add_log_level,
    add_logins,
    add_remote_control,
    add_seed,
    add_version,
    run,
    serve_until_stopped,
    setup_logging,
)
from agent_toolbar.simulators.naumen.simulator import (
    CONTROL_SUBPROTOCOL,
    DEFAULT_OPERATORS,
    DEFAULT_PORT,
    SCENARIOS,
    Simulator,
)

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    parser = argparse.ArgumentParser(
        prog="agent-toolbar-sim [--backend naumen]",
        description="A Naumen Contact Center CTI API simulator (protocol version 13).",
    )
    add_listen_options(parser, DEFAULT_PORT)
    parser.add_argument(
        "--scenario", choices=SCENARIOS, default="idle", help="what happens by itself (idle)"
    )
    add_logins(parser, DEFAULT_OPERATORS)
    parser.add_argument(
        "--webphone",
        action="append",
        default=[],
        metavar="NAME",
        help="an operator whose phone is a WebPhone (repeatable)",
    )
    add_seed(parser)
    add_remote_control(parser)
    add_log_level(parser, "logging level (INFO logs every command and event)")
    add_version(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the simulator until interrupted; returns the exit status."""
    args = build_parser().parse_args(argv)
    setup_logging(args.log_level, quiet_websockets=True)
    return run(_serve(args))


async def _serve(args: argparse.Namespace) -> int:
    sim = Simulator(
        args.scenario,
        operators=args.login,
        seed=args.seed,
        webphone_logins=args.webphone,
        allow_remote_control=args.allow_remote_control,
    )

    def banner() -> None:
        webphones = set(args.webphone)
        logins = ", ".join(f"{x} (WebPhone)" if x in webphones else x for x in sim.logins())
        print(f"Naumen CTI simulator listening on {sim.url}", flush=True)
        print(f"  subprotocol {SUBPROTOCOL}, protocol version 13, scenario {args.scenario}")
        print(f"  operators: {logins}")
        if sim.control_allowed:
            print(f"  control channel: subprotocol {CONTROL_SUBPROTOCOL} on the same port")
        print("  directory: " + "; ".join(f"{n} {b}" for n, _label, b in sim.directory()))

    return await serve_until_stopped(sim, args.host, args.port, banner)


if __name__ == "__main__":
    sys.exit(main())
