"""Command line of the fake Autosecretary platform: activate, then play scripted calls.

``python -m agent_toolbar.simulators.autosecretary.cli --url https://crm/api --user crm
--password-file secret --scenario answered --calls 2 --talk 10`` prints one JSON line for the
activation test and one per call (its ``CallID`` as an exact integer, the events it sent,
what it did, its polls, how it ended). The password comes from ``--password-file`` (a file
nobody but its owner may read: mode 0600 or stricter) or from ``AUTOSECRETARY_PASSWORD``,
never from the command line. Exit status: 0 when the activation passed and no call had its
requests stopped, 1 otherwise, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import stat
import sys
from pathlib import Path

from agent_toolbar.simulators.autosecretary.call import PlatformCall
from agent_toolbar.simulators.autosecretary.platform import FakePlatform
from agent_toolbar.simulators.autosecretary.script import SCENARIOS
from agent_toolbar.simulators.common.cli import parse_or_status

URL_ENV = "AUTOSECRETARY_CRM_URL"
USER_ENV = "AUTOSECRETARY_USER"
PASSWORD_ENV = "AUTOSECRETARY_PASSWORD"


class UsageError(Exception):
    """A command line the platform cannot run with."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="autosecretary-sim", description="Play the Autosecretary platform towards a CRM API."
    )
    parser.add_argument("--url", help=f"the CRM's base URL (default: ${URL_ENV})")
    parser.add_argument("--user", help=f"Basic auth user (default: ${USER_ENV})")
    parser.add_argument("--password-file", type=Path, help=f"0600 file (or ${PASSWORD_ENV})")
    parser.add_argument("--scenario", default="answered", choices=sorted(SCENARIOS))
    parser.add_argument("--calls", type=int, default=1, help="how many calls, one after another")
    parser.add_argument(
        "--talk", type=float, default=10.0, help="seconds before the caller hangs up"
    )
    parser.add_argument("--poll-interval", type=float, default=3.0, help="seconds between GETs")
    parser.add_argument("--un", help="the universal number (UN)")
    parser.add_argument("--an", help="the caller's number (AN)")
    parser.add_argument("--dn", help="destinations, comma-separated (DN1)")
    parser.add_argument("--ext", help="a short number to transfer to (EXT1)")
    parser.add_argument("--transfer-result", default="1280", help="Result of every transfer")
    parser.add_argument("--seed", type=int, default=0, help="seed of the CallIDs")
    parser.add_argument("--activate-only", action="store_true", help="only the activation test")
    return parser


def read_password(path: Path | None) -> str:
    """The Basic password from a private file or the environment.

    Raises:
        UsageError: no password, or a file others may read.
    """
    if path is None:
        password = os.environ.get(PASSWORD_ENV, "")
        if not password:
            raise UsageError(f"give --password-file or ${PASSWORD_ENV}")
        return password
    try:
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise UsageError(f"{path} may be read by others: chmod 600 it")
        return path.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from error


def _call_line(call: PlatformCall) -> str:
    record = call.record
    return json.dumps(
        {
            "CallID": call.call_id,
            "events": [event.name for event in record.event_types()],
            "suppressed": len(record.suppressed),
            "actions": record.actions,
            "polls": record.polls,
            "stopped": record.stopped,
            "polling_stopped": record.polling_stopped,
            "end": None if record.end is None else int(record.end),
        },
        ensure_ascii=False,
    )


async def _run(args: argparse.Namespace, url: str, user: str, password: str) -> int:
    script = SCENARIOS[args.scenario].with_(talk=args.talk)
    changes: dict[str, object] = {}
    if args.an:
        changes["an"] = args.an
    if args.dn:
        changes["dn"] = tuple(n.strip() for n in args.dn.split(",") if n.strip())
    if args.ext:
        changes["ext"] = args.ext
    if changes:
        script = script.with_(**changes)
    options: dict[str, object] = {"un": args.un} if args.un else {}
    async with FakePlatform(
        url,
        user,
        password,
        poll_interval=args.poll_interval,
        transfer_result=args.transfer_result,
        seed=args.seed,
        **options,  # type: ignore[arg-type]
    ) as platform:
        activation = await platform.activate()
        print(json.dumps({"activation": activation.ok, "reasons": activation.reasons}), flush=True)
        if not activation.ok:
            return 1
        status = 0
        for _ in range(0 if args.activate_only else args.calls):
            call = await platform.run_call(script)
            print(_call_line(call), flush=True)
            status = status or (1 if call.record.stopped else 0)
        return status


def main(argv: list[str] | None = None) -> int:
    """Run the fake platform once; return the process exit code."""
    parser = _parser()
    args = parse_or_status(parser, argv)
    if isinstance(args, int):
        return args
    try:
        url = args.url or os.environ.get(URL_ENV, "")
        if not url.startswith(("http://", "https://")):
            raise UsageError(f"give --url or ${URL_ENV} (http:// or https://)")
        user = args.user or os.environ.get(USER_ENV, "")
        if not user:
            raise UsageError(f"give --user or ${USER_ENV}")
        if args.calls < 0 or args.talk < 0 or args.poll_interval <= 0:
            raise UsageError("--calls ≥ 0, --talk ≥ 0 and --poll-interval > 0")
        password = read_password(args.password_file)
    except UsageError as error:
        print(f"autosecretary-sim: {error}", file=sys.stderr)
        return 2
    return asyncio.run(_run(args, url, user, password))


if __name__ == "__main__":
    sys.exit(main())
