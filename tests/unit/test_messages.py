"""The 75 messages of the Naumen CTI API: coverage, round trips, spellings, malformed input."""

from __future__ import annotations

import dataclasses
import json
import re
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_toolbar.backends.naumen import codec
from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.backends.naumen.codec import Kind

FIXTURES = Path(__file__).parents[1] / "fixtures"


def toc_entries() -> list[tuple[str, str]]:
    """(section, name) pairs from the specification's table of contents (fixture)."""
    entries = []
    for line in (FIXTURES / "naumen_toc.txt").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(3\.\d+)\. Сообщение (\w+)\s", line)
        if match:
            entries.append((match[1], match[2]))
    return entries


def test_every_message_of_the_table_of_contents_is_modelled() -> None:
    toc = toc_entries()
    assert len(toc) == 75
    modelled = {(cls.SECTION, cls.NAME) for cls in m.ALL_MESSAGES}
    assert len(m.ALL_MESSAGES) == 75
    # §3.42: we send the heading's MessageInProcessMode; the contents list the other spelling
    toc = [(s, "MessageInProcessMode" if n == "MessageInProgressMode" else n) for s, n in toc]
    assert modelled == set(toc)
    assert m.lookup("MessageInProgressMode") is m.MessageInProcessMode


def test_sections_are_declared_in_document_order() -> None:
    sections = [int(cls.SECTION.split(".")[1]) for cls in m.ALL_MESSAGES]
    assert sections == list(range(1, 76))


def test_webphone_column_matches_tables_3_1_to_3_11() -> None:
    no_webphone = {cls.NAME for cls in m.ALL_MESSAGES if not cls.WEBPHONE}
    assert no_webphone == {
        "AddCallToConference",
        "BindNumber",
        "BroadcastMessage",
        "BroadcastProjectMessage",
        "ConferenceInfo",
        "Conferences",
        "CreateConference",
        "GetConferences",
        "HangupConference",
        "JoinConference",
        "LeaveConference",
        "MakeConferenceCall",
        "NewConference",
        "OnCloseConference",
        "RemoveCallFromConference",
        "ReopenAudioDevice",
        "ReopenRootPage",
        "SetMusicOnHold",
    }


def test_service_messages_carry_no_login() -> None:
    service = {cls.NAME for cls in m.ALL_MESSAGES if cls.KIND is Kind.SERVICE}
    assert service == {"Ok", "Error", "ParseError", "SetProtocolVersion"}
    for cls in m.ALL_MESSAGES:
        if cls.KIND is Kind.SERVICE:
            assert "login" not in {f.name for f in dataclasses.fields(cls)}


# --------------------------------------------------------------------------- round trips


def sample(annotation: Any, name: str, depth: int = 0) -> Any:
    """A non-default value for a field of the given annotation."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, __import__("types").UnionType):
        inner = next(a for a in typing.get_args(annotation) if a is not type(None))
        return sample(inner, name, depth)
    if annotation is str:
        return f"{name}-значение"
    if annotation is bool:
        return True
    if annotation is float:
        return 1700000000.5
    if annotation is int:
        return 3
    if origin in (Mapping, dict):
        return {"sessionId": "s-1", "ключ": "значение & = # /"}
    if origin is tuple:
        item = typing.get_args(annotation)[0]
        if item is str:
            return ("a", "b")
        if isinstance(item, type) and issubclass(item, m.Message):
            return (full_instance(item, depth + 1),)
        return ({"k": "v"},)
    raise AssertionError(f"no sample for {annotation!r}")


def full_instance(cls: type[m.Message], depth: int = 0) -> m.Message:
    hints = typing.get_type_hints(cls, {**vars(codec), **vars(m)})
    values = {f.name: sample(hints[f.name], f.name, depth) for f in dataclasses.fields(cls)}
    values["rid"] = f"rid-{cls.NAME}"
    return cls(**values)


@pytest.mark.parametrize("cls", m.ALL_MESSAGES, ids=lambda c: c.NAME)
def test_round_trip_with_every_field(cls: type[m.Message]) -> None:
    original = full_instance(cls)
    frame = m.encode(original)
    result = m.decode(frame)
    assert result.error is None
    assert result.message == original
    assert json.loads(frame)["name"] == cls.NAME


@pytest.mark.parametrize("cls", m.ALL_MESSAGES, ids=lambda c: c.NAME)
def test_round_trip_with_defaults_omits_absent_optional_fields(cls: type[m.Message]) -> None:
    original = cls()
    frame = json.loads(m.encode(original))
    assert "rid" not in frame
    assert all(value is not None for value in frame.values())
    assert m.decode(json.dumps(frame)).message == original


def test_every_example_of_the_document_decodes_cleanly() -> None:
    lines = (FIXTURES / "frames" / "spec_examples.jsonl").read_text(encoding="utf-8").splitlines()
    names = set()
    for line in lines:
        result = m.decode(line)
        assert result.error is None, (line, result.error)
        assert isinstance(result.message, m.Message), line
        names.add(type(result.message).NAME)
    assert names == {cls.NAME for cls in m.ALL_MESSAGES}


# --------------------------------------------------------------------------- spellings


@pytest.mark.parametrize(
    ("spelling", "cls"),
    [
        ("CallParams", m.CallParams),
        ("callparams", m.CallParams),
        ("Close", m.Close),
        ("close", m.Close),
        ("TransferWithCallBack", m.TransferWithCallBack),
        ("TransferWithCallback", m.TransferWithCallBack),
        ("TransferwithCallback", m.TransferWithCallBack),
        ("MessageInProgressMode", m.MessageInProcessMode),
        ("MessageInProcessMode", m.MessageInProcessMode),
        ("USERSTATE", m.UserState),
        ("newcall", m.NewCall),
        ("ReplyMessage", m.ReplyMessage),
        ("NewMessageInSession", m.NewMessageInSession),
    ],
)
def test_every_spelling_of_a_name_decodes(spelling: str, cls: type[m.Message]) -> None:
    frame = {"name": spelling, "login": "ivanov", "cid": "c1", "state": "available"}
    frame.update({"phoneNumber": "200", "session_id": "s"})
    result = m.decode(json.dumps(frame))
    assert type(result.message) is cls
    assert result.wire_name == spelling


def test_names_are_sent_with_the_heading_spelling() -> None:
    assert json.loads(m.encode(m.Close(login="a", cid="c")))["name"] == "Close"
    sent = json.loads(m.encode(m.TransferWithCallBack(login="a", cid="c", phone_number="1")))
    assert sent["name"] == "TransferWithCallBack"
    assert json.loads(m.encode(m.CallParams(login="a", cid="c")))["name"] == "CallParams"


@pytest.mark.parametrize("field", ["session_id", "sessionId"])
def test_text_session_id_in_both_spellings(field: str) -> None:
    result = m.decode(json.dumps({"name": "MessageDone", "message_id": "m", field: "s9"}))
    assert isinstance(result.message, m.MessageDone)
    assert result.message.session_id == "s9"


@pytest.mark.parametrize("field", ["messageId", "messageld"])
def test_message_id_and_its_table_typo(field: str) -> None:
    frame = {"name": "MessageInProgressMode", "login": "a", "cid": "c", field: "m1"}
    result = m.decode(json.dumps(frame))
    assert isinstance(result.message, m.MessageInProcessMode)
    assert result.message.message_id == "m1"


@pytest.mark.parametrize(("wire", "value"), [(True, True), ("true", True), ("false", False)])
def test_secure_mode_enable_as_boolean_or_string(wire: Any, value: bool) -> None:
    frame = {"name": "SetSessionSecureMode", "login": "a", "cid": "c", "enable": wire}
    result = m.decode(json.dumps(frame))
    assert isinstance(result.message, m.SetSessionSecureMode)
    assert result.message.enable is value
    assert json.loads(m.encode(result.message))["enable"] is value


def test_unknown_fields_are_tolerated_and_reported() -> None:
    frame = {"name": "OnClose", "login": "a", "cid": "c", "futureField": {"x": 1}}
    result = m.decode(json.dumps(frame))
    assert result.message == m.OnClose(login="a", cid="c")
    assert any("futureField" in p for p in result.problems)


def test_unknown_name_becomes_an_unknown_message() -> None:
    result = m.decode('{"name": "BrandNewEvent", "rid": "7", "login": "a", "x": 1}')
    assert isinstance(result.message, m.UnknownMessage)
    assert (result.message.name, result.message.rid, result.message.login) == (
        "BrandNewEvent",
        "7",
        "a",
    )


def test_calls_items_without_login_inherit_nothing_but_decode() -> None:
    frame = {"name": "Calls", "login": "a", "calls": [{"cid": "c1", "state": "new"}, {}]}
    result = m.decode(json.dumps(frame))
    assert isinstance(result.message, m.Calls)
    assert [c.cid for c in result.message.calls] == ["c1"]
    assert any("dropped" in p for p in result.problems)


def test_timestamps_and_numeric_identifiers_are_coerced() -> None:
    frame = {"name": "ConferenceInfo", "login": "a", "confId": 3, "calls": ["c1"]}
    result = m.decode(json.dumps(frame))
    assert isinstance(result.message, m.ConferenceInfo)
    assert result.message.conf_id == "3"


# --------------------------------------------------------------------------- malformed input


def malformed_corpus() -> list[str]:
    lines = (FIXTURES / "frames" / "malformed.txt").read_text(encoding="utf-8").splitlines()
    return [
        *lines,
        "",
        " ",
        "\x00\x01",
        "{" * 5000 + "}" * 5000,
        '{"name": "Ok", "rid": "' + "x" * 100000 + '"}',
    ]


@pytest.mark.parametrize("frame", malformed_corpus(), ids=lambda f: f[:40])
def test_malformed_frames_never_raise(frame: str) -> None:
    result = m.decode(frame)
    assert result.message is not None or result.error
    if result.message is None:
        assert isinstance(result.error, str) and result.error


def test_bytes_frames_and_invalid_utf8_are_reported() -> None:
    assert m.decode(b'{"name": "Ok", "rid": "1"}').message == m.Ok(rid="1")
    result = m.decode(b"\xff\xfe{}")
    assert result.message is None and result.error


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_numbers_are_refused(number: str) -> None:
    frame = '{"name": "CallStatus", "login": "a", "cid": "c", "creationTime": NUMBER}'
    result = m.decode(frame.replace("NUMBER", number))
    assert isinstance(result.message, m.CallStatus)
    assert result.message.creation_time is None
    assert any("finite" in p for p in result.problems)


def test_wrong_required_field_type_keeps_the_rid_for_correlation() -> None:
    result = m.decode('{"name": "Hold", "rid": "9", "login": "a", "cid": "c", "on": "maybe"}')
    assert result.message is None
    assert result.rid == "9"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from([cls.NAME for cls in m.ALL_MESSAGES] + ["x", "OK", "callparams"]),
    body=st.dictionaries(
        st.sampled_from(
            [
                "rid",
                "login",
                "cid",
                "state",
                "params",
                "calls",
                "on",
                "confId",
                "substates",
                "time",
                "enable",
                "conferences",
                "messages",
                "status",
                "hold",
                "to",
            ]
        ),
        json_values,
        max_size=8,
    ),
)
def test_any_json_object_decodes_without_raising(name: str, body: dict[str, Any]) -> None:
    body["name"] = name
    result = m.decode(json.dumps(body))
    assert result.message is not None or result.error


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=64))
def test_any_bytes_decode_without_raising(data: bytes) -> None:
    result = m.decode(data)
    assert result.message is not None or result.error


@pytest.mark.parametrize(
    ("wire", "rid"), [("7", "7"), (7, "7"), (5.0, "5"), (2.5, "2.5"), (True, None), ([1], None)]
)
def test_rid_reads_the_same_for_correlation_and_the_message(wire: Any, rid: str | None) -> None:
    result = m.decode(json.dumps({"name": "Ok", "rid": wire}))
    assert isinstance(result.message, m.Ok)
    assert result.message.rid == rid
    assert result.rid == rid
