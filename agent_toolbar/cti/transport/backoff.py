"""Reconnection delays: capped exponential backoff with full jitter.

Hundreds of toolbars lose the server at the same moment when it restarts. With plain
exponential backoff they would all come back in lockstep; with *full jitter* each waits a
uniformly random time between zero and the exponential ceiling, which spreads the herd
(see "Exponential Backoff And Jitter", AWS Architecture Blog, 2015).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(slots=True)
class Backoff:
    """Delay before reconnection attempt *n* (1-based) = ``uniform(0, min(cap, base·2ⁿ⁻¹))``.

    Attributes:
        base: Ceiling of the first attempt, in seconds.
        cap: Largest ceiling, in seconds.
        floor: Smallest delay, so that even an unlucky draw does not spin.
        rng: Random source (inject a seeded one in tests).
    """

    base: float = 1.0
    cap: float = 60.0
    floor: float = 0.05
    rng: random.Random = field(default_factory=random.Random)

    def ceiling(self, attempt: int) -> float:
        """The largest delay attempt ``attempt`` may wait."""
        exponent = min(max(attempt, 1) - 1, 30)
        return float(min(self.cap, self.base * (2**exponent)))

    def delay(self, attempt: int) -> float:
        """A jittered delay for attempt ``attempt``."""
        return max(self.floor, self.rng.uniform(0.0, self.ceiling(attempt)))
