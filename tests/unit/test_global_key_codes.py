"""The key each platform's system-wide hotkey backend registers for a Qt key sequence."""

from __future__ import annotations

import pytest

from agent_toolbar.qt import QKeySequence, Qt
from agent_toolbar.ui.shell.global_keys.base import chord_of
from agent_toolbar.ui.shell.global_keys.macos import mac_key_code
from agent_toolbar.ui.shell.global_keys.portal import trigger_text
from agent_toolbar.ui.shell.global_keys.windows import virtual_key
from agent_toolbar.ui.shell.global_keys.x11 import keysym_of

K = Qt.Key


def test_a_chord_is_one_key_with_modifiers() -> None:
    chord = chord_of(QKeySequence("Ctrl+Alt+A"))
    assert chord is not None and chord.key == K.Key_A.value
    assert (chord.control, chord.alt, chord.shift, chord.meta) == (True, True, False, False)
    assert chord_of(QKeySequence("Ctrl+K, Ctrl+A")) is None  # two chords cannot be global
    assert chord_of(QKeySequence()) is None


@pytest.mark.parametrize(
    ("key", "x11", "windows", "mac"),
    [
        (K.Key_A, 0x61, 0x41, 0x00),  # X11 grabs the lower-case keysym
        (K.Key_M, 0x6D, 0x4D, 0x2E),
        (K.Key_5, 0x35, 0x35, 0x17),
        (K.Key_F5, 0xFFC2, 0x74, 0x60),
        (K.Key_F12, 0xFFC9, 0x7B, 0x6F),
        (K.Key_Home, 0xFF50, 0x24, 0x73),
        (K.Key_Escape, 0xFF1B, 0x1B, 0x35),
    ],
)
def test_key_codes(key: Qt.Key, x11: int, windows: int, mac: int) -> None:
    assert keysym_of(key.value) == x11
    assert virtual_key(key.value) == windows
    assert mac_key_code(key.value) == mac


def test_a_key_with_no_code_is_not_grabbed() -> None:
    assert keysym_of(K.Key_Launch0.value) is None
    assert virtual_key(K.Key_Launch0.value) is None
    assert mac_key_code(K.Key_Launch0.value) is None


def test_the_portal_trigger_syntax() -> None:
    chord = chord_of(QKeySequence("Ctrl+Alt+A"))
    assert chord is not None and trigger_text(chord) == "CTRL+ALT+a"
    f5 = chord_of(QKeySequence("Shift+F5"))
    assert f5 is not None and trigger_text(f5) == "SHIFT+F5"
