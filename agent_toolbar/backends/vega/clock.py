"""Vega PBX times: milliseconds UTC, and the skew between the PBX's clock and ours.

``dialAt``, ``bridgeAt`` and ``serverTime`` are milliseconds since 1970-01-01 UTC by the
PBX's clock. A desktop's clock may be minutes off; a timer computed from ``bridgeAt`` against
the local clock would then be wrong by as much. :class:`SkewClock` estimates the offset
``local − server`` from each frame's ``serverTime`` (the moment the PBX sent it) and the
local time it was received, and converts the PBX's times into local ones.

Readings:

* ``serverTime`` arrives as a number or as a string of digits (the seed shows both);
  :func:`parse_ms` accepts either, and also a number with a fraction.
* The estimate ``received − serverTime`` includes the network delay, which only ever makes
  it larger; the smallest of the last samples is the best one (as NTP keeps the sample with
  the least delay). A window of samples lets a corrected PBX clock take over.
* A time before 2000 or after 2100 is not a plausible PBX clock and is refused.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

__all__ = ["MAX_MS", "MIN_MS", "SkewClock", "parse_ms"]

#: 2000-01-01 and 2100-01-01 UTC in ms: the plausible range of a PBX timestamp.
MIN_MS = 946_684_800_000
MAX_MS = 4_102_444_800_000


def parse_ms(value: object) -> int | None:
    """Milliseconds UTC from a JSON number or a string of digits; ``None`` if not plausible."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            number = float(text) if text else None
        except ValueError:
            return None
    elif isinstance(value, int | float):
        number = float(value)
    else:
        return None
    if number is None or number != number or not MIN_MS <= number <= MAX_MS:
        return None
    return int(number)


def _wall_ms() -> float:
    return time.time() * 1000.0


class SkewClock:
    """The offset of our clock against the PBX's, from ``serverTime`` samples.

    Args:
        window: How many recent samples the estimate is drawn from.
        now_ms: Our wall clock in ms (inject a fake one in tests).

    Attributes:
        samples: How many samples were observed in all.
    """

    def __init__(self, window: int = 16, now_ms: Callable[[], float] = _wall_ms) -> None:
        self._offsets: deque[float] = deque(maxlen=max(1, window))
        self._now_ms = now_ms
        self.samples = 0

    def observe(self, server_time_ms: int, received_ms: float | None = None) -> None:
        """Record that a frame stamped ``server_time_ms`` arrived at ``received_ms`` (now)."""
        received = self._now_ms() if received_ms is None else received_ms
        self._offsets.append(received - server_time_ms)
        self.samples += 1

    @property
    def known(self) -> bool:
        """Whether any sample has been observed."""
        return bool(self._offsets)

    @property
    def offset_ms(self) -> float:
        """``local − server`` in ms (``0`` before the first sample)."""
        return min(self._offsets) if self._offsets else 0.0

    def to_local_ms(self, server_ms: int) -> float:
        """A PBX timestamp as a local wall-clock time in ms."""
        return server_ms + self.offset_ms

    def to_local(self, server_ms: int | None) -> float | None:
        """A PBX timestamp as a local ``time.time()`` value in seconds (``None`` stays)."""
        if server_ms is None:
            return None
        return self.to_local_ms(server_ms) / 1000.0

    def now_ms(self) -> float:
        """Our wall clock now, in ms."""
        return self._now_ms()
