"""The session-only banner: visible exactly while no secure keyring keeps the secrets."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar import credentials as cr
from agent_toolbar.qt import QtWidgets
from agent_toolbar.ui.window.credentials_banner import CredentialsBanner


def in_window(qtbot: QtBot, banner: CredentialsBanner) -> QtWidgets.QWidget:
    """Put the banner in a shown window, as the toolbar does."""
    window = QtWidgets.QWidget()
    QtWidgets.QVBoxLayout(window).addWidget(banner)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def no_session_bus(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-bus-here")


def test_banner_shows_without_a_keyring(qtbot: QtBot, no_session_bus: None) -> None:
    banner = CredentialsBanner(cr.Credentials.detect())
    window = in_window(qtbot, banner)
    assert window.isVisible()
    assert banner.isVisible()
    assert banner.text() == cr.SESSION_ONLY_NOTICE


def test_banner_hidden_without_credentials(qtbot: QtBot) -> None:
    banner = CredentialsBanner()
    window = in_window(qtbot, banner)
    assert window.isVisible()
    assert not banner.isVisible()


def test_banner_appears_when_the_store_is_lost(qtbot: QtBot) -> None:
    banner = CredentialsBanner()
    window = in_window(qtbot, banner)
    assert window.isVisible()
    with qtbot.waitSignal(banner.persistence_changed):
        banner.persistence_changed.emit(False)
    assert banner.isVisible()
