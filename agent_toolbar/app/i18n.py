"""Russian and English through Qt translations.

The English source strings are in the code; ``resources/translations/agent_toolbar_ru.qm``
holds the Russian ones (regenerate with ``scripts/translations.sh``). ``ui/language`` picks
the language: ``system`` (the OS language; Russian for any ``ru`` locale, English
otherwise), ``ru`` or ``en``. Qt's own ``qtbase_<lang>.qm`` from PySide6 is loaded too, so
standard dialog buttons (OK, Cancel, Apply …) speak the same language.
"""

from __future__ import annotations

import logging

from agent_toolbar.qt import QCoreApplication, QLocale, QtCore, QTranslator
from agent_toolbar.resources import translations_dir

log = logging.getLogger(__name__)

LANGUAGES = ("en", "ru")
CATALOG = "agent_toolbar"

# Translators must outlive the installation; Qt does not keep a Python reference.
_installed: list[QTranslator] = []


def resolve_language(setting: str, system_locale: QLocale | None = None) -> str:
    """The language to use (``en`` or ``ru``) for a ``ui/language`` value."""
    value = (setting or "system").strip().lower()
    if value in LANGUAGES:
        return value
    locale = system_locale or QLocale.system()
    for name in [locale.name(), *locale.uiLanguages()]:
        if name.lower().replace("_", "-").split("-")[0] == "ru":
            return "ru"
    return "en"


def qt_translations_dir() -> str:
    """Where PySide6 keeps Qt's own ``.qm`` files."""
    return QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.TranslationsPath)


def install_translations(setting: str, app: QCoreApplication | None = None) -> str:
    """Install the translators for ``ui/language = setting``; return the language used.

    Replaces translators installed by an earlier call. English needs no catalog (the
    source strings are English), but Qt's ``qtbase_en`` is harmless and keeps plurals right.
    """
    app = app or QCoreApplication.instance()
    language = resolve_language(setting)
    if app is None:
        return language
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(
        QLocale(QLocale.Language.Russian if language == "ru" else QLocale.Language.English)
    )
    qt_base = QTranslator(app)
    if qt_base.load(f"qtbase_{language}", qt_translations_dir()):
        app.installTranslator(qt_base)
        _installed.append(qt_base)
    elif language != "en":
        log.warning("Qt's own %s translation not found in %s", language, qt_translations_dir())
    if language != "en":
        ours = QTranslator(app)
        directory = str(translations_dir())
        if ours.load(f"{CATALOG}_{language}", directory):
            app.installTranslator(ours)
            _installed.append(ours)
        else:
            log.warning("translation %s_%s.qm not found in %s", CATALOG, language, directory)
    # The call history's own catalog (it merges apart from the main one).
    from agent_toolbar.ui.history.catalog import install_history_translations

    if not install_history_translations(language):
        log.warning("the call history's %s translation was not found", language)
    log.info("interface language: %s", language)
    return language


def translate(context: str, text: str) -> str:
    """``QCoreApplication.translate`` for code outside a QObject."""
    return QCoreApplication.translate(context, text)
