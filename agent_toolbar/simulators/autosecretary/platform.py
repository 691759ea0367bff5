"""The fake Autosecretary platform: the activation test, then accompanied calls.

Activation, as the specification describes it: a ``GET <base>/CallEvent`` then a
``POST <base>/CallEvent/0`` whose ``CRMDData`` has empty values and the configured ``UN``;
both must answer ``200 OK`` with ``Content-Type: application/json; charset=UTF-8``, or call
accompaniment cannot be activated and the platform never calls the API. Readings: both
requests are always sent, the POST even when the GET failed; "empty values" are ``""`` for the
strings and ``0`` for ``CallID``, ``EventType`` and ``ServiceType``; the content type is
compared as HTTP does (``charset=utf-8`` matches, case and spacing aside; the body is not
read); calls may be started only after the test, and on a platform whose test failed they
run their course without a single request.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import aiohttp

from agent_toolbar.simulators.autosecretary import course
from agent_toolbar.simulators.autosecretary.call import Clock, PlatformCall, Sleep
from agent_toolbar.simulators.autosecretary.client import CrmClient, Exchange
from agent_toolbar.simulators.autosecretary.script import CallScript
from agent_toolbar.simulators.autosecretary.wire import (
    TRANSFER_CONNECTED,
    activation_data,
    content_type_ok,
)
from agent_toolbar.simulators.common.lifecycle import AsyncResource

MOSCOW = timezone(timedelta(hours=3))


def moscow_now() -> datetime:
    """The wall clock at UTC+03:00, the platform's zone."""
    return datetime.now(UTC).astimezone(MOSCOW)


def call_id_above_2_53(rng: random.Random) -> int:
    """An odd int64 above 2^53: no double holds it, so any float on the way changes it."""
    return 2**53 + 1 + 2 * rng.randrange(2**61)


@dataclass(frozen=True)
class Activation:
    """The activation test's outcome: both exchanges and whether they passed."""

    ok: bool
    get: Exchange
    post: Exchange

    @property
    def reasons(self) -> list[str]:
        """Why the test failed (empty when it passed)."""
        return [ex.verdict for ex in (self.get, self.post) if ex.verdict != "activation ok"]


class FakePlatform(AsyncResource):
    """The Autosecretary platform towards one CRM API.

    Use as ``async with FakePlatform(base, user, password) as platform:``, then
    ``await platform.activate()`` and ``call = platform.start_call(an=…, dn=…)``.

    Attributes:
        client: the HTTP side, with every exchange in ``client.exchanges``.
        activation: the activation test's outcome, once run.
        calls: every call started, by ``CallID``.
    """

    def __init__(
        self,
        base_url: str,
        user: str,
        password: str,
        *,
        un: str = "74950665310",
        poll_interval: float = 3.0,
        routing_on_request: bool = True,
        transfer_result: str = TRANSFER_CONNECTED,
        seed: int = 0,
        timeout: float = 10.0,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = moscow_now,
        session: aiohttp.ClientSession | None = None,
    ) -> None:
        self.client = CrmClient(base_url, user, password, timeout=timeout, session=session)
        self.un = un
        self.poll_interval = poll_interval
        self.routing_on_request = routing_on_request
        self.transfer_result = transfer_result
        self.activation: Activation | None = None
        self.calls: dict[int, PlatformCall] = {}
        self._rng = random.Random(seed)
        self._sleep = sleep
        self._clock = clock
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def exchanges(self) -> list[Exchange]:
        """Every request sent and its answer, in order."""
        return self.client.exchanges

    async def activate(self) -> Activation:
        """Run the activation test (saving the CRM access settings)."""
        get = await self.client.get("CallEvent", None)
        post = await self.client.post("CallEvent/0", activation_data(self.un), 0)
        for exchange in (get, post):
            if exchange.status != 200:
                exchange.verdict = f"activation failed: {exchange.error or exchange.status}"
            elif not content_type_ok(exchange.content_type):
                exchange.verdict = f"activation failed: Content-Type {exchange.content_type!r}"
            else:
                exchange.verdict = "activation ok"
        ok = get.verdict == post.verdict == "activation ok"
        self.activation = Activation(ok, get, post)
        return self.activation

    def start_call(
        self,
        script: CallScript | None = None,
        *,
        call_id: int | None = None,
        **changes: object,
    ) -> PlatformCall:
        """Start a call (its course runs as a task); ``changes`` override ``script``'s fields.

        Example: ``platform.start_call(an="79161112233", dn=("79160000001",), talk=None)``.

        Raises:
            RuntimeError: before :meth:`activate`.
        """
        if self.activation is None:
            raise RuntimeError("the activation test comes first: await activate()")
        script = (script or CallScript()).with_(**changes) if changes else script or CallScript()
        cid = call_id if call_id is not None else call_id_above_2_53(self._rng)
        call = PlatformCall(
            cid,
            script,
            self.client,
            active=self.activation.ok,
            routing_on_request=self.routing_on_request,
            poll_interval=self.poll_interval,
            sleep=self._sleep,
            clock=self._clock,
            transfer_result=self.transfer_result,
        )
        self.calls[cid] = call
        task = asyncio.create_task(course.run(call), name=f"call {cid}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return call

    async def run_call(self, script: CallScript | None = None, **changes: object) -> PlatformCall:
        """Start a call and wait until it is over (give it a ``talk`` or it never ends)."""
        call = self.start_call((script or CallScript()).with_(**changes))
        await call.ended()
        return call

    async def close(self) -> None:
        """Stop every call still running and close the HTTP client."""
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.client.close()
