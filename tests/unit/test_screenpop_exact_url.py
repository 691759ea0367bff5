"""Issue 11 item 3: the address that passes the check is the address that is opened."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from agent_toolbar.screenpop.command import run_command
from agent_toolbar.screenpop.safety import UrlPolicy, check_url
from agent_toolbar.screenpop.template import CallData, Template

POLICY = UrlPolicy.of(["https"], ["crm.example.test"])
UNSAFE = '&|^"<>{}`'


def test_characters_outside_rfc3986_are_encoded_in_path_query_and_fragment() -> None:
    verdict = check_url('https://crm.example.test/a|b^"/c?x=`calc`&y=<b>{1}#f|"', POLICY)
    assert verdict.ok, verdict.reason
    assert verdict.url == (
        "https://crm.example.test/a%7Cb%5E%22/c?x=%60calc%60&y=%3Cb%3E%7B1%7D#f%7C%22"
    )
    for ch in UNSAFE.replace("&", ""):
        assert ch not in verdict.url


@pytest.mark.parametrize(
    "url",
    [
        "https://crm.example.test/100%",
        "https://crm.example.test/a?q=%zz",
        "https://crm.example.test/a?q=%4",
        "https://crm.example.test/a#%G1",
    ],
)
def test_a_bad_percent_escape_is_refused(url: str) -> None:
    verdict = check_url(url, POLICY)
    assert not verdict.ok
    assert "percent" in verdict.reason


def test_good_escapes_are_kept_and_normalised() -> None:
    verdict = check_url("https://crm.example.test/%7e%41?q=%2f%e2%82%ac", POLICY)
    assert verdict.ok
    assert verdict.url == "https://crm.example.test/~A?q=%2F%E2%82%AC"


def test_checking_the_opened_string_again_changes_nothing() -> None:
    once = check_url('https://crm.example.test/п?x={a}&"b"#`', POLICY)
    assert once.ok
    assert check_url(once.url, POLICY).url == once.url


@pytest.mark.asyncio
async def test_the_command_opener_gets_exactly_the_checked_string(tmp_path: Path) -> None:
    record = tmp_path / "argv"
    script = tmp_path / "opener"
    script.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {record}\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    template = Template("https://crm.example.test/card?json={{%22id%22:{cid}}}&n={caller}")
    rendered = template.render(CallData(cid="c&1", params={"caller": "+7 900"}))
    assert rendered.url is not None
    verdict = check_url(rendered.url, POLICY)
    assert verdict.ok, verdict.reason
    await run_command(str(script), verdict.url, settle=5.0, environ=dict(os.environ))
    opened = record.read_text(encoding="utf-8")
    assert opened == verdict.url
    assert opened == "https://crm.example.test/card?json=%7B%22id%22:c%261%7D&n=%2B7%20900"
