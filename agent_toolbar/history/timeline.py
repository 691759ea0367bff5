"""A call's timeline: ring → answer → hold spans → transfer tries → end → wrap-up closed.

:func:`build` turns a call's recorded entries into steps with offsets and durations, as
language-neutral data; :func:`render` words them as plain text for the clipboard through a
translate function ``translate(context, text, *args)`` (the toolbar's ``tr``; ``%1`` …
placeholders, substituted by it in one pass). The strings are marked with
:func:`QT_TRANSLATE_NOOP` so the catalog tools find them here, outside any Qt module.

Readings:
    * A duration uses the server's timestamps when both of its ends have one, otherwise the
      local ones: the two clocks are never mixed in one subtraction.
    * A hold with no resume lasts until the end of the call (or is open while it runs); a
      transfer try with no result is still running; a result with no try stands alone.
    * Talk time runs from the answer to the end and includes hold; hold is given apart.
    * A popped URL and a chosen disposition are moments of their own, with no duration.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from agent_toolbar.history.model import CallDirection, CallRecord, Entry, EntryKind, Outcome

CONTEXT = "HistoryTimeline"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for the catalog (context ``context``); return it unchanged."""
    return text


class Translate(Protocol):
    """``translate(context, text, *args)``: the text in the operator's language, filled."""

    def __call__(self, context: str, text: str, *args: str) -> str:
        """Translate and substitute ``%1`` … in one pass."""
        ...


class StepKind(enum.StrEnum):
    """One step of a timeline."""

    RING = "ring"
    ANSWER = "answer"
    HOLD = "hold"
    TRANSFER = "transfer"
    END = "end"
    WRAPUP_CLOSED = "wrapup_closed"
    URL_POPPED = "url_popped"
    DISPOSITION = "disposition"


@dataclass(frozen=True, slots=True)
class Step:
    """One step with when it happened and how long it lasted.

    Attributes:
        kind: What happened.
        at: Local time it happened.
        offset: Seconds since the first step.
        duration: How long the step lasted (ring: until answer or end; answer: talk until
            the end; hold: the span; transfer: until its result; end: the wrap-up).
            ``None`` when it has no duration or is still open.
        running: A hold, transfer, ring or talk with no end yet.
        server_timed: ``duration`` comes from the server's timestamps.
        outcome: A transfer's or the end's outcome.
        target: The transfer target, the popped URL or the disposition.
        detail: The transfer's kind, or the end result.
    """

    kind: StepKind
    at: float
    offset: float
    duration: float | None = None
    running: bool = False
    server_timed: bool = False
    outcome: Outcome | None = None
    target: str = ""
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Timeline:
    """A call's steps and its totals (seconds; ``None`` when not known)."""

    steps: tuple[Step, ...]
    ring: float | None = None
    talk: float | None = None
    hold: float | None = None
    wrapup: float | None = None
    total: float | None = None


def _span(a: Entry, b: Entry) -> tuple[float, bool]:
    if a.server_at is not None and b.server_at is not None:
        return max(0.0, b.server_at - a.server_at), True
    return max(0.0, b.at - a.at), False


def _first(entries: Sequence[Entry], kind: EntryKind, after: int = 0) -> int | None:
    for i in range(after, len(entries)):
        if entries[i].kind is kind:
            return i
    return None


class _Builder:
    """Walks the entries once, pairing holds with resumes and transfer tries with results."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = entries
        self.origin = entries[0]
        self.end_i = _first(entries, EntryKind.END)
        self.end = entries[self.end_i] if self.end_i is not None else None
        self.used: set[int] = set()

    def step(
        self,
        i: int,
        kind: StepKind,
        until: Entry | None,
        *,
        open_ended: bool = True,
        outcome: Outcome | None = None,
        target: str = "",
        detail: str = "",
    ) -> Step:
        """Step ``i`` lasting until ``until`` (running when it has none and may still end)."""
        e = self.entries[i]
        duration, server = _span(e, until) if until is not None else (None, False)
        running = until is None and open_ended and self.end is None
        offset = _span(self.origin, e)[0]
        return Step(kind, e.at, offset, duration, running, server, outcome, target, detail)

    def pair(self, i: int, kind: EntryKind, stop_at: EntryKind) -> int | None:
        """The next ``kind`` after ``i`` that no ``stop_at`` comes before."""
        j = _first(self.entries, kind, i + 1)
        k = _first(self.entries, stop_at, i + 1)
        if j is None or (k is not None and k < j):
            return None
        self.used.add(j)
        return j

    def at(self, i: int | None) -> Entry | None:
        """Entry ``i``, if any."""
        return self.entries[i] if i is not None else None

    def one(self, i: int, e: Entry) -> Step | None:
        """The step entry ``i`` starts (``None`` for one another step consumed)."""
        match e.kind:
            case EntryKind.RING:
                answer = _first(self.entries, EntryKind.ANSWER, i)
                return self.step(i, StepKind.RING, self.at(answer) or self.end)
            case EntryKind.ANSWER:
                return self.step(i, StepKind.ANSWER, self.end)
            case EntryKind.HOLD:
                resume = self.at(self.pair(i, EntryKind.RESUME, EntryKind.END))
                return self.step(i, StepKind.HOLD, resume or self.end)
            case EntryKind.TRANSFER_TRY:
                result = self.at(self.pair(i, EntryKind.TRANSFER_RESULT, EntryKind.TRANSFER_TRY))
                outcome = result.outcome if result else None
                return self.step(i, StepKind.TRANSFER, result, outcome=outcome,
                                 target=e.target, detail=e.detail)  # fmt: skip
            case EntryKind.TRANSFER_RESULT:
                return self.step(i, StepKind.TRANSFER, None, open_ended=False,
                                 outcome=e.outcome, target=e.target, detail=e.detail)  # fmt: skip
            case EntryKind.END:
                closed = self.at(_first(self.entries, EntryKind.WRAPUP_CLOSED, i))
                step = self.step(i, StepKind.END, closed, outcome=e.outcome, detail=e.detail)
                # In wrap-up until closed: running even though the call has ended.
                return Step(step.kind, step.at, step.offset, step.duration, closed is None,
                            step.server_timed, step.outcome, "", step.detail)  # fmt: skip
            case EntryKind.WRAPUP_CLOSED:
                return self.step(i, StepKind.WRAPUP_CLOSED, None, open_ended=False)
            case EntryKind.URL_POPPED | EntryKind.DISPOSITION:
                kind = StepKind(e.kind.value)
                return self.step(i, kind, None, open_ended=False, target=e.target)
        return None  # a resume without its hold says nothing on its own


def build(entries: Sequence[Entry]) -> Timeline:
    """The timeline of a call from its entries in recorded order."""
    if not entries:
        return Timeline(())
    b = _Builder(entries)
    steps: list[Step] = []
    for i, e in enumerate(entries):
        if i not in b.used and (made := b.one(i, e)) is not None:
            steps.append(made)

    def first(kind: StepKind) -> float | None:
        return next((s.duration for s in steps if s.kind is kind), None)

    holds = [s.duration or 0.0 for s in steps if s.kind is StepKind.HOLD]
    closed_i = _first(entries, EntryKind.WRAPUP_CLOSED)
    last = b.at(closed_i) or b.end
    return Timeline(
        steps=tuple(steps),
        ring=first(StepKind.RING),
        talk=first(StepKind.ANSWER),
        hold=sum(holds) if holds else None,
        wrapup=first(StepKind.END),
        total=_span(b.origin, last)[0] if last is not None else None,
    )


def duration_text(seconds: float) -> str:
    """``m:ss`` (or ``h:mm:ss``) of whole seconds."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _clock(at: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(at))


TEXTS: dict[StepKind, str] = {
    StepKind.RING: QT_TRANSLATE_NOOP("HistoryTimeline", "Ringing"),
    StepKind.ANSWER: QT_TRANSLATE_NOOP("HistoryTimeline", "Answered"),
    StepKind.HOLD: QT_TRANSLATE_NOOP("HistoryTimeline", "On hold"),
    StepKind.TRANSFER: QT_TRANSLATE_NOOP("HistoryTimeline", "Transfer to %1"),
    StepKind.END: QT_TRANSLATE_NOOP("HistoryTimeline", "Ended: %1"),
    StepKind.WRAPUP_CLOSED: QT_TRANSLATE_NOOP("HistoryTimeline", "Wrap-up closed"),
    StepKind.URL_POPPED: QT_TRANSLATE_NOOP("HistoryTimeline", "CRM opened: %1"),
    StepKind.DISPOSITION: QT_TRANSLATE_NOOP("HistoryTimeline", "Disposition: %1"),
}
DURATIONS: dict[StepKind, str] = {
    StepKind.ANSWER: QT_TRANSLATE_NOOP("HistoryTimeline", "talk %1"),
    StepKind.END: QT_TRANSLATE_NOOP("HistoryTimeline", "wrap-up %1"),
}
DIALLING = QT_TRANSLATE_NOOP("HistoryTimeline", "Dialling")
RUNNING = QT_TRANSLATE_NOOP("HistoryTimeline", "still running")
DIRECTIONS: dict[CallDirection, str] = {
    CallDirection.IN: QT_TRANSLATE_NOOP("HistoryTimeline", "Incoming call"),
    CallDirection.OUT: QT_TRANSLATE_NOOP("HistoryTimeline", "Outgoing call"),
    CallDirection.INTERNAL: QT_TRANSLATE_NOOP("HistoryTimeline", "Internal call"),
    CallDirection.UNKNOWN: QT_TRANSLATE_NOOP("HistoryTimeline", "Call"),
}
TOTALS = QT_TRANSLATE_NOOP(
    "HistoryTimeline", "Ringing %1, talk %2, on hold %3, wrap-up %4, total %5"
)


def render(
    timeline: Timeline,
    translate: Translate,
    *,
    words: Callable[[str], str] | None = None,
    clock: Callable[[float], str] = _clock,
    heading: str = "",
    outgoing: bool = False,
) -> str:
    """The timeline as plain text, one step a line.

    Args:
        timeline: What :func:`build` made.
        translate: ``translate(context, text, *args)``.
        words: Words for a neutral value (a result such as ``busy``, a transfer kind, an
            outcome category); defaults to the value itself.
        clock: Formats a local time of day.
        heading: A first line (see :func:`render_record`).
        outgoing: The call was placed by the operator (its first step is dialling).
    """
    word = words or (lambda value: value)
    lines = [heading] if heading else []
    for s in timeline.steps:
        if s.kind is StepKind.RING and outgoing:
            text = translate(CONTEXT, DIALLING)
        else:
            text = _step_text(s, translate, word)
        if s.duration is not None:
            length = duration_text(s.duration)
            if s.kind in DURATIONS:
                length = translate(CONTEXT, DURATIONS[s.kind], length)
            text += f"  {length}"
        elif s.running:
            text += f"  ({translate(CONTEXT, RUNNING)})"
        lines.append(f"{clock(s.at)}  {text}")
    dash = "—"
    totals = [timeline.ring, timeline.talk, timeline.hold, timeline.wrapup, timeline.total]
    if timeline.total is not None:
        cells = [duration_text(v) if v is not None else dash for v in totals]
        lines.append(translate(CONTEXT, TOTALS, *cells))
    return "\n".join(lines)


def _step_text(s: Step, translate: Translate, word: Callable[[str], str]) -> str:
    match s.kind:
        case StepKind.TRANSFER:
            text = translate(CONTEXT, TEXTS[s.kind], s.target or "?")
            if s.detail:
                text += f" ({word(s.detail)})"
            if s.outcome is not None:
                text += f" → {_outcome(s.outcome, word)}"
            return text
        case StepKind.END:
            text = translate(CONTEXT, TEXTS[s.kind], word(s.detail) if s.detail else "?")
            if s.outcome is not None and (s.outcome.vendor_code or s.outcome.vendor_text):
                text += f" ({_vendor(s.outcome)})"
            return text
        case StepKind.URL_POPPED | StepKind.DISPOSITION:
            return translate(CONTEXT, TEXTS[s.kind], s.target)
        case _:
            return translate(CONTEXT, TEXTS[s.kind])


def _vendor(outcome: Outcome) -> str:
    return " ".join(p for p in (outcome.vendor_code, outcome.vendor_text) if p)


def _outcome(outcome: Outcome, word: Callable[[str], str]) -> str:
    vendor = _vendor(outcome)
    return f"{word(outcome.category.value)} ({vendor})" if vendor else word(outcome.category.value)


def render_record(
    record: CallRecord,
    translate: Translate,
    *,
    words: Callable[[str], str] | None = None,
    clock: Callable[[float], str] = _clock,
) -> str:
    """A journalled call's timeline as text, headed by direction, number, name and project."""
    c = record.summary
    who = " ".join(p for p in (c.number, f"({c.name})" if c.name else "") if p)
    head = ", ".join(p for p in (translate(CONTEXT, DIRECTIONS[c.direction]) + " " + who,
                                 c.project, c.queue) if p.strip())  # fmt: skip
    return render(
        build(record.entries),
        translate,
        words=words,
        clock=clock,
        heading=head.strip(),
        outgoing=c.direction is CallDirection.OUT,
    )


def plain(context: str, text: str, *args: str) -> str:
    """A translate function that keeps the English text (substitutes in one pass)."""
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "%" and i + 1 < len(text) and text[i + 1].isdigit():
            n = int(text[i + 1])
            out.append(args[n - 1] if 0 < n <= len(args) else text[i : i + 2])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)
