"""Widget-test fixtures: asyncio on the Qt loop, a real simulator and a real session.

* ``pytest_asyncio_loop_factories``: every ``@pytest.mark.asyncio`` test under ``tests/ui``
  runs on a :class:`qasync.QEventLoop` over the one ``QApplication`` (:class:`TestEventLoop`,
  which keeps asyncio callbacks inside the loop while pytest-qt processes events between
  test phases), so widgets, Qt timers and asyncio tasks share a loop as in the app.
  Inside a coroutine wait with the ``until`` fixture / ``asyncio.sleep``
  (``qtbot.waitSignal`` would spin a nested loop).
* ``simulator``: the real Naumen simulator (scenario ``idle``, fast timings) on a free
  loopback port; operator :data:`LOGIN` exists and starts in ``normal``.
* ``live_session``: a real :class:`~agent_toolbar.cti.session.Session` over a real
  :class:`~agent_toolbar.backends.naumen.adapter.NaumenBackend` attached to ``simulator`` as
  :data:`LOGIN` (by the suite-wide ``attached`` fixture); the fixture returns once it is
  connected and synced, and stops the backend (detaching) afterwards.
* ``toolbar_settings``: a :class:`~agent_toolbar.settings.Settings` on temporary INI files
  (user and system), with the declared defaults.
* ``live_window``: the toolbar :class:`~agent_toolbar.ui.window.main_window.MainWindow` over
  ``live_session`` with ``toolbar_settings``, shown; it stops following the session after.

* ``states``: a :class:`StateBuilder` that builds session states with the real reducer from
  domain events (for widget tests without a network).
* ``feed_backend``: the :class:`FeedBackend` class; ``Session(feed_backend())`` is a real
  session over a backend with no network, fed by the test, recording executed intents.

Helpers (also as fixtures, since test modules cannot import this file): ``loop_turns``
(:func:`settle`) lets coalesced renders run. The suite-wide ``until`` (wait for a predicate
on the session state) and ``attached`` (more sessions) come from ``tests/conftest.py``.
"""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import pytest_asyncio
import qasync
from pytestqt.qtbot import QtBot

from agent_toolbar.backends.naumen.substates import SubstateTracker
from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import (
    ALL_FEATURES,
    Capabilities,
    ConnectionStatus,
    EventSink,
    LinkState,
)
from agent_toolbar.cti.capabilities import Feature
from agent_toolbar.cti.model import CommandFailure, OperatorIdentity, SessionState
from agent_toolbar.cti.outcomes import FailureReason
from agent_toolbar.cti.reducer import reduce
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import QApplication, QCoreApplication, QEvent
from agent_toolbar.settings import Settings
from agent_toolbar.simulators.naumen.simulator import SimTimings, Simulator
from agent_toolbar.ui.window.main_window import MainWindow

if TYPE_CHECKING:
    from tests.conftest import Attach

#: Everything a full CTI session can do (the gateway's recorded announcements aside).
CALL_CENTRE_FEATURES = frozenset(ALL_FEATURES - {Feature.PLAY_ANNOUNCEMENT})

LOGIN = "operator"


class _RunningOnlyTimer(qasync._SimpleTimer):  # type: ignore[misc]
    """qasync's callback timer, except that callbacks wait while their loop is not running."""

    def __init__(self, loop: qasync.QEventLoop) -> None:
        super().__init__()
        self._loop_ref = weakref.ref(loop)

    def timerEvent(self, event: Any) -> None:
        loop = self._loop_ref()
        if loop is None or loop.is_running() or self._stopped:
            super().timerEvent(event)
            return
        timer_id = event.timerId()
        self.killTimer(timer_id)
        handle = self._SimpleTimer__callbacks.pop(timer_id, None)
        if handle is not None and not handle._cancelled:
            self.add_callback(handle, _RETRY_SECONDS)


_RETRY_SECONDS = 0.01


class TestEventLoop(qasync.QEventLoop):  # type: ignore[misc]
    """The application's qasync loop, made safe for pytest-qt.

    pytest-qt processes Qt events between test phases (after the fixtures are set up, after
    the test body), while no asyncio loop is running. A plain ``qasync.QEventLoop`` would run
    due asyncio callbacks right there, outside any loop: a task step then finds no running
    loop and fails ("… is bound to a different event loop"), dropping a connection at random
    on a busy machine. Here such callbacks wait until the loop runs again, as they would on
    any asyncio loop. The application itself runs one loop for its whole life and needs none
    of this.
    """

    __test__ = False  # not a test class, whatever its name

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._timer = _RunningOnlyTimer(self)


@pytest.fixture(autouse=True)
def garbage_dies_between_tests() -> Iterator[None]:
    """Python's cycle collector runs only here, between tests, never inside a Qt callback.

    A widget or QObject kept alive only by a reference cycle is otherwise freed whenever the
    collector happens to run — possibly while Qt is delivering a timer event to it, which
    crashes the process (seen under load, after a few hundred widget tests). Collected here,
    with Qt's deferred deletions delivered right after, such objects die at a known point.
    Windows of a finished test (a toolbar's MainWindow and what its signals' closures hold)
    are the usual members of such cycles.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.freeze()  # what survives is old: later collections need not look at it again
        gc.enable()


@pytest.fixture(autouse=True)
def own_data_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """No widget test writes the user's real data directory (the call journal lives there)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> dict[str, Any]:
    """Run async UI tests on the Qt event loop (qasync), as the application does."""
    return {"qasync": lambda: TestEventLoop(QApplication.instance() or QApplication([]))}


async def settle(turns: int = 3) -> None:
    """Let a few loop turns pass (coalesced renders run on the next turn)."""
    for _ in range(turns):
        await asyncio.sleep(0)
    await asyncio.sleep(0.01)


@pytest_asyncio.fixture
async def simulator() -> AsyncIterator[Simulator]:
    """The Naumen simulator on a free loopback port (idle scenario, fast timings)."""
    sim = Simulator("idle", timings=SimTimings.fast(), seed=11)
    await sim.start()
    try:
        yield sim
    finally:
        await sim.stop()


@pytest_asyncio.fixture
async def live_session(simulator: Simulator, attached: Attach) -> AsyncIterator[Session]:
    """A real session over the Naumen backend, attached to ``simulator`` as LOGIN."""
    async with attached(simulator, LOGIN) as session:
        yield session


@pytest.fixture
def toolbar_settings(tmp_path: Path) -> Settings:
    """Settings on temporary user and system INI files (declared defaults)."""
    return Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")


@pytest_asyncio.fixture
async def live_window(
    qtbot: QtBot, live_session: Session, toolbar_settings: Settings
) -> AsyncIterator[MainWindow]:
    """The toolbar window over ``live_session``, shown; detached from the session after."""
    window = MainWindow(live_session, toolbar_settings)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.detach()


class StateBuilder:
    """Builds a :class:`SessionState` with the real reducer, event by event.

    Every method applies domain events (what a backend would report) and returns the
    builder, so tests read like the story: ``states.connected().ringing("c1").state``.
    """

    def __init__(self) -> None:
        self.now = 1_700_000_000.0
        self.substates = SubstateTracker()  # Naumen's §4.4 rules, as the adapter applies them
        self.state = SessionState(
            login=LOGIN,
            capabilities=Capabilities(backend="naumen", features=CALL_CENTRE_FEATURES),
        )

    def apply(self, *events: Any) -> StateBuilder:
        for event in events:
            self.now += 1.0
            if not event.at:
                object.__setattr__(event, "at", self.now)
            self.state = reduce(self.state, event)
        return self

    def connected(self, agent: str = "normal") -> StateBuilder:
        up = ConnectionStatus(state=LinkState.CONNECTED, server="ws://127.0.0.1:8098")
        return self.apply(
            ev.ConnectionChanged(status=up),
            self.substates.report(agent, snapshot=True),
            ev.CallsSnapshot(calls=()),
        )

    def disconnected(self) -> StateBuilder:
        status = ConnectionStatus(
            state=LinkState.RECONNECTING, attempt=2, delay=4.0, retry_at=self.now + 5.0
        )
        return self.apply(ev.ConnectionChanged(status=status))

    def agent(self, state: str, *substates: str, reason: str | None = None) -> StateBuilder:
        return self.apply(self.substates.report(state, substates, reason=reason))

    def call(self, cid: str, **fields: Any) -> StateBuilder:
        new = cid not in self.state.calls
        return self.apply(ev.CallReported(call=ev.CallInfo(cid=cid, **fields), new=new))

    def ringing(
        self,
        cid: str = "c1",
        name: str = "Петров Пётр",
        number: str = "+79161234567",
        **params: str,
    ) -> StateBuilder:
        return self.call(
            cid,
            state="new",
            direction="in",
            kind="voice",
            hold=False,
            muted=False,
            display_name=name,
            params={"caller": number, "called": "88005553535", **params},
        )

    def dialling(self, cid: str = "o1", number: str = "+74951234567") -> StateBuilder:
        return self.call(
            cid,
            state="new",
            direction="out",
            kind="voice",
            display_name="",
            params={"called": number},
        )

    def talking(self, cid: str = "c1") -> StateBuilder:
        return self.call(cid, state="connected", hold=False)

    def held(self, cid: str = "c1") -> StateBuilder:
        return self.call(cid, state="connected", hold=True)

    def muted(self, cid: str = "c1", on: bool = True) -> StateBuilder:
        return self.call(cid, muted=on)

    def ended(self, cid: str = "c1") -> StateBuilder:
        return self.call(cid, state="ended")

    def closed(self, cid: str = "c1") -> StateBuilder:
        return self.apply(ev.CallClosed(cid=cid))

    def active(self, cid: str) -> StateBuilder:
        return self.apply(ev.ActiveCallChanged(cid=cid))

    def issued(self, intent: Any) -> StateBuilder:
        return self.apply(ev.IntentIssued(intent=intent))

    def settled(self, intent: Any, error: str | None = None) -> StateBuilder:
        """Settle ``intent``: accepted, or refused by the system with ``error`` (its words)."""
        failure = None if error is None else CommandFailure(FailureReason.ERROR, error)
        return self.apply(ev.IntentSettled(intent=intent, error=failure))

    def failed(self, intent: Any, error: str) -> StateBuilder:
        return self.issued(intent).settled(intent, error)

    def next_state(self, choice: Any) -> StateBuilder:
        return self.apply(ev.NextStateQueued(choice=choice))


class FeedBackend:
    """No network: the test feeds domain events; executed intents are recorded."""

    login = "ivanova"
    identity = OperatorIdentity("ivanova")
    capabilities = Capabilities(backend="test", features=CALL_CENTRE_FEATURES)
    status = ConnectionStatus()

    def __init__(self) -> None:
        self.sinks: list[EventSink] = []
        self.executed: list[it.Intent] = []

    def subscribe(self, sink: EventSink) -> None:
        self.sinks.append(sink)

    async def run(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    def reconnect_now(self) -> None:
        return None

    async def execute(self, intent: it.Intent) -> None:
        self.executed.append(intent)

    def feed(self, *events: ev.DomainEvent) -> None:
        """Deliver ``events`` to the subscribers, as a backend would."""
        for event in events:
            for sink in self.sinks:
                sink(event)


@pytest.fixture
def feed_backend() -> type[FeedBackend]:
    """The :class:`FeedBackend` class: ``Session(feed_backend())``."""
    return FeedBackend


@pytest.fixture
def states() -> StateBuilder:
    """A fresh :class:`StateBuilder` (not connected yet; call ``connected()`` first)."""
    return StateBuilder()


@pytest.fixture
def loop_turns() -> Callable[..., Any]:
    """:func:`settle` as a fixture: ``await loop_turns()`` lets coalesced renders run."""
    return settle
