"""Decoding what Oktell servers really send: the seed's own examples, encodings, junk."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from agent_toolbar.backends.oktell import parse
from agent_toolbar.backends.oktell.records import (
    ChainContent,
    Failure,
    FailureKind,
    LineInfo,
    LineState,
    UserState,
    Version,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "oktell"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_the_seed_examples_lack_commas_and_are_still_read() -> None:
    raw = fixture("seed_chaincontent.json").decode("utf-8")
    with pytest.raises(ValueError):
        json.loads(raw)
    chain = parse.parse_chaincontent(raw.encode())
    assert isinstance(chain, ChainContent)
    assert chain.chain_id == "c7b333a5-93b3-4277-8c60-9844d63a4732"
    assert chain.create_time == datetime(2011, 7, 27, 14, 41, 28)
    (call,) = chain.calls
    assert (call.caller_id, call.called_id, call.pbx_direction) == ("#999", "183", "internal")
    (commutation,) = chain.commutations
    assert commutation.a.user_login == "Dima" and commutation.b.user_name == "Виктор Викторыч"
    assert commutation.time_answer == datetime(2011, 7, 27, 14, 41, 31)
    assert commutation.connection_type == "ctInnerInner" and commutation.is_recorded
    queue = parse.lenient_json(fixture("seed_totalqueueinfo.json").decode("utf-8"))
    assert queue[0]["queue"][0]["managedlinenumber"] == "17633"


def test_the_seed_abonentinfo() -> None:
    line = parse.parse_abonentinfo(fixture("seed_abonentinfo.json"))
    assert isinstance(line, LineInfo)
    assert (line.state, line.code, line.code_name) == (LineState.COMMUTATED, 32, "lsCommutated")
    assert line.abonent is not None
    assert line.abonent.caller_id == "183" and line.abonent.caller_name == "Виктор Викторыч"
    assert line.abonent.commutation_id == "21164dde-0c43-46cf-b00f-77bd51cbe284"
    assert line.abonent.is_user and not line.abonent.is_ext_line


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),  # with a byte order mark
        lambda t: t.encode("utf-16-le"),
        lambda t: t.encode("utf-16-be"),
        lambda t: t.encode("cp1251"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "cp1251"],
)
def test_xml_is_decoded_as_sent_whatever_it_declares(encode: object) -> None:
    text = fixture("seed_version.xml").decode("utf-8")
    assert 'encoding="utf-16"' in text
    body = encode(text)  # type: ignore[operator]
    version = parse.parse_version(body)
    assert isinstance(version, Version)
    assert version.text.startswith("Версия программы: 2.7.120918")
    assert version.build == "2.7.4644.26860" and version.hal_build == "2.15.40.134"
    state = parse.parse_userstate(encode(fixture("seed_userstate.xml").decode()))  # type: ignore[operator]
    assert state == UserState("da803f01-ea77-40fa-bc9d-e2efb36fd5a8", 1, "usReady")


def test_a_lying_http_charset_does_not_break_utf16() -> None:
    body = fixture("seed_userstate.xml").decode().encode("utf-16-le")
    assert isinstance(parse.parse_userstate(body, "utf-8"), UserState)


@pytest.mark.parametrize(
    "body,kind",
    [
        (b"", FailureKind.EMPTY),
        (b"  \r\n", FailureKind.EMPTY),
        (b"<html><body>Error</body></html>", FailureKind.HTML),
        (b"<!DOCTYPE html><html></html>", FailureKind.HTML),
        (b"\x00\xff<okt\x13\x99", FailureKind.MALFORMED),
        (b"<oktellxmlmapper><data>", FailureKind.MALFORMED),
        (
            b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xx">]><a>&x;</a>',
            FailureKind.MALFORMED,
        ),
        (b'<oktellxmlmapper version="80710"></oktellxmlmapper>', FailureKind.MALFORMED),
    ],
)
def test_bad_xml_bodies_are_typed_failures(body: bytes, kind: FailureKind) -> None:
    got = parse.parse_userstate(body)
    assert isinstance(got, Failure) and got.kind is kind
    assert got.method == "tst_getuserstate"


@pytest.mark.parametrize(
    "body,kind",
    [
        (b"", FailureKind.EMPTY),
        (b"<html>500</html>", FailureKind.HTML),
        (b'{"currentlinestate": ', FailureKind.MALFORMED),
        (b"[1, 2]", FailureKind.MALFORMED),
        (b"{}", FailureKind.MALFORMED),
        (b'{"currentlinestate": "x"}', FailureKind.MALFORMED),
    ],
)
def test_bad_json_bodies_are_typed_failures(body: bytes, kind: FailureKind) -> None:
    got = parse.parse_abonentinfo(body)
    assert isinstance(got, Failure) and got.kind is kind


def test_field_types_are_tolerated() -> None:
    body = json.dumps(
        {
            "currentlinestate": "8",
            "currentlinestatestr": "",
            "abonentinfo": {
                "commutationid": "ABC-1",
                "callerid": 183,
                "isuser": "true",
                "isextline": 1,
                "extra": {"nested": True},
            },
        }
    ).encode()
    line = parse.parse_abonentinfo(body)
    assert isinstance(line, LineInfo) and line.state is LineState.RINGING
    assert line.abonent is not None
    assert (line.abonent.commutation_id, line.abonent.caller_id) == ("abc-1", "183")
    assert line.abonent.is_user and line.abonent.is_ext_line


def test_line_state_by_name_first() -> None:
    assert parse.line_state(999, "lsRinging") is LineState.RINGING
    assert parse.line_state(32, "") is LineState.COMMUTATED
    assert parse.line_state(77, "lsSomethingNew") is LineState.UNKNOWN
    assert parse.line_state(None, "") is LineState.UNKNOWN


def test_empty_chain_and_odd_trace() -> None:
    assert parse.parse_chaincontent(b"{}") == ChainContent()
    odd = parse.parse_chaincontent(b'{"chainid": "X", "trace": [1, {"contentelementtype": "?"}]}')
    assert odd == ChainContent(chain_id="x")
    bad = parse.parse_chaincontent(b'{"trace": "no"}')
    assert isinstance(bad, Failure) and bad.kind is FailureKind.MALFORMED


def test_times_have_no_zone() -> None:
    assert parse.parse_time("2011-07-27 14:41:31") == datetime(2011, 7, 27, 14, 41, 31)
    assert parse.parse_time("2011-07-27 14:41:31").tzinfo is None  # type: ignore[union-attr]
    assert parse.parse_time("") is None and parse.parse_time("yesterday") is None


def test_readyusers_shape() -> None:
    body = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<group name="120" ready="2" busy="3">\n'
        b'  <element name="223"/>\n  <element name="227"/>\n</group>'
    )
    got = parse.parse_readyusers(body)
    assert not isinstance(got, Failure)
    assert (got.number, got.ready, got.busy, got.elements) == ("120", 2, 3, ("223", "227"))
