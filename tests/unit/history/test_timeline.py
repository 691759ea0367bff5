"""A call's timeline: steps, durations by the right clock, totals, and its text."""

from __future__ import annotations

import time

from agent_toolbar.history.model import (
    CallDirection,
    CallKey,
    CallRecord,
    CallResult,
    CallSummary,
    Entry,
    EntryKind,
    Outcome,
    OutcomeCategory,
)
from agent_toolbar.history.timeline import (
    StepKind,
    build,
    duration_text,
    plain,
    render,
    render_record,
)

T0 = 1_779_990_000.0
K = EntryKind
BUSY = Outcome(OutcomeCategory.BUSY, "7", "Busy")


def _full_call() -> list[Entry]:
    return [
        Entry(K.RING, T0, server_at=T0 + 1000),
        Entry(K.URL_POPPED, T0 + 0.4, target="https://crm.example.com/card?phone=7916"),
        Entry(K.ANSWER, T0 + 8, server_at=T0 + 1007),
        Entry(K.HOLD, T0 + 30, server_at=T0 + 1030),
        Entry(K.RESUME, T0 + 75, server_at=T0 + 1075),
        Entry(K.TRANSFER_TRY, T0 + 100, server_at=T0 + 1100, target="1234", detail="consultation"),
        Entry(K.TRANSFER_RESULT, T0 + 112, server_at=T0 + 1112, outcome=BUSY),
        Entry(K.TRANSFER_TRY, T0 + 120, target="5678", detail="blind"),
        Entry(K.TRANSFER_RESULT, T0 + 121, outcome=Outcome(OutcomeCategory.NOT_FOUND, "10")),
        Entry(K.HOLD, T0 + 130),
        Entry(K.END, T0 + 200, server_at=T0 + 1200, detail="answered"),
        Entry(K.DISPOSITION, T0 + 205, target="sale"),
        Entry(K.WRAPUP_CLOSED, T0 + 219),
    ]


def test_the_steps_in_order_with_their_durations() -> None:
    tl = build(_full_call())
    assert [s.kind for s in tl.steps] == [
        StepKind.RING,
        StepKind.URL_POPPED,
        StepKind.ANSWER,
        StepKind.HOLD,
        StepKind.TRANSFER,
        StepKind.TRANSFER,
        StepKind.HOLD,
        StepKind.END,
        StepKind.DISPOSITION,
        StepKind.WRAPUP_CLOSED,
    ]
    ring, _, answer, hold1, try1, try2, hold2, end, _, closed = tl.steps
    # Server timestamps on both ends: the server's clock (7 s, not the local 8 s).
    assert (ring.duration, ring.server_timed) == (7, True)
    assert (answer.duration, answer.server_timed) == (193, True)
    assert (hold1.duration, hold1.server_timed) == (45, True)
    assert (try1.duration, try1.outcome, try1.target, try1.detail) == (
        12,
        BUSY,
        "1234",
        "consultation",
    )
    # One end without a server time: both local, never one of each.
    assert (try2.duration, try2.server_timed) == (1, False)
    assert try2.outcome == Outcome(OutcomeCategory.NOT_FOUND, "10")
    # A hold with no resume lasts until the end of the call.
    assert hold2.duration == 70 and not hold2.running
    assert (end.duration, end.detail) == (19, "answered")  # the wrap-up
    assert closed.duration is None and closed.offset == 219
    assert (tl.ring, tl.talk, tl.hold, tl.wrapup, tl.total) == (7, 193, 115, 19, 219)


def test_a_call_still_running_has_open_steps_and_no_total() -> None:
    tl = build(_full_call()[:6])
    ring, _, answer, hold, transfer = tl.steps
    assert ring.duration == 7 and not ring.running
    assert answer.duration is None and answer.running
    assert hold.duration == 45
    assert transfer.running and transfer.outcome is None
    assert tl.total is None and tl.talk is None


def test_a_missed_call_rings_until_it_ends() -> None:
    tl = build([Entry(K.RING, T0), Entry(K.END, T0 + 25, detail="missed")])
    assert [s.kind for s in tl.steps] == [StepKind.RING, StepKind.END]
    assert tl.ring == 25 and tl.talk is None and tl.hold is None
    assert tl.steps[1].running  # in wrap-up until closed
    assert build([]).steps == ()


def test_a_result_without_its_try_and_a_resume_without_its_hold() -> None:
    tl = build([
        Entry(K.RING, T0),
        Entry(K.RESUME, T0 + 1),
        Entry(K.TRANSFER_RESULT, T0 + 2, outcome=BUSY, target="1234"),
    ])  # fmt: skip
    assert [s.kind for s in tl.steps] == [StepKind.RING, StepKind.TRANSFER]
    assert tl.steps[1].outcome == BUSY and tl.steps[1].duration is None


def _clock(at: float) -> str:
    return time.strftime("%H:%M:%S", time.gmtime(at))


def test_the_text_is_one_line_a_step_with_durations_and_totals() -> None:
    text = render(build(_full_call()), plain, clock=_clock)
    assert text.splitlines() == [
        "17:40:00  Ringing  0:07",
        "17:40:00  CRM opened: https://crm.example.com/card?phone=7916",
        "17:40:08  Answered  talk 3:13",
        "17:40:30  On hold  0:45",
        "17:41:40  Transfer to 1234 (consultation) → busy (7 Busy)  0:12",
        "17:42:00  Transfer to 5678 (blind) → not_found (10)  0:01",
        "17:42:10  On hold  1:10",
        "17:43:20  Ended: answered  wrap-up 0:19",
        "17:43:25  Disposition: sale",
        "17:43:39  Wrap-up closed",
        "Ringing 0:07, talk 3:13, on hold 1:55, wrap-up 0:19, total 3:39",
    ]


def test_the_text_goes_through_the_translate_function_and_words() -> None:
    seen: list[tuple[str, str]] = []
    ru = {"Ringing": "Звонок", "Ended: %1": "Завершён: %1", "Wrap-up closed": "Обработка закрыта"}

    def translate(context: str, text: str, *args: str) -> str:
        seen.append((context, text))
        return plain(context, ru.get(text, text), *args)

    words = {"missed": "пропущен"}
    entries = [Entry(K.RING, T0), Entry(K.END, T0 + 25, detail="missed"),
               Entry(K.WRAPUP_CLOSED, T0 + 30)]  # fmt: skip
    text = render(build(entries), translate, words=lambda v: words.get(v, v), clock=_clock)
    assert text.splitlines()[:3] == [
        "17:40:00  Звонок  0:25",
        "17:40:25  Завершён: пропущен  wrap-up 0:05",
        "17:40:30  Обработка закрыта",
    ]
    assert {c for c, _ in seen} == {"HistoryTimeline"}


def test_placeholders_are_substituted_once() -> None:
    assert plain("c", "Transfer to %1", "%2 evil %1") == "Transfer to %2 evil %1"
    assert duration_text(59.6) == "1:00" and duration_text(3725) == "1:02:05"


def test_a_record_is_headed_by_who_and_an_outgoing_call_dials() -> None:
    summary = CallSummary(
        id=1, key=CallKey("naumen", "c"), direction=CallDirection.OUT, number="+79161234567",
        name="Иван", project="Sales", queue="", started_at=T0, answered_at=None, ended_at=T0 + 9,
        closed_at=None, result=CallResult.NO_ANSWER, note="", disposition="", seen=True,
    )  # fmt: skip
    record = CallRecord(
        summary, entries=(Entry(K.RING, T0), Entry(K.END, T0 + 9, detail="no_answer"))
    )
    lines = render_record(record, plain, clock=_clock).splitlines()
    assert lines[0] == "Outgoing call +79161234567 (Иван), Sales"
    assert lines[1] == "17:40:00  Dialling  0:09"
