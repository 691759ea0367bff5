"""Command-line options of ``agent-toolbar`` (the public contract in product.md).

``--demo`` runs against the built-in simulator; ``--config PATH`` uses that INI file as the
user file; ``--server URL`` and ``--login NAME`` override it for this run; ``--version``
prints the version; ``--smoke`` builds the whole UI, spins the loop once and exits 0.
A ``tel:``/``callto:``/``sip:`` link, ``--dial NUMBER`` and ``--command NAME`` are sent to the
running toolbar (:mod:`agent_toolbar.app.remote_commands`) instead of starting one.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from agent_toolbar import __version__
from agent_toolbar.app.remote_commands import (
    COMMANDS,
    InvalidNumberError,
    looks_like_link,
    normalise_dial,
)
from agent_toolbar.logs import LEVELS

PROG = "agent-toolbar"


@dataclass(frozen=True, slots=True)
class Options:
    """Parsed command line.

    Attributes:
        demo: Start the simulator in-process and connect to it.
        scenario: The simulator scenario for ``--demo``.
        backend: ``cti/backend`` for this run (with ``--demo``: whose simulator runs).
        config: The user INI file to use instead of the platform's.
        system_config: The system-wide INI file to use instead of the platform's.
        server: ``cti/url`` for this run only.
        login: ``cti/login`` for this run only.
        version: Print the version and exit.
        smoke: Build the UI, spin the loop once, exit 0.
        log_level: Log level for this run (overrides ``logging/level``).
        qt_args: Arguments left for Qt (``-platform``, ``-style`` …).
        dial: A number (from ``--dial`` or a link) for the running toolbar to call.
        command: A ``--command`` for the running toolbar.
        reason: The not-ready reason code for ``--command not-ready``.
    """

    demo: bool = False
    scenario: str = "demo"
    backend: str | None = None
    config: Path | None = None
    system_config: Path | None = None
    server: str | None = None
    login: str | None = None
    version: bool = False
    smoke: bool = False
    log_level: str | None = None
    qt_args: tuple[str, ...] = ()
    dial: str | None = None
    command: str | None = None
    reason: str = ""


def version_text() -> str:
    """What ``--version`` prints."""
    return f"{PROG} {__version__}"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to print ``--help``)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Desktop toolbar for contact-center operators.",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run against the built-in simulator (no server needed); calls arrive by themselves",
    )
    parser.add_argument("--scenario", default="demo", help=argparse.SUPPRESS)
    parser.add_argument(
        "--backend",
        metavar="NAME",
        help="phone system for this run (with --demo: whose built-in simulator runs)",
    )
    parser.add_argument(
        "--config", type=Path, metavar="PATH", help="use this INI file as the user settings file"
    )
    parser.add_argument(
        "--system-config",
        type=Path,
        metavar="PATH",
        help="use this INI file as the system-wide (administrator's) settings file",
    )
    parser.add_argument("--server", metavar="URL", help="CTI server address for this run")
    parser.add_argument("--login", metavar="NAME", help="operator login for this run")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="build the whole UI, spin the event loop once and exit 0 (packaging check)",
    )
    parser.add_argument(
        "--log-level",
        type=str.upper,
        choices=LEVELS,
        metavar="LEVEL",
        help="log level for this run: " + ", ".join(LEVELS),
    )
    parser.add_argument(
        "--dial",
        metavar="NUMBER",
        help="ask the running toolbar to call NUMBER (a tel:, callto: or sip: link works too)",
    )
    parser.add_argument(
        "--command",
        choices=COMMANDS,
        metavar="NAME",
        help="ask the running toolbar to do NAME: " + ", ".join(COMMANDS),
    )
    parser.add_argument(
        "--reason",
        default="",
        metavar="CODE",
        help="the not-ready reason code for --command not-ready (default: the first configured)",
    )
    return parser


def parse_args(argv: Sequence[str] | None = None) -> Options:
    """Parse ``argv`` (without the program name); unknown ``-options`` are left for Qt.

    Raises:
        SystemExit: On ``--help`` (code 0) or an invalid option value (code 2).
    """
    parser = build_parser()
    ns, rest = parser.parse_known_args(None if argv is None else list(argv))
    links = [a for a in rest if looks_like_link(a)]
    rest = [a for a in rest if a not in links]
    stray = [a for a in rest if not a.startswith("-")]
    if stray and not any(a.startswith("-") for a in rest):
        parser.error(f"unexpected argument: {stray[0]}")
    wanted = [w for w in (ns.dial, *links) if w is not None]
    if len(wanted) + (ns.command is not None) > 1:
        parser.error("give one link, --dial or --command at a time")
    dial: str | None = None
    if wanted:
        try:
            dial = normalise_dial(wanted[0])
        except InvalidNumberError as exc:
            parser.error(f"cannot dial {wanted[0][:80]!r}: {exc}")
    if ns.reason and ns.command != "not-ready":
        parser.error("--reason goes with --command not-ready")
    if ns.server is not None and not ns.server.strip():
        parser.error("--server needs an address, e.g. ws://host:8098")
    if ns.login is not None and not ns.login.strip():
        parser.error("--login needs a login name")
    return Options(
        demo=ns.demo,
        scenario=ns.scenario,
        backend=ns.backend.strip().lower() if ns.backend else None,
        config=ns.config,
        system_config=ns.system_config,
        server=ns.server.strip() if ns.server else None,
        login=ns.login.strip() if ns.login else None,
        version=ns.version,
        smoke=ns.smoke,
        log_level=ns.log_level,
        qt_args=tuple(rest),
        dial=dial,
        command=ns.command,
        reason=ns.reason.strip(),
    )
