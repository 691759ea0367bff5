"""A process that writes call events through the real journal until it is killed.

    python journal_child.py DB COUNTERS BASE MODE

Each event ``k`` (1, 2, …) makes exactly one timeline entry at time ``BASE + k``: calls of
ring, answer, hold, resume, end and wrap-up closed, one after another. Before submitting
event ``k`` the child stores ``k`` in the first 8 bytes of the shared file ``COUNTERS``;
after the writer says it is written, it stores the acknowledged number in the next 8. The
pages of a shared mapping outlive a SIGKILL, so the test reads both after the kill.

``MODE`` ``one`` waits for each event before the next (what the toolbar does between two
moments of a call); ``burst`` submits 50 at a time and then waits.
"""

from __future__ import annotations

import mmap
import struct
import sys
from pathlib import Path

from agent_toolbar.history import events as je
from agent_toolbar.history.journal import Journal
from agent_toolbar.history.model import CallDirection, CallKey, CallResult, EntryKind, Party


def event(k: int, at: float) -> je.JournalEvent:
    """Event ``k`` (from 1) of the endless sequence of calls."""
    key = CallKey("naumen", f"c{(k - 1) // 6}")
    match (k - 1) % 6:
        case 0:
            return je.CallOpened(key, at, CallDirection.IN, (Party("caller", f"+7916{k:07d}"),))
        case 1:
            return je.CallMoment(key, EntryKind.ANSWER, at)
        case 2:
            return je.CallMoment(key, EntryKind.HOLD, at)
        case 3:
            return je.CallMoment(key, EntryKind.RESUME, at)
        case 4:
            return je.CallEnded(key, at, CallResult.ANSWERED)
        case _:
            return je.WrapUpClosed(key, at)


def main() -> None:
    db, counters, base, mode = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3]), sys.argv[4]
    with open(counters, "r+b") as f:
        shared = mmap.mmap(f.fileno(), 16)
    journal = Journal.open(db)
    journal.flush()
    print("ready", flush=True)
    k = 0
    while True:
        burst = 1 if mode == "one" else 50
        for _ in range(burst):
            k += 1
            shared[0:8] = struct.pack("<q", k)
            seq = journal.record(event(k, base + k))
        journal.writer.wait(seq)
        shared[8:16] = struct.pack("<q", k)


if __name__ == "__main__":
    main()
