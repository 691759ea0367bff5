"""Server timestamps on the local clock: unit, skew and a sanity check.

``creationTime``, ``answerTime``, ``hangupTime`` (§3.11, §3.44) and ``UserState.time``
(§3.74) are "numbers (timestamps)". The document gives no unit (seconds and milliseconds
are both seen; microseconds are accepted too) and says the state time's format "depends on
the date and time settings" of the operator's PC (§3.74, table 3.86) and that workstations'
clocks are not to be trusted (§1.3, note). Reading taken here: a timestamp is used for a
timer only when, after correcting the skew, it is not in the future (beyond
:data:`AHEAD_TOLERANCE`) and not older than :data:`MAX_AGE`; otherwise the toolbar counts
from when it saw the event, as before.

Skew: a timestamp can never be later than the moment its event reaches us, so
``min(received_at - timestamp)`` over every timestamp seen bounds the offset of a server
clock running ahead; it is applied when negative. A server clock running behind is
corrected only from *live* events (a new call's ``creationTime``, a pushed ``UserState``),
whose timestamp is the moment they were sent: their smallest ``received_at - timestamp``
is the skew plus the shortest delivery time.
"""

from __future__ import annotations

__all__ = ["AHEAD_TOLERANCE", "MAX_AGE", "MAX_SKEW", "ServerClock", "seconds"]

AHEAD_TOLERANCE = 2.0
MAX_AGE = 12 * 3600.0  # no call or state on a shift is older than this
MAX_SKEW = 24 * 3600.0  # a larger difference is a wrong timestamp, not a clock


def seconds(value: float | None) -> float | None:
    """A protocol timestamp in seconds (the document gives no unit; ms are common)."""
    if value is None or value <= 0:
        return None
    if value > 1e14:  # microseconds
        return value / 1e6
    if value > 1e11:  # milliseconds
        return value / 1e3
    return value


class ServerClock:
    """Turns server timestamps into local ones, learning the server's skew as it goes.

    Attributes:
        offset: Seconds to add to a server time to get local time (0 until known).
    """

    def __init__(self) -> None:
        """Start with no skew known."""
        self.offset = 0.0
        self._ahead = 0.0  # the most negative received-minus-timestamp seen (server ahead)
        self._live: float | None = None  # the smallest one seen on live events

    def local(self, value: float | None, at: float, *, live: bool = False) -> float | None:
        """``value`` (a raw protocol timestamp) as local seconds, or None when implausible.

        Args:
            value: The timestamp as sent (seconds, ms or µs).
            at: When the message carrying it was received (local clock).
            live: The timestamp is the moment the event was sent (a new call's
                ``creationTime``, a pushed ``UserState``): it tells the skew.
        """
        stamp = seconds(value)
        if stamp is None:
            return None
        self._learn(at - stamp, live)
        local = stamp + self.offset
        if local > at + AHEAD_TOLERANCE or local < at - MAX_AGE:
            return None
        return min(local, at)

    def _learn(self, difference: float, live: bool) -> None:
        if abs(difference) > MAX_SKEW:
            return
        self._ahead = min(self._ahead, difference)
        if live:
            self._live = difference if self._live is None else min(self._live, difference)
        if self._ahead < -AHEAD_TOLERANCE:
            self.offset = self._ahead
        elif self._live is not None and self._live > AHEAD_TOLERANCE:
            self.offset = self._live
        else:
            self.offset = 0.0
