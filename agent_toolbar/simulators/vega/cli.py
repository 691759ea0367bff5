"""``agent-toolbar-sim --backend vega``: run the Vega PBX simulator as a standalone server.

Usage::

    agent-toolbar-sim --backend vega [--host 127.0.0.1] [--port 8099] [--scenario idle|demo]
        [--extension 101] [--tls-cert PEM --tls-key PEM] [--auth none|basic|bearer]
        [--auth-user NAME] [--auth-secret-file PATH] [--clock-offset-ms N]
        [--server-time-as-string] [--seed N] [--allow-remote-control] [--log-level LEVEL]

(:func:`main` takes the arguments after ``--backend vega``.) The secret for ``--auth`` comes
from ``--auth-secret-file`` (a file that is not readable by group or others) or from the
environment variable ``AGENT_TOOLBAR_SIM_SECRET`` — never from the command line, which other
users can read. It prints the URL it listens on, logs every frame at INFO (phone numbers
masked) and stops cleanly on Ctrl+C or SIGTERM. Exit status: 0 after a clean stop, 1 when
the port cannot be bound or the certificate cannot be loaded, 2 for a bad command line.
"""

from __future__ import annotations

import argparse
import os
import ssl
import stat
import sys
from pathlib import Path

from agent_toolbar.simulators.common.cli import (
    add_listen_options,
    add_log_level,
    add_remote_control,
    add_seed,
    add_version,
    run,
    serve_until_stopped,
    setup_logging,
)
from agent_toolbar.simulators.vega.control import CONTROL_SUBPROTOCOL
from agent_toolbar.simulators.vega.data import EMPLOYEES, GROUPS, OPERATOR_EXT
from agent_toolbar.simulators.vega.scenarios import SCENARIOS
from agent_toolbar.simulators.vega.server import DEFAULT_PORT, SimAuth, VegaSimulator

__all__ = ["SECRET_ENV", "build_parser", "main"]

SECRET_ENV = "AGENT_TOOLBAR_SIM_SECRET"


class _UsageError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    parser = argparse.ArgumentParser(
        prog="agent-toolbar-sim --backend vega",
        description="A Vega PBX call-event simulator (WebSocket, WSS with a certificate).",
    )
    add_listen_options(parser, DEFAULT_PORT)
    parser.add_argument(
        "--scenario", choices=SCENARIOS, default="idle", help="what happens by itself (idle)"
    )
    parser.add_argument(
        "--extension", default=OPERATOR_EXT, help=f"the demo operator ({OPERATOR_EXT})"
    )
    parser.add_argument("--tls-cert", type=Path, help="certificate chain (PEM): serve wss://")
    parser.add_argument("--tls-key", type=Path, help="private key (PEM) of --tls-cert")
    parser.add_argument(
        "--auth", choices=("none", "basic", "bearer"), default="none", help="handshake auth"
    )
    parser.add_argument("--auth-user", default="", help="user name for --auth basic")
    parser.add_argument(
        "--auth-secret-file", type=Path, help=f"file holding the secret (else ${SECRET_ENV})"
    )
    parser.add_argument(
        "--clock-offset-ms", type=int, default=0, help="the PBX clock minus ours (skew)"
    )
    parser.add_argument(
        "--server-time-as-string", action="store_true", help='send serverTime as "digits"'
    )
    add_seed(parser)
    add_remote_control(parser)
    add_log_level(parser, "logging level")
    add_version(parser)
    return parser


def _secret(args: argparse.Namespace) -> str:
    if args.auth_secret_file is not None:
        path: Path = args.auth_secret_file
        try:
            mode = path.stat().st_mode
            if mode & (stat.S_IRWXG | stat.S_IRWXO):
                raise _UsageError(f"{path} is readable by others: chmod 600 it")
            secret = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise _UsageError(f"cannot read {path}: {exc.strerror}") from None
    else:
        secret = os.environ.get(SECRET_ENV, "").strip()
    if not secret:
        raise _UsageError(f"--auth {args.auth} needs --auth-secret-file or ${SECRET_ENV}")
    return secret


def _build(args: argparse.Namespace) -> VegaSimulator:
    auth = None
    if args.auth != "none":
        if args.auth == "basic" and not args.auth_user:
            raise _UsageError("--auth basic needs --auth-user")
        auth = SimAuth(args.auth, _secret(args), args.auth_user)
    context = None
    if (args.tls_cert is None) != (args.tls_key is None):
        raise _UsageError("--tls-cert and --tls-key go together")
    if args.tls_cert is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
    return VegaSimulator(
        args.scenario,
        extension=args.extension,
        auth=auth,
        ssl_context=context,
        clock_offset_ms=args.clock_offset_ms,
        server_time_as_string=args.server_time_as_string,
        seed=args.seed,
        allow_remote_control=args.allow_remote_control,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the simulator until interrupted; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging(args.log_level, quiet_websockets=True)
    try:
        sim = _build(args)
    except _UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"agent-toolbar-sim: {exc}", file=sys.stderr)
        return 2
    except (OSError, ssl.SSLError) as exc:
        print(f"agent-toolbar-sim: cannot load the certificate: {exc}", file=sys.stderr)
        return 1
    return run(_serve(sim, args))


async def _serve(sim: VegaSimulator, args: argparse.Namespace) -> int:
    def banner() -> None:
        people = ", ".join(f"{e.ext} {e.display_name}" for e in EMPLOYEES.values())
        print(f"Vega PBX simulator listening on {sim.url}", flush=True)
        print(f"  scenario {args.scenario}; the operator is extension {args.extension}")
        print(f"  employees: {people}; groups: {', '.join(GROUPS)}")
        print(f"  authentication: {args.auth}")
        if sim.control_allowed:
            print(f"  control channel: subprotocol {CONTROL_SUBPROTOCOL} on the same port")

    return await serve_until_stopped(sim, args.host, args.port, banner)


if __name__ == "__main__":
    sys.exit(main())
