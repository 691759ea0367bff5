"""The fake cloud PBX: POSTs the requests of scripted flows to one webhook URL.

The specification says nothing of what the PBX does when the URL answers anything but a
success, so the fake records every answer (status, body, or the transport error) and never
retries: a receiver's behaviour is asserted on what it answered, and retries are modelled
explicitly as the ``duplicates`` quirk.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import aiohttp

from agent_toolbar.simulators.common.lifecycle import AsyncResource
from agent_toolbar.simulators.pbx_webhooks.flows import Flow, Post

CONTENT_TYPE = "application/json"


@dataclass(frozen=True)
class Posted:
    """One request sent and what came back.

    Attributes:
        post: what was sent.
        status: the HTTP status, ``None`` when no answer came.
        reply: the answer's body.
        error: why no answer came (connection refused, timeout …), else ``None``.
        sent_at: ``time.monotonic()`` when the request started.
    """

    post: Post
    status: int | None
    reply: bytes = b""
    error: str | None = None
    sent_at: float = 0.0

    @property
    def ok(self) -> bool:
        """The receiver answered 2xx."""
        return self.status is not None and 200 <= self.status < 300


@dataclass
class FlowRun:
    """What one flow posted and the answers it got, in sending order."""

    flow: Flow
    posted: list[Posted] = field(default_factory=list)

    @property
    def statuses(self) -> list[int | None]:
        """The HTTP status of every request, in sending order."""
        return [p.status for p in self.posted]

    @property
    def all_ok(self) -> bool:
        """Every request was answered 2xx."""
        return all(p.ok for p in self.posted)


class FakePbx(AsyncResource):
    """A cloud PBX that knows one webhook URL.

    Use as ``async with FakePbx(url) as pbx: run = await pbx.run_flow(flow)``.

    Attributes:
        url: where every request goes (the token, if any, is part of it).
        pause: seconds to wait between the steps of a flow (0: as fast as answers come).
        history: every :class:`Posted` of this PBX, in the order the answers came.
    """

    def __init__(
        self,
        url: str,
        *,
        pause: float = 0.0,
        timeout: float = 10.0,
        connections: int = 100,
        session: aiohttp.ClientSession | None = None,
    ) -> None:
        self.url = url
        self.pause = pause
        self.history: list[Posted] = []
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._connections = connections
        self._session = session
        self._own_session = session is None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None:
            connector = aiohttp.TCPConnector(limit=self._connections)
            self._session = aiohttp.ClientSession(connector=connector, timeout=self._timeout)
        return self._session

    async def close(self) -> None:
        """Close the HTTP client if this PBX opened it."""
        if self._session is not None and self._own_session:
            await self._session.close()
        self._session = None

    async def post(self, post: Post) -> Posted:
        """Send one request and record the answer (never raises for a network failure)."""
        started = time.monotonic()
        headers = {"Content-Type": CONTENT_TYPE}
        try:
            async with self._client().post(self.url, data=post.body, headers=headers) as answer:
                reply = await answer.read()
                posted = Posted(post, answer.status, reply, None, started)
        except (aiohttp.ClientError, TimeoutError) as error:
            posted = Posted(post, None, b"", f"{type(error).__name__}: {error}", started)
        self.history.append(posted)
        return posted

    async def run_flow(self, flow: Flow) -> FlowRun:
        """POST every step of ``flow``: a step's requests concurrently, steps in order."""
        run = FlowRun(flow)
        for index, step in enumerate(flow.steps):
            if index and self.pause > 0:
                await asyncio.sleep(self.pause)
            run.posted.extend(await asyncio.gather(*(self.post(post) for post in step)))
        return run

    async def run_flows(
        self, flows: Iterable[Flow], *, concurrency: int = 10, rate: float = 0.0
    ) -> list[FlowRun]:
        """Run many flows, up to ``concurrency`` at once, starting ``rate`` per second.

        Args:
            flows: the flows, started in this order.
            concurrency: how many flows may be under way at the same time.
            rate: flows started per second; 0 starts each as soon as a slot is free.

        Returns:
            One :class:`FlowRun` per flow, in the order of ``flows``.
        """
        slots = asyncio.Semaphore(max(1, concurrency))
        loop = asyncio.get_running_loop()
        begun = loop.time()

        async def one(index: int, flow: Flow) -> FlowRun:
            async with slots:
                return await self.run_flow(flow)

        tasks: list[asyncio.Task[FlowRun]] = []
        try:
            for index, flow in enumerate(flows):
                if rate > 0:
                    delay = begun + index / rate - loop.time()
                    if delay > 0:
                        await asyncio.sleep(delay)
                tasks.append(asyncio.create_task(one(index, flow)))
            return list(await asyncio.gather(*tasks))
        finally:
            for task in tasks:
                task.cancel()
