"""CSV export of the history list, safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheets skip before reading a formula) is prefixed with an apostrophe, so a caller name
such as ``=HYPERLINK(…)`` stays text (OWASP "CSV injection"). Numbers such as ``+7916…`` get
the apostrophe too: a spreadsheet shows them as text, which is what a phone number is.
Times are local ISO 8601 with their UTC offset; durations are whole seconds.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from typing import TextIO

from agent_toolbar.history.model import CallSummary

COLUMNS = (
    "started",
    "direction",
    "result",
    "number",
    "name",
    "project",
    "queue",
    "answered_after_s",
    "talk_s",
    "disposition",
    "note",
    "backend",
)
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """``value`` made inert for spreadsheets (see the module docstring)."""
    return "'" + value if value.startswith(_DANGEROUS) else value


def _stamp(at: float | None) -> str:
    if at is None:
        return ""
    return dt.datetime.fromtimestamp(at).astimezone().isoformat(timespec="seconds")


def _seconds(start: float | None, end: float | None) -> str:
    if start is None or end is None or end < start:
        return ""
    return str(round(end - start))


def row(call: CallSummary) -> list[str]:
    """One call as the CSV's cells (already made safe)."""
    cells = [
        _stamp(call.started_at),
        call.direction.value,
        call.result.value if call.result else "",
        call.number,
        call.name,
        call.project,
        call.queue,
        _seconds(call.started_at, call.answered_at),
        _seconds(call.answered_at, call.ended_at),
        call.disposition,
        call.note,
        call.key.backend,
    ]
    return [safe_cell(cell) for cell in cells]


def write_csv(out: TextIO, calls: Iterable[CallSummary]) -> int:
    """Write a header and one line per call to ``out``; return how many calls."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    n = 0
    for call in calls:
        writer.writerow(row(call))
        n += 1
    return n
