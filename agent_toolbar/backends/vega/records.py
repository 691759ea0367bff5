"""The change records the Vega tracker hands out, and its snapshot of a call.

See :mod:`agent_toolbar.backends.vega.tracker` for when each is produced.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from agent_toolbar.backends.vega.legs import Role
from agent_toolbar.backends.vega.wire import OtherLeg

__all__ = [
    "CallChanged",
    "CallEnded",
    "CallView",
    "Change",
    "Direction",
    "EndReason",
    "ErrorReported",
    "PauseChanged",
    "Phase",
    "PopUrl",
]


class Phase(StrEnum):
    """Where one of our calls is."""

    RINGING = "ringing"
    DIALLING = "dialling"
    CONNECTED = "connected"
    ENDED = "ended"


class Direction(StrEnum):
    """Which way a call goes, from ``lgDirection``."""

    INCOMING = "incoming"
    OUTGOING = "outgoing"
    INTERNAL = "internal"


class EndReason(StrEnum):
    """How a call ended (the seed gives no cause; see the module docstring)."""

    ANSWERED = "answered"
    MISSED = "missed"
    NO_ANSWER = "no_answer"
    ANSWERED_ELSEWHERE = "answered_elsewhere"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class CallView:
    """A snapshot of one of our calls.

    Attributes:
        key: The call's identity (the group parent's uuid for a distributed call).
        uuid: Our leg's uuid (the latest one).
        parent_uuid: The group call's uuid, if any.
        direction: Incoming, outgoing or internal.
        role: Whether the call rings at us (callee) or we dial (caller).
        phase: Ringing, dialling, connected or ended.
        number: The far party's number (the CRM's ``num``, or the colleague's extension).
        name: The far party's name (the CRM's ``name`` or the colleague's display name).
        company: The client's company (``companyName``).
        crm: The CRM answer chosen by priority.
        other_legs: Every CRM answer.
        group: The group the call was distributed from (its display name), if known.
        trunk_num: ``trunkNum``; trunk_name: ``trunkName``.
        dial_at: When the call was dialled, local ``time.time()`` seconds (skew-corrected).
        bridge_at: When it was answered (same clock), ``None`` until then.
        ended_at: When it ended (same clock).
        end_reason: Why it ended.
        params: Every field as text, for ``{params.…}`` templates (``url`` is the chosen one).
    """

    key: str
    uuid: str
    parent_uuid: str | None
    direction: Direction
    role: Role
    phase: Phase
    number: str | None
    name: str | None
    company: str | None
    crm: OtherLeg | None
    other_legs: tuple[OtherLeg, ...]
    group: str | None
    trunk_num: str | None
    trunk_name: str | None
    dial_at: float | None
    bridge_at: float | None
    ended_at: float | None
    end_reason: EndReason | None
    params: dict[str, str]


@dataclass(frozen=True, slots=True)
class CallChanged:
    """One of our calls appeared (``new``) or changed."""

    call: CallView
    new: bool


@dataclass(frozen=True, slots=True)
class CallEnded:
    """One of our calls ended (``call.end_reason`` says how)."""

    call: CallView


@dataclass(frozen=True, slots=True)
class PopUrl:
    """Open the chosen CRM address of a call: emitted once per call key."""

    key: str
    url: str
    call: CallView


@dataclass(frozen=True, slots=True)
class PauseChanged:
    """The operator's pause state as the PBX reports it (read-only for us)."""

    paused: bool
    at: float | None


@dataclass(frozen=True, slots=True)
class ErrorReported:
    """An ``error`` event; ``key`` names our call when it concerns one."""

    text: str
    key: str | None


Change = CallChanged | CallEnded | PopUrl | PauseChanged | ErrorReported
