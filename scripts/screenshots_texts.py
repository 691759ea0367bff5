"""Screenshots of text sessions, the call-result picker and the notice composer (en, ru).

Uses the real application against the simulator, as ``scripts/screenshots.py`` does (its
:class:`Shooter` and settings), and writes into ``docs/screenshots/<lang>/``:

* ``text-session.png`` — a Telegram chat taken into work: the conversation with the
  customer's messages and the greeting script;
* ``call-result.png`` — the call-result picker in wrap-up, filtered by a search, with the
  callback form;
* ``notice-composer.png`` — the supervisor's notice composer.

Usage::

    .venv/bin/python scripts/screenshots_texts.py [--out docs/screenshots] [--lang en --lang ru]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import screenshots as base  # after the path: the base script sets up Qt's platform first

from agent_toolbar.app import i18n
from agent_toolbar.app.cli import Options
from agent_toolbar.app.shell import Toolbar
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import LinkState
from agent_toolbar.cti.conversation import ChatPhase
from agent_toolbar.cti.events import WrapUpPolicySet
from agent_toolbar.cti.model import CallState
from agent_toolbar.qt import QApplication, QIcon, QtCore
from agent_toolbar.resources import icon_path
from agent_toolbar.simulators.naumen.simulator import SimTimings, Simulator
from agent_toolbar.ui.calls.text_features import TextCardExtender
from agent_toolbar.ui.window.service_menu import ServiceMenu

FILES = ("text-session.png", "call-result.png", "notice-composer.png")
PROJECT_ID = "corebo00000000000mpbgpl1m3dhvbmg4"
CATALOGUE = {
    "en": "CRR_DISCONNECT = Disconnected\nSALE = Sale completed\nDELIVERY = Delivery rescheduled\n"
    "CONSULT = Advice only\nCOMPLAINT = Complaint registered",
    "ru": "CRR_DISCONNECT = Разъединение\nSALE = Продажа оформлена\n"
    "DELIVERY = Доставка перенесена\nCONSULT = Консультация\nCOMPLAINT = Жалоба зарегистрирована",
}
SEARCH = {"en": "deliv", "ru": "достав"}
NOTICE = {"en": "SL dropped to 20%. Everyone on the support line, please.",
          "ru": "SL снизился до 20%. Всех на линию поддержки!"}  # fmt: skip
PROJECTS = {"en": f"{PROJECT_ID} = Support line", "ru": f"{PROJECT_ID} = Линия поддержки"}


async def shoot(language: str, out: Path) -> list[Path]:
    """The three screenshots of one language."""
    folder = out / language
    folder.mkdir(parents=True, exist_ok=True)
    i18n.install_translations(language)
    with tempfile.TemporaryDirectory() as tmp:
        sim = Simulator("idle", timings=SimTimings.fast(), seed=base.SEED)
        await sim.start()
        settings = base.settings_for(language, Path(tmp), sim.url)
        settings.set("wrapup/dispositions", CATALOGUE[language])
        settings.set("wrapup/disposition_required", True)
        settings.set("supervisor/enabled", True)
        settings.set("supervisor/projects", PROJECTS[language])
        toolbar = Toolbar(Options(), settings)
        running = asyncio.ensure_future(toolbar.run())
        shooter = base.Shooter(folder, sim, toolbar)
        try:
            await shooter.until(
                lambda s: s.connection.state is LinkState.CONNECTED and s.synced, "attached"
            )
            await shooter.settle()
            await chat(shooter)
            await call_result(shooter, language)
            await composer(shooter, language)
        finally:
            toolbar.request_quit()
            await asyncio.wait_for(running, base.TIMEOUT)
            await sim.stop()
    if [path.name for path in shooter.saved] != list(FILES):
        raise SystemExit(f"expected {FILES}, wrote {[p.name for p in shooter.saved]}")
    return shooter.saved


async def chat(shooter: base.Shooter) -> None:
    """A Telegram chat taken into work, three messages and the script's greeting."""
    sim = shooter.sim
    first = "Здравствуйте! Заказ ORD-4417203 должны были привезти вчера, курьера не было."
    cid = sim.inject_text_session(base.LOGIN, channel="telegram", customer="Смирнова Ольга",
                                  text=first)  # fmt: skip
    await shooter.until(lambda s: cid in s.conversations and bool(s.conversations[cid].waiting),
                        "a chat waiting")  # fmt: skip
    waiting = shooter.session.state.conversations[cid].waiting
    await shooter.act(it.TakeTextSession(cid, waiting))
    await shooter.until(lambda s: len(s.conversations[cid].messages) >= 2, "the greeting")
    session_id = sim.text_session_id(base.LOGIN, cid)
    sim.text_message(session_id, "Можно перенести доставку на субботу, с 10 до 14?")
    await shooter.until(lambda s: len(s.conversations[cid].messages) == 3, "three messages")
    await shooter.save("text-session.png")
    sim.close_text_session(session_id)
    await shooter.until(lambda s: s.conversations[cid].phase is ChatPhase.CLOSED, "closed")
    await shooter.until(lambda s: s.calls[cid].state is CallState.ENDED, "its wrap-up")
    # The chat carries no project, so no call result can be recorded for it: finish it
    # with the requirement lifted for a moment.
    shooter.session.apply(WrapUpPolicySet(disposition_required=False))
    await shooter.act(it.CloseCall(cid))
    shooter.session.apply(WrapUpPolicySet(disposition_required=True))
    await shooter.until(lambda s: cid not in s.calls, "the chat's card gone")


async def call_result(shooter: base.Shooter, language: str) -> None:
    """The picker in wrap-up, filtered, with the callback form."""
    cid = shooter.sim.inject_call(base.LOGIN, caller=base.FIRST[1], display_name=base.FIRST[0],
                                  params={**base.PROJECT, "ProjectId": PROJECT_ID})  # fmt: skip
    await shooter.until(lambda s: cid in s.calls, "a call")
    await shooter.act(it.Answer(cid))
    await shooter.until(lambda s: s.calls[cid].state is CallState.CONNECTED, "talking")
    await shooter.act(it.Hangup(cid))
    await shooter.until(lambda s: s.calls[cid].state is CallState.ENDED, "wrap-up")
    extender = shooter.window.findChildren(TextCardExtender)[0]
    extender.open_result(cid)
    dialog = extender.dialog
    assert dialog is not None
    dialog.search.setText(SEARCH[language])
    dialog.comment.setPlainText("Перезвонить после 15:00" if language == "ru" else "After 3 pm")
    dialog.move(shooter.window.x() + 40, shooter.window.y() + 40)
    await shooter.save("call-result.png", dialog)
    dialog.close()


async def composer(shooter: base.Shooter, language: str) -> None:
    """The notice composer with a notice for a project's supervisors."""
    menu = shooter.window.findChildren(ServiceMenu)[0]
    menu.open_broadcast()
    dialog = menu.dialog
    assert dialog is not None
    dialog.tabs.setCurrentIndex(1)
    dialog.supervisors.setChecked(True)
    dialog.agents.setChecked(True)
    dialog.text.setPlainText(NOTICE[language])
    await shooter.save("notice-composer.png", dialog)
    dialog.close()


def main(argv: list[str] | None = None) -> int:
    """Render the screenshots; print the files written."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--lang", action="append", choices=("en", "ru"))
    args = parser.parse_args(argv)
    QtCore.qInstallMessageHandler(base._quiet_offscreen)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    app.setApplicationName("agent-toolbar")
    app.setOrganizationName("agent-toolbar")
    app.setWindowIcon(QIcon(str(icon_path("agent-toolbar"))))
    app.setCursorFlashTime(0)

    async def run_all() -> None:
        for language in args.lang or ["en", "ru"]:
            await shoot(language, args.out)

    with asyncio.Runner(loop_factory=lambda: base.qasync.QEventLoop(app)) as runner:
        runner.run(run_all())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
