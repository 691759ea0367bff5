"""The cloud PBX's webhooks: hooks into the facts of one call, facts into cards.

From the specification «Звонковые события по Webhook».

Readings of the specification:

* Only ``SessionID`` and ``HookType`` are required: the specification's own examples omit fields its
  schemas call required (``StartTime`` of ``AttemptIncCallEnd``, ``EndIncCall``,
  ``MissedIncCall``). Fields are read as strings when they are strings or numbers.
* ``ResultCode`` is an integer in the schemas and a string in the examples (``"200"``,
  ``"603-S"``): both are accepted (:mod:`agent_toolbar.gateway.results`).
* A call is an operator's when ``Called`` of an attempt, an answer or the end is one of their
  numbers (incoming) or ``Caller`` of an outgoing call is (``CreateOutCall`` / ``EndOutCall``).
  ``EndIncCall``'s ``Called`` is the number that had the call at the end, so it counts as an
  answer when ``ChangeIncCall`` was lost or comes late — but not after ``MissedIncCall`` nor
  when it is the city number (``CityNumber`` / ``Redirecting``): nobody had the call then.
* "Missed by me": the attempts to my numbers all ended (``AttemptIncCallEnd``), or the call
  ended, with no ``ChangeIncCall`` to me (an operator rung on two numbers at once still rings
  while one of them does). ``MissedIncCall`` carries the city number, not
  ours, so it alone makes nobody's card missed — it ends the ringing cards of everyone tried.
* "Answered elsewhere": a colleague's ``ChangeIncCall``, unless my own attempt had ended
  before it (``EndTime`` < ``StartDuration``: sequential ringing, then I missed it).
* Outgoing calls have no answer hook: the card says ``dialing`` until ``EndOutCall``.
* Times are the PBX's local time without an offset (``2021-01-28 14:15:22``); they are sent
  as ``2021-01-28T14:15:22`` and compared as text.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from typing import Any, Final

from agent_toolbar.gateway.numbers import normalize
from agent_toolbar.gateway.results import code_text, pbx_result
from agent_toolbar.gateway.store import Router
from agent_toolbar.gateway.wire import Call, Result

__all__ = ["HOOK_TYPES", "HookError", "WebhookCall", "digest", "parse"]

HOOK_TYPES: Final = (
    "CreateIncCall",
    "AttemptIncCallBegin",
    "ChangeIncCall",
    "AttemptIncCallEnd",
    "EndIncCall",
    "MissedIncCall",
    "CreateOutCall",
    "EndOutCall",
)
FIELDS: Final = (
    "SessionID",
    "HookType",
    "CityNumber",
    "Caller",
    "Called",
    "StartTime",
    "Redirecting",
    "StartDuration",
    "EndTime",
    "Duration",
    "ResultCode",
)
MAX_FIELD = 256


class HookError(ValueError):
    """A body the gateway refuses (400), with the reason counted in the metrics."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def _text(value: Any) -> str:
    if value is None or isinstance(value, bool | dict | list):
        return ""
    return code_text(value)[:MAX_FIELD]


def parse(body: Any) -> dict[str, str]:
    """The specification's fields of one hook as strings (unknown fields dropped).

    Raises:
        HookError: not a JSON object, no ``SessionID`` / ``HookType``, or an unknown hook.
    """
    if not isinstance(body, dict):
        raise HookError("not_an_object", "the body must be a JSON object")
    hook = {name: _text(body.get(name)) for name in FIELDS if body.get(name) is not None}
    hook = {k: v for k, v in hook.items() if v}
    if not hook.get("SessionID"):
        raise HookError("no_session_id", "SessionID is required (a non-empty string)")
    if not hook.get("HookType"):
        raise HookError("no_hook_type", "HookType is required")
    if hook["HookType"] not in HOOK_TYPES:
        raise HookError("unknown_hook_type", f"unknown HookType (one of {', '.join(HOOK_TYPES)})")
    return hook


def digest(hook: dict[str, str]) -> str:
    """A fingerprint of a hook's content (equal for a duplicate POST)."""
    return hashlib.sha1(
        json.dumps(hook, sort_keys=True).encode(), usedforsecurity=False
    ).hexdigest()


def _iso(value: str | None) -> str | None:
    return value.replace(" ", "T", 1) if value else None


@dataclass(slots=True)
class Attempt:
    """One attempt to ring one employee number."""

    started: str = ""
    ended: str = ""
    ended_seen: bool = False


@dataclass(slots=True)
class WebhookCall:
    """The facts of one PBX call (``SessionID``)."""

    session_id: str
    key: str = ""
    outgoing: bool = False
    ended_at: float | None = None
    last_event: str = ""
    params: dict[str, str] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    attempts: dict[str, Attempt] = field(default_factory=dict)
    caller: str = ""
    called: str = ""
    city: str = ""
    start: str = ""
    answered_by: str = ""
    answered_at: str = ""
    end_hook: str = ""
    end_time: str = ""
    end_called: str = ""
    duration: int | None = None
    code: str = ""
    missed: bool = False
    redirecting: str = ""

    def __post_init__(self) -> None:
        self.key = "wh:" + self.session_id

    def apply(self, hook: dict[str, str]) -> bool:
        """Add one hook's facts; ``False`` for a duplicate."""
        fingerprint = digest(hook)
        if fingerprint in self.seen:
            return False
        self.seen.add(fingerprint)
        kind = hook["HookType"]
        self.last_event = kind
        for name, value in hook.items():
            if name not in ("HookType", "Called"):
                self.params.setdefault(name, value)
        called = normalize(hook.get("Called"))
        self.caller = self.caller or normalize(hook.get("Caller"))
        self.city = self.city or normalize(hook.get("CityNumber"))
        self.redirecting = self.redirecting or normalize(hook.get("Redirecting"))
        start = hook.get("StartTime", "")
        if kind in ("CreateOutCall", "EndOutCall"):
            self.outgoing = True
            self.called = self.called or called
        if kind in ("CreateIncCall", "CreateOutCall"):
            self.start = start or self.start
            self.called = self.called or called
        elif kind in ("AttemptIncCallBegin", "AttemptIncCallEnd") and called:
            attempt = self.attempts.setdefault(called, Attempt())
            attempt.started = attempt.started or start
            if kind == "AttemptIncCallEnd":
                attempt.ended_seen = True
                attempt.ended = hook.get("EndTime", "") or attempt.ended
        elif kind == "ChangeIncCall" and called:
            self.answered_by = called
            self.answered_at = hook.get("StartDuration", "") or self.answered_at
        elif kind in ("EndIncCall", "MissedIncCall", "EndOutCall"):
            self._end(kind, hook, called)
        self.params["HookType"] = kind
        return True

    def _end(self, kind: str, hook: dict[str, str], called: str) -> None:
        self.missed = self.missed or kind == "MissedIncCall"
        if not self.end_hook or kind != "MissedIncCall":
            self.end_hook = kind
        self.end_time = hook.get("EndTime", "") or self.end_time
        self.start = self.start or hook.get("StartTime", "")
        if kind == "EndIncCall" and called:
            self.end_called = called
        if "Duration" in hook and hook["Duration"].isdigit():
            self.duration = int(hook["Duration"])
        self.code = hook.get("ResultCode", "") or self.code
        self.params.update({k: hook[k] for k in ("EndTime", "Duration", "ResultCode") if k in hook})
        if self.ended_at is None:
            self.ended_at = time.monotonic()

    def _end_answerer(self) -> str:
        """``EndIncCall``'s ``Called`` when it names who had the call (not after a miss)."""
        if self.missed or self.end_called in (self.city, self.redirecting):
            return ""
        return self.end_called

    def views(self, router: Router) -> dict[str, Call]:
        """One card per operator involved."""
        if self.outgoing:
            return {login: self._outgoing() for login in router.by_number(self.caller)}
        logins: set[str] = set()
        for number in (*self.attempts, self.answered_by, self._end_answerer(), self.called):
            logins |= router.by_number(number)
        return {login: self._incoming(login, router) for login in sorted(logins)}

    def _card(self, direction: str, caller: str, called: str) -> Call:
        return {
            "id": self.key,
            "system": "webhook",
            "vendor_id": self.session_id,
            "direction": direction,
            "state": "ringing",
            "caller": caller,
            "called": called,
            "project": self.city,
            "started_at": _iso(self.start),
            "answered_at": None,
            "ended_at": None,
            "duration": self.duration,
            "missed": False,
            "result": None,
            "transfer": None,
            "stage": self.last_event,
            "actions": [],
            "params": dict(sorted(self.params.items())),
        }

    def _outgoing(self) -> Call:
        card = self._card("outgoing", self.caller, self.called)
        card["state"] = "dialing"
        if self.end_hook:
            card["state"] = "ended"
            card["ended_at"] = _iso(self.end_time)
            card["result"] = pbx_result(self.code)
        return card

    def _incoming(self, login: str, router: Router) -> Call:
        mine = [a for number, a in self.attempts.items() if router.owns(login, number)]
        answerer = self.answered_by or self._end_answerer()
        card = self._card("incoming", self.caller, "")
        card["called"] = next((n for n in self.attempts if router.owns(login, n)), self.called)
        if not card["started_at"]:
            card["started_at"] = _iso(min((a.started for a in mine if a.started), default=None))
        ended_mine = [a.ended for a in mine if a.ended_seen]
        # missed by me only once every number of mine that was rung has stopped ringing
        all_mine_ended = bool(mine) and len(ended_mine) == len(mine)
        if answerer and router.owns(login, answerer):
            card["called"] = answerer
            card["answered_at"] = _iso(self.answered_at) or None
            card["state"] = "connected"
            if self.end_hook:
                card["state"] = "ended"
                card["ended_at"] = _iso(self.end_time)
                card["result"] = pbx_result(self.code) or _words("completed", "Call ended")
            return card
        missed_first = (
            all_mine_ended
            and bool(self.answered_at)
            and all(end and end < self.answered_at for end in ended_mine)
        )
        if answerer and not missed_first:
            card["state"] = "ended"
            card["ended_at"] = _iso(self.answered_at or self.end_time) or None
            card["result"] = _words("answered_elsewhere", "Answered by a colleague")
        elif all_mine_ended or self.end_hook:
            card["state"] = "ended"
            card["missed"] = True
            card["ended_at"] = _iso(max(ended_mine, default="") or self.end_time) or None
            final = pbx_result(self.code) if self.end_hook else None
            card["result"] = final if final and final["category"] != "completed" else None
            card["result"] = card["result"] or _words("missed", "Missed call")
        return card


def _words(category: str, text: str) -> Result:
    return {"category": category, "code": "", "text": text, "vendor_text": ""}
