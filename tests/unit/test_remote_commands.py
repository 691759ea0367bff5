"""Commands to the running toolbar: links and numbers checked, the wire lines, the options."""

from __future__ import annotations

import re

import pytest

from agent_toolbar.app.cli import parse_args
from agent_toolbar.app.remote_commands import (
    MAX_LINE,
    InvalidNumberError,
    Reply,
    Request,
    Status,
    decode_reply,
    decode_request,
    normalise_dial,
)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("tel:+7-916-123-45-67", "+79161234567"),
        ("TEL:+7(916)123.45.67;ext=12", "+79161234567"),
        ("tel:%2B79161234567", "+79161234567"),
        ("callto://+79161234567", "+79161234567"),
        ("callto:+79161234567", "+79161234567"),
        ("sip:+79161234567@pbx.example.com;transport=tcp", "+79161234567"),
        ("sips:ivanova@pbx.example.com", "ivanova@pbx.example.com"),
        ("+7 (916) 123 45 67", "+79161234567"),
        ("2001", "2001"),
        ("*21#", "*21#"),
    ],
)
def test_links_and_numbers_are_normalised(text: str, number: str) -> None:
    assert normalise_dial(text) == number


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "no number"),
        ("tel:", "no number"),
        ("12\n34", "control character (U+000A)"),
        ("tel:12%0A34", "control character (U+000A)"),
        ("+7916\u202e1234", "control character (U+202E)"),
        ("12\x1b[31m34", "control character (U+001B)"),
        ("1" * 65, "longer than 64"),
        ("x" * 600, "longer than 512"),
        ("rm -rf /", "neither a phone number nor an address"),
        ("tel:+7916;$(reboot)", None),  # parameters are dropped: the number stays
    ],
)
def test_bad_numbers_are_refused_with_a_reason(text: str, why: str | None) -> None:
    if why is None:
        assert normalise_dial(text) == "+7916"
        return
    with pytest.raises(InvalidNumberError, match=re.escape(why)):
        normalise_dial(text)


def test_requests_and_replies_round_trip() -> None:
    for request in (Request("dial", "+79161234567"), Request("command", "not-ready", "Dinner")):
        line = request.encode()
        assert line.endswith(b"\n") and len(line) < MAX_LINE
        assert decode_request(line.strip()) == request
    reply = Reply("queued", "ready: queued")
    assert decode_reply(reply.encode().strip()) == reply
    assert reply.exit_status is Status.DONE
    assert Reply("refused", "no").exit_status is Status.REFUSED
    assert Reply("bad", "no").exit_status is Status.BAD_INPUT


@pytest.mark.parametrize(
    ("line", "why"),
    [
        (b"[1]", "not an object"),
        (b'{"v": 2, "op": "dial", "number": "1"}', "protocol version"),
        (b'{"v": 1, "op": "format-disk"}', "unknown request"),
        (b'{"v": 1, "op": "command", "name": "reboot"}', "unknown command"),
        (b'{"v": 1, "op": "dial", "number": "1\\u0000"}', "control character"),
        (b'{"v": 1, "op": "dial"}', "needs a number"),
        (b'{"v": 1, "op": "dial", "number": "' + b"1" * 2000 + b'"}', "longer than 1024"),
        (b"\xff\xfe", "codec"),
    ],
)
def test_the_toolbar_refuses_bad_requests(line: bytes, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        decode_request(line)


def test_the_command_line_forwards_links_numbers_and_commands() -> None:
    assert parse_args(["tel:+7-916-123-45-67"]).dial == "+79161234567"
    assert parse_args(["--dial", "+7 916 123 45 67"]).dial == "+79161234567"
    options = parse_args(["--command", "not-ready", "--reason", "Dinner"])
    assert (options.command, options.reason, options.dial) == ("not-ready", "Dinner", None)
    assert parse_args([]).dial is None and parse_args([]).command is None


@pytest.mark.parametrize(
    "argv",
    [
        ["--dial", "12\x0734"],
        ["--command", "reboot"],
        ["--command", "hold", "tel:+7916"],
        ["--reason", "Dinner", "--command", "hold"],
        ["tel:+7916", "tel:+7917"],
    ],
)
def test_bad_forwarding_options_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse_args(argv)
    assert exit_info.value.code == Status.BAD_INPUT
    assert capsys.readouterr().err
