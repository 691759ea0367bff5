"""When to pop: a session listener that opens the CRM card once per call, safely.

:class:`ScreenPopPolicy` subscribes to :class:`~agent_toolbar.cti.session.Session` and acts on
its :mod:`transitions <agent_toolbar.cti.transitions>`:

* ``trigger=ring``: when a customer call appears on the phone (ringing, or already
  connected, e.g. after a restart); ``trigger=answer``: when a call is answered — here or by
  another client (the SoftPhone, a CRM); ``off``: never by itself.
* The rules choose the template (:mod:`~agent_toolbar.screenpop.rules`). When the rule choice
  or the chosen template needs a value the call does not have yet (``params`` arrive later
  in ``CallParams``), the policy waits for it, at most ``wait_ms``; then it decides with what
  is there, per ``screenpop/missing``.
* Once per call, keyed by ``params.sessionId`` (the call's ``cid`` until the session id is
  known, and both afterwards). The keys live as long as the policy (bounded), so a call seen
  again in a snapshot after a reconnect, or in a new session after re-login, does not pop
  twice. :meth:`ScreenPopPolicy.open_now` (the card's "Open CRM" button) ignores that rule —
  but never the safety check.
* With ``open_call_url`` the call's own ``params.url`` is opened too, through the same check,
  and only when allowed hosts are configured (else it is refused, and the card says why).

Opening itself is not done here: the policy hands checked addresses to ``open_url`` (the Qt
opener). Results per call are kept and reported to ``on_result`` so the card can show them.
No Qt here: timers are asyncio's ``call_later`` (or an injected scheduler in tests).
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from agent_toolbar.cti.model import Call, CallState, SessionState
from agent_toolbar.cti.transitions import (
    CallAnswered,
    CallAppeared,
    CallEnded,
    CallParamsChanged,
    CallRemoved,
    Transition,
)
from agent_toolbar.screenpop.config import ScreenPopConfig, Trigger
from agent_toolbar.screenpop.safety import check_call_url, check_url, log_refusal
from agent_toolbar.screenpop.template import CallData, TemplateError

__all__ = ["PopKind", "PopResult", "ScreenPopPolicy", "call_data"]

log = logging.getLogger(__name__)

MEMORY = 4096  # once-per-call keys remembered


class Cancellable(Protocol):
    """What a scheduler returns (``asyncio.TimerHandle`` fits)."""

    def cancel(self) -> None:
        """Stop the callback from running."""


Scheduler = Callable[[float, Callable[[], None]], Cancellable]
OpenUrl = Callable[[str, str], None]  # (url, cid)


class PopKind(enum.StrEnum):
    """What happened to one address of a call."""

    WAITING = "waiting"  # waiting for late call data
    OPENED = "opened"  # handed to the opener
    REFUSED = "refused"  # the safety check said no
    BLOCKED = "blocked"  # a required value was missing
    NO_TEMPLATE = "no_template"  # no rule applies and there is no fallback
    INVALID = "invalid"  # the template or rules cannot be parsed
    FAILED = "failed"  # the opener could not open it


@dataclass(frozen=True, slots=True)
class PopResult:
    """One screen-pop result for a call.

    Attributes:
        kind: What happened.
        source: ``template`` or ``call_url``.
        where: ``scheme://host`` of the address (safe to show and log), when there is one.
        reason: Why it was refused, blocked or failed (English).
        missing: Fields that were missing (``BLOCKED``, ``WAITING``).
    """

    kind: PopKind
    source: str = "template"
    where: str = ""
    reason: str = ""
    missing: tuple[str, ...] = ()


def call_data(call: Call, login: str) -> CallData:
    """The template view of a session call."""
    return CallData(
        cid=call.cid,
        login=login,
        display_name=call.display_name,
        direction=call.direction.value,
        params=call.params,
        local_params=call.local_params,
        kind=call.kind,
    )


@dataclass(slots=True)
class _Pending:
    cid: str
    template_done: bool = False
    url_done: bool = False
    timer: Cancellable | None = None


class ScreenPopPolicy:
    """Decides when to open which address for each call; see the module docstring."""

    def __init__(
        self,
        config: ScreenPopConfig,
        open_url: OpenUrl,
        *,
        on_result: Callable[[str, tuple[PopResult, ...]], None] | None = None,
        scheduler: Scheduler | None = None,
    ) -> None:
        """Create the policy.

        Args:
            config: Settings values.
            open_url: Called with ``(checked_url, cid)`` for every address to open.
            on_result: Called with ``(cid, results)`` whenever a call's results change.
            scheduler: ``call_later(seconds, callback)``; default: the running asyncio loop.
        """
        self._config = config
        self._open_url = open_url
        self._on_result = on_result
        self._scheduler = scheduler
        self._state = SessionState()
        self._pending: dict[str, _Pending] = {}
        self._done: OrderedDict[str, None] = OrderedDict()
        self._results: dict[str, tuple[PopResult, ...]] = {}
        self._warned_invalid = False

    # ------------------------------------------------------------------ public API

    @property
    def config(self) -> ScreenPopConfig:
        """The configuration in force."""
        return self._config

    def configure(self, config: ScreenPopConfig) -> None:
        """Use new settings from now on (waiting calls are decided with them)."""
        self._config = config
        self._warned_invalid = False

    def results(self, cid: str) -> tuple[PopResult, ...]:
        """What screen-pop did for a call so far (empty: nothing yet)."""
        return self._results.get(cid, ())

    def waiting(self, cid: str) -> bool:
        """True while the policy waits for late data of this call."""
        return cid in self._pending

    def listener(
        self, old: SessionState, new: SessionState, transitions: Sequence[Transition]
    ) -> None:
        """The session listener (``session.subscribe(policy.listener)``)."""
        del old
        self._state = new
        trigger = self._config.trigger
        for change in transitions:
            if isinstance(change, CallAppeared):
                if trigger is Trigger.RING and change.call.state is not CallState.ENDED:
                    self._start(change.call.cid)
            elif isinstance(change, CallAnswered):
                if trigger is Trigger.ANSWER:
                    self._start(change.call.cid)
            elif isinstance(change, CallParamsChanged):
                self._remember_session(change.call)
            elif isinstance(change, CallEnded):
                if not change.call.answered:
                    self._cancel(change.call.cid)
            elif isinstance(change, CallRemoved):
                self._cancel(change.call.cid)
                self._results.pop(change.call.cid, None)
        for cid in tuple(self._pending):
            self._evaluate(cid, final=False)

    def open_now(self, cid: str, state: SessionState | None = None) -> tuple[PopResult, ...]:
        """Open the call's CRM card now (the "Open CRM" button): no once-per-call, no wait.

        Args:
            cid: The call.
            state: The session state to read the call from (default: the last one seen).
        """
        if state is not None:
            self._state = state
        call = self._state.calls.get(cid)
        if call is None:
            return ()
        self._cancel(cid)
        self._results.pop(cid, None)
        pending = _Pending(cid)
        self._decide(pending, call, final=True, force=True)
        self._mark(call)
        return self.results(cid)

    def report_failure(self, cid: str, where: str, reason: str) -> None:
        """The opener could not open an address of this call: show it on the card."""
        log.warning("screen-pop: could not open %s for call %s: %s", where, _short(cid), reason)
        if cid not in self._state.calls:
            return
        self._add(cid, PopResult(PopKind.FAILED, "opener", where, reason))

    def close(self) -> None:
        """Cancel every wait (the app is shutting down or the session is replaced).

        A call still waiting for its data was not popped: it may pop when the next session
        shows it again.
        """
        for cid in tuple(self._pending):
            self._cancel(cid)
            call = self._state.calls.get(cid)
            for key in self._keys(call) if call is not None else (f"cid:{cid}",):
                self._done.pop(key, None)

    # ------------------------------------------------------------------ internals

    def _keys(self, call: Call) -> tuple[str, ...]:
        sid = call.session_id.strip()
        return (f"cid:{call.cid}", f"sid:{sid}") if sid else (f"cid:{call.cid}",)

    def _seen(self, call: Call) -> bool:
        return any(key in self._done for key in self._keys(call))

    def _mark(self, call: Call) -> None:
        for key in self._keys(call):
            self._done[key] = None
            self._done.move_to_end(key)
        while len(self._done) > MEMORY:
            self._done.popitem(last=False)

    def _remember_session(self, call: Call) -> None:
        if f"cid:{call.cid}" in self._done:
            self._mark(call)

    def _start(self, cid: str) -> None:
        call = self._state.calls.get(cid)
        if call is None or cid in self._pending:
            return
        if call.is_device_leg or call.is_conference_leg:
            return
        if self._seen(call):
            log.debug("screen-pop: call %s was already handled", _short(cid))
            return
        self._mark(call)
        self._pending[cid] = _Pending(cid)
        wait = self._config.wait_ms / 1000.0
        if wait > 0:
            self._pending[cid].timer = self._schedule(wait, lambda: self._deadline(cid))
        self._evaluate(cid, final=wait <= 0)

    def _schedule(self, delay: float, callback: Callable[[], None]) -> Cancellable:
        if self._scheduler is not None:
            return self._scheduler(delay, callback)
        return asyncio.get_running_loop().call_later(delay, callback)

    def _deadline(self, cid: str) -> None:
        pending = self._pending.get(cid)
        if pending is not None:
            pending.timer = None
            self._evaluate(cid, final=True)

    def _cancel(self, cid: str) -> None:
        pending = self._pending.pop(cid, None)
        if pending is not None and pending.timer is not None:
            pending.timer.cancel()

    def _evaluate(self, cid: str, *, final: bool) -> None:
        pending = self._pending.get(cid)
        call = self._state.calls.get(cid)
        if pending is None:
            return
        if call is None:
            self._cancel(cid)
            return
        self._mark(call)
        if self._decide(pending, call, final=final, force=False):
            self._cancel(cid)

    def _decide(self, pending: _Pending, call: Call, *, final: bool, force: bool) -> bool:
        """Open what can be decided now; True when everything for this call is decided."""
        data = call_data(call, self._state.login)
        opened: list[str] = []
        if not pending.template_done:
            pending.template_done = self._template(call, data, final=final, opened=opened)
        if not pending.url_done:
            pending.url_done = self._call_url(call, final=final or force, opened=opened)
        return pending.template_done and pending.url_done

    def _template(self, call: Call, data: CallData, *, final: bool, opened: list[str]) -> bool:
        try:
            rules = self._config.ruleset()
        except TemplateError as exc:
            if not self._warned_invalid:
                log.error("screen-pop: the template or rules are invalid: %s", exc)
                self._warned_invalid = True
            self._set(call.cid, "template", PopResult(PopKind.INVALID, reason=str(exc)))
            return True
        match = rules.choose(data, final=final)
        if match.undecided:
            self._set(call.cid, "template", PopResult(PopKind.WAITING, reason="rule"))
            return False
        if match.rule is None:
            self._set(call.cid, "template", PopResult(PopKind.NO_TEMPLATE))
            return True
        template = match.rule.template
        missing = template.missing(data)
        if missing and not final:
            self._set(call.cid, "template", PopResult(PopKind.WAITING, missing=missing))
            return False
        rendered = template.render(data, block_missing=self._config.block_missing)
        if rendered.url is None:
            log.info(
                "screen-pop: call %s not opened: missing %s", _short(call.cid), ", ".join(missing)
            )
            result = PopResult(
                PopKind.BLOCKED, reason="missing " + ", ".join(missing), missing=missing
            )
            self._set(call.cid, "template", result)
            return True
        self._set(call.cid, "template", self._open(call.cid, rendered.url, "template", opened))
        return True

    def _call_url(self, call: Call, *, final: bool, opened: list[str]) -> bool:
        if not self._config.open_call_url:
            return True
        url = call.params.get("url", "").strip()
        if not url:
            return final
        self._set(call.cid, "call_url", self._open(call.cid, url, "call_url", opened))
        return True

    def _open(self, cid: str, url: str, source: str, opened: list[str]) -> PopResult:
        check = check_url if source == "template" else check_call_url
        verdict = check(url, self._config.url_policy)
        what = "the CRM address" if source == "template" else "the call's url"
        if not verdict.ok:
            log_refusal(verdict, f"{what} of call {_short(cid)}")
            return PopResult(PopKind.REFUSED, source, verdict.where, verdict.reason)
        if verdict.url not in opened:
            opened.append(verdict.url)
            log.info("screen-pop: opening %s (%s) for call %s", verdict.where, what, _short(cid))
            self._open_url(verdict.url, cid)
        return PopResult(PopKind.OPENED, source, verdict.where)

    def _set(self, cid: str, source: str, result: PopResult) -> None:
        kept = tuple(r for r in self._results.get(cid, ()) if r.source != source)
        self._store(cid, (*kept, result))

    def _add(self, cid: str, result: PopResult) -> None:
        self._store(cid, (*self._results.get(cid, ()), result))

    def _store(self, cid: str, results: tuple[PopResult, ...]) -> None:
        if self._results.get(cid) == results:
            return
        self._results[cid] = results
        if self._on_result is not None:
            try:
                self._on_result(cid, results)
            except Exception:
                log.exception("screen-pop result callback failed")


def _short(cid: str) -> str:
    return cid[:12] + "…" if len(cid) > 13 else cid
