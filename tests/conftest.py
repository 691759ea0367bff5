"""Suite-wide fixtures: no exception may escape silently through ``sys.excepthook``.

For tests against the simulator (integration and UI), as fixtures since test modules cannot
import this file:

* ``until``: :func:`until`, ``await until(session, predicate, timeout=5)`` waits for a
  predicate on the session state and returns that state.
* ``attached``: :func:`connect_session`, ``async with attached(sim, login, phone) as
  session:`` a real :class:`~agent_toolbar.cti.session.Session` over a real
  :class:`~agent_toolbar.backends.naumen.adapter.NaumenBackend`, connected and synced.
* ``talking``: :func:`talking`, ``cid = await talking(sim, session, login)`` a customer
  call rung by the simulator and answered through the session.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import pytest

from agent_toolbar.backends.naumen.adapter import NaumenBackend
from agent_toolbar.backends.naumen.client import ClientConfig
from agent_toolbar.backends.naumen.profile import PhoneKind
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import LinkState
from agent_toolbar.cti.model import CallState, SessionState
from agent_toolbar.cti.session import Listener, Session

if TYPE_CHECKING:
    from agent_toolbar.cti.transport.backoff import Backoff
    from agent_toolbar.simulators.naumen.simulator import Simulator

FIXTURES = Path(__file__).parent / "fixtures"
LOGIN = "operator"  # the operator the simulator's scenarios know

Until = Callable[..., Awaitable[SessionState]]
Attach = Callable[..., contextlib.AbstractAsyncContextManager[Session]]
Talking = Callable[..., Awaitable[str]]

# Widget tests run offscreen unless a test brings its own display (e2e tests do).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def fail_on_unhandled_exceptions() -> Iterator[list[BaseException]]:
    """Collect what reaches sys.excepthook (async Qt slots report there) and fail the test."""
    seen: list[BaseException] = []
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        seen.append(value)
        previous(kind, value, tb)

    sys.excepthook = hook
    try:
        yield seen
    finally:
        sys.excepthook = previous
    if seen:
        pytest.fail(f"unhandled exception(s) reached sys.excepthook: {seen!r}")


@pytest.fixture
def fixtures_dir() -> Path:
    """The directory of saved frames and other fixtures."""
    return FIXTURES


async def until(
    session: Session, predicate: Callable[[SessionState], bool], timeout: float = 5.0
) -> SessionState:
    """Wait (on the running loop) until ``predicate(session.state)`` holds; fail after
    ``timeout`` seconds with the last state in the message."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate(session.state):
        if loop.time() > deadline:
            raise AssertionError(f"state not reached in {timeout} s; last: {session.state!r:.2000}")
        await asyncio.sleep(0.005)
    return session.state


@contextlib.asynccontextmanager
async def connect_session(
    sim: Simulator,
    login: str = LOGIN,
    phone: PhoneKind = PhoneKind.SOFTPHONE,
    *,
    backoff: Backoff | None = None,
    listeners: Sequence[Listener] = (),
    **config: Any,
) -> AsyncIterator[Session]:
    """A real session attached to ``sim`` as ``login``, once it is connected and synced.

    ``config`` overrides :class:`ClientConfig` fields (short reconnection delays by
    default); ``backoff`` replaces the jittered backoff (e.g. a fixed delay); ``listeners``
    are subscribed before the backend runs (they see the first sync) and unsubscribed before
    it stops.
    """
    options: dict[str, Any] = {"backoff_base": 0.05, "backoff_cap": 0.2, **config}
    client_config = ClientConfig(url=sim.url, login=login, **options)
    session = Session(NaumenBackend(client_config, phone=phone, backoff=backoff))
    for listener in listeners:
        session.subscribe(listener)
    task = asyncio.ensure_future(session.backend.run())
    try:
        await until(session, lambda s: s.connection.state is LinkState.CONNECTED and s.synced)
        yield session
    finally:
        for listener in listeners:
            session.unsubscribe(listener)
        await session.backend.stop()
        await asyncio.wait_for(task, 5)
        await session.close()


async def talking(
    sim: Simulator,
    session: Session,
    login: str = LOGIN,
    *,
    caller: str = "+79161234567",
    display_name: str = "Иванов Пётр",
) -> str:
    """A customer call the simulator rings ``login`` with, answered through ``session``
    (the answer must succeed); returns its cid once it is connected."""
    cid = sim.inject_call(login, caller=caller, display_name=display_name)
    await until(session, lambda s: cid in s.calls)
    assert await session.execute(it.Answer(cid)) is None
    await until(session, lambda s: s.calls[cid].state is CallState.CONNECTED)
    return cid


@pytest.fixture(name="until")
def until_fixture() -> Until:
    """:func:`until`: ``await until(session, predicate, timeout=5)``."""
    return until


@pytest.fixture
def attached() -> Attach:
    """:func:`connect_session`: ``async with attached(sim, login, phone, **config) as s: …``."""
    return connect_session


@pytest.fixture(name="talking")
def talking_fixture() -> Talking:
    """:func:`talking`: ``cid = await talking(sim, session, login, caller=…)``."""
    return talking
