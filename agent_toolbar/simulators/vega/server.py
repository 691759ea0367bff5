"""The Vega PBX simulator: a WebSocket (WS, or WSS with a certificate) server of call events.

It pushes the seed's events (``call.dial``, ``call.bridge``, ``call.hangup``, ``error``) to
every connected client, as the PBX does for every employee of the company, driven by a
scenario (:mod:`~agent_toolbar.simulators.vega.scenarios`) and by the control API below
(in process) or the control subprotocol (:mod:`~agent_toolbar.simulators.vega.control`,
loopback only). Frames are built in :mod:`~agent_toolbar.simulators.vega.calls`.

Readings: the seed names no authentication, no subprotocol and no message from the client.
The simulator therefore offers no subprotocol to event clients, ignores what they send
(bounded to :data:`MAX_CLIENT_FRAME` bytes), and — only when configured — checks an
``Authorization`` header (Basic or Bearer) on the handshake, answering 401 otherwise; this
mirrors the toolbar's ``cti/auth`` assumption.

Typical use::

    async with VegaSimulator() as sim:          # ws://127.0.0.1:<free port>
        parent, child = sim.group_call("101")   # a customer call distributed to 101
        sim.bridge(child)
        sim.hangup(child)
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import ssl
from collections import deque
from collections.abc import Coroutine, Sequence
from http import HTTPStatus
from typing import Any

from websockets.asyncio.server import Server, ServerConnection
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.typing import Subprotocol

from agent_toolbar.simulators.common.lifecycle import (
    Background,
    RefusalWindow,
    SimulatorBase,
    abort_all,
    check_scenario,
    serve_websocket,
)
from agent_toolbar.simulators.vega import control
from agent_toolbar.simulators.vega.calls import CallBook, SimCall, SimError
from agent_toolbar.simulators.vega.data import CUSTOMERS, OPERATOR_EXT, Customer
from agent_toolbar.simulators.vega.peers import Peer, SimAuth, masked
from agent_toolbar.simulators.vega.scenarios import SCENARIOS, SimTimings, run_scenario

__all__ = ["DEFAULT_PORT", "MAX_CLIENT_FRAME", "SimAuth", "SimError", "VegaSimulator"]

log = logging.getLogger(__name__)

DEFAULT_PORT = 8099
#: Largest frame a client may send (event clients send nothing; control requests are small).
MAX_CLIENT_FRAME = 64 * 1024


def _customer(choice: int | Customer | None) -> Customer | None:
    if choice is None or isinstance(choice, Customer):
        return choice
    return CUSTOMERS[choice % len(CUSTOMERS)]


class VegaSimulator(SimulatorBase):
    """The simulated Vega PBX and its control API.

    Args:
        scenario: ``idle`` or ``demo`` (see :mod:`~agent_toolbar.simulators.vega.scenarios`).
        extension: The demo operator's extension (scenarios call it).
        auth: Demand this ``Authorization`` on the handshake (``None``: no authentication).
        ssl_context: Serve WSS with this server context (``None``: plain WS).
        clock_offset_ms: The simulated PBX's clock minus ours (to exercise skew correction).
        server_time_as_string: Send ``serverTime`` as a string (the seed's example does).
        timings: The scenario's pacing.
        seed: Seed of the scenario's random choices.
        allow_remote_control: Serve the control subprotocol on a non-loopback bind too.

    Attributes:
        sent: The last frames sent (JSON text), oldest first.
        connections: How many event connections were accepted in all.
    """

    def __init__(
        self,
        scenario: str = "idle",
        *,
        extension: str = OPERATOR_EXT,
        auth: SimAuth | None = None,
        ssl_context: ssl.SSLContext | None = None,
        clock_offset_ms: int = 0,
        server_time_as_string: bool = False,
        timings: SimTimings | None = None,
        seed: int | None = None,
        allow_remote_control: bool = False,
    ) -> None:
        check_scenario(scenario, SCENARIOS)
        self.scenario = scenario
        self.extension = extension
        self.auth = auth
        self.timings = timings or SimTimings()
        self.seed = seed
        self.allow_remote_control = allow_remote_control
        self._ssl = ssl_context
        self.book = CallBook(
            self._emit, clock_offset_ms=clock_offset_ms, time_as_string=server_time_as_string
        )
        self.sent: deque[str] = deque(maxlen=5000)
        self.connections = 0
        self._server: Server | None = None
        self._peers: dict[ServerConnection, Peer] = {}
        self._peers_changed = asyncio.Event()
        self._background = Background(log)
        self._refusal = RefusalWindow()

    # ------------------------------------------------------------------ lifecycle

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on ``host:port`` (``0``: a free port) and start the scenario."""
        if self._server is not None:
            raise RuntimeError("the simulator is already running")
        self._host = host
        self._server = await serve_websocket(
            self._handle,
            host,
            port,
            ssl_context=self._ssl,
            subprotocols=[control.CONTROL_SUBPROTOCOL],
            select_subprotocol=self._select_subprotocol,
            process_request=self._process_request,
            max_size=MAX_CLIENT_FRAME,
        )
        self._port = int(self._server.sockets[0].getsockname()[1])
        log.info("Vega PBX simulator listening on %s (scenario %s)", self.url, self.scenario)
        self.spawn(run_scenario(self.scenario, self))

    async def stop(self) -> None:
        """Close every connection and cancel every task the simulator started."""
        await self._background.stop()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
            log.info("Vega PBX simulator stopped")

    def _scheme(self) -> str:
        """``ws``, or ``wss`` with a certificate."""
        return "wss" if self._ssl else "ws"

    @property
    def clients(self) -> int:
        """Event connections open now."""
        return len(self._peers)

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run a coroutine as a task the simulator keeps and cancels on :meth:`stop`."""
        return self._background.spawn(coro)

    # ------------------------------------------------------------------ connections

    def _select_subprotocol(
        self, connection: ServerConnection, offered: Sequence[Subprotocol]
    ) -> Subprotocol | None:
        if control.CONTROL_SUBPROTOCOL in offered and self.control_allowed:
            return Subprotocol(control.CONTROL_SUBPROTOCOL)
        return None

    def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        offered = request.headers.get("Sec-WebSocket-Protocol", "")
        if control.CONTROL_SUBPROTOCOL in offered:
            if not self.control_allowed:
                return connection.respond(HTTPStatus.FORBIDDEN, "Control is loopback only\n")
            return None
        if self._refusal.active:
            return connection.respond(HTTPStatus.SERVICE_UNAVAILABLE, "Service unavailable\n")
        if self.auth is not None and not self.auth.accepts(request.headers.get("Authorization")):
            log.info("handshake from %s refused: bad or no credentials", connection.remote_address)
            response = connection.respond(HTTPStatus.UNAUTHORIZED, "Unauthorized\n")
            challenge = "Basic" if self.auth.scheme == "basic" else "Bearer"
            response.headers["WWW-Authenticate"] = f'{challenge} realm="vega-pbx"'
            return response
        return None

    async def _handle(self, ws: ServerConnection) -> None:
        if ws.subprotocol == control.CONTROL_SUBPROTOCOL:
            await control.serve(ws, self)
            return
        self.connections += 1
        peer = Peer(self.connections, ws)
        self._peers[ws] = peer
        self._peers_changed.set()
        log.info("#%d connected from %s", peer.number, ws.remote_address)
        writer = asyncio.get_running_loop().create_task(peer.write())
        try:
            async for _ignored in ws:  # the PBX expects nothing from its clients
                log.debug("#%d sent a frame; ignored", peer.number)
        except ConnectionClosed:
            pass
        finally:
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
            del self._peers[ws]
            self._peers_changed.set()
            peer.done.set()
            log.info("#%d disconnected", peer.number)

    def _emit(self, frame: dict[str, Any]) -> None:
        self.send_raw(json.dumps(frame, ensure_ascii=False))

    def send_raw(self, payload: str | bytes) -> None:
        """Send any frame, valid or not, to every connected client (for garbage tests)."""
        if isinstance(payload, str):
            self.sent.append(payload)
            log.info("⇒ %s", masked(payload))
        for peer in list(self._peers.values()):
            try:
                peer.queue.put_nowait(payload)
            except asyncio.QueueFull:
                log.warning("#%d is not reading: disconnected", peer.number)
                peer.ws.transport.abort()

    async def wait_for_clients(self, count: int = 1, timeout: float = 5.0) -> None:
        """Wait until ``count`` event connections are open (``TimeoutError`` after ``timeout``)."""

        async def waiter() -> None:
            while len(self._peers) < count:
                self._peers_changed.clear()
                await self._peers_changed.wait()

        await asyncio.wait_for(waiter(), timeout)

    async def next_connection(self, seen: int) -> int:
        """Wait until more than ``seen`` event connections were accepted; return how many."""
        while self.connections <= seen:
            self._peers_changed.clear()
            await self._peers_changed.wait()
        return self.connections

    async def drop_all_connections(self) -> None:
        """Abruptly close every event connection (no closing handshake), as a network cut."""
        await abort_all(self._peers.values())

    def refuse_connections(self, seconds: float) -> None:
        """Answer new event handshakes with HTTP 503 for ``seconds`` (control still passes)."""
        self._refusal.refuse(seconds)

    # ------------------------------------------------------------------ calls

    def group_call(
        self,
        ext: str = OPERATOR_EXT,
        *,
        group: str = "500",
        customer: int | Customer | None = 0,
        priorities: tuple[int, ...] = (1,),
        server_time_as_string: bool | None = None,
    ) -> tuple[str, str]:
        """A customer calls the group, which rings ``ext``: returns ``(parent, child)`` uuids."""
        parent = self.group_dial(
            group,
            customer=customer,
            priorities=priorities,
            server_time_as_string=server_time_as_string,
        )
        return parent, self.distribute(parent, ext)

    def group_dial(
        self,
        group: str = "500",
        *,
        customer: int | Customer | None = 0,
        priorities: tuple[int, ...] = (1,),
        server_time_as_string: bool | None = None,
    ) -> str:
        """A customer's call reaches the group (nobody rings yet); returns its uuid."""
        call = self.book.group_dial(
            group, _customer(customer), tuple(priorities), as_string=server_time_as_string
        )
        return call.uuid

    def distribute(self, parent: str, ext: str) -> str:
        """The group's call rings ``ext`` (a child linked by ``parentUuid``); returns its uuid."""
        return self.book.distribute(parent, ext).uuid

    def incoming_call(
        self,
        ext: str = OPERATOR_EXT,
        *,
        customer: int | Customer | None = 0,
        priorities: tuple[int, ...] = (1,),
        server_time_as_string: bool | None = None,
    ) -> str:
        """A customer calls ``ext`` directly; returns the uuid."""
        call = self.book.incoming(
            ext, _customer(customer), tuple(priorities), as_string=server_time_as_string
        )
        return call.uuid

    def ivr_call(self, *, customer: int | Customer | None = 0) -> str:
        """A customer's call taken by the IVR menu (``leg.type`` 4, no extension)."""
        return self.book.incoming(None, _customer(customer), (1,)).uuid

    def outgoing_call(
        self,
        ext: str = OPERATOR_EXT,
        number: str = "+380441234567",
        *,
        customer: int | Customer | None = 1,
        priorities: tuple[int, ...] = (1,),
        server_time_as_string: bool | None = None,
    ) -> str:
        """``ext`` dials an external number; returns the uuid."""
        call = self.book.outgoing(
            ext, number, _customer(customer), tuple(priorities), as_string=server_time_as_string
        )
        return call.uuid

    def internal_call(self, from_ext: str, to_ext: str) -> str:
        """``from_ext`` calls ``to_ext`` inside the company; returns the uuid."""
        return self.book.internal(from_ext, to_ext).uuid

    def bridge(self, uuid: str) -> None:
        """The call is answered."""
        self.book.bridge(uuid)

    def hangup(self, uuid: str) -> None:
        """The call ends."""
        self.book.hangup(uuid)

    def call(self, uuid: str) -> SimCall:
        """A simulated call by uuid (read it, do not change it)."""
        return self.book.get(uuid)

    def pause(self, ext: str = OPERATOR_EXT) -> str:
        """``ext`` goes on pause (``lgDirection`` 32)."""
        return self.book.pause(ext, True)

    def unpause(self, ext: str = OPERATOR_EXT) -> str:
        """``ext`` is available again (``lgDirection`` 64)."""
        return self.book.pause(ext, False)

    def error(self, text: str, uuid: str | None = None) -> None:
        """Send an ``error`` event."""
        self.book.error(text, uuid)

    def set_clock_offset(self, ms: int) -> None:
        """Set the simulated PBX's clock ``ms`` off ours."""
        self.book.clock_offset_ms = int(ms)
