"""The history list's queries: recent, missed and its counter, search, filters, notes."""

from __future__ import annotations

from agent_toolbar.history import events as je
from agent_toolbar.history.journal import Journal
from agent_toolbar.history.model import (
    CallDirection,
    CallKey,
    CallResult,
    EntryKind,
    HistoryQuery,
    Outcome,
    OutcomeCategory,
    Party,
)

T0 = 1_779_990_000.0


def test_recent_lists_newest_first_with_what_the_list_shows(journal: Journal, record) -> None:
    record("a", T0, name="Иван Петров", project="Sales")
    record("b", T0 + 100, number="+74951112233", answered=False)

    recent = journal.recent()
    assert [c.key.call_id for c in recent] == ["b", "a"]
    a = recent[1]
    assert (a.number, a.name, a.project, a.direction) == (
        "+79161234567",
        "Иван Петров",
        "Sales",
        CallDirection.IN,
    )
    assert (a.started_at, a.answered_at, a.ended_at, a.closed_at) == (
        T0,
        T0 + 5,
        T0 + 60,
        T0 + 70,
    )
    assert a.result is CallResult.ANSWERED and not a.missed
    assert recent[0].missed


def test_missed_counter_counts_unseen_until_marked_seen(journal: Journal, record) -> None:
    record("a", T0, answered=False)
    record("b", T0 + 10)
    record("c", T0 + 20, answered=False)
    assert [c.key.call_id for c in journal.missed()] == ["c", "a"]
    assert journal.unseen_missed() == 2

    journal.mark_missed_seen(up_to=T0 + 30)
    assert journal.flush()
    assert journal.unseen_missed() == 0
    assert all(c.seen for c in journal.missed())

    record("d", T0 + 40, answered=False)  # missed after the operator looked
    assert journal.unseen_missed() == 1


def test_search_by_number_whatever_its_punctuation(journal: Journal, record) -> None:
    record("a", T0, number="+7 (916) 123-45-67")
    record("b", T0 + 1, number="84951112233")
    for typed in ("9161234567", "+7 916 123", "916-123-45"):
        assert [c.key.call_id for c in journal.find(HistoryQuery(text=typed))] == ["a"], typed
    assert journal.find(HistoryQuery(text="000000")) == []


def test_search_by_name_ignores_case_in_cyrillic_too(journal: Journal, record) -> None:
    record("a", T0, name="Иван Петров")
    record("b", T0 + 1, name="Anna Smith", project="Поддержка")
    assert [c.key.call_id for c in journal.find(HistoryQuery(text="пЕТРОВ"))] == ["a"]
    assert [c.key.call_id for c in journal.find(HistoryQuery(text="smith"))] == ["b"]
    assert [c.key.call_id for c in journal.find(HistoryQuery(text="поддерж"))] == ["b"]
    # Wildcards of LIKE are plain characters here.
    assert journal.find(HistoryQuery(text="%")) == []


def test_filters_by_direction_result_and_date_range(journal: Journal, record) -> None:
    record("in1", T0)
    record("out1", T0 + 100, direction=CallDirection.OUT, result=CallResult.NO_ANSWER)
    record("in2", T0 + 200, answered=False)
    record("int1", T0 + 300, direction=CallDirection.INTERNAL)

    def ids(**kw: object) -> list[str]:
        return [c.key.call_id for c in journal.find(HistoryQuery(**kw))]  # type: ignore[arg-type]

    assert ids(directions=frozenset({CallDirection.OUT})) == ["out1"]
    assert ids(directions=frozenset({CallDirection.IN, CallDirection.INTERNAL})) == [
        "int1",
        "in2",
        "in1",
    ]
    assert ids(results=frozenset({CallResult.MISSED, CallResult.NO_ANSWER})) == ["in2", "out1"]
    assert ids(since=T0 + 100, until=T0 + 300) == ["in2", "out1"]
    assert ids(text="916", directions=frozenset({CallDirection.IN}), since=T0 + 1) == ["in2"]
    assert journal.count(HistoryQuery(directions=frozenset({CallDirection.IN}))) == 2
    assert ids(limit=2) == ["int1", "in2"]
    assert ids(limit=2, offset=2) == ["out1", "in1"]


def test_a_call_still_running_is_listed_and_filtered_as_such(journal: Journal) -> None:
    key = CallKey("naumen", "live")
    journal.record(je.CallOpened(key, T0, CallDirection.IN, (Party("caller", "123"),)))
    assert journal.flush()
    (live,) = journal.find(HistoryQuery(results=frozenset({None})))
    assert live.result is None and live.ended_at is None
    assert journal.find(HistoryQuery(results=frozenset({CallResult.ANSWERED}))) == []


def test_the_whole_record_keeps_ids_parties_outcomes_urls_disposition_note(
    journal: Journal,
) -> None:
    key = CallKey("naumen", "c1")
    journal.record(
        je.CallOpened(
            key,
            T0,
            CallDirection.IN,
            (Party("caller", "+79161234567", "Иван"), Party("called", "8800")),
            project="Sales",
            queue="Q1",
            session_id="s-1",
            backend_ids={"cid": "c1"},
            server_at=T0 - 0.5,
        )
    )
    journal.record(je.CallInfoChanged(key, backend_ids={"leg": "L7"}, queue="Q2"))
    journal.record(je.UrlPopped(key, T0 + 1, "https://crm.example.com/card?phone=7916"))
    journal.record(je.CallMoment(key, EntryKind.ANSWER, T0 + 4, server_at=T0 + 3.5))
    journal.record(je.CallMoment(key, EntryKind.TRANSFER_TRY, T0 + 20, target="1234",
                                 detail="consultation"))  # fmt: skip
    busy = Outcome(OutcomeCategory.BUSY, "7", "Busy")
    journal.record(je.CallMoment(key, EntryKind.TRANSFER_RESULT, T0 + 25, outcome=busy))
    clearing = Outcome(OutcomeCategory.SUCCEEDED, "16", "Normal clearing")
    journal.record(je.CallEnded(key, T0 + 60, CallResult.ANSWERED, clearing))
    journal.record(je.DispositionChosen(key, T0 + 62, "sale"))
    journal.record(je.WrapUpClosed(key, T0 + 70))
    assert journal.flush()
    (summary,) = journal.recent()
    journal.set_note(summary.id, "перезвонить завтра")
    assert journal.flush()

    rec = journal.call(summary.id)
    assert rec is not None
    assert rec.session_id == "s-1"
    assert dict(rec.backend_ids) == {"cid": "c1", "leg": "L7"}
    assert rec.parties == (Party("caller", "+79161234567", "Иван"), Party("called", "8800"))
    assert (rec.summary.project, rec.summary.queue) == ("Sales", "Q2")
    assert rec.summary.note == "перезвонить завтра"
    assert rec.summary.disposition == "sale"
    assert rec.urls == ("https://crm.example.com/card?phone=7916",)
    assert rec.result_outcome == clearing
    assert [e.kind for e in rec.entries] == [
        EntryKind.RING,
        EntryKind.URL_POPPED,
        EntryKind.ANSWER,
        EntryKind.TRANSFER_TRY,
        EntryKind.TRANSFER_RESULT,
        EntryKind.END,
        EntryKind.DISPOSITION,
        EntryKind.WRAPUP_CLOSED,
    ]
    assert rec.entries[0].server_at == T0 - 0.5
    assert rec.entries[4].outcome == busy
    assert rec.entries[3].target == "1234" and rec.entries[3].detail == "consultation"
    # The party searched by a second number too.
    assert [c.id for c in journal.find(HistoryQuery(text="8800"))] == [summary.id]


def test_a_call_shown_again_by_a_resync_keeps_one_row(journal: Journal) -> None:
    key = CallKey("naumen", "c1")
    opened = je.CallOpened(key, T0, CallDirection.IN, (Party("caller", "123"),))
    journal.record(opened)
    journal.record(je.CallOpened(key, T0 + 30, CallDirection.IN, (Party("caller", "123", "Ann"),)))
    assert journal.flush()
    (one,) = journal.recent()
    assert one.name == "Ann" and one.started_at == T0
    # Once it has ended, the same id is a new call (the backend reused it).
    journal.record(je.CallEnded(key, T0 + 40, CallResult.ANSWERED))
    journal.record(opened)
    assert journal.flush()
    assert len(journal.recent()) == 2


def test_a_moment_of_a_call_never_opened_still_gets_a_row(journal: Journal) -> None:
    key = CallKey("naumen", "mid")
    journal.record(je.CallMoment(key, EntryKind.HOLD, T0))
    journal.record(je.CallEnded(key, T0 + 10, CallResult.ANSWERED))
    assert journal.flush()
    (row,) = journal.recent()
    assert row.direction is CallDirection.UNKNOWN and row.started_at == T0
    rec = journal.call(row.id)
    assert rec is not None and [e.kind for e in rec.entries] == [EntryKind.HOLD, EntryKind.END]


def test_counts_say_how_many_never_what(journal: Journal, record) -> None:
    record("a", T0, name="Secret Name", answered=False)
    record("b", T0 + 1)
    counts = journal.counts()
    assert (counts.calls, counts.entries, counts.missed_unseen) == (2, 7, 1)
    assert counts.schema_version == 2 and counts.file_bytes > 0
    assert "Secret" not in repr(counts) and "916" not in repr(counts)


def test_a_live_cards_record_is_found_by_its_key(journal: Journal, record) -> None:
    record("a", T0)
    key = CallKey("naumen", "a")
    journal.record(je.CallOpened(key, T0 + 500, CallDirection.IN, (Party("caller", "555"),)))
    journal.record(je.CallMoment(key, EntryKind.ANSWER, T0 + 505))
    assert journal.flush()
    rec = journal.latest_for(key)
    assert rec is not None and rec.summary.started_at == T0 + 500  # the newest, not the first
    assert [e.kind for e in rec.entries] == [EntryKind.RING, EntryKind.ANSWER]
    assert journal.latest_for(CallKey("naumen", "nope")) is None
