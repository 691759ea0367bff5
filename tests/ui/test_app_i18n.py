"""Russian and English: the language setting, our catalog, Qt's own strings, completeness."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.app import i18n
from agent_toolbar.qt import QCoreApplication, QLocale, QtWidgets
from agent_toolbar.resources import translations_dir
from agent_toolbar.settings import BY_KEY
from agent_toolbar.ui.settings.settings_dialog import setting_label

REPO = Path(__file__).resolve().parents[2]
TS = translations_dir() / "agent_toolbar_ru.ts"
HISTORY_TS = translations_dir() / "history_ru.ts"  # the call history's own catalog


@pytest.fixture
def english_afterwards(qapp: QtWidgets.QApplication) -> Iterator[None]:
    yield
    i18n.install_translations("en")


@pytest.mark.parametrize(
    ("setting", "locale", "expected"),
    [
        ("ru", "en_US", "ru"),
        ("en", "ru_RU", "en"),
        ("system", "ru_RU", "ru"),
        ("system", "ru_UA", "ru"),
        ("system", "de_DE", "en"),
        ("", "ru_RU", "ru"),
        ("klingon", "en_GB", "en"),
    ],
)
def test_language_follows_the_setting_then_the_os(setting: str, locale: str, expected: str) -> None:
    assert i18n.resolve_language(setting, QLocale(locale)) == expected


def test_russian_everywhere_then_back_to_english(qtbot: QtBot, english_afterwards: None) -> None:
    assert i18n.install_translations("ru") == "ru"
    assert QCoreApplication.translate("Tray", "Incoming call") == "Входящий звонок"
    assert QCoreApplication.translate("StateLabel", "Wrap-up") == "Постобработка"
    assert setting_label(BY_KEY["hotkeys/answer"]) == "Ответить"
    box = QtWidgets.QDialogButtonBox(
        QtWidgets.QDialogButtonBox.StandardButton.Cancel
        | QtWidgets.QDialogButtonBox.StandardButton.Apply
    )
    qtbot.addWidget(box)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert texts == {"Отмена", "Применить"}  # Qt's own qtbase_ru
    assert i18n.install_translations("en") == "en"
    assert QCoreApplication.translate("Tray", "Incoming call") == "Incoming call"


@pytest.mark.parametrize("catalog", [TS, HISTORY_TS], ids=["main", "history"])
def test_catalog_has_nothing_unfinished_and_is_compiled(catalog: Path) -> None:
    TS = catalog
    text = TS.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text
    assert "<translation></translation>" not in text
    qm = TS.with_suffix(".qm")
    assert qm.exists() and qm.stat().st_size > 1000


@pytest.mark.skipif(shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent)) is None,
                    reason="pyside6-lupdate is not installed next to this Python")  # fmt: skip
def test_every_string_in_the_code_is_in_the_catalog(tmp_path: Path) -> None:
    """A new tr() string must be translated (run scripts/translations.sh and fill it in)."""
    sources = sorted(str(p) for p in (REPO / "agent_toolbar").rglob("*.py"))
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run(
        [str(lupdate), "-silent", "-locations", "none", "-tr-function-alias",
         "QT_TR_NOOP+=tr_noop", *sources, "-ts", str(fresh)],
        check=True,
        timeout=120,
        capture_output=True,
    )  # fmt: skip

    def pairs(path: Path) -> set[tuple[str, str]]:
        root = ET.parse(path).getroot()
        return {
            (ctx.findtext("name") or "", m.findtext("source") or "")
            for ctx in root.findall("context")
            for m in ctx.findall("message")
        }

    missing = pairs(fresh) - pairs(TS) - pairs(HISTORY_TS)
    assert not missing, f"not in {TS.name} (run scripts/translations.sh): {sorted(missing)[:20]}"
    # The history's window texts go through trf(context, text): read them as the script does.
    history = sorted(
        str(p)
        for folder in ("history", "ui/history")
        for p in (REPO / "agent_toolbar" / folder).rglob("*.py")
    )
    fresh_history = tmp_path / "history.ts"
    subprocess.run(
        [str(lupdate), "-silent", "-locations", "none", "-tr-function-alias",
         "QT_TRANSLATE_NOOP+=trf", *history, "-ts", str(fresh_history)],
        check=True,
        timeout=120,
        capture_output=True,
    )  # fmt: skip
    missing = pairs(fresh_history) - pairs(HISTORY_TS)
    assert not missing, f"not in {HISTORY_TS.name} (run scripts/translations.sh): {missing}"
