"""What the Autosecretary platform sends (``CRMDData``) and how it reads the answers.

``CallID`` is an int64: bodies are encoded and decoded with :mod:`json`, whose integers are
exact Python ints, and an answer whose ``CallID`` is a JSON float (``9007199254740993.0``,
``9.007199254740993e15``) or differs from the call's by the rounding a double causes is not
in the ``ReturnCRMData`` format.

Readings of the format (the specification's table of ``ReturnCRMData`` lost its first
column): the answer is a JSON object ``{"CallID": int64, "EventType": int, "Param": string}``
where ``EventType`` is the action code 1–12 (the second table says "Тип действия int"; the
word "string" in the first belongs to ``Param``). ``CallID`` must be the call's. An answer
with no action — ``EventType`` absent, ``null`` or ``0`` — is a well-formed "nothing to do".
``Param`` must be a string when present, and non-empty for the actions it names a target of
(transfers and prompts); it is optional for ``Hangup``, ``PlayMenuBlock``,
``IgnorePromptToOperator`` and ``BackFromConsultCall``. Unknown fields are ignored. The
content of ``Param`` (number formats) is the platform's routing business, not the format's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any

Json = dict[str, Any]
MEDIA_TYPE = "application/json"
CONTENT_TYPE = "application/json; charset=UTF-8"


class EventType(IntEnum):
    """``CRMDData.EventType``: what happened on the call."""

    CALL_ACCEPTED = 1
    CALL_ANSWERED = 2
    HELLO_MESSAGE = 3
    DTMF = 4
    T38 = 5
    FAX_TONE = 6
    RUN_IVR = 7
    GO_TO_TRANSFER = 8
    TRANSFER = 9
    GO_TO_SHORT_TRANSFER = 10
    SHORT_TRANSFER = 11
    OPERATOR_TRANSFER = 12
    REC_START = 13
    REC_STOP = 14
    END_CALL = 15
    PREPARE_TO_CONNECT = 16
    B_DROPPED = 17
    SUBSCRIBER_FREE_RECEIVED = 18


class ServiceType(IntEnum):
    """``CRMDData.ServiceType``: which service the call belongs to."""

    SECRETARY = 1
    PBX_OUTGOING = 2
    QUALITY = 3
    SUB_CLID = 4


class Action(IntEnum):
    """``ReturnCRMData.EventType``: the action the CRM asks for."""

    TRANSFER_DN = 1
    TRANSFER_EXT = 2
    PLAY_PROMPT = 3
    HANGUP = 4
    TRANSFER_PBX = 5
    PLAY_MENU_BLOCK = 6
    PLAY_PROMPT_AND_BACK = 7
    PLAY_PROMPT_TO_OPERATOR = 8
    TRANSFER_DN_REC = 9
    TRANSFER_PBX_REC = 10
    IGNORE_PROMPT_TO_OPERATOR = 11
    BACK_FROM_CONSULT_CALL = 12


class EndSide(IntEnum):
    """``Result`` of ``EndCall``: who ended the call."""

    DEFAULT = 0
    CALLER = 1
    CALLED = 2
    CALLER_WHILE_DIALLING = 3
    NO_DESTINATIONS = 4


#: ``Result`` of ``Transfer``: connected, no answer, busy (others are release / SIP codes).
TRANSFER_CONNECTED, TRANSFER_NO_ANSWER, TRANSFER_BUSY = "1280", "1284", "1289"

#: Events whose POST answer is analysed before the operator is connected (ServiceType 1, 3, 4).
ANALYSED_BEFORE_CONNECT = frozenset(
    {
        EventType.CALL_ACCEPTED,
        EventType.CALL_ANSWERED,
        EventType.HELLO_MESSAGE,
        EventType.DTMF,
        EventType.PREPARE_TO_CONNECT,
    }
)

#: The only events of ServiceType 2 ("Исходящая связь").
OUTGOING_EVENTS = frozenset(
    {
        EventType.CALL_ACCEPTED,
        EventType.CALL_ANSWERED,
        EventType.GO_TO_TRANSFER,
        EventType.TRANSFER,
        EventType.END_CALL,
    }
)

#: What ServiceType 2 acts on in GET answers.
OUTGOING_GET_ACTIONS = frozenset({Action.TRANSFER_PBX, Action.BACK_FROM_CONSULT_CALL})

#: Actions whose ``Param`` names a target and so may not be empty.
NEEDS_PARAM = frozenset(
    {
        Action.TRANSFER_DN,
        Action.TRANSFER_EXT,
        Action.PLAY_PROMPT,
        Action.TRANSFER_PBX,
        Action.PLAY_PROMPT_AND_BACK,
        Action.PLAY_PROMPT_TO_OPERATOR,
        Action.TRANSFER_DN_REC,
        Action.TRANSFER_PBX_REC,
    }
)

FIELDS = ("AN", "UN", "DN1", "DN2", "EXT1", "EXT2", "DTMF", "Generic", "Result")


def event_time(moment: datetime) -> str:
    """``EventTime``: ISO 8601 with the offset, to the second (``2021-01-28T14:15:22+03:00``)."""
    if moment.tzinfo is None:
        raise ValueError("EventTime needs a time with its UTC offset")
    return moment.replace(microsecond=0).isoformat()


def crmd_data(
    call_id: int,
    event: EventType | int,
    service: ServiceType | int,
    moment: str,
    **fields: str,
) -> Json:
    """One ``CRMDData`` body: every field present, ``""`` where there is no value.

    Raises:
        ValueError: for a field name the specification does not have.
    """
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"not CRMDData fields: {sorted(unknown)}")
    body: Json = {"CallID": call_id, "EventTime": moment}
    body |= {name: fields.get(name, "") for name in FIELDS}
    body |= {"EventType": int(event), "ServiceType": int(service)}
    return body


def activation_data(un: str) -> Json:
    """The activation test's body: ``CRMDData`` with empty values and the configured ``UN``."""
    return crmd_data(0, 0, 0, "", UN=un)


def encode(body: Json) -> bytes:
    """A request body as UTF-8 JSON (ints stay exact)."""
    return json.dumps(body, ensure_ascii=False).encode()


@dataclass(frozen=True)
class Instruction:
    """A well-formed ``ReturnCRMData``; ``action`` is ``None`` for "nothing to do"."""

    call_id: int
    action: Action | None
    param: str = ""


@dataclass(frozen=True)
class Malformed:
    """An answer not in the ``ReturnCRMData`` format, and why."""

    reason: str


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_return(body: bytes, call_id: int) -> Instruction | Malformed:
    """Read an answer body as ``ReturnCRMData`` for call ``call_id``."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return Malformed(f"not JSON: {error}")
    if not isinstance(data, dict):
        return Malformed(f"not a JSON object but {type(data).__name__}")
    got = data.get("CallID")
    if not _is_int(got):
        return Malformed(f"CallID is not an integer: {got!r}")
    if got != call_id:
        return Malformed(f"CallID {got} is not this call's {call_id}")
    code = data.get("EventType")
    if code is None or (_is_int(code) and code == 0):
        action = None
    elif not _is_int(code) or code not in Action._value2member_map_:
        return Malformed(f"EventType is not an action code 1–12: {code!r}")
    else:
        action = Action(code)
    param = data.get("Param", "")
    if param is None:
        param = ""
    if not isinstance(param, str):
        return Malformed(f"Param is not a string: {param!r}")
    if action in NEEDS_PARAM and not param:
        return Malformed(f"{action.name} without a Param")
    return Instruction(call_id, action, param)


def content_type_ok(value: str | None) -> bool:
    """``application/json; charset=UTF-8``, compared as HTTP does (case, spaces, quotes)."""
    if not value:
        return False
    media, *params = (part.strip() for part in value.split(";"))
    charset = ""
    for param in params:
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset":
            charset = val.strip().strip('"').lower()
    return media.lower() == MEDIA_TYPE and charset == "utf-8"
