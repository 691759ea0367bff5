"""README is the public contract for admins: every setting and command-line option is in it."""

from __future__ import annotations

import re
from pathlib import Path

from agent_toolbar.app.cli import parse_args
from agent_toolbar.settings import DECLARATIONS, LOCKS_KEY, Kind

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_setup_commands() -> None:
    block = re.search(r"```bash\n(.*?)```", README, re.S)
    assert block is not None and README.index("```bash") < README.index("## ")
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2
    assert "run-demo.sh" in commands[0] and "run-tests.sh" in commands[1]
    ci = (Path(__file__).parents[2] / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/run-tests.sh" in ci


def test_every_visible_setting_is_documented() -> None:
    missing = [
        d.key
        for d in DECLARATIONS
        if not d.hidden and f"`{d.key}`" not in README and not d.key.startswith("states/custom")
    ]
    assert missing == []
    assert "`states/custom1` … `states/custom3`" in README
    assert f"`{LOCKS_KEY}`" in README


def test_every_command_line_option_is_documented() -> None:
    options = [
        "--demo",
        "--config",
        "--system-config",
        "--server",
        "--login",
        "--log-level",
        "--version",
        "--smoke",
        "--dial",
        "--command",
        "--reason",
    ]
    parse_args([])  # the parser exists and takes no arguments
    for option in options:
        assert option in README, option


def test_every_default_hotkey_is_in_the_hotkey_table() -> None:
    for d in DECLARATIONS:
        if d.key.startswith("hotkeys/") and d.kind is Kind.KEYS:
            assert f"`{d.default}`" in README, d.key
