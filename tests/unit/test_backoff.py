"""Full-jitter exponential backoff."""

from __future__ import annotations

import random

from agent_toolbar.cti.transport.backoff import Backoff


def test_full_jitter_backoff_ceiling_grows_and_caps() -> None:
    backoff = Backoff(base=1.0, cap=30.0, rng=random.Random(1))
    assert [backoff.ceiling(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]
    for attempt in range(1, 8):
        for _ in range(50):
            assert 0 < backoff.delay(attempt) <= backoff.ceiling(attempt)


def test_two_sources_give_different_delays() -> None:
    one = Backoff(rng=random.Random(1))
    two = Backoff(rng=random.Random(2))
    assert [one.delay(n) for n in range(1, 6)] != [two.delay(n) for n in range(1, 6)]
