"""The running toolbar: backend, session, window, tray, dialogs and their wiring.

:class:`Toolbar` is what :func:`agent_toolbar.app.main.run_app` runs on the Qt loop. It owns
one *connection* at a time (backend + session + the views bound to that session); changing
connection settings replaces it. Nothing ever blocks the loop: the login step is opened
with ``open()`` and awaited through a future; settings and About are modeless, so calls can
be answered while they are open. Errors that escape anywhere are logged and shown in a
dismissable banner (or a tray message while the window is hidden); the toolbar keeps running.

The window comes first. Its connection starts with a stand-in backend
(:func:`~agent_toolbar.backends.registry.deferred_backend`)
and says "Connecting…"; only once the window
is on screen are the connection's modules loaded, the keyring read and the ``--demo``
simulator started (about 150 ms on a 2-core machine that the first frame does not need). The
dialogs' modules are loaded when first opened.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent_toolbar import logs
from agent_toolbar.app.cli import Options
from agent_toolbar.app.history import HistoryActions
from agent_toolbar.app.menu import MenuActions
from agent_toolbar.app.single_instance import SingleInstance
from agent_toolbar.backends import registry
from agent_toolbar.backends.registry import build_backend, deferred_backend
from agent_toolbar.cti.backend import Backend
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import QApplication, QObject, QtWidgets
from agent_toolbar.settings import Settings
from agent_toolbar.ui.common.session_bridge import SessionBridge
from agent_toolbar.ui.common.tr import fill
from agent_toolbar.ui.conference.conference_window import install_conferences
from agent_toolbar.ui.shell.tray import TrayIcon
from agent_toolbar.ui.window.error_banner import ErrorBanner, place_banner
from agent_toolbar.ui.window.first_frame import on_screen
from agent_toolbar.ui.window.main_window import MainWindow

if TYPE_CHECKING:  # loaded when needed (credentials: ~20 ms for importlib.metadata)
    from agent_toolbar.credentials import Credentials
    from agent_toolbar.ui.settings.settings_dialog import SettingsDialog
    from agent_toolbar.ui.shell.about_dialog import AboutDialog
    from agent_toolbar.ui.shell.screenpop_opener import ScreenPop

log = logging.getLogger(__name__)

STOP_TIMEOUT = 5.0


class Toolbar(MenuActions, HistoryActions, QObject):
    """The app while it runs (one per process).

    Menu dialogs come from :class:`MenuActions`, the call journal from
    :class:`~agent_toolbar.app.history.HistoryActions`.
    """

    def __init__(
        self,
        options: Options,
        settings: Settings,
        *,
        log_file: Path | None = None,
        instance: SingleInstance | None = None,
    ) -> None:
        """Prepare; :meth:`run` builds and connects."""
        super().__init__()
        self.options = options
        self.settings = settings
        self.log_file = log_file
        self.instance = instance
        self.credentials: Credentials | None = None
        self.simulator: Any = None
        # The connection's backend: a stand-in until the window is on screen, then the real one.
        self.backend: Backend | None = None
        self.session: Session | None = None
        self.window: MainWindow | None = None
        self.tray: TrayIcon | None = None
        self.banner: ErrorBanner | None = None
        self.screenpop: ScreenPop | None = None  # made with the first connection's call views
        self.settings_dialog: SettingsDialog | None = None
        self.about_dialog: AboutDialog | None = None
        self.diagnostics_dialog: QtWidgets.QFileDialog | None = None
        self._backend_task: asyncio.Task[None] | None = None
        self._credentials_task: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._quit: asyncio.Future[int] | None = None
        self._shutdown: asyncio.Task[int] | None = None

    # ------------------------------------------------------------------ life cycle

    async def run(self) -> int:
        """Build, connect, wait for quit, shut down; return the exit code."""
        loop = self._loop = asyncio.get_running_loop()
        self._quit = loop.create_future()
        loop.set_exception_handler(logs.loop_exception_handler(self.report_error))
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self.request_quit)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._qt_quitting)
        if self.options.smoke:
            return await self._smoke()
        if not self.settings.text("cti/login").strip():
            from agent_toolbar.ui.window.login_dialog import ask_login

            choice = await ask_login(self.settings)
            if choice is None:
                log.info("no login given: quitting")
                return await self.shutdown()
            self.settings.override("cti/login", choice.login)
        await self.open_connection()
        if self.instance is not None:
            self.instance.show_requested.connect(self.bring_forward)
        code = await self._quit
        await self.shutdown()
        return code

    def request_quit(self, code: int = 0) -> None:
        """Ask the toolbar to quit (idempotent)."""
        if self._quit is not None and not self._quit.done():
            log.info("quitting")
            self._quit.set_result(code)

    def _qt_quitting(self) -> None:
        # Something ended the Qt loop from outside (a session manager's quit). Nothing async
        # can run until the loop spins again: run_app then calls finish().
        if self._shutdown is None:
            log.info("the Qt event loop is being quit from outside")

    async def finish(self) -> int:
        """Quit and shut down (after the Qt loop was ended from outside)."""
        self.request_quit()
        return await self.shutdown()

    async def shutdown(self) -> int:
        """Detach, stop the simulator, save the geometry, close the views (once)."""
        if self._shutdown is None:
            # On the toolbar's loop explicitly: this may run while Qt is quitting and no loop
            # is current (asyncio would otherwise make a new one).
            loop = self._loop or asyncio.get_running_loop()
            self._shutdown = loop.create_task(self._do_shutdown())
        return await asyncio.shield(self._shutdown)

    async def _do_shutdown(self) -> int:
        while self._loop is not None and not self._loop.is_running():
            await asyncio.sleep(0)  # Qt was quit from outside: wait until run_app spins again
        app = QApplication.instance()
        if app is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                app.aboutToQuit.disconnect(self._qt_quitting)
        if self.window is not None:
            with contextlib.suppress(Exception):
                self.window.save_geometry()
        await self.close_connection()
        self.close_history()  # after the connection: the last call's last events are in
        if self.screenpop is not None:
            await self.screenpop.close()
        for dialog in (self.settings_dialog, self.about_dialog):
            if dialog is not None:
                dialog.close()
        if self.simulator is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.simulator.stop(), STOP_TIMEOUT)
            self.simulator = None
        pending = [t for t in self._tasks if not t.done()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        self.settings.sync()
        return self._quit.result() if self._quit is not None and self._quit.done() else 0

    # ------------------------------------------------------------------ connection

    async def open_connection(self) -> None:
        """Build session and views for the current settings, show them, start connecting.

        The backend is built (:meth:`_build_backend`) once the window is on screen.
        """
        # --demo: the simulator's address is known once it runs; show none until then.
        server = "" if self.options.demo and self.simulator is None else None
        backend = deferred_backend(self.settings, self._build_backend, server=server)
        session = Session(backend)
        self.backend, self.session = backend, session
        self._build_views(session)
        self._backend_task = asyncio.ensure_future(self._run_backend(backend))
        name = self.settings.text("cti/backend")
        if name not in registry.implemented() and self.banner is not None:
            self.banner.explain(
                fill(
                    self.tr(
                        "This version cannot connect to the “%1” phone system yet. "
                        "Choose Naumen in Settings → Server."
                    ),
                    name,
                )
            )
        self._credentials_soon()  # also for the settings dialog, which stores secrets with it

    async def _build_backend(self) -> Backend:
        """The real backend, built once the window is on screen (what it needs takes a while)."""
        history: asyncio.Task[None] | None = None
        if self.window is not None and self.session is not None:
            await on_screen(self.window)
            self._add_call_views(self.window, self.session)
            # The journal opens (in an executor) while the rest is prepared; it is attached
            # before the backend runs, so no call can come before it.
            history = self.spawn(self.attach_history(self.session))
        if self.options.demo and self.simulator is None:
            await self._start_simulator()
        headers: dict[str, str] = {}
        secrets: dict[str, str] = {}
        keys = registry.secret_keys(self.settings.text("cti/backend"))
        if self.settings.get("cti/auth") != "none" or keys:
            await asyncio.shield(self._credentials_soon())  # the handshake needs the secret
        if self.credentials is not None:
            from agent_toolbar.credentials import auth_headers_async, stored_secret_async

            if self.settings.get("cti/auth") != "none":
                headers = await auth_headers_async(self.settings, self.credentials)
            spec = registry.get(self.settings.text("cti/backend"))
            url_key = spec.server_key if spec is not None else "cti/url"
            for key in keys:  # each bound to the system's server origin, like cti/auth_secret
                value = await stored_secret_async(self.settings, self.credentials, key, url_key)
                if value:
                    secrets[key] = value
        backend = build_backend(self.settings, headers, secrets)
        if history is not None:
            try:
                await history
            except Exception:  # the journal never stops the toolbar
                log.exception("the call history could not be attached")
        self.backend = backend  # the stand-in runs it from now on (in this same loop turn)
        return backend

    async def _run_backend(self, backend: Backend) -> None:
        try:
            await backend.run()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception("the connection stopped with an error")
            self.report_error(f"{type(exc).__name__}: {exc}", "")

    async def close_connection(self) -> None:
        """Detach politely (``DetachFromUser``), stop the backend and drop the views."""
        backend, task = self.backend, self._backend_task
        self._backend_task = None
        if backend is not None:
            try:
                await asyncio.wait_for(backend.stop(), STOP_TIMEOUT)
            except Exception:
                log.exception("stopping the connection failed")
        if task is not None:
            try:
                await asyncio.wait_for(task, STOP_TIMEOUT)
            except (TimeoutError, asyncio.CancelledError):
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        if self.session is not None:
            await self.session.close()
            SessionBridge.of(self.session).detach()  # its views are dropped next
        if self.screenpop is not None:
            self.screenpop.detach()
        self._drop_views()
        self.backend = self.session = None

    async def reconnect(self) -> None:
        """Replace the connection after connection settings changed."""
        log.info("connection settings changed: reconnecting")
        visible = self.window is not None and self.window.isVisible()
        if self.window is not None:
            self.window.save_geometry()
        await self.close_connection()
        await self.open_connection()
        hide = not visible and self.tray is not None and self.tray.available
        if hide and self.window is not None:
            self.window.hide()

    # ------------------------------------------------------------------ views

    def _build_views(self, session: Session) -> None:
        window = MainWindow(session, self.settings)
        window.settings_requested.connect(self.open_settings)
        window.about_requested.connect(self.open_about)
        window.diagnostics_requested.connect(self.save_diagnostics)
        window.quit_requested.connect(self.request_quit)
        install_conferences(window, session, self.settings)
        self.banner = ErrorBanner(self.log_file.parent if self.log_file else None)
        place_banner(window, self.banner)
        self._place_credentials_banner(window)
        tray = TrayIcon(session, self.settings, window_visible=window.isVisible, parent=self)
        tray.show_requested.connect(self.bring_forward)
        tray.toggle_requested.connect(self.toggle_window)
        tray.settings_requested.connect(self.open_settings)
        tray.about_requested.connect(self.open_about)
        tray.quit_requested.connect(self.request_quit)
        self.window, self.tray = window, tray
        # With a tray, closing the window hides it; without one the toolbar stays visible
        # and closing it quits (the window emits quit_requested).
        window.hide_on_close = tray.show()
        window.show()

    def _add_call_views(self, window: MainWindow, session: Session) -> None:
        """What only calls use: card extras (call data, CRM, secure mode), screen-pop, transfers.

        Added once the window is on screen, before the backend runs (no call can come
        earlier): their modules (~20 ms) are not on the first frame's path.
        """
        from agent_toolbar.screenpop import ScreenPopConfig
        from agent_toolbar.ui.calls.call_extras import install_card_extras
        from agent_toolbar.ui.calls.text_features import install_text_features
        from agent_toolbar.ui.shell.screenpop_opener import ScreenPop
        from agent_toolbar.ui.transfer.transfer_dialog import install_transfers

        if self.screenpop is None:
            self.screenpop = ScreenPop(ScreenPopConfig.from_settings(self.settings.get), self)
        self.screenpop.attach(session)
        install_card_extras(window.call_list, session, self.screenpop, self.settings.get)
        install_transfers(window, session, self.settings)
        install_text_features(window, session, self.settings)

    def _drop_views(self) -> None:
        self.detach_history()
        if self.tray is not None:
            self.tray.close()
            self.tray.deleteLater()
            self.tray = None
        if self.window is not None:
            self.window.detach()
            self.window.hide()
            self.window.deleteLater()
            self.window = None
        self.banner = None

    def bring_forward(self) -> None:
        """Show the toolbar on top (a second start, a tray click, a notification)."""
        if self.window is not None:
            self.window.bring_forward()

    def toggle_window(self) -> None:
        """Hide the toolbar to the tray, or show it."""
        if self.window is None:
            return
        if self.window.isVisible() and self.tray is not None and self.tray.available:
            self.window.hide()
        else:
            self.window.bring_forward()

    # ------------------------------------------------------------------ errors

    def report_error(self, summary: str, details: str) -> None:
        """Show a problem without blocking: the banner, or a tray message when hidden."""
        if self.banner is not None:
            self.banner.report(summary, details)
        window_shown = self.window is not None and self.window.isVisible()
        if not window_shown and self.tray is not None and self.tray.available:
            self.tray.icon.showMessage(
                "agent-toolbar",
                summary,
                QtWidgets.QSystemTrayIcon.MessageIcon.Warning,
                10000,
            )

    # ------------------------------------------------------------------ helpers

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run ``coro`` as a task kept referenced until it ends."""
        task: asyncio.Task[Any] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def _credentials_soon(self) -> asyncio.Task[None]:
        """The keyring detection: started once per run, after the window is on screen."""
        if self._credentials_task is None:
            self._credentials_task = self.spawn(self._detect_credentials())
        return self._credentials_task

    async def _detect_credentials(self) -> None:
        if self.window is not None:
            await on_screen(self.window)
        from agent_toolbar.credentials import Credentials

        try:
            self.credentials = await Credentials.detect_async()
        except Exception:
            log.exception("keyring detection failed")
            self.credentials = Credentials(None)
        if self.window is not None:
            self._place_credentials_banner(self.window)

    def _place_credentials_banner(self, window: MainWindow) -> None:
        """The keyring notice, once per window, when the server needs a secret."""
        if self.credentials is None or self.settings.get("cti/auth") == "none":
            return
        from agent_toolbar.ui.window.credentials_banner import CredentialsBanner

        if window.findChild(CredentialsBanner) is None:
            place_banner(window, CredentialsBanner(self.credentials))

    async def _start_simulator(self) -> None:
        """``--demo``: start the chosen system's simulator (named by its spec) and point at it."""
        from agent_toolbar.backends.spec import load

        name = self.settings.text("cti/backend")
        spec = registry.get(name)
        if spec is None or spec.simulator is None:
            log.error("demo: %s has no built-in simulator", name)
            return
        start = load(spec.simulator)
        simulator = await start(None if self.options.scenario == "demo" else self.options.scenario)
        self.simulator = simulator
        for key, value in simulator.overrides.items():
            self.settings.override(key, value)
        log.info("demo: the built-in simulator listens on %s (%s)", simulator.url, name)

    async def _smoke(self) -> int:
        """Build every part of the UI once, spin the loop, and report success."""
        from agent_toolbar.credentials import Credentials
        from agent_toolbar.ui.window.login_dialog import LoginDialog

        self.credentials = Credentials(None)
        backend = build_backend(self.settings)
        session = Session(backend)
        self.backend, self.session = backend, session
        self._build_views(session)
        assert self.window is not None
        self._add_call_views(self.window, session)
        self.open_settings()
        self.open_about()
        login = LoginDialog(self.settings, self.window)
        assert self.banner is not None
        self.banner.report("smoke test", "")
        await asyncio.sleep(0)
        QApplication.processEvents()
        login.deleteLater()
        log.info("smoke: window, tray, dialogs built; event loop spun")
        self.request_quit(0)
        await self.shutdown()
        return 0
