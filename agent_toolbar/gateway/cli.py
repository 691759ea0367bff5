"""``agent-toolbar-gateway --config gateway.ini``: run the gateway until SIGTERM / SIGINT.

Exit codes: 0 after a clean stop, 2 for a configuration the gateway refuses (the message on
stderr says what to fix: a secret in the INI, a secret file every user can read, a missing
variable …), 1 when it cannot listen (address in use, bad certificate).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from agent_toolbar import __version__
from agent_toolbar.gateway import logfmt
from agent_toolbar.gateway.config import ConfigError, GatewayConfig, load
from agent_toolbar.gateway.server import Gateway

__all__ = ["main"]

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agent-toolbar-gateway",
        description="Receive PBX webhooks and Autosecretary CRM calls; fan them out to toolbars.",
    )
    parser.add_argument("--config", type=Path, required=True, help="the gateway's INI file")
    parser.add_argument("--log-level", help="DEBUG, INFO, WARNING or ERROR (overrides the INI)")
    parser.add_argument("--check", action="store_true", help="check the config and exit")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


async def _run(gateway: Gateway) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await gateway.start()
    # what start-up made lives as long as the process: out of the collector's full passes,
    # which otherwise walk it again and again while calls come and go
    gc.freeze()
    print(f"agent-toolbar-gateway: listening on {gateway.url}", file=sys.stderr, flush=True)
    try:
        await stop.wait()
    finally:
        await gateway.stop()


def _summary(config: GatewayConfig) -> str:
    """What to give the phone systems and the toolbars (no secret in it)."""
    scheme = "https" if config.tls_cert else "http (put TLS in front: a reverse proxy)"
    lines = [f"listens on {config.host}:{config.port}, {scheme}"]
    if config.webhook_token:
        lines.append("PBX webhook URL: https://<this host>/webhook/<the webhook token>")
    if config.autosecretary:
        lines.append(
            f"Autosecretary base URL: https://<this host>{config.autosecretary.base_path}, "
            f"user {config.autosecretary.user!r}, the configured password"
        )
    lines.append(
        f"toolbars: cti/url = wss://<this host>/toolbar, {len(config.operators)} operators"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    try:
        config = load(args.config)
    except ConfigError as exc:
        print(f"agent-toolbar-gateway: {exc}", file=sys.stderr)
        return 2
    logfmt.setup((args.log_level or config.log_level).upper(), config.secret_values())
    if args.check:
        print("agent-toolbar-gateway: the configuration is usable", file=sys.stderr)
        print(_summary(config))
        return 0
    try:
        asyncio.run(_run(Gateway(config)))
    except OSError as exc:
        log.error("cannot listen: %s", exc)
        print(f"agent-toolbar-gateway: cannot listen: {exc}", file=sys.stderr)
        return 1
    return 0
