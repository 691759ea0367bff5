"""The Naumen backend: CTI API messages in, domain events out; intents in, commands out.

This is the only place that knows both the wire vocabulary
(:mod:`~agent_toolbar.backends.naumen.messages`) and the domain vocabulary
(:mod:`~agent_toolbar.cti.events`, :mod:`~agent_toolbar.cti.intents`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
import time
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.backends.naumen.client import ClientConfig, NaumenClient
from agent_toolbar.backends.naumen.extras import NaumenExtras, media_of
from agent_toolbar.backends.naumen.profile import PhoneKind, naumen_capabilities
from agent_toolbar.backends.naumen.server_time import ServerClock, seconds
from agent_toolbar.backends.naumen.substates import SubstateTracker
from agent_toolbar.backends.naumen.transfer_codes import transfer_failure
from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import (
    Accepted,
    Capabilities,
    CommandError,
    ConnectionStatus,
    EventSink,
    FailureReason,
)
from agent_toolbar.cti.connection import LinkState
from agent_toolbar.cti.model import OperatorIdentity, TransferKind
from agent_toolbar.cti.transport.backoff import Backoff

__all__ = [
    "NaumenBackend",
    "call_info",
    "conference_info",
    "naumen_capabilities",
    "seconds",
    "to_command",
    "to_events",
]

log = logging.getLogger(__name__)

DTMF_DIGITS = re.compile(r"^[0-9*#!]+$")
#: ``SetSessionModeResponse.error`` when the call already was in the asked mode (§3.63).
DESIRED_ALREADY = "desired secure mode"


def call_info(
    msg: m.CallStatus | m.NewCall, at: float | None = None, clock: ServerClock | None = None
) -> ev.CallInfo:
    """The domain view of a ``NewCall``/``CallStatus`` (also the items of ``Calls``).

    Its times are on the local clock (see :mod:`~agent_toolbar.backends.naumen.server_time`):
    ``None`` when the server gave none or an implausible one.
    """
    when = time.time() if at is None else at
    times = clock or ServerClock()
    live = isinstance(msg, m.NewCall) and msg.rid is None
    return ev.CallInfo(
        cid=msg.cid,
        state=msg.state or None,
        direction=msg.direction or None,
        kind=msg.type or None,
        media=media_of(msg.type),
        hold=msg.hold,
        muted=msg.muted,
        display_name=msg.display_name,
        created_at=times.local(msg.creation_time, when, live=live),
        answered_at=times.local(msg.answer_time, when),
        hung_up_at=times.local(msg.hangup_time, when),
        params=msg.params,
        local_params=msg.local_params,
    )


def conference_info(msg: m.ConferenceInfo | m.NewConference) -> ev.ConferenceInfo:
    """The domain view of a conference report."""
    return ev.ConferenceInfo(
        conf_id=msg.conf_id,
        display_name=msg.display_name,
        calls=msg.calls,
        operator_in=msg.operator_in_conference,
    )


def to_events(
    msg: m.Message | m.UnknownMessage,
    at: float,
    clock: ServerClock | None = None,
    substates: SubstateTracker | None = None,
) -> list[ev.DomainEvent]:
    """Translate one API message into domain events (empty for messages with no effect).

    ``clock`` puts the server's timestamps on the local clock (one per connection: it
    learns the server's skew). ``substates`` remembers the operator's substates between
    reports (the backend keeps one; without it each ``UserState`` is read on its own).
    """
    times = clock or ServerClock()
    match msg:
        case m.UserState():
            tracker = substates or SubstateTracker()
            return [
                tracker.report(
                    msg.state,
                    msg.substates,
                    reason=msg.reason,
                    server_time=times.local(msg.time, at, live=msg.rid is None),
                    snapshot=msg.rid is not None,
                    at=at,
                )
            ]
        case m.NewCall() | m.CallStatus():
            info = call_info(msg, at, times)
            return [ev.CallReported(call=info, new=isinstance(msg, m.NewCall), at=at)]
        case m.Calls():
            calls = tuple(call_info(c, at, times) for c in msg.calls)
            return [ev.CallsSnapshot(calls=calls, at=at)]
        case m.CallParams(params=params) if params is not None:
            return [ev.CallParamsReported(cid=msg.cid, params=params, at=at)]
        case m.CallParamsUpdated():
            return [ev.CallParamsReported(cid=msg.cid, params=msg.params, at=at)]
        case m.LocalParamsUpdated():
            return [ev.LocalParamsReported(cid=msg.cid, params=msg.params, at=at)]
        case m.OnClose():
            return [ev.CallClosed(cid=msg.cid, at=at)]
        case m.CurrentCall():
            return [ev.ActiveCallChanged(cid=msg.cid, at=at)]
        case m.NewConference() | m.ConferenceInfo():
            new = isinstance(msg, m.NewConference)
            return [ev.ConferenceReported(conference=conference_info(msg), new=new, at=at)]
        case m.Conferences():
            confs = tuple(conference_info(c) for c in msg.conferences)
            return [ev.ConferencesSnapshot(conferences=confs, at=at)]
        case m.OnCloseConference():
            return [ev.ConferenceClosed(conf_id=msg.conf_id, at=at)]
        case m.OnTransferCall():
            return [ev.TransferStarted(cid=msg.cid, was_connected=msg.was_connected, at=at)]
        case m.TransferSucceed():
            return [ev.TransferSucceeded(cid=msg.cid, at=at)]
        case m.TransferFailed():
            failure, code, text = transfer_failure(msg.status)
            return [ev.TransferFailed(cid=msg.cid, failure=failure, code=code, text=text, at=at)]
        case m.TransferCallReturned():
            return [ev.TransferReturned(cid=msg.cid, at=at)]
        case m.SetSessionModeResponse():
            already = msg.error is not None and DESIRED_ALREADY in msg.error.lower()
            return [ev.SecureModeReported(cid=msg.cid, error=msg.error, already=already, at=at)]
    return []


def to_command(intent: it.Intent, login: str) -> m.Message:
    """Translate an intent into the command that carries it out."""
    match intent:
        case it.Answer(cid=cid):
            return m.Answer(login=login, cid=cid)
        case it.Hangup(cid=cid):
            return m.Hangup(login=login, cid=cid)
        case it.Hold(cid=cid, on=on):
            return m.Hold(login=login, cid=cid, on=on)
        case it.Mute(cid=cid, on=on):
            return m.Mute(login=login, cid=cid, on=on)
        case it.SendDtmf(cid=cid, digits=digits):
            if not DTMF_DIGITS.match(digits):
                raise CommandError("DTMF accepts only 0–9, *, # and !", kind=FailureReason.INVALID)
            return m.SendDTMFSignal(login=login, cid=cid, dtmf_string=digits)
        case it.CloseCall(cid=cid):
            return m.Close(login=login, cid=cid)
        case it.SetActive(cid=cid):
            return m.SetActive(login=login, cid=cid)
        case it.MakeCall(number=number):
            return m.MakeCall(login=login, phone_number=number.strip())
        case it.ChangeState(state=state, reason=reason):
            return m.ChangeUserState(login=login, state=state, reason=reason or None)
        case it.TransferCall(cid=cid, kind=kind, target=target):
            return _transfer(kind)(login=login, cid=cid, phone_number=target.strip())
        case it.BreakTransfer(cid=cid):
            return m.BreakTransfer(login=login, cid=cid)
        case it.FinishConferenceTransfer(cid=cid):
            return m.FinishConferenceTransfer(login=login, cid=cid)
        case it.SetCallParam(cid=cid, name=name, value=value):
            return m.SetCallParam(login=login, cid=cid, param_name=name, param_value=value)
        case it.SetLocalParam(cid=cid, name=name, value=value):
            return m.SetLocalParam(login=login, cid=cid, param_name=name, param_value=value)
        case it.SetSecureMode(cid=cid, enable=enable):
            return m.SetSessionSecureMode(login=login, cid=cid, enable=enable)
        case it.SetMusicOnHold(cid=cid, url=url):
            return m.SetMusicOnHold(login=login, cid=cid, url=url)
    return _conference_or_service(intent, login)


_TransferCommand = (
    type[m.Transfer]
    | type[m.ConsultationTransfer]
    | type[m.ConferenceTransfer]
    | type[m.TransferWithCallBack]
)
_TRANSFERS: Mapping[TransferKind, _TransferCommand] = {
    TransferKind.BLIND: m.Transfer,
    TransferKind.CONSULTATION: m.ConsultationTransfer,
    TransferKind.CONFERENCE: m.ConferenceTransfer,
    TransferKind.CALLBACK: m.TransferWithCallBack,
}


def _transfer(kind: TransferKind) -> _TransferCommand:
    return _TRANSFERS[kind]


def _conference_or_service(intent: it.Intent, login: str) -> m.Message:
    match intent:
        case it.CreateConference(name=name):
            return m.CreateConference(login=login, conference_name=name)
        case it.MakeConferenceCall(conf_id=conf, number=number):
            return m.MakeConferenceCall(login=login, conf_id=conf, phone_number=number.strip())
        case it.AddCallToConference(conf_id=conf, cid=cid):
            return m.AddCallToConference(login=login, conf_id=conf, cid=cid)
        case it.RemoveCallFromConference(conf_id=conf, cid=cid):
            return m.RemoveCallFromConference(login=login, conf_id=conf, cid=cid)
        case it.JoinConference(conf_id=conf):
            return m.JoinConference(login=login, conf_id=conf)
        case it.LeaveConference(conf_id=conf):
            return m.LeaveConference(login=login, conf_id=conf)
        case it.HangupConference(conf_id=conf):
            return m.HangupConference(login=login, conf_id=conf)
        case it.ReopenAudioDevice():
            return m.ReopenAudioDevice(login=login)
        case it.BindNumber(number=number, replace=replace):
            return m.BindNumber(login=login, number=number, replace=replace)
        case it.Logout():
            return m.Logout(login=login)
        case it.ExitPhone():
            return m.Exit(login=login)
    raise CommandError(f"{type(intent).__name__} is not supported", kind=FailureReason.UNSUPPORTED)


class NaumenBackend:
    """A :class:`~agent_toolbar.cti.backend.Backend` over the Naumen CTI API."""

    def __init__(
        self,
        config: ClientConfig,
        *,
        phone: PhoneKind = PhoneKind.SOFTPHONE,
        backoff: Backoff | None = None,
        clock: Callable[[], float] = time.time,
        project_param: str = "ProjectId",
        pms_timeout: float = 10,
    ) -> None:
        """Create the backend; :meth:`run` connects.

        ``project_param`` and ``pms_timeout`` shape the PMS requests of call results and
        callbacks (``naumen/pms_project_param``, ``naumen/pms_timeout``).
        """
        self._capabilities = naumen_capabilities(phone)
        if phone is PhoneKind.WEBPHONE and config.conferences:
            config = dataclasses.replace(config, conferences=False)
        self._sinks: list[EventSink] = []
        self._clock = clock
        self._substates = SubstateTracker()
        self.extras = NaumenExtras(
            config.login, project_param=project_param, pms_timeout=pms_timeout, clock=clock
        )
        self._tasks: set[asyncio.Task[None]] = set()
        self._server_clock = ServerClock()
        self.client = NaumenClient(
            config,
            on_message=self._on_message,
            on_status=self._on_status,
            backoff=backoff,
            clock=clock,
        )

    @property
    def login(self) -> str:
        """The operator's login."""
        return self.client.config.login

    @property
    def identity(self) -> OperatorIdentity:
        """Naumen identifies operators by login only."""
        return OperatorIdentity(self.login)

    @property
    def capabilities(self) -> Capabilities:
        """What a Naumen SoftPhone/WebPhone can do."""
        return self._capabilities

    @property
    def status(self) -> ConnectionStatus:
        """The client's connection status."""
        return self.client.status

    def subscribe(self, sink: EventSink) -> None:
        """Deliver domain events to ``sink``."""
        self._sinks.append(sink)

    async def run(self) -> None:
        """Connect and stay connected until :meth:`stop`."""
        await self.client.run()

    async def stop(self) -> None:
        """Detach and close."""
        for task in tuple(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.client.stop()

    def reconnect_now(self) -> None:
        """Try to connect at once."""
        self.client.reconnect_now()

    async def execute(self, intent: it.Intent) -> Accepted | None:
        """Send the command for ``intent`` and wait for its reply (``Ok`` is proof enough)."""
        if not self._capabilities.has(intent.feature):
            raise CommandError("the WebPhone has no such command", kind=FailureReason.UNSUPPORTED)
        command = self.extras.command(intent) or to_command(intent, self.login)
        await self.client.request(command)
        return None

    def _emit(self, event: ev.DomainEvent) -> None:
        for sink in tuple(self._sinks):
            sink(event)

    def _on_message(self, msg: m.Message | m.UnknownMessage, at: float) -> None:
        self._learn(msg)
        for event in to_events(msg, at, self._server_clock, self._substates):
            self._emit(event)
        for event in self.extras.events(msg, at):
            self._emit(event)

    def _learn(self, msg: m.Message | m.UnknownMessage) -> None:
        """What the text sessions and wrap-up records need to know about calls."""
        match msg:
            case m.NewCall() | m.CallStatus():
                calls: tuple[m.NewCall | m.CallStatus, ...] = (msg,)
            case m.Calls():
                calls = msg.calls
            case m.CallParams(cid=cid, params=params) if params:
                self.extras.on_params(cid, dict(params))
                return
            case m.CallParamsUpdated(cid=cid, params=params):
                self.extras.on_params(cid, dict(params))
                return
            case m.OnClose(cid=cid):
                self.extras.on_closed(cid)
                return
            case _:
                return
        for call in calls:
            session_id = self.extras.on_call(call)
            if session_id is None:
                continue
            if self.client.ready:
                self._spawn(self._subscribe(session_id))
            else:  # the resync's Calls: subscribe once the connection is ready
                self.extras.texts.unsubscribed(session_id)

    async def _subscribe(self, session_id: str) -> None:
        try:
            ok = await self.client.request(self.extras.texts.subscription(session_id))
        except CommandError as exc:
            log.warning("subscribing to a text session failed: %s", exc)
            self.extras.texts.unsubscribed(session_id)
            return
        for event in self.extras.history(session_id, ok, self._clock()):
            self._emit(event)

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _on_status(self, status: ConnectionStatus) -> None:
        self._emit(ev.ConnectionChanged(status=status, at=self._clock()))
        if status.state is not LinkState.CONNECTED:
            self.extras.texts.forget_subscriptions()
            return
        for session_id in self.extras.texts.pending():
            self._spawn(self._subscribe(session_id))
