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
import os
import stat
import sys

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
from agent_toolbar.simulators.oktell.control import CONTROL_PATH
from agent_toolbar.simulators.oktell.scenarios import SCENARIOS
from agent_toolbar.simulators.oktell.simulator import (
    DEFAULT_OPERATORS,
    DEFAULT_PASSWORD,
    DEFAULT_PORT,
    Simulator,
)

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    parser = argparse.ArgumentParser(
        prog="agent-toolbar-sim --backend oktell",
        description="An Oktell server HTTP Web-API simulator.",
    )
    add_listen_options(parser, DEFAULT_PORT)
    parser.add_argument("--scenario", choices=SCENARIOS, default="idle", help="(idle)")
    add_logins(parser, DEFAULT_OPERATORS)
    parser.add_argument("--password-file", metavar="PATH", help="the Basic password (0600)")
    parser.add_argument("--xml-encoding", choices=("utf-8", "utf-16"), default="utf-8")
    add_seed(parser)
    add_remote_control(parser, f"serve {CONTROL_PATH} on a non-loopback address")
    add_log_level(parser)
    add_version(parser)
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
    setup_logging(args.log_level)
    try:
        password = _password(args.password_file)
    except (OSError, ValueError) as exc:
        print(f"agent-toolbar-sim: {exc}", file=sys.stderr)
        return 1
    return run(_serve(args, password))


async def _serve(args: argparse.Namespace, password: str) -> int:
    sim = Simulator(
        args.scenario,
        operators=args.login,
        password=password,
        xml_encoding=args.xml_encoding,
        seed=args.seed,
        allow_remote_control=args.allow_remote_control,
    )

    def banner() -> None:
        print(f"Oktell Web-API simulator listening on {sim.url}", flush=True)
        print(f"  scenario {args.scenario}; Basic auth as any login below or admin")
        for login in sim.logins():
            op = sim.world.get(login)
            print(f"  {login}: user id {op.user_id}, line {op.line_number}, number {op.number}")
        if sim.control_allowed:
            print(f"  control: POST {sim.url}{CONTROL_PATH}")

    return await serve_until_stopped(sim, args.host, args.port, banner)


if __name__ == "__main__":
    sys.exit(main())
