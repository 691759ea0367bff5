"""While you were offline: what changed between the snapshots before and after a resync."""

from __future__ import annotations

import pytest

from agent_toolbar.history.model import CallDirection
from agent_toolbar.history.offline import (
    CallChange,
    CallSnap,
    OfflineReason,
    OfflineSummary,
    Snapshot,
    from_json,
    render,
    render_short,
    summarize,
    to_json,
)
from agent_toolbar.history.timeline import plain

T0 = 1_779_990_000.0


def _snap(at: float, *calls: CallSnap, state: str = "normal", reason: str = "") -> Snapshot:
    return Snapshot(at, {c.call_id: c for c in calls}, state, reason)


A = CallSnap("a", "connected", CallDirection.IN, "+79161234567", "Иван")
B = CallSnap("b", "new", CallDirection.IN, "+74951112233")
C = CallSnap("c", "connected", CallDirection.OUT, "8800")


def test_ended_appeared_changed_and_the_operators_state() -> None:
    before = _snap(T0, A, B, C, state="normal")
    after = _snap(
        T0 + 95,
        CallSnap("b", "connected", CallDirection.IN, "+74951112233"),
        C,
        CallSnap("d", "new", CallDirection.IN, "+70000000001", "Ольга"),
        state="away",
        reason="Dinner",
    )
    s = summarize(before, after, OfflineReason.RECONNECT)
    assert s.ended == (A,)
    assert [c.call_id for c in s.appeared] == ["d"]
    assert s.changed == (CallChange(B, after.calls["b"]),)
    assert (s.operator_before, s.operator_after) == ("normal", "away:Dinner")
    assert (s.since, s.until, s.reason) == (T0, T0 + 95, OfflineReason.RECONNECT)
    assert not s.empty


def test_nothing_changed_is_empty() -> None:
    s = summarize(_snap(T0, A, C), _snap(T0 + 5, C, A), OfflineReason.CLOCK_JUMP)
    assert s.empty and s.ended == s.appeared == s.changed == ()
    assert not s.operator_changed


def test_lists_are_in_a_stable_order() -> None:
    calls = [CallSnap(str(n), "new", number=f"+7{9 - n}") for n in range(5)]
    s = summarize(_snap(T0), _snap(T0 + 1, *calls), OfflineReason.NETWORK_CHANGE)
    assert [c.number for c in s.appeared] == sorted(c.number for c in calls)


def test_the_summary_survives_the_journal_as_json() -> None:
    before = _snap(T0, A, B)
    after = _snap(T0 + 60, CallSnap("b", "connected", CallDirection.IN, "+74951112233"), C,
                  state="away")  # fmt: skip
    s = summarize(before, after, OfflineReason.CLOCK_JUMP)
    assert from_json(to_json(s)) == s
    assert "Иван" in to_json(s)  # kept readable, not escaped


@pytest.mark.parametrize("text", ["[]", '{"reason": "nope"}', '{"reason": "reconnect"}', "x"])
def test_json_that_is_not_a_summary_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        from_json(text)


def test_the_text_says_why_how_long_and_each_change() -> None:
    before = _snap(T0, A, B, state="normal")
    after = _snap(T0 + 95, CallSnap("b", "connected", CallDirection.IN, "+74951112233"),
                  CallSnap("d", "new", CallDirection.IN, "", "Ольга"), state="away")  # fmt: skip
    text = render(summarize(before, after, OfflineReason.RECONNECT), plain)
    assert text.splitlines() == [
        "While the connection was down (1:35):",
        "Ended: +79161234567 (Иван)",
        "New: Ольга (new)",
        "+74951112233: new → connected",
        "Your state: normal → away",
    ]


def test_the_text_goes_through_translate_and_words() -> None:
    words = {"away": "Не готов", "normal": "Готов"}
    ru = {"Your state: %1 → %2": "Ваш статус: %1 → %2",
          "While the computer was asleep (%1):": "Пока компьютер спал (%1):"}  # fmt: skip

    def translate(context: str, text: str, *args: str) -> str:
        assert context == "HistoryOffline"
        return plain(context, ru.get(text, text), *args)

    s = OfflineSummary(T0, T0 + 3600, OfflineReason.CLOCK_JUMP, operator_before="normal",
                       operator_after="away")  # fmt: skip
    assert render(s, translate, words=lambda v: words.get(v, v)).splitlines() == [
        "Пока компьютер спал (1:00:00):",
        "Ваш статус: Готов → Не готов",
    ]
    empty = OfflineSummary(T0, T0 + 1, OfflineReason.NETWORK_CHANGE)
    assert render(empty, plain).splitlines()[1] == "Nothing changed."


def test_the_short_line_counts_and_a_name_that_is_the_number_is_said_once() -> None:
    number_only = CallSnap("n", "new", CallDirection.IN, "+74952223344", "+74952223344")
    s = summarize(_snap(T0, A), _snap(T0 + 2, number_only), OfflineReason.RECONNECT)
    assert render_short(s, plain) == (
        "While the connection was down (0:02):\nended: 1, new: 1, changed: 0"
    )
    assert "New: +74952223344 (new)" in render(s, plain).splitlines()
