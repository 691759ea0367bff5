"""Polling the Oktell server: one poll in flight, faster while a call rings, backing off.

A poll asks ``wp_getabonentinfo`` and ``tst_getuserstate`` together, then
``wp_getchaincontent`` unless the line is free and no call is known (an idle line has no
chain, and an idle operator should cost the server two requests a poll, not three). The
:class:`~agent_toolbar.backends.oktell.diff.Differ` turns the answers into changes.

Pace: every ``interval`` seconds (``oktell/poll_ms``, default 1000 ms); every
``interval / 4`` (at least 0.2 s) while a call rings or dials, so an answer elsewhere or the
caller giving up shows quickly; :meth:`Poller.poll_now` right after a command. When the
server does not answer (refused, timeout, 5xx, TLS): exponential back-off from ``interval``
up to ``max_backoff`` seconds, each wait drawn between half and all of it (jitter, so many
toolbars do not return together). A 403 stops polling — wrong login or password is not
retried in a loop — until :meth:`Poller.resume` (new credentials).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from agent_toolbar.backends.oktell.api import OktellApi
from agent_toolbar.backends.oktell.diff import CallPhase, Change, Differ, Snapshot
from agent_toolbar.backends.oktell.records import (
    ChainContent,
    Failure,
    FailureKind,
    LineState,
    UserState,
)

__all__ = ["PollHealth", "PollStatus", "Poller"]

log = logging.getLogger(__name__)


class PollHealth(Enum):
    """How the last poll went."""

    STARTING = "starting"
    OK = "ok"
    DEGRADED = "degraded"  # answered, but part of it was unreadable (malformed, HTML …)
    AWAY = "away"  # no answer, or 5xx: backing off
    FORBIDDEN = "forbidden"  # 403: wrong login or password; stopped


@dataclass(frozen=True, slots=True)
class PollStatus:
    """What the poller last saw of the server.

    Attributes:
        health: See :class:`PollHealth`.
        failure: The failure behind a non-OK health.
        failures: Polls in a row that failed.
        next_in: Seconds until the next poll (``None`` when stopped).
        last_ok: ``time.time()`` of the last good poll.
    """

    health: PollHealth
    failure: Failure | None = None
    failures: int = 0
    next_in: float | None = None
    last_ok: float | None = None


class Poller:
    """Polls in one task and hands changes and statuses to its callbacks.

    Args:
        api: The Web-API client.
        differ: Keeps the calls between polls.
        on_changes: Gets the changes of each applied poll (not called for no change).
        on_status: Gets every status change.
        on_applied: Called after every poll that was applied (changes or not): the moment to
            check whether pending commands are confirmed.
        interval: Seconds between polls.
        max_backoff: The longest wait while the server is away.
        rng: Source of the jitter.
    """

    def __init__(
        self,
        api: OktellApi,
        differ: Differ,
        *,
        on_changes: Callable[[list[Change]], None],
        on_status: Callable[[PollStatus], None],
        on_applied: Callable[[], None] | None = None,
        interval: float = 1.0,
        max_backoff: float = 30.0,
        rng: random.Random | None = None,
    ) -> None:
        self.api = api
        self.differ = differ
        self.interval = max(0.05, interval)
        self.max_backoff = max(self.interval, max_backoff)
        self.status = PollStatus(PollHealth.STARTING)
        self.polls = 0
        self._on_changes = on_changes
        self._on_status = on_status
        self._on_applied = on_applied
        self._rng = rng or random.Random()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._in_flight = 0
        self.max_in_flight = 0

    # ------------------------------------------------------------------ life cycle

    def start(self) -> None:
        """Start polling (at once)."""
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run(), name="oktell-poll")

    async def stop(self) -> None:
        """Stop polling and wait for the poll in flight to be cancelled."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    @property
    def running(self) -> bool:
        """A poll task exists and has not ended (a 403 ends it)."""
        return self._task is not None and not self._task.done()

    def poll_now(self) -> None:
        """Poll as soon as the poll in flight (if any) is over."""
        self._wake.set()

    def resume(self) -> None:
        """Poll again after a 403 (the credentials changed)."""
        self.api.clear_forbidden()
        self.start()
        self.poll_now()

    # ------------------------------------------------------------------ polling

    async def _run(self) -> None:
        failures = 0
        while True:
            self._wake.clear()
            failure = await self.poll_once()
            if failure is not None and failure.kind is FailureKind.FORBIDDEN:
                self._report(PollStatus(PollHealth.FORBIDDEN, failure, failures + 1))
                return
            if failure is not None and failure.server_away:
                failures += 1
                ceiling = min(self.max_backoff, self.interval * 2 ** min(failures, 16))
                delay = self._rng.uniform(ceiling / 2, ceiling)
                health = PollHealth.AWAY
            else:
                failures = 0
                delay = self._pace()
                health = PollHealth.DEGRADED if failure is not None else PollHealth.OK
            last_ok = time.time() if failure is None else self.status.last_ok
            self._report(PollStatus(health, failure, failures, round(delay, 3), last_ok))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay)

    def pace(self) -> float:
        """Seconds until the next poll: shorter while a call rings or dials."""
        return self._pace()

    def _pace(self) -> float:
        ringing = any(
            c.phase in (CallPhase.RINGING, CallPhase.DIALING) for c in self.differ.calls.values()
        )
        return max(0.2, self.interval / 4) if ringing else self.interval

    def _report(self, status: PollStatus) -> None:
        previous = self.status
        self.status = status
        if (status.health, status.failure) != (previous.health, previous.failure):
            if status.failure is not None:
                log.warning("Oktell poll: %s (%s)", status.health.value, status.failure)
            else:
                log.info("Oktell poll: %s", status.health.value)
        try:
            self._on_status(status)
        except Exception:
            log.exception("Oktell: a status listener failed")

    async def poll_once(self) -> Failure | None:
        """One poll, applied to the differ; the first failure met (``None``: all good)."""
        self._in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            return await self._poll()
        finally:
            self._in_flight -= 1
            self.polls += 1

    async def _poll(self) -> Failure | None:
        line, user = await asyncio.gather(self.api.wp_getabonentinfo(), self.api.tst_getuserstate())
        if isinstance(line, Failure):
            return line  # a lost poll: nothing is applied
        chain: ChainContent | Failure | None = None
        if line.state is not LineState.FREE or line.abonent is not None or self.differ.calls:
            chain = await self.api.wp_getchaincontent()
        failure = next((r for r in (user, chain) if isinstance(r, Failure)), None)
        snap = Snapshot(
            line=line,
            chain=chain if isinstance(chain, ChainContent) else None,
            user=user if isinstance(user, UserState) else None,
        )
        if line.state is LineState.FREE and chain is None:
            snap = Snapshot(line=line, chain=ChainContent(), user=snap.user)
        changes = self.differ.apply(snap, time.monotonic())
        if changes:
            try:
                self._on_changes(changes)
            except Exception:
                log.exception("Oktell: a change listener failed")
        if self._on_applied is not None:
            try:
                self._on_applied()
            except Exception:
                log.exception("Oktell: an after-poll listener failed")
        return failure
