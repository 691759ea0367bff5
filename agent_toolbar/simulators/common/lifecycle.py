"""A simulator's life cycle: listening, the tasks and timers it keeps, refusing connections.

:class:`SimulatorBase` gives every simulator the same outside: ``async with`` starts it on a
free loopback port and stops it, :attr:`~SimulatorBase.port` and :attr:`~SimulatorBase.url`
say where it listens (a wildcard bind is reached on loopback), and
:attr:`~SimulatorBase.control_allowed` whether its control API is served. :class:`Background`
holds the tasks and timers a simulator starts and cancels them all when it stops;
:class:`RefusalWindow` answers "refuse new connections for N seconds"; :func:`abort_all`
cuts WebSocket peers as a network failure would.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Collection, Coroutine, Iterable
from ssl import SSLContext
from types import TracebackType
from typing import Any, Protocol, Self

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.http11 import Request, Response
from websockets.typing import Subprotocol

from agent_toolbar.cti.transport.urls import is_loopback

__all__ = [
    "AsyncResource",
    "Background",
    "RefusalWindow",
    "SimulatorBase",
    "WsPeer",
    "abort_all",
    "check_scenario",
    "is_control_allowed",
    "listen_url",
    "serve_websocket",
]

#: Seconds a WebSocket closing handshake may take before the TCP connection is dropped.
CLOSE_TIMEOUT = 2.0


def listen_url(scheme: str, host: str, port: int) -> str:
    """``scheme://host:port`` to reach a server bound to ``host`` (a wildcard: loopback)."""
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
    elif ":" in host:
        host = f"[{host}]"
    return f"{scheme}://{host}:{port}"


def is_control_allowed(host: str, allow_remote_control: bool) -> bool:
    """Whether a control API is served on ``host``: a loopback bind, or remote allowed."""
    return allow_remote_control or is_loopback(host)


def check_scenario(scenario: str, known: Collection[str]) -> None:
    """Refuse a scenario the simulator does not have (``ValueError`` naming those it has)."""
    if scenario not in known:
        raise ValueError(f"unknown scenario {scenario!r} (one of {', '.join(known)})")


class AsyncResource:
    """``async with`` over :meth:`open` and :meth:`close` (a client, a fake's session)."""

    async def open(self) -> None:
        """Acquire what the resource needs (nothing by default)."""

    async def close(self) -> None:
        """Release it."""
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        await self.open()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


class SimulatorBase:
    """Start/stop as an async context manager and where a simulator listens.

    A subclass implements :meth:`start` (setting ``_host`` and ``_port``) and :meth:`stop`,
    and names its URL scheme in :meth:`_scheme`.

    Attributes:
        allow_remote_control: Serve the control API on a non-loopback bind too.
    """

    allow_remote_control: bool = False
    _host: str = "127.0.0.1"
    _port: int = 0

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on ``host:port`` (``0``: a free port) and start the scenario."""
        raise NotImplementedError

    async def stop(self) -> None:
        """Stop listening and cancel whatever the simulator started."""
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def _scheme(self) -> str:
        """The URL scheme clients connect with (``ws``, ``wss``, ``http`` …)."""
        return "ws"

    @property
    def port(self) -> int:
        """The port listened on (known after :meth:`start`)."""
        return self._port

    @property
    def url(self) -> str:
        """``scheme://host:port`` to connect to (a wildcard bind is reached on loopback)."""
        return listen_url(self._scheme(), self._host, self._port)

    @property
    def control_allowed(self) -> bool:
        """Whether the control API is served (loopback bind, or remote control allowed)."""
        return is_control_allowed(self._host, self.allow_remote_control)


class Background:
    """The tasks and timers a simulator started, all cancelled when it stops.

    Args:
        log: Where a failed task or timer callback is reported.
        report_failures: Log a task that ended with an exception (timer callbacks that
            raise are always logged).
        stopped: The state before the first :meth:`start`: while stopped, a scheduled
            callback is cancelled at once.
    """

    def __init__(
        self, log: logging.Logger, *, report_failures: bool = True, stopped: bool = False
    ) -> None:
        self.log = log
        self.report_failures = report_failures
        self.stopped = stopped
        self._tasks: set[asyncio.Task[Any]] = set()
        self._timers: set[asyncio.TimerHandle] = set()

    def start(self) -> None:
        """Accept timers again (the simulator is starting)."""
        self.stopped = False

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run a coroutine as a task kept until it ends and cancelled on :meth:`stop`."""
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done if self.report_failures else self._tasks.discard)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self.log.error("simulator task failed", exc_info=task.exception())

    def schedule(self, delay: float, callback: Callable[[], None]) -> asyncio.TimerHandle:
        """Call ``callback`` after ``delay`` seconds, unless stopped by then (or now)."""
        loop = asyncio.get_running_loop()

        def run() -> None:
            self._timers.discard(handle)
            try:
                callback()
            except Exception:
                self.log.exception("simulator timer failed")

        handle = loop.call_later(max(0.0, delay), run)
        if self.stopped:
            handle.cancel()
        else:
            self._timers.add(handle)
        return handle

    async def stop(self) -> None:
        """Cancel every timer and every task (but the calling one) and wait for the tasks."""
        self.stopped = True
        for handle in list(self._timers):
            handle.cancel()
        self._timers.clear()
        tasks = [task for task in self._tasks if task is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


class RefusalWindow:
    """Refuses new connections for N seconds, as a server that is away for a while."""

    def __init__(self) -> None:
        self._until = 0.0

    def refuse(self, seconds: float) -> None:
        """Refuse from now for ``seconds`` (a negative count: not at all)."""
        self._until = time.monotonic() + max(0.0, seconds)

    @property
    def active(self) -> bool:
        """Whether a new connection is refused now."""
        return time.monotonic() < self._until


class _Transport(Protocol):
    def abort(self) -> None: ...


class _Connection(Protocol):
    @property
    def transport(self) -> _Transport: ...


class WsPeer(Protocol):
    """A connected WebSocket client as a simulator keeps it."""

    @property
    def ws(self) -> _Connection:
        """The connection."""
        ...

    @property
    def done(self) -> asyncio.Event:
        """Set once the simulator has finished with the connection."""
        ...


async def abort_all(peers: Iterable[WsPeer], timeout: float = 5.0) -> None:
    """Abruptly close every peer's connection (no closing handshake), as a network cut.

    Waits up to ``timeout`` seconds for each to be finished with.
    """
    peers = list(peers)
    for peer in peers:
        peer.ws.transport.abort()
    for peer in peers:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(peer.done.wait(), timeout)


async def serve_websocket(
    handler: Callable[[ServerConnection], Coroutine[Any, Any, None]],
    host: str,
    port: int,
    *,
    subprotocols: Iterable[str],
    select_subprotocol: Callable[[ServerConnection, Any], Subprotocol | None],
    process_request: Callable[[ServerConnection, Request], Response | None],
    max_size: int,
    ssl_context: SSLContext | None = None,
) -> Server:
    """Listen for WebSocket clients as every simulator does.

    No compression, :data:`CLOSE_TIMEOUT` for the closing handshake, the library's own
    ``websockets.server`` logger; ``ssl_context``: serve WSS with it.
    """
    return await serve(
        handler,
        host,
        port,
        ssl=ssl_context,
        subprotocols=[Subprotocol(name) for name in subprotocols],
        select_subprotocol=select_subprotocol,
        process_request=process_request,
        max_size=max_size,
        compression=None,
        close_timeout=CLOSE_TIMEOUT,
        logger=logging.getLogger("websockets.server"),
    )
