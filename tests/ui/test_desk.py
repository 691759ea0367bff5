"""At the desk, against the real simulator: the ring's accessibility announcement (with the
caller's name and number), ``ui/raise_on_ring``, the ring sound's "not while talking", and the
remote commands done on a live session (``ui/confirm_dial`` included)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.app.desk import Desk
from agent_toolbar.app.remote_commands import Request
from agent_toolbar.app.remote_control import RemoteControl
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.model import CallState
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import QApplication, QObject, QtGui, QtWidgets, QUrl
from agent_toolbar.settings import Settings
from agent_toolbar.simulators.naumen.simulator import Simulator
from agent_toolbar.ui.shell.global_keys import GlobalHotkeys
from agent_toolbar.ui.shell.ring import RingSound, RingWatcher, talking
from agent_toolbar.ui.window.main_window import MainWindow

LOGIN = "operator"


class Recorder:
    """Qt's QAccessible.updateAccessibility, recording what it is given."""

    def __init__(self) -> None:
        self.events: list[tuple[Any, str, Any, Any]] = []

    def __call__(self, event: QtGui.QAccessibleEvent) -> None:
        assert isinstance(event, QtGui.QAccessibleAnnouncementEvent)
        self.events.append((event.type(), event.message(), event.politeness(), event.object()))
        QtGui.QAccessible.updateAccessibility(event)  # and on to Qt, as without the recorder


@pytest.mark.asyncio
async def test_a_ring_is_announced_with_name_and_number(
    simulator: Simulator, live_session: Session, live_window: MainWindow,
    toolbar_settings: Settings, until: Any,
) -> None:  # fmt: skip
    recorder = Recorder()
    raised: list[bool] = []
    watcher = RingWatcher(live_session, toolbar_settings, live_window, announce=recorder,
                          raise_window=lambda: raised.append(True))  # fmt: skip
    cid = simulator.inject_call(LOGIN, caller="+79161234567", display_name="Иванов Пётр")
    await until(live_session, lambda s: cid in s.calls)
    assert len(recorder.events) == 1
    kind, message, politeness, target = recorder.events[0]
    assert kind == QtGui.QAccessible.Event.Announcement
    assert message == "Incoming call: Иванов Пётр, +79161234567"
    assert politeness == QtGui.QAccessible.AnnouncementPoliteness.Assertive
    assert target is live_window
    assert raised == []  # ui/raise_on_ring is off: the focus stays where it is

    toolbar_settings.set("ui/raise_on_ring", True)
    second = simulator.inject_call(LOGIN, caller="+74950000001")
    await until(live_session, lambda s: second in s.calls)
    assert recorder.events[-1][1] == "Incoming call: +74950000001"
    assert raised == [True]
    watcher.close()


@pytest.mark.asyncio
async def test_the_ring_sound_keeps_quiet_while_the_operator_talks(
    simulator: Simulator, live_session: Session, toolbar_settings: Settings, until: Any,
) -> None:  # fmt: skip
    sound = RingSound(toolbar_settings, lambda: live_session.state)
    sound()
    assert sound.played == 1
    cid = simulator.inject_call(LOGIN, caller="+79161234567")
    await until(live_session, lambda s: cid in s.calls)
    await live_session.execute(it.Answer(cid))
    await until(live_session, lambda s: s.calls[cid].state is CallState.CONNECTED)
    assert talking(live_session.state)
    sound()
    assert sound.played == 1
    toolbar_settings.set("ui/ring_while_talking", True)
    sound()
    assert sound.played == 2


class Host:
    def __init__(self, settings: Settings, session: Session, window: Any) -> None:
        self.settings, self.session, self.window = settings, session, window


@pytest.mark.asyncio
async def test_remote_commands_act_like_the_hotkeys(
    simulator: Simulator, live_session: Session, live_window: MainWindow,
    toolbar_settings: Settings, until: Any,
) -> None:  # fmt: skip
    remote = RemoteControl(Host(toolbar_settings, live_session, live_window))
    refused = await remote.perform(Request("command", "hold"))
    assert (refused.status, refused.message) == ("refused", "Hold / resume: no call to act on")
    cid = simulator.inject_call(LOGIN, caller="+79161234567")
    await until(live_session, lambda s: cid in s.calls)
    done = await remote.perform(Request("command", "answer"))
    assert done.status == "done"
    assert (await simulator.wait_for_command("Answer")).cid == cid
    queued = await remote.perform(Request("command", "not-ready"))
    assert queued.status == "queued"
    assert live_session.state.next_state is not None
    assert live_session.state.next_state.reason == "Dinner"  # the first of reasons/away
    bad = await remote.perform(Request("command", "not-ready", "Nope"))
    assert bad.status == "bad"


@pytest.mark.asyncio
async def test_confirm_dial_asks_the_operator(
    qtbot: QtBot, simulator: Simulator, live_session: Session, live_window: MainWindow,
    toolbar_settings: Settings,
) -> None:  # fmt: skip
    toolbar_settings.set("ui/confirm_dial", True)
    remote = RemoteControl(Host(toolbar_settings, live_session, live_window))
    asking = asyncio.ensure_future(remote.perform(Request("dial", "+79161234567")))
    while remote.confirm_dialog is None:
        await asyncio.sleep(0.01)
    assert remote.confirm_dialog.text() == "Call +79161234567?"
    remote.confirm_dialog.done(int(QtWidgets.QMessageBox.StandardButton.No))
    assert (await asking).status == "refused"
    asking = asyncio.ensure_future(remote.perform(Request("dial", "+79161234567")))
    while remote.confirm_dialog is None:
        await asyncio.sleep(0.01)
    remote.confirm_dialog.done(int(QtWidgets.QMessageBox.StandardButton.Yes))
    assert (await asking).status == "done"
    assert (await simulator.wait_for_command("MakeCall")).phone_number == "+79161234567"


def test_without_a_way_to_grab_keys_settings_say_so(
    qtbot: QtBot, toolbar_settings: Settings
) -> None:
    keys = GlobalHotkeys(toolbar_settings)  # offscreen: no X11, no portal
    assert not keys.available
    assert "work only while the toolbar has the focus" in keys.status()
    assert keys.apply() == [] and keys.active == []
    keys.close()


def test_the_ring_sound_through_qsoundeffect(qtbot: QtBot, toolbar_settings: Settings) -> None:
    """With the ``sound`` extra (PySide6-Addons): the configured file, volume and device."""
    multimedia = pytest.importorskip("PySide6.QtMultimedia", exc_type=ImportError)
    from agent_toolbar.cti.model import SessionState

    sound = RingSound(toolbar_settings, SessionState)
    assert sound.backend == "QSoundEffect"
    outputs = multimedia.QMediaDevices.audioOutputs()
    sound()
    assert sound.played == 1
    if not outputs:  # no sound server on this machine: the desktop's beep instead
        assert sound.device().isNull()
        return
    toolbar_settings.set("ui/ring_volume", 30)
    toolbar_settings.set("ui/ring_device", outputs[-1].description())
    sound.close()
    fresh = RingSound(toolbar_settings, SessionState)
    fresh()
    effect = fresh._effect
    assert effect is not None and effect.source().toLocalFile().endswith("ring.wav")
    assert abs(effect.volume() - 0.3) < 0.01
    assert fresh.device().description() == outputs[-1].description()


def test_settings_refuse_an_unknown_name_in_hotkeys_global(qtbot: QtBot) -> None:
    from agent_toolbar.ui.settings.settings_checks import problems

    assert problems({"hotkeys/global": ["answer", "hold"], "hotkeys/answer": "Ctrl+Alt+A"}) == {}
    found = problems({"hotkeys/global": ["answer", "hodl"]})
    assert found["hotkeys/global"].startswith("Not a hotkey name: hodl (use answer, hangup")


class DeskHost(QObject):
    """What the desk needs of the running toolbar."""

    def __init__(self, settings: Settings, session: Session, window: MainWindow) -> None:
        super().__init__()
        self.settings, self.session, self.window = settings, session, window
        self.banner = None


@pytest.mark.asyncio
async def test_a_link_the_os_opens_is_dialled(
    simulator: Simulator, live_session: Session, live_window: MainWindow,
    toolbar_settings: Settings,
) -> None:  # fmt: skip
    """macOS hands links to the running app as QFileOpenEvent (the filter is installed there)."""
    desk = Desk(DeskHost(toolbar_settings, live_session, live_window))  # type: ignore[arg-type]
    app = QApplication.instance()
    opened = QtGui.QFileOpenEvent(QUrl("tel:+7-916-123-45-67"))
    assert desk.eventFilter(app, opened)
    assert (await simulator.wait_for_command("MakeCall")).phone_number == "+79161234567"
    assert desk.eventFilter(app, QtGui.QFileOpenEvent(QUrl("tel:12%0A34")))
    assert live_window.status_area.flashed == "it contains a control character (U+000A)"
    assert not desk.eventFilter(app, QtGui.QFileOpenEvent(QUrl.fromLocalFile("/tmp/a.txt")))
    await desk.close()


@pytest.mark.asyncio
async def test_a_system_wide_press_takes_the_focused_hotkeys_path(
    simulator: Simulator, live_session: Session, live_window: MainWindow,
    toolbar_settings: Settings, until: Any,
) -> None:  # fmt: skip
    """What the grabber reports is handled as the focused hotkey (and the conference key)."""
    from agent_toolbar.ui.conference.conference_window import install_conferences

    controller = install_conferences(live_window, live_session, toolbar_settings)
    desk = Desk(DeskHost(toolbar_settings, live_session, live_window))  # type: ignore[arg-type]
    keys = GlobalHotkeys(toolbar_settings, note="no grabber in this test")
    desk.start(None, keys)
    cid = simulator.inject_call(LOGIN, caller="+79161234567")
    await until(live_session, lambda s: cid in s.calls)
    keys.triggered.emit("answer")  # as a grabber does on a press
    assert (await simulator.wait_for_command("Answer")).cid == cid
    assert not controller.window.isVisible()
    keys.triggered.emit("conference")
    assert controller.window.isVisible()
    await desk.close()
