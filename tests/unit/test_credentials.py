"""Credentials: allow-listed backends only, session memory without one, handshake headers."""

from __future__ import annotations

import asyncio
import base64
import logging
import threading
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from agent_toolbar import credentials as cr
from agent_toolbar import logs
from agent_toolbar.settings import Settings


class PlaintextLike(KeyringBackend):
    """A store that keeps secrets in clear text, with a priority that would win by default."""

    priority = 100  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def no_session_bus(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No D-Bus session: Secret Service and KWallet cannot be reached (as on a bare server)."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-bus-here")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")


def test_no_backend_means_session_memory_and_a_banner_flag(
    no_session_bus: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="agent_toolbar.credentials")
    store = cr.Credentials.detect()
    assert store.persistent is False
    assert store.backend_name == cr.MEMORY_BACKEND_NAME
    assert "for this session only" in caplog.text

    store.set("cti/auth_secret", "session-only-pw")
    assert store.get("cti/auth_secret") == "session-only-pw"
    # a restart is a new store: the secret is gone
    assert cr.Credentials.detect().get("cti/auth_secret") is None


def test_survey_explains_why_each_backend_is_unusable(no_session_bus: None) -> None:
    reports = {r.name: r for r in cr.survey()}
    secret_service = reports["keyring.backends.SecretService.Keyring"]
    assert secret_service.importable and not secret_service.viable
    assert secret_service.reason
    assert cr.choose_backend() is None
    text = cr.diagnose_keyring()
    assert "SecretService = keyring.backends.SecretService" in text
    assert f"chosen: {cr.MEMORY_BACKEND_NAME}" in text


def test_keyrings_own_choice_is_ignored(no_session_bus: None) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(PlaintextLike())
    try:
        assert cr.Credentials.detect().persistent is False
    finally:
        keyring.set_keyring(previous)


@pytest.mark.parametrize("backend", [PlaintextLike(), fail.Keyring()])
def test_insecure_backends_are_refused(backend: KeyringBackend) -> None:
    with pytest.raises(ValueError, match="not a secure store"):
        cr.Credentials(backend)
    assert not cr.is_secure(backend)


def test_empty_value_deletes(no_session_bus: None) -> None:
    store = cr.Credentials()
    store.set("api/key", "abcdef")
    store.set("api/key", "")
    assert store.get("api/key") is None
    store.delete("never/stored")


def test_secrets_set_are_masked_in_logs(tmp_path: Path) -> None:
    root = logging.getLogger()
    level = root.level
    path = logs.setup_logging("DEBUG", directory=tmp_path, console=False)
    assert path is not None
    try:
        cr.Credentials().set("cti/auth_secret", "Zebra-Crossing-991")
        logging.getLogger("some.library").debug("sending Zebra-Crossing-991 upstream")
        for handler in root.handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
    finally:
        for handler in list(root.handlers):
            if getattr(handler, "_agent_toolbar", False):
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
    assert "sending *** upstream" in text
    assert "Zebra-Crossing-991" not in text


@pytest.mark.asyncio
async def test_async_calls_leave_the_loop_thread(no_session_bus: None) -> None:
    seen: list[threading.Thread] = []

    class Recording(cr.Credentials):
        def get(self, key: str) -> str | None:
            seen.append(threading.current_thread())
            return super().get(key)

    store = await Recording.detect_async()
    await store.set_async("cti/auth_secret", "from-a-coroutine")
    assert await store.get_async("cti/auth_secret") == "from-a-coroutine"
    assert seen and seen[0] is not threading.current_thread()
    await store.delete_async("cti/auth_secret")
    assert await store.get_async("cti/auth_secret") is None
    assert asyncio.get_running_loop().is_running()


def test_no_auth_no_header(settings: Settings, no_session_bus: None) -> None:
    assert cr.auth_headers(settings, cr.Credentials()) == {}


def test_basic_header(settings: Settings, no_session_bus: None) -> None:
    settings.set("cti/auth", "basic")
    settings.set("cti/auth_user", "ivanov")
    store = cr.Credentials()
    store.set(cr.AUTH_SECRET_KEY, "p@ss:word")
    headers = cr.auth_headers(settings, store)
    scheme, token = headers["Authorization"].split(" ")
    assert scheme == "Basic"
    assert base64.b64decode(token).decode() == "ivanov:p@ss:word"
    # the encoded form is a secret too
    assert token not in logs.redact(f"Authorization header {token}")


def test_bearer_header(settings: Settings, no_session_bus: None) -> None:
    settings.set("cti/auth", "bearer")
    store = cr.Credentials()
    store.set(cr.AUTH_SECRET_KEY, "eyJ0eXAi.proxy.token")
    assert cr.auth_headers(settings, store) == {"Authorization": "Bearer eyJ0eXAi.proxy.token"}


def test_missing_secret_connects_without_header(
    settings: Settings, no_session_bus: None, caplog: pytest.LogCaptureFixture
) -> None:
    settings.set("cti/auth", "bearer")
    assert cr.auth_headers(settings, cr.Credentials()) == {}
    assert "no secret is stored" in caplog.text


def test_secret_setting_cannot_be_written_to_the_ini(settings: Settings) -> None:
    with pytest.raises(ValueError, match="secret"):
        settings.set("cti/auth_secret", "should-not-land")
    settings.sync()
    assert (
        not settings.user_path.exists() or "should-not-land" not in settings.user_path.read_text()
    )


def test_header_names_hide_values() -> None:
    assert (
        cr.header_names({"Authorization": "Bearer x", "X-Trace": "1"}) == "Authorization, X-Trace"
    )
    assert cr.header_names({}) == "none"
