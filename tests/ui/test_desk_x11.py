"""System-wide hotkeys against a real X server (Xvfb; the widgets stay offscreen): a key another
client holds is named in the window's banner and in Settings, changed keys are grabbed anew,
and every key is really grabbed while the toolbar runs and free again after it quits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.app.desk import NOTE_NAME, Desk
from agent_toolbar.qt import QObject, QtWidgets
from agent_toolbar.settings import Settings
from agent_toolbar.ui.settings.settings_dialog import SettingsDialog
from agent_toolbar.ui.shell.global_keys import GlobalHotkeys
from agent_toolbar.ui.shell.global_keys.x11 import X11Grabber
from agent_toolbar.ui.window.error_banner import ErrorBanner
from tests.e2e.conftest import make_desktop

HELD = (
    "Ctrl+Alt+A (Answer) is held by another program: it works only while the toolbar has the focus"
)


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    with make_desktop(tray=False) as desk:
        yield desk.display


class Client:
    """Another X client (python-xlib) that tries to grab keys on the root window."""

    def __init__(self, display: str) -> None:
        from Xlib import XK, X, error
        from Xlib.display import Display

        self.X, self.XK, self.error = X, XK, error
        self.d = Display(display)
        self.root = self.d.screen().root

    def grab(self, letter: str) -> bool:
        """Grab Ctrl+Alt+``letter``; whether the server allowed it."""
        code = self.d.keysym_to_keycode(self.XK.string_to_keysym(letter))
        catcher = self.error.CatchError(self.error.BadAccess)
        self.root.grab_key(code, self.X.ControlMask | self.X.Mod1Mask, True,
                           self.X.GrabModeAsync, self.X.GrabModeAsync, onerror=catcher)  # fmt: skip
        self.d.sync()
        return catcher.get_error() is None

    def close(self) -> None:
        self.d.close()


class Host(QObject):
    """What the desk needs of the running toolbar: settings, session, window, banner."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.session: Any = None
        self.window: Any = None
        self.banner = ErrorBanner()


def test_a_held_key_is_named_in_the_banner_and_in_settings(
    qtbot: QtBot, toolbar_settings: Settings, display: str
) -> None:
    other = Client(display)
    assert other.grab("a")  # the other program got Ctrl+Alt+A first
    host = Host(toolbar_settings)
    qtbot.addWidget(host.banner)
    desk = Desk(host)  # type: ignore[arg-type]
    keys = GlobalHotkeys(toolbar_settings, X11Grabber(display))
    desk.start(None, keys)
    assert keys.problems == [HELD]
    assert sorted(keys.active) == ["hangup", "hold", "mute"]
    assert host.banner.message() == HELD

    dialog = SettingsDialog(toolbar_settings)
    qtbot.addWidget(dialog)
    desk.settings_opened(dialog)
    note = dialog.findChild(QtWidgets.QLabel, NOTE_NAME)
    assert note is not None
    assert note.text().startswith("System-wide hotkeys: X11 (XGrabKey). Active: Hang up, ")
    assert HELD in note.text()

    # Answer moves to a free key: grabbed at once, and the note says so.
    toolbar_settings.set("hotkeys/answer", "Ctrl+Alt+F9")
    dialog.settings_applied.emit(["hotkeys/answer"])
    assert sorted(keys.active) == ["answer", "hangup", "hold", "mute"]
    assert keys.problems == [] and "held" not in note.text()
    keys.close()
    other.close()


def test_keys_are_grabbed_while_running_and_free_after(
    qtbot: QtBot, toolbar_settings: Settings, display: str
) -> None:
    keys = GlobalHotkeys(toolbar_settings, X11Grabber(display))
    assert sorted(keys.active) == ["answer", "hangup", "hold", "mute"]
    other = Client(display)
    assert not other.grab("h")  # Ctrl+Alt+H is the toolbar's: BadAccess
    toolbar_settings.set("hotkeys/hold", "Ctrl+Alt+F8")
    keys.apply()  # changed: the old key is released
    assert other.grab("h")
    assert not other.grab("m")
    keys.close()  # quit: everything is released
    assert other.grab("m") and other.grab("a") and other.grab("e")
    other.close()
