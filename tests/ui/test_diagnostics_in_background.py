"""Issue 11 item 13: saving diagnostics scrubs the logs off the GUI thread, with progress."""

from __future__ import annotations

import asyncio
import zipfile
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.app import diagnostics
from agent_toolbar.qt import QApplication, QtWidgets
from agent_toolbar.settings import Settings


def big_log(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    line = "2026-12-04 10:00:00,000 INFO    x: call from +79161234567 answered, sid 5e55\n"
    with path.open("w", encoding="utf-8") as out:
        for _ in range(3 * 1024 * 1024 // len(line)):
            out.write(line)
    return path


@pytest.mark.asyncio
async def test_the_zip_is_built_in_the_background_with_a_progress_indication(
    qtbot: QtBot, tmp_path: Path
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)  # as the toolbar runs (a tray app)
    log = big_log(tmp_path / "logs" / "agent-toolbar.log")
    settings = Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")
    saved: list[Path] = []
    done = asyncio.get_running_loop().create_future()

    def on_saved(path: Path) -> None:
        saved.append(path)
        done.set_result(path)

    dialog = diagnostics.save_diagnostics_dialog(
        None,
        settings,
        log_files=lambda: [log],
        connection="connected",
        directory=tmp_path,
        on_saved=on_saved,
    )
    target = tmp_path / "chosen.zip"
    dialog.selectFile(str(target))
    dialog.accept()
    # back in the event loop at once: nothing was scrubbed on this thread yet
    assert saved == []
    progress = next(
        w for w in QApplication.topLevelWidgets() if w.objectName() == "diagnosticsProgress"
    )
    assert isinstance(progress, QtWidgets.QProgressDialog) and progress.isVisible()
    assert await asyncio.wait_for(done, 60) == target
    await asyncio.sleep(0)
    still = [w for w in QApplication.topLevelWidgets() if w.objectName() == "diagnosticsProgress"]
    assert not any(w.isVisible() for w in still)
    with zipfile.ZipFile(target) as archive:
        text = archive.read("logs/agent-toolbar.log").decode("utf-8")
    assert "+79161234567" not in text and "answered" in text
