"""A ring you cannot miss: the screen-reader announcement, the ring sound, ``ui/raise_on_ring``.

:class:`RingWatcher` subscribes to the session and acts once per incoming customer call
(not for the operator's own device leg or a conference leg):

* it raises a Qt accessibility announcement (``QAccessibleAnnouncementEvent``, Qt ≥ 6.8,
  *assertive*) on the toolbar window, "Incoming call: NAME, NUMBER", which a screen reader
  (Orca through AT-SPI, NVDA/JAWS through UI Automation, VoiceOver) speaks at once, even
  while another program has the focus;
* with ``ui/raise_on_ring`` it brings the window forward (taking the focus); without it
  nothing takes the focus from the program the operator works in.

:class:`RingSound` plays the ring for the tray's sound hint (``ui/sound``): the configured
``ui/ring_sound`` WAV file or the built-in ``resources/sounds/ring.wav`` through
``QSoundEffect`` at ``ui/ring_volume`` on ``ui/ring_device`` (a device description or id;
empty = the default output), and not while the operator is already talking unless
``ui/ring_while_talking``. ``QSoundEffect`` lives in QtMultimedia, which is in
PySide6-Addons, an optional extra (``pip install agent-toolbar[sound]``; see the README's
"Ring sound" for what it costs): without it the ring is the desktop's beep.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from agent_toolbar.cti.model import Call, CallState, SessionState
from agent_toolbar.cti.session import Session
from agent_toolbar.cti.transitions import CallAppeared, Transition
from agent_toolbar.qt import QApplication, QObject, QtCore, QtGui, QUrl, QWidget
from agent_toolbar.settings import Settings
from agent_toolbar.ui.common.tr import fill

__all__ = ["RingSound", "RingWatcher", "announcement_text", "talking"]

log = logging.getLogger(__name__)


def announcement_text(call: Call) -> str:
    """The announcement: ``Incoming call: Name, +7916…`` (or the number alone)."""
    name, number = call.display_name.strip(), call.number.strip()
    who = ", ".join(part for part in (name, number if number != name else "") if part)
    return fill(
        QtCore.QCoreApplication.translate("Ring", "Incoming call: %1"),
        who or QtCore.QCoreApplication.translate("Ring", "unknown caller"),
    )


def talking(state: SessionState) -> bool:
    """Whether the operator is already in a conversation (a connected customer call)."""
    return any(c.state is CallState.CONNECTED for c in state.customer_calls)


def _rings(transitions: Sequence[Transition]) -> list[Call]:
    return [
        c.call
        for c in transitions
        if isinstance(c, CallAppeared)
        and c.ringing
        and not c.call.is_device_leg
        and not c.call.is_conference_leg
    ]


Announce = Callable[[QtGui.QAccessibleEvent], None]


class RingWatcher(QObject):
    """Announces incoming calls to assistive technology and raises the window if asked.

    Attributes:
        announced: Every announcement made, newest last (for the diagnostics and tests).
    """

    def __init__(self, session: Session, settings: Settings, window: QWidget,
                 *, announce: Announce | None = None, raise_window: Callable[[], None] | None
                 = None) -> None:  # fmt: skip
        """Follow ``session``; announce on ``window``."""
        super().__init__(window)
        self._session = session
        self._settings = settings
        self._window = window
        self._announce = announce or QtGui.QAccessible.updateAccessibility
        self._raise = raise_window
        self.announced: list[str] = []
        session.subscribe(self._on_change)

    def close(self) -> None:
        """Stop following the session."""
        self._session.unsubscribe(self._on_change)

    def _on_change(
        self, _old: SessionState, _new: SessionState, transitions: Sequence[Transition]
    ) -> None:
        for call in _rings(transitions):
            self.announce(announcement_text(call))
            if self._settings.get("ui/raise_on_ring") and self._raise is not None:
                self._raise()

    def announce(self, text: str) -> None:
        """Raise an assertive accessibility announcement of ``text`` on the window."""
        event = QtGui.QAccessibleAnnouncementEvent(self._window, text)
        event.setPoliteness(QtGui.QAccessible.AnnouncementPoliteness.Assertive)
        log.info("accessibility announcement: %s", text.split(":", 1)[0])  # no caller in logs
        self.announced.append(text)
        try:
            self._announce(event)
        except RuntimeError:  # the window is being destroyed
            log.debug("announcement dropped: the window is gone")


def multimedia() -> Any:
    """The QtMultimedia module, or None when PySide6-Addons is not installed."""
    try:
        from PySide6 import QtMultimedia
    except ImportError:
        return None
    return QtMultimedia


def builtin_ring() -> Path:
    """The built-in ring (``resources/sounds/ring.wav``)."""
    from agent_toolbar.resources import resource_path

    return Path(resource_path("sounds", "ring.wav"))


class RingSound(QObject):
    """Plays the ring (or beeps without QtMultimedia) for the tray's sound hint.

    Attributes:
        played: How many rings were started (the beep included), for tests.
    """

    def __init__(self, settings: Settings, state: Callable[[], SessionState],
                 parent: QObject | None = None) -> None:  # fmt: skip
        """Ready to play; ``state`` tells whether the operator is talking."""
        super().__init__(parent)
        self._settings = settings
        self._state = state
        self._mm: Any = None
        self._loaded = False  # QtMultimedia is imported at the first ring, not at start-up
        self._effect: Any = None
        self.played = 0

    @property
    def backend(self) -> str:
        """``"QSoundEffect"`` when QtMultimedia is installed, else ``"beep"``."""
        self._load()
        return "QSoundEffect" if self._mm is not None else "beep"

    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True
            self._mm = multimedia()

    def __call__(self) -> None:
        """Ring once (unless the operator is talking and ``ui/ring_while_talking`` is off)."""
        if talking(self._state()) and not self._settings.get("ui/ring_while_talking"):
            log.info("ring sound skipped: the operator is talking")
            return
        self.played += 1
        self._load()
        if self._mm is None:
            QApplication.beep()
            return
        effect = self._prepare()
        if effect is None:
            QApplication.beep()
            return
        effect.play()

    def _prepare(self) -> Any:
        mm = self._mm
        path = str(self._settings.get("ui/ring_sound") or "") or str(builtin_ring())
        if not Path(path).is_file():
            log.warning("ring sound %s not found: beeping instead", path)
            return None
        device = self.device()
        if device.isNull():
            log.info("no sound output device: beeping instead")
            return None
        if self._effect is None:
            self._effect = mm.QSoundEffect(device, self)
        effect = self._effect
        url = QUrl.fromLocalFile(path)
        if effect.source() != url:
            effect.setSource(url)
        volume = int(self._settings.get("ui/ring_volume") or 0)
        effect.setVolume(max(0, min(volume, 100)) / 100.0)
        return effect

    def device(self) -> Any:
        """The output device named by ``ui/ring_device`` (the default one otherwise)."""
        mm = self._mm
        wanted = str(self._settings.get("ui/ring_device") or "").strip()
        devices = list(mm.QMediaDevices.audioOutputs())
        for device in devices:
            ident = bytes(device.id().data()).decode("utf-8", "replace")
            if wanted and wanted in (device.description(), ident):
                return device
        if wanted:
            log.warning("ring device %r not found: using the default output", wanted)
        return mm.QMediaDevices.defaultAudioOutput()

    def close(self) -> None:
        """Stop a ring that is playing."""
        if self._effect is not None:
            with contextlib.suppress(RuntimeError):
                self._effect.stop()
