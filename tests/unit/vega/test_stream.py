"""The event stream: frames to changes, refused frames counted, expiry on its own."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator

import pytest

from agent_toolbar.backends.vega.frames import Rejected, RejectReason
from agent_toolbar.backends.vega.stream import EventStream
from agent_toolbar.backends.vega.tracker import CallChanged, CallEnded, Change, EndReason, Tracker

DIAL = json.dumps(
    {
        "event": "call.dial",
        "uuid": "a",
        "lgDirection": 4,
        "leg": {"id": 1, "type": 1, "ext": "101"},
        "otherLegs": [],
        "serverTime": 1_700_000_000_000,
    }
)


async def frames(*raw: str | bytes) -> AsyncIterator[str | bytes]:
    for item in raw:
        yield item


def make(expire_after: float = 30.0) -> tuple[EventStream, list[Change], list[Rejected]]:
    changes: list[Change] = []
    refused: list[Rejected] = []
    stream = EventStream(
        Tracker("101", expire_after=expire_after), changes.append, on_rejected=refused.append
    )
    return stream, changes, refused


@pytest.mark.asyncio
async def test_frames_become_changes_and_garbage_is_counted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    stream, changes, refused = make()
    stream.opened()
    with caplog.at_level(logging.WARNING):
        await stream.consume(frames("nope", b"\x01", DIAL))
    assert [type(c) for c in changes] == [CallChanged]
    assert [r.reason for r in refused] == [RejectReason.INVALID_JSON, RejectReason.BINARY]
    assert stream.frames == 3 and sum(stream.rejected.values()) == 2
    assert stream.since_last_frame() is not None
    assert "+380" not in caplog.text and "refused" in caplog.text


def test_a_failing_subscriber_does_not_stop_the_stream() -> None:
    def boom(change: Change) -> None:
        raise RuntimeError("subscriber bug")

    stream = EventStream(Tracker("101"), boom)
    assert stream.handle(DIAL) is None
    assert len(stream.tracker.calls) == 1


@pytest.mark.asyncio
async def test_the_expiry_task_closes_calls_silent_after_a_reconnect() -> None:
    stream, changes, _ = make(expire_after=0.05)
    stream.opened()
    stream.handle(DIAL)
    task = asyncio.get_running_loop().create_task(stream.run_expiry())
    try:
        stream.opened()  # a reconnect: nothing more is heard of the call
        async with asyncio.timeout(5):
            while not any(isinstance(c, CallEnded) for c in changes):
                await asyncio.sleep(0.01)
    finally:
        task.cancel()
    ended = [c for c in changes if isinstance(c, CallEnded)]
    assert [e.call.end_reason for e in ended] == [EndReason.EXPIRED]
    assert stream.connections == 2
