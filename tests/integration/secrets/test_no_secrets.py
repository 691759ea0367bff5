"""No secret reaches an INI file, a log or the diagnostics zip.

The operator types a recognisable password into the settings dialog (it goes to the real
Secret Service), the toolbar "restarts" (a fresh keyring read), builds its Basic handshake
header and connects to the simulator with everything logged at DEBUG, protocol frames
included. A call comes in, secure mode goes on, DTMF digits are sent. Then we save
diagnostics and grep every INI file, every log file and every file of the unzipped
diagnostics for the secret, its Basic encoding and the DTMF digits.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import zipfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import pytest_asyncio
from pytestqt.qtbot import QtBot

from agent_toolbar import credentials as cr
from agent_toolbar import logs
from agent_toolbar.app import diagnostics
from agent_toolbar.backends.naumen.adapter import NaumenBackend
from agent_toolbar.backends.naumen.client import ClientConfig
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import LinkState
from agent_toolbar.cti.model import CallState, SecureMode
from agent_toolbar.cti.session import Session
from agent_toolbar.settings import Settings
from agent_toolbar.simulators.naumen.simulator import SimTimings, Simulator
from agent_toolbar.ui.settings.settings_dialog import SettingsDialog

if TYPE_CHECKING:
    from tests.conftest import Until

    from .conftest import SecretService

pytestmark = [pytest.mark.asyncio, pytest.mark.keyring_real]

SECRET = "Tr0ub4dor-Zanzibar-4417"
PROXY_USER = "proxy-user"
CALLER = "+7 916 555-12-34"
CALLER_DIGITS = "79165551234"
DTMF = "4929817365"
LOGIN = "operator"


class Unredacted(logging.Handler):
    """Keeps the raw text of records in memory (never on disk), before any redaction."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@contextlib.contextmanager
def toolbar_logging(directory: Path, *, wire: bool) -> Iterator[None]:
    """The toolbar's own logging at DEBUG; the in-process server's logs stay out of it.

    The simulator stands in for a remote CTI server, whose logs are not the toolbar's: its
    loggers do not propagate to the toolbar's files here.
    """
    root = logging.getLogger()
    level = root.level
    server_loggers = [
        logging.getLogger(n) for n in ("agent_toolbar.backends.naumen", "websockets.server")
    ]
    logs.setup_logging("DEBUG", directory=directory, console=False, wire=wire)
    for logger in server_loggers:
        logger.propagate = False
    try:
        yield
    finally:
        for logger in server_loggers:
            logger.propagate = True
        for handler in list(root.handlers):
            if getattr(handler, "_agent_toolbar", False):
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
        logs.set_level("INFO")


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[Simulator]:
    simulator = Simulator("idle", timings=SimTimings.fast(), seed=3)
    await simulator.start()
    try:
        yield simulator
    finally:
        await simulator.stop()


def leaks_in(paths: list[Path], needles: list[str]) -> list[str]:
    found = []
    for path in paths:
        data = path.read_bytes()
        for needle in needles:
            if needle.encode() in data:
                found.append(f"{needle!r} in {path}")
    return found


@dataclass
class Trail:
    """Every file a working day left behind, and what the server saw."""

    ini_files: list[Path]
    log_files: list[Path]
    zip_files: list[Path]
    token: str
    server_saw: list[str]

    @property
    def log_text(self) -> str:
        return "\n".join(p.read_text(encoding="utf-8") for p in self.log_files)


async def operator_day(
    sim: Simulator, tmp_path: Path, qtbot: QtBot, until: Until, *, wire: bool
) -> Trail:
    """Type the password in the dialog, restart, connect, take a secure call, save diagnostics."""
    log_dir = tmp_path / "logs"
    system_ini = tmp_path / "system.ini"
    system_ini.write_text(f"[cti]\nauth=basic\nauth_user={PROXY_USER}\nurl={sim.url}\n")
    settings = Settings(user=tmp_path / "user.ini", system=system_ini)
    settings.set("cti/login", LOGIN)
    settings.set("logging/level", "DEBUG")
    settings.set("logging/wire", wire)
    raw = Unredacted()
    server_log = logging.getLogger("websockets.server")
    with toolbar_logging(log_dir, wire=wire):
        # 1. the operator types the password into the settings dialog
        store = await cr.Credentials.detect_async()
        assert store.backend_name == "keyring.backends.SecretService.Keyring"
        dialog = SettingsDialog(settings, store)
        qtbot.addWidget(dialog)
        dialog.editors["cti/auth_secret"].set_value(SECRET)
        assert dialog.apply()
        for _ in range(500):  # the dialog stores it in the background (an executor)
            fresh = await cr.Credentials.detect_async()
            if await fresh.get_async(cr.secret_name(cr.AUTH_SECRET_KEY, sim.url)) == SECRET:
                break
            await asyncio.sleep(0.01)
        else:
            raise AssertionError("the secret never reached the keyring")
        dialog.close()

        # 2. a new start: the secret comes back from the keyring into the handshake header
        started = await cr.Credentials.detect_async()
        headers = await cr.auth_headers_async(settings, started)
        token = base64.b64encode(f"{PROXY_USER}:{SECRET}".encode()).decode()
        assert headers == {"Authorization": f"Basic {token}"}

        server_log.addHandler(raw)  # before the root's redacting handlers see the record
        config = ClientConfig(
            url=settings.get("cti/url"),
            login=settings.get("cti/login"),
            headers=headers,
            backoff_base=0.05,
            backoff_cap=0.2,
        )
        session = Session(NaumenBackend(config))
        task = asyncio.ensure_future(session.backend.run())
        try:
            await until(session, lambda s: s.connection.state is LinkState.CONNECTED and s.synced)
            cid = sim.inject_call(LOGIN, caller=CALLER)
            await until(session, lambda s: cid in s.calls)
            assert await session.execute(it.Answer(cid)) is None
            await until(session, lambda s: s.calls[cid].state is CallState.CONNECTED)
            assert await session.execute(it.SetSecureMode(cid, True)) is None
            await until(session, lambda s: s.calls[cid].secure is SecureMode.ON)
            assert await session.execute(it.SendDtmf(cid, DTMF)) is None
            await sim.wait_for_command("SendDTMFSignal")
            logging.getLogger("agent_toolbar.test").error("connection failed: %r", headers)
        finally:
            server_log.removeHandler(raw)
            await session.backend.stop()
            await asyncio.wait_for(task, 5)
            await session.close()

        # 3. diagnostics
        for handler in logging.getLogger().handlers:
            handler.flush()
        log_files = sorted(p for p in log_dir.iterdir() if p.is_file())
        zip_path = diagnostics.build_diagnostics_zip(
            tmp_path / "diagnostics.zip",
            log_files=log_files,
            settings_values=settings.effective(include_hidden=True),
            info=diagnostics.basic_info(
                keyring_backend=started.backend_name, connection=str(session.state.connection)
            ),
        )
    unzipped = tmp_path / "unzipped"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(unzipped)
    return Trail(
        ini_files=[settings.user_path, system_ini],
        log_files=log_files,
        zip_files=[p for p in unzipped.rglob("*") if p.is_file()],
        token=token,
        server_saw=raw.lines,
    )


async def test_no_secret_in_ini_logs_or_diagnostics(
    secret_service: SecretService, sim: Simulator, tmp_path: Path, qtbot: QtBot, until: Until
) -> None:
    trail = await operator_day(sim, tmp_path, qtbot, until, wire=True)
    # the header really went over the wire (seen by the server, kept in memory only) ...
    assert f"< Authorization: Basic {trail.token}" in trail.server_saw
    # ... and the code paths that could leak it did run, at DEBUG
    assert "> Authorization: ***" in trail.log_text  # websockets' handshake log, redacted
    assert "connection failed: {'Authorization': '***'}" in trail.log_text
    assert "SendDTMFSignal" in trail.log_text
    assert CALLER in trail.log_text or CALLER_DIGITS in trail.log_text
    assert len(trail.zip_files) >= 3

    everywhere = trail.ini_files + trail.log_files + trail.zip_files
    assert leaks_in(everywhere, [SECRET, trail.token]) == []
    assert leaks_in(trail.zip_files, [DTMF, CALLER, CALLER_DIGITS, "555-12-34"]) == []


async def test_no_secure_mode_dtmf_in_logs_at_debug(
    secret_service: SecretService, sim: Simulator, tmp_path: Path, qtbot: QtBot, until: Until
) -> None:
    trail = await operator_day(sim, tmp_path, qtbot, until, wire=False)
    assert "SendDtmf(cid=" in trail.log_text  # the intent was logged, masked
    assert leaks_in(trail.log_files + trail.zip_files, [DTMF, SECRET, trail.token]) == []


async def test_no_secure_mode_dtmf_in_logs_with_protocol_frames(
    secret_service: SecretService, sim: Simulator, tmp_path: Path, qtbot: QtBot, until: Until
) -> None:
    trail = await operator_day(sim, tmp_path, qtbot, until, wire=True)
    assert leaks_in(trail.log_files, [DTMF]) == []
