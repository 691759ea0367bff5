"""The typed records of Vega PBX frames, as :func:`.frames.decode` returns them.

Field meanings follow the seed's field list; the readings are in
:mod:`agent_toolbar.backends.vega.frames`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

__all__ = [
    "CallFrame",
    "ErrorFrame",
    "EventName",
    "Frame",
    "Leg",
    "LgDirection",
    "OtherLeg",
    "RejectReason",
    "Rejected",
]


class EventName(StrEnum):
    """The four values of ``event``."""

    DIAL = "call.dial"
    BRIDGE = "call.bridge"
    HANGUP = "call.hangup"
    ERROR = "error"


class LgDirection(IntEnum):
    """``lgDirection``: the call's direction, or the employee's pause state."""

    INTERNAL = 1
    OUTGOING = 2
    INCOMING = 4
    PAUSE = 32
    AVAILABLE = 64


class RejectReason(StrEnum):
    """Why a frame was refused."""

    BINARY = "binary"
    OVERSIZE = "oversize"
    INVALID_JSON = "invalid_json"
    NOT_OBJECT = "not_object"
    UNKNOWN_EVENT = "unknown_event"
    MISSING_UUID = "missing_uuid"
    MISSING_FIELD = "missing_field"
    WRONG_TYPE = "wrong_type"


@dataclass(frozen=True, slots=True)
class Leg:
    """``leg`` / ``leg2``: the entity a call reached or came from.

    Attributes:
        id: ``leg.id`` as text (a user, a group or an IVR scenario).
        type: ``leg.type``: 1 user, 2 group, 4 IVR (an unknown number is kept as is).
        ext: ``leg.ext``, the extension (``None`` for an IVR scenario).
        display_name: ``leg.displayName``.
    """

    id: str | None
    type: int | None
    ext: str | None
    display_name: str | None


@dataclass(frozen=True, slots=True)
class OtherLeg:
    """One CRM's answer about the client (an ``otherLegs`` element).

    Attributes:
        index: Position in ``otherLegs`` (ties in priority keep this order).
        id: Client id in the CRM; ``None`` when the client does not exist there.
        name: Client name; ``None`` when the client does not exist.
        num: The client's phone number.
        company_name: The client's company; ``None`` when unknown.
        url: The contact in the CRM, or the CRM's "new client" page.
        priority: The CRM connection's priority (``None`` when absent).
    """

    index: int
    id: str | None
    name: str | None
    num: str | None
    company_name: str | None
    url: str | None
    priority: float | None

    @property
    def known(self) -> bool:
        """Whether the CRM knows the client (the seed: ``id``/``name`` null = no client)."""
        return self.id is not None or self.name is not None


@dataclass(frozen=True, slots=True)
class CallFrame:
    """A ``call.dial`` / ``call.bridge`` / ``call.hangup`` frame (or a pause notice).

    Attributes:
        event: Which event.
        uuid: The call's id (``""`` only for a pause notice that came without one).
        parent_uuid: The group call this employee's call was distributed from.
        direction: ``lgDirection`` (``None`` when a bridge or hangup omits it; an unknown
            number is kept as an int).
        leg: The employee (or group, IVR) making or taking the call.
        leg2: The callee of an internal call.
        other_legs: The CRMs' answers about the client, in wire order.
        dropped_other_legs: Malformed or surplus ``otherLegs`` elements left out.
        dial_at: ``dialAt``, ms UTC by the server's clock.
        bridge_at: ``bridgeAt``, ms UTC by the server's clock (``None``: not answered).
        server_time: ``serverTime``, ms UTC when the server sent the frame.
        trunk_num: The external number used (``None`` for internal calls).
        trunk_name: The external number's label.
    """

    event: EventName
    uuid: str
    parent_uuid: str | None
    direction: int | None
    leg: Leg | None
    leg2: Leg | None
    other_legs: tuple[OtherLeg, ...]
    dropped_other_legs: int
    dial_at: int | None
    bridge_at: int | None
    server_time: int | None
    trunk_num: str | None
    trunk_name: str | None

    @property
    def is_pause_notice(self) -> bool:
        """Whether this frame reports a pause state (``lgDirection`` 32 / 64)."""
        return self.direction in (LgDirection.PAUSE, LgDirection.AVAILABLE)


@dataclass(frozen=True, slots=True)
class ErrorFrame:
    """An ``error`` event.

    Attributes:
        text: What the PBX said (``""`` when it said nothing readable).
        uuid: The call it concerns, when given.
        server_time: ``serverTime`` when given.
    """

    text: str
    uuid: str | None
    server_time: int | None


@dataclass(frozen=True, slots=True)
class Rejected:
    """A frame that was refused, and why (for the log; nothing else changes).

    Attributes:
        reason: The category.
        detail: Which field, or the parser's message (never the frame's content).
        size: The frame's size in bytes.
    """

    reason: RejectReason
    detail: str
    size: int


Frame = CallFrame | ErrorFrame | Rejected
