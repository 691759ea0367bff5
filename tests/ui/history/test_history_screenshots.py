"""scripts/history_screenshots.py writes its three pictures (offscreen, one language)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from agent_toolbar.qt import QtGui

ROOT = Path(__file__).parents[3]


def test_the_script_writes_the_window_the_timeline_and_the_offline_summary(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DISPLAY", None)
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "history_screenshots.py"), "--out",
         str(tmp_path), "--lang", "ru"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (tmp_path / "ru").iterdir())
    assert names == ["history-offline.png", "history-timeline.png", "history.png"]
    window = QtGui.QImage(str(tmp_path / "ru" / "history.png"))
    assert window.width() >= 800 and window.height() >= 500
