"""The Autosecretary platform's call events: ``CRMDData`` into operators' cards.

From the specification «Автосекретарь-CRM v. 2».

Readings of the specification:

* The body of ``POST <base>/CallEvent`` is the ``CRMDData`` object itself; a body that wraps
  it as ``{"CRMDData": {...}}`` is read too. ``CallID`` is an int64 — a JSON integer read
  exactly (never through a float), or a decimal string; anything else (a float, a bool, out
  of the int64 range) is refused.
* A call is an operator's when ``DN1`` / ``DN2`` is one of their numbers or ``EXT1`` / ``EXT2``
  one of their extensions. For ``ServiceType`` 2 (outgoing) the specification says ``DN2``,
  ``EXT1``, ``EXT2`` and ``DTMF`` are unused and ``DN1`` is the destination, so the call is
  also the operator's whose number is the ``AN`` their PBX sent with ``CallAccepted``.
* Any other event (``CallAccepted`` …) whose numbers are mine makes my card ring too.
* ``GoToTransfer`` / ``GoToShortTransfer`` / ``OperatorTransfer`` / ``PrepareToConnect`` /
  ``SubscriberFreeReceived`` to me: my card rings. ``Transfer`` / ``ShortTransfer`` to me with
  ``Result`` 1280: connected; with another result: my card ends with it (1284 no answer is
  "missed"). The same events to someone else while I am connected are my consultation: the card
  shows the transfer and its result. ``BDropped``: the operator hung up, the connected card
  ends. ``EndCall``: every card ends with who ended it (``Result`` 0–4); a card still ringing
  is missed.
* A transfer event's destination is the field of its kind: ``DN1``/``DN2`` for
  ``GoToTransfer``/``Transfer``, ``EXT1``/``EXT2`` for ``GoToShortTransfer``/``ShortTransfer``,
  ``EXT2`` first for ``OperatorTransfer`` (a stale ``DN1`` does not hide a short-number
  consultation).
* ``ServiceType`` 2 sends only ``CallAccepted``, ``CallAnswered``, ``GoToTransfer``,
  ``Transfer`` and ``EndCall``: any other event type for it is counted and not applied.
* ``EventTime`` is kept as sent (ISO 8601 with offset); a value that does not parse is kept
  and not refused (the event matters more than its clock).
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from agent_toolbar.gateway.instructions import actions_now
from agent_toolbar.gateway.numbers import normalize
from agent_toolbar.gateway.results import code_text, end_call_result, transfer_result
from agent_toolbar.gateway.store import Router
from agent_toolbar.gateway.wire import Call, Result, Transfer

__all__ = [
    "EVENT_TYPES",
    "SERVICE_TYPES",
    "AutosecretaryCall",
    "EventError",
    "Leg",
    "parse",
]

INT64_MIN: Final = -(2**63)
INT64_MAX: Final = 2**63 - 1
EVENT_TYPES: Final[dict[int, str]] = {
    1: "CallAccepted",
    2: "CallAnswered",
    3: "HelloMessage",
    4: "DTMF",
    5: "T38",
    6: "FaxTone",
    7: "RunIVR",
    8: "GoToTransfer",
    9: "Transfer",
    10: "GoToShortTransfer",
    11: "ShortTransfer",
    12: "OperatorTransfer",
    13: "RecStart",
    14: "RecStop",
    15: "EndCall",
    16: "PrepareToConnect",
    17: "BDropped",
    18: "SubscriberFreeReceived",
}
SERVICE_TYPES: Final[dict[int, str]] = {
    1: "MTSSecretary",
    2: "MTSPBX",
    3: "MTSQuality",
    4: "MTSSubCLID",
}
#: Event types ServiceType 2 (outgoing) sends.
OUTGOING_EVENTS: Final = frozenset({1, 2, 8, 9, 15})
#: Events whose POST answer the platform reads for instructions (before the operator).
POST_ANSWER_EVENTS: Final = frozenset({1, 2, 3, 4, 16})
TEXT_FIELDS: Final = ("AN", "UN", "DN1", "DN2", "EXT1", "EXT2", "DTMF", "Generic", "Result")
RINGING_EVENTS: Final = frozenset({8, 10, 12, 16, 18})
RESULT_EVENTS: Final = frozenset({9, 11})
DESTINATIONS: Final = ("DN1", "DN2", "EXT1", "EXT2")
#: The destination fields a transfer event is about (a stale DN1 on a short-number transfer
#: is not its destination).
TRANSFER_FIELDS: Final[dict[int, tuple[str, ...]]] = {
    8: ("DN1", "DN2"),
    9: ("DN1", "DN2"),
    10: ("EXT1", "EXT2"),
    11: ("EXT1", "EXT2"),
    12: ("EXT2", "EXT1"),
}
MAX_FIELD = 256


class EventError(ValueError):
    """A ``CRMDData`` the gateway does not apply (still answered 200), with a metric reason."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def call_id_of(value: Any) -> int:
    """An exact int64 from a JSON integer or a decimal string.

    Raises:
        EventError: anything else.
    """
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise EventError("bad_call_id", "CallID must be an int64")
    if isinstance(value, str):
        text = value.strip()
        if not text.lstrip("-").isdigit() or not text.isascii():
            raise EventError("bad_call_id", "CallID must be an int64")
        value = int(text)
    number = int(value)
    if not INT64_MIN <= number <= INT64_MAX:
        raise EventError("bad_call_id", "CallID is outside the int64 range")
    return number


def _small_int(data: dict[str, Any], name: str) -> int:
    value = data.get(name)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return 0


def parse(body: Any) -> dict[str, Any]:
    """``CRMDData`` as ``{"CallID": int, "EventType": int, "ServiceType": int, <text fields>}``.

    Raises:
        EventError: not an object, a bad ``CallID``, an unknown event or service type.
    """
    if isinstance(body, dict) and isinstance(body.get("CRMDData"), dict):
        body = body["CRMDData"]
    if not isinstance(body, dict):
        raise EventError("not_an_object", "CRMDData must be a JSON object")
    event: dict[str, Any] = {"CallID": call_id_of(body.get("CallID"))}
    event["EventType"] = _small_int(body, "EventType")
    event["ServiceType"] = _small_int(body, "ServiceType") or 1
    event["EventTime"] = str(body.get("EventTime") or "")[:64]
    for name in TEXT_FIELDS:
        value = body.get(name)
        if value is not None and not isinstance(value, dict | list | bool):
            event[name] = code_text(value)[:MAX_FIELD]
    if event["EventType"] not in EVENT_TYPES:
        raise EventError("unknown_event_type", "EventType must be 1-18")
    if event["ServiceType"] not in SERVICE_TYPES:
        raise EventError("unknown_service_type", "ServiceType must be 1-4")
    if event["ServiceType"] == 2 and event["EventType"] not in OUTGOING_EVENTS:
        raise EventError("event_not_for_service", "ServiceType 2 sends events 1, 2, 8, 9, 15 only")
    return event


def iso_time(value: str) -> str | None:
    """``EventTime`` as ISO 8601 (as sent when it parses, ``None`` otherwise)."""
    try:
        return datetime.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


@dataclass(slots=True)
class Leg:
    """One operator's part in an Autosecretary call."""

    state: str = "ringing"
    started_at: str | None = None
    answered_at: str | None = None
    ended_at: str | None = None
    missed: bool = False
    result: Result | None = None
    transfer: Transfer | None = None


@dataclass(slots=True)
class AutosecretaryCall:
    """The facts of one platform call (``CallID``)."""

    call_id: int
    service_type: int = 1
    key: str = ""
    ended_at: float | None = None
    last_event: str = ""
    params: dict[str, str] = field(default_factory=dict)
    legs: dict[str, Leg] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    owner_an: str = ""
    end_result: Result | None = None
    prepare: bool = False

    def __post_init__(self) -> None:
        self.key = f"as:{self.call_id}"

    @property
    def ended(self) -> bool:
        """Whether ``EndCall`` came."""
        return self.end_result is not None

    def apply(self, event: dict[str, Any], router: Router) -> bool:
        """Add one event; ``False`` for a duplicate."""
        fingerprint = hashlib.sha1(
            json.dumps(event, sort_keys=True).encode(), usedforsecurity=False
        ).hexdigest()
        if fingerprint in self.seen:
            return False
        self.seen.add(fingerprint)
        kind = event["EventType"]
        self.service_type = event["ServiceType"]
        self.last_event = EVENT_TYPES[kind]
        when = iso_time(event["EventTime"]) or event["EventTime"] or None
        for name in TEXT_FIELDS:
            if event.get(name):
                self.params[name] = event[name]
        self.params.update(
            CallID=str(self.call_id),
            EventType=str(kind),
            ServiceType=str(self.service_type),
            EventName=self.last_event,
        )
        if kind == 1 and self.service_type == 2 and event.get("AN"):
            self.owner_an = self.owner_an or event["AN"]
        targets = self._targets(event, router)
        if self.service_type == 2 and self.owner_an:
            for login in router.by_number(self.owner_an):
                self.legs.setdefault(login, Leg(state="dialing", started_at=when))
        if kind == 16:
            self.prepare = True
        if kind in RINGING_EVENTS | RESULT_EVENTS:
            self._transfer_event(kind, event, targets, when, router)
        elif kind not in (15, 17) and self.service_type != 2:
            for login in targets:  # routed already (e.g. CallAccepted's DN1 is theirs)
                self.legs.setdefault(login, Leg(started_at=when))
        elif kind == 17:
            for leg in self.legs.values():
                if leg.state == "connected":
                    leg.state, leg.ended_at = "ended", when
                    leg.result = {
                        "category": "callee_hung_up",
                        "code": "",
                        "text": "The operator hung up",
                        "vendor_text": "BDropped",
                    }
        elif kind == 15:
            self.end_result = end_call_result(event.get("Result"))
            self.ended_at = time.monotonic()
            for leg in self.legs.values():
                if leg.state != "ended":
                    leg.missed = leg.state == "ringing"
                    leg.state, leg.ended_at, leg.result = "ended", when, self.end_result
        return True

    def _targets(self, event: dict[str, Any], router: Router) -> set[str]:
        fields = (
            ("DN1",)
            if self.service_type == 2
            else TRANSFER_FIELDS.get(event["EventType"], DESTINATIONS)
        )
        logins: set[str] = set()
        for name in fields:
            logins |= _owners(name, event.get(name, ""), router)
        return logins

    def _transfer_event(
        self, kind: int, event: dict[str, Any], targets: set[str], when: str | None, router: Router
    ) -> None:
        connected = [login for login, leg in self.legs.items() if leg.state == "connected"]
        result = transfer_result(event.get("Result")) if kind in RESULT_EVENTS else None
        if self.service_type == 2:
            for owner in self.legs.values():
                if kind in RESULT_EVENTS and owner.state == "dialing" and result:
                    self._settle(owner, result, when)
            return
        for login in targets:
            found = self.legs.get(login)
            if found is None or (found.state == "ended" and kind in RINGING_EVENTS):
                found = self.legs[login] = Leg(started_at=when)
            if kind in RESULT_EVENTS and found.state == "ringing" and result:
                self._settle(found, result, when)
        if kind not in TRANSFER_FIELDS:
            return
        for login in connected:
            # my consultation: the event's destination is not one of mine
            others = [
                event[name]
                for name in TRANSFER_FIELDS[kind]
                if event.get(name) and login not in _owners(name, event[name], router)
            ]
            if not others:
                continue
            leg = self.legs[login]
            if kind in RINGING_EVENTS:
                leg.transfer = {"target": others[0], "kind": EVENT_TYPES[kind], "result": None}
            elif leg.transfer is not None:
                leg.transfer = {**leg.transfer, "result": result}
            else:
                leg.transfer = {"target": others[0], "kind": EVENT_TYPES[kind], "result": result}

    @staticmethod
    def _settle(leg: Leg, result: Result, when: str | None) -> None:
        if result["category"] == "connected":
            leg.state, leg.answered_at = "connected", when
        else:
            leg.state, leg.ended_at, leg.result = "ended", when, result
            leg.missed = result["category"] == "no_answer"

    def views(self, router: Router) -> dict[str, Call]:
        """One card per operator involved."""
        return {login: self._card(login, leg) for login, leg in sorted(self.legs.items())}

    def _card(self, login: str, leg: Leg) -> Call:
        params = dict(sorted(self.params.items()))
        outgoing = self.service_type == 2
        return {
            "id": self.key,
            "system": "autosecretary",
            "vendor_id": str(self.call_id),
            "direction": "outgoing" if outgoing else "incoming",
            "state": leg.state,
            "caller": normalize(params.get("AN", "")),
            "called": normalize(params.get("DN1", "")) if outgoing else "",
            "project": normalize(params.get("UN", "")),
            "started_at": leg.started_at,
            "answered_at": leg.answered_at,
            "ended_at": leg.ended_at,
            "duration": None,
            "missed": leg.missed,
            "result": leg.result,
            "transfer": leg.transfer,
            "stage": self.last_event,
            "actions": actions_now(self, leg),
            "params": params,
        }


def _owners(name: str, value: str, router: Router) -> set[str]:
    return router.by_extension(value) if name.startswith("EXT") else router.by_number(value)
