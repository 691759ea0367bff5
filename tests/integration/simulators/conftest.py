"""Tiny receivers for the fakes: a webhook sink and a CRM endpoint, real HTTP on 127.0.0.1:0.

They are written here, in the tests, from the specifications alone, so the fakes are tested
without the gateway:

* ``sink``: :class:`WebhookSink`, ``POST /webhook/<token>``: records every request; answers
  400 with a reason to a body that is not a JSON object, 404 to a wrong token, else 200. A test
  may hold requests back until some are in flight at once (``hold_until``).
* ``crm``: :class:`FakeCrm`, the CRM API under ``/crm/api`` with HTTP Basic: the activation
  test's ``GET /CallEvent`` and ``POST /CallEvent/0``, ``POST /CallEvent`` and ``GET
  /CallEvent/{CallID}`` answered with a well-formed "nothing to do" unless a test queued
  another answer (an instruction, a status, a raw body, a delay) for an event type or a poll.
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web

from agent_toolbar.simulators.autosecretary import FakePlatform

TOKEN = "t0ken-of-the-account"
USER, PASSWORD = "crm-user", "s3cret pass"
JSON_UTF8 = "application/json; charset=UTF-8"


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    return runner, f"http://{host}:{port}"


@dataclass
class Received:
    """One webhook request as the sink saw it."""

    token: str
    body: bytes
    payload: Any
    content_type: str
    status: int


@dataclass
class WebhookSink:
    """Records the PBX's POSTs."""

    url: str = ""
    received: list[Received] = field(default_factory=list)
    hold: str = ""  # hold requests of this HookType …
    hold_until: int = 0  # … until this many of them are in flight at once
    holding: int = 0
    in_flight: int = 0
    most_in_flight: int = 0
    _gate: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def webhook(self) -> str:
        return f"{self.url}/webhook/{TOKEN}"

    def payloads(self) -> list[dict[str, Any]]:
        return [r.payload for r in self.received if isinstance(r.payload, dict)]

    async def handle(self, request: web.Request) -> web.Response:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            body = await request.read()
            token = request.match_info["token"]
            try:
                payload = json.loads(body)
            except ValueError:
                payload = None
            if (
                self.hold_until
                and isinstance(payload, dict)
                and payload.get("HookType") == self.hold
            ):
                self.holding += 1
                if self.holding >= self.hold_until:
                    self._gate.set()
                try:
                    await asyncio.wait_for(self._gate.wait(), 5)
                except TimeoutError:
                    return web.Response(status=503, text="never enough requests at once")
            if token != TOKEN:
                status, reason = 404, "unknown"
            elif not isinstance(payload, dict):
                status, reason = 400, "the body is not a JSON object"
            else:
                status, reason = 200, "ok"
            self.received.append(
                Received(token, body, payload, request.headers.get("Content-Type", ""), status)
            )
            return web.json_response({"result": reason}, status=status)
        finally:
            self.in_flight -= 1


Body = bytes | dict[str, Any] | Callable[[int], bytes | dict[str, Any]]


@dataclass
class Answer:
    """How the CRM answers one request."""

    body: Body | None = None  # None: a well-formed "nothing to do"
    status: int = 200
    content_type: str = JSON_UTF8
    delay: float = 0.0


def instruction(action: int, param: str = "") -> Answer:
    """A ReturnCRMData with the request's own CallID."""
    return Answer(lambda call_id: {"CallID": call_id, "EventType": action, "Param": param})


@dataclass
class Seen:
    """One request as the CRM saw it."""

    method: str
    path: str
    authorization: str
    body: bytes
    payload: Any


@dataclass
class FakeCrm:
    """A CRM API per the Autosecretary specification, scriptable per request."""

    url: str = ""
    seen: list[Seen] = field(default_factory=list)
    activation_get: Answer = field(default_factory=lambda: Answer({}))
    activation_post: Answer = field(default_factory=lambda: Answer({}))
    post_answers: dict[int, deque[Answer]] = field(default_factory=lambda: defaultdict(deque))
    get_answers: deque[Answer] = field(default_factory=deque)
    polls_in_flight: int = 0
    most_polls_in_flight: int = 0
    polled: asyncio.Queue[int] = field(default_factory=asyncio.Queue)

    @property
    def base(self) -> str:
        return f"{self.url}/crm/api"

    def on_post(self, event_type: int, *answers: Answer) -> None:
        self.post_answers[event_type].extend(answers)

    def on_get(self, *answers: Answer) -> None:
        self.get_answers.extend(answers)

    def events(self, call_id: int | None = None) -> list[dict[str, Any]]:
        return [
            s.payload
            for s in self.seen
            if s.method == "POST"
            and s.path == "/crm/api/CallEvent"
            and (call_id is None or s.payload["CallID"] == call_id)
        ]

    def event_types(self, call_id: int | None = None) -> list[int]:
        return [e["EventType"] for e in self.events(call_id)]

    def requests(self) -> list[str]:
        """``METHOD path`` of every request, in order; CallEvent POSTs with their EventType."""
        out = []
        for s in self.seen:
            tail = (
                f" {s.payload['EventType']}" if s.path.endswith("/CallEvent") and s.payload else ""
            )
            out.append(f"{s.method} {s.path.removeprefix('/crm/api/')}{tail}")
        return out

    def _authorised(self, request: web.Request) -> bool:
        expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        return request.headers.get("Authorization", "") == expected

    async def _answer(self, answer: Answer, call_id: int) -> web.Response:
        if answer.delay:
            await asyncio.sleep(answer.delay)
        body = answer.body
        if callable(body):
            body = body(call_id)
        if body is None:
            body = {"CallID": call_id, "EventType": 0, "Param": ""}
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        return web.Response(
            status=answer.status, body=raw, headers={"Content-Type": answer.content_type}
        )

    async def handle(self, request: web.Request) -> web.Response:
        raw = await request.read()
        try:
            payload = json.loads(raw) if raw else None
        except ValueError:
            payload = None
        self.seen.append(
            Seen(
                request.method, request.path, request.headers.get("Authorization", ""), raw, payload
            )
        )
        if not self._authorised(request):
            return web.Response(status=401, headers={"WWW-Authenticate": 'Basic realm="crm"'})
        tail = request.match_info["tail"]
        if request.method == "GET" and tail == "CallEvent":
            return await self._answer(self.activation_get, 0)
        if request.method == "POST" and tail == "CallEvent/0":
            return await self._answer(self.activation_post, 0)
        if request.method == "POST" and tail == "CallEvent" and isinstance(payload, dict):
            queue = self.post_answers.get(payload.get("EventType", -1))
            answer = queue.popleft() if queue else Answer()
            return await self._answer(answer, payload["CallID"])
        if request.method == "GET" and tail.startswith("CallEvent/"):
            call_id = int(tail.removeprefix("CallEvent/"))
            self.polls_in_flight += 1
            self.most_polls_in_flight = max(self.most_polls_in_flight, self.polls_in_flight)
            try:
                answer = self.get_answers.popleft() if self.get_answers else Answer()
                return await self._answer(answer, call_id)
            finally:
                self.polls_in_flight -= 1
                self.polled.put_nowait(call_id)
        return web.json_response({"error": "no such method"}, status=404)


@pytest_asyncio.fixture
async def sink() -> AsyncIterator[WebhookSink]:
    receiver = WebhookSink()
    app = web.Application()
    app.router.add_post("/webhook/{token}", receiver.handle)
    runner, receiver.url = await serve(app)
    try:
        yield receiver
    finally:
        await runner.cleanup()


@pytest_asyncio.fixture
async def crm() -> AsyncIterator[FakeCrm]:
    receiver = FakeCrm()
    app = web.Application()
    app.router.add_route("*", "/crm/api/{tail:.*}", receiver.handle)
    runner, receiver.url = await serve(app)
    try:
        yield receiver
    finally:
        await runner.cleanup()


@pytest.fixture
def answers() -> Any:
    """The answer builders, for test modules (which cannot import this file)."""

    class Builders:
        Answer = Answer
        instruction = staticmethod(instruction)
        USER = USER
        PASSWORD = PASSWORD
        TOKEN = TOKEN

    return Builders


class Ticks:
    """An injected ``sleep`` that returns only when the test says: polls on demand."""

    def __init__(self) -> None:
        self.asked: list[float] = []
        self._ticks: asyncio.Queue[None] = asyncio.Queue()

    async def sleep(self, seconds: float) -> None:
        self.asked.append(seconds)
        await self._ticks.get()

    def tick(self, times: int = 1) -> None:
        for _ in range(times):
            self._ticks.put_nowait(None)


async def until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    """Wait until ``predicate()`` holds (fail after ``timeout`` seconds)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.005)


@pytest.fixture
def ticks() -> Ticks:
    return Ticks()


@pytest.fixture
def wait_until() -> Callable[..., Any]:
    return until


@pytest_asyncio.fixture
async def make_platform(crm: FakeCrm) -> AsyncIterator[Callable[..., FakePlatform]]:
    """``make_platform(**options)``: a FakePlatform towards ``crm``, closed after the test."""
    made: list[FakePlatform] = []

    def make(**options: Any) -> FakePlatform:
        options.setdefault("poll_interval", 0.01)
        options.setdefault("seed", 5)
        user = options.pop("user", USER)
        password = options.pop("password", PASSWORD)
        platform = FakePlatform(options.pop("base", crm.base), user, password, **options)
        made.append(platform)
        return platform

    try:
        yield make
    finally:
        for platform in made:
            await platform.close()


@pytest_asyncio.fixture
async def platform(make_platform: Callable[..., FakePlatform]) -> FakePlatform:
    """An activated FakePlatform towards ``crm`` (polls every 10 ms)."""
    made = make_platform()
    assert (await made.activate()).ok
    return made
