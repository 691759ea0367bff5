"""Screenshots of the call history in English and Russian, from the real window and journal.

For each language this writes a journal (in a temporary directory) with a day of calls —
missed, answered with hold, a failed and a successful transfer, outgoing, internal, one with
a note and a CRM record popped — through the journal's own writer, opens the real History
window over it, and saves:

* ``history.png`` — the window: the list (the unseen missed call in bold) and the selected
  call's timeline;
* ``history-timeline.png`` — the selected call's pane alone: who, the timeline, the note and
  what can be done with it;
* ``history-offline.png`` — the window with "while you were offline" after a reconnect.

Usage::

    .venv/bin/python scripts/history_screenshots.py [--out docs/screenshots] [--lang en --lang ru]

The clock is fixed (4 December 2026, 16:40 local time), so every run gives the same
pictures. Without ``DISPLAY`` Qt renders offscreen.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import qasync

from agent_toolbar.app import i18n
from agent_toolbar.history import events as je
from agent_toolbar.history.journal import Journal
from agent_toolbar.history.model import (
    CallDirection,
    CallKey,
    CallResult,
    EntryKind,
    Outcome,
    OutcomeCategory,
    Party,
)
from agent_toolbar.history.offline import CallSnap, OfflineReason, OfflineSummary
from agent_toolbar.qt import QApplication, QtWidgets
from agent_toolbar.ui.history.service import HistoryService
from agent_toolbar.ui.history.texts import install_history_translations
from agent_toolbar.ui.history.window import HistoryWindow

NOW = dt.datetime(2026, 12, 4, 16, 40).timestamp()
CRM = "https://crm.example.com/clients/CL-481516"


def at(hours: int, minutes: int, seconds: int = 0, days_ago: int = 0) -> float:
    """A local time of the fixed day (or a day before)."""
    day = dt.datetime.fromtimestamp(NOW) - dt.timedelta(days=days_ago)
    return day.replace(hour=hours, minute=minutes, second=seconds).timestamp()


def day_of_calls(language: str) -> list[je.JournalEvent]:
    """A day of calls, as the recorder would journal them."""
    out: list[je.JournalEvent] = []

    def call(cid: str, start: float, direction: CallDirection, number: str, name: str,
             project: str = "") -> CallKey:  # fmt: skip
        key = CallKey("naumen", cid)
        out.append(je.CallOpened(key, start, direction, (Party("caller", number, name),),
                                 project=project, session_id=f"node1-{cid}",
                                 backend_ids={"cid": cid}, server_at=start))  # fmt: skip
        return key

    def moment(key: CallKey, kind: EntryKind, when: float, **kw: object) -> None:
        out.append(je.CallMoment(key, kind, when, server_at=when, **kw))  # type: ignore[arg-type]

    k = call("c1", at(13, 10), CallDirection.INTERNAL, "2003", "Петров Олег (супервизор)")
    moment(k, EntryKind.ANSWER, at(13, 10, 4))
    out += [
        je.CallEnded(k, at(13, 12, 30), CallResult.ANSWERED),
        je.WrapUpClosed(k, at(13, 12, 31)),
    ]

    k = call("c2", at(14, 2), CallDirection.IN, "+7 903 765-43-21", "Кузнецова Анна Викторовна",
             "Доставка")  # fmt: skip
    moment(k, EntryKind.ANSWER, at(14, 2, 9))
    moment(k, EntryKind.TRANSFER_TRY, at(14, 5, 40), target="2001", detail="blind")
    moment(k, EntryKind.TRANSFER_RESULT, at(14, 5, 52), outcome=Outcome(OutcomeCategory.SUCCEEDED))
    out += [je.CallEnded(k, at(14, 5, 53), CallResult.TRANSFERRED),
            je.WrapUpClosed(k, at(14, 6, 20))]  # fmt: skip

    k = call("c3", at(15, 20), CallDirection.OUT, "+7 812 555-01-02", "ООО «Ромашка»")
    moment(k, EntryKind.ANSWER, at(15, 20, 14))
    out += [je.CallEnded(k, at(15, 24, 24), CallResult.ANSWERED), je.WrapUpClosed(k, at(15, 25))]

    k = call("c4", at(16, 5), CallDirection.IN, "+7 916 123-45-67", "Иванов Пётр Сергеевич",
             "Продажи")  # fmt: skip
    out.append(je.UrlPopped(k, at(16, 5, 1), CRM))
    moment(k, EntryKind.ANSWER, at(16, 5, 7))
    moment(k, EntryKind.HOLD, at(16, 7, 30))
    moment(k, EntryKind.RESUME, at(16, 8, 15))
    moment(k, EntryKind.TRANSFER_TRY, at(16, 10, 2), target="2002", detail="consultation")
    moment(k, EntryKind.TRANSFER_RESULT, at(16, 10, 14),
           outcome=Outcome(OutcomeCategory.BUSY, "7", "Busy"))  # fmt: skip
    out += [je.CallEnded(k, at(16, 12, 40), CallResult.ANSWERED),
            je.DispositionChosen(k, at(16, 12, 55), DISPOSITION[language]),
            je.WrapUpClosed(k, at(16, 13, 20))]  # fmt: skip

    k = call("c5", at(18, 47, days_ago=1), CallDirection.IN, "+7 921 000-11-22", "")
    out += [je.CallEnded(k, at(18, 47, 21, days_ago=1), CallResult.MISSED),
            je.WrapUpClosed(k, at(18, 47, 21, days_ago=1))]  # fmt: skip
    out.append(je.MissedSeen(at(9, 0)))  # seen this morning

    k = call("c6", at(16, 31), CallDirection.IN, "+7 495 111-22-33", "Смирнова Ольга",
             "Линия поддержки")  # fmt: skip
    out += [je.CallEnded(k, at(16, 31, 25), CallResult.MISSED), je.WrapUpClosed(k, at(16, 31, 25))]
    return out


DISPOSITION = {"ru": "Заказ оформлен", "en": "Order placed"}
REASON = {"ru": "Обед", "en": "Dinner"}
NOTES = {"ru": "Перезвонить после 18:00, уточнить адрес доставки",
         "en": "Call back after 18:00 to confirm the delivery address"}  # fmt: skip


async def shoot(folder: Path, language: str) -> list[Path]:
    """Write the three pictures of one language into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        journal = Journal.open(Path(tmp) / "history.sqlite3", clock=lambda: NOW)
        for event in day_of_calls(language):
            journal.record(event)
        journal.flush()
        target = next(c for c in journal.recent() if c.key.call_id == "c4")
        journal.set_note(target.id, NOTES[language])
        journal.flush()
        service = HistoryService(journal)
        window = HistoryWindow(service, dial=lambda _n: None, reopen=lambda _u: None,
                               clock=lambda: NOW)  # fmt: skip
        window.resize(900, 640)
        window.show()
        for _ in range(100):
            await asyncio.sleep(0.02)
            if window.table.calls.rowCount() == 6:
                break
        window.table.selectRow(window.table.calls.row_of(target.id))
        for _ in range(100):
            await asyncio.sleep(0.02)
            if window.details.record is not None and window.details.record.summary.note:
                break
        window.table.setFocus()
        await asyncio.sleep(0.2)

        def save(name: str, widget: QtWidgets.QWidget) -> None:
            path = folder / name
            if not widget.grab().save(str(path)):
                raise SystemExit(f"could not write {path}")
            print(path, flush=True)
            saved.append(path)

        save("history.png", window)
        save("history-timeline.png", window.details)
        summary = OfflineSummary(
            since=NOW - 95, until=NOW, reason=OfflineReason.RECONNECT,
            ended=(CallSnap("c7", "connected", CallDirection.IN, "+7 926 444-55-66",
                            "Соколов Дмитрий"),),
            appeared=(CallSnap("c8", "new", CallDirection.IN, "+7 495 222-33-44"),),
            operator_before="normal", operator_after=f"away:{REASON[language]}",
        )  # fmt: skip
        window.banner.show_summary(summary)
        await asyncio.sleep(0.2)
        save("history-offline.png", window)
        service.close()
        window.close()
        journal.close()
    return saved


async def run(out: Path, languages: list[str]) -> int:
    """Shoot every language; 1 if a picture is missing."""
    written: list[Path] = []
    for language in languages:
        i18n.install_translations(language)
        install_history_translations(language)
        written += await shoot(out / language, language)
    expected = 3 * len(languages)
    if len(written) != expected:
        print(f"wrote {len(written)} of {expected} pictures", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the options and shoot."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--lang", action="append", choices=["en", "ru"])
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        return runner.run(run(args.out, args.lang or ["en", "ru"]))


if __name__ == "__main__":
    raise SystemExit(main())
