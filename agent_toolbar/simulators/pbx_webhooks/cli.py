"""Command line of the fake cloud PBX: POST scripted call flows to a webhook URL.

``python -m agent_toolbar.simulators.pbx_webhooks.cli --url URL --flow mix --count 100
--rate 20`` prints one JSON summary line (requests sent, answers by status, transport errors,
elapsed seconds) and exits 0 when every request was answered 2xx, 1 otherwise, 2 on bad usage.
The URL holds the webhook's secret, so it may come from ``PBX_WEBHOOK_URL`` instead of the
command line (visible to other users in the process list), and it is never printed.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import sys
import time
from typing import get_args

from agent_toolbar.simulators.common.cli import parse_or_status
from agent_toolbar.simulators.pbx_webhooks.flows import (
    FLOWS,
    SEED_CITY,
    SEED_OPERATORS,
    FlowFactory,
    build,
)
from agent_toolbar.simulators.pbx_webhooks.hooks import CodeMode, Mode, NumberMode, Quirks
from agent_toolbar.simulators.pbx_webhooks.pbx import FakePbx, FlowRun

URL_ENV = "PBX_WEBHOOK_URL"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pbx-webhooks-sim", description="POST a cloud PBX's call events to a webhook URL."
    )
    parser.add_argument("--url", help=f"the webhook URL (default: ${URL_ENV})")
    parser.add_argument("--flow", default="mix", choices=[*FLOWS, "mix"], help="flow to run")
    parser.add_argument("--count", type=int, default=1, help="how many calls (flows)")
    parser.add_argument("--rate", type=float, default=0.0, help="calls started per second")
    parser.add_argument("--concurrency", type=int, default=10, help="calls under way at once")
    parser.add_argument("--pause", type=float, default=0.0, help="seconds between a call's steps")
    parser.add_argument("--seed", type=int, default=0, help="seed of every random choice")
    parser.add_argument(
        "--operators",
        default=",".join(SEED_OPERATORS),
        help="employees' numbers rung, comma-separated",
    )
    parser.add_argument("--city", default=SEED_CITY, help="the account's city number")
    parser.add_argument("--codes", default="string", choices=get_args(CodeMode))
    parser.add_argument("--start-time", default="examples", choices=get_args(Mode))
    parser.add_argument("--numbers", default="examples", choices=get_args(NumberMode))
    parser.add_argument("--duplicates", type=float, default=0.0, help="probability per request")
    parser.add_argument("--reorder", type=float, default=0.0, help="probability per step")
    return parser


def summary(runs: list[FlowRun], elapsed: float) -> dict[str, object]:
    """What a run sent and got, as one JSON-ready mapping."""
    statuses: collections.Counter[str] = collections.Counter()
    errors = 0
    for run in runs:
        for posted in run.posted:
            if posted.status is None:
                errors += 1
            else:
                statuses[str(posted.status)] += 1
    requests = sum(len(run.posted) for run in runs)
    return {
        "flows": len(runs),
        "requests": requests,
        "statuses": dict(sorted(statuses.items())),
        "errors": errors,
        "elapsed": round(elapsed, 3),
        "requests_per_second": round(requests / elapsed, 1) if elapsed > 0 else None,
    }


async def _run(args: argparse.Namespace, url: str) -> int:
    quirks = Quirks(args.codes, args.start_time, args.numbers, args.duplicates, args.reorder)
    factory = FlowFactory(seed=args.seed, quirks=quirks, city=args.city)
    operators = [number.strip() for number in args.operators.split(",") if number.strip()]
    flows = [build(args.flow, factory, operators) for _ in range(args.count)]
    started = time.monotonic()
    async with FakePbx(url, pause=args.pause, connections=max(1, args.concurrency) * 4) as pbx:
        runs = await pbx.run_flows(flows, concurrency=args.concurrency, rate=args.rate)
    print(json.dumps(summary(runs, time.monotonic() - started)), flush=True)
    return 0 if all(run.all_ok for run in runs) else 1


def main(argv: list[str] | None = None) -> int:
    """Run the fake PBX once; return the process exit code."""
    parser = _parser()
    args = parse_or_status(parser, argv)
    if isinstance(args, int):
        return args
    url = args.url or os.environ.get(URL_ENV, "")
    if not url.startswith(("http://", "https://")):
        print(f"pbx-webhooks-sim: give --url or ${URL_ENV} (http:// or https://)", file=sys.stderr)
        return 2
    if args.count < 1 or args.rate < 0 or not args.operators.strip():
        print(
            "pbx-webhooks-sim: --count ≥ 1, --rate ≥ 0 and --operators are needed", file=sys.stderr
        )
        return 2
    return asyncio.run(_run(args, url))


if __name__ == "__main__":
    sys.exit(main())
