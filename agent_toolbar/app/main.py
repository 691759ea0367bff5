"""The composition root: command line, QApplication, asyncio on the Qt loop, wiring.

Startup follows the shape that works on Python 3.11: create the ``QApplication`` (a tray
app: closing the last window does not quit), then ``asyncio.Runner(loop_factory=
qasync.QEventLoop)`` runs :meth:`Toolbar.run`, which builds everything, connects, and waits
until the operator quits (tray menu, window, SIGTERM/SIGINT, or the session manager's
``aboutToQuit``). Quitting detaches from the operator (``DetachFromUser``), stops the
in-process simulator of ``--demo``, saves the window geometry and cancels nothing it has
not awaited, so no "Task was destroyed but it is pending" is ever printed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from agent_toolbar import logs
from agent_toolbar.app.cli import Options, parse_args, version_text

if TYPE_CHECKING:
    from agent_toolbar.app.shell import Toolbar
    from agent_toolbar.settings import Settings

log = logging.getLogger("agent_toolbar.app.main")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``agent-toolbar``; return the process exit code."""
    options = parse_args(sys.argv[1:] if argv is None else argv)
    if options.version:
        print(version_text())
        return 0
    # Qt is imported only now: --version and --help need no display and no Qt libraries.
    from agent_toolbar.settings import Settings

    settings = Settings(user=options.config, system=system_config_path(options))
    problem = backend_problem(options)
    if problem:
        print(f"agent-toolbar: {problem}", file=sys.stderr)
        return 2
    refusal = apply_overrides(settings, options)
    if refusal is not None:
        print(f"agent-toolbar: {refusal}", file=sys.stderr)
        return 2
    log_file = logs.setup_logging(
        options.log_level or settings.text("logging/level"),
        wire=settings.flag("logging/wire"),
    )
    log.info("%s starting (log: %s)", version_text(), log_file or "console only")
    log.info("settings: user %s, system %s", settings.user_path, settings.system_path)
    return run_app(options, settings, log_file)


def system_config_path(options: Options) -> Path | None:
    """The system file to read: ``--system-config``, except in a frozen (installed) build.

    An installed toolbar reads only the administrator's file: a file named on the command
    line would replace it and lift every lock.
    """
    if options.system_config is not None and getattr(sys, "frozen", False):
        print(
            "agent-toolbar: --system-config is ignored in an installed build "
            "(the administrator's file is used)",
            file=sys.stderr,
        )
        return None
    return options.system_config


def apply_overrides(settings: Settings, options: Options) -> str | None:
    """``--backend``/``--server``/``--login`` (and ``--demo``'s backend) for this run only.

    ``--demo`` runs Naumen's simulator unless ``--backend`` names another system.

    Returns:
        Why the command line is refused (``--server`` while the administrator locked
        ``cti/url``), or None when it was applied.
    """
    if options.server and not options.demo and settings.is_locked("cti/url"):
        return (
            "cti/url is locked by your administrator: --server cannot change the CTI server "
            "(use --demo for the built-in simulator)"
        )
    from agent_toolbar.backends import registry

    if options.backend is not None:
        settings.override("cti/backend", options.backend)
    if options.demo:
        settings.override("cti/backend", options.backend or registry.DEFAULT)
        settings.override("cti/login", options.login or "operator")
    if options.server:
        settings.override("cti/url", options.server)
    if options.login:
        settings.override("cti/login", options.login)
    return None


def backend_problem(options: Options) -> str:
    """Why ``--backend`` (or ``--demo --backend``) cannot be used, or ``""``."""
    from agent_toolbar.backends import registry

    name = options.backend
    if name is None:
        return ""
    spec = registry.get(name)
    known = ", ".join(registry.names())
    if spec is None:
        return f"unknown backend {name!r} (known: {known})"
    if options.demo and spec.simulator is None:
        with_demo = ", ".join(n for n, s in registry.specs().items() if s.simulator)
        return (
            f"backend {name!r} has no built-in simulator for --demo (those with one: {with_demo})"
        )
    return ""


def run_app(options: Options, settings: Settings, log_file: Path | None) -> int:
    """Create the QApplication and run the toolbar on the Qt loop until it quits."""
    import qasync  # after agent_toolbar.qt (imported by settings): binds to PySide6

    from agent_toolbar.app import i18n
    from agent_toolbar.app.shell import Toolbar
    from agent_toolbar.app.single_instance import SingleInstance
    from agent_toolbar.qt import QApplication, QIcon
    from agent_toolbar.resources import icon_path

    app = QApplication.instance() or QApplication(["agent-toolbar", *options.qt_args])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    app.setApplicationName("agent-toolbar")
    app.setOrganizationName("agent-toolbar")
    app.setDesktopFileName("agent-toolbar")
    app.setWindowIcon(QIcon(str(icon_path("agent-toolbar"))))
    i18n.install_translations(settings.text("ui/language"), app)

    instance: SingleInstance | None = None
    if not options.smoke:
        instance = SingleInstance()
        if not instance.claim():
            return 0
    toolbar = Toolbar(options, settings, log_file=log_file, instance=instance)
    restore_hook = logs.install_excepthook(toolbar.report_error)
    runner = asyncio.Runner(loop_factory=qasync.QEventLoop)
    try:
        code = _run_to_the_end(runner, toolbar)
    finally:
        with contextlib.suppress(Exception):
            runner.close()
        restore_hook()
        if instance is not None:
            instance.release()
    log.info("agent-toolbar stopped (exit code %d)", code)
    logging.shutdown()
    return code


#: How many times an outside quit may cut the shutdown short before we stop finishing it.
QUIT_RETRIES = 5


def _run_to_the_end(runner: asyncio.Runner, toolbar: Toolbar) -> int:
    """Run the toolbar; if the Qt loop is ended from outside, finish the shutdown anyway.

    A session manager may quit the QApplication (even repeatedly, while we are still
    detaching): each time the loop stops before the shutdown completed, spin it again.
    """
    attempt = toolbar.run
    for _ in range(QUIT_RETRIES):
        try:
            return runner.run(attempt())
        except RuntimeError as exc:
            if "Event loop stopped before Future completed" not in str(exc):
                raise
            log.info("the Qt loop ended early: finishing the shutdown")
            attempt = toolbar.finish
    log.warning("the Qt loop kept ending before the shutdown finished; giving up on it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
