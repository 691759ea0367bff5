"""CSV export: every call, a header, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from agent_toolbar.history.export import COLUMNS, safe_cell
from agent_toolbar.history.journal import Journal
from agent_toolbar.history.model import CallDirection, HistoryQuery

T0 = 1_779_990_000.0


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+79161234567", "'+79161234567"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Иван", "Иван"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_a_cell_that_starts_like_a_formula_is_prefixed(value: str, cell: str) -> None:
    assert safe_cell(value) == cell


def _rows(journal: Journal, query: HistoryQuery | None = None) -> list[list[str]]:
    out = io.StringIO()
    n = journal.export_csv(out, query)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert n == len(rows) - 1
    return rows


def test_the_export_lists_every_call_with_hostile_values_made_inert(
    journal: Journal, record
) -> None:
    record("a", T0, name="=cmd|' /C calc'!A0", project="@Sales")
    record("b", T0 + 100, number="84951112233", name="Ольга", answered=False)
    journal.set_note(journal.recent()[0].id, "-перезвонить")
    assert journal.flush()

    header, *rows = _rows(journal)
    assert tuple(header) == COLUMNS
    b, a = (dict(zip(COLUMNS, r, strict=True)) for r in rows)
    assert a["name"] == "'=cmd|' /C calc'!A0"
    assert a["project"] == "'@Sales"
    assert a["number"] == "'+79161234567"
    assert (a["direction"], a["result"], a["answered_after_s"], a["talk_s"]) == (
        "in",
        "answered",
        "5",
        "55",
    )
    assert b["name"] == "Ольга" and b["number"] == "84951112233"
    assert b["note"] == "'-перезвонить"
    assert b["result"] == "missed" and b["talk_s"] == ""
    for row in rows:
        assert not any(cell[:1] in "=+-@" for cell in row if cell)


def test_the_export_follows_the_windows_filter_not_its_page(journal: Journal, record) -> None:
    for n in range(5):
        record(f"in{n}", T0 + n)
    record("out", T0 + 10, direction=CallDirection.OUT)
    rows = _rows(journal, HistoryQuery(directions=frozenset({CallDirection.IN}), limit=2))
    assert len(rows) == 1 + 5
