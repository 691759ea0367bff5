"""The built-in Naumen CTI API simulator: a WebSocket server written from the specification.

The product's ``--demo``, its tests, integrators and trainers run against it. It speaks
protocol version 13 over the ``nauphone-cti-protocol`` subprotocol (default port 8098) and
behaves as the document describes; where the document is silent or contradicts itself the
reading chosen is written down next to the code that implements it:

* connection rules (version gate, rid rule, attach/detach, offline, WebPhone) —
  :mod:`~agent_toolbar.simulators.naumen.session`;
* operator state (§4.4) — :mod:`~agent_toolbar.simulators.naumen.state`;
* calls, including how ``Hangup`` is read (§3.27 vs §3.49) —
  :mod:`~agent_toolbar.simulators.naumen.calls`;
* transfers — :mod:`~agent_toolbar.simulators.naumen.transfers`; conferences —
  :mod:`~agent_toolbar.simulators.naumen.conferences`; the rest —
  :mod:`~agent_toolbar.simulators.naumen.commands`;
* who answers which number — :mod:`~agent_toolbar.simulators.naumen.data`;
* scenarios (``idle``, ``stream``, ``demo``, ``stress``) —
  :mod:`~agent_toolbar.simulators.naumen.scenarios`;
* the control channel for out-of-process use — :mod:`~agent_toolbar.simulators.naumen.control`.

Timestamps (``creationTime``, ``answerTime``, ``hangupTime``, ``UserState.time``) are
milliseconds since the epoch. Each connection has its own outgoing queue, so the frames a
command causes reach every client in the order they were produced.

Typical use::

    async with Simulator("idle", timings=SimTimings.fast()) as sim:  # a free loopback port
        cid = sim.inject_call("operator", caller="+79161234567")
        ...                                # a client connects to sim.url
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import random
import time
from collections.abc import Callable, Coroutine, Iterable, Mapping, Sequence
from http import HTTPStatus
from typing import Any

from websockets.asyncio.server import Server, ServerConnection
from websockets.exceptions import ConnectionClosed, NegotiationError
from websockets.http11 import Request, Response
from websockets.typing import Subprotocol

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.common.lifecycle import (
    Background,
    RefusalWindow,
    SimulatorBase,
    abort_all,
    check_scenario,
    serve_websocket,
)
from agent_toolbar.simulators.naumen import commands as sim_commands
from agent_toolbar.simulators.naumen import control as sim_control
from agent_toolbar.simulators.naumen.data import DIRECTORY
from agent_toolbar.simulators.naumen.log import CommandLog
from agent_toolbar.simulators.naumen.model import (
    CommandRecord,
    OperatorView,
    SimError,
    SimTimings,
)
from agent_toolbar.simulators.naumen.scenarios import SCENARIOS, default_timings, run_scenario
from agent_toolbar.simulators.naumen.session import Link, Session, clip
from agent_toolbar.simulators.naumen.world import World

__all__ = [
    "CONTROL_SUBPROTOCOL",
    "DEFAULT_OPERATORS",
    "DEFAULT_PORT",
    "SCENARIOS",
    "CommandRecord",
    "OperatorView",
    "SimError",
    "SimTimings",
    "Simulator",
]

log = logging.getLogger(__name__)

CONTROL_SUBPROTOCOL = sim_control.CONTROL_SUBPROTOCOL
DEFAULT_PORT = 8098
#: Operators every simulator knows (more can be added).
DEFAULT_OPERATORS = ("operator", "ivanova")
MAX_FRAME = 1 << 20


class Simulator(SimulatorBase):
    """The simulated Naumen CTI API server and its control API.

    Args:
        scenario: ``idle``, ``stream``, ``demo`` or ``stress`` (see ``sim_scenarios``).
        operators: Logins known besides :data:`DEFAULT_OPERATORS`.
        seed: Seed of every random choice (``None``: a different run each time).
        webphone_logins: Operators whose phone is a WebPhone (also made known).
        timings: Delays and pacing; the scenario's defaults when ``None``.
        allow_remote_control: Accept the control subprotocol on a non-loopback bind.

    Attributes:
        commands: Every command accepted (after the rid rule and the version gate), in order.
        world: The simulated phones. ``world.pms_requests`` and ``world.broadcasts`` hold
            the ``SendPmsRestRequest`` and broadcast commands accepted; for an operator's
            state prefer the snapshot :meth:`operator` returns.
    """

    def __init__(
        self,
        scenario: str = "idle",
        *,
        operators: Iterable[str] | None = None,
        seed: int | None = None,
        webphone_logins: Iterable[str] = (),
        timings: SimTimings | None = None,
        allow_remote_control: bool = False,
    ) -> None:
        check_scenario(scenario, SCENARIOS)
        self.scenario = scenario
        self.timings = timings or default_timings(scenario)
        self.allow_remote_control = allow_remote_control
        self._background = Background(log)
        self._log = CommandLog()
        self.commands: list[CommandRecord] = self._log.records
        self.world = World(
            [*DEFAULT_OPERATORS, *(operators or ())],
            webphone_logins=webphone_logins,
            timings=self.timings,
            rng=random.Random(seed),
            emit=self._broadcast,
            schedule=self._background.schedule,
        )
        self._server: Server | None = None
        self._numbers = itertools.count(1)
        self._links: dict[ServerConnection, Link] = {}
        self._watchers: dict[str, set[Session]] = {}
        self._refusal = RefusalWindow()

    # ------------------------------------------------------------------ lifecycle

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on ``host:port`` (``0``: a free port) and start the scenario."""
        if self._server is not None:
            raise RuntimeError("the simulator is already running")
        self._background.start()
        self._host = host
        self._server = await serve_websocket(
            self._handle,
            host,
            port,
            subprotocols=[m.SUBPROTOCOL, CONTROL_SUBPROTOCOL],
            select_subprotocol=self._select_subprotocol,
            process_request=self._process_request,
            max_size=MAX_FRAME,
        )
        self._port = int(self._server.sockets[0].getsockname()[1])
        log.info("Naumen CTI simulator listening on %s (scenario %s)", self.url, self.scenario)
        self.spawn(run_scenario(self.scenario, self.world, self._watched))

    async def stop(self) -> None:
        """Close every connection and cancel every task and timer the simulator started."""
        await self._background.stop()
        self._log.cancel_waiters()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        log.info("Naumen CTI simulator stopped")

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run a coroutine as a task the simulator keeps and cancels on :meth:`stop`."""
        return self._background.spawn(coro)

    # ------------------------------------------------------------------ connections

    def _select_subprotocol(
        self, connection: ServerConnection, offered: Sequence[Subprotocol]
    ) -> Subprotocol | None:
        if m.SUBPROTOCOL in offered:
            return Subprotocol(m.SUBPROTOCOL)
        if CONTROL_SUBPROTOCOL in offered and self.control_allowed:
            return Subprotocol(CONTROL_SUBPROTOCOL)
        raise NegotiationError(f"the {m.SUBPROTOCOL} subprotocol is required")

    def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        offered = request.headers.get("Sec-WebSocket-Protocol", "")
        if self._refusal.active and CONTROL_SUBPROTOCOL not in offered:
            return connection.respond(HTTPStatus.SERVICE_UNAVAILABLE, "Service unavailable\n")
        return None

    async def _handle(self, ws: ServerConnection) -> None:
        if ws.subprotocol == CONTROL_SUBPROTOCOL:
            await sim_control.serve(ws, self)
            return
        link = Link(next(self._numbers), ws, self)
        self._links[ws] = link
        log.info("#%d connected from %s", link.number, ws.remote_address)
        writer = asyncio.get_running_loop().create_task(link.write())
        try:
            async for frame in ws:
                link.session.on_frame(frame)
        except ConnectionClosed:
            pass
        finally:
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
            for login in list(link.session.logins):
                self.detach(link.session, login)
            del self._links[ws]
            link.done.set()
            log.info("#%d disconnected", link.number)

    def attach(self, session: Session, login: str) -> None:
        """Deliver the login's events to the session (``SessionHost``)."""
        self._watchers.setdefault(login, set()).add(session)

    def detach(self, session: Session, login: str) -> None:
        """Stop delivering the login's events to the session (``SessionHost``)."""
        self._watchers.get(login, set()).discard(session)

    def _watched(self, login: str) -> bool:
        return bool(self._watchers.get(login))

    def _broadcast(self, login: str, event: m.Message) -> None:
        frame = m.encode(event)
        if log.isEnabledFor(logging.INFO):
            log.info("%s ⇒ %s", login, clip(frame))
        for session in self._watchers.get(login, ()):
            session.push(frame)

    def record(
        self, session: Session, message: m.Message, frame: Mapping[str, Any] | None = None
    ) -> None:
        """Log an accepted command and wake whoever waits for it (``SessionHost``)."""
        login = getattr(message, "login", None)
        record = CommandRecord(
            time.time(),
            login if isinstance(login, str) else None,
            message.NAME,
            message,
            session.number,
            dict(frame or {}),
        )
        self._log.append(record)

    # ------------------------------------------------------------------ control API

    def inject_call(
        self,
        login: str,
        *,
        caller: str | None = None,
        display_name: str | None = None,
        called: str | None = None,
        params: Mapping[str, str] | None = None,
        params_later: float | None = None,
        direction: str = "in",
        call_type: str = "voice",
    ) -> str:
        """Offer a call to the operator (``NewCall`` …); returns its cid.

        ``params_later=N`` sends ``NewCall`` without parameters and ``CallParams`` N seconds
        later. An outgoing (``out``) call rings until :meth:`answer_elsewhere` (the far side
        answers) or :meth:`end_call_remote`.
        """
        op = self.world.get(login)
        call = self.world.offer(
            op,
            caller=caller,
            display_name=display_name,
            called=called,
            params=params,
            params_later=params_later,
            direction=direction,
            call_type=call_type,
        )
        return call.cid

    def inject_text_session(
        self,
        login: str,
        *,
        channel: str = "telegram",
        customer: str | None = None,
        text: str = "Здравствуйте! Подскажите, где мой заказ?",
        subject: str | None = None,
    ) -> str:
        """A customer opens a text session on ``channel`` (``NewCall``, ``NewTextMessage``).

        Returns the call's cid; its ``params.sessionId`` names the session for
        :meth:`text_message`, :meth:`close_text_session` and the subscription.
        """
        op = self.world.get(login)
        call = self.world.texts.offer(
            op, channel=channel, customer=customer, text=text, subject=subject
        )
        return call.cid

    def text_session_id(self, login: str, cid: str) -> str:
        """The ``sessionId`` of an operator's text session."""
        session = self.world.texts.by_cid(login, cid)
        if session is None:
            raise SimError(f"call {cid!r} is not a text session")
        return session.session_id

    def text_message(self, session_id: str, text: str) -> str:
        """The customer writes again (``NewMessageInSession``); returns the ``message_id``."""
        return self.world.texts.customer_says(session_id, text)

    def text_reply(self, session_id: str, text: str) -> str:
        """The information system answers the customer (``ReplyMessage``)."""
        return self.world.texts.reply(session_id, text)

    def close_text_session(self, session_id: str) -> None:
        """The session is over (``MessageSessionClosed``; its call ends)."""
        self.world.texts.close(session_id)

    def transfer_text_session(self, session_id: str, dnis: str) -> None:
        """The session goes to another project (``MessageSessionTransferred``; its call ends)."""
        self.world.texts.transfer(session_id, dnis)

    def unblock_message(self, session_id: str, message_id: str) -> None:
        """A blocked message becomes available (``MessageUnblocked``)."""
        self.world.texts.unblock(session_id, message_id)

    def sip_message(self, login: str, cid: str, text: str) -> None:
        """A SIP MESSAGE arrives within a call (``VoipMessageReceived``)."""
        self.world.texts.sip_received(self.world.get(login), cid, text)

    def end_call_remote(self, login: str, cid: str) -> None:
        """The far side hangs up: ``CallStatus`` ended, then wrap-up (or ``OnClose``)."""
        op = self.world.get(login)
        call = self.world.call(op, cid)
        if call.state == "ended":
            raise SimError("the call has already ended")
        self.world.end(op, call, remote=True)

    def answer_elsewhere(self, login: str, cid: str) -> None:
        """The call is answered by another client (the SoftPhone itself, or the far side)."""
        op = self.world.get(login)
        call = self.world.call(op, cid)
        if call.state != "new":
            raise SimError(f"the call is {call.state}, not ringing")
        self.world.connect(op, call)

    def set_user_state(self, login: str, state: str, reason: str | None = None) -> None:
        """Set any state as the phone, the server or a supervisor would (``UserState``).

        Besides what ``ChangeUserState`` accepts: ``offline`` (the phone leaves the system),
        ``accident`` (until set otherwise; reason ``8:<id>`` unless given), ``standoff`` and
        ``notavailable`` (read as ``away``). Setting ``normal`` also clears accident and
        standoff; any state but ``offline`` registers an offline operator again.
        """
        sim_commands.supervise(self.world, self.world.get(login), state, reason)

    async def drop_all_connections(self) -> None:
        """Abruptly close every CTI connection (no closing handshake), as a network cut."""
        await abort_all(self._links.values())

    def refuse_connections(self, seconds: float) -> None:
        """Reject new CTI handshakes with HTTP 503 for ``seconds`` (control ones still pass)."""
        self._refusal.refuse(seconds)

    async def wait_for_command(
        self,
        name: str,
        *,
        login: str | None = None,
        timeout: float = 5.0,
        predicate: Callable[[Any], bool] | None = None,
    ) -> m.Message:
        """The first command of this name (any spelling) not yet returned by this method.

        Waits up to ``timeout`` seconds for it to arrive (``TimeoutError``); ``predicate``
        gets the decoded command.
        """
        return await self._log.wait(name, login=login, timeout=timeout, predicate=predicate)

    def directory(self) -> list[tuple[str, str, str]]:
        """The simulated colleagues and queues: ``(number, label, behaviour)``."""
        return [(number, label, str(behaviour)) for number, label, behaviour in DIRECTORY]

    def operator(self, login: str) -> OperatorView:
        """A read-only snapshot of the operator's state, calls and conferences."""
        op = self.world.get(login)
        return op.view(attached=len(self._watchers.get(login, ())))

    def logins(self) -> list[str]:
        """Every login the simulator knows."""
        return list(self.world.operators)
