"""Screenshots of transfers and conferences, in English and Russian, from the real widgets.

Runs the real toolbar window over a real session connected (loopback WebSocket) to the
built-in simulator, drives it into each state and saves:

* ``<out>/<lang>/transfer-in-progress.png`` — a consultation transfer with the consultant on
  the line (steps, what to do next, Cancel);
* ``<out>/<lang>/transfer-failed.png`` — a blind transfer to a busy colleague, with the
  table-4.1 reason in words;
* ``<out>/<lang>/conference-panel.png`` — a three-party conference in the conference window.

Usage: ``.venv/bin/python scripts/screenshots_transfer.py [--out docs/screenshots]
[--lang en --lang ru]``. Without a display it renders offscreen.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")  # qasync binds to PySide6, whatever is imported first

import qasync

from agent_toolbar import i18n
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import LinkState
from agent_toolbar.cti.model import CallState, SessionState, TransferKind, TransferPhase
from agent_toolbar.cti.naumen.adapter import NaumenBackend
from agent_toolbar.cti.naumen.client import ClientConfig
from agent_toolbar.cti.naumen.simulator import SimTimings, Simulator
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import QApplication
from agent_toolbar.settings import Settings
from agent_toolbar.ui.call_extras import install_card_extras
from agent_toolbar.ui.conference_window import install_conferences
from agent_toolbar.ui.main_window import MainWindow
from agent_toolbar.ui.palette import apply_theme
from agent_toolbar.ui.transfer_dialog import install_transfers

LOGIN = "operator"
DIRECTORY = (
    "Вторая линия поддержки; 201; Отделы\n"
    "Кузнецов Андрей; 202; Коллеги\n"
    "Смирнова Ольга; 200; Коллеги\n"
    "Очередь «Продажи»; 301; Очереди"
)


async def until(
    session: Session, check: Callable[[SessionState], bool], timeout: float = 10
) -> None:
    """Wait for the session state (fails loudly after ``timeout`` seconds)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check(session.state):
        if loop.time() > deadline:
            raise SystemExit(f"state not reached: {session.state!r:.800}")
        await asyncio.sleep(0.02)


async def settle() -> None:
    """Let the window render and paint."""
    for _ in range(5):
        await asyncio.sleep(0.05)
        QApplication.processEvents()


async def customer(sim: Simulator, session: Session, name: str, number: str) -> str:
    """A customer call, answered."""
    params = {"ProjectTitle": "Доставка"}
    cid = sim.inject_call(LOGIN, caller=number, display_name=name, params=params)
    await until(session, lambda s: cid in s.calls)
    await session.execute(it.Answer(cid))
    await until(session, lambda s: s.calls[cid].state is CallState.CONNECTED)
    return cid


def phase(cid: str, wanted: TransferPhase) -> Callable[[SessionState], bool]:
    """A check that call ``cid``'s transfer reached ``wanted``."""

    def check(state: SessionState) -> bool:
        call = state.calls.get(cid)
        return bool(call and call.transfer and call.transfer.phase is wanted)

    return check


async def shoot(language: str, out: Path) -> list[Path]:
    """Every screenshot of one language."""
    folder = out / language
    folder.mkdir(parents=True, exist_ok=True)
    i18n.install_translations(language)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(user=Path(tmp) / "user.ini", system=Path(tmp) / "system.ini")
        settings.set("ui/language", language)
        settings.set("ui/theme", "light")
        settings.set("ui/always_on_top", False)
        settings.set("transfer/directory", DIRECTORY)
        sim = Simulator("idle", timings=SimTimings.fast(far_side_delay=0.1), seed=4)
        await sim.start()
        config = ClientConfig(url=sim.url, login=LOGIN, backoff_base=0.05, backoff_cap=0.2)
        session = Session(NaumenBackend(config))
        runner = asyncio.ensure_future(session.backend.run())
        saved: list[Path] = []
        try:
            await until(session, lambda s: s.connection.state is LinkState.CONNECTED and s.synced)
            window = MainWindow(session, settings)
            install_card_extras(window.call_list, session, None, settings.get)
            install_transfers(window, session, settings)
            conferences = install_conferences(window, session, settings)
            window.show()
            await settle()

            first = await customer(sim, session, "Иванов Пётр Сергеевич", "+79161234567")
            session.submit(it.TransferCall(first, TransferKind.CONSULTATION, "201"))
            await until(session, phase(first, TransferPhase.SUCCEEDED))
            await until(session, lambda s: s.calls[first].hold)
            window.resize(window.width(), window.sizeHint().height())
            await settle()
            saved.append(_save(window, folder / "transfer-in-progress.png"))

            await session.execute(it.BreakTransfer(first))
            await until(session, lambda s: not s.calls[first].hold)
            session.submit(it.TransferCall(first, TransferKind.BLIND, "202"))  # busy (7)
            await until(session, phase(first, TransferPhase.FAILED))
            await until(session, lambda s: not s.calls[first].hold)
            await settle()
            window.resize(window.width(), window.sizeHint().height())
            await settle()
            saved.append(_save(window, folder / "transfer-failed.png"))

            second = await customer(sim, session, "Сидорова Анна", "+79031112233")
            name = "Разбор жалобы" if language == "ru" else "Complaint review"
            await session.execute(it.CreateConference(name))
            await until(session, lambda s: len(s.conferences) == 1)
            conf_id = next(iter(session.state.conferences))
            await session.execute(it.AddCallToConference(conf_id, second))
            await session.execute(it.MakeConferenceCall(conf_id, "200"))
            await until(session, lambda s: len(s.conferences[conf_id].calls) == 2)
            await until(session, lambda s: all(s.calls[c].state is CallState.CONNECTED
                                               for c in s.conferences[conf_id].calls))  # fmt: skip
            conferences.window.bring_forward()
            conferences.window.resize(460, 380)
            await settle()
            saved.append(_save(conferences.window, folder / "conference-panel.png"))
            window.detach()
            conferences.detach()
            window.close()
            conferences.window.close()
        finally:
            await session.backend.stop()
            await asyncio.wait_for(runner, 5)
            await session.close()
            await sim.stop()
    return saved


def _save(widget: object, path: Path) -> Path:
    image = widget.grab()  # type: ignore[attr-defined]
    if not image.save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(path)
    return path


def main() -> int:
    """Render the screenshots; print the files written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--lang", action="append", choices=("en", "ru"))
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    apply_theme(app, "light")

    async def run_all() -> None:
        for language in args.lang or ["en", "ru"]:
            await shoot(language, args.out)

    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(run_all())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
