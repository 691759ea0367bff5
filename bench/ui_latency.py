"""Incoming call → card painted, and loop lag under a 10,000-event burst, on the real app code.

Run: ``.venv/bin/python bench/ui_latency.py [--calls 200] [--burst 10000]``
(Qt's offscreen platform unless ``QT_QPA_PLATFORM`` says otherwise; the window is made wide
enough that ten cards are all on it, so every new card is really laid out and painted).

What runs is the product's own path: a WebSocket frame arrives at ``NaumenClient`` over a
real loopback socket, is decoded, adapted to domain events, reduced by the ``Session`` and
rendered by ``MainWindow`` (coalesced rendering, card creation, layout, paint). The server
side is a minimal CTI peer in this file (handshake replies, then frames on demand), so the
measurement contains no simulator logic.

Figures printed:

* latency from the client receiving a ``NewCall`` frame (the domain event's receive
  stamp) to the first paint of the new card, median and p99, with 1 and with 10 concurrent
  calls;
* the Qt loop's lag (how late a 5 ms ticker wakes) while a burst of N frames (call status,
  parameter updates, user state) is processed, median / p99 / max, and the burst's wall
  time;
* the baseline, measured in the same run: the bare ``decode()`` rate of the very same
  frames, and the ratios of the app's per-frame cost to it.

The product's bars: card painted under 16 ms at the median; loop lag under 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync
from websockets.asyncio.server import ServerConnection, serve
from websockets.typing import Subprotocol

import agent_toolbar.qt as qt
from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.backends.naumen.adapter import NaumenBackend
from agent_toolbar.backends.naumen.client import ClientConfig
from agent_toolbar.cti import events as ev
from agent_toolbar.cti.backend import LinkState
from agent_toolbar.cti.session import Session
from agent_toolbar.settings import Settings
from agent_toolbar.ui.window.main_window import MainWindow

LOGIN = "operator"


class Peer:
    """A minimal CTI server: answers the handshake and resync, then sends what it is told.

    It runs in its own process (see :func:`peer_process`) so that pushing ten thousand
    frames never blocks the event loop being measured. A second connection with the
    ``bench-control`` subprotocol tells it what to send.
    """

    def __init__(self) -> None:
        self.conn: ServerConnection | None = None

    async def handler(self, conn: ServerConnection) -> None:
        if conn.subprotocol == "bench-control":
            await self.control(conn)
            return
        self.conn = conn
        async for raw in conn:
            frame = json.loads(raw)
            name, rid = frame["name"], frame.get("rid")
            if name == "GetUserState":
                await conn.send(
                    json.dumps(
                        {
                            "rid": rid,
                            "name": "UserState",
                            "login": LOGIN,
                            "state": "available",
                            "substates": ["normal"],
                        }
                    )
                )
            elif name == "GetCalls":
                await conn.send(
                    json.dumps({"rid": rid, "name": "Calls", "login": LOGIN, "calls": []})
                )
            elif name == "GetConferences":
                await conn.send(
                    json.dumps(
                        {"rid": rid, "name": "Conferences", "login": LOGIN, "conferences": []}
                    )
                )
            else:
                await conn.send(json.dumps({"rid": rid, "name": "Ok"}))

    async def control(self, conn: ServerConnection) -> None:
        async for raw in conn:
            order = json.loads(raw)
            if order["op"] == "burst":
                frames = burst_frames(order["count"], order["calls"])
                frames.append(
                    json.dumps({"name": "CurrentCall", "login": LOGIN, "cid": order["calls"][-1]})
                )
            else:
                frames = order["frames"]
            assert self.conn is not None
            for frame in frames:
                await self.conn.send(frame)
            await conn.send("{}")


def peer_process(port_queue: Any) -> None:
    """Entry point of the peer process: serve on a free port and report it."""

    async def serve_forever() -> None:
        peer = Peer()
        protocols = [Subprotocol(m.SUBPROTOCOL), Subprotocol("bench-control")]
        async with serve(
            peer.handler, "127.0.0.1", 0, subprotocols=protocols, max_size=None
        ) as server:
            port_queue.put(next(iter(server.sockets)).getsockname()[1])
            await asyncio.Future()

    asyncio.run(serve_forever())


class PeerControl:
    """The measuring process's handle on the peer."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    async def send(self, frames: list[str]) -> None:
        await self.conn.send(json.dumps({"op": "send", "frames": frames}))
        await self.conn.recv()

    async def burst(self, count: int, calls: list[str]) -> None:
        await self.conn.send(json.dumps({"op": "burst", "count": count, "calls": calls}))


def new_call(cid: str, n: int) -> str:
    return json.dumps(
        {
            "name": "NewCall",
            "login": LOGIN,
            "cid": cid,
            "type": "voice",
            "state": "new",
            "direction": "in",
            "hold": False,
            "muted": False,
            "displayName": f"Клиент Номер {n}",
            "creationTime": int(time.time() * 1000),
            "params": {
                "sessionId": f"s-{cid}",
                "caller": f"+7916{n:07d}",
                "called": "88005550000",
                "ProjectTitle": "Линия поддержки",
                "ClientId": f"CL-{n}",
            },
        },
        ensure_ascii=False,
    )


def close_call(cid: str) -> list[str]:
    return [
        json.dumps(
            {
                "name": "CallStatus",
                "login": LOGIN,
                "cid": cid,
                "type": "voice",
                "state": "ended",
                "direction": "in",
                "hold": False,
                "muted": False,
                "displayName": "",
            }
        ),
        json.dumps({"name": "OnClose", "login": LOGIN, "cid": cid}),
    ]


def burst_frames(count: int, calls: list[str]) -> list[str]:
    """A realistic mix: hold toggles, parameter updates and user-state changes."""
    frames = []
    for i in range(count):
        cid = calls[i % len(calls)]
        kind = i % 3
        if kind == 0:
            frames.append(
                json.dumps(
                    {
                        "name": "CallStatus",
                        "login": LOGIN,
                        "cid": cid,
                        "type": "voice",
                        "state": "connected",
                        "direction": "in",
                        "hold": i % 2 == 0,
                        "muted": False,
                        "displayName": "",
                    }
                )
            )
        elif kind == 1:
            frames.append(
                json.dumps(
                    {
                        "name": "CallParamsUpdated",
                        "login": LOGIN,
                        "cid": cid,
                        "params": {"Step": str(i)},
                    }
                )
            )
        else:
            subs = ["normal", "speaking", "speaking#voice"] if i % 2 else ["normal", "speaking"]
            frames.append(
                json.dumps(
                    {"name": "UserState", "login": LOGIN, "state": "available", "substates": subs}
                )
            )
    return frames


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class PaintProbe(qt.QObject):
    """Records when each new card is first painted."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.painted: dict[str, float] = {}
        self.waiters: dict[str, asyncio.Future[float]] = {}
        window.call_list.card_created.connect(self._created)

    def _created(self, card: Any) -> None:
        card.installEventFilter(self)

    def eventFilter(self, watched: qt.QObject, event: qt.QEvent) -> bool:
        if event.type() == qt.QEvent.Type.Paint:
            cid = watched._cid  # type: ignore[attr-defined]
            if cid not in self.painted:
                # Stamp right after this paint event is delivered.
                qt.QTimer.singleShot(0, lambda c=cid: self._stamp(c))
                self.painted[cid] = 0.0
        return False

    def _stamp(self, cid: str) -> None:
        now = time.time()
        self.painted[cid] = now
        waiter = self.waiters.pop(cid, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(now)


async def bench(args: argparse.Namespace) -> None:
    import multiprocessing

    from websockets.asyncio.client import connect

    ports: Any = multiprocessing.Queue()
    process = multiprocessing.Process(target=peer_process, args=(ports,), daemon=True)
    process.start()
    port = await asyncio.get_running_loop().run_in_executor(None, ports.get)
    settings_dir = args.tmp
    settings = Settings(os.path.join(settings_dir, "u.ini"), os.path.join(settings_dir, "s.ini"))
    backend = NaumenBackend(
        ClientConfig(url=f"ws://127.0.0.1:{port}", login=LOGIN, max_frame=1 << 22)
    )
    session = Session(backend)
    received: dict[str, float] = {}

    def on_event(event: ev.DomainEvent) -> None:
        if isinstance(event, ev.CallReported) and event.new:
            received[event.call.cid] = event.at

    backend.subscribe(on_event)
    window = MainWindow(session, settings)
    probe = PaintProbe(window)
    window.resize(4200, 260)
    window.show()
    runner = asyncio.ensure_future(backend.run())
    await wait_for(
        lambda: session.state.connection.state is LinkState.CONNECTED and session.state.synced
    )
    control = await connect(
        f"ws://127.0.0.1:{port}", subprotocols=[Subprotocol("bench-control")], max_size=None
    )
    peer = PeerControl(control)

    results: dict[str, list[float]] = {}
    for concurrent in (1, 10):
        background = [f"bg{concurrent}-{i}" for i in range(concurrent - 1)]
        await peer.send([new_call(c, i) for i, c in enumerate(background)])
        await wait_for(lambda bg=background: all(probe.painted.get(c) for c in bg))
        latencies = []
        for n in range(args.calls):
            cid = f"c{concurrent}-{n}"
            waiter: asyncio.Future[float] = asyncio.get_running_loop().create_future()
            probe.waiters[cid] = waiter
            await peer.send([new_call(cid, n)])
            painted = await asyncio.wait_for(waiter, 5)
            latencies.append((painted - received[cid]) * 1000)
            await peer.send(close_call(cid))
            await wait_for(lambda c=cid: c not in session.state.calls)
        results[f"{concurrent} call(s)"] = latencies
        for c in background:
            await peer.send(close_call(c))
        await wait_for(lambda: not session.state.calls)

    # Burst: 10 calls on screen, then N frames as fast as the socket takes them.
    calls = [f"b{i}" for i in range(10)]
    await peer.send([new_call(c, i) for i, c in enumerate(calls)])
    await wait_for(lambda: all(c in session.state.calls for c in calls))
    frames = burst_frames(args.burst, calls)
    lags: list[float] = []
    stop = asyncio.Event()

    async def ticker() -> None:
        period = 0.005
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            before = loop.time()
            await asyncio.sleep(period)
            lags.append(max(0.0, (loop.time() - before - period) * 1000))

    tick = asyncio.ensure_future(ticker())
    await asyncio.sleep(0.05)
    lags.clear()
    started = time.perf_counter()
    await peer.burst(args.burst, calls)
    await wait_for(lambda: session.state.active_cid == calls[-1], timeout=120)
    window.render_now()
    burst_wall = time.perf_counter() - started
    stop.set()
    await tick

    decode_started = time.perf_counter()
    for frame in frames:
        m.decode(frame)
    decode_time = time.perf_counter() - decode_started

    platform = qt.QGuiApplication.platformName()
    print(f"agent-toolbar UI benchmark (Qt platform: {platform}, Python {sys.version.split()[0]})")
    print()
    print("Incoming call frame received → card painted (ms)")
    for label, values in results.items():
        print(
            f"  {label:12s} n={len(values):4d}  median {statistics.median(values):6.2f}  "
            f"p99 {pct(values, 0.99):6.2f}  max {max(values):6.2f}   (bar: median < 16)"
        )
    print()
    print(f"Burst of {len(frames)} frames with 10 calls on screen")
    print(
        f"  app: {burst_wall * 1000:8.1f} ms  = {len(frames) / burst_wall:9.0f} frames/s  "
        f"({burst_wall / len(frames) * 1e6:6.1f} µs/frame)"
    )
    print(
        f"  loop lag: median {statistics.median(lags):5.2f}  p99 {pct(lags, 0.99):5.2f}  "
        f"max {max(lags):5.2f} ms over {len(lags)} ticks   (bar: < 50)"
    )
    print()
    print("Baseline, same run: bare decode() of the same frames")
    print(
        f"  decode: {decode_time * 1000:8.1f} ms  = {len(frames) / decode_time:9.0f} frames/s  "
        f"({decode_time / len(frames) * 1e6:6.1f} µs/frame)"
    )
    print(f"  ratio app / bare decode: {burst_wall / decode_time:5.1f}×")
    median_1 = statistics.median(results["1 call(s)"])
    print(
        f"  card latency / one bare decode: {median_1 / 1000 / (decode_time / len(frames)):6.0f}×"
    )

    await backend.stop()
    await runner
    window.detach()
    window.close()
    await control.close()
    process.terminate()
    process.join()


async def wait_for(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.001)


def main() -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200, help="samples per concurrency level")
    parser.add_argument("--burst", type=int, default=10_000, help="frames in the burst")
    args = parser.parse_args()
    app = qt.QApplication.instance() or qt.QApplication(["bench"])
    app.setQuitOnLastWindowClosed(False)
    with tempfile.TemporaryDirectory() as tmp:
        args.tmp = tmp
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
            runner.run(bench(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
