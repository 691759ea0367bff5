"""One call on the fake platform: its requests to the CRM, its error rules, its control.

The specification's three error rules, as this call applies them:

1. A ``POST`` answered with anything but 200 stops **every** request of this call: no more
   POST requests and no more ``GET`` polls. The call itself goes on (the platform routes it on
   its own); the events it would have sent are kept in :attr:`CallRecord.suppressed`.
   Reading: no answer at all (refused connection, timeout) is "not 200 OK" too.
2. A 200 answer to a ``POST`` whose event is analysed, with "routing on request" on, that is
   not in the ``ReturnCRMData`` format is ignored; the POST requests go on.
3. A ``GET`` answer not in the ``ReturnCRMData`` format stops the ``GET`` polls of this call;
   its POST requests go on. Reading: a ``GET`` answered with a status other than 200, or not
   answered, carries no ``ReturnCRMData`` either and stops the polls the same way.

Polls: after the operator is connected, one ``GET <base>/CallEvent/{CallID}`` every
``poll_interval`` seconds (3 by default; the first one interval after the connection), never
two at once, until ``EndCall``: the poller stops before ``EndCall`` is sent, letting a poll
already sent get its answer (an instruction in it is then ignored: the call is ending).
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from agent_toolbar.simulators.autosecretary.client import CrmClient, Exchange
from agent_toolbar.simulators.autosecretary.script import CallScript
from agent_toolbar.simulators.autosecretary.wire import (
    ANALYSED_BEFORE_CONNECT,
    TRANSFER_CONNECTED,
    EndSide,
    EventType,
    Instruction,
    Json,
    Malformed,
    ServiceType,
    crmd_data,
    event_time,
    parse_return,
)

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], datetime]
Command = tuple[Literal["caller", "operator", "transfer", "instruction"], object]


@dataclass
class CallRecord:
    """What a call sent, what it did and why it stopped talking to the CRM.

    Attributes:
        events: every ``CRMDData`` sent, in order.
        course: ``EventType`` of every event the call went through, sent or not.
        suppressed: events the call went through but did not send (requests stopped, or the
            platform was never activated).
        actions: what the platform did, in words (``"transfer DN1=…"``, ``"ignored …"``).
        instructions: every instruction acted on or ignored, with where it came from.
        polls: how many ``GET`` polls were sent.
        stopped: why every request of the call stopped (rule 1), else ``None``.
        polling_stopped: why the polls stopped (rule 3), else ``None``.
        end: ``Result`` of ``EndCall`` once the call is over.
    """

    events: list[Json] = field(default_factory=list)
    course: list[EventType] = field(default_factory=list)
    suppressed: list[Json] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    instructions: list[tuple[str, Instruction]] = field(default_factory=list)
    polls: int = 0
    stopped: str | None = None
    polling_stopped: str | None = None
    end: EndSide | None = None

    def event_types(self) -> list[EventType]:
        """``EventType`` of every event sent, in order."""
        return [EventType(body["EventType"]) for body in self.events]


class PlatformCall:
    """A call the platform accompanies: control it from a test, read its record.

    Attributes:
        call_id: ``CallID`` (an int64 above 2^53 unless chosen).
        script: its course when the CRM gives no instruction.
        record: what it sent and did.
    """

    def __init__(
        self,
        call_id: int,
        script: CallScript,
        client: CrmClient,
        *,
        active: bool,
        routing_on_request: bool,
        poll_interval: float,
        sleep: Sleep,
        clock: Clock,
        transfer_result: str,
    ) -> None:
        self.call_id = call_id
        self.script = script
        self.record = CallRecord()
        self.client = client
        self.routing_on_request = routing_on_request
        self.poll_interval = poll_interval
        self.sleep = sleep
        self.clock = clock
        self.fields: dict[str, str] = {"AN": script.an, "UN": script.un, "Generic": script.generic}
        self.commands: asyncio.Queue[Command] = asyncio.Queue()
        self.caller_gone = False
        self._active = active
        self._results: deque[str] = deque(script.transfer_results)
        self._default_result = transfer_result
        self.recording = False
        self.consult: tuple[str, str] | None = None
        self.failure: BaseException | None = None
        self._poller: asyncio.Task[None] | None = None
        self._connected = asyncio.Event()
        self._held = asyncio.Event()
        self._stopping = False
        self._in_get = False
        self._release = asyncio.Event()
        self._done = asyncio.Event()

    # --- control (tests, the command line) -------------------------------------------------

    def caller_hangs_up(self) -> None:
        """The caller (A) hangs up now: ``EndCall`` with ``Result`` 1 (3 while dialling)."""
        self.caller_gone = True
        self.commands.put_nowait(("caller", None))

    def operator_hangs_up(self) -> None:
        """The operator (B) hangs up: ``BDropped`` (not for ServiceType 2), then ``EndCall``."""
        self.commands.put_nowait(("operator", None))

    def operator_transfers(self, ext: str) -> None:
        """The operator dials a short number: ``OperatorTransfer`` with ``EXT2``."""
        self.commands.put_nowait(("transfer", ext))

    def set_transfer_results(self, *results: str | int) -> None:
        """The ``Result`` of the next transfers, in turn (then the platform's default)."""
        self._results = deque(str(result) for result in results)

    async def held(self) -> None:
        """Wait until the call waits before ``script.hold_before``."""
        await self._held.wait()

    def release(self) -> None:
        """Let a call held before ``script.hold_before`` go on."""
        self._release.set()

    def next_transfer_result(self) -> str:
        """Take the ``Result`` of the transfer being made."""
        return self._results.popleft() if self._results else self._default_result

    async def connected(self) -> bool:
        """Wait until the operator is connected (True) or the call is over (False)."""
        waiters = [asyncio.ensure_future(e.wait()) for e in (self._connected, self._done)]
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
        return self._connected.is_set()

    async def ended(self) -> CallRecord:
        """Wait until the call is over; return its record.

        Raises:
            RuntimeError: the course of the call failed (a fault of the simulator).
        """
        await self._done.wait()
        if self.failure is not None:
            raise RuntimeError(f"call {self.call_id} failed") from self.failure
        return self.record

    @property
    def is_connected(self) -> bool:
        """The operator has been connected (and the call is not over)."""
        return self._connected.is_set() and not self._done.is_set()

    @property
    def is_over(self) -> bool:
        """``EndCall`` has been reached."""
        return self._done.is_set()

    def exchanges(self) -> list[Exchange]:
        """Every request of this call and its answer."""
        return [ex for ex in self.client.exchanges if ex.call_id == self.call_id]

    # --- requests and the error rules -----------------------------------------------------

    @property
    def outgoing(self) -> bool:
        """ServiceType 2, with its narrower set of events and instructions."""
        return self.script.service == ServiceType.PBX_OUTGOING

    def analysed(self, event: EventType) -> bool:
        """Whether the platform reads ``ReturnCRMData`` from this event's answer."""
        if not self.routing_on_request:
            return False
        if self.outgoing:
            return event == EventType.CALL_ACCEPTED
        # Reading: the rating menu is "started in answer to" BDropped, so its answer is read.
        return event in ANALYSED_BEFORE_CONNECT or event == EventType.B_DROPPED

    async def post_event(self, event: EventType, **values: str) -> Instruction | None:
        """Send one event (rule 1 and 2 applied); return the instruction it brought, if any."""
        if event == self.script.hold_before and not self._release.is_set():
            self._held.set()
            await self._release.wait()
        fields = {**self.fields, **values}
        body = crmd_data(
            self.call_id, event, self.script.service, event_time(self.clock()), **fields
        )
        self.record.course.append(event)
        if not self._active or self.record.stopped is not None:
            self.record.suppressed.append(body)
            return None
        self.record.events.append(body)
        exchange = await self.client.post("CallEvent", body, self.call_id)
        if exchange.status != 200:
            why = exchange.error or f"status {exchange.status}"
            exchange.verdict = "stops requests"
            self.record.stopped = f"POST {event.name} answered {why}"
            self.record.actions.append(f"requests stopped: {self.record.stopped}")
            await self.stop_polling()
            return None
        if not self.analysed(event):
            exchange.verdict = "not analysed"
            return None
        parsed = parse_return(exchange.received, self.call_id)
        if isinstance(parsed, Malformed):
            exchange.verdict = f"malformed: {parsed.reason}"
            self.record.actions.append(f"ignored the answer to {event.name}: {parsed.reason}")
            return None
        exchange.instruction = parsed
        exchange.verdict = "nothing" if parsed.action is None else "instruction"
        return parsed if parsed.action is not None else None

    def connect(self) -> None:
        """The operator is connected: start polling (when routing on request is on)."""
        self._connected.set()
        if self.routing_on_request and self._active and self.record.stopped is None:
            self._poller = asyncio.create_task(self._poll(), name=f"poll {self.call_id}")

    async def _poll(self) -> None:
        path = f"CallEvent/{self.call_id}"
        while self.record.stopped is None and not self._stopping:
            await self.sleep(self.poll_interval)
            if self.record.stopped is not None or self._stopping or self._done.is_set():
                return
            self.record.polls += 1
            self._in_get = True
            try:
                exchange = await self.client.get(path, self.call_id)
            finally:
                self._in_get = False
            if exchange.status != 200:
                why = exchange.error or f"status {exchange.status}"
                self._polls_stop(exchange, f"GET answered {why}")
                return
            parsed = parse_return(exchange.received, self.call_id)
            if isinstance(parsed, Malformed):
                self._polls_stop(exchange, f"GET answer malformed: {parsed.reason}")
                return
            exchange.instruction = parsed
            exchange.verdict = "nothing" if parsed.action is None else "instruction"
            if parsed.action is not None:
                if self._stopping:
                    # The answer came while the call was ending: nothing left to act on.
                    self.record.instructions.append(("GET", parsed))
                    self.record.actions.append(f"ignored {parsed.action.name}: the call ended")
                    return
                self.commands.put_nowait(("instruction", parsed))

    def _polls_stop(self, exchange: Exchange, why: str) -> None:
        exchange.verdict = "stops polling"
        self.record.polling_stopped = why
        self.record.actions.append(f"polling stopped: {why}")

    async def stop_polling(self) -> None:
        """Stop the poller (before ``EndCall``, or when rule 1 stops every request).

        A poll waiting for its interval is cancelled; one waiting for its answer is let
        finish, so that no request is cut off and no answer goes unread.
        """
        poller, self._poller = self._poller, None
        if poller is None or poller is asyncio.current_task():
            return
        self._stopping = True
        if not self._in_get:
            poller.cancel()
        try:
            await poller
        except asyncio.CancelledError:
            if not poller.cancelled():
                raise

    async def end(self, side: EndSide) -> None:
        """Stop polling, stop recording if it runs, send ``EndCall`` with ``Result`` = side."""
        await self.stop_polling()
        if self.recording:
            self.recording = False
            await self.post_event(EventType.REC_STOP)
        self.record.end = side
        await self.post_event(EventType.END_CALL, Result=str(int(side)))

    def finish(self) -> None:
        """Mark the call over (its course returned or failed)."""
        self._done.set()

    def transfer_connected(self, result: str) -> bool:
        """Whether a transfer ``Result`` connects."""
        return result == TRANSFER_CONNECTED
