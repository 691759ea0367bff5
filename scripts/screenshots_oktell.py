"""The Oktell screenshots in ``docs/screenshots/<lang>/oktell-*.png``, from the real application.

As ``scripts/screenshots.py`` does for Naumen: the toolbar composed as ``agent-toolbar``
composes it, with ``cti/backend = oktell``, polling the built-in Oktell Web-API simulator
over loopback HTTP, driven with the simulator's control API and the intents the buttons send:

* ``oktell-ringing.png`` — an incoming call ringing (Answer, Hang up; name and number);
* ``oktell-on-hold.png`` — the call answered and put on hold (``wp_flash``);
* ``oktell-callback.png`` — an outgoing call placed with ``wp_autocallstart``: the number
  answered and the operator's own phone rings ("Outgoing: pick up your phone");
* ``oktell-break.png`` — not ready with a break reason (``onlunch`` + ``lunchreasonid``).

Usage::

    .venv/bin/python scripts/screenshots_oktell.py [--out docs/screenshots] [--lang en --lang ru]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import screenshots as base  # the Naumen script: app set-up, Shooter, settings

from agent_toolbar.app import i18n
from agent_toolbar.app.cli import Options
from agent_toolbar.app.shell import Toolbar
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import LinkState
from agent_toolbar.cti.model import CallState, DisplayKind
from agent_toolbar.simulators.oktell import Simulator

FILES = ("oktell-ringing.png", "oktell-on-hold.png", "oktell-callback.png", "oktell-break.png")
REASONS = "1001, 1002, 1003"
LABELS = {
    "en": "1001 = Lunch\n1002 = Training\n1003 = Technical break",
    "ru": "1001 = Обед\n1002 = Обучение\n1003 = Техническая пауза",
}


async def shoot(language: str, out: Path) -> list[Path]:
    """Every Oktell screenshot of one language."""
    folder = out / language
    folder.mkdir(parents=True, exist_ok=True)
    i18n.install_translations(language)
    with tempfile.TemporaryDirectory() as tmp:
        sim = Simulator("idle", seed=base.SEED, accept_empty_password=True)
        await sim.start()
        settings = base.settings_for(language, Path(tmp), sim.url)
        settings.set("cti/backend", "oktell")
        settings.set("oktell/poll_ms", 200)
        settings.set("reasons/away", REASONS)
        settings.set("reasons/labels", LABELS[language])
        toolbar = Toolbar(Options(), settings)
        running = asyncio.ensure_future(toolbar.run())
        shooter = base.Shooter(folder, sim, toolbar)  # type: ignore[arg-type]
        try:
            await shooter.until(lambda s: s.connection.state is LinkState.CONNECTED, "polling")
            await shooter.until(lambda s: s.agent.display.kind is DisplayKind.NORMAL, "ready")
            name, number = base.FIRST
            cid = sim.inject_call(base.LOGIN, caller=number, display_name=name)
            await shooter.until(lambda s: cid in s.calls, "a ringing call")
            await shooter.save("oktell-ringing.png")
            await shooter.act(it.Answer(cid))
            await shooter.until(lambda s: s.calls[cid].state is CallState.CONNECTED, "talking")
            await shooter.act(it.Hold(cid, True))
            await shooter.until(lambda s: s.calls[cid].hold, "on hold")
            await shooter.until(lambda s: not s.commands, "hold confirmed")
            await shooter.save("oktell-on-hold.png")
            await shooter.act(it.Hold(cid, False))
            await shooter.until(lambda s: not s.calls[cid].hold, "back")
            sim.end_call_remote(base.LOGIN, cid)
            await shooter.until(lambda s: not s.calls, "the call over")
            callee_name, callee = base.SECOND
            await shooter.act(it.MakeCall(callee))
            far = await _placed(sim)
            sim.answer_elsewhere(base.LOGIN, far)  # the number answers; my phone rings
            await shooter.until(lambda s: len(s.calls) == 1, "the callback ringing")
            await shooter.until(lambda s: not s.commands, "the dial confirmed")
            await shooter.save("oktell-callback.png")
            sim.end_call_remote(base.LOGIN, far)
            await shooter.until(lambda s: not s.calls, "the callback over")
            await shooter.act(it.ChangeState("away", "1001"))
            await shooter.until(lambda s: s.agent.display.kind is DisplayKind.AWAY, "on a break")
            await shooter.until(lambda s: not s.commands, "the break confirmed")
            await shooter.save("oktell-break.png")
            del callee_name
        finally:
            toolbar.request_quit()
            await asyncio.wait_for(running, base.TIMEOUT)
            await sim.stop()
    if [path.name for path in shooter.saved] != list(FILES):
        raise SystemExit(f"expected {FILES}, wrote {[p.name for p in shooter.saved]}")
    return shooter.saved


async def _placed(sim: Simulator) -> str:
    for _ in range(200):
        calls = sim.operator(base.LOGIN).calls
        if calls:
            return calls[0].commutation_id
        await asyncio.sleep(0.02)
    raise SystemExit("the autocall was not placed")


def main(argv: list[str] | None = None) -> int:
    """Render the Oktell screenshots; print the files written."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--lang", action="append", choices=("en", "ru"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    base.QtCore.qInstallMessageHandler(base._quiet_offscreen)
    app = base.QApplication.instance() or base.QApplication(sys.argv[:1])
    assert isinstance(app, base.QApplication)
    app.setQuitOnLastWindowClosed(False)
    app.setApplicationName("agent-toolbar")
    app.setOrganizationName("agent-toolbar")
    app.setWindowIcon(base.QIcon(str(base.icon_path("agent-toolbar"))))
    app.setCursorFlashTime(0)

    async def run_all() -> None:
        for language in args.lang or ["en", "ru"]:
            await shoot(language, args.out)

    with asyncio.Runner(loop_factory=lambda: base.qasync.QEventLoop(app)) as runner:
        runner.run(run_all())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
