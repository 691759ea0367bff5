"""The screenshots in ``docs/screenshots/``, in English and Russian, from the real application.

For each language this composes the toolbar exactly as ``agent-toolbar`` does (the app's
:class:`~agent_toolbar.app.shell.Toolbar`: window, card extras, transfer launcher, conference
button and window, tray), connected over a loopback WebSocket to the built-in simulator
(seeded, fixed names and numbers), drives it into each state with the simulator's control
API and the same intents the buttons send, and saves the window as operators see it:

* ``ringing.png`` — an incoming call ringing (Answer, Hang up; name, number, project);
* ``on-hold.png`` — the call answered and put on hold;
* ``wrap-up.png`` — the customer hung up: wrap-up with Finish wrap-up;
* ``not-ready.png`` — not ready with a reason (Dinner);
* ``reconnecting.png`` — the server went away: reconnecting, with a countdown and Retry now;
* ``transfer-in-progress.png`` — a consultation transfer with the consultant on the line;
* ``transfer-failed.png`` — a blind transfer to a busy colleague, with the table-4.1 reason;
* ``conference-panel.png`` — a three-party conference in the conference window.

Usage::

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--lang en --lang ru]

Files go to ``<out>/<lang>/``; each path is printed as it is written. With ``DISPLAY`` set
(e.g. under ``Xvfb``) the real windows are shown and grabbed; without one Qt renders
offscreen; both give the same pictures, and so does every run. The only thing that could
differ is a timer: timers count from when the toolbar received each event (that is what
operators see), and the script takes each picture within a second, so they read 00:00.
(They cannot honestly show more: the simulator stamps its events with the real clock and
the toolbar does not take its timers from those stamps.) It needs no server, no keyring
and no network beyond loopback, and opens no browser (the CRM opens only on demand).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")  # qasync binds to PySide6, whatever is imported first

import qasync

from agent_toolbar.app import i18n
from agent_toolbar.app.cli import Options
from agent_toolbar.app.shell import Toolbar
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import LinkState
from agent_toolbar.cti.model import CallState, SessionState, TransferKind, TransferPhase
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import QApplication, QEvent, QIcon, QtCore, QtWidgets
from agent_toolbar.resources import icon_path
from agent_toolbar.settings import Settings
from agent_toolbar.simulators.naumen.simulator import SimTimings, Simulator
from agent_toolbar.ui.conference.conference_window import ConferenceButton, ConferenceWindow
from agent_toolbar.ui.window.main_window import MainWindow

LOGIN = "operator"
SEED = 4
#: The transfer directory (``transfer/directory``) an administrator would deploy.
DIRECTORY = (
    "Вторая линия поддержки; 201; Отделы\n"
    "Кузнецов Андрей; 202; Коллеги\n"
    "Петров Сергей Николаевич; 200; Коллеги\n"
    "Очередь «Продажи»; 301; Очереди"
)
FIRST = ("Иванов Пётр Сергеевич", "+79161234567")
SECOND = ("Сидорова Анна", "+79031112233")
PROJECT = {"ProjectTitle": "Доставка"}
CRM_TEMPLATE = "https://crm.example.com/card?phone={caller}"
CONFERENCE_NAME = {"en": "Complaint review", "ru": "Разбор жалобы"}
#: Every picture of a language, in the order they are taken.
FILES = (
    "ringing.png",
    "on-hold.png",
    "wrap-up.png",
    "not-ready.png",
    "reconnecting.png",
    "transfer-in-progress.png",
    "transfer-failed.png",
    "conference-panel.png",
)
TIMEOUT = 10.0


class Shooter:
    """One language: the toolbar over a simulator, driven from state to state.

    Attributes:
        folder: Where the PNGs go.
        sim: The simulator the toolbar is connected to.
        toolbar: The application, composed as ``agent-toolbar`` composes it.
        saved: The files written so far.
    """

    def __init__(self, folder: Path, sim: Simulator, toolbar: Toolbar) -> None:
        """Shoot ``toolbar`` (connected to ``sim``) into ``folder``."""
        self.folder = folder
        self.sim = sim
        self.toolbar = toolbar
        self.saved: list[Path] = []

    @property
    def session(self) -> Session:
        """The toolbar's session."""
        assert self.toolbar.session is not None
        return self.toolbar.session

    @property
    def window(self) -> MainWindow:
        """The toolbar's window."""
        assert self.toolbar.window is not None
        return self.toolbar.window

    async def until(self, check: Callable[[SessionState], bool], what: str) -> None:
        """Wait until the session state passes ``check`` (fails loudly after a while)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + TIMEOUT
        while self.toolbar.session is None or not check(self.session.state):
            if loop.time() > deadline:
                state = self.toolbar.session.state if self.toolbar.session else None
                raise SystemExit(f"not reached: {what}; last state: {state!r:.1200}")
            await asyncio.sleep(0.02)

    async def settle(self) -> None:
        """Let the coalesced renders run and the windows lay out and paint.

        (The loop is Qt's: while this sleeps, Qt delivers its timers and posted events.)
        """
        await asyncio.sleep(0.2)

    async def save(self, name: str, widget: QtWidgets.QWidget | None = None) -> None:
        """Let everything render, then save ``widget`` (the toolbar window by default)."""
        await self.settle()
        self.save_now(name, widget)

    def save_now(self, name: str, widget: QtWidgets.QWidget | None = None) -> None:
        """Render the session's state and save ``widget`` at once, without yielding."""
        self.window.render_now()
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        target = widget or self.window
        path = self.folder / name
        if not target.grab().save(str(path)):
            raise SystemExit(f"could not write {path}")
        print(path, flush=True)
        self.saved.append(path)

    async def act(self, intent: it.Intent) -> None:
        """Run an intent as a button would, and fail loudly if the server refuses it."""
        error = await self.session.execute(intent)
        if error is not None:
            raise SystemExit(f"{intent!r} refused: {error}")

    async def incoming(self, who: tuple[str, str]) -> str:
        """A customer calls the operator; returns the call's id once its card rings."""
        name, number = who
        cid = self.sim.inject_call(LOGIN, caller=number, display_name=name, params=PROJECT)
        await self.until(lambda s: cid in s.calls and s.calls[cid].params_known, "a ringing call")
        return cid

    async def answered(self, who: tuple[str, str]) -> str:
        """A customer call, answered from the toolbar."""
        cid = await self.incoming(who)
        await self.act(it.Answer(cid))
        await self.until(lambda s: s.calls[cid].state is CallState.CONNECTED, "talking")
        return cid

    # ------------------------------------------------------------------ the states

    async def call_states(self) -> None:
        """Ringing, on hold, wrap-up, then not ready with a reason."""
        cid = await self.incoming(FIRST)
        await self.save("ringing.png")

        await self.act(it.Answer(cid))
        await self.act(it.Hold(cid, on=True))
        await self.until(lambda s: s.calls[cid].hold, "on hold")
        await self.save("on-hold.png")

        self.sim.end_call_remote(LOGIN, cid)
        await self.until(lambda s: s.calls[cid].state is CallState.ENDED, "wrap-up")
        await self.save("wrap-up.png")

        await self.act(it.CloseCall(cid))
        await self.until(lambda s: cid not in s.calls, "the call closed")
        await self.act(it.ChangeState("away", "Dinner"))
        await self.until(lambda s: s.agent.display.reason == "Dinner", "not ready: Dinner")
        await self.save("not-ready.png")

    async def reconnecting(self) -> None:
        """The network drops and the server refuses to come back for a while.

        The first countdown (attempt 1) is shorter than a second, so the picture is taken
        the moment the session reports it rather than after the usual settling.
        """
        lost: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def listener(_old: SessionState, new: SessionState, _changes: object) -> None:
            if new.connection.state is LinkState.RECONNECTING and not lost.done():
                lost.set_result(None)

        self.session.subscribe(listener)
        self.sim.refuse_connections(60)
        dropping = asyncio.ensure_future(self.sim.drop_all_connections())
        try:
            await asyncio.wait_for(asyncio.shield(lost), TIMEOUT)
            self.save_now("reconnecting.png")
        finally:
            self.session.unsubscribe(listener)
            await dropping
        self.sim.refuse_connections(0)
        assert self.toolbar.backend is not None
        self.toolbar.backend.reconnect_now()
        await self.until(
            lambda s: s.connection.state is LinkState.CONNECTED and s.synced, "reconnected"
        )
        await self.act(it.ChangeState("normal"))

    async def transfers(self) -> None:
        """A consultation transfer under way, then a blind one to a busy colleague."""
        cid = await self.answered(FIRST)
        self.session.submit(it.TransferCall(cid, TransferKind.CONSULTATION, "201"))
        await self.until(_phase(cid, TransferPhase.SUCCEEDED), "consultant on the line")
        await self.until(lambda s: s.calls[cid].hold, "the caller on hold")
        await self.save("transfer-in-progress.png")

        await self.act(it.BreakTransfer(cid))
        await self.until(lambda s: not s.calls[cid].hold, "the caller back")
        self.session.submit(it.TransferCall(cid, TransferKind.BLIND, "202"))  # busy (7)
        await self.until(_phase(cid, TransferPhase.FAILED), "the transfer failed")
        await self.until(lambda s: not s.calls[cid].hold, "the caller back")
        await self.save("transfer-failed.png")

    async def conference(self, name: str) -> None:
        """A second customer and a colleague in a conference, in the conference window."""
        second = await self.answered(SECOND)
        await self.act(it.CreateConference(name))
        await self.until(lambda s: len(s.conferences) == 1, "a conference")
        conf_id = next(iter(self.session.state.conferences))
        await self.act(it.AddCallToConference(conf_id, second))
        await self.act(it.MakeConferenceCall(conf_id, "200"))
        await self.until(_talking_together(conf_id, 2), "three parties talking")
        button = self.window.findChild(ConferenceButton)
        conferences = self.window.findChild(ConferenceWindow)
        assert button is not None and conferences is not None
        button.click()  # as the operator opens it
        await self.save("conference-panel.png", conferences)


def _phase(cid: str, wanted: TransferPhase) -> Callable[[SessionState], bool]:
    def check(state: SessionState) -> bool:
        call = state.calls.get(cid)
        return bool(call and call.transfer and call.transfer.phase is wanted)

    return check


def _talking_together(conf_id: str, count: int) -> Callable[[SessionState], bool]:
    def check(state: SessionState) -> bool:
        conference = state.conferences.get(conf_id)
        members = conference.calls if conference is not None else ()
        return len(members) == count and all(
            cid in state.calls and state.calls[cid].state is CallState.CONNECTED for cid in members
        )

    return check


def settings_for(language: str, folder: Path, url: str) -> Settings:
    """Fresh settings (temporary INI files) as an operator's first start would have them."""
    settings = Settings(user=folder / "user.ini", system=folder / "system.ini")
    settings.set("cti/url", url)
    settings.set("cti/login", LOGIN)
    settings.set("ui/language", language)
    settings.set("ui/theme", "light")
    settings.set("ui/always_on_top", False)
    settings.set("ui/sound", False)
    settings.set("ui/notifications", False)
    settings.set("transfer/directory", DIRECTORY)
    # A CRM is configured (the cards get their CRM button) but opens only on demand:
    # making screenshots must not open a browser.
    settings.set("screenpop/template", CRM_TEMPLATE)
    settings.set("screenpop/trigger", "off")
    return settings


async def shoot(language: str, out: Path) -> list[Path]:
    """Every screenshot of one language."""
    folder = out / language
    folder.mkdir(parents=True, exist_ok=True)
    i18n.install_translations(language)
    with tempfile.TemporaryDirectory() as tmp:
        sim = Simulator("idle", timings=SimTimings.fast(far_side_delay=0.1), seed=SEED)
        await sim.start()
        settings = settings_for(language, Path(tmp), sim.url)
        toolbar = Toolbar(Options(), settings)
        running = asyncio.ensure_future(toolbar.run())
        shooter = Shooter(folder, sim, toolbar)
        try:
            await shooter.until(
                lambda s: s.connection.state is LinkState.CONNECTED and s.synced, "attached"
            )
            await shooter.settle()
            await shooter.call_states()
            await shooter.reconnecting()
            await shooter.transfers()
            await shooter.conference(CONFERENCE_NAME[language])
        finally:
            toolbar.request_quit()
            await asyncio.wait_for(running, TIMEOUT)
            await sim.stop()
    if [path.name for path in shooter.saved] != list(FILES):
        raise SystemExit(f"expected {FILES}, wrote {[p.name for p in shooter.saved]}")
    return shooter.saved


def _quiet_offscreen(kind: QtCore.QtMsgType, context: object, message: str) -> None:
    # The offscreen platform says so for every window it cannot raise or hint.
    if "This plugin does not support" not in message:
        print(message, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Render the screenshots; print the files written."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("docs/screenshots"),
        help="folder for <lang>/*.png (default: docs/screenshots)",
    )
    parser.add_argument(
        "--lang",
        action="append",
        choices=("en", "ru"),
        help="a language to shoot (repeat for more; default: en and ru)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)  # the drops and refusals below are on purpose
    QtCore.qInstallMessageHandler(_quiet_offscreen)
    # The application as run_app sets it up (name, icon, Fusion and palette via the window).
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    app.setApplicationName("agent-toolbar")
    app.setOrganizationName("agent-toolbar")
    app.setWindowIcon(QIcon(str(icon_path("agent-toolbar"))))
    app.setCursorFlashTime(0)  # a steady text cursor: the same picture on every run

    async def run_all() -> None:
        for language in args.lang or ["en", "ru"]:
            await shoot(language, args.out)

    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(run_all())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
