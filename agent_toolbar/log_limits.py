"""Bounds on what reaches the log: repeated records are counted, long messages cut short.

A misbehaving server (or a bug) can produce the same record thousands of times a second —
10,000 replies with rids nobody asked for are 10,000 identical warnings — and fill the
rotating log in seconds, pushing out what came before. :class:`RepeatLimiter` lets through
the first :data:`BURST` records of one kind (same logger, level and message template) per
:data:`WINDOW` seconds — more than an operator's clicks or a call centre's calls produce —
and counts the rest; the count is written when it reaches 100, 1,000,
10,000 … and with the next record of that kind after the window. :func:`shorten` cuts a
message longer than :data:`MAX_MESSAGE` characters.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

__all__ = ["BURST", "MAX_MESSAGE", "WINDOW", "RepeatLimiter", "shorten"]

BURST = 20
WINDOW = 10.0
MAX_MESSAGE = 300
KINDS = 512  # kinds remembered (the oldest are forgotten first)
UNLIMITED = "agent_toolbar.wire"


WIRE_MESSAGE = 64 * 1024  # a frame in the wire log is kept whole up to this


def shorten(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` cut to ``limit`` characters, saying how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text)} characters)"


class _Kind:
    __slots__ = ("noted", "passed", "since", "suppressed")

    def __init__(self, now: float) -> None:
        self.since = now
        self.passed = 0
        self.suppressed = 0  # beyond the burst (the milestone ones among them were written)
        self.noted = 0


class RepeatLimiter(logging.Filter):
    """A handler filter that drops repeats beyond a burst and reports how many it dropped."""

    def __init__(
        self,
        *,
        burst: int = BURST,
        window: float = WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self._burst = burst
        self._window = window
        self._clock = clock
        self._kinds: OrderedDict[tuple[str, int, str], _Kind] = OrderedDict()
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        """Let ``record`` through, annotated with a count, or drop it (counted).

        DEBUG records and protocol frames (``agent_toolbar.wire``) are never limited: they
        are on only while someone is looking at them.
        """
        if record.levelno < logging.INFO or record.name.startswith(UNLIMITED):
            return True
        # The template, before a handler's redaction freezes the message (several handlers).
        template = getattr(record, "_template", None)
        if template is None:
            template = str(record.msg)[:200]
            record._template = template
        key = (record.name, record.levelno, template)
        now = self._clock()
        with self._lock:
            kind = self._kinds.get(key)
            if kind is None:
                kind = self._kinds[key] = _Kind(now)
                if len(self._kinds) > KINDS:
                    self._kinds.popitem(last=False)
            else:
                self._kinds.move_to_end(key)
            note = ""
            if now - kind.since >= self._window:
                dropped = kind.suppressed - kind.noted
                if dropped:
                    note = f" [{dropped} more like this were not logged]"
                kind.since, kind.passed, kind.suppressed, kind.noted = now, 0, 0, 0
            if kind.passed < self._burst:
                kind.passed += 1
                if note:
                    _append(record, note)
                return True
            kind.suppressed += 1
            count = kind.suppressed
            milestone = _milestone(count)
            if milestone:
                kind.noted += 1
        if milestone:
            _append(record, f" [repeated: {count} like this not logged so far]")
            return True
        return False


def _milestone(count: int) -> bool:
    """Whether ``count`` is 100, 1,000, 10,000 and so on."""
    if count < 100:
        return False
    while count % 10 == 0:
        count //= 10
    return count == 1


def _append(record: logging.LogRecord, note: str) -> None:
    try:
        message = record.getMessage()
    except Exception:
        message = str(record.msg)
    record.msg = message + note
    record.args = None
