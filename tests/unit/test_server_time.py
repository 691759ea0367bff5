"""Issue 11 item 17: server timestamps, sanity-checked and skew-corrected."""

from __future__ import annotations

from agent_toolbar.backends.naumen.server_time import MAX_AGE, ServerClock

NOW = 1_800_000_000.0


def test_plausible_times_are_kept_in_any_unit() -> None:
    clock = ServerClock()
    assert clock.local(NOW - 95, NOW) == NOW - 95
    assert clock.local((NOW - 95) * 1000, NOW) == NOW - 95
    assert clock.local((NOW - 95) * 1_000_000, NOW) == NOW - 95


def test_implausible_times_are_refused() -> None:
    clock = ServerClock()
    assert clock.local(1, NOW) is None  # 1970
    assert clock.local(NOW - MAX_AGE - 60, NOW) is None  # older than a shift
    assert clock.local(NOW + 3 * 86400, NOW) is None  # days ahead: a wrong stamp, not skew
    assert clock.local(None, NOW) is None and clock.local(0, NOW) is None


def test_a_server_clock_running_ahead_is_corrected() -> None:
    clock = ServerClock()
    # the server's clock is 600 s ahead; its stamps look like the future here
    first = clock.local(NOW + 570, NOW)  # a state entered 30 s ago (server time)
    assert first == NOW  # never in the future: the skew bound puts it at "now"
    assert -600 <= clock.offset <= -570
    answered = clock.local(NOW + 590, NOW + 5)  # 15 s ago on the server's clock
    assert answered is not None and NOW - 30 <= answered <= NOW + 5


def test_a_server_clock_running_behind_is_corrected_from_live_events() -> None:
    clock = ServerClock()
    # the server's clock is 300 s behind; a NewCall reaches us 0.05 s after it was sent
    assert clock.local(NOW - 300 + 0.05 - 0.1, NOW, live=True) is not None
    assert abs(clock.offset - 300.05) < 1e-6
    # a call answered 41 s before now (server time NOW + 1 - 300 - 41)
    answered = clock.local(NOW + 1 - 300 - 41, NOW + 1)
    assert answered is not None
    assert abs((NOW + 1) - answered - 41) < 0.1
    # a stale snapshot time behind the server's clock is not mistaken for more skew
    assert clock.local(NOW - 300 - 3600, NOW + 2) is not None
    assert abs(clock.offset - 300.05) < 1e-6
