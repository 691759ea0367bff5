"""The one place PySide6 is imported from.

Importing this module before ``qasync`` makes qasync bind to PySide6 (it otherwise probes
PyQt5/PyQt6 first). Widgets and the app import Qt names from here, never from PySide6
directly, so the binding is decided in one spot.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_API", "pyside6")

from PySide6 import QtCore, QtGui, QtNetwork, QtSvg, QtWidgets
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QLocale,
    QObject,
    QPoint,
    QRect,
    QSettings,
    QSize,
    QStandardPaths,
    Qt,
    QTimer,
    QTranslator,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QDesktopServices,
    QFont,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QPainter,
    QPalette,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import QApplication, QWidget

__all__ = [
    "QT_TRANSLATE_NOOP",
    "QAction",
    "QApplication",
    "QColor",
    "QCoreApplication",
    "QDesktopServices",
    "QEvent",
    "QFont",
    "QGuiApplication",
    "QIcon",
    "QKeySequence",
    "QLocale",
    "QObject",
    "QPainter",
    "QPalette",
    "QPixmap",
    "QPoint",
    "QRect",
    "QSettings",
    "QShortcut",
    "QSize",
    "QStandardPaths",
    "QTimer",
    "QTranslator",
    "QUrl",
    "QWidget",
    "Qt",
    "QtCore",
    "QtGui",
    "QtNetwork",
    "QtSvg",
    "QtWidgets",
    "Signal",
    "Slot",
]
