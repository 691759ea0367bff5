"""What every system-wide hotkey backend offers, and the key a Qt key sequence names.

A backend (:class:`Grabber`) registers single-chord key sequences with the operating system
under a hotkey name and emits :attr:`Grabber.activated` with that name when the key is
pressed anywhere on the desktop. :meth:`Grabber.grab` returns a :class:`Grab` result: taken
(working), held by another program (X11 ``BadAccess``, Windows
``ERROR_HOTKEY_ALREADY_REGISTERED``, macOS ``eventHotKeyExistsErr``) or not possible
(a key the system has no code for). Keys are released by :meth:`Grabber.release_all`
(before re-grabbing changed settings, and on quit).
"""

from __future__ import annotations

import enum

from agent_toolbar.qt import QKeySequence, QObject, Qt, Signal

__all__ = ["Chord", "Grab", "Grabber", "chord_of"]


class Grab(enum.Enum):
    """The outcome of registering one key."""

    TAKEN = "taken"
    HELD = "held"  #: another program holds it
    UNSUPPORTED = "unsupported"  #: this system has no such key (or no way to grab it)


class Chord:
    """One key with its modifiers, the way Qt names them.

    Attributes:
        key: The ``Qt.Key`` value.
        shift, control, alt, meta: The modifiers (``control`` is Command on macOS, as in Qt).
    """

    __slots__ = ("alt", "control", "key", "meta", "shift")

    def __init__(
        self, key: int, *, shift: bool = False, control: bool = False, alt: bool = False,
        meta: bool = False,
    ) -> None:  # fmt: skip
        self.key = key
        self.shift, self.control, self.alt, self.meta = shift, control, alt, meta

    def __repr__(self) -> str:
        mods = [n for n in ("shift", "control", "alt", "meta") if getattr(self, n)]
        return f"Chord({self.key:#x}, {'+'.join(mods) or 'no modifiers'})"


def chord_of(sequence: QKeySequence) -> Chord | None:
    """The one chord of ``sequence``; None for an empty or multi-chord sequence."""
    if sequence.count() != 1:
        return None
    combination = sequence[0]  # type: ignore[index]
    mods = combination.keyboardModifiers()
    return Chord(
        int(combination.key().value),
        shift=bool(mods & Qt.KeyboardModifier.ShiftModifier),
        control=bool(mods & Qt.KeyboardModifier.ControlModifier),
        alt=bool(mods & Qt.KeyboardModifier.AltModifier),
        meta=bool(mods & Qt.KeyboardModifier.MetaModifier),
    )


class Grabber(QObject):
    """A system-wide hotkey backend (subclassed per platform).

    Signals:
        activated(str): The key registered under this hotkey name was pressed.

    Attributes:
        label: What Settings says is in use, e.g. "X11 (XGrabKey)".
    """

    activated = Signal(str)
    label = ""

    def grab(self, name: str, chord: Chord) -> Grab:
        """Register ``chord`` as hotkey ``name``."""
        raise NotImplementedError

    def release_all(self) -> None:
        """Release every key this backend registered."""
        raise NotImplementedError

    def close(self) -> None:
        """Release everything and drop the connection to the system (on quit)."""
        self.release_all()
