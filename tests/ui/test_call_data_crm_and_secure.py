"""The card's "Open CRM" button, the screen-pop status line and the secure-mode banner."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import Backend, ConnectionStatus, LinkState
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import QtWidgets
from agent_toolbar.screenpop.config import ScreenPopConfig, Trigger
from agent_toolbar.ui.calls.call_card import CallCard
from agent_toolbar.ui.calls.call_extras import CardExtender
from agent_toolbar.ui.calls.crm_status import OpenCrmButton
from agent_toolbar.ui.shell.screenpop_opener import ScreenPop

if TYPE_CHECKING:
    from tests.ui.conftest import FeedBackend

UP = ConnectionStatus(state=LinkState.CONNECTED, server="ws://127.0.0.1:8098")
CARD = "https://crm.example.com/card?phone={caller}"
PARAMS = {"caller": "+79161234567", "sessionId": "s" * 64}


class Rig:
    """A session, screen-pop with a recording "browser", and one extended card."""

    def __init__(self, qtbot: QtBot, backend: Backend, **config: object) -> None:
        self.opened: list[str] = []
        self.browser_error: str | None = None
        values: dict[str, object] = {"template": CARD, "trigger": Trigger.OFF, **config}
        self.screenpop = ScreenPop(ScreenPopConfig(**values), browser=self.browse)  # type: ignore[arg-type]
        self.session = Session(backend)
        self.screenpop.attach(self.session)
        self.session.apply(ev.ConnectionChanged(status=UP))
        self.session.apply(ev.CallReported(call=self.info(), new=True))
        self.card = CallCard("c1")
        qtbot.addWidget(self.card)
        self.extender = CardExtender(lambda: self.session.state, self.screenpop)
        self.extender.extend(self.card)
        self.render()
        self.card.show()
        extras = self.extender.extras("c1")
        assert extras is not None
        self.extras = extras

    @staticmethod
    def info(**params: str) -> ev.CallInfo:
        return ev.CallInfo(cid="c1", state="connected", direction="in", params={**PARAMS, **params})

    def browse(self, url: str, host: str) -> None:
        from agent_toolbar.screenpop.command import OpenError

        if self.browser_error:
            raise OpenError(self.browser_error)
        self.opened.append(url)

    def render(self) -> None:
        self.card.apply_state(self.session.state)
        self.extender.apply_state(self.session.state)

    def feed(self, *events: ev.DomainEvent) -> None:
        for event in events:
            self.session.apply(event)
        self.render()

    @property
    def button(self) -> OpenCrmButton:
        return self.card.findChild(OpenCrmButton)  # type: ignore[return-value]


MakeRig = Callable[..., Rig]


@pytest.fixture
def make_rig(qtbot: QtBot, feed_backend: type[FeedBackend]) -> MakeRig:
    """``make_rig(**options)``: a :class:`Rig` over a fresh feed backend."""
    return lambda **options: Rig(qtbot, feed_backend(), **options)


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


@pytest.mark.asyncio
async def test_open_crm_button_opens_on_demand(make_rig: MakeRig) -> None:
    rig = make_rig()
    assert rig.button is not None and rig.button.isVisible()
    rig.button.click()
    await settle()
    rig.button.click()
    await settle()
    expected = "https://crm.example.com/card?phone=%2B79161234567"
    assert rig.opened == [expected, expected]
    assert not rig.extras.crm_status.isVisible()


@pytest.mark.asyncio
async def test_refused_address_is_explained_on_the_card(make_rig: MakeRig) -> None:
    rig = make_rig(allowed_hosts=("crm.other.org",))
    rig.button.click()
    await settle()
    assert rig.opened == []
    status = rig.extras.crm_status
    assert status.isVisible()
    assert "refused (https://crm.example.com)" in status.text()
    assert "not in the allowed list" in status.text()


@pytest.mark.asyncio
async def test_missing_value_is_explained_on_the_card(make_rig: MakeRig) -> None:
    rig = make_rig(template="https://crm.example.com/card?c={params.ClientId}")
    rig.button.click()
    await settle()
    assert "no value for params.ClientId" in rig.extras.crm_status.text()


@pytest.mark.asyncio
async def test_opener_failure_is_logged_and_shown(
    make_rig: MakeRig, caplog: pytest.LogCaptureFixture
) -> None:
    rig = make_rig()
    rig.browser_error = "no browser could open the address"
    with caplog.at_level(logging.WARNING):
        rig.button.click()
        await settle()
    assert "Could not open the CRM (https://crm.example.com)" in rig.extras.crm_status.text()
    assert "no browser could open the address" in caplog.text
    assert "79161234567" not in caplog.text


@pytest.mark.asyncio
async def test_automatic_pop_through_the_service(make_rig: MakeRig) -> None:
    rig = make_rig(trigger=Trigger.RING)
    rig.feed(
        ev.CallReported(call=ev.CallInfo(cid="c2", state="new", params={"caller": "7"}), new=True)
    )
    await settle()
    assert rig.opened == [
        "https://crm.example.com/card?phone=%2B79161234567",  # c1, already talking
        "https://crm.example.com/card?phone=7",
    ]
    await rig.screenpop.close()


def test_secure_banner_follows_the_mode(make_rig: MakeRig) -> None:
    rig = make_rig()
    banner = rig.extras.banner
    assert not banner.isVisible()
    rig.feed(ev.IntentIssued(intent=it.SetSecureMode("c1", enable=True)))
    assert not banner.isVisible()  # not on until the server says so
    rig.feed(ev.SecureModeReported(cid="c1"))
    assert banner.isVisible()
    assert banner.text() == "Recording paused — secure mode"
    rig.feed(ev.IntentIssued(intent=it.SetSecureMode("c1", enable=False)))
    assert banner.isVisible()  # still paused until confirmed
    rig.feed(ev.SecureModeReported(cid="c1", error="recording service unavailable"))
    assert banner.isVisible()
    rig.feed(ev.IntentIssued(intent=it.SetSecureMode("c1", enable=False)))
    rig.feed(ev.SecureModeReported(cid="c1"))
    assert not banner.isVisible()


def test_secure_toggle_button_sends_the_intent(make_rig: MakeRig) -> None:
    rig = make_rig()
    sent: list[it.Intent] = []
    rig.card.intent_requested.connect(sent.append)
    button = rig.card.button("secure")
    assert button.isEnabled()
    button.click()
    assert sent == [it.SetSecureMode("c1", enable=True)]


def test_secure_mode_masks_dtmf_in_the_intent_log_and_the_pad(
    make_rig: MakeRig, caplog: pytest.LogCaptureFixture
) -> None:
    rig = make_rig()
    rig.feed(ev.IntentIssued(intent=it.SetSecureMode("c1", enable=True)))
    rig.feed(ev.SecureModeReported(cid="c1"))
    sent: list[it.Intent] = []
    rig.card.intent_requested.connect(sent.append)
    pad = rig.card.dtmf_popup.pad
    for key in "4276":
        pad.button(key).click()
    assert sent == [it.SendDtmf("c1", k) for k in "4276"]
    echo = pad.findChild(QtWidgets.QLabel, "dtmfEcho")
    assert echo is not None and echo.text() == "••••"
    with caplog.at_level(logging.DEBUG):
        for intent in sent:
            asyncio.run(rig.session.execute(intent))
    assert rig.session.backend.executed[-4:] == sent  # type: ignore[attr-defined]
    assert "SendDtmf" in caplog.text
    assert "'4'" not in caplog.text and "4276" not in caplog.text
    rig.feed(ev.IntentIssued(intent=it.SetSecureMode("c1", enable=False)))
    rig.feed(ev.SecureModeReported(cid="c1"))
    assert "4276" not in echo.text() and "•" not in echo.text()
