"""Issue 11 item 5: what the toolbar writes is private to the user, and DTMF never logged."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent_toolbar import logs
from agent_toolbar.app.diagnostics import build_diagnostics_zip
from agent_toolbar.cti import intents as it
from agent_toolbar.settings import Settings

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)  # what most desktops run with
    yield
    os.umask(previous)


def test_log_directory_and_files_are_private(tmp_path: Path) -> None:
    directory = tmp_path / "state" / "log"
    try:
        path = logs.setup_logging("INFO", directory=directory, console=False)
        assert path is not None
        logging.getLogger("agent_toolbar.test").warning("a line")
        assert mode(directory) == 0o700
        assert mode(path) == 0o600
        handler = next(
            h
            for h in logging.getLogger().handlers
            if isinstance(h, logs.PrivateRotatingFileHandler)
        )
        handler.doRollover()
        logging.getLogger("agent_toolbar.test").warning("after the rotation")
        assert mode(path) == 0o600
        assert mode(path.with_name(path.name + ".1")) == 0o600
    finally:
        logs.setup_logging("INFO", directory=tmp_path / "other", console=False)


def test_an_old_world_readable_log_is_made_private(tmp_path: Path) -> None:
    directory = tmp_path / "log"
    directory.mkdir(mode=0o755)
    old = directory / logs.FILE_NAME
    old.write_text("old\n", encoding="utf-8")
    old.chmod(0o644)
    logs.setup_logging("INFO", directory=directory, console=False)
    assert mode(directory) == 0o700
    assert mode(old) == 0o600


def test_the_ini_file_and_its_directory_are_private(tmp_path: Path) -> None:
    user = tmp_path / "config" / "agent-toolbar" / "agent-toolbar.ini"
    settings = Settings(user=user, system=tmp_path / "system.ini")
    settings.set("cti/login", "ivanova")
    assert mode(user) == 0o600
    assert mode(user.parent) == 0o700
    user.chmod(0o644)  # written by an older version
    again = Settings(user=user, system=tmp_path / "system.ini")
    again.set("ui/sound", False)
    assert mode(user) == 0o600


def test_the_diagnostics_zip_is_private(tmp_path: Path) -> None:
    zipped = build_diagnostics_zip(tmp_path / "d.zip", log_files=[], settings_values={}, info={})
    assert mode(zipped) == 0o600


def test_dtmf_digits_are_masked_even_outside_secure_mode() -> None:
    intent = it.SendDtmf(cid="c1", digits="4111111111111111")
    for secure in (False, True):
        text = intent.describe(secure=secure)
        assert "4111" not in text
        assert "c1" in text
