"""``scripts/screenshots.py`` runs as documented (offscreen) and writes all eight pictures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from agent_toolbar.qt import QtGui

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "screenshots.py"
EXPECTED = (
    "ringing.png",
    "on-hold.png",
    "wrap-up.png",
    "not-ready.png",
    "reconnecting.png",
    "transfer-in-progress.png",
    "transfer-failed.png",
    "conference-panel.png",
)


def colour_count(image: QtGui.QImage, limit: int = 64) -> int:
    """How many distinct colours ``image`` has (counting stops at ``limit``)."""
    rgb = image.convertToFormat(QtGui.QImage.Format.Format_RGB32)
    seen: set[int] = set()
    for y in range(0, rgb.height(), 3):
        for x in range(0, rgb.width(), 3):
            seen.add(rgb.pixel(x, y))
            if len(seen) >= limit:
                return len(seen)
    return len(seen)


def test_the_script_writes_every_screenshot_of_a_language(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path), "--lang", "en"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]

    folder = tmp_path / "en"
    assert sorted(p.name for p in folder.iterdir()) == sorted(EXPECTED)
    printed = result.stdout.split()
    for name in EXPECTED:
        path = folder / name
        assert str(path) in printed
        image = QtGui.QImage(str(path))
        assert not image.isNull(), name
        assert image.width() >= 300 and image.height() >= 100, (name, image.size())
        assert colour_count(image) >= 16, f"{name} looks blank"
    assert not (tmp_path / "ru").exists()
