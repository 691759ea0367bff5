"""Decoding Vega frames: the seed's fields, its two spellings of serverTime, and garbage."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_toolbar.backends.vega.frames import (
    MAX_FRAME,
    CallFrame,
    ErrorFrame,
    EventName,
    LgDirection,
    Rejected,
    RejectReason,
    decode,
)


def seed_frame(**changes: Any) -> dict[str, Any]:
    """The seed's example, read as the field list describes it (see frames.py)."""
    frame: dict[str, Any] = {
        "event": "call.dial",
        "uuid": "c0ffee-1",
        "parentUuid": None,
        "lgDirection": 4,
        "leg": {"id": 120, "type": 1, "displayName": "Support Vega", "ext": "911"},
        "leg2": None,
        "otherLegs": [
            {
                "id": "29",
                "name": "Тест",
                "num": "+380567777777",
                "companyName": "Рекламна агенція",
                "url": "https://qwerty.pbx.vega.ua/features/crm/contacts/edit.jsp#/?id=1",
                "priority": 2,
            }
        ],
        "dialAt": 1473973200000,
        "bridgeAt": None,
        "serverTime": "1473973201000",
        "trunkNum": "567850550",
        "trunkName": "567850550",
    }
    frame.update(changes)
    return frame


def rejected(frame: Any) -> Rejected:
    result = decode(frame if isinstance(frame, str | bytes) else json.dumps(frame))
    assert isinstance(result, Rejected), result
    return result


def test_the_seed_example_decodes_field_for_field() -> None:
    frame = decode(json.dumps(seed_frame()))
    assert isinstance(frame, CallFrame)
    assert frame.event is EventName.DIAL and frame.uuid == "c0ffee-1"
    assert frame.direction is LgDirection.INCOMING and frame.parent_uuid is None
    assert frame.leg is not None
    assert (frame.leg.id, frame.leg.type, frame.leg.ext) == ("120", 1, "911")
    assert frame.leg.display_name == "Support Vega" and frame.leg2 is None
    (crm,) = frame.other_legs
    assert (crm.id, crm.name, crm.num) == ("29", "Тест", "+380567777777")
    assert crm.company_name == "Рекламна агенція" and crm.priority == 2 and crm.known
    assert crm.url is not None and crm.url.endswith("edit.jsp#/?id=1")
    assert frame.dial_at == 1473973200000 and frame.bridge_at is None
    assert frame.server_time == 1473973201000  # a string on the wire
    assert (frame.trunk_num, frame.trunk_name) == ("567850550", "567850550")


def test_server_time_as_a_number_and_numbers_as_text() -> None:
    frame = decode(json.dumps(seed_frame(serverTime=1473973201000, trunkNum=567850550)))
    assert isinstance(frame, CallFrame)
    assert frame.server_time == 1473973201000 and frame.trunk_num == "567850550"


def test_an_unknown_client_has_null_id_and_name() -> None:
    legs = [{"id": None, "name": None, "num": "+380931230000", "url": "https://c/new"}]
    frame = decode(json.dumps(seed_frame(otherLegs=legs)))
    assert isinstance(frame, CallFrame)
    assert not frame.other_legs[0].known and frame.other_legs[0].priority is None


def test_an_error_event_carries_its_text_and_maybe_a_call() -> None:
    frame = decode(json.dumps({"event": "error", "message": "CRM down", "uuid": "u1"}))
    assert frame == ErrorFrame("CRM down", "u1", None)
    bare = decode(json.dumps({"event": "error", "description": "bad", "serverTime": 1.5e12}))
    assert bare == ErrorFrame("bad", None, 1_500_000_000_000)
    assert decode('{"event": "error"}') == ErrorFrame("", None, None)


def test_a_pause_notice_needs_no_uuid() -> None:
    frame = decode(json.dumps(seed_frame(uuid=None, lgDirection=32, otherLegs=[])))
    assert isinstance(frame, CallFrame) and frame.is_pause_notice and frame.uuid == ""


def test_bridge_and_hangup_may_omit_the_direction_but_dial_may_not() -> None:
    hangup = decode(json.dumps(seed_frame(event="call.hangup", lgDirection=None)))
    assert isinstance(hangup, CallFrame) and hangup.direction is None
    assert rejected(seed_frame(lgDirection=None)).reason is RejectReason.MISSING_FIELD


def test_an_unknown_direction_number_is_kept() -> None:
    frame = decode(json.dumps(seed_frame(lgDirection=8)))
    assert isinstance(frame, CallFrame) and frame.direction == 8


def test_one_malformed_crm_answer_is_dropped_not_the_call() -> None:
    legs = [5, {"name": {"x": 1}}, {"id": 7, "name": "Ok", "priority": "1"}]
    frame = decode(json.dumps(seed_frame(otherLegs=legs)))
    assert isinstance(frame, CallFrame)
    assert frame.dropped_other_legs == 2
    assert [(leg.index, leg.id, leg.priority) for leg in frame.other_legs] == [(2, "7", 1.0)]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\x00binary", RejectReason.BINARY),
        ("{not json", RejectReason.INVALID_JSON),
        ('{"event": "call.dial", "lgDirection": NaN}', RejectReason.INVALID_JSON),
        ("[" * 100_000 + "]" * 100_000, RejectReason.OVERSIZE),
        ("[" * 20_000 + "]" * 20_000, RejectReason.INVALID_JSON),  # too deep
        ('["call.dial"]', RejectReason.NOT_OBJECT),
        ('"call.dial"', RejectReason.NOT_OBJECT),
        ('{"uuid": "u"}', RejectReason.UNKNOWN_EVENT),
        ('{"event": "call.transfer", "uuid": "u"}', RejectReason.UNKNOWN_EVENT),
        ('{"event": 5}', RejectReason.UNKNOWN_EVENT),
    ],
)
def test_garbage_is_a_typed_rejection(raw: str | bytes, reason: RejectReason) -> None:
    assert rejected(raw).reason is reason


@pytest.mark.parametrize(
    ("changes", "reason", "detail"),
    [
        ({"uuid": None}, RejectReason.MISSING_UUID, "uuid"),
        ({"uuid": ""}, RejectReason.MISSING_UUID, "uuid"),
        ({"uuid": 42}, RejectReason.WRONG_TYPE, "uuid"),
        ({"lgDirection": "in"}, RejectReason.WRONG_TYPE, "lgDirection"),
        ({"lgDirection": True}, RejectReason.WRONG_TYPE, "lgDirection"),
        ({"leg": "101"}, RejectReason.WRONG_TYPE, "leg"),
        ({"leg": {"type": "user"}}, RejectReason.WRONG_TYPE, "leg.type"),
        ({"leg": {"type": 1, "ext": ["101"]}}, RejectReason.WRONG_TYPE, "leg.ext"),
        ({"leg2": []}, RejectReason.WRONG_TYPE, "leg2"),
        ({"otherLegs": {}}, RejectReason.WRONG_TYPE, "otherLegs"),
        ({"dialAt": "yesterday"}, RejectReason.WRONG_TYPE, "dialAt"),
        ({"serverTime": 12}, RejectReason.WRONG_TYPE, "serverTime"),  # 1970: not a PBX clock
        ({"bridgeAt": False}, RejectReason.WRONG_TYPE, "bridgeAt"),
        ({"trunkName": {"a": 1}}, RejectReason.WRONG_TYPE, "trunkName"),
    ],
)
def test_wrong_types_are_named(changes: dict[str, Any], reason: RejectReason, detail: str) -> None:
    result = rejected(seed_frame(**changes))
    assert (result.reason, result.detail) == (reason, detail)


def test_the_size_bound_counts_bytes() -> None:
    text = json.dumps(seed_frame(trunkName="я" * 1000))  # 2 bytes per letter in UTF-8
    size = len(text.encode())
    assert isinstance(decode(text, max_size=size), CallFrame)
    assert rejected_with(text, size - 1).reason is RejectReason.OVERSIZE
    assert MAX_FRAME >= 16 * 1024


def rejected_with(text: str, max_size: int) -> Rejected:
    result = decode(text, max_size=max_size)
    assert isinstance(result, Rejected)
    return result


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
fields = st.sampled_from(
    [
        "event",
        "uuid",
        "parentUuid",
        "lgDirection",
        "leg",
        "leg2",
        "otherLegs",
        "dialAt",
        "bridgeAt",
        "serverTime",
        "trunkNum",
        "trunkName",
        "message",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(fields, json_values), st.sampled_from(list(EventName)))
def test_no_frame_makes_the_decoder_raise(data: dict[str, Any], event: EventName) -> None:
    data.setdefault("event", str(event))
    result = decode(json.dumps(data))
    assert isinstance(result, CallFrame | ErrorFrame | Rejected)


@settings(max_examples=200, deadline=None)
@given(st.text() | st.binary())
def test_no_text_makes_the_decoder_raise(raw: str | bytes) -> None:
    assert isinstance(decode(raw), CallFrame | ErrorFrame | Rejected)
