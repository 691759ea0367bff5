"""Suite-wide fixtures: no exception may escape silently through ``sys.excepthook``."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

# Widget tests run offscreen unless a test brings its own display (e2e tests do).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def fail_on_unhandled_exceptions() -> Iterator[list[BaseException]]:
    """Collect what reaches sys.excepthook (async Qt slots report there) and fail the test."""
    seen: list[BaseException] = []
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        seen.append(value)
        previous(kind, value, tb)

    sys.excepthook = hook
    try:
        yield seen
    finally:
        sys.excepthook = previous
    if seen:
        pytest.fail(f"unhandled exception(s) reached sys.excepthook: {seen!r}")


@pytest.fixture
def fixtures_dir() -> Path:
    """The directory of saved frames and other fixtures."""
    return FIXTURES
