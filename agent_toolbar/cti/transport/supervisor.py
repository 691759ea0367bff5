"""The reconnect supervisor: connect, stay connected, come back after a jittered backoff.

One :class:`Supervisor` runs a backend's ``connect_once()`` (open the WebSocket and read
until it closes; or poll until a poll fails) again and again until stopped, and keeps the
:class:`~agent_toolbar.cti.connection.ConnectionStatus` the session shows:

* CONNECTING before each attempt; CONNECTED when ``connect_once`` calls :meth:`connected`
  (handshake done, or the first poll answered);
* RECONNECTING with the attempt, delay and retry time after a loss (the backoff resets
  once a connection lived ``stable_after`` seconds);
* FAILED after a :class:`FatalError` refusal (bad credentials, unknown login, refused version):
  retried only after ``fatal_retry`` seconds, or never when ``retry=False``, unless
  :meth:`reconnect_now` is called;
* for event streams, :meth:`heard` stamps ``last_event_at`` (at most every
  ``heard_every`` seconds, so a burst is not a status storm) and ``silence_after`` turns a
  peer that sent nothing that long into a loss with ``Problem.SILENT``.

It knows nothing of any protocol: ``describe(exc)`` turns a transport's exceptions into a
reason for the log and a :class:`~agent_toolbar.cti.connection.Problem` for the UI.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from agent_toolbar.cti.connection import ConnectionStatus, LinkKind, LinkState, Problem
from agent_toolbar.cti.transport.backoff import Backoff

__all__ = ["FatalError", "Supervisor", "describe_basic"]

log = logging.getLogger(__name__)

StatusCallback = Callable[[ConnectionStatus], None]


class FatalError(Exception):
    """A refusal a quick retry cannot fix (raise it from ``connect_once``).

    Attributes:
        problem: What the UI explains.
        reason: For the status (the system's own words when it refused) and the log.
        retry: Try again after ``fatal_retry`` seconds (False: only when asked).
        context: What was refused, for the log only (``"login 'ivanov' refused"``).
    """

    def __init__(
        self, problem: Problem, reason: str, *, retry: bool = True, context: str = ""
    ) -> None:
        """Describe the refusal."""
        super().__init__(reason)
        self.problem = problem
        self.reason = reason
        self.retry = retry
        self.context = context

    @property
    def logged(self) -> str:
        """The reason with its context, for the log."""
        return f"{self.context}: {self.reason}" if self.context else self.reason


class _SilentError(Exception):
    """The peer sent nothing for ``silence_after`` seconds (internal)."""


def describe_basic(exc: BaseException) -> tuple[str, Problem]:
    """A reason and problem for exceptions any transport may raise."""
    if isinstance(exc, TimeoutError):
        return "the server did not answer in time", Problem.UNREACHABLE
    if isinstance(exc, OSError):
        return f"cannot reach the server: {exc.strerror or exc}", Problem.UNREACHABLE
    return f"{type(exc).__name__}: {exc}", Problem.CLOSED


class Supervisor:
    """Keeps one connection up; see the module docstring.

    Attributes:
        delays: Every reconnection delay chosen (for diagnostics and tests).
    """

    def __init__(
        self,
        connect_once: Callable[[], Awaitable[None]],
        *,
        server: str,
        on_status: StatusCallback,
        kind: LinkKind = LinkKind.SESSION,
        backoff: Backoff | None = None,
        describe: Callable[[BaseException], tuple[str, Problem]] = describe_basic,
        clock: Callable[[], float] = time.time,
        stable_after: float = 10.0,
        fatal_retry: float = 300.0,
        silence_after: float | None = None,
        heard_every: float = 5.0,
    ) -> None:
        """Supervise ``connect_once`` (it returns or raises when the connection is over)."""
        self._connect_once = connect_once
        self._server = server
        self._on_status = on_status
        self._kind = kind
        self._backoff = backoff or Backoff()
        self._describe = describe
        self._clock = clock
        self._stable_after = stable_after
        self._fatal_retry = fatal_retry
        self._silence_after = silence_after
        self._heard_every = heard_every
        self._status = ConnectionStatus(server=server, kind=kind)
        self._stopping = False
        self._wake = asyncio.Event()
        self._was_up = False
        self._last_heard: float | None = None
        self.delays: list[float] = []

    @property
    def status(self) -> ConnectionStatus:
        """The current status."""
        return self._status

    @property
    def stopping(self) -> bool:
        """True once :meth:`stop` was called."""
        return self._stopping

    async def run(self) -> None:
        """Connect and reconnect until :meth:`stop`; never raises for connection errors."""
        attempt = 0
        self._stopping = False
        while not self._stopping:
            self.set_status(LinkState.CONNECTING, attempt=attempt)
            started = self._clock()
            self._was_up = False
            try:
                await self._once()
                reason, problem = "the server closed the connection", Problem.CLOSED
            except FatalError as fatal:
                if self._stopping:
                    break
                await self._failed(fatal)
                attempt = 0
                continue
            except _SilentError:
                reason, problem = "the server sent nothing for too long", Problem.SILENT
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                reason, problem = self._describe(exc)
            if self._stopping:
                break
            lived = self._clock() - started
            attempt = 1 if lived >= self._stable_after and self._was_up else attempt + 1
            delay = self._backoff.delay(attempt)
            self.delays.append(delay)
            log.warning("connection lost (%s); attempt %d in %.1f s", reason, attempt, delay)
            self.set_status(
                LinkState.RECONNECTING,
                attempt=attempt,
                delay=delay,
                retry_at=self._clock() + delay,
                reason=reason,
                problem=problem,
            )
            await self._sleep(delay)
        self.set_status(LinkState.DISCONNECTED)

    def stop(self) -> None:
        """Stop after the current attempt (close the connection to end it now)."""
        self._stopping = True
        self._wake.set()

    def reconnect_now(self) -> None:
        """Cut short any wait before the next attempt."""
        self._wake.set()

    def connected(self) -> None:
        """``connect_once`` reports the connection up (handshake done, or first poll answered)."""
        self._was_up = True
        self._last_heard = self._clock()
        last = self._last_heard if self._kind is not LinkKind.SESSION else None
        self.set_status(LinkState.CONNECTED, last_event_at=last)

    def heard(self) -> None:
        """An event (or a successful poll) arrived: stamp it (throttled) and feed the watchdog."""
        now = self._clock()
        self._last_heard = now
        shown = self._status.last_event_at
        up = self._status.state is LinkState.CONNECTED
        if (
            up
            and self._kind is not LinkKind.SESSION
            and (shown is None or now - shown >= self._heard_every)
        ):
            self.set_status(LinkState.CONNECTED, last_event_at=now)

    def set_status(self, state: LinkState, **fields: Any) -> None:
        """Publish a status (unchanged ones are not repeated)."""
        status = ConnectionStatus(state=state, server=self._server, kind=self._kind, **fields)
        if status == self._status:
            return
        self._status = status
        try:
            self._on_status(status)
        except Exception:
            log.exception("status callback failed")

    async def _once(self) -> None:
        if self._silence_after is None:
            await self._connect_once()
            return
        task = asyncio.ensure_future(self._connect_once())
        try:
            while not task.done():
                done, _ = await asyncio.wait({task}, timeout=self._silence_after / 4)
                if done:
                    break
                heard = self._last_heard
                if self._was_up and heard is not None and self._silent(heard):
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await task
                    raise _SilentError
            task.result()
        finally:
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    def _silent(self, heard: float) -> bool:
        limit = self._silence_after
        return limit is not None and self._clock() - heard >= limit

    async def _failed(self, fatal: FatalError) -> None:
        if not fatal.retry:  # nothing will change until the operator or admin acts
            log.error("%s", fatal.logged)
            self.set_status(LinkState.FAILED, reason=fatal.reason, problem=fatal.problem)
            await self._sleep(None)
            return
        delay = self._fatal_retry
        log.error("%s; next attempt in %.0f s", fatal.logged, delay)
        self.set_status(
            LinkState.FAILED,
            reason=fatal.reason,
            problem=fatal.problem,
            delay=delay,
            retry_at=self._clock() + delay,
        )
        await self._sleep(delay)

    async def _sleep(self, delay: float | None) -> None:
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), delay)
