"""The headless toolbars of ``bench/gateway_fanout.py``, in a process of their own.

Run by the bench: ``python bench/gateway_toolbars.py --url ws://…/toolbar --tokens FILE``
(``login = token`` lines). Each toolbar keeps a WebSocket to the gateway, reconnecting after
0.1–1.0 s of jitter, and stamps every ``call`` frame with ``time.perf_counter()`` (the clock the
poster's process stamps its POSTs with). Prints ``ready 1 <s>`` once every toolbar has a hello
and a snapshot; then reads commands on stdin: ``dump PATH`` (writes the stamps as JSON, prints
``dumped``), ``restart`` (prints ``ready 2 <s>`` once every toolbar has a second hello and
snapshot), anything else ends it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import sys
import time
from pathlib import Path

import aiohttp

LOGIN_HEADER = "X-Agent-Toolbar-Login"


class Toolbars:
    """N headless toolbars that reconnect with jitter and stamp every call frame."""

    def __init__(self, session: aiohttp.ClientSession, url: str, tokens: dict[str, str]) -> None:
        self.session, self.url, self.tokens = session, url, tokens
        self.received: dict[tuple[str, str], float] = {}
        self.hellos: dict[str, list[str]] = {login: [] for login in tokens}
        self.snapshots: dict[str, int] = dict.fromkeys(tokens, 0)
        self.stop = asyncio.Event()
        self.tasks = [asyncio.ensure_future(self._run(login)) for login in tokens]

    async def _run(self, login: str) -> None:
        headers = {"Authorization": f"Bearer {self.tokens[login]}", LOGIN_HEADER: login}
        while not self.stop.is_set():
            with contextlib.suppress(aiohttp.ClientError, OSError):
                async with self.session.ws_connect(self.url, headers=headers, heartbeat=None) as ws:
                    async for message in ws:
                        now = time.perf_counter()
                        frame = json.loads(message.data)
                        kind = frame["type"]
                        if kind == "call":
                            self.received[(frame["call"]["vendor_id"], frame["event"])] = now
                        elif kind == "hello":
                            self.hellos[login].append(frame["instance"])
                        elif kind == "snapshot":
                            self.snapshots[login] += 1
            await asyncio.sleep(0.1 + random.random() * 0.9)

    async def wait(self, hellos: int, timeout: float) -> float:
        began = time.perf_counter()
        async with asyncio.timeout(timeout):
            while any(
                len(h) < hellos or self.snapshots[k] < hellos for k, h in self.hellos.items()
            ):
                await asyncio.sleep(0.02)
        return time.perf_counter() - began

    async def close(self) -> None:
        self.stop.set()
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)


async def main(args: argparse.Namespace) -> None:
    """The toolbars' process: ``ready 1`` when all have a hello; then, on stdin, ``dump PATH``
    (write the stamps), ``restart`` (answer ``ready 2`` when all have a second hello), ``quit``."""
    tokens = dict(line.split(" = ", 1) for line in Path(args.tokens).read_text().splitlines())
    loop = asyncio.get_running_loop()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        toolbars = Toolbars(session, args.url, tokens)
        print(f"ready 1 {await toolbars.wait(1, 120):.3f}", flush=True)
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if line.startswith("dump"):
                stamps = [[k[0], k[1], t] for k, t in toolbars.received.items()]
                Path(line.split()[1]).write_text(json.dumps(stamps))
                print("dumped", flush=True)
            elif line.startswith("restart"):
                print(f"ready 2 {await toolbars.wait(2, 120):.3f}", flush=True)
            else:
                break
        await toolbars.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--tokens", required=True)
    asyncio.run(main(parser.parse_args()))
