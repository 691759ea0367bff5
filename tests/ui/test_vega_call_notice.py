"""A PBX ``error`` event naming a call shows on that call's card, not only on the status line.

Against the real Vega simulator and backend: the error's text appears on the card of the call
its ``uuid`` names, behind a translated prefix; a call it does not name shows nothing; the
operator dismisses it like a failed command.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.backends.vega.adapter import VegaBackend, VegaConfig
from agent_toolbar.backends.vega.link import LinkConfig
from agent_toolbar.cti import events as ev
from agent_toolbar.cti.model import SessionState
from agent_toolbar.cti.session import Session
from agent_toolbar.cti.transitions import Transition
from agent_toolbar.simulators.vega.server import VegaSimulator
from agent_toolbar.ui.calls.call_card import CallCard


async def until(check: Callable[[], object]) -> None:
    async with asyncio.timeout(10):
        while not check():
            await asyncio.sleep(0.01)


@pytest.mark.asyncio
async def test_an_error_naming_a_call_shows_on_its_card(qtbot: QtBot) -> None:
    async with VegaSimulator() as sim:
        config = VegaConfig(link=LinkConfig(sim.url), login="operator", extension="101")
        session = Session(VegaBackend(config))
        cards: dict[str, CallCard] = {}

        def follow(_old: SessionState, new: SessionState, _t: Sequence[Transition]) -> None:
            for cid in new.calls:
                if cid not in cards:
                    cards[cid] = card = CallCard(cid)
                    qtbot.addWidget(card)
                    card.error_dismissed.connect(
                        lambda c: session.apply(ev.CallErrorDismissed(cid=c))
                    )
                    card.show()
                cards[cid].apply_state(new)

        session.subscribe(follow)
        running = asyncio.ensure_future(session.backend.run())
        try:
            await sim.wait_for_clients()
            named = sim.incoming_call("101")
            other = sim.incoming_call("101", customer=1)
            await until(lambda: named in cards and other in cards)
            sim.error("CRM недоступна", named)
            await until(lambda: cards[named].error_row.isVisible())
            assert cards[named].error_row.text.text() == "Phone system: CRM недоступна"
            assert not cards[other].error_row.isVisible()
            assert session.state.notices[-1].text == "CRM недоступна"  # the status line's too

            cards[named].error_row.close_button.click()
            await until(lambda: not cards[named].error_row.isVisible())
            assert session.state.calls[named].notice is None
        finally:
            await session.backend.stop()
            await asyncio.wait_for(running, 10)
            await session.close()
