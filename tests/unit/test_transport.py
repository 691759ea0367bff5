"""The shared transport pieces: request correlation and the reconnect supervisor."""

from __future__ import annotations

import asyncio

import pytest

from agent_toolbar.cti.connection import ConnectionStatus, LinkKind, LinkState, Problem
from agent_toolbar.cti.transport.backoff import Backoff
from agent_toolbar.cti.transport.correlation import Correlator
from agent_toolbar.cti.transport.supervisor import FatalError, Supervisor

pytestmark = pytest.mark.asyncio


class Boom(Exception):
    pass


async def test_replies_find_their_request_and_a_drop_fails_the_rest() -> None:
    replies: Correlator[str] = Correlator(prefix="t")
    first, f1 = replies.expect()
    second, f2 = replies.expect()
    assert first != second and first.startswith("t-") and len(replies) == 2
    assert replies.resolve(first, "ok") and await f1 == "ok"
    assert not replies.resolve(first, "again")  # answered once
    assert replies.fail_all(lambda: Boom("dropped")) == 1
    with pytest.raises(Boom):
        await f2
    third, f3 = replies.expect()
    with pytest.raises(TimeoutError):
        await replies.wait(third, f3, 0.01, TimeoutError)
    assert third not in replies  # forgotten after the wait


async def test_the_supervisor_reconnects_with_status_and_stops() -> None:
    seen: list[ConnectionStatus] = []
    attempts = 0
    sup: Supervisor

    async def connect_once() -> None:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise ConnectionRefusedError(111, "refused")
        sup.connected()
        if attempts == 2:
            raise Boom("dropped")
        sup.stop()

    sup = Supervisor(
        connect_once,
        server="ws://127.0.0.1:1",
        on_status=seen.append,
        backoff=Backoff(0.01, 0.02, floor=0.001),
    )
    await asyncio.wait_for(sup.run(), 5)
    states = [s.state for s in seen]
    assert states[0] is LinkState.CONNECTING
    assert LinkState.RECONNECTING in states and LinkState.CONNECTED in states
    assert states[-1] is LinkState.DISCONNECTED
    lost = next(s for s in seen if s.state is LinkState.RECONNECTING)
    assert lost.problem is Problem.UNREACHABLE and lost.attempt == 1
    assert len(sup.delays) == 2


async def test_a_fatal_refusal_waits_until_asked_and_bad_credentials_say_so() -> None:
    seen: list[ConnectionStatus] = []
    calls = 0
    sup: Supervisor

    async def connect_once() -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise FatalError(Problem.BAD_CREDENTIALS, "HTTP 401", retry=False)
        sup.stop()

    sup = Supervisor(connect_once, server="https://pbx", on_status=seen.append)
    task = asyncio.ensure_future(sup.run())
    while not seen or seen[-1].state is not LinkState.FAILED:
        await asyncio.sleep(0.005)
    assert seen[-1].problem is Problem.BAD_CREDENTIALS and seen[-1].retry_at is None
    sup.reconnect_now()
    await asyncio.wait_for(task, 5)
    assert calls == 2


async def test_a_silent_stream_is_a_loss_and_events_are_stamped() -> None:
    seen: list[ConnectionStatus] = []
    rounds = 0
    sup: Supervisor

    async def connect_once() -> None:
        nonlocal rounds
        rounds += 1
        if rounds > 1:
            sup.stop()
            return
        sup.connected()
        sup.heard()
        await asyncio.sleep(10)  # then nothing: the peer went silent

    sup = Supervisor(
        connect_once,
        server="wss://vega",
        on_status=seen.append,
        kind=LinkKind.STREAM,
        backoff=Backoff(0.01, 0.02, floor=0.001),
        silence_after=0.1,
    )
    await asyncio.wait_for(sup.run(), 5)
    up = next(s for s in seen if s.state is LinkState.CONNECTED)
    assert up.kind is LinkKind.STREAM and up.last_event_at is not None
    lost = next(s for s in seen if s.state is LinkState.RECONNECTING)
    assert lost.problem is Problem.SILENT
