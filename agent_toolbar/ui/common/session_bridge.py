"""The one door from a session into Qt: :class:`SessionBridge`.

A :class:`~agent_toolbar.cti.session.Session` calls its listeners synchronously for every
domain event, from whatever runs the backend; a burst of a hundred events would make every
widget re-render a hundred times. The bridge collects them and delivers, at most once per
turn of the Qt event loop, the latest state and every transition since the last delivery
(in order, none dropped). Widgets connect to its signals; Qt disconnects a receiver when it
is destroyed, so no widget keeps weak references or zero-timers of its own.

There is one bridge per session (:meth:`SessionBridge.of`); it lives as long as the session
and is then deleted with ``deleteLater`` (never from inside the garbage collector, which may
run in the middle of Qt's event dispatch). Qt-free subscribers that must see every event at
once (screen-pop, the journal) subscribe to the session directly.
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
#: Bridges whose session is gone, kept until Qt has deleted them (``deleteLater``).
_RETIRED: set[SessionBridge] = set()


def _retire(bridge: SessionBridge) -> None:
    """The session is gone: stop the bridge and let Qt delete it on its next turn."""
    _RETIRED.add(bridge)
    try:
        bridge._timer.stop()
        bridge.destroyed.connect(lambda *_: _RETIRED.discard(bridge))
        bridge.deleteLater()
    except RuntimeError:  # already deleted by Qt (the application went away first)
        _RETIRED.discard(bridge)


class SessionBridge(QObject):
    """Delivers a session's state and transitions to Qt, once per loop turn.

    Signals:
        changed(old, new, transitions): the state delivered last time, the state now, and
            every transition in between (a list, possibly empty).
        state_changed(new): the state now (after ``changed``).
        transitions_arrived(transitions): the transitions, when there are any.

    Attributes:
        delivered: The state delivered last (what widgets show).
    """

    changed = Signal(object, object, list)
    state_changed = Signal(object)
    transitions_arrived = Signal(list)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        """Follow ``session`` (prefer :meth:`of`, which shares one bridge per session)."""
        super().__init__(parent)
        self._session = weakref.ref(session)  # the bridge never keeps its session alive
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
            finalizer = weakref.finalize(session, _retire, bridge)
            finalizer.atexit = False  # at exit Qt is going away anyway
        return bridge

    @property
    def session(self) -> Session:
        """The session it follows (only while it exists)."""
        session = self._session()
        if session is None:
            raise RuntimeError("the session of this bridge is gone")
        return session

    @property
    def state(self) -> SessionState:
        """The session's current state (the last delivered once the session is gone)."""
        session = self._session()
        return session.state if session is not None else self.delivered

    def flush(self) -> None:
        """Deliver now what is pending (the loop calls it; tests and screenshots may too)."""
        self._timer.stop()
        old, new = self.delivered, self.state
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
        self._timer.stop()
        self._pending.clear()
        session = self._session()
        if session is not None:
            session.unsubscribe(self._listener)

    def _collect(self, changes: Sequence[Transition]) -> None:
        self._pending.extend(changes)
        try:
            if not self._timer.isActive():
                self._timer.start()
        except RuntimeError:  # the Qt object is gone (the app is shutting down)
            log.debug("session bridge already deleted")
