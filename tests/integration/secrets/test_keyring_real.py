"""Credentials against a real Secret Service (gnome-keyring on a private bus, see conftest)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar import credentials as cr
from agent_toolbar.qt import QtWidgets
from agent_toolbar.settings import Settings
from agent_toolbar.ui.window.credentials_banner import CredentialsBanner

if TYPE_CHECKING:
    from .conftest import SecretService

pytestmark = pytest.mark.keyring_real

SECRET = "Correct-Horse-Battery-77"


def test_secret_service_is_chosen_and_keeps_the_secret_across_restarts(
    secret_service: SecretService, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="agent_toolbar.credentials")
    store = cr.Credentials.detect()
    assert store.persistent
    assert store.backend_name == "keyring.backends.SecretService.Keyring"
    assert "secrets are stored in keyring.backends.SecretService.Keyring" in caplog.text

    store.set("cti/auth_secret", SECRET)
    again = cr.Credentials.detect()  # a new process would start like this
    assert again.get("cti/auth_secret") == SECRET

    # gnome-keyring encrypts its file: the secret is nowhere in clear text on disk
    files = secret_service.files_on_disk()
    assert any(p.name.endswith(".keyring") for p in files)
    for path in files:
        assert SECRET.encode() not in path.read_bytes(), path

    again.delete("cti/auth_secret")
    assert cr.Credentials.detect().get("cti/auth_secret") is None


@pytest.mark.asyncio
async def test_async_round_trip_and_handshake_headers(
    secret_service: SecretService, tmp_path: Path
) -> None:
    settings = Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")
    settings.set("cti/auth", "basic")
    settings.set("cti/auth_user", "proxy-user")
    store = await cr.Credentials.detect_async()
    assert store.persistent
    await store.set_async(cr.AUTH_SECRET_KEY, SECRET)

    fresh = await cr.Credentials.detect_async()
    headers = await cr.auth_headers_async(settings, fresh)
    expected = base64.b64encode(f"proxy-user:{SECRET}".encode()).decode()
    assert headers == {"Authorization": f"Basic {expected}"}
    settings.sync()
    assert SECRET not in settings.user_path.read_text(encoding="utf-8")


def test_a_store_that_refuses_falls_back_to_session_memory(
    secret_service_factory: Callable[[bool], SecretService], qtbot: QtBot
) -> None:
    secret_service_factory(False)  # no login keyring and no way to prompt for one
    store = cr.Credentials.detect()
    assert store.persistent  # the service is there...
    window = QtWidgets.QWidget()
    banner = CredentialsBanner(store)
    QtWidgets.QVBoxLayout(window).addWidget(banner)
    qtbot.addWidget(window)
    window.show()
    assert not banner.isVisible()

    with qtbot.waitSignal(banner.persistence_changed):
        store.set("cti/auth_secret", SECRET)  # ...but refuses to create a collection
    assert not store.persistent
    assert store.backend_name == cr.MEMORY_BACKEND_NAME
    assert store.get("cti/auth_secret") == SECRET  # the operator keeps working this session
    qtbot.waitUntil(banner.isVisible)


def test_diagnosis_names_the_store_and_proves_a_round_trip(secret_service: SecretService) -> None:
    text = cr.diagnose_keyring()
    assert "keyring.backends.SecretService.Keyring: viable, priority 5" in text
    assert "chosen: keyring.backends.SecretService.Keyring" in text
    assert "round trip: ok" in text
    assert cr.Credentials.detect().get(cr.PROBE_KEY) is None  # the probe was removed


def test_old_entry_moves_to_the_configured_origin_in_the_real_store(
    secret_service: SecretService, tmp_path: Path
) -> None:
    system = tmp_path / "system.ini"
    system.write_text("[cti]\nurl=wss://cti.example.com:8443/ws\nauth=bearer\n", encoding="utf-8")
    store = cr.Credentials.detect()
    store.set(cr.AUTH_SECRET_KEY, SECRET)  # as an older version stored it
    bent = Settings(user=tmp_path / "user.ini", system=system)
    bent.override("cti/url", "wss://elsewhere.example.net/ws")  # --server for one run
    assert cr.auth_headers(bent, cr.Credentials.detect()) == {}
    assert cr.Credentials.detect().get(cr.AUTH_SECRET_KEY) == SECRET  # not moved there

    configured = Settings(user=tmp_path / "user.ini", system=system)
    assert cr.auth_headers(configured, cr.Credentials.detect()) == {
        "Authorization": f"Bearer {SECRET}"
    }
    restarted = cr.Credentials.detect()
    assert restarted.get("cti/auth_secret@wss://cti.example.com:8443") == SECRET
    assert restarted.get(cr.AUTH_SECRET_KEY) is None
    restarted.delete("cti/auth_secret@wss://cti.example.com:8443")
