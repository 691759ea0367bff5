"""The running toolbar in-process, on the Qt loop, against the real simulator.

Covers the wiring the e2e tests cannot see from outside: the login step, settings applied
live (a connection setting reconnects), the error banner for escaped exceptions and for a
phone system this version cannot use, and a quit that detaches.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import pytest

from agent_toolbar import logs
from agent_toolbar.app.cli import Options
from agent_toolbar.app.shell import Toolbar
from agent_toolbar.backends import registry
from agent_toolbar.cti.backend import LinkState, Problem
from agent_toolbar.qt import QApplication, Qt, QtWidgets
from agent_toolbar.settings import Settings
from agent_toolbar.simulators.naumen.simulator import Simulator
from agent_toolbar.ui.window.login_dialog import LoginDialog


async def wait(predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not (value := predicate()):
        if loop.time() > deadline:
            raise AssertionError(f"condition not met in {timeout} s")
        await asyncio.sleep(0.01)
    return value


def connected(toolbar: Toolbar) -> bool:
    session = toolbar.session
    return (
        session is not None
        and session.state.connection.state is LinkState.CONNECTED
        and session.state.synced
    )


class Running:
    """A Toolbar whose run() is a task of the test."""

    def __init__(self, toolbar: Toolbar) -> None:
        self.toolbar = toolbar
        self.task = asyncio.ensure_future(toolbar.run())

    async def quit(self) -> int:
        self.toolbar.request_quit()
        return await asyncio.wait_for(self.task, 15)


@pytest.fixture
def start(
    qapp: QApplication, tmp_path: Path
) -> Iterator[Callable[..., AbstractAsyncContextManager[Running]]]:
    """``async with start(ini, server=…, login=…) as running:`` runs a Toolbar in the test."""
    app = qapp
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)  # a tray app, as run_app sets it

    @contextlib.asynccontextmanager
    async def starter(ini: str = "", **options: Any) -> AsyncIterator[Running]:
        user = tmp_path / "user.ini"
        user.write_text(ini, encoding="utf-8")
        settings = Settings(user=user, system=tmp_path / "system.ini")
        opts = Options(**options)
        if opts.server:
            settings.override("cti/url", opts.server)
        if opts.login:
            settings.override("cti/login", opts.login)
        running = Running(Toolbar(opts, settings))
        try:
            yield running
        finally:
            if not running.task.done():
                await running.quit()

    yield starter
    app.setQuitOnLastWindowClosed(quit_on_close)


Start = Callable[..., AbstractAsyncContextManager[Running]]


@pytest.mark.asyncio
async def test_connects_shows_the_window_and_quitting_detaches(
    start: Start, simulator: Simulator
) -> None:
    async with start(server=simulator.url, login="operator") as running:
        toolbar = running.toolbar
        await wait(lambda: connected(toolbar))
        assert toolbar.window is not None and toolbar.window.isVisible()
        assert toolbar.tray is not None and not toolbar.tray.available  # offscreen
        assert toolbar.window.hide_on_close is False  # no tray: closing quits
        assert await running.quit() == 0
        await simulator.wait_for_command("DetachFromUser", timeout=5)
        assert toolbar.window is None


@pytest.mark.asyncio
async def test_closing_the_window_without_a_tray_quits(start: Start, simulator: Simulator) -> None:
    async with start(server=simulator.url, login="operator") as running:
        await wait(lambda: connected(running.toolbar))
        assert running.toolbar.window is not None
        running.toolbar.window.close()
        assert await asyncio.wait_for(running.task, 15) == 0
        await simulator.wait_for_command("DetachFromUser", timeout=5)


@pytest.mark.asyncio
async def test_login_step_when_no_login_is_configured(
    start: Start, simulator: Simulator, tmp_path: Path
) -> None:
    async with start(f"[cti]\nurl={simulator.url}\n[ui]\nlast_login=someone\n") as running:
        dialog = await wait(
            lambda: next(
                (
                    w
                    for w in QApplication.topLevelWidgets()
                    if isinstance(w, LoginDialog) and w.isVisible()
                ),
                None,
            )
        )
        assert dialog.login.text() == "someone"
        dialog.login.setText("operator")
        dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).click()
        await wait(lambda: connected(running.toolbar))
        assert running.toolbar.session is not None
        assert running.toolbar.session.state.login == "operator"
        assert Settings(user=tmp_path / "user.ini").get("ui/last_login") == "operator"
        await running.quit()


@pytest.mark.asyncio
async def test_cancelling_the_login_step_quits(start: Start, simulator: Simulator) -> None:
    async with start(f"[cti]\nurl={simulator.url}\n") as running:
        dialog = await wait(
            lambda: next(
                (
                    w
                    for w in QApplication.topLevelWidgets()
                    if isinstance(w, LoginDialog) and w.isVisible()
                ),
                None,
            )
        )
        dialog.reject()
        assert await asyncio.wait_for(running.task, 10) == 0
        assert "AttachToUser" not in [record.name for record in simulator.commands]


@pytest.mark.asyncio
async def test_connection_settings_applied_reconnect(start: Start, simulator: Simulator) -> None:
    async with start(f"[cti]\nurl={simulator.url}\nlogin=operator\n") as running:
        toolbar = running.toolbar
        await wait(lambda: connected(toolbar))
        first_window = toolbar.window
        toolbar.open_settings()
        dialog = toolbar.settings_dialog
        assert dialog is not None and dialog.isVisible()
        assert dialog.windowModality() is Qt.WindowModality.NonModal
        dialog.editors["cti/command_timeout"].set_value(7.0)
        dialog.editors["ui/orientation"].set_value("vertical")
        assert dialog.apply()
        await simulator.wait_for_command("DetachFromUser", timeout=5)
        await simulator.wait_for_command("AttachToUser", timeout=5)  # the first attach
        await simulator.wait_for_command("AttachToUser", timeout=5)  # the new connection
        await wait(lambda: connected(toolbar) and toolbar.window is not first_window)
        assert toolbar.backend is not None
        assert toolbar.backend.client.config.command_timeout == 7.0  # type: ignore[attr-defined]
        assert toolbar.window is not None and toolbar.window.property("orientation") == "vertical"
        await running.quit()


@pytest.mark.asyncio
async def test_escaped_exceptions_are_shown_and_the_toolbar_keeps_running(
    start: Start, simulator: Simulator
) -> None:
    async with start(server=simulator.url, login="operator") as running:
        toolbar = running.toolbar
        await wait(lambda: connected(toolbar))
        restore = logs.install_excepthook(toolbar.report_error)
        try:
            try:
                raise ZeroDivisionError("token=abcdef123 broke a slot")
            except ZeroDivisionError:
                sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]

            async def fails() -> None:
                raise KeyError("no such card")

            task = asyncio.get_running_loop().create_task(fails())
            await asyncio.sleep(0)
            loop = asyncio.get_running_loop()
            loop.call_exception_handler(
                {"message": "Task exception", "exception": task.exception()}
            )
        finally:
            restore()
        banner = toolbar.banner
        assert banner is not None and banner.isVisible()
        assert "KeyError" in banner.message()
        assert "abcdef123" not in banner.details.toPlainText()
        banner.dismiss()
        assert not banner.isVisible()
        assert connected(toolbar)  # still working
        await running.quit()


@pytest.mark.asyncio
async def test_a_phone_system_not_supported_yet_is_explained_not_fatal(
    start: Start,
) -> None:
    name = next((n for n in registry.names() if n not in registry.implemented()), None)
    if name is None:
        pytest.skip("every announced phone system is built in this version")
    ini = f"[cti]\nbackend={name}\nlogin=operator\nurl=ws://127.0.0.1:1\n"
    async with start(ini) as running:
        toolbar = running.toolbar
        await wait(lambda: toolbar.session is not None and toolbar.banner is not None)
        assert toolbar.session is not None
        await wait(lambda: toolbar.session.state.connection.state is LinkState.FAILED)
        assert toolbar.session.state.connection.problem is Problem.UNSUPPORTED
        assert toolbar.banner is not None and toolbar.banner.isVisible()
        assert name in toolbar.banner.message()
        assert await running.quit() == 0


@pytest.mark.asyncio
async def test_save_diagnostics_from_the_window_menu(
    start: Start, simulator: Simulator, tmp_path: Path
) -> None:
    import zipfile

    log_file = tmp_path / "logs" / "agent-toolbar.log"
    log_file.parent.mkdir()
    log_file.write_text("call from +79161234567 answered\n", encoding="utf-8")
    async with start(server=simulator.url, login="operator") as running:
        toolbar = running.toolbar
        toolbar.log_file = log_file
        await wait(lambda: connected(toolbar))
        assert toolbar.window is not None
        toolbar.window.diagnostics_requested.emit()
        dialog = await wait(lambda: toolbar.diagnostics_dialog)
        target = tmp_path / "diag.zip"
        dialog.fileSelected.emit(str(target))
        await wait(target.exists)
        with zipfile.ZipFile(target) as archive:
            names = archive.namelist()
            logs_text = "".join(
                archive.read(n).decode("utf-8") for n in names if n.startswith("logs/")
            )
        assert "settings.json" in names and "info.json" in names
        assert "answered" in logs_text and "+79161234567" not in logs_text
        dialog.close()
        assert await running.quit() == 0


@pytest.mark.asyncio
async def test_the_server_version_reaches_about_and_the_diagnostics(
    start: Start, tmp_path: Path
) -> None:
    import json
    import zipfile

    from agent_toolbar.app.diagnostics import scrub

    async with start(
        "[cti]\nbackend=oktell\n", demo=True, backend="oktell", login="operator"
    ) as running:
        toolbar = running.toolbar
        await wait(lambda: connected(toolbar))
        session = toolbar.session
        assert session is not None
        server = await wait(lambda: session.state.server)
        backend: Any = session.backend.real  # type: ignore[attr-defined]
        assert server.version == backend.server_version.build  # getversion's build
        assert server.details["text"] == backend.server_version.text

        toolbar.open_about()
        about = toolbar.about_dialog
        assert about is not None
        assert about.values["Server version"] == server.version
        about.close()

        assert toolbar.window is not None
        toolbar.window.diagnostics_requested.emit()
        dialog = await wait(lambda: toolbar.diagnostics_dialog)
        target = tmp_path / "diag.zip"
        dialog.fileSelected.emit(str(target))
        await wait(target.exists)
        with zipfile.ZipFile(target) as archive:
            info = json.loads(archive.read("info.json"))
        assert info["server"]["version"] == server.version
        # scrubbed like every value there (digit runs that could be phone numbers masked)
        assert info["server"]["text"] == scrub(server.details["text"])
        dialog.close()
        assert await running.quit() == 0
