"""The session bridge: once per loop turn, every transition, and a safe end."""

from __future__ import annotations

import gc
from typing import Any

from pytestqt.qtbot import QtBot

from agent_toolbar.cti import events as ev
from agent_toolbar.cti.backend import ConnectionStatus, LinkState
from agent_toolbar.cti.session import Session
from agent_toolbar.cti.transitions import CallAppeared, CallEnded, ConnectionChanged
from agent_toolbar.qt import QApplication
from agent_toolbar.ui.common import session_bridge
from agent_toolbar.ui.common.session_bridge import SessionBridge
from tests.ui.conftest import FeedBackend

UP = ConnectionStatus(state=LinkState.CONNECTED)


def call(cid: str, state: str) -> ev.CallReported:
    return ev.CallReported(call=ev.CallInfo(cid=cid, state=state, direction="in"), new=True)


def test_a_burst_is_delivered_once_with_every_transition_in_order(qtbot: QtBot) -> None:
    backend = FeedBackend()
    session = Session(backend)
    bridge = SessionBridge.of(session)
    assert SessionBridge.of(session) is bridge  # one per session
    seen: list[tuple[Any, Any, list[Any]]] = []
    bridge.changed.connect(lambda old, new, changes: seen.append((old, new, changes)))
    backend.feed(ev.ConnectionChanged(status=UP), call("c1", "new"), call("c1", "ended"))
    assert seen == []  # nothing until the loop turns
    qtbot.waitUntil(lambda: bool(seen))
    QApplication.processEvents()
    assert len(seen) == 1
    old, new, changes = seen[0]
    assert new is session.state and old is not new
    assert [type(c) for c in changes] == [ConnectionChanged, CallAppeared, CallEnded]
    bridge.detach()


def test_a_bridge_outlives_nothing_and_is_deleted_by_qt(qtbot: QtBot) -> None:
    backend = FeedBackend()
    session = Session(backend)
    bridge = SessionBridge.of(session)
    got: list[object] = []
    bridge.state_changed.connect(got.append)
    del session, backend, bridge
    gc.collect()
    assert len(session_bridge._RETIRED) >= 1  # retired, not deleted inside the collector
    qtbot.waitUntil(lambda: not session_bridge._RETIRED)
