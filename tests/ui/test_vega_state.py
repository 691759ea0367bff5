"""The state selector on the Vega PBX: the pause the PBX reports, shown read-only.

Against the real Vega simulator and backend: 32 / 64 for our extension reach the selector
as Not ready / Ready; the button is greyed and says why (Vega cannot be told to change it).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.backends.vega.adapter import VegaBackend, VegaConfig
from agent_toolbar.backends.vega.link import LinkConfig
from agent_toolbar.cti.backend import Refusal, RefusalKind
from agent_toolbar.cti.model import DisplayKind, SessionState
from agent_toolbar.cti.session import Session
from agent_toolbar.cti.transitions import Transition
from agent_toolbar.simulators.vega.server import VegaSimulator
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.window.state_selector import StateSelector


async def until(session: Session, kind: DisplayKind) -> None:
    async with asyncio.timeout(10):
        while session.state.agent.display.kind is not kind:
            await asyncio.sleep(0.01)


@pytest.mark.asyncio
async def test_the_pause_is_shown_read_only(qtbot: QtBot) -> None:
    async with VegaSimulator() as sim:
        config = VegaConfig(link=LinkConfig(sim.url), login="operator", extension="101")
        session = Session(VegaBackend(config))
        selector = StateSelector(None)
        qtbot.addWidget(selector)
        selector.show()

        def follow(_old: SessionState, new: SessionState, _t: Sequence[Transition]) -> None:
            selector.apply_state(new)

        session.subscribe(follow)
        running = asyncio.ensure_future(session.backend.run())
        try:
            await sim.wait_for_clients()
            sim.pause("102")  # a colleague: not us
            sim.pause("101")
            await until(session, DisplayKind.AWAY)
            assert selector.button.text().startswith("Not ready")
            assert not selector.button.isEnabled()
            why = texts.refusal_text(Refusal(RefusalKind.READ_ONLY))
            assert why in selector.button.toolTip()
            sim.unpause("101")
            await until(session, DisplayKind.NORMAL)
            assert selector.button.text().startswith("Ready")
            assert not selector.button.isEnabled()
        finally:
            await session.backend.stop()
            await asyncio.wait_for(running, 10)
            await session.close()


@pytest.mark.asyncio
async def test_the_demo_pbx_says_the_operator_is_available_on_connecting(qtbot: QtBot) -> None:
    from agent_toolbar.simulators.vega.demo import start_demo

    demo = await start_demo()
    try:
        overrides = demo.overrides
        config = VegaConfig(
            link=LinkConfig(overrides["cti/url"]),
            login="operator",
            extension=overrides["vega/extension"],
        )
        session = Session(VegaBackend(config))
        selector = StateSelector(None)
        qtbot.addWidget(selector)
        session.subscribe(lambda _old, new, _t: selector.apply_state(new))
        running = asyncio.ensure_future(session.backend.run())
        try:
            await until(session, DisplayKind.NORMAL)
            assert selector.button.text().startswith("Ready")
        finally:
            await session.backend.stop()
            await asyncio.wait_for(running, 10)
            await session.close()
    finally:
        await demo.stop()


@pytest.mark.asyncio
async def test_the_backend_itself_says_unknown_until_it_hears_a_state(qtbot: QtBot) -> None:
    async with VegaSimulator() as sim:  # idle: like the real PBX, no snapshot on connecting
        config = VegaConfig(link=LinkConfig(sim.url), login="operator", extension="101")
        session = Session(VegaBackend(config))
        selector = StateSelector(None)
        qtbot.addWidget(selector)
        session.subscribe(lambda _old, new, _t: selector.apply_state(new))
        running = asyncio.ensure_future(session.backend.run())
        try:
            await sim.wait_for_clients()
            sim.error("later frame")  # anything after the connection was opened
            async with asyncio.timeout(10):
                while not session.state.notices:
                    await asyncio.sleep(0.01)
            assert session.state.agent.display.kind is DisplayKind.UNKNOWN
            assert selector.button.text().startswith("State")  # "State unknown", elided
        finally:
            await session.backend.stop()
            await asyncio.wait_for(running, 10)
            await session.close()
