"""Issue 11 items 9 and 11: odd but decodable frames keep their message.

A lone surrogate (``"\\ud800"``) in call data becomes U+FFFD at decode, so the screen-pop,
its "Open CRM" and the log all work; a 400-digit number in an optional field is a bad field,
not a lost message.
"""

from __future__ import annotations

import logging
from pathlib import Path

from agent_toolbar import logs
from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.backends.naumen.adapter import call_info
from agent_toolbar.screenpop.safety import UrlPolicy, check_url
from agent_toolbar.screenpop.template import CallData, Template

NEW_CALL = (
    '{"name": "NewCall", "login": "ivanov", "cid": "c1", "type": "sip", "state": "new", '
    '"direction": "in", "hold": false, "muted": false, "displayName": "%s", '
    '"creationTime": %s, "params": {"caller": "%s", "sessionId": "s1"}}'
)


def test_a_lone_surrogate_becomes_a_replacement_character() -> None:
    frame = NEW_CALL % ("Ива\\ud800нов", "1700000000000", "+7916\\udfff")
    result = m.decode(frame)
    assert isinstance(result.message, m.NewCall), result.error
    assert result.message.display_name == "Ива\ufffdнов"
    assert result.message.params["caller"] == "+7916\ufffd"
    # a proper pair stays one character
    pair = m.decode(NEW_CALL % ("\\ud83d\\ude00", "1", "1"))
    assert isinstance(pair.message, m.NewCall)
    assert pair.message.display_name == "\U0001f600"


def test_the_screen_pop_and_the_log_survive_it(tmp_path: Path) -> None:
    result = m.decode(NEW_CALL % ("\\ud800", "1700000000000", "\\ud800123"))
    assert isinstance(result.message, m.NewCall)
    info = call_info(result.message)
    data = CallData(cid=info.cid, display_name=info.display_name, params=info.params)
    rendered = Template("https://crm.example.test/c?p={caller}&n={displayName}").render(data)
    assert rendered.url is not None
    verdict = check_url(rendered.url, UrlPolicy.of(["https"], ["crm.example.test"]))
    assert verdict.ok, verdict.reason
    path = logs.setup_logging("INFO", directory=tmp_path, console=False)
    assert path is not None
    errors: list[str] = []
    previous = logging.raiseExceptions
    logging.raiseExceptions = True
    try:
        handler = next(h for h in logging.getLogger().handlers if getattr(h, "_agent_toolbar", 0))
        handler.handleError = lambda record: errors.append(record.getMessage())  # type: ignore[method-assign]
        logging.getLogger("agent_toolbar.test").warning("call from %s", info.display_name)
        logging.getLogger("agent_toolbar.test").warning("raw \ud800 in a message")
    finally:
        logging.raiseExceptions = previous
        logs.setup_logging("INFO", directory=tmp_path / "other", console=False)
    assert errors == []
    text = path.read_text(encoding="utf-8")
    assert "call from \ufffd" in text
    assert "raw \ufffd in a message" in text


def test_a_huge_number_in_an_optional_field_keeps_the_message() -> None:
    huge = "9" * 400
    result = m.decode(NEW_CALL % ("Иванов", huge, "+79161234567"))
    assert isinstance(result.message, m.NewCall), result.error
    assert result.message.creation_time is None
    assert any("creationTime" in p for p in result.problems)
    assert call_info(result.message).created_at is None
