"""The call history's own translation catalog, installed beside the main one.

Kept apart from the history's other modules: the language is installed before the first
frame, and this is all that needs (no journal, no timeline).
"""

from __future__ import annotations

from agent_toolbar.qt import QtCore, QTranslator
from agent_toolbar.resources import translations_dir

__all__ = ["CATALOG", "CONTEXT", "install_history_translations", "trf"]

CATALOG = "history"
_installed: list[QTranslator] = []  # Qt keeps no Python reference to installed translators


def install_history_translations(language: str) -> bool:
    """Install the history catalog for ``language`` (``en`` needs none); True if loaded."""
    app = QtCore.QCoreApplication.instance()
    if app is None:
        return False
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language == "en":
        return True
    translator = QTranslator(app)
    if not translator.load(f"{CATALOG}_{language}", str(translations_dir())):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


CONTEXT = "HistoryWindow"


def trf(context: str, text: str) -> str:
    """``text`` in the operator's language (the catalog tool reads every call of this)."""
    return QtCore.QCoreApplication.translate(context, text)
