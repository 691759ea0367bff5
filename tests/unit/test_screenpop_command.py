"""The opener command: no shell, the address as one argument, the original environment."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import pytest

from agent_toolbar.screenpop.command import (
    OpenError,
    child_environment,
    command_argv,
    reap_children,
    run_command,
)

HOSTILE = "https://crm.example.com/card?a=1&b=$(touch /tmp/pwned);echo `id` | cat > x"


def recorder(tmp_path: Path) -> tuple[str, Path]:
    """A command that writes each argument and LD_LIBRARY_PATH on its own line."""
    out = tmp_path / "args.txt"
    script = tmp_path / "open-url"
    script.write_text(
        f"#!{sys.executable}\n"
        "import os, sys\n"
        f"with open({str(out)!r}, 'a') as f:\n"
        "    for a in sys.argv[1:]: f.write(a + '\\n')\n"
        "    f.write('LD=' + os.environ.get('LD_LIBRARY_PATH', '-') + '\\n')\n"
    )
    script.chmod(0o755)
    return shlex.quote(str(script)) + " --new-tab", out


def test_argv_is_split_without_a_shell() -> None:
    argv = command_argv("'/opt/my browser/run' --profile 'a b'", HOSTILE)
    assert argv == ["/opt/my browser/run", "--profile", "a b", HOSTILE]


@pytest.mark.parametrize("command", ["", "   ", "'unclosed"])
def test_bad_command(command: str) -> None:
    with pytest.raises(OpenError):
        command_argv(command, "https://x/")


def test_frozen_child_gets_the_original_library_path() -> None:
    env = {"LD_LIBRARY_PATH": "/bundle/_internal", "LD_LIBRARY_PATH_ORIG": "/usr/local/lib"}
    assert child_environment(env, frozen=True)["LD_LIBRARY_PATH"] == "/usr/local/lib"
    assert "LD_LIBRARY_PATH_ORIG" not in child_environment(env, frozen=True)
    assert "LD_LIBRARY_PATH" not in child_environment({"LD_LIBRARY_PATH": "/b"}, frozen=True)
    assert child_environment(env, frozen=False) == env


@pytest.mark.asyncio
async def test_runs_the_command_with_the_address_as_one_argument(tmp_path: Path) -> None:
    command, out = recorder(tmp_path)
    await run_command(command, HOSTILE, environ={**os.environ, "LD_LIBRARY_PATH": "/x"})
    assert out.read_text().splitlines() == ["--new-tab", HOSTILE, "LD=/x"]
    assert not Path("/tmp/pwned").exists()


@pytest.mark.asyncio
async def test_frozen_environment_reaches_the_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command, out = recorder(tmp_path)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    env = {**os.environ, "LD_LIBRARY_PATH": "/bundle", "LD_LIBRARY_PATH_ORIG": "/orig"}
    await run_command(command, "https://x/", environ=env)
    assert out.read_text().splitlines()[-1] == "LD=/orig"


@pytest.mark.asyncio
async def test_failing_command_is_reported(tmp_path: Path) -> None:
    script = tmp_path / "fail"
    script.write_text("#!/bin/sh\necho 'no display' >&2\nexit 3\n")
    script.chmod(0o755)
    with pytest.raises(OpenError, match=r"fail exited with status 3: no display"):
        await run_command(str(script), "https://x/")


@pytest.mark.asyncio
async def test_missing_command_is_reported(tmp_path: Path) -> None:
    with pytest.raises(OpenError, match="command not found"):
        await run_command(str(tmp_path / "nope"), "https://x/")


@pytest.mark.asyncio
async def test_long_running_command_counts_as_opened(tmp_path: Path) -> None:
    script = tmp_path / "browser"
    script.write_text("#!/bin/sh\nsleep 1\n")
    script.chmod(0o755)
    await run_command(str(script), "https://x/", settle=0.2)
    await reap_children()
