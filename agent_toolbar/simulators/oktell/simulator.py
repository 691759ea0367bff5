"""The simulated Oktell server: an aiohttp application and its in-process control API.

Typical use::

    async with Simulator("idle") as sim:                  # a free loopback port
        cid = sim.inject_call("operator", caller="+79161234567", display_name="Козлов")
        ...                                               # a client polls sim.url
        record = await sim.wait_for_command("wp_answercall")
"""

from __future__ import annotations

import asyncio
import copy
import logging
import random
import ssl
import uuid
from collections.abc import Callable, Coroutine, Iterable, Mapping
from typing import Any

from aiohttp import web

from agent_toolbar.simulators.common.lifecycle import Background, SimulatorBase, check_scenario
from agent_toolbar.simulators.oktell import webapi
from agent_toolbar.simulators.oktell.faults import CommandLog, FaultQueue
from agent_toolbar.simulators.oktell.model import (
    USER_STATES,
    CommandRecord,
    Operator,
    SimError,
    SimTimings,
)
from agent_toolbar.simulators.oktell.world import DIRECTORY, World

__all__ = ["DEFAULT_OPERATORS", "DEFAULT_PASSWORD", "DEFAULT_PORT", "Simulator"]

log = logging.getLogger(__name__)

#: The Web-API port the specification names first after 80 (80 needs privileges).
DEFAULT_PORT = 4055
DEFAULT_PASSWORD = "oktell"
DEFAULT_OPERATORS = ("operator", "ivanova")
MAX_BODY = 64 * 1024

_KNOWN = {
    "operator": Operator(
        login="operator",
        name="Дмитрий Евгеньевич",
        user_id="da803f01-ea77-40fa-bc9d-e2efb36fd5a8",
        line_id="e76c86ea-a28a-4519-b4ff-8879a92c62b7",
        line_number="17002",
        number="183",
        workplace="OPERATOR1",
    ),
    "ivanova": Operator(
        login="ivanova",
        name="Мария Иванова",
        user_id="7cf84c23-2736-4fc8-9bf7-bfbb4778fb01",
        line_id="070aafb0-f47c-4df5-a01f-7bb08ceee269",
        line_number="17001",
        number="184",
        workplace="OPERATOR2",
    ),
}


def _make_operator(login: str, index: int) -> Operator:
    if login in _KNOWN:
        return copy.deepcopy(_KNOWN[login])
    ids = [str(uuid.uuid5(uuid.NAMESPACE_URL, f"oktell-sim:{kind}:{login}")) for kind in "ul"]
    return Operator(
        login=login,
        name=login,
        user_id=ids[0],
        line_id=ids[1],
        line_number=str(17100 + index),
        number=str(300 + index),
        workplace=login.upper(),
    )


class Simulator(SimulatorBase):
    """The simulated Oktell Web-API server and its control API.

    Args:
        scenario: ``idle`` or ``demo`` (see :mod:`~agent_toolbar.simulators.oktell.scenarios`).
        operators: Logins known besides :data:`DEFAULT_OPERATORS`.
        password: The Basic password of every operator login and of ``admin``.
        accounts: Basic accounts (user → password) instead of that default.
        timings: What the far side does by itself; the scenario's default when ``None``.
        xml_encoding: ``utf-8`` (UTF-8 bytes under the ``utf-16`` declaration) or ``utf-16``.
        seed: Seed of the random caller numbers.
        allow_remote_control: Serve ``/_sim/control`` on a non-loopback bind.
        ssl_context: Serve HTTPS with this server context.
        accept_empty_password: Also let a known login in with an empty password (``--demo``
            only: the toolbar has no password for it in the keyring). Basic is still needed.

    Attributes:
        world: The simulated lines (read it through :meth:`operator`).
        commands: Every request answered, in order (:class:`CommandRecord`).
        command_log: The same with waiting on arrivals, and the requests refused with 403.
        faults: Pending injected faults.
    """

    def __init__(
        self,
        scenario: str = "idle",
        *,
        operators: Iterable[str] = (),
        password: str = DEFAULT_PASSWORD,
        accounts: Mapping[str, str] | None = None,
        timings: SimTimings | None = None,
        xml_encoding: str = "utf-8",
        seed: int | None = None,
        version: str = "2.10.3.210318",
        allow_remote_control: bool = False,
        ssl_context: ssl.SSLContext | None = None,
        accept_empty_password: bool = False,
    ) -> None:
        from agent_toolbar.simulators.oktell.scenarios import SCENARIOS, default_timings

        check_scenario(scenario, SCENARIOS)
        if xml_encoding not in ("utf-8", "utf-16"):
            raise ValueError("xml_encoding must be utf-8 or utf-16")
        self.scenario = scenario
        logins = list(dict.fromkeys([*DEFAULT_OPERATORS, *operators]))
        self._background = Background(log, report_failures=False, stopped=True)
        self.world = World(
            [_make_operator(login, i) for i, login in enumerate(logins)],
            timings=timings or default_timings(scenario),
            schedule=self._background.schedule,
        )
        self.accounts = dict(accounts) if accounts is not None else {
            **{login: password for login in logins},
            "admin": password,
        }  # fmt: skip
        self.xml_encoding = xml_encoding
        self.version = version
        self.allow_remote_control = allow_remote_control
        self.ssl_context = ssl_context
        self.accept_empty_password = accept_empty_password
        self.faults = FaultQueue()
        self.command_log = CommandLog()
        self.commands: list[CommandRecord] = self.command_log.records
        self.rng = random.Random(seed)
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self._transports: set[asyncio.Transport] = set()
        self._peers: set[str] = set()

    # ------------------------------------------------------------------ lifecycle

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on ``host:port`` (``0``: a free port) and start the scenario."""
        from agent_toolbar.simulators.oktell.scenarios import run_scenario

        if self._runner is not None:
            raise RuntimeError("the simulator is already running")
        self._background.start()
        self._host = host
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_route("*", "/{method:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        await self._listen(port)
        log.info("Oktell simulator listening on %s (scenario %s)", self.url, self.scenario)
        self.spawn(run_scenario(self.scenario, self))

    async def _listen(self, port: int) -> None:
        assert self._runner is not None
        self._site = web.TCPSite(
            self._runner, self._host, port, reuse_address=True, ssl_context=self.ssl_context
        )
        await self._site.start()
        server = self._site._server
        sockets = getattr(server, "sockets", None) or []
        self._port = int(sockets[0].getsockname()[1]) if sockets else port

    def _scheme(self) -> str:
        """``http``, or ``https`` with a certificate."""
        return "https" if self.ssl_context is not None else "http"

    async def stop(self) -> None:
        """Stop listening and cancel every task and timer the simulator started."""
        await self._background.stop()
        self.command_log.cancel_waiters()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            self._site = None
        log.info("Oktell simulator stopped")

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run a coroutine as a task the simulator keeps and cancels on :meth:`stop`."""
        return self._background.spawn(coro)

    # ------------------------------------------------------------------ requests

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.transport is not None:
            self._transports.add(request.transport)
            self._peers.add(str(request.transport.get_extra_info("peername")))
        return await webapi.handle(self, request)

    @property
    def build(self) -> str:
        """The build number ``getversion`` reports."""
        return self.version.rsplit(".", 1)[0] + ".7000.1"

    # ------------------------------------------------------------------ control API

    def inject_call(
        self,
        login: str,
        *,
        caller: str | None = None,
        display_name: str | None = None,
        internal: bool = False,
    ) -> str:
        """Ring the operator's line; returns the call's ``commutationid``.

        ``SimError`` when the line already has an active call (a held one is fine).
        """
        op = self.world.get(login)
        number = caller or "+7916" + "".join(str(self.rng.randrange(10)) for _ in range(7))
        direction = "internal" if internal else "incoming"
        call = self.world.offer(op, number=number, name=display_name or "", direction=direction)
        return call.commutation_id

    def answer_elsewhere(self, login: str, call_id: str) -> None:
        """The other side of a ringing or dialing leg picks up (see ``World.answer_elsewhere``)."""
        op = self.world.get(login)
        self.world.answer_elsewhere(op, self.world.call(op, call_id))

    def end_call_remote(self, login: str, call_id: str) -> None:
        """The other party hangs up."""
        op = self.world.get(login)
        self.world.end_remote(op, self.world.call(op, call_id))

    def set_user_state(self, login: str, state: int, **modes: bool) -> None:
        """Set any state (service states too) and modes, as the server or a supervisor would.

        ``modes``: ``callcenter``, ``lunch``, ``redirect``, ``ccmanual``.
        """
        op = self.world.get(login)
        if state not in USER_STATES:
            raise SimError(f"unknown state {state}")
        unknown = set(modes) - {"callcenter", "lunch", "redirect", "ccmanual"}
        if unknown:
            raise SimError(f"unknown mode(s) {', '.join(sorted(unknown))}")
        op.state = state
        op.state_before_call = None
        for key, value in modes.items():
            setattr(op, key, bool(value))

    def inject_fault(
        self, kind: str, *, method: str | None = None, count: int = 1, seconds: float = 0.0
    ) -> None:
        """Answer the next ``count`` requests (of ``method``) with a fault (see ``faults``)."""
        self.faults.add(kind, method=method, count=count, seconds=seconds)

    async def drop_connections(self) -> None:
        """Abort every open HTTP connection (keep-alive ones included), as a network cut."""
        for transport in list(self._transports):
            transport.abort()
        self._transports.clear()

    def refuse_connections(self, seconds: float) -> None:
        """Stop listening for ``seconds`` (connections are refused), then listen again."""
        self.spawn(self._away(max(0.0, seconds)))

    async def _away(self, seconds: float) -> None:
        if self._site is None:
            return
        site, self._site = self._site, None
        await site.stop()
        await self.drop_connections()
        await asyncio.sleep(seconds)
        if not self._background.stopped and self._runner is not None:
            await self._listen(self._port)
            log.info("Oktell simulator listening again on %s", self.url)

    async def wait_for_command(
        self,
        name: str,
        *,
        login: str | None = None,
        timeout: float = 5.0,
        predicate: Callable[[CommandRecord], bool] | None = None,
    ) -> CommandRecord:
        """The first request of this method not yet returned by this method (waits for it)."""
        return await self.command_log.wait(name, login=login, timeout=timeout, predicate=predicate)

    @property
    def connections_seen(self) -> int:
        """How many TCP connections have carried requests (keep-alive reuse keeps it low)."""
        return len(self._peers)

    def command_count(self, name: str) -> int:
        """How many requests of this method were answered."""
        return self.command_log.count(name)

    @property
    def forbidden(self) -> list[tuple[float, str]]:
        """Requests refused for their credentials: ``(time, method)``."""
        return self.command_log.forbidden

    def operator(self, login: str) -> Operator:
        """A snapshot of the operator (state, modes, calls, ended calls)."""
        return copy.deepcopy(self.world.get(login))

    def logins(self) -> list[str]:
        """Every login the simulator knows."""
        return list(self.world.operators)

    def directory(self) -> list[tuple[str, str, str]]:
        """The numbers the far side knows: ``(number, name, behaviour)``."""
        return [(number, name, how) for number, (name, how) in DIRECTORY.items()]
