"""The baseline for start-up benchmarks: the smallest PySide6 program that shows a window.

Run with the same Python as the app (``python bench/bare_window.py``) or frozen by
``bench/bundle_size_and_start.py`` with PyInstaller's defaults. It shows one labelled widget
titled "Bare PySide6 window" and runs until killed.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel


def main() -> int:
    """Show the window and run the Qt loop."""
    app = QApplication(sys.argv)
    label = QLabel("bare")
    label.setWindowTitle("Bare PySide6 window")
    label.resize(320, 60)
    label.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
