"""System-wide hotkeys on macOS: Carbon's ``RegisterEventHotKey`` (written, not run here).

The Carbon hot-key API is still the one macOS offers for global hotkeys that needs no
Accessibility permission (an event tap would). Through ctypes: one application event
handler for ``kEventClassKeyboard`` / ``kEventHotKeyPressed`` reads the pressed key's
``EventHotKeyID`` and emits its name; Qt's Cocoa event loop dispatches Carbon events on the
main thread. ``eventHotKeyExistsErr`` (-9878) means another program registered the key:
:attr:`Grab.HELD`. Qt's ``Ctrl`` is the Command key on macOS and ``Meta`` is Control; the
modifiers map accordingly. Key codes are the ANSI-layout virtual key codes
(``kVK_ANSI_A`` …) of ``HIToolbox/Events.h``.

Written against Apple's Carbon headers; not exercised by this project's tests (Linux).
"""

from __future__ import annotations

import ctypes
import logging
from typing import Any

from agent_toolbar.qt import Qt
from agent_toolbar.ui.shell.global_keys.base import Chord, Grab, Grabber

__all__ = ["MacGrabber", "mac_key_code"]

log = logging.getLogger(__name__)

CMD, SHIFT, OPTION, CONTROL = 1 << 8, 1 << 9, 1 << 11, 1 << 12
EVENT_HOT_KEY_EXISTS = -9878
K_EVENT_HOT_KEY_PRESSED = 5


def _fourcc(text: str) -> int:
    return int.from_bytes(text.encode("ascii"), "big")


_LETTERS = dict(zip("ASDFHGZXCVBQWERYT123465=97-80]OU[IPLJ'K;\\,/NM.", [
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E,
    0x1F, 0x20, 0x21, 0x22, 0x23, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x2D, 0x2E,
    0x2F,
], strict=True))  # fmt: skip
_K = Qt.Key
_FUNCTION = [0x7A, 0x78, 0x63, 0x76, 0x60, 0x61, 0x62, 0x64, 0x65, 0x6D, 0x67, 0x6F, 0x69,
             0x6B, 0x71, 0x6A, 0x40, 0x4F, 0x50, 0x5A]  # F1…F20  # fmt: skip
_SPECIAL: dict[int, int] = {
    _K.Key_Return.value: 0x24, _K.Key_Enter.value: 0x4C, _K.Key_Tab.value: 0x30,
    _K.Key_Space.value: 0x31, _K.Key_Backspace.value: 0x33, _K.Key_Escape.value: 0x35,
    _K.Key_Delete.value: 0x75, _K.Key_Home.value: 0x73, _K.Key_End.value: 0x77,
    _K.Key_PageUp.value: 0x74, _K.Key_PageDown.value: 0x79, _K.Key_Left.value: 0x7B,
    _K.Key_Right.value: 0x7C, _K.Key_Down.value: 0x7D, _K.Key_Up.value: 0x7E,
}  # fmt: skip


def mac_key_code(key: int) -> int | None:
    """The macOS virtual key code (ANSI layout) of a ``Qt.Key`` value."""
    if _K.Key_F1.value <= key <= _K.Key_F20.value:
        return _FUNCTION[key - _K.Key_F1.value]
    if key in _SPECIAL:
        return _SPECIAL[key]
    return _LETTERS.get(chr(key)) if 0x20 < key < 0x7F else None


class _HotKeyID(ctypes.Structure):
    _fields_ = [("signature", ctypes.c_uint32), ("id", ctypes.c_uint32)]


class _EventTypeSpec(ctypes.Structure):
    _fields_ = [("eventClass", ctypes.c_uint32), ("eventKind", ctypes.c_uint32)]


_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)
SIGNATURE = _fourcc("AgTb")


class MacGrabber(Grabber):
    """Registers hot keys with Carbon and listens for ``kEventHotKeyPressed``."""

    label = "macOS (Carbon RegisterEventHotKey)"

    def __init__(self) -> None:
        """Load Carbon and install the application event handler."""
        super().__init__()
        carbon: Any = ctypes.CDLL("/System/Library/Frameworks/Carbon.framework/Carbon")
        carbon.GetApplicationEventTarget.restype = ctypes.c_void_p
        carbon.InstallEventHandler.argtypes = [
            ctypes.c_void_p, _HANDLER, ctypes.c_uint32, ctypes.POINTER(_EventTypeSpec),
            ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p),
        ]  # fmt: skip
        carbon.RegisterEventHotKey.argtypes = [
            ctypes.c_uint32, ctypes.c_uint32, _HotKeyID, ctypes.c_void_p, ctypes.c_uint32,
            ctypes.POINTER(ctypes.c_void_p),
        ]  # fmt: skip
        carbon.UnregisterEventHotKey.argtypes = [ctypes.c_void_p]
        carbon.GetEventParameter.argtypes = [
            ctypes.c_void_p, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_void_p, ctypes.c_uint32,
            ctypes.c_void_p, ctypes.c_void_p,
        ]  # fmt: skip
        self._carbon = carbon
        self._target = carbon.GetApplicationEventTarget()
        self._refs: dict[int, tuple[str, ctypes.c_void_p]] = {}
        self._next_id = 1
        self._callback = _HANDLER(self._on_event)  # kept: Carbon holds only the pointer
        spec = _EventTypeSpec(_fourcc("keyb"), K_EVENT_HOT_KEY_PRESSED)
        self._handler_ref = ctypes.c_void_p()
        status = carbon.InstallEventHandler(
            self._target, self._callback, 1, ctypes.byref(spec), None,
            ctypes.byref(self._handler_ref),
        )  # fmt: skip
        if status != 0:
            raise OSError(f"InstallEventHandler failed ({status})")

    def _on_event(self, _call_ref: Any, event: Any, _data: Any) -> int:
        hot_key = _HotKeyID()
        status = self._carbon.GetEventParameter(
            event, _fourcc("----"), _fourcc("hkid"), None, ctypes.sizeof(hot_key), None,
            ctypes.byref(hot_key),
        )  # fmt: skip
        if status == 0 and hot_key.signature == SIGNATURE and hot_key.id in self._refs:
            name = self._refs[hot_key.id][0]
            log.info("global hotkey pressed: %s", name)
            self.activated.emit(name)
        return 0

    def grab(self, name: str, chord: Chord) -> Grab:
        """``RegisterEventHotKey`` for ``chord`` (Qt's Ctrl is Command here)."""
        code = mac_key_code(chord.key)
        if code is None:
            return Grab.UNSUPPORTED
        mods = (CMD if chord.control else 0) | (CONTROL if chord.meta else 0)
        mods |= (OPTION if chord.alt else 0) | (SHIFT if chord.shift else 0)
        ident = self._next_id
        self._next_id += 1
        ref = ctypes.c_void_p()
        status = self._carbon.RegisterEventHotKey(
            code, mods, _HotKeyID(SIGNATURE, ident), self._target, 0, ctypes.byref(ref)
        )
        if status != 0:
            log.warning("global hotkey %s: RegisterEventHotKey failed (%d)", name, status)
            return Grab.HELD if status == EVENT_HOT_KEY_EXISTS else Grab.UNSUPPORTED
        self._refs[ident] = (name, ref)
        return Grab.TAKEN

    def release_all(self) -> None:
        """``UnregisterEventHotKey`` for every key registered here."""
        for _name, ref in self._refs.values():
            self._carbon.UnregisterEventHotKey(ref)
        self._refs.clear()
