"""Whose call is it: the Vega PBX leg rules, the call's identity and the CRM choice.

The PBX sends every employee's calls on the one socket; the operator's extension
(``vega/extension``) is the only way to know which are ours.

Rules (from the seed, with the readings marked):

* A leg is the operator when ``leg.type`` is 1 (a user) and its ``ext`` is our extension.
  Groups (2) and IVR scenarios (4) are never us, even when a group's ``ext`` equals ours.
  Extensions are compared as text with surrounding blanks removed.
* ``lgDirection`` 4 (incoming): ``leg`` is the entity that took the call; 2 (outgoing):
  ``leg`` is the user who made it; 1 (internal): ``leg`` made it and ``leg2`` takes it —
  we are the caller (dialling) when we are ``leg``, the callee (ringing) when ``leg2``.
  ``leg2`` is looked at only for internal calls (the seed: always null otherwise).
* 32 / 64 (pause / available) concern the employee in ``leg``.
* A call distributed from a group links to the group's call by ``parentUuid``; the pair is
  one call for the operator, identified by the parent's uuid (:func:`call_key`).
* CRM choice (reading: the seed does not say which way ``priority`` sorts): by default the
  *lowest* number first. The seed calls it "пріоритет підключення" (the connection's
  priority) and its only example is ``2`` on a lone entry: a rank ("first", "second" CRM),
  and a rank of 1 is the first choice in Ukrainian and Russian usage; ``highest`` reverses
  it for a PBX configured the other way. Ties keep the wire order; an entry without a
  priority comes last. A CRM that knows the client (``id`` or ``name`` not null) is
  preferred to one that does not, whatever their priorities, so a "new client" link never
  hides a contact another CRM has (reading).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from agent_toolbar.backends.vega.frames import CallFrame, Leg, LgDirection, OtherLeg

__all__ = [
    "CrmOrder",
    "LegType",
    "OurPart",
    "Role",
    "call_key",
    "choose_crm",
    "is_operator",
    "mentions_operator",
    "our_part",
    "pause_state",
]


class LegType(IntEnum):
    """``leg.type``."""

    USER = 1
    GROUP = 2
    IVR = 4


class CrmOrder(StrEnum):
    """``vega/crm_priority``: which ``priority`` comes first."""

    LOWEST = "lowest"
    HIGHEST = "highest"


class Role(StrEnum):
    """The operator's side of a call."""

    CALLEE = "callee"  # the call rings at us
    CALLER = "caller"  # we dial


@dataclass(frozen=True, slots=True)
class OurPart:
    """How a frame concerns the operator.

    Attributes:
        direction: ``lgDirection`` 1, 2 or 4.
        role: Whether we take or make the call.
        us: Our leg.
        far: The other employee's leg of an internal call (``None`` otherwise).
    """

    direction: LgDirection
    role: Role
    us: Leg
    far: Leg | None


def _norm(ext: str | None) -> str:
    return (ext or "").strip()


def is_operator(leg: Leg | None, extension: str) -> bool:
    """Whether ``leg`` is the operator: a user (type 1) at our extension."""
    ours = _norm(extension)
    return bool(leg is not None and ours and leg.type == LegType.USER and _norm(leg.ext) == ours)


def our_part(frame: CallFrame, extension: str) -> OurPart | None:
    """The operator's part in a call frame, or ``None`` when the frame is not about us."""
    direction = frame.direction
    if direction == LgDirection.INTERNAL:
        if is_operator(frame.leg, extension):
            assert frame.leg is not None
            return OurPart(LgDirection.INTERNAL, Role.CALLER, frame.leg, frame.leg2)
        if is_operator(frame.leg2, extension):
            assert frame.leg2 is not None
            return OurPart(LgDirection.INTERNAL, Role.CALLEE, frame.leg2, frame.leg)
        return None
    if direction == LgDirection.INCOMING and is_operator(frame.leg, extension):
        assert frame.leg is not None
        return OurPart(LgDirection.INCOMING, Role.CALLEE, frame.leg, None)
    if direction == LgDirection.OUTGOING and is_operator(frame.leg, extension):
        assert frame.leg is not None
        return OurPart(LgDirection.OUTGOING, Role.CALLER, frame.leg, None)
    return None


def mentions_operator(frame: CallFrame, extension: str) -> bool:
    """Whether either leg is the operator (for a bridge/hangup that omits ``lgDirection``)."""
    return is_operator(frame.leg, extension) or is_operator(frame.leg2, extension)


def pause_state(frame: CallFrame, extension: str) -> bool | None:
    """``True`` (paused) / ``False`` (available) when the frame sets our pause state."""
    if frame.direction not in (LgDirection.PAUSE, LgDirection.AVAILABLE):
        return None
    if not is_operator(frame.leg, extension):
        return None
    return frame.direction == LgDirection.PAUSE


def call_key(frame: CallFrame) -> str:
    """The call's identity for the operator: the parent's uuid for a distributed call."""
    return frame.parent_uuid or frame.uuid


def choose_crm(
    other_legs: Sequence[OtherLeg], order: CrmOrder = CrmOrder.LOWEST
) -> OtherLeg | None:
    """The CRM answer to show and pop (see the module docstring for the rule)."""
    if not other_legs:
        return None
    sign = 1.0 if order is CrmOrder.LOWEST else -1.0

    def rank(leg: OtherLeg) -> tuple[int, int, float, int]:
        missing = leg.priority is None
        value = 0.0 if leg.priority is None else sign * leg.priority
        return (0 if leg.known else 1, 1 if missing else 0, value, leg.index)

    return min(other_legs, key=rank)
