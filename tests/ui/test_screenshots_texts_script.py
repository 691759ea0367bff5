"""``scripts/screenshots_texts.py`` runs as documented (offscreen) and writes its pictures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from agent_toolbar.qt import QtGui

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "screenshots_texts.py"
EXPECTED = ("text-session.png", "call-result.png", "notice-composer.png")


def test_the_script_writes_the_three_screenshots_of_a_language(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path), "--lang", "ru"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    folder = tmp_path / "ru"
    assert sorted(p.name for p in folder.iterdir()) == sorted(EXPECTED)
    for name in EXPECTED:
        image = QtGui.QImage(str(folder / name))
        assert not image.isNull(), name
        assert image.width() >= 300 and image.height() >= 200, (name, image.size())
    assert not (tmp_path / "en").exists()
