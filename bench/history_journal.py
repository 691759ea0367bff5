"""The call journal under load: 5,000 calls written through the real journal.

    .venv/bin/python bench/history_journal.py [--calls 5000] [--dir DIR] [--no-ui]

Each call is seven events (ring with its parties, a popped URL, answer, hold, resume, end,
wrap-up closed), each written by the journal's writer thread in its own transaction, as the
toolbar writes them. Printed, all measured in this run:

* the journal: wall time from the first ``record()`` to the last event written, events/s;
* the caller's side: what one ``record()`` costs the thread that calls it (the GUI thread in
  the toolbar), median / p99 / max;
* an asyncio loop ticking every 5 ms on the calling thread while the writer works: its lag
  (how late a tick ran), median / p99 / max, against the same loop with the writer idle;
* two baselines on a bare ``sqlite3`` file with the same pragmas, one ``INSERT`` per event
  into one table: all in a single transaction (the floor), and one commit per event (the
  journal's durability); ratios of the journal against both;
* the file's size per 1,000 calls, and the history window's queries on the full file;
* with the UI (the default; offscreen unless ``DISPLAY`` is set): the same 5,000 calls
  written while the History window is shown on the Qt loop (qasync) and re-lists the
  newest 200 calls (a page) each time the journal is poked (as the toolbar pokes it after each
  call), the Qt loop's lag against the 50 ms bar, and how many times the list re-rendered.

A measurement, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agent_toolbar.history import events as je
from agent_toolbar.history.journal import Journal
from agent_toolbar.history.model import (
    CallDirection,
    CallKey,
    CallResult,
    EntryKind,
    HistoryQuery,
    Party,
)

EVENTS_PER_CALL = 7
TICK = 0.005


def call_events(n: int, at: float) -> list[je.JournalEvent]:
    key = CallKey("naumen", f"c{n}")
    number = f"+7916{n:07d}"
    return [
        je.CallOpened(
            key,
            at,
            CallDirection.IN if n % 3 else CallDirection.OUT,
            (Party("caller", number, f"Клиент {n}"), Party("called", "88005553535")),
            project="Продажи",
            queue="Q1",
            session_id=f"node1-{n:010d}",
            backend_ids={"cid": f"c{n}"},
            server_at=at,
        ),
        je.UrlPopped(key, at + 0.2, f"https://crm.example.com/card?phone={number}&sid={n}"),
        je.CallMoment(key, EntryKind.ANSWER, at + 5, server_at=at + 5),
        je.CallMoment(key, EntryKind.HOLD, at + 20),
        je.CallMoment(key, EntryKind.RESUME, at + 30),
        je.CallEnded(key, at + 60, CallResult.MISSED if n % 10 == 0 else CallResult.ANSWERED),
        je.WrapUpClosed(key, at + 70),
    ]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f} ms"


def us(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} µs"


async def ticker(lags: list[float], stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        due = loop.time() + TICK
        await asyncio.sleep(TICK)
        lags.append(max(0.0, loop.time() - due))


async def through_journal(path: Path, calls: int) -> dict[str, object]:
    now = time.time()
    journal = Journal.open(path, clock=lambda: now + 10)
    journal.flush()
    lags: list[float] = []
    stop = asyncio.Event()
    tick = asyncio.create_task(ticker(lags, stop))
    await asyncio.sleep(0.3)
    idle_lags = list(lags)
    lags.clear()
    costs: list[float] = []
    start = time.perf_counter()
    for n in range(calls):
        for event in call_events(n, now - calls + n):
            t = time.perf_counter()
            journal.record(event)
            costs.append(time.perf_counter() - t)
        if n % 20 == 19:
            await asyncio.sleep(0)  # the GUI thread renders between bursts of calls
    while not journal.writer.wait(timeout=0):
        await asyncio.sleep(0.001)
    elapsed = time.perf_counter() - start
    stop.set()
    await tick
    queries: dict[str, float] = {}
    for name, run in (
        ("recent(200)", lambda: journal.recent(200)),
        ("missed(200)", lambda: journal.missed(200)),
        ("unseen_missed()", journal.unseen_missed),
        ("search '91600012'", lambda: journal.find(HistoryQuery(text="91600012"))),
        ("search 'клиент 4999'", lambda: journal.find(HistoryQuery(text="клиент 4999"))),
        ("call(1) with timeline", lambda: journal.call(1)),
    ):
        samples = []
        for _ in range(20):
            t = time.perf_counter()
            run()
            samples.append(time.perf_counter() - t)
        queries[name] = statistics.median(samples)
    counts = journal.counts()
    journal.close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return {
        "elapsed": elapsed,
        "costs": costs,
        "lags": lags,
        "idle_lags": idle_lags,
        "queries": queries,
        "entries": counts.entries,
        "size": os.path.getsize(path),
    }


async def through_journal_with_window(
    path: Path, calls: int, show: bool = True
) -> dict[str, object]:
    from agent_toolbar.ui.history.service import HistoryService
    from agent_toolbar.ui.history.window import HistoryWindow

    now = time.time()
    journal = Journal.open(path, clock=lambda: now + 10)
    journal.flush()
    service = HistoryService(journal)
    window = HistoryWindow(service)
    renders = [0]
    service.changed.connect(lambda: renders.__setitem__(0, renders[0] + 1))
    if show:
        window.show()
    else:
        service.changed.disconnect()  # the baseline: no window listening
    lags: list[float] = []
    stop = asyncio.Event()
    tick = asyncio.create_task(ticker(lags, stop))
    await asyncio.sleep(0.5)
    idle = list(lags)
    lags.clear()
    start = time.perf_counter()
    for n in range(calls):
        for event in call_events(n, now - calls + n):
            journal.record(event)
        service.poke()  # what the toolbar does after a call's transitions
        if n % 20 == 19:
            await asyncio.sleep(0)
    while not journal.writer.wait(timeout=0):
        service.poke()  # the writer catches up: the window keeps re-listing what it wrote
        await asyncio.sleep(0.001)
    elapsed = time.perf_counter() - start
    await asyncio.sleep(0.5)  # the last coalesced refresh
    stop.set()
    await tick
    rows = window.table.calls.rowCount()
    window.close()
    journal.close()
    return {"elapsed": elapsed, "lags": lags, "idle": idle, "renders": renders[0], "rows": rows}


def with_ui(path: Path, calls: int, show: bool = True) -> dict[str, object]:
    os.environ.setdefault(
        "QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb"
    )
    import qasync

    from agent_toolbar.qt import QApplication

    app = QApplication.instance() or QApplication([])
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        return runner.run(through_journal_with_window(path, calls, show))


def bare(path: Path, rows: int, per_event_commit: bool) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, call TEXT, kind TEXT, at REAL, v TEXT)")
    start = time.perf_counter()
    if not per_event_commit:
        conn.execute("BEGIN")
    for i in range(rows):
        if per_event_commit:
            conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO t (call, kind, at, v) VALUES (?, ?, ?, ?)",
            (f"c{i // EVENTS_PER_CALL}", "answer", float(i), "+79160000000"),
        )
        if per_event_commit:
            conn.execute("COMMIT")
    if not per_event_commit:
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--dir", type=Path, default=None, help="where the files go (a temp dir)")
    parser.add_argument("--no-ui", action="store_true", help="skip the History window run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        root = Path(tmp)
        events = args.calls * EVENTS_PER_CALL
        floor = bare(root / "bare1.sqlite3", events, per_event_commit=False)
        per_commit = bare(root / "bare2.sqlite3", events, per_event_commit=True)
        result = asyncio.run(through_journal(root / "history.sqlite3", args.calls))
        ui = base = None
        if not args.no_ui:
            base = with_ui(root / "history-qt.sqlite3", args.calls, show=False)
            ui = with_ui(root / "history-ui.sqlite3", args.calls)
    elapsed = float(result["elapsed"])  # type: ignore[arg-type]
    costs: list[float] = result["costs"]  # type: ignore[assignment]
    lags: list[float] = result["lags"]  # type: ignore[assignment]
    idle: list[float] = result["idle_lags"]  # type: ignore[assignment]
    size = int(result["size"])  # type: ignore[call-overload]
    print(f"calls: {args.calls}, events: {events} ({EVENTS_PER_CALL} a call)")
    print(f"journal: {elapsed:.2f} s to write every event, {events / elapsed:,.0f} events/s, "
          f"{ms(elapsed / args.calls)} a call")  # fmt: skip
    print(f"bare sqlite, one transaction: {floor:.2f} s ({events / floor:,.0f} rows/s); "
          f"journal / that = {elapsed / floor:.1f}x")  # fmt: skip
    print(f"bare sqlite, a commit per row: {per_commit:.2f} s ({events / per_commit:,.0f} rows/s); "
          f"journal / that = {elapsed / per_commit:.1f}x")  # fmt: skip
    print(f"record() on the caller's thread: median {us(statistics.median(costs))}, "
          f"p99 {us(pct(costs, 0.99))}, max {us(max(costs))}")  # fmt: skip
    print(f"loop lag while writing ({len(lags)} ticks of {TICK * 1000:.0f} ms): median "
          f"{ms(statistics.median(lags))}, p99 {ms(pct(lags, 0.99))}, max {ms(max(lags))}"
          f" (bar: 50 ms)")  # fmt: skip
    if idle:
        print(f"loop lag, writer idle ({len(idle)} ticks): median {ms(statistics.median(idle))}, "
              f"max {ms(max(idle))}")  # fmt: skip
    print(f"file: {size / 1024:.0f} KiB for {args.calls} calls ({result['entries']} entries) = "
          f"{size / 1024 / (args.calls / 1000):.0f} KiB per 1,000 calls")  # fmt: skip
    for name, seconds in result["queries"].items():  # type: ignore[attr-defined]
        print(f"query {name}: {ms(seconds)} (median of 20)")
    if base is not None:
        b_lags: list[float] = base["lags"]  # type: ignore[assignment]
        print(f"Qt loop lag while writing, no window (baseline, {len(b_lags)} ticks): median "
              f"{ms(statistics.median(b_lags))}, p99 {ms(pct(b_lags, 0.99))}, "
              f"max {ms(max(b_lags))}")  # fmt: skip
    if ui is not None and base is not None:
        ui_lags: list[float] = ui["lags"]  # type: ignore[assignment]
        ui_idle: list[float] = ui["idle"]  # type: ignore[assignment]
        ui_elapsed = float(ui["elapsed"])  # type: ignore[arg-type]
        platform = os.environ["QT_QPA_PLATFORM"]
        print(f"with the History window on the Qt loop ({platform}): {ui_elapsed:.2f} s to "
              f"write every event ({ui_elapsed / elapsed:.2f}x the run without it), the list "
              f"re-rendered {ui['renders']} times ({ui['rows']} rows at the end)")  # fmt: skip
        print(f"Qt loop lag while writing and rendering ({len(ui_lags)} ticks): median "
              f"{ms(statistics.median(ui_lags))}, p99 {ms(pct(ui_lags, 0.99))}, "
              f"max {ms(max(ui_lags))} — bar 50 ms: "
              f"{'under' if max(ui_lags) < 0.05 else 'OVER'}; p99 / baseline p99 = "
              f"{pct(ui_lags, 0.99) / max(pct(b_lags, 0.99), 1e-6):.1f}x")  # fmt: skip
        if ui_idle:
            print(f"Qt loop lag, idle window ({len(ui_idle)} ticks): median "
                  f"{ms(statistics.median(ui_idle))}, max {ms(max(ui_idle))}")  # fmt: skip


if __name__ == "__main__":
    main()
