"""Re-opening a CRM record from the history (the screen-pop check), and losing sight."""

from __future__ import annotations

import asyncio
import stat
import sys
from pathlib import Path

import pytest

from agent_toolbar.screenpop.config import OpenWith, ScreenPopConfig
from agent_toolbar.ui.history.crm import CrmReopener
from agent_toolbar.ui.history.sight import SightWatcher, jumped


def test_an_allowed_address_opens_in_the_browser_as_checked() -> None:
    opened: list[tuple[str, str]] = []
    reopen = CrmReopener(lambda: ScreenPopConfig(allowed_hosts=("crm.example.com",)),
                         browser=lambda url, host: opened.append((url, host)))  # fmt: skip
    assert reopen("https://CRM.example.com/card?phone=79161234567") is None
    assert opened == [("https://crm.example.com/card?phone=79161234567", "crm.example.com")]


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.net/card",
        "javascript:alert(1)",
        "https://crm.example.com@evil.example.net/",
        "file:///etc/passwd",
    ],
)
def test_what_the_settings_do_not_allow_now_is_refused(url: str) -> None:
    opened: list[str] = []
    reopen = CrmReopener(lambda: ScreenPopConfig(allowed_hosts=("crm.example.com",)),
                         browser=lambda u, h: opened.append(u))  # fmt: skip
    reason = reopen(url)
    assert reason and opened == []


@pytest.mark.asyncio
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX script")
async def test_the_configured_command_gets_the_checked_address(tmp_path: Path) -> None:
    out = tmp_path / "args"
    script = tmp_path / "opener.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {out}\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    config = ScreenPopConfig(opener=OpenWith.COMMAND, command=f"{script} --new-tab")
    reopen = CrmReopener(lambda: config)
    assert reopen("https://crm.example.com/x?a=1;$(rm)") is None
    for _ in range(500):
        if out.exists() and out.read_text():
            break
        await asyncio.sleep(0.01)
    assert out.read_text().splitlines() == ["--new-tab", "https://crm.example.com/x?a=1;$(rm)"]


def test_a_clock_jump_is_a_difference_between_the_two_clocks() -> None:
    assert not jumped(5.0, 5.0)
    assert not jumped(5.2, 5.0)
    assert jumped(3605.0, 5.0)  # slept an hour
    assert jumped(-120.0, 5.0)  # the wall clock was set back


def test_the_watcher_reports_a_jump_once(qtbot) -> None:
    wall, mono = [1000.0], [50.0]
    watcher = SightWatcher(wall=lambda: wall[0], mono=lambda: mono[0], network=False)
    seen: list[str] = []
    watcher.lost_sight.connect(seen.append)
    wall[0] += 5
    mono[0] += 5
    assert not watcher.check()
    wall[0] += 7200  # asleep for two hours: the monotonic clock stood still
    mono[0] += 5
    assert watcher.check()
    wall[0] += 5
    mono[0] += 5
    assert not watcher.check()
    assert seen == ["clock_jump"]
