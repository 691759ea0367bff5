"""System-wide hotkeys on X11: ``XGrabKey`` on the root window through python-xlib.

Why its own display connection (and not Qt's, through a ``QAbstractNativeEventFilter``):
a passive grab delivers the key to the *client that grabbed it*. Grabbing on a second,
private connection means the key events arrive on that connection's socket, which a
:class:`QSocketNotifier` watches on the Qt loop; nothing depends on PySide6 handing the
``xcb_generic_event_t*`` of Qt's own connection to Python (a raw address that a binding
update may change), on Qt consuming or reordering those events, or on a C extension. The
grab on the root window is checked before the focused window's own key handling, so the
program the operator works in keeps the focus (the keyboard is grabbed only while the key
is down) and the toolbar's focused shortcut for the same key never fires twice.

* Every key is grabbed four times: with and without CapsLock (``Lock``) and NumLock
  (whichever ``ModN`` the server maps ``Num_Lock`` to, usually ``Mod2``), or the key would
  be lost whenever NumLock is on. Events are matched with those two bits ignored.
* Another client holding the same key and modifiers makes the server answer ``BadAccess``:
  the grab is undone (for all four variants) and reported as :attr:`Grab.HELD`.
* Key auto-repeat arrives as release + press with the same timestamp: such a press is
  ignored, so holding the key down answers once.
* Under XWayland, X11 grabs see keys only while an X11 window has the focus; the manager
  prefers the desktop portal there.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from agent_toolbar.qt import Qt, QtCore
from agent_toolbar.ui.shell.global_keys.base import Chord, Grab, Grabber

__all__ = ["X11Grabber", "keysym_of"]

log = logging.getLogger(__name__)

# X11 modifier masks (X.h)
SHIFT, LOCK, CONTROL, MOD1, MOD2, MOD4 = 1, 2, 4, 8, 16, 64
_RELEVANT = 0xFF  # Shift, Lock, Control, Mod1–Mod5

_K = Qt.Key
#: Qt keys whose X keysym is not their Latin-1 code.
_SPECIAL: dict[int, int] = {
    _K.Key_Escape.value: 0xFF1B, _K.Key_Tab.value: 0xFF09, _K.Key_Backspace.value: 0xFF08,
    _K.Key_Return.value: 0xFF0D, _K.Key_Enter.value: 0xFF8D, _K.Key_Insert.value: 0xFF63,
    _K.Key_Delete.value: 0xFFFF, _K.Key_Pause.value: 0xFF13, _K.Key_Print.value: 0xFF61,
    _K.Key_Home.value: 0xFF50, _K.Key_End.value: 0xFF57, _K.Key_Left.value: 0xFF51,
    _K.Key_Up.value: 0xFF52, _K.Key_Right.value: 0xFF53, _K.Key_Down.value: 0xFF54,
    _K.Key_PageUp.value: 0xFF55, _K.Key_PageDown.value: 0xFF56, _K.Key_Menu.value: 0xFF67,
    _K.Key_ScrollLock.value: 0xFF14,
}  # fmt: skip


def keysym_of(key: int) -> int | None:
    """The X keysym of a ``Qt.Key`` value (letters as lower case); None when unknown."""
    if _K.Key_F1.value <= key <= _K.Key_F35.value:
        return 0xFFBE + key - _K.Key_F1.value
    if key in _SPECIAL:
        return _SPECIAL[key]
    if ord("A") <= key <= ord("Z"):
        return key + 0x20
    if 0x20 <= key <= 0x7E or 0xA0 <= key <= 0xFF:
        return key
    return None


def _mask(chord: Chord) -> int:
    return (
        (SHIFT if chord.shift else 0)
        | (CONTROL if chord.control else 0)
        | (MOD1 if chord.alt else 0)
        | (MOD4 if chord.meta else 0)
    )


class X11Grabber(Grabber):
    """Grabs keys on the root window of a private connection to ``$DISPLAY``.

    Raises:
        OSError: From the constructor when the X server cannot be reached.
    """

    label = "X11 (XGrabKey)"

    def __init__(self, display_name: str | None = None) -> None:
        """Open the connection and start watching it."""
        super().__init__()
        from Xlib import X, error
        from Xlib.display import Display

        self._X, self._error = X, error
        try:
            self._display: Any = Display(display_name or os.environ.get("DISPLAY"))
        except Exception as exc:  # Xlib raises its own DisplayError family
            raise OSError(f"cannot open the X display: {exc}") from exc
        self._root = self._display.screen().root
        self._numlock = self._numlock_mask()
        self._ignored = LOCK | self._numlock
        self._grabs: dict[tuple[int, int], str] = {}  # (keycode, mask) → hotkey name
        self._released: dict[int, int] = {}  # keycode → time of its last release
        self._display.set_error_handler(self._x_error)
        self._notifier = QtCore.QSocketNotifier(
            self._display.fileno(), QtCore.QSocketNotifier.Type.Read, self
        )
        self._notifier.activated.connect(self._read)

    def _numlock_mask(self) -> int:
        numlock = self._display.keysym_to_keycode(0xFF7F)  # XK_Num_Lock
        if numlock:
            for index, keycodes in enumerate(self._display.get_modifier_mapping()):
                if numlock in keycodes:
                    return 1 << index
        return MOD2

    def _variants(self, mask: int) -> list[int]:
        return [mask, mask | LOCK, mask | self._numlock, mask | LOCK | self._numlock]

    def grab(self, name: str, chord: Chord) -> Grab:
        """Grab ``chord`` (all four lock variants) for hotkey ``name``."""
        keysym = keysym_of(chord.key)
        keycode = self._display.keysym_to_keycode(keysym) if keysym is not None else 0
        if not keycode:
            return Grab.UNSUPPORTED
        mask = _mask(chord)
        if (keycode, mask) in self._grabs:
            return Grab.HELD  # the same key twice in our own settings
        catcher = self._error.CatchError(self._error.BadAccess)
        for variant in self._variants(mask):
            self._root.grab_key(
                keycode, variant, True, self._X.GrabModeAsync, self._X.GrabModeAsync,
                onerror=catcher,
            )  # fmt: skip
        self._display.sync()
        if catcher.get_error() is not None:
            for variant in self._variants(mask):
                self._root.ungrab_key(keycode, variant)
            self._display.sync()
            log.warning("global hotkey %s: keycode %d mask %#x is held by another program",
                        name, keycode, mask)  # fmt: skip
            return Grab.HELD
        self._grabs[(keycode, mask)] = name
        log.info("global hotkey %s grabbed (keycode %d, mask %#x)", name, keycode, mask)
        return Grab.TAKEN

    def release_all(self) -> None:
        """Ungrab every key grabbed here."""
        for keycode, mask in self._grabs:
            for variant in self._variants(mask):
                self._root.ungrab_key(keycode, variant)
        if self._grabs:
            log.info("global hotkeys released: %s", ", ".join(sorted(self._grabs.values())))
        self._grabs.clear()
        try:
            self._display.sync()
        except Exception:  # the X server is gone: nothing is grabbed any more
            log.debug("X display gone while releasing hotkeys")

    def close(self) -> None:
        """Release the keys and close the connection."""
        self._notifier.setEnabled(False)
        self._notifier.deleteLater()
        try:
            self.release_all()
            self._display.close()
        except Exception:
            log.debug("X display already closed")

    def _read(self) -> None:
        try:
            while self._display.pending_events():
                self._dispatch(self._display.next_event())
        except Exception:
            log.exception("the X connection for global hotkeys failed: they stop working")
            self._notifier.setEnabled(False)

    def _dispatch(self, event: Any) -> None:
        if event.type == self._X.KeyRelease:
            self._released[event.detail] = event.time
            return
        if event.type != self._X.KeyPress:
            return
        if self._released.get(event.detail) == event.time:
            return  # auto-repeat: release and press at the same moment
        name = self._grabs.get((event.detail, event.state & _RELEVANT & ~self._ignored))
        if name is not None:
            log.info("global hotkey pressed: %s", name)
            self.activated.emit(name)

    def _x_error(self, err: Any, request: Any = None) -> None:
        log.warning("X error on the global hotkey connection: %s", err)
