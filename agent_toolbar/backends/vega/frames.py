"""Vega PBX event frames: one decoder from wire text to typed records, never an exception.

The Vega PBX pushes one JSON object per WebSocket text frame (the seed's example reads
``JSON.parse(e.data)`` and looks at ``data["event"]``). :func:`decode` turns a frame into a
:class:`CallFrame`, an :class:`ErrorFrame` or a :class:`Rejected` saying why the frame was
refused; it never raises, whatever arrives.

Readings of the fragmentary specification made here:

* The example is garbled (its head is cut off, ``leg``'s fields stand inside ``otherLegs``,
  commas are missing): we read the *field list*, not the example, and accept only valid JSON.
* ``serverTime`` is typed Number but the example sends ``"1473973201000"``: every time field
  (``dialAt``, ``bridgeAt``, ``serverTime``) is accepted as a number or a string of digits
  (:func:`agent_toolbar.backends.vega.clock.parse_ms`).
* ``leg.id`` is a Number and ``otherLegs[].id`` is ``"29"`` in the example: identifiers are
  accepted as a number or a string and kept as text.
* ``otherLegs[].priority`` is a number (the example's ``2``); a string of digits is accepted too.
* Text fields (``ext``, ``num``, ``trunkNum`` …) that arrive as numbers are kept as text
  (a phone number sent as a JSON number is still a number); objects, lists or booleans there
  are a wrong type and reject the frame.
* ``lgDirection`` 32 / 64 (pause / available) is a state notice, not a call: such a frame
  needs no ``uuid``. Every other call frame without a non-empty string ``uuid`` is rejected.
* ``call.dial`` must say its ``lgDirection`` (the direction decides whose call it is);
  ``call.bridge`` / ``call.hangup`` may omit it (the call is known from its ``call.dial``).
* The seed names no field of the ``error`` event: its text is the first string among
  ``message``, ``error``, ``description``, ``text``, ``reason``; a ``uuid`` when present ties
  it to that call.
* One malformed ``otherLegs`` element (not an object, wrong types) is dropped and counted
  rather than losing the whole call: the card matters more than one CRM's answer.
"""

from __future__ import annotations

import json
from typing import Any

from agent_toolbar.backends.vega.clock import parse_ms
from agent_toolbar.backends.vega.wire import (
    CallFrame,
    ErrorFrame,
    EventName,
    Frame,
    Leg,
    LgDirection,
    OtherLeg,
    Rejected,
    RejectReason,
)

__all__ = [
    "MAX_FRAME",
    "MAX_OTHER_LEGS",
    "CallFrame",
    "ErrorFrame",
    "EventName",
    "Frame",
    "Leg",
    "LgDirection",
    "OtherLeg",
    "RejectReason",
    "Rejected",
    "decode",
]

#: Largest frame accepted, in bytes (a call event is well under 4 KiB).
MAX_FRAME = 64 * 1024
#: CRM answers kept per call (more are dropped and counted).
MAX_OTHER_LEGS = 16
_MAX_TEXT = 2048


_ERROR_TEXT_KEYS = ("message", "error", "description", "text", "reason")


class _BadFrameError(Exception):
    def __init__(self, reason: RejectReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def decode(raw: str | bytes, *, max_size: int = MAX_FRAME) -> Frame:
    """Decode one wire frame; garbage gives a :class:`Rejected`, never an exception."""
    if isinstance(raw, bytes | bytearray | memoryview):
        return Rejected(RejectReason.BINARY, "binary frame", len(raw))
    size = len(raw) if len(raw) * 4 <= max_size else len(raw.encode("utf-8", "replace"))
    if size > max_size:
        return Rejected(RejectReason.OVERSIZE, f"{size} bytes > {max_size}", size)
    try:
        data = json.loads(raw, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        return Rejected(RejectReason.INVALID_JSON, _short(str(exc)), size)
    if not isinstance(data, dict):
        return Rejected(RejectReason.NOT_OBJECT, type(data).__name__, size)
    try:
        return _frame(data)
    except _BadFrameError as bad:
        return Rejected(bad.reason, bad.detail, size)


def _frame(data: dict[str, Any]) -> CallFrame | ErrorFrame:
    event = data.get("event")
    if not isinstance(event, str) or event not in EventName._value2member_map_:
        detail = repr(event)[:40] if isinstance(event, str) else "missing or not a string"
        raise _BadFrameError(RejectReason.UNKNOWN_EVENT, detail)
    name = EventName(event)
    if name is EventName.ERROR:
        return ErrorFrame(
            text=_error_text(data),
            uuid=_text(data, "uuid") or None,
            server_time=_ms(data, "serverTime"),
        )
    direction = _direction(data.get("lgDirection"))
    uuid = _text(data, "uuid")
    pause = direction in (LgDirection.PAUSE, LgDirection.AVAILABLE)
    if "uuid" in data and data["uuid"] is not None and not isinstance(data["uuid"], str):
        raise _BadFrameError(RejectReason.WRONG_TYPE, "uuid")
    if not uuid and not pause:
        raise _BadFrameError(RejectReason.MISSING_UUID, "uuid")
    if direction is None and name is EventName.DIAL:
        raise _BadFrameError(RejectReason.MISSING_FIELD, "lgDirection")
    others, dropped = _other_legs(data.get("otherLegs"))
    return CallFrame(
        event=name,
        uuid=uuid or "",
        parent_uuid=_text(data, "parentUuid") or None,
        direction=direction,
        leg=_leg(data.get("leg"), "leg"),
        leg2=_leg(data.get("leg2"), "leg2"),
        other_legs=others,
        dropped_other_legs=dropped,
        dial_at=_ms(data, "dialAt"),
        bridge_at=_ms(data, "bridgeAt"),
        server_time=_ms(data, "serverTime"),
        trunk_num=_text(data, "trunkNum"),
        trunk_name=_text(data, "trunkName"),
    )


def _direction(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _BadFrameError(RejectReason.WRONG_TYPE, "lgDirection")
    if isinstance(value, str):
        if not value.strip().isdigit():
            raise _BadFrameError(RejectReason.WRONG_TYPE, "lgDirection")
        value = int(value.strip())
    try:
        return LgDirection(value)
    except ValueError:
        return int(value)


def _leg(value: Any, where: str) -> Leg | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _BadFrameError(RejectReason.WRONG_TYPE, where)
    kind = value.get("type")
    if kind is not None and (isinstance(kind, bool) or not isinstance(kind, int)):
        if not (isinstance(kind, str) and kind.strip().isdigit()):
            raise _BadFrameError(RejectReason.WRONG_TYPE, f"{where}.type")
        kind = int(kind.strip())
    return Leg(
        id=_text(value, "id", where=where),
        type=kind,
        ext=_text(value, "ext", where=where),
        display_name=_text(value, "displayName", where=where),
    )


def _other_legs(value: Any) -> tuple[tuple[OtherLeg, ...], int]:
    if value is None:
        return (), 0
    if not isinstance(value, list):
        raise _BadFrameError(RejectReason.WRONG_TYPE, "otherLegs")
    legs: list[OtherLeg] = []
    dropped = 0
    for index, item in enumerate(value):
        if len(legs) >= MAX_OTHER_LEGS or not isinstance(item, dict):
            dropped += 1
            continue
        try:
            legs.append(_other_leg(index, item))
        except _BadFrameError:
            dropped += 1
    return tuple(legs), dropped


def _other_leg(index: int, item: dict[str, Any]) -> OtherLeg:
    priority = item.get("priority")
    if priority is None:
        rank = None
    elif _numeric(priority):
        rank = float(priority)
    else:
        raise _BadFrameError(RejectReason.WRONG_TYPE, "otherLegs[].priority")
    if rank is not None and rank != rank:  # NaN cannot be ordered
        raise _BadFrameError(RejectReason.WRONG_TYPE, "otherLegs[].priority")
    return OtherLeg(
        index=index,
        id=_text(item, "id", where="otherLegs[]"),
        name=_text(item, "name", where="otherLegs[]"),
        num=_text(item, "num", where="otherLegs[]"),
        company_name=_text(item, "companyName", where="otherLegs[]"),
        url=_text(item, "url", where="otherLegs[]"),
        priority=rank,
    )


def _text(data: dict[str, Any], key: str, *, where: str = "") -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _BadFrameError(RejectReason.WRONG_TYPE, f"{where}.{key}" if where else key)
    text = value if isinstance(value, str) else _number_text(value)
    return text.strip()[:_MAX_TEXT]


def _ms(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    parsed = parse_ms(value)
    if parsed is None:
        raise _BadFrameError(RejectReason.WRONG_TYPE, key)
    return parsed


def _error_text(data: dict[str, Any]) -> str:
    for key in _ERROR_TEXT_KEYS:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:_MAX_TEXT]
    return ""


def _number_text(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _numeric(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int | float) or (isinstance(value, str) and _is_number(value))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _short(text: str) -> str:
    return text if len(text) <= 120 else text[:117] + "..."
