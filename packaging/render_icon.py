"""Render the app icon (resources/icons/agent-toolbar.svg) to PNG, ICO and ICNS for packaging.

    python packaging/render_icon.py build/icons

Writes ``agent-toolbar.png`` (256 px, for Linux desktops and the tarball),
``agent-toolbar.ico`` (Windows executable and installer) and ``agent-toolbar.icns`` (macOS
bundle) where this Qt build can write the format. Runs offscreen: no display needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from agent_toolbar.qt import QGuiApplication, QPainter, QtCore, QtGui, QtSvg

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons" / "agent-toolbar.svg"


def render(size: int) -> QtGui.QImage:
    """The icon as a transparent ``size`` × ``size`` image."""
    image = QtGui.QImage(size, size, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QtCore.Qt.GlobalColor.transparent)
    renderer = QtSvg.QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SOURCE}")
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main(argv: list[str]) -> int:
    """Write the icons into ``argv[0]`` (default ``build/icons``)."""
    out = Path(argv[0]) if argv else ROOT / "build" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    _app = QGuiApplication.instance() or QGuiApplication(["render_icon"])
    image = render(256)
    written = []
    for name, fmt in (("agent-toolbar.png", "PNG"), ("agent-toolbar.ico", "ICO"),
                      ("agent-toolbar.icns", "ICNS")):  # fmt: skip
        if image.save(str(out / name), fmt):
            written.append(name)
    print(f"icons in {out}: {', '.join(written)}")
    return 0 if "agent-toolbar.png" in written else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
