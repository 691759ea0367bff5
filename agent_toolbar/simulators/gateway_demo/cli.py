"""``agent-toolbar-sim --backend webhook|autosecretary``: the demo gateway and its fake, standalone.

Runs what ``--demo`` runs in-process (:mod:`agent_toolbar.simulators.gateway_demo`), as a
server on loopback until Ctrl+C, so several toolbars (the demo operator and the colleague)
can connect to it. It prints the toolbar URL and the logins; the toolbar tokens are written
to a file only its owner may read (``--tokens-file``, default in a fresh temporary
directory), never printed. Options: ``--port`` (default 0: a free one), ``--quiet`` (no
scripted calls: drive them with the fakes' own command lines, whose URLs ``--urls-file``
writes out, owner-only as well).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from agent_toolbar.simulators.common.cli import stop_on_signals

__all__ = ["run"]


def _parser(system: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"agent-toolbar-sim --backend {system}",
        description=f"The gateway on loopback with a fake {system} driving calls.",
    )
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: a free one)")
    parser.add_argument("--tokens-file", type=Path, help="where to write login = token lines")
    parser.add_argument("--urls-file", type=Path, help="where to write the fakes' URLs")
    parser.add_argument("--quiet", action="store_true", help="no scripted calls")
    return parser


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


async def _serve(system: str, ns: argparse.Namespace) -> int:
    from agent_toolbar.gateway.server import Gateway
    from agent_toolbar.simulators.gateway_demo import GatewayDemo, config_for

    config = config_for(port=ns.port)
    gateway = Gateway(config)
    await gateway.start()
    demo = GatewayDemo(system, gateway, config)
    tokens = ns.tokens_file or Path(tempfile.mkdtemp(prefix="agent-toolbar-sim-")) / "tokens"
    _write_private(tokens, "".join(f"{k} = {v}\n" for k, v in config.toolbar_tokens.items()))
    auth = config.autosecretary
    if ns.urls_file is not None and auth is not None:
        _write_private(
            ns.urls_file,
            f"webhook = {gateway.webhook_url}\ncrm = {gateway.crm_base_url}\n"
            f"crm_user = {auth.user}\n"
            f"crm_password = {auth.password}\n",
        )
    demo.drive("quiet" if ns.quiet else None)
    stop = stop_on_signals()  # before the banner: whoever reads it may stop us at once
    print(f"toolbar channel: {gateway.toolbar_url}", flush=True)
    print(f"logins: {', '.join(sorted(config.toolbar_tokens))}; tokens in {tokens}", flush=True)
    try:
        await stop.wait()
    finally:
        await demo.stop()
    return 0


def run(system: str, argv: Sequence[str]) -> int:
    """Parse ``argv`` and serve until interrupted."""
    ns = _parser(system).parse_args(list(argv))
    try:
        return asyncio.run(_serve(system, ns))
    except OSError as exc:
        print(f"agent-toolbar-sim: cannot listen: {exc}", file=sys.stderr)
        return 1
