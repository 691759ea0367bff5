"""The one door from a session into Qt: :class:`SessionBridge`.

A :class:`~agent_toolbar.cti.session.Session` calls its listeners synchronously for every
domain event, from whatever runs the backend; a burst of a hundred events would make every
widget re-render a hundred times. The bridge collects them and delivers, at most once per
turn of the Qt event loop, the latest state and every transition since the last delivery
(in order, none dropped). Widgets connect to its signals; Qt disconnects a receiver when it
is destroyed, so no widget keeps weak references or zero-timers of its own.

There is one bridge per session (:meth:`SessionBridge.of`); it lives as long as the session.
Qt-free subscribers that must see every event at once (screen-pop, the journal) subscribe
to the session directly.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Sequence

from agent_toolbar.cti.model import SessionState
from agent_toolbar.cti.session import Session
from agent_toolbar.cti.transitions import Transition
from agent_toolbar.qt import QObject, QTimer, Signal

__all__ = ["SessionBridge"]

log = logging.getLogger(__name__)

_BRIDGES: weakref.WeakKeyDictionary[Session, SessionBridge] = weakref.WeakKeyDictionary()


class SessionBridge(QObject):
    """Delivers a session's state and transitions to Qt, once per loop turn.

    Signals:
        changed(old, new, transitions): the state delivered last time, the state now, and
            every transition in between (a list, possibly empty).
        state_changed(new): the state now (after ``changed``).
        transitions_arrived(transitions): the transitions, when there are any.

    Attributes:
        session: The session it follows.
        delivered: The state delivered last (what widgets show).
    """

    changed = Signal(object, object, list)
    state_changed = Signal(object)
    transitions_arrived = Signal(list)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        """Follow ``session`` (prefer :meth:`of`, which shares one bridge per session)."""
        super().__init__(parent)
        self.session = session
        self.delivered: SessionState = session.state
        self._pending: list[Transition] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.flush)
        ref = weakref.ref(self)

        def listener(_old: SessionState, _new: SessionState, changes: Sequence[Transition]) -> None:
            bridge = ref()
            if bridge is not None:
                bridge._collect(changes)

        self._listener = listener
        session.subscribe(listener)

    @classmethod
    def of(cls, session: Session) -> SessionBridge:
        """The bridge of ``session`` (made on first use; it lives as long as the session)."""
        bridge = _BRIDGES.get(session)
        if bridge is None:
            bridge = _BRIDGES[session] = cls(session)
        return bridge

    @property
    def state(self) -> SessionState:
        """The session's current state."""
        return self.session.state

    def flush(self) -> None:
        """Deliver now what is pending (the loop calls it; tests and screenshots may too)."""
        self._timer.stop()
        old, new = self.delivered, self.session.state
        changes, self._pending = self._pending, []
        if new is old and not changes:
            return
        self.delivered = new
        self.changed.emit(old, new, changes)
        self.state_changed.emit(new)
        if changes:
            self.transitions_arrived.emit(changes)

    def detach(self) -> None:
        """Stop following the session (its views are being dropped)."""
        self.session.unsubscribe(self._listener)
        self._timer.stop()
        if _BRIDGES.get(self.session) is self:
            del _BRIDGES[self.session]

    def _collect(self, changes: Sequence[Transition]) -> None:
        self._pending.extend(changes)
        try:
            if not self._timer.isActive():
                self._timer.start()
        except RuntimeError:  # the Qt object is gone (the app is shutting down)
            log.debug("session bridge already deleted")
