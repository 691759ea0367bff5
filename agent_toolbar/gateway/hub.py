"""Connected toolbars by login, and fan-out of frames to them.

Each connection has a bounded queue of encoded frames and one writer task; publishing never
awaits, so a slow toolbar cannot hold up a webhook answer. A toolbar whose queue is full is
dropped (close code 4008) and gets a fresh snapshot when it reconnects. An operator may have
``max_per_login`` toolbars at once (a new one replaces the oldest, close code 4009); all
toolbars together are bounded by ``max_total`` (beyond it the upgrade is refused with 503).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from agent_toolbar.gateway.metrics import Metrics
from agent_toolbar.gateway.wire import CLOSE_REPLACED, CLOSE_SLOW

__all__ = ["Connection", "Hub"]

log = logging.getLogger(__name__)


@dataclass(eq=False)
class Connection:
    """One toolbar's outgoing side: a queue of frames and a way to close it."""

    login: str
    queue: asyncio.Queue[str]
    close: Callable[[int, str], None]
    dropped: bool = False


class Hub:
    """The toolbars connected now."""

    def __init__(
        self, metrics: Metrics, *, queue_size: int, max_per_login: int, max_total: int
    ) -> None:
        self._metrics = metrics
        self._queue_size = queue_size
        self._max_per_login = max_per_login
        self._max_total = max_total
        self._by_login: dict[str, list[Connection]] = {}
        self._count = 0

    @property
    def count(self) -> int:
        """Toolbars connected."""
        return self._count

    def full(self) -> bool:
        """Whether one more toolbar would exceed the total bound."""
        return self._count >= self._max_total

    def attach(self, login: str, close: Callable[[int, str], None]) -> Connection:
        """Register a toolbar of ``login`` (replacing its oldest beyond the per-login bound)."""
        conn = Connection(login, asyncio.Queue(self._queue_size), close)
        conns = self._by_login.setdefault(login, [])
        while len(conns) >= self._max_per_login:
            oldest = conns[0]
            self.detach(oldest)
            self._drop(oldest, CLOSE_REPLACED, "replaced by a newer connection", "replaced")
        conns.append(conn)
        self._count += 1
        return conn

    def detach(self, conn: Connection) -> None:
        """Forget ``conn`` (idempotent)."""
        conns = self._by_login.get(conn.login)
        if conns and conn in conns:
            conns.remove(conn)
            self._count -= 1
            if not conns:
                del self._by_login[conn.login]

    def send(self, conn: Connection, frame: str) -> None:
        """Queue one frame to one toolbar (dropping the toolbar if its queue is full)."""
        if conn.dropped:
            return
        try:
            conn.queue.put_nowait(frame)
        except asyncio.QueueFull:
            self.detach(conn)
            self._drop(conn, CLOSE_SLOW, "too slow to read its frames", "slow")
            return
        self._metrics.inc("frames_sent_total")

    def publish(self, login: str, frame: str) -> None:
        """Queue ``frame`` to every toolbar of ``login``."""
        for conn in list(self._by_login.get(login, ())):
            self.send(conn, frame)

    def logins(self) -> list[str]:
        """Logins with at least one toolbar."""
        return list(self._by_login)

    def close_all(self) -> None:
        """Ask every toolbar connection to close (the gateway is stopping)."""
        for conns in list(self._by_login.values()):
            for conn in list(conns):
                self._drop(conn, 1001, "the gateway is stopping", "shutdown")

    def _drop(self, conn: Connection, code: int, why: str, reason: str) -> None:
        conn.dropped = True
        self._metrics.inc("toolbars_dropped_total", reason)
        log.info("toolbar dropped", extra={"fields": {"login": conn.login, "reason": reason}})
        conn.close(code, why)
