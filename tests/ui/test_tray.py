"""Tray: the picture, the menu and the notification decisions, driven by a real session.

Offscreen there is no system tray, so the balloon itself is shown in the e2e tests under
Xvfb + trayer; here the decisions (what to notify, when to beep, which picture, which menu
entries) are checked against the transitions the real reducer produces.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.backends.naumen.substates import SubstateTracker
from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import ConnectionStatus, LinkState
from agent_toolbar.cti.model import Call, CallState, DisplayKind, DisplayState, StateChoice
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import QtWidgets
from agent_toolbar.settings import Settings
from agent_toolbar.ui.shell.tray import TrayIcon, TrayStatus, caller_lines, tray_status
from agent_toolbar.ui.window.state_selector import available_choices

if TYPE_CHECKING:
    from tests.ui.conftest import FeedBackend

UP = ConnectionStatus(state=LinkState.CONNECTED, server="ws://127.0.0.1:8098")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    user = tmp_path / "u.ini"
    user.write_text(
        "[reasons]\naway=Dinner, TechnicalBreak\n[states]\ncustom1=Training\n", encoding="utf-8"
    )
    return Settings(user=user, system=tmp_path / "s.ini")


@pytest.fixture
def backend(feed_backend: type[FeedBackend]) -> FeedBackend:
    return feed_backend()


@pytest.fixture
def session(backend: FeedBackend) -> Session:
    return Session(backend)


@pytest.fixture
def tray(qtbot: QtBot, session: Session, settings: Settings) -> Iterator[TrayIcon]:
    beeps: list[int] = []
    icon = TrayIcon(session, settings, beep=lambda: beeps.append(1))
    icon.beeps = beeps  # type: ignore[attr-defined]
    yield icon
    icon.close()


def ringing(
    cid: str = "c1", name: str = "Иванов Пётр", number: str = "+79161234567"
) -> ev.CallReported:
    return ev.CallReported(
        call=ev.CallInfo(
            cid=cid,
            state="new",
            direction="in",
            kind="voice",
            display_name=name,
            params={"caller": number, "ProjectTitle": "Доставка"},
        ),
        new=True,
    )


def connected(backend: FeedBackend, state: str = "normal") -> None:
    backend.feed(ev.ConnectionChanged(status=UP), SubstateTracker().report(state))


def test_picture_follows_the_state(tray: TrayIcon, backend: FeedBackend) -> None:
    assert tray.status is TrayStatus.DISCONNECTED
    connected(backend)
    assert tray.status is TrayStatus.READY
    backend.feed(ev.AgentStateReported(display=DisplayState(DisplayKind.AWAY, reason="Dinner")))
    assert tray.status is TrayStatus.NOT_READY
    assert "Not ready — Lunch" in tray.icon.toolTip()
    backend.feed(ringing())
    assert tray.status is TrayStatus.ON_CALL
    backend.feed(ev.ConnectionChanged(status=ConnectionStatus(state=LinkState.RECONNECTING)))
    assert tray.status is TrayStatus.DISCONNECTED
    assert tray_status(tray.session.state) is TrayStatus.DISCONNECTED
    assert not tray.icon.icon().isNull()


def test_incoming_call_notifies_with_name_number_and_project(
    qtbot: QtBot, tray: TrayIcon, backend: FeedBackend
) -> None:
    connected(backend)
    with qtbot.waitSignal(tray.notified) as signal:
        backend.feed(ringing())
    assert signal.args == ["incoming", "c1"]
    assert tray.last_notice is not None
    assert tray.last_notice.title == "Incoming call"
    assert tray.last_notice.text.splitlines() == ["Иванов Пётр", "+79161234567", "Доставка"]
    assert tray.beeps == [1]  # type: ignore[attr-defined]


def test_missed_call_is_notified_answered_is_not(
    qtbot: QtBot, tray: TrayIcon, backend: FeedBackend
) -> None:
    connected(backend)
    seen: list[tuple[str, str, str]] = []
    tray.notified.connect(
        lambda kind, cid: seen.append(
            (kind, cid, tray.last_notice.text if tray.last_notice else "")
        )
    )
    backend.feed(ringing("c1"))
    backend.feed(ev.CallReported(call=ev.CallInfo(cid="c1", state="ended")))
    backend.feed(ev.CallClosed(cid="c1"))
    backend.feed(ringing("c2", name="", number="+74950000000"))
    assert tray.last_notice is not None and tray.last_notice.cid == "c2"
    backend.feed(ev.CallReported(call=ev.CallInfo(cid="c2", state="connected")))
    assert tray.last_notice is None  # answered: the incoming-call balloon is taken down
    backend.feed(ev.CallReported(call=ev.CallInfo(cid="c2", state="ended")))
    backend.feed(ev.CallClosed(cid="c2"))
    assert [(kind, cid) for kind, cid, _ in seen] == [
        ("incoming", "c1"),
        ("missed", "c1"),
        ("incoming", "c2"),
    ]
    assert seen[1][2].startswith("Иванов Пётр")
    assert seen[2][2].splitlines()[0] == "+74950000000"


def test_outgoing_calls_and_device_legs_are_not_notified(
    tray: TrayIcon, backend: FeedBackend
) -> None:
    connected(backend)
    seen: list[str] = []
    tray.notified.connect(lambda kind, cid: seen.append(cid))
    backend.feed(
        ev.CallReported(call=ev.CallInfo(cid="o1", state="new", direction="out"), new=True),
        ev.CallReported(call=ev.CallInfo(cid="d1", state="new", kind="dev"), new=True),
    )
    assert seen == []
    assert tray.beeps == []  # type: ignore[attr-defined]


def test_notifications_and_sound_can_be_turned_off(
    tray: TrayIcon, backend: FeedBackend, settings: Settings
) -> None:
    settings.set("ui/notifications", False)
    settings.set("ui/sound", False)
    connected(backend)
    seen: list[str] = []
    tray.notified.connect(lambda kind, cid: seen.append(cid))
    backend.feed(ringing())
    assert seen == []
    assert tray.beeps == []  # type: ignore[attr-defined]


def test_no_tray_offscreen_means_the_toolbar_stays(tray: TrayIcon) -> None:
    assert not QtWidgets.QSystemTrayIcon.isSystemTrayAvailable()
    assert not tray.available
    assert tray.show() is False


def test_caller_lines_without_anything_known() -> None:
    assert caller_lines(Call(cid="x", state=CallState.NEW)) == "Unknown caller"


def test_menu_offers_the_selector_choices(
    tray: TrayIcon, backend: FeedBackend, settings: Settings
) -> None:
    connected(backend)
    tray.rebuild_menu()
    texts = [a.text() for a in tray.actions() if not a.isSeparator()]
    assert texts[0].startswith("agent-toolbar — Ready")
    assert texts[1:7] == [
        "Ready",
        "Not ready — Lunch",
        "Not ready — Technical break",
        "Do not disturb",
        "Training",
        "Hide toolbar",
    ]
    assert texts[-1] == "Quit"
    checked = [a.text() for a in tray.actions() if a.isChecked()]
    assert checked == ["Ready"]
    assert available_choices(settings, backend.capabilities.state_choices)[1] == StateChoice(
        "away", "Dinner"
    )


def test_menu_entries_disabled_with_a_reason_when_disconnected(tray: TrayIcon) -> None:
    tray.rebuild_menu()
    ready = next(a for a in tray.actions() if a.text() == "Ready")
    assert not ready.isEnabled()
    assert ready.toolTip() == "Not connected to the phone server"


@pytest.mark.asyncio
async def test_choosing_a_state_sends_it_or_queues_it_during_a_call(
    tray: TrayIcon, backend: FeedBackend
) -> None:
    connected(backend)
    tray.rebuild_menu()
    lunch = next(a for a in tray.actions() if a.text() == "Not ready — Lunch")
    lunch.trigger()
    for _ in range(5):
        await asyncio.sleep(0)
    assert backend.executed == [it.ChangeState("away", "Dinner")]
    backend.feed(ringing())
    tray.rebuild_menu()
    ready = next(a for a in tray.actions() if a.text() == "Ready")
    ready.trigger()
    assert tray.session.state.next_state == StateChoice("normal")
    assert len(backend.executed) == 1


def test_menu_signals(qtbot: QtBot, tray: TrayIcon) -> None:
    tray.rebuild_menu()
    by_name = {a.objectName(): a for a in tray.actions() if a.objectName()}
    with qtbot.waitSignal(tray.quit_requested):
        by_name["trayQuit"].trigger()
    with qtbot.waitSignal(tray.toggle_requested):
        by_name["trayToggle"].trigger()
    with qtbot.waitSignal(tray.show_requested):
        tray.icon.messageClicked.emit()
