"""Command-line parsing: the options product.md promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from agent_toolbar import __version__
from agent_toolbar.app.cli import Options, parse_args, version_text


def test_no_arguments_is_a_plain_start() -> None:
    assert parse_args([]) == Options()


def test_every_public_option() -> None:
    opts = parse_args(
        [
            "--demo",
            "--config",
            "/tmp/u.ini",
            "--server",
            " ws://cti:8098 ",
            "--login",
            "ivanov",
            "--smoke",
            "--log-level",
            "debug",
        ]
    )
    assert opts.demo and opts.smoke
    assert opts.config == Path("/tmp/u.ini")
    assert opts.server == "ws://cti:8098"
    assert opts.login == "ivanov"
    assert opts.log_level == "DEBUG"
    assert not opts.version


def test_equals_forms_and_system_config() -> None:
    opts = parse_args(["--server=wss://cti/ws", "--login=petrova", "--system-config=/etc/x.ini"])
    assert (opts.server, opts.login, opts.system_config) == (
        "wss://cti/ws",
        "petrova",
        Path("/etc/x.ini"),
    )


def test_qt_options_are_left_for_qt() -> None:
    opts = parse_args(["-platform", "offscreen", "--demo"])
    assert opts.demo
    assert opts.qt_args == ("-platform", "offscreen")


@pytest.mark.parametrize(
    "argv",
    [["--log-level", "LOUD"], ["--server", "  "], ["--login", ""], ["stray"]],
)
def test_invalid_values_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        parse_args(argv)
    assert exc.value.code == 2
    assert "agent-toolbar" in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        parse_args(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for option in ("--demo", "--config", "--server", "--login", "--version", "--smoke"):
        assert option in out


def test_version_text() -> None:
    assert version_text() == f"agent-toolbar {__version__}"


def test_version_runs_without_a_display() -> None:
    """``--version`` prints and exits 0 before any window (no DISPLAY, no Qt platform)."""
    env = {"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "xcb"}  # xcb without DISPLAY would abort
    done = subprocess.run(
        [sys.executable, "-m", "agent_toolbar", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"agent-toolbar {__version__}"


def test_backend_option_is_checked_against_the_registry() -> None:
    from agent_toolbar.app.cli import parse_args as parse
    from agent_toolbar.app.main import backend_problem

    assert parse(["--demo", "--backend", "Naumen"]).backend == "naumen"
    assert backend_problem(parse(["--demo", "--backend", "naumen"])) == ""
    assert "unknown backend 'nope'" in backend_problem(parse(["--backend", "nope"]))
    no_demo = backend_problem(parse(["--demo", "--backend", "webhook"]))
    assert "no built-in simulator" in no_demo and "naumen" in no_demo
    assert backend_problem(parse([])) == ""
