"""Secure mode end to end over real sockets: the toggle's round trip, and DTMF never logged.

Card data is dictated as DTMF while recording is paused; no log line anywhere in the
process — intent log, wire log (even at DEBUG), the built-in simulator that ``--demo`` runs
in-process — may hold the digits.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import pytest_asyncio

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.model import CallState, SecureMode
from agent_toolbar.logs import setup_logging
from agent_toolbar.simulators.naumen.simulator import SimTimings, Simulator

if TYPE_CHECKING:
    from tests.conftest import Attach, Until

pytestmark = pytest.mark.asyncio
LOGIN = "operator"
CARD_NUMBER = "4276380012345678"


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator("idle", timings=SimTimings.fast(ring_timeout=None), seed=3) as simulator:
        yield simulator


@pytest.fixture
def app_log(tmp_path: Path) -> Iterator[Path]:
    """The app's own logging set-up at DEBUG with protocol frames on, into a file."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    path = setup_logging("DEBUG", directory=tmp_path, console=False, wire=True)
    assert path is not None
    try:
        yield path
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)
        logging.getLogger("websockets").setLevel(logging.NOTSET)
        logging.getLogger("agent_toolbar.wire").setLevel(logging.NOTSET)


async def test_secure_mode_round_trip_and_dtmf_never_logged(
    sim: Simulator, app_log: Path, attached: Attach, until: Until
) -> None:
    async with attached(sim) as session:
        cid = sim.inject_call(LOGIN, caller="+79161234567")
        await until(session, lambda s: cid in s.calls)
        assert await session.execute(it.Answer(cid)) is None
        await until(session, lambda s: s.calls[cid].state is CallState.CONNECTED)

        assert await session.execute(it.SetSecureMode(cid, enable=True)) is None
        await until(session, lambda s: s.calls[cid].secure is SecureMode.ON)
        assert sim.operator(LOGIN).call(cid).secure

        assert await session.execute(it.SendDtmf(cid, CARD_NUMBER)) is None
        sent = await sim.wait_for_command("SendDTMFSignal")
        assert sent.dtmf_string == CARD_NUMBER  # the digits did go out
        await session.execute(it.SendDtmf(cid, "#"))
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = app_log.read_text(encoding="utf-8")
        assert "SendDtmf(cid=" in text  # the intent log
        assert "agent_toolbar.wire: >> " in text and "DTMFString" in text  # the wire log
        assert "websockets.client: > TEXT" in text  # websockets' own frame log
        assert "agent_toolbar.simulators.naumen.simulator" in text  # the in-process simulator
        assert CARD_NUMBER not in text
        assert "4276" not in text

        assert await session.execute(it.SetSecureMode(cid, enable=False)) is None
        state = await until(session, lambda s: s.calls[cid].secure is SecureMode.OFF)
        assert state.calls[cid].secure_error is None
