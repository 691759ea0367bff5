"""Request correlation: a unique id per request, a future per id, every one settled.

The shape Playwright's connection uses: :meth:`Correlator.expect` creates the future under a
fresh id before the request is sent, :meth:`resolve` / :meth:`fail` settle it when the
reply comes, :meth:`wait` awaits it with a timeout and always forgets the id afterwards,
and :meth:`fail_all` settles every pending one when the connection drops, so no caller
waits for a reply that can no longer come. Works for any transport that carries an id
(Naumen's ``rid``, a gateway's ``id``); an HTTP poller needs it only for requests whose
answer arrives on another channel.
"""

from __future__ import annotations

import asyncio
import itertools
import secrets
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["Correlator"]

T = TypeVar("T")


class Correlator(Generic[T]):
    """Pending requests by id.

    Attributes:
        prefix: Start of every id (random per instance: ids of two runs never collide).
    """

    def __init__(self, prefix: str | None = None) -> None:
        """Start with no pending request."""
        self.prefix = prefix if prefix is not None else secrets.token_hex(4)
        self._numbers = itertools.count(1)
        self._pending: dict[str, asyncio.Future[T]] = {}

    def __contains__(self, rid: object) -> bool:
        """Whether a request with this id waits for its reply."""
        return rid in self._pending

    def __len__(self) -> int:
        """How many requests wait."""
        return len(self._pending)

    def sole(self) -> str | None:
        """The id of the one waiting request, or None when none or several wait.

        A reply that names no id (a server that left it out) can only be that one's.
        """
        return next(iter(self._pending)) if len(self._pending) == 1 else None

    def next_id(self) -> str:
        """A fresh id (``<prefix>-<n>``)."""
        return f"{self.prefix}-{next(self._numbers)}"

    def expect(self, rid: str | None = None) -> tuple[str, asyncio.Future[T]]:
        """Register a request (under ``rid``, or a fresh id) and return its id and future."""
        rid = rid or self.next_id()
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._pending[rid] = future
        return rid, future

    def resolve(self, rid: str, value: T) -> bool:
        """Settle request ``rid`` with ``value``; False when nothing waited for it."""
        future = self._take(rid)
        if future is not None:
            future.set_result(value)
        return future is not None

    def fail(self, rid: str, error: BaseException) -> bool:
        """Fail request ``rid``; False when nothing waited for it."""
        future = self._take(rid)
        if future is not None:
            future.set_exception(error)
        return future is not None

    def _take(self, rid: str) -> asyncio.Future[T] | None:
        future = self._pending.pop(rid, None)
        return None if future is None or future.done() else future

    def forget(self, rid: str) -> None:
        """Stop waiting for ``rid`` (the request could not even be sent)."""
        self._pending.pop(rid, None)

    async def wait(
        self,
        rid: str,
        future: asyncio.Future[T],
        timeout: float,
        on_timeout: Callable[[], BaseException],
    ) -> T:
        """Await the reply to ``rid``; raise ``on_timeout()`` after ``timeout`` seconds."""
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise on_timeout() from None
        finally:
            self._pending.pop(rid, None)

    def fail_all(self, error: Callable[[], BaseException]) -> int:
        """Fail every pending request with a fresh ``error()``; return how many there were."""
        pending, self._pending = self._pending, {}
        for future in pending.values():
            if not future.done():
                future.set_exception(error())
                future.exception()  # mark retrieved: nobody may be awaiting it any more
        return len(pending)
