"""The Oktell backend: a :class:`~agent_toolbar.cti.backend.Backend` over the HTTP Web-API.

Connecting is probing and polling: ``getversion`` first (the connectivity probe; its
version is :attr:`OktellBackend.server_version`, logged and shown in diagnostics), then polls
(:mod:`~agent_toolbar.backends.oktell.poller`) at ``oktell/poll_ms``, faster while a call
rings, right after each command. The shared supervisor keeps the status: CONNECTED after the
first good poll ("checked N s ago"); a server that does not answer (refused, timeout, 5xx,
TLS) is a lost connection, retried with a jittered back-off; a 403 is FAILED with
``bad credentials`` and not retried until the settings change. Malformed answers (HTML,
empty, garbled) are logged and skipped: no card is lost for them.

Commands (:mod:`~agent_toolbar.backends.oktell.commands`) answer 200 whether they did
anything or not, so :meth:`OktellBackend.execute` returns
:class:`~agent_toolbar.cti.outcomes.Accepted`, and a later poll confirms the intent
(``IntentProgressed`` CONFIRMED) or, after three polls that do not show it, fails it
(``EXPIRED``: the selector or the card goes back and says so). A break asked for during a
call waits for the call to end. A blind transfer is ``wp_switchcall`` (the call held, the
number dialed) then, once a poll shows the dialed leg, ``wp_abortcall`` (the two joined); a
consultation is ``wp_switchcall`` alone, followed by :mod:`~agent_toolbar.backends.oktell.consult`
(``Hangup`` of either card completes it, ``BreakTransfer`` is ``wp_flash mode=abort``). Hanging
up an autocall being dialed (my phone answered first) is ``wp_autocallstop``.
``ChangeState``: ``normal`` → ready (``onlunch=0&userstateid=1``), ``away`` + reason → a break
(``onlunch=1`` with ``lunchreasonid`` when the reason code is a number, else
``lunchreasonmsg`` with its label), ``dnd`` → not at place (3).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping

from agent_toolbar.backends.oktell import mapping
from agent_toolbar.backends.oktell.api import (
    ApiConfig,
    FlashMode,
    LunchReason,
    OktellApi,
    ReasonId,
    ReasonText,
    Sequence,
)
from agent_toolbar.backends.oktell.commands import Commander, Pending, Refusal, Refused, StateWord
from agent_toolbar.backends.oktell.consult import Consultations
from agent_toolbar.backends.oktell.diff import CallPhase, Change, Differ, UserStateChanged
from agent_toolbar.backends.oktell.poller import Poller
from agent_toolbar.backends.oktell.records import Failure, FailureKind, Version
from agent_toolbar.backends.oktell.spec import oktell_capabilities
from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.capabilities import Capabilities
from agent_toolbar.cti.connection import ConnectionStatus, LinkKind, Problem
from agent_toolbar.cti.model import DisplayState, OperatorIdentity, TransferKind
from agent_toolbar.cti.outcomes import (
    Accepted,
    CommandError,
    CommandFailure,
    FailureReason,
    IntentStage,
)
from agent_toolbar.cti.transport.supervisor import FatalError, Supervisor
from agent_toolbar.cti.transport.urls import cleartext_to_remote, safe_url

__all__ = ["OktellBackend"]

log = logging.getLogger(__name__)

EventSink = Callable[[ev.DomainEvent], None]

_FAILURE_REASON = {
    FailureKind.FORBIDDEN: FailureReason.BAD_CREDENTIALS,
    FailureKind.TIMEOUT: FailureReason.TIMEOUT,
    FailureKind.UNREACHABLE: FailureReason.DISCONNECTED,
    FailureKind.SERVER_ERROR: FailureReason.DISCONNECTED,
    FailureKind.TLS: FailureReason.DISCONNECTED,
    FailureKind.BAD_REQUEST: FailureReason.INVALID,
    FailureKind.NOT_FOUND: FailureReason.INVALID,
}
_STATES = {"normal": StateWord.READY, "away": StateWord.BREAK, "dnd": StateWord.AWAY}


class ServerAwayError(ConnectionError):
    """A poll or the probe got no answer (the supervisor reconnects)."""


class OktellBackend:
    """The Oktell Web-API as a toolbar backend (see the module docstring)."""

    def __init__(
        self,
        config: ApiConfig,
        *,
        interval: float = 1.0,
        sequence: Sequence = Sequence.DIRECT,
        reason_labels: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.time,
        allow_http: bool = False,
    ) -> None:
        """Create the backend; :meth:`run` connects.

        ``allow_http``: send the Basic password over plain ``http://`` to another machine
        (``oktell/allow_http``); refused otherwise, before anything is sent.
        """
        self.config = config
        self._allow_http = allow_http
        self.api = OktellApi(config)
        self.differ = Differ(config.login, config.user_id)
        self.poller = Poller(
            self.api,
            self.differ,
            on_changes=self._on_changes,
            on_status=lambda status: None,
            on_applied=self._on_applied,
            interval=interval,
        )
        self.commander = Commander(self.api, self.differ)
        self.consultations = Consultations()
        self.sequence = sequence
        self.server_version: Version | None = None
        self._labels = dict(reason_labels or {})
        self._clock = clock
        self._sinks: list[EventSink] = []
        self._intents: dict[int, it.Intent] = {}
        self._ended_by: dict[str, str] = {}
        self._reason: str | None = None
        self._display: DisplayState | None = None
        self._guid = config.user_id.lower()
        self._wake = asyncio.Event()
        self._polled = asyncio.Event()
        self.supervisor = Supervisor(
            self._connect_once,
            server=safe_url(self.api.base_url),
            on_status=self._on_status,
            kind=LinkKind.POLL,
        )

    # ------------------------------------------------------------------ Backend

    @property
    def login(self) -> str:
        """The operator's login (sent as ``user=``)."""
        return self.config.login

    @property
    def identity(self) -> OperatorIdentity:
        """Login, and the GUID once configured or learned from ``tst_getuserstate``."""
        return OperatorIdentity(self.login, guid=self._guid or None)

    @property
    def capabilities(self) -> Capabilities:
        """What the Web-API can do."""
        return oktell_capabilities()

    @property
    def status(self) -> ConnectionStatus:
        """The supervisor's connection status."""
        return self.supervisor.status

    def subscribe(self, sink: EventSink) -> None:
        """Deliver domain events to ``sink``."""
        self._sinks.append(sink)

    async def run(self) -> None:
        """Probe, poll and keep polling until :meth:`stop`."""
        try:
            await self.supervisor.run()
        finally:
            await self.api.close()

    async def stop(self) -> None:
        """Stop polling."""
        self.supervisor.stop()
        self._wake.set()

    def reconnect_now(self) -> None:
        """Try again at once (after new credentials, or by the operator's request)."""
        self.api.clear_forbidden()
        self.supervisor.reconnect_now()

    # ------------------------------------------------------------------ connection

    def _emit(self, event: ev.DomainEvent) -> None:
        for sink in tuple(self._sinks):
            sink(event)

    def _on_status(self, status: ConnectionStatus) -> None:
        self._emit(ev.ConnectionChanged(status=status, at=self._clock()))

    @staticmethod
    def _raise_for(failure: Failure) -> None:
        if failure.kind is FailureKind.FORBIDDEN:
            raise FatalError(
                Problem.BAD_CREDENTIALS, "HTTP 403 (wrong login or password)", retry=False
            )
        if failure.kind is FailureKind.NOT_FOUND and failure.method == "getversion":
            raise FatalError(Problem.PROTOCOL, "no Oktell Web-API at this address")
        if failure.kind is FailureKind.TLS:
            raise FatalError(Problem.TLS, str(failure))
        raise ServerAwayError(str(failure))

    async def _connect_once(self) -> None:
        if not self._allow_http and cleartext_to_remote(self.api.base_url):
            raise FatalError(
                Problem.CONFIG,
                f"{safe_url(self.api.base_url)} is plain http:// to another machine: the "
                "password would travel in clear text (use https://, or allow it with "
                "oktell/allow_http)",
                retry=False,
            )
        version = await self.api.getversion()
        if isinstance(version, Failure):
            self._raise_for(version)
        elif self.server_version != version:
            self.server_version = version
            log.info("Oktell server version %s (%s)", version.build, version.text)
            self._emit(ev.ServerIdentified(info=mapping.server_info(version), at=self._clock()))
        first = True
        while not self.supervisor.stopping:
            self._wake.clear()
            failure = await self.poller.poll_once()
            if failure is not None and (
                failure.server_away or failure.kind is FailureKind.FORBIDDEN
            ):
                self._raise_for(failure)
            if failure is not None:
                # an unreadable answer: logged; "checked N s ago" keeps counting from the
                # last good poll, so the status line shows it too
                log.warning("Oktell poll: %s", failure)
            if first and (failure is None or failure.method != "wp_getabonentinfo"):
                self.supervisor.connected()
                # the calls as this poll knows them are the truth after a (re)connect
                calls = tuple(mapping.call_info(c) for c in self.differ.calls.values())
                self.consultations.clear()
                self._emit(ev.CallsSnapshot(calls=calls, at=self._clock()))
                first = False
            if failure is None:
                self.supervisor.heard()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poller.pace())

    # ------------------------------------------------------------------ polls

    def _on_changes(self, changes: list[Change]) -> None:
        for change in changes:
            if isinstance(change, UserStateChanged) and change.current.user_id and not self._guid:
                self._guid = change.current.user_id
                self._emit(ev.OperatorIdentified(identity=self.identity, at=self._clock()))
        calls = self.differ.calls.values()
        talking = any(c.phase in (CallPhase.CONNECTED, CallPhase.HELD) for c in calls)
        # transfer events first: a completed consultation succeeds before its card ends
        events = self.consultations.follow(self.differ, self._clock())
        events += mapping.to_events(
            changes,
            ended_by=self._ended_by,
            on_call=bool(self.differ.calls),
            reason=self._reason,
            talking=talking,
            at=self._clock(),
        )
        user = self.differ.user_state
        if user is not None and not any(isinstance(e, ev.AgentStateReported) for e in events):
            # the state number stays 5 from ringing to talking: the display still changes
            display = mapping.display_of(
                user, on_call=bool(self.differ.calls), reason=self._reason, talking=talking
            )
            if display != self._display:
                events.append(ev.AgentStateReported(display=display, reason=display.reason,
                                                    at=self._clock()))  # fmt: skip
        for event in events:
            if isinstance(event, ev.AgentStateReported):
                self._display = event.display
            self._emit(event)

    def _on_applied(self) -> None:
        for outcome in self.commander.observe():
            intent = self._intents.pop(outcome.pending.ident, None)
            if intent is None:
                continue
            if outcome.confirmed:
                self._emit(ev.IntentProgressed(intent=intent, stage=IntentStage.CONFIRMED,
                                               at=self._clock()))  # fmt: skip
            else:
                if isinstance(intent, it.TransferCall):
                    self.consultations.discard(intent.cid)
                failure = CommandFailure(FailureReason.EXPIRED, "a later poll did not show it")
                log.warning("Oktell: %s not confirmed by %d polls", intent, outcome.pending.polls)
                self._emit(ev.IntentProgressed(intent=intent, stage=IntentStage.FAILED,
                                               failure=failure, at=self._clock()))  # fmt: skip
        self._polled.set()

    async def _next_poll(self, timeout: float = 5.0) -> None:
        self._polled.clear()
        self._wake.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._polled.wait(), timeout)

    # ------------------------------------------------------------------ commands

    async def execute(self, intent: it.Intent) -> Accepted | None:
        """Send the Oktell method for ``intent``; a later poll confirms it."""
        got = await self._send(intent)
        if isinstance(got, Refused):
            raise CommandError(f"{got.reason.value}: {got.detail}", kind=FailureReason.INVALID)
        if isinstance(got, Failure):
            kind = _FAILURE_REASON.get(got.kind, FailureReason.ERROR)
            raise CommandError(str(got), kind=kind, details={"code": str(got.status or "")})
        self._intents[got.ident] = intent
        self._wake.set()  # poll now: the operator sees the effect at once
        return Accepted(confirm_within=self._confirm_within(got))

    def _confirm_within(self, pending: Pending) -> float:
        if pending.defer_while is not None:
            return 3600.0  # a break during a call, a dial the far end has not answered
        return max(5.0, (self.commander.max_polls + 2) * self.poller.interval)

    async def _send(self, intent: it.Intent) -> Pending | Refused | Failure:
        match intent:
            case it.Answer(cid=cid):
                return await self.commander.answer(cid)
            case it.Hangup(cid=cid):
                return await self._hangup(cid)
            case it.Hold(cid=cid, on=on):
                return await (self.commander.hold(cid) if on else self.commander.resume(cid))
            case it.MakeCall(number=number):
                return await self.commander.dial(number, sequence=self.sequence)
            case it.ChangeState(state=state, reason=reason):
                word = _STATES.get(state)
                if word is None:
                    raise CommandError(state, kind=FailureReason.UNSUPPORTED)
                self._reason = reason if word is StateWord.BREAK else None
                return await self.commander.set_state(word, self._lunch_reason(word, reason))
            case it.TransferCall(cid=cid, kind=TransferKind.BLIND, target=target):
                return await self._blind_transfer(cid, target)
            case it.TransferCall(cid=cid, kind=TransferKind.CONSULTATION, target=target):
                got = await self.commander.transfer(cid, target)
                if isinstance(got, Pending):
                    self.consultations.start(cid, target)
                return got
            case it.BreakTransfer(cid=cid):
                return await self._break_transfer(cid)
        raise CommandError(type(intent).__name__, kind=FailureReason.UNSUPPORTED)

    async def _hangup(self, cid: str) -> Pending | Refused | Failure:
        """Hang up; during a consultation (either card) it completes the transfer."""
        consultation = self.consultations.of(cid)
        if consultation is not None and consultation.leg in self.differ.calls:
            got = await self.commander.complete_transfer()
            if isinstance(got, Pending):
                self._ended_by[consultation.cid] = self._ended_by[consultation.leg] = "transfer"
            return got
        call = self.differ.calls.get(cid)
        if call is not None and call.callback and call.phase is CallPhase.DIALING:
            # an autocall dialing the number (my phone answered first): stop the autocall
            got = await self.commander.stop_dialing(cid)
        else:
            got = await self.commander.hangup(cid)
        if isinstance(got, Pending):
            self._ended_by[cid] = "hangup"
        return got

    async def _break_transfer(self, cid: str) -> Pending | Refused | Failure:
        """``wp_flash mode=abort``: end the leg, back to the held party."""
        consultation = self.consultations.of(cid)
        if consultation is None or consultation.leg not in self.differ.calls:
            return Refused(Refusal.WRONG_PHASE, "no consultation in progress on this call")
        caller = self.differ.calls.get(consultation.cid)
        if caller is None or caller.phase is not CallPhase.HELD:
            # swapped: mode=abort would hang up the caller, not the target
            return Refused(Refusal.WRONG_PHASE, "the caller is not the one on hold")
        got = await self.commander.flash(FlashMode.ABORT)
        if isinstance(got, Pending):
            self.consultations.cancel(cid)
            self._ended_by[consultation.leg] = "hangup"
        return got

    def _lunch_reason(self, word: StateWord, reason: str | None) -> LunchReason | None:
        if word is not StateWord.BREAK or not reason:
            return None
        if reason.strip().isdigit():
            return ReasonId(int(reason))
        return ReasonText(self._labels.get(reason, reason))

    async def _blind_transfer(self, cid: str, target: str) -> Pending | Refused | Failure:
        got = await self.commander.transfer(cid, target)
        if not isinstance(got, Pending):
            return got
        for _ in range(3):  # until a poll shows the call held and the number dialed
            await self._next_poll()
            if self.commander.front() is not None and self.commander.held() is not None:
                break
        done = await self.commander.complete_transfer()
        if isinstance(done, Pending):
            self._ended_by[cid] = "transfer"
            with contextlib.suppress(ValueError):
                self.commander.pending.remove(got)
        return done
