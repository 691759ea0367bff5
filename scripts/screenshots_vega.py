"""The Vega PBX screenshots in ``docs/screenshots/{en,ru}/vega-*.png``, from the real application.

The toolbar is composed as ``agent-toolbar`` composes it (``cti/backend = vega``), listening
over a loopback WebSocket to the built-in Vega simulator, which plays:

* ``vega-ringing.png`` — the operator is available (``lgDirection`` 64); a customer's call to
  the support group is distributed to the operator: one card with the CRM contact's name,
  company, number and the group; no Answer button (Vega only reports calls);
* ``vega-talking.png`` — the call answered on the phone (``call.bridge``);
* ``vega-paused.png`` — the call over, the operator on pause (``lgDirection`` 32): shown in
  the state selector, which Vega does not let the toolbar change.

Usage::

    .venv/bin/python scripts/screenshots_vega.py [--out docs/screenshots] [--lang en --lang ru]

It reuses :mod:`screenshots` (the Naumen pictures) for the window grabbing and settings; as
there, timers read 00:00 (each picture is taken within a second of its event) and no
browser opens (``screenpop/trigger = off``; the CRM button opens it on demand).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import screenshots as base  # the Naumen script: window, settings, Qt set-up

from agent_toolbar.app.cli import Options
from agent_toolbar.app.shell import Toolbar
from agent_toolbar.cti.backend import LinkState
from agent_toolbar.cti.model import CallState, DisplayKind
from agent_toolbar.qt import QApplication, QIcon, QtCore
from agent_toolbar.resources import icon_path
from agent_toolbar.simulators.vega.server import VegaSimulator

FILES = ("vega-ringing.png", "vega-talking.png", "vega-paused.png")


async def shoot(language: str, out: Path) -> list[Path]:
    """The Vega pictures of one language."""
    folder = out / language
    folder.mkdir(parents=True, exist_ok=True)
    base.i18n.install_translations(language)
    with tempfile.TemporaryDirectory() as tmp:
        sim = VegaSimulator("idle", seed=base.SEED)
        await sim.start()
        settings = base.settings_for(language, Path(tmp), sim.url)
        settings.set("cti/backend", "vega")
        settings.set("vega/extension", sim.extension)
        toolbar = Toolbar(Options(), settings)
        running = asyncio.ensure_future(toolbar.run())
        shooter = base.Shooter(folder, sim, toolbar)  # type: ignore[arg-type]
        try:
            await shooter.until(lambda s: s.connection.state is LinkState.CONNECTED, "listening")
            await sim.wait_for_clients()
            sim.unpause()
            await shooter.until(lambda s: s.agent.display.kind is DisplayKind.NORMAL, "ready")
            parent, child = sim.group_call(customer=0, priorities=(2, 1))
            await shooter.until(lambda s: parent in s.calls, "a ringing card")
            await shooter.save("vega-ringing.png")
            sim.bridge(child)
            await shooter.until(lambda s: s.calls[parent].state is CallState.CONNECTED, "talking")
            await shooter.save("vega-talking.png")
            sim.hangup(child)
            sim.pause()
            await shooter.until(
                lambda s: not s.calls and s.agent.display.kind is DisplayKind.AWAY, "paused"
            )
            await shooter.save("vega-paused.png")
        finally:
            toolbar.request_quit()
            await asyncio.wait_for(running, base.TIMEOUT)
            await sim.stop()
    if [path.name for path in shooter.saved] != list(FILES):
        raise SystemExit(f"expected {FILES}, wrote {[p.name for p in shooter.saved]}")
    return shooter.saved


def main(argv: list[str] | None = None) -> int:
    """Render the Vega screenshots; print the files written."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--lang", action="append", choices=("en", "ru"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
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

    with base.asyncio.Runner(loop_factory=lambda: base.qasync.QEventLoop(app)) as runner:
        runner.run(run_all())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
