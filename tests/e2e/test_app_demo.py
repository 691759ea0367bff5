"""``agent-toolbar --demo``: the built-in simulator, calls arriving by themselves, clean quit."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import Launcher

pytestmark = pytest.mark.e2e


def test_demo_shows_calls_arriving_and_quits_cleanly(launch: Launcher) -> None:
    app = launch(
        "--demo",
        "--log-level",
        "DEBUG",
        login=None,
        ini="[logging]\nwire=true\n",
        name="demo",
    )
    app.wait_log(r"demo: the built-in simulator listens on ws://127\.0\.0\.1:\d+")
    app.wait_log(r"attached to ws://127\.0\.0\.1:\d+ as operator")
    app.window()
    # The demo scenario offers the first call within a few seconds of attaching.
    app.wait_log(r"tray notification shown: incoming call \S+", timeout=30)
    app.desktop.screenshot("demo")
    assert app.terminate() == 0
    log = app.log_text()
    assert re.search(r'>> \{[^\n]*"DetachFromUser"', log), "no DetachFromUser was sent"
    assert "Naumen CTI simulator stopped" in log
    stderr = app.stderr()
    assert "Task was destroyed but it is pending" not in stderr
    assert "Traceback" not in stderr
