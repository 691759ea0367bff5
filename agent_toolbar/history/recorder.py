"""The journal's subscriber: the session's transitions become journal events.

:class:`JournalRecorder` is a session listener (``(old, new, transitions)``); it turns
calls appearing, being answered, held, transferred, ending and leaving the phone into
:mod:`journal events <agent_toolbar.history.events>` and hands them to the writer. It only
reads the domain's state, so it works for every backend the session runs.

It also keeps the "while you were offline" bookkeeping: when the session loses sight of the
phone (the link drops, or :meth:`JournalRecorder.lost_sight` is told of a clock jump or a
network change) it takes a snapshot; when the session is synced again it takes another,
journals the summary and passes it to ``on_offline`` (the window shows it).

Readings:
    * The end result is the domain's (``Call.result``: what the system said, else an incoming
      call never answered is ``missed``, an outgoing one ``no_answer``, otherwise
      ``answered``); a call the system gave no result for that left through a completed
      transfer is ``transferred``. The system's code and text are kept beside it.
    * A call a resync shows gone (it ended while the toolbar was away) ends and closes at
      the moment the toolbar learnt it, with the result the same rules give; a call an
      events-only stream expired is ``unknown`` (the domain says so).
    * Hold has no transition of its own: a change of the call's ``hold`` flag is one.
    * A transfer try starts at its request (or at the start another client made); its result
      is the first of succeeded, failed, returned — or cancelled when the transfer vanishes.
    * A call result (disposition) is journalled when the domain's wrap-up record of the call
      (``SessionState.wrapups``) gets a new accepted code — whichever system accepted it; a
      second choice for the same call is journalled too (the last one is the call's).
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from agent_toolbar.cti import transitions as tr
from agent_toolbar.cti.model import (
    Call,
    CallState,
    Direction,
    SessionState,
    Transfer,
    TransferPhase,
)
from agent_toolbar.history import events as je
from agent_toolbar.history.model import (
    CallDirection,
    CallKey,
    CallResult,
    EntryKind,
    Outcome,
    OutcomeCategory,
    Party,
)
from agent_toolbar.history.offline import (
    CallSnap,
    OfflineReason,
    OfflineSummary,
    Snapshot,
    summarize,
    to_json,
)

_E = TypeVar("_E", bound=enum.Enum)
PROJECT_KEYS = ("ProjectTitle", "ProjectName", "projectTitle", "projectName", "project")
QUEUE_KEYS = ("QueueName", "queue", "Queue")
_DIRECTIONS = {
    Direction.IN: CallDirection.IN,
    Direction.OUT: CallDirection.OUT,
    Direction.INTERNAL: CallDirection.INTERNAL,
}
_RESULT_PHASES = {
    TransferPhase.SUCCEEDED: OutcomeCategory.SUCCEEDED,
    TransferPhase.COMPLETED: OutcomeCategory.SUCCEEDED,
    TransferPhase.RETURNED: OutcomeCategory.RETURNED,
}


def _first(call: Call, keys: Sequence[str]) -> str:
    return next((v.strip() for k in keys if (v := call.params.get(k, "")).strip()), "")


def _enum(kind: type[_E], value: str, default: _E) -> _E:
    try:
        return kind(value)
    except ValueError:
        return default


def parties_of(call: Call) -> tuple[Party, ...]:
    """The far party first (number and name), then our side's number."""
    far = Party("caller" if call.direction is not Direction.OUT else "called",
                call.number, call.display_name or call.params.get("ClientName", ""))  # fmt: skip
    near = call.called if call.direction is not Direction.OUT else call.caller
    return (far, Party("line", near)) if near and near != far.number else (far,)


def snapshot_of(state: SessionState, at: float) -> Snapshot:
    """The calls and the operator's state as an offline-summary snapshot."""
    calls = {
        c.cid: CallSnap(
            c.cid,
            "hold" if c.state is CallState.CONNECTED and c.hold else c.state.value,
            _DIRECTIONS.get(c.direction, CallDirection.UNKNOWN),
            c.number,
            c.display_name,
        )
        for c in state.customer_calls
    }
    display = state.agent.display
    return Snapshot(at, calls, display.kind.value, display.reason or "")


def end_result(call: Call) -> tuple[CallResult, Outcome | None]:
    """The journal's end result of a call that ended, and what the system said about it.

    The domain's result (the system's, else derived); a call the system gave no result for
    that left through a completed transfer is ``transferred``.
    """
    outcome = call.outcome
    transferred = call.transfer is not None and call.transfer.phase is TransferPhase.COMPLETED
    if outcome is None and transferred:
        return CallResult.TRANSFERRED, None
    result = call.result
    if result is None:  # gone before it ended (a resync): by the same rules
        if call.answered:
            result_value = "answered"
        else:
            result_value = "no_answer" if call.direction is Direction.OUT else "missed"
    else:
        result_value = result.value
    journal_result = _enum(CallResult, result_value, CallResult.UNKNOWN)
    if outcome is None or not (outcome.code or outcome.text):
        return journal_result, None
    category = OutcomeCategory.SUCCEEDED if journal_result is CallResult.ANSWERED else (
        _enum(OutcomeCategory, result_value, OutcomeCategory.FAILED)
    )  # fmt: skip
    return journal_result, Outcome(category, outcome.code, outcome.text)


def transfer_outcome(transfer: Transfer | None) -> Outcome:
    """A transfer's result as a neutral category plus the system's code and text."""
    if transfer is None:
        return Outcome(OutcomeCategory.CANCELLED)
    if transfer.phase is TransferPhase.FAILED:
        failure = transfer.failure.value if transfer.failure else "unknown"
        category = _enum(OutcomeCategory, failure, OutcomeCategory.FAILED)
        return Outcome(category, transfer.code or "", transfer.text or "")
    return Outcome(_RESULT_PHASES.get(transfer.phase, OutcomeCategory.UNKNOWN))


class JournalRecorder:
    """Writes what happens to calls into the journal (see the module docstring)."""

    def __init__(
        self,
        record: Callable[[je.JournalEvent], object],
        backend: str,
        *,
        clock: Callable[[], float] = time.time,
        on_offline: Callable[[OfflineSummary], None] | None = None,
    ) -> None:
        """Record through ``record`` (the journal's) for calls of ``backend``."""
        self._record = record
        self._backend = backend
        self._clock = clock
        self._on_offline = on_offline
        self._ended: set[str] = set()
        self._trying: set[str] = set()
        self._before: Snapshot | None = None
        self._reason = OfflineReason.RECONNECT
        self._state: SessionState | None = None

    def key(self, cid: str) -> CallKey:
        """The journal key of call ``cid``."""
        return CallKey(self._backend, cid)

    def url_popped(self, cid: str, url: str) -> None:
        """A screen-pop opened ``url`` for call ``cid``."""
        self._record(je.UrlPopped(self.key(cid), self._clock(), url))

    def disposition(self, cid: str, value: str) -> None:
        """The operator chose ``value`` for call ``cid``."""
        self._record(je.DispositionChosen(self.key(cid), self._clock(), value))

    def lost_sight(self, reason: OfflineReason) -> None:
        """The toolbar may have missed events (a clock jump, a network change) until synced."""
        if self._before is None and self._state is not None:
            self._before = snapshot_of(self._state, self._clock())
        self._reason = reason

    def __call__(
        self, old: SessionState, new: SessionState, changes: Sequence[tr.Transition]
    ) -> None:
        """Session listener: journal what ``changes`` say happened."""
        self._state = new
        now = self._clock()
        for change in changes:
            self._one(old, change, now)
        for cid, call in new.calls.items():
            before = old.calls.get(cid)
            if before is not None and before.hold != call.hold and not call.is_device_leg:
                kind = EntryKind.HOLD if call.hold else EntryKind.RESUME
                self._record(je.CallMoment(self.key(cid), kind, now))
        for cid, wrapup in new.wrapups.items():
            code = wrapup.disposition
            leg = new.calls.get(cid)
            device = leg is not None and leg.is_device_leg
            if code and code != old.wrapup_of(cid).disposition and not device:
                self._record(je.DispositionChosen(self.key(cid), now, code))
        self._offline(old, new, now)

    def _one(self, old: SessionState, change: tr.Transition, now: float) -> None:
        match change:
            case tr.CallAppeared(call=call) if not call.is_device_leg:
                self._ended.discard(call.cid)
                self._record(je.CallOpened(
                    self.key(call.cid), now, _DIRECTIONS.get(call.direction, CallDirection.UNKNOWN),
                    parties_of(call), _first(call, PROJECT_KEYS), _first(call, QUEUE_KEYS),
                    call.session_id, {"cid": call.cid}, call.created_at,
                ))  # fmt: skip
            case tr.CallParamsChanged(call=call) if not call.is_device_leg:
                self._record(je.CallInfoChanged(
                    self.key(call.cid), parties_of(call), _first(call, PROJECT_KEYS),
                    _first(call, QUEUE_KEYS), call.session_id,
                ))  # fmt: skip
            case tr.CallAnswered(call=call) if not call.is_device_leg:
                self._record(je.CallMoment(self.key(call.cid), EntryKind.ANSWER, now,
                                           call.answered_at))  # fmt: skip
            case tr.TransferChanged(call=call, transfer=transfer):
                self._transfer(old, call, transfer, now)
            case tr.CallEnded(call=call) if not call.is_device_leg:
                self._end(call, now)
            case tr.CallRemoved(call=call) if not call.is_device_leg:
                if call.cid not in self._ended:
                    self._end(call, now)
                self._ended.discard(call.cid)
                self._trying.discard(call.cid)
                self._record(je.WrapUpClosed(self.key(call.cid), now))

    def _end(self, call: Call, now: float) -> None:
        self._ended.add(call.cid)
        result, outcome = end_result(call)
        self._record(je.CallEnded(self.key(call.cid), now, result, outcome,
                                  server_at=call.hung_up_at))  # fmt: skip

    def _transfer(self, old: SessionState, call: Call, transfer: Transfer | None,
                  now: float) -> None:  # fmt: skip
        key = self.key(call.cid)
        starting = transfer is not None and transfer.phase in (
            TransferPhase.REQUESTED, TransferPhase.STARTED)  # fmt: skip
        if starting and call.cid not in self._trying:
            assert transfer is not None
            self._trying.add(call.cid)
            kind = transfer.kind.value if transfer.kind else ""
            self._record(je.CallMoment(key, EntryKind.TRANSFER_TRY, now,
                                       target=transfer.target or "", detail=kind))  # fmt: skip
        elif not starting and call.cid in self._trying:
            self._trying.discard(call.cid)
            self._record(je.CallMoment(key, EntryKind.TRANSFER_RESULT, now,
                                       outcome=transfer_outcome(transfer)))  # fmt: skip

    def _offline(self, old: SessionState, new: SessionState, now: float) -> None:
        if old.synced and not new.synced and self._before is None:
            self._before = snapshot_of(old, now)
            self._reason = OfflineReason.RECONNECT
        elif new.synced and not old.synced and self._before is not None:
            summary = summarize(self._before, snapshot_of(new, now), self._reason)
            self._before = None
            self._record(je.OfflineSummaryRecorded(now, summary.reason.value, to_json(summary)))
            if self._on_offline is not None:
                self._on_offline(summary)
