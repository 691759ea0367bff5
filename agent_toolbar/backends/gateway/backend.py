"""The toolbar's backend for ``cti/backend = webhook`` and ``autosecretary``.

Both systems reach the toolbar through ``agent-toolbar-gateway`` (one WebSocket, see
:mod:`.channel`); this adapter turns the gateway's frames into domain events:

* on every (re)connect the ``snapshot`` is the truth: the cards it lacks ended while we were
  away — how is unknown, so they leave with :class:`~agent_toolbar.cti.events.CallsExpired`
  (result ``unknown``, never a false "missed") — then
  :class:`~agent_toolbar.cti.events.CallsSnapshot`;
* each ``call`` frame (the whole view of one call) is a
  :class:`~agent_toolbar.cti.events.CallReported`, or, once ended,
  :class:`~agent_toolbar.cti.events.CallFinished` with the outcome in neutral words
  (:mod:`.mapping`): answered, missed by me, answered elsewhere, busy, cancelled …;
* a consultation on an Autosecretary card (``transfer``) becomes ``TransferStarted`` /
  ``TransferSucceeded`` / ``TransferFailed`` (with the platform's ``Result`` code: 1284,
  1289, a SIP code) and ``TransferReturned`` when the operator took the caller back;
* ``instruction`` frames move the operator's routing choices through their stages
  (:mod:`.instructions`): :meth:`GatewayBackend.execute` sends ``instruct`` and returns
  ``Accepted(queued=True)`` once the gateway has queued it; ``delivered`` / ``result``
  confirm it, ``expired`` / ``cancelled`` / ``rejected`` fail it.

An instruction still open when the channel dropped and missing from the next snapshot's open
instructions ended while we were away: it is marked EXPIRED (how is not known). A rejected
one keeps the gateway's reason code (``not_possible_now`` …) as its text.

A toolbar set to ``webhook`` shows the PBX's calls only and one set to ``autosecretary`` the
platform's (the gateway sends the operator both when both are configured for them): the
chosen system is what the operator's capabilities describe. Calls of other operators never
reach us: the gateway sends each toolbar only its operator's.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from agent_toolbar.backends.gateway import mapping
from agent_toolbar.backends.gateway.channel import Channel, ChannelConfig, Hello
from agent_toolbar.backends.gateway.instructions import REASON_KINDS, instruction_for, stage_of
from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import EventSink
from agent_toolbar.cti.capabilities import Capabilities
from agent_toolbar.cti.connection import ConnectionStatus
from agent_toolbar.cti.model import OperatorIdentity
from agent_toolbar.cti.outcomes import Accepted, CommandError, FailureReason, IntentStage
from agent_toolbar.gateway import wire

__all__ = ["GatewayBackend", "GatewayOptions"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class GatewayOptions:
    """How this toolbar uses the gateway.

    Attributes:
        system: ``webhook`` or ``autosecretary`` (whose calls to show).
        capabilities: What the operator may do (from the spec).
        record_transfers: Autosecretary: transfer with recording (``…Rec`` actions).
        prompt: Autosecretary: the recording "Play prompt" plays (empty: not offered).
        command_timeout: Seconds to wait for the gateway to queue an instruction.
        confirm_within: Seconds an instruction may stay queued before the toolbar gives up
            (the gateway expires it itself at the call's end or after its TTL).
    """

    system: str
    capabilities: Capabilities
    record_transfers: bool = False
    prompt: str = ""
    command_timeout: float = 10.0
    confirm_within: float = 330.0


class GatewayBackend:
    """One operator's calls from the gateway; see the module docstring."""

    def __init__(
        self,
        channel: ChannelConfig,
        options: GatewayOptions,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Create it; nothing connects until :meth:`run`."""
        self._options = options
        self._clock = clock
        self._sinks: list[EventSink] = []
        self._identity = OperatorIdentity(login=channel.login)
        self._cards: dict[str, dict[str, Any]] = {}  # the last view of each open card
        self._pending: dict[str, it.Intent] = {}  # ref -> intent, until final
        self._acks: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._early: dict[str, dict[str, Any]] = {}  # stages before execute() returned
        self._refs = itertools.count(1)
        # refs unique across toolbar runs: a restarted toolbar never takes an older run's
        # instruction (still open at the gateway) for one of its own
        self._run_id = secrets.token_hex(4)
        self._instance = ""
        self._channel = Channel(
            channel,
            on_hello=self._hello,
            on_frame=self._frame,
            on_status=lambda s: self._emit(ev.ConnectionChanged(status=s)),
            on_lost=self._lost,
            clock=clock,
        )

    # ------------------------------------------------------------------ Backend protocol

    @property
    def login(self) -> str:
        """The operator's login at the gateway."""
        return self._identity.login

    @property
    def identity(self) -> OperatorIdentity:
        """The operator (the gateway routes by the numbers it holds for this login)."""
        return self._identity

    @property
    def capabilities(self) -> Capabilities:
        """What the chosen system lets the operator do."""
        return self._options.capabilities

    @property
    def status(self) -> ConnectionStatus:
        """The channel's status."""
        return self._channel.status

    @property
    def delays(self) -> list[float]:
        """Every reconnection delay chosen so far (diagnostics, tests)."""
        return self._channel.supervisor.delays

    def subscribe(self, sink: EventSink) -> None:
        """Deliver every domain event to ``sink``."""
        self._sinks.append(sink)

    async def run(self) -> None:
        """Listen to the gateway until :meth:`stop`."""
        await self._channel.run()

    async def stop(self) -> None:
        """Close the channel."""
        await self._channel.stop()

    def reconnect_now(self) -> None:
        """Try to connect at once."""
        self._channel.reconnect_now()

    async def execute(self, intent: it.Intent) -> Accepted | None:
        """Send a routing instruction for an Autosecretary call (see :mod:`.instructions`)."""
        opts = self._options
        if opts.system != "autosecretary" or not opts.capabilities.has(intent.feature):
            raise CommandError("", kind=FailureReason.UNSUPPORTED)
        action, param = instruction_for(intent, record=opts.record_transfers, prompt=opts.prompt)
        if not self._channel.up:
            raise CommandError("not connected to the gateway", kind=FailureReason.DISCONNECTED)
        ref = f"{self._run_id}-{next(self._refs)}"
        ack: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._acks[ref] = ack
        self._pending[ref] = intent
        try:
            await self._channel.send(wire.instruct(ref, intent.call_id, action, param))
            first = await asyncio.wait_for(asyncio.shield(ack), opts.command_timeout)
        except TimeoutError:
            self._pending.pop(ref, None)
            raise CommandError("", kind=FailureReason.TIMEOUT) from None
        except ConnectionError:
            self._pending.pop(ref, None)
            raise CommandError("", kind=FailureReason.DISCONNECTED) from None
        finally:
            self._acks.pop(ref, None)
            later = self._early.pop(ref, None)
        if first.get("status") == "rejected":
            self._pending.pop(ref, None)
            reason = str(first.get("reason") or "rejected")
            kind = REASON_KINDS.get(reason, FailureReason.ERROR)
            raise CommandError(reason, kind=kind, details={"code": reason})
        log.info("instruction %s %s for %s queued at the gateway", ref, action, intent.call_id)
        # A stage past "queued" that came before this returns is applied right after the
        # session has recorded the acceptance (it does so in this same step, before any
        # callback scheduled here runs).
        further = later if later is not None else first
        if further.get("status") != "queued":
            asyncio.get_running_loop().call_soon(self._progress, ref, further)
        return Accepted(confirm_within=opts.confirm_within, queued=True)

    # ------------------------------------------------------------------ frames

    def _emit(self, event: ev.DomainEvent) -> None:
        if not event.at:
            object.__setattr__(event, "at", self._clock())
        for sink in tuple(self._sinks):
            try:
                sink(event)
            except Exception:
                log.exception("event sink failed")

    def _hello(self, hello: Hello) -> None:
        if self._instance and hello.instance != self._instance:
            log.info("the gateway restarted (instance %s)", hello.instance)
        self._instance = hello.instance

    def _lost(self) -> None:
        for ref, ack in list(self._acks.items()):
            if not ack.done():
                ack.set_exception(ConnectionError("lost"))
            self._acks.pop(ref, None)

    def _frame(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "snapshot":
            self._snapshot(message)
        elif kind == "call":
            call = message.get("call")
            if isinstance(call, dict):
                self._call(call)
        elif kind == "instruction":
            instruction = message.get("instruction")
            if isinstance(instruction, dict):
                self._instruction(instruction)
        elif kind == "error":
            log.warning("the gateway: %s %s", message.get("reason"), message.get("detail", ""))

    def _mine(self, call: Mapping[str, Any]) -> bool:
        return call.get("system") == self._options.system and bool(call.get("id"))

    def _snapshot(self, message: dict[str, Any]) -> None:
        calls = [c for c in message.get("calls") or () if isinstance(c, dict) and self._mine(c)]
        live = [c for c in calls if c.get("state") != "ended"]
        ids = {str(c["id"]) for c in live}
        gone = tuple(cid for cid in self._cards if cid not in ids)
        if gone:
            self._emit(ev.CallsExpired(cids=gone))
        previous = self._cards
        self._cards = {str(c["id"]): c for c in live}
        self._emit(ev.CallsSnapshot(calls=tuple(mapping.call_info(c) for c in live)))
        for call in live:
            self._transfer(previous.get(str(call["id"])), call)
        open_refs = {
            str(i.get("ref"))
            for i in message.get("instructions") or ()
            if isinstance(i, dict) and i.get("status") not in wire.FINAL_STATUSES
        }
        for i in message.get("instructions") or ():
            if isinstance(i, dict):
                self._instruction(i)
        for ref in [r for r in self._pending if r not in open_refs and r not in self._acks]:
            # settled while we were away: the gateway no longer knows; we cannot say how
            self._settle(ref, IntentStage.EXPIRED, None)

    def _call(self, call: dict[str, Any]) -> None:
        if not self._mine(call):
            return
        cid = str(call["id"])
        previous = self._cards.get(cid)
        info = mapping.call_info(call)
        if call.get("state") == "ended":
            self._cards.pop(cid, None)
            if previous is None:  # its first view is its end (missed by me while away …)
                self._emit(ev.CallReported(call=info, new=True))
            self._transfer(previous, call)
            outcome = info.outcome
            if outcome is not None:
                log.info("call %s ended: %s %s", cid, outcome.result, outcome.code)
            self._emit(ev.CallFinished(cid=cid, outcome=outcome))
            return
        self._cards[cid] = call
        if previous is None or previous.get("state") != call.get("state"):
            log.info("call %s %s (%s)", cid, call.get("state"), call.get("stage"))
        self._emit(ev.CallReported(call=info, new=previous is None))
        self._transfer(previous, call)

    def _transfer(self, previous: Mapping[str, Any] | None, call: Mapping[str, Any]) -> None:
        """Consultation events from the change of the card's ``transfer``."""
        cid = str(call["id"])
        old = (previous or {}).get("transfer")
        new = call.get("transfer")
        if new == old:
            return
        if not new:
            if old:
                self._emit(ev.TransferReturned(cid=cid))
            return
        if not old or old.get("target") != new.get("target"):
            self._emit(ev.TransferStarted(cid=cid, was_connected=call.get("state") == "connected"))
        result = new.get("result")
        if not result or result == (old or {}).get("result"):
            return
        category = str(result.get("category", ""))
        if category == "connected":
            self._emit(ev.TransferSucceeded(cid=cid))
            return
        self._emit(
            ev.TransferFailed(
                cid=cid,
                failure=mapping.transfer_failure(category),
                code=str(result.get("code", "")),
                text=str(result.get("vendor_text") or result.get("text") or ""),
            )
        )

    def _instruction(self, instruction: dict[str, Any]) -> None:
        ref = str(instruction.get("ref", ""))
        ack = self._acks.get(ref)
        if ack is not None:
            if not ack.done():
                ack.set_result(instruction)  # execute() goes on with the first answer
            else:  # a later stage before execute() has returned: it settles it then
                self._early[ref] = instruction
            return
        if ref in self._pending:
            self._progress(ref, instruction)

    def _progress(self, ref: str, instruction: Mapping[str, Any]) -> None:
        if ref not in self._pending:
            return
        status = str(instruction.get("status", ""))
        staged = stage_of(status, str(instruction.get("reason", "")))
        if staged is None:
            return
        stage, failure = staged
        log.info("instruction %s: %s %s", ref, status, instruction.get("reason") or "")
        self._settle(ref, stage, failure)

    def _settle(self, ref: str, stage: IntentStage, failure: Any) -> None:
        intent = self._pending.pop(ref, None)
        if intent is not None:
            self._emit(ev.IntentProgressed(intent=intent, stage=stage, failure=failure))
