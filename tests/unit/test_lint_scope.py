"""The suite's ruff step covers every directory of Python we keep, and those are clean.

``scripts/run-tests.sh`` lists the directories ruff checks and formats; a directory of
``.py`` files left out of that line (``scripts/`` was) drifts from the rules unnoticed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
RUFF = Path(sys.executable).parent / "ruff"


def _ruff_line() -> str:
    text = (ROOT / "scripts" / "run-tests.sh").read_text(encoding="utf-8")
    (line,) = [ln for ln in text.splitlines() if ln.startswith('echo ">> ruff"')]
    return line


def _python_dirs() -> set[str]:
    skip = {".venv", "build", "dist", "node_modules"}
    return {
        p.name
        for p in ROOT.iterdir()
        if p.is_dir() and p.name not in skip and not p.name.startswith(".")
        and any(p.rglob("*.py"))
    }  # fmt: skip


def test_ruff_checks_and_formats_every_python_directory() -> None:
    line = _ruff_line()
    check = re.search(r"ruff check ([\w ]+?) &&", line)
    fmt = re.search(r"ruff format --check ([\w ]+)$", line)
    assert check is not None and fmt is not None
    assert set(check.group(1).split()) == _python_dirs()
    assert set(fmt.group(1).split()) == _python_dirs()


def test_scripts_are_clean() -> None:
    for args in (["check", "scripts"], ["format", "--check", "scripts"]):
        done = subprocess.run(
            [str(RUFF), *args], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
