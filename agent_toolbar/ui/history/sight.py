"""Noticing that the toolbar may have missed what the phone did: sleep and network changes.

* **Clock jump**: a timer ticks every :data:`TICK_MS`; between two ticks the wall clock and
  the monotonic clock should advance alike. When the wall clock ran more than
  :data:`JUMP_S` ahead (the machine slept: the monotonic clock stops during suspend on
  Linux) or jumped back, the toolbar lost sight. Qt-free arithmetic in :func:`jumped`.
* **Network change**: ``QNetworkInformation`` (when a backend is available on the
  platform) reports reachability and transport changes.

Signals:
    lost_sight(str): ``clock_jump`` or ``network_change``
        (:class:`~agent_toolbar.history.offline.OfflineReason` values).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from agent_toolbar.history.offline import OfflineReason
from agent_toolbar.qt import QObject, QtCore, QtNetwork, Signal

log = logging.getLogger(__name__)

TICK_MS = 5_000
JUMP_S = 30.0


def jumped(wall_delta: float, mono_delta: float, threshold: float = JUMP_S) -> bool:
    """Whether the wall clock moved differently from the monotonic one by more than allowed."""
    return abs(wall_delta - mono_delta) > threshold


class SightWatcher(QObject):
    """Emits ``lost_sight`` after a clock jump or a network change (see the module doc)."""

    lost_sight = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        wall: Callable[[], float] = time.time,
        mono: Callable[[], float] = time.monotonic,
        tick_ms: int = TICK_MS,
        network: bool = True,
    ) -> None:
        """Start watching (the timer runs while the loop does)."""
        super().__init__(parent)
        self._wall, self._mono = wall, mono
        self._last = (wall(), mono())
        self._timer = QtCore.QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        self._network: QtNetwork.QNetworkInformation | None = None
        if network:
            self._watch_network()

    def stop(self) -> None:
        """Stop watching the clocks."""
        self._timer.stop()

    def check(self) -> bool:
        """Compare the clocks now (the timer calls this); True when they jumped."""
        wall, mono = self._wall(), self._mono()
        before_wall, before_mono = self._last
        self._last = (wall, mono)
        if jumped(wall - before_wall, mono - before_mono):
            log.info("clock jump of %.0f s: resyncing", (wall - before_wall) - (mono - before_mono))
            self.lost_sight.emit(OfflineReason.CLOCK_JUMP.value)
            return True
        return False

    def _watch_network(self) -> None:
        info_class = QtNetwork.QNetworkInformation
        try:
            if not info_class.loadDefaultBackend():
                log.info("no network information backend: network changes go unnoticed")
                return
        except (AttributeError, RuntimeError):
            return
        info = info_class.instance()
        if info is None:
            return
        self._network = info
        info.reachabilityChanged.connect(lambda _r: self._network_changed())
        info.transportMediumChanged.connect(lambda _m: self._network_changed())

    def _network_changed(self) -> None:
        self.lost_sight.emit(OfflineReason.NETWORK_CHANGE.value)
