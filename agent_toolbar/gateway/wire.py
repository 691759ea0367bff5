"""The toolbar channel's messages: one JSON object per WebSocket text frame (protocol 1).

This module is the contract between ``agent-toolbar-gateway`` and the toolbar's client of it.
It imports the standard library only, so the toolbar can use it without aiohttp.

Connecting: ``GET /toolbar`` upgraded to a WebSocket, with the headers
``Authorization: Bearer <token>`` and ``X-Agent-Toolbar-Login: <login>`` (the token is the
operator's own; a wrong pair is refused with HTTP 401 before the upgrade). The gateway then
sends, in this order and on every (re)connect:

1. ``hello`` — ``{"type": "hello", "protocol": 1, "server": "...", "login": "...",
   "instance": "...", "heartbeat": 20, "max_frame": 65536}``. ``instance`` changes when the
   gateway restarts.
2. ``snapshot`` — ``{"type": "snapshot", "calls": [Call, ...], "instructions":
   [Instruction, ...]}``: every active call of this operator and every instruction of theirs
   not yet final. A card the toolbar shows that is not in the snapshot has ended.
3. then ``call`` — ``{"type": "call", "event": "<vendor event>", "call": Call}``:
   the whole current view of one call (replace the card by ``call.id``; idempotent), and
   ``instruction`` — ``{"type": "instruction", "instruction": Instruction}``.

The toolbar may send:

* ``hello`` — ``{"type": "hello", "protocol": [1], "client": "agent-toolbar/0.1"}``
  (optional; a list without 1 is answered with ``error`` ``unsupported_protocol`` and the
  socket is closed with code 4002);
* ``instruct`` — ``{"type": "instruct", "ref": "<its own id>", "call": "as:<CallID>",
  "action": "TransferDN", "param": "74951234567"}`` (Autosecretary calls only): answered with
  an ``instruction`` whose ``ref`` echoes the toolbar's; ``status`` then moves
  ``queued`` → ``delivered`` → ``result``, or ends ``expired`` / ``cancelled`` /
  ``rejected`` (with ``reason``; a rejected one has ``id`` ``""``);
* ``cancel`` — ``{"type": "cancel", "instruction": "<id>"}`` (only while ``queued``; else an
  ``error`` ``unknown_instruction`` / ``already_delivered`` …);
* ``ping`` — answered ``{"type": "pong"}`` (the gateway also sends WebSocket pings every
  ``heartbeat`` seconds and drops a toolbar that does not answer them).

A frame that is not a JSON object or of an unknown type is answered with
``{"type": "error", "reason": "...", "detail": "..."}`` and the connection stays open; a frame
over ``max_frame`` bytes closes it (1009). Other close codes: 1001 the gateway is stopping,
4002 unsupported protocol, 4008 too slow to read its frames, 4009 replaced by a newer
connection of the same login. After any close the toolbar reconnects with jittered backoff
and takes the new snapshot as the truth.

The toolbar's side builds its frames with :func:`client_hello`, :func:`instruct`,
:func:`cancel` and :func:`ping`, and reads the gateway's with :func:`decode`.

A **Call** is ``{"id", "system", "vendor_id", "direction", "state", "caller", "called",
"project", "started_at", "answered_at", "ended_at", "duration", "missed", "result",
"transfer", "stage", "actions", "params"}``: ``system`` is ``webhook`` or ``autosecretary``;
``state`` one of :data:`CALL_STATES`; ``result`` and ``transfer.result`` are a
:class:`Result` dict ``{"category", "code", "text", "vendor_text"}`` or ``null``;
``actions`` lists the action names (:data:`ACTIONS`) the platform accepts now; ``params``
holds the vendor's own fields as strings (``SessionID``, ``CityNumber``, ``CallID``, ``AN``,
``DN1``, …) for screen-pop templates.
"""

from __future__ import annotations

import json
from typing import Any, Final, Literal, TypedDict

__all__ = [
    "ACTIONS",
    "CALL_STATES",
    "INSTRUCTION_STATUSES",
    "LOGIN_HEADER",
    "PROTOCOL",
    "SUBPROTOCOL",
    "Call",
    "Instruction",
    "ProtocolError",
    "Result",
    "Transfer",
    "cancel",
    "client_hello",
    "decode",
    "encode",
    "error",
    "hello",
    "instruct",
    "ping",
]

PROTOCOL: Final = 1
SUBPROTOCOL: Final = "agent-toolbar-gateway.v1"
LOGIN_HEADER: Final = "X-Agent-Toolbar-Login"
CLOSE_UNSUPPORTED: Final = 4002
CLOSE_SLOW: Final = 4008
CLOSE_REPLACED: Final = 4009

CallState = Literal["ringing", "dialing", "connected", "ended"]
CALL_STATES: Final[tuple[str, ...]] = ("ringing", "dialing", "connected", "ended")
INSTRUCTION_STATUSES: Final[tuple[str, ...]] = (
    "queued",
    "delivered",
    "result",
    "expired",
    "cancelled",
    "rejected",
)
FINAL_STATUSES: Final = frozenset({"result", "expired", "cancelled", "rejected"})

#: The Autosecretary's action codes (ReturnCRMData.EventType) by name, as its specification
#: lists them.
ACTIONS: Final[dict[str, int]] = {
    "TransferDN": 1,
    "TransferEXT": 2,
    "PlayPrompt": 3,
    "Hangup": 4,
    "TransferPBX": 5,
    "PlayMenuBlock": 6,
    "PlayPromptAndBack": 7,
    "PlayPromptToOperator": 8,
    "TransferDNRec": 9,
    "TransferPBXRec": 10,
    "IgnorePromptToOperator": 11,
    "BackFromConsultCall": 12,
}

#: Result categories (the toolbar words them; ``text`` is the English fallback).
CATEGORIES: Final[tuple[str, ...]] = (
    "completed",
    "missed",
    "answered_elsewhere",
    "rejected",
    "cancelled",
    "busy",
    "no_answer",
    "unavailable",
    "invalid_number",
    "forbidden",
    "insufficient_funds",
    "blocked",
    "connected",
    "ended",
    "caller_hung_up",
    "callee_hung_up",
    "caller_abandoned",
    "no_destination",
    "failed",
)


class Result(TypedDict):
    """An outcome: our category, the vendor's code as text, and words for it."""

    category: str
    code: str
    text: str
    vendor_text: str


class Transfer(TypedDict):
    """A transfer the platform is making on the call (Autosecretary)."""

    target: str
    kind: str
    result: Result | None


class Call(TypedDict):
    """One call as one operator's toolbar sees it."""

    id: str
    system: str
    vendor_id: str
    direction: str
    state: str
    caller: str
    called: str
    project: str
    started_at: str | None
    answered_at: str | None
    ended_at: str | None
    duration: int | None
    missed: bool
    result: Result | None
    transfer: Transfer | None
    stage: str
    actions: list[str]
    params: dict[str, str]


class Instruction(TypedDict):
    """A routing choice of the operator and where it stands."""

    id: str
    ref: str
    call: str
    action: str
    code: int
    param: str
    status: str
    reason: str
    channel: str
    result: Result | None


class ProtocolError(ValueError):
    """A frame that is not one of this protocol's messages."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def encode(message: Any) -> str:
    """One frame's text (compact JSON, UTF-8 kept as is)."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def decode(text: str | bytes, *, max_size: int = 65536) -> dict[str, Any]:
    """Parse one frame into a message dict with a string ``type``.

    Raises:
        ProtocolError: too large, not JSON, not an object or without a ``type``.
    """
    if len(text) > max_size:
        raise ProtocolError("too_large", f"{len(text)} > {max_size} bytes")
    try:
        value = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProtocolError("not_json", str(exc)[:80]) from None
    if not isinstance(value, dict):
        raise ProtocolError("not_an_object", type(value).__name__)
    kind = value.get("type")
    if not isinstance(kind, str) or not kind:
        raise ProtocolError("no_type", "a message needs a string 'type'")
    return value


def hello(*, server: str, login: str, instance: str, heartbeat: float, max_frame: int) -> str:
    """The gateway's first frame."""
    return encode(
        {
            "type": "hello",
            "protocol": PROTOCOL,
            "server": server,
            "login": login,
            "instance": instance,
            "heartbeat": heartbeat,
            "max_frame": max_frame,
        }
    )


def error(reason: str, detail: str = "", *, ref: str | None = None) -> str:
    """An ``error`` frame."""
    message: dict[str, Any] = {"type": "error", "reason": reason, "detail": detail}
    if ref is not None:
        message["ref"] = ref
    return encode(message)


def client_hello(client: str) -> str:
    """The toolbar's optional first frame (the protocols it speaks)."""
    return encode({"type": "hello", "protocol": [PROTOCOL], "client": client})


def instruct(ref: str, call: str, action: str, param: str = "") -> str:
    """A routing choice for an Autosecretary call (``action``: a name of :data:`ACTIONS`)."""
    return encode({"type": "instruct", "ref": ref, "call": call, "action": action, "param": param})


def cancel(instruction_id: str) -> str:
    """Cancel a still queued instruction."""
    return encode({"type": "cancel", "instruction": instruction_id})


def ping() -> str:
    """An application-level ping (answered ``{"type": "pong"}``)."""
    return encode({"type": "ping"})
