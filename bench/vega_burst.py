"""A burst of Vega PBX frames through the decoder and the tracker, against plain ``json.loads``.

The PBX sends every employee's events on one socket, so a busy company means a steady
stream that is mostly not ours. This measures, for a burst of N frames built by the
simulator's own call book (group calls distributed to colleagues and to us, bridged and hung
up), the time per frame of:

* ``json.loads`` alone (the baseline: the least any client must do);
* ``decode`` (typed records, every check);
* ``decode`` + ``Tracker.feed`` (our calls kept, changes built).

It prints the figures and the ratios to the baseline measured in the same run.

    python bench/vega_burst.py [--frames 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

from agent_toolbar.backends.vega.frames import Rejected, decode
from agent_toolbar.backends.vega.tracker import Tracker
from agent_toolbar.simulators.vega.calls import CallBook


def burst(count: int) -> list[str]:
    """About ``count`` frames: one call in five is the operator's (extension 101)."""
    out: list[dict[str, Any]] = []
    book = CallBook(out.append)
    n = 0
    while len(out) < count:
        ext = "101" if n % 5 == 0 else "102"
        parent = book.group_dial("500", None, (1, 2))
        child = book.distribute(parent.uuid, ext)
        book.bridge(child.uuid)
        book.hangup(child.uuid)
        n += 1
    return [json.dumps(frame, ensure_ascii=False) for frame in out[:count]]


def per_frame(frames: list[str], step: Any, repeat: int) -> float:
    """Median microseconds per frame over ``repeat`` runs of ``step(frames)``."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        step(frames)
        runs.append((time.perf_counter() - start) / len(frames) * 1e6)
    return statistics.median(runs)


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    frames = burst(args.frames)

    def loads(batch: list[str]) -> None:
        for raw in batch:
            json.loads(raw)

    def decoded(batch: list[str]) -> None:
        for raw in batch:
            decode(raw)

    def tracked(batch: list[str]) -> None:
        tracker = Tracker("101")
        for raw in batch:
            frame = decode(raw)
            if not isinstance(frame, Rejected):
                tracker.feed(frame)

    base = per_frame(frames, loads, args.repeat)
    dec = per_frame(frames, decoded, args.repeat)
    full = per_frame(frames, tracked, args.repeat)
    print(f"{len(frames)} frames, median of {args.repeat} runs, µs per frame")
    print(f"  json.loads           {base:8.1f}   1.00x")
    print(f"  decode               {dec:8.1f}   {dec / base:5.2f}x")
    print(f"  decode + tracker     {full:8.1f}   {full / base:5.2f}x")
    print(f"  a burst of {len(frames)} through decode + tracker: {full * len(frames) / 1e3:.0f} ms")


if __name__ == "__main__":
    main()
