"""Elapsed-time formatting for the operator's timers (``mm:ss`` under an hour, then ``h:mm:ss``)."""

from __future__ import annotations

import math


def elapsed(seconds: float) -> str:
    """Format a duration the way call timers show it.

    Args:
        seconds: The duration; negative values (clock skew) show as zero.

    Returns:
        ``"00:07"``, ``"12:34"`` or ``"1:02:03"``.
    """
    total = max(0, math.floor(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def since(start: float, now: float) -> str:
    """Format the time from ``start`` to ``now`` (empty when ``start`` is unknown)."""
    if not start:
        return ""
    return elapsed(now - start)
