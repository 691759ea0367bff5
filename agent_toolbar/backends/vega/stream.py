"""Reading the Vega PBX's event stream: frames in, tracker changes out, expiry on time.

:class:`EventStream` sits between a connection and the rest of the backend. It decodes each
frame, logs and counts what it must refuse (never its content: it may hold phone numbers),
feeds the rest to the :class:`~agent_toolbar.backends.vega.tracker.Tracker` and hands every
change to a sink. It outlives connections: :meth:`EventStream.consume` reads one connection
until it closes; the caller (the reconnect supervisor) opens the next one and calls it again,
and the stream tells the tracker that a reconnect happened, so that calls which hear nothing
for ``expire_after`` seconds expire (:meth:`EventStream.run_expiry`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import AsyncIterable, Callable

from agent_toolbar.backends.vega.frames import MAX_FRAME, Rejected, RejectReason, decode
from agent_toolbar.backends.vega.tracker import Change, Tracker

__all__ = ["EventStream"]

log = logging.getLogger(__name__)

_LOG_EVERY = 100  # after the first few, one rejection log line per this many


class EventStream:
    """Decode, track and deliver the PBX's frames across connections.

    Args:
        tracker: The operator's calls (kept across connections).
        sink: Receives every change, in order.
        max_frame: Largest frame decoded, in bytes.
        on_rejected: Told of every refused frame (after it is logged).
        monotonic: The clock of "last event" (inject a fake one in tests).

    Attributes:
        frames: Frames received in all.
        rejected: Refused frames per reason.
        connections: Connections consumed so far.
        last_frame_at: ``monotonic()`` of the last frame (``None`` before the first).
    """

    def __init__(
        self,
        tracker: Tracker,
        sink: Callable[[Change], None],
        *,
        max_frame: int = MAX_FRAME,
        on_rejected: Callable[[Rejected], None] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.tracker = tracker
        self._on_rejected = on_rejected
        self._sink = sink
        self._max_frame = max_frame
        self._monotonic = monotonic
        self.frames = 0
        self.rejected: Counter[RejectReason] = Counter()
        self.connections = 0
        self.last_frame_at: float | None = None
        self._expiry_due = asyncio.Event()

    def since_last_frame(self) -> float | None:
        """Seconds since the last frame (``None`` before the first): for the status line."""
        if self.last_frame_at is None:
            return None
        return max(0.0, self._monotonic() - self.last_frame_at)

    def opened(self) -> None:
        """A connection is up: after the first, the tracker learns it was a reconnect."""
        if self.connections:
            self.tracker.reconnected(self._monotonic())
            self._expiry_due.set()
        self.connections += 1

    async def consume(self, frames: AsyncIterable[str | bytes]) -> None:
        """Handle every frame of one connection until it ends (its errors propagate)."""
        async for raw in frames:
            self.handle(raw)

    def handle(self, raw: str | bytes) -> Rejected | None:
        """Handle one frame; returns the rejection when it was refused."""
        self.frames += 1
        self.last_frame_at = self._monotonic()
        frame = decode(raw, max_size=self._max_frame)
        if isinstance(frame, Rejected):
            self._log_rejection(frame)
            if self._on_rejected is not None:
                self._on_rejected(frame)
            return frame
        for change in self.tracker.feed(frame, self.last_frame_at):
            self._deliver(change)
        return None

    def expire_now(self) -> None:
        """Expire the calls that are due (see :meth:`Tracker.expire`)."""
        for change in self.tracker.expire(self._monotonic()):
            self._deliver(change)

    async def run_expiry(self) -> None:
        """Expire silent calls after each reconnect, until cancelled."""
        while True:
            delay = self.tracker.next_expiry(self._monotonic())
            if delay is None:
                self._expiry_due.clear()
                await self._expiry_due.wait()
                continue
            await asyncio.sleep(delay)
            self.expire_now()

    def _deliver(self, change: Change) -> None:
        try:
            self._sink(change)
        except Exception:  # one bad subscriber must not stop the stream
            log.exception("a Vega change could not be delivered")

    def _log_rejection(self, rejected: Rejected) -> None:
        self.rejected[rejected.reason] += 1
        total = sum(self.rejected.values())
        if total <= 10 or total % _LOG_EVERY == 0:
            log.warning(
                "Vega frame refused (%s: %s, %d bytes); %d refused so far",
                rejected.reason,
                rejected.detail,
                rejected.size,
                total,
            )
