"""System-wide hotkeys on Windows: ``RegisterHotKey`` and ``WM_HOTKEY`` (written, not run here).

Each hotkey is registered for the GUI thread (no window handle): Windows posts ``WM_HOTKEY``
to the thread's message queue, where Qt's event dispatcher hands every message to the
installed :class:`QAbstractNativeEventFilter` (event type ``windows_generic_MSG``, the
message a ``MSG*``) before anything else. ``MOD_NOREPEAT`` keeps a held key from repeating.
A key another program registered fails with ``ERROR_HOTKEY_ALREADY_REGISTERED`` (1409):
:attr:`Grab.HELD`. Keys are unregistered on change and on quit (Windows also frees them
when the process ends).

This module is written against Microsoft's documentation of ``RegisterHotKey`` and is not
exercised by this project's tests (they run on Linux).
"""

from __future__ import annotations

import ctypes
import logging
from typing import Any

from agent_toolbar.qt import QCoreApplication, Qt, QtCore
from agent_toolbar.ui.shell.global_keys.base import Chord, Grab, Grabber

__all__ = ["WindowsGrabber", "virtual_key"]

log = logging.getLogger(__name__)

MOD_ALT, MOD_CONTROL, MOD_SHIFT, MOD_WIN, MOD_NOREPEAT = 0x1, 0x2, 0x4, 0x8, 0x4000
WM_HOTKEY = 0x0312
ERROR_HOTKEY_ALREADY_REGISTERED = 1409

_K = Qt.Key
_SPECIAL: dict[int, int] = {
    _K.Key_Escape.value: 0x1B, _K.Key_Tab.value: 0x09, _K.Key_Backspace.value: 0x08,
    _K.Key_Return.value: 0x0D, _K.Key_Enter.value: 0x0D, _K.Key_Insert.value: 0x2D,
    _K.Key_Delete.value: 0x2E, _K.Key_Pause.value: 0x13, _K.Key_Print.value: 0x2C,
    _K.Key_Home.value: 0x24, _K.Key_End.value: 0x23, _K.Key_Left.value: 0x25,
    _K.Key_Up.value: 0x26, _K.Key_Right.value: 0x27, _K.Key_Down.value: 0x28,
    _K.Key_PageUp.value: 0x21, _K.Key_PageDown.value: 0x22, _K.Key_Space.value: 0x20,
}  # fmt: skip


def virtual_key(key: int) -> int | None:
    """The Windows virtual-key code of a ``Qt.Key`` value; None when there is none here."""
    if _K.Key_F1.value <= key <= _K.Key_F24.value:
        return 0x70 + key - _K.Key_F1.value
    if ord("A") <= key <= ord("Z") or ord("0") <= key <= ord("9"):
        return key  # VK_A… and VK_0… are the ASCII codes, as Qt's keys are
    return _SPECIAL.get(key)


class _Filter(QtCore.QAbstractNativeEventFilter):
    def __init__(self, owner: WindowsGrabber) -> None:
        super().__init__()
        self._owner = owner

    def nativeEventFilter(self, event_type: Any, message: Any) -> Any:
        if bytes(event_type) != b"windows_generic_MSG":
            return False, 0
        from ctypes import wintypes

        msg = wintypes.MSG.from_address(int(message))
        if msg.message != WM_HOTKEY:
            return False, 0
        name = self._owner.names.get(int(msg.wParam))
        if name is None:
            return False, 0
        log.info("global hotkey pressed: %s", name)
        self._owner.activated.emit(name)
        return True, 0


class WindowsGrabber(Grabber):
    """Registers hotkeys with ``RegisterHotKey`` for the GUI thread.

    Attributes:
        names: Hotkey id → hotkey name.
    """

    label = "Windows (RegisterHotKey)"

    def __init__(self) -> None:
        """Load user32 and install the native event filter."""
        super().__init__()
        self._user32: Any = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined]
        self.names: dict[int, str] = {}
        self._next_id = 1
        self._filter = _Filter(self)
        app = QCoreApplication.instance()
        if app is None:
            raise OSError("no QApplication to receive WM_HOTKEY")
        app.installNativeEventFilter(self._filter)

    def grab(self, name: str, chord: Chord) -> Grab:
        """``RegisterHotKey(NULL, id, modifiers | MOD_NOREPEAT, vk)``."""
        vk = virtual_key(chord.key)
        if vk is None:
            return Grab.UNSUPPORTED
        mods = MOD_NOREPEAT
        mods |= MOD_ALT if chord.alt else 0
        mods |= MOD_CONTROL if chord.control else 0
        mods |= MOD_SHIFT if chord.shift else 0
        mods |= MOD_WIN if chord.meta else 0
        ident = self._next_id
        self._next_id += 1
        if not self._user32.RegisterHotKey(None, ident, mods, vk):
            error = ctypes.get_last_error()  # type: ignore[attr-defined]
            log.warning("global hotkey %s: RegisterHotKey failed (%d)", name, error)
            return Grab.HELD if error == ERROR_HOTKEY_ALREADY_REGISTERED else Grab.UNSUPPORTED
        self.names[ident] = name
        log.info("global hotkey %s registered (vk %#x, modifiers %#x)", name, vk, mods)
        return Grab.TAKEN

    def release_all(self) -> None:
        """``UnregisterHotKey`` for every id registered here."""
        for ident in self.names:
            self._user32.UnregisterHotKey(None, ident)
        if self.names:
            log.info("global hotkeys released: %s", ", ".join(sorted(self.names.values())))
        self.names.clear()

    def close(self) -> None:
        """Unregister everything and remove the event filter."""
        self.release_all()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeNativeEventFilter(self._filter)
