"""Webhook → toolbar fan-out: 500 headless toolbars, a fake PBX posting 1,000 events/s.

Run: ``.venv/bin/python bench/gateway_fanout.py [--toolbars 500] [--rate 1000] [--seconds 10]
[--rounds 5]``

Everything is on loopback and bounded: the run stops by itself (``--seconds`` of POSTs to each
server; the whole run is cut at ``--seconds * 6 + 60`` s).

What runs, each in its own process: the real ``agent-toolbar-gateway`` (``python -m
agent_toolbar.gateway --config …`` with a generated INI, 500 operators, secrets in 0600 files);
N toolbars (aiohttp WebSockets with the operators' tokens: ``bench/gateway_toolbars.py``); the
poster (this process), which POSTs the specification's hooks at a fixed rate — each
call is ``AttemptIncCallBegin`` → ``ChangeIncCall`` → ``EndIncCall`` to one operator (round
robin), so every POST makes one frame for one toolbar. Stamps are ``time.perf_counter()``
(CLOCK_MONOTONIC, one clock for all processes on Linux).

Figures printed:

* webhook-to-toolbar latency (the POST leaving the poster → the ``call`` frame read by the
  operator's toolbar), p50 / p90 / p99 / max;
* the POST's round trip through the gateway, p50 / p90 / p99, and the rate really posted;
* the gateway process's CPU (user + system seconds per second of posting, and per event), the
  toolbars' process's CPU, and the gateway's RSS (idle with the toolbars, after, peak);
* the baseline, measured in the same run: a bare aiohttp server (its own process) that reads
  the same POSTs' JSON and answers 200, driven by the same poster — its round trip and CPU —
  and the ratios gateway / echo. The two take turns (``--rounds`` slices of
  ``--seconds / --rounds`` each) so that other load on a shared machine falls on both alike;
* a restart: the gateway is stopped and started again on the same port; the time until every
  toolbar (reconnecting with 0.1–1.0 s jitter) has its new hello and snapshot.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "bench-webhook-token-0123456789"
LOGIN_HEADER = "X-Agent-Toolbar-Login"
ECHO = """
import asyncio, json, sys
from aiohttp import web
async def hook(request):
    json.loads(await request.read())
    return web.json_response({"status": "ok"})
async def main():
    app = web.Application()
    app.add_routes([web.post("/webhook/{token}", hook)])
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print("listening on http://127.0.0.1:%d" % runner.addresses[0][1], file=sys.stderr, flush=True)
    await asyncio.Event().wait()
asyncio.run(main())
"""


def number(i: int) -> str:
    return f"00520{i:05d}"


def write_config(folder: Path, toolbars: int, port: int = 0) -> tuple[Path, dict[str, str]]:
    tokens = {f"op{i:04d}": f"bench-token-{i:04d}-0123456789" for i in range(toolbars)}
    for name, text in (
        ("webhook-token", TOKEN),
        ("crm-password", "bench-crm-password"),
        ("tokens", "\n".join(f"{k} = {v}" for k, v in tokens.items())),
    ):
        path = folder / name
        path.write_text(text + "\n")
        path.chmod(0o600)
    operators = "".join(f"[operator:op{i:04d}]\nnumbers = {number(i)}\n\n" for i in range(toolbars))
    ini = folder / "gateway.ini"
    ini.write_text(
        f"[gateway]\nhost = 127.0.0.1\nport = {port}\nlog_level = WARNING\n"
        f"max_toolbars = {toolbars + 100}\nsend_queue = 5000\n\n"
        "[webhook]\ntoken_file = webhook-token\n\n"
        "[autosecretary]\nuser = autosecretary\npassword_file = crm-password\n\n"
        "[toolbars]\ntokens_file = tokens\n\n" + operators
    )
    return ini, tokens


async def spawn(args: list[str]) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        args, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=ROOT
    )
    assert proc.stderr is not None
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(30):
        while True:
            line = await loop.run_in_executor(None, proc.stderr.readline)
            if not line:
                raise RuntimeError("the server exited before listening")
            if "listening on" in line:
                return proc, line.rsplit(" ", 1)[1].strip()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> tuple[float, float]:
    status = dict(
        line.split(":", 1)
        for line in Path(f"/proc/{pid}/status").read_text().splitlines()
        if ":" in line
    )
    return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def post_phase(
    session: aiohttp.ClientSession, url: str, toolbars: int, rate: int, seconds: float, tag: str
) -> tuple[dict[tuple[str, str], float], list[float], float]:
    """POST hooks at ``rate``/s for ``seconds``: send stamps, round trips, the rate reached."""
    sent: dict[tuple[str, str], float] = {}
    rtts: list[float] = []
    pending: set[asyncio.Task[None]] = set()

    async def one(body: dict[str, Any]) -> None:
        began = time.perf_counter()
        sent[(body["SessionID"], body["HookType"])] = began
        async with session.post(
            url, data=json.dumps(body), headers={"Content-Type": "application/json"}
        ) as r:
            await r.read()
            if r.status != 200:
                raise RuntimeError(f"POST answered {r.status}")
        rtts.append(time.perf_counter() - began)

    def body(i: int) -> dict[str, Any]:
        call, step = divmod(i, 3)  # a call's three hooks go one after another to one operator
        op = call % toolbars
        common = {
            "SessionID": f"{tag}-{call}",
            "CityNumber": "4950665310",
            "Caller": "9582412128",
            "Called": "8" + number(op),
        }
        if step == 0:
            return {**common, "HookType": "AttemptIncCallBegin", "StartTime": "2026-12-04 10:00:00"}
        if step == 1:
            return {**common, "HookType": "ChangeIncCall", "StartDuration": "2026-12-04 10:00:01"}
        return {
            **common,
            "HookType": "EndIncCall",
            "EndTime": "2026-12-04 10:00:09",
            "Duration": 8,
            "ResultCode": "200",
            "Called": number(op),
        }

    total = int(rate * seconds)
    began = time.perf_counter()
    for i in range(total):
        delay = began + i / rate - time.perf_counter()
        if delay > 0.002:
            await asyncio.sleep(delay)
        task = asyncio.ensure_future(one(body(i)))
        pending.add(task)
        task.add_done_callback(pending.discard)
    await asyncio.gather(*pending)
    return sent, rtts, total / (time.perf_counter() - began)


async def read_line(proc: subprocess.Popen[str], prefix: str, timeout: float) -> str:
    assert proc.stdout is not None
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(timeout):
        while True:
            line = await loop.run_in_executor(None, proc.stdout.readline)
            if not line:
                raise RuntimeError("the toolbars' process exited")
            if line.startswith(prefix):
                return line.strip()


def tell(proc: subprocess.Popen[str], line: str) -> None:
    assert proc.stdin is not None
    proc.stdin.write(line + "\n")
    proc.stdin.flush()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--toolbars", type=int, default=500)
    parser.add_argument("--rate", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=5, help="echo / gateway turns")
    args = parser.parse_args()
    async with asyncio.timeout(args.seconds * 6 + 120):
        await run(args)


async def run(args: argparse.Namespace) -> None:
    folder = Path(tempfile.mkdtemp(prefix="gateway-bench-"))
    ini, tokens = write_config(folder, args.toolbars)
    python = sys.executable
    gateway, url = await spawn([python, "-m", "agent_toolbar.gateway", "--config", str(ini)])
    echo, echo_url = await spawn([python, "-c", ECHO])
    tokens_file = folder / "bench-toolbar-tokens"
    tokens_file.write_text("\n".join(f"{k} = {v}" for k, v in tokens.items()))
    clients = subprocess.Popen(
        [
            python,
            str(Path(__file__).with_name("gateway_toolbars.py")),
            "--url",
            url.replace("http", "ws") + "/toolbar",
            "--tokens",
            str(tokens_file),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        connect = float((await read_line(clients, "ready 1", 120)).split()[2])
        print(f"{args.toolbars} toolbars connected (hello + snapshot) in {connect:.2f} s")
        idle_rss = rss_mb(gateway.pid)
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64)) as post_session:
            # the baseline (a bare aiohttp echo) and the gateway take turns, --rounds slices
            # each, so that other load on a shared machine falls on both alike
            slice_s = args.seconds / args.rounds
            echo_rtts: list[float] = []
            rtts: list[float] = []
            sent: dict[tuple[str, str], float] = {}
            echo_cpu = cpu = echo_wall = wall = clients_cpu = 0.0
            for n in range(args.rounds):
                cpu0, t0 = cpu_seconds(echo.pid), time.perf_counter()
                _, got_rtts, _ = await post_phase(
                    post_session,
                    f"{echo_url}/webhook/{TOKEN}",
                    args.toolbars,
                    args.rate,
                    slice_s,
                    f"echo{n}",
                )
                echo_rtts += got_rtts
                echo_wall += time.perf_counter() - t0
                echo_cpu += cpu_seconds(echo.pid) - cpu0

                cpu0, t0, c0 = (
                    cpu_seconds(gateway.pid),
                    time.perf_counter(),
                    cpu_seconds(clients.pid),
                )
                got_sent, got_rtts, _ = await post_phase(
                    post_session,
                    f"{url}/webhook/{TOKEN}",
                    args.toolbars,
                    args.rate,
                    slice_s,
                    f"gw{n}",
                )
                wall += time.perf_counter() - t0
                await asyncio.sleep(0.5)  # the last frames' way to the toolbars
                cpu += cpu_seconds(gateway.pid) - cpu0
                clients_cpu += cpu_seconds(clients.pid) - c0
                sent.update(got_sent)
                rtts += got_rtts
        rss, peak = rss_mb(gateway.pid)
        stamps_file = folder / "stamps.json"
        tell(clients, f"dump {stamps_file}")
        await read_line(clients, "dumped", 60)
        received = {(v, e): t for v, e, t in json.loads(stamps_file.read_text())}
        latency = [received[k] - t for k, t in sent.items() if k in received]
        missing = len(sent) - len(latency)
        events, ms = len(sent), 1000.0
        print(
            f"\n{events} webhook POSTs to each server in {args.rounds} turns, asked {args.rate}/s "
            f"(gateway {events / wall:.0f}/s, echo {len(echo_rtts) / echo_wall:.0f}/s); "
            f"{args.toolbars} toolbars; one frame per POST; frames not seen: {missing}"
        )
        print(
            f"webhook→toolbar latency: p50 {pct(latency, 0.5) * ms:.2f} ms, "
            f"p90 {pct(latency, 0.9) * ms:.2f} ms, "
            f"p99 {pct(latency, 0.99) * ms:.2f} ms, max {max(latency) * ms:.2f} ms"
        )
        print(
            f"POST round trip, gateway: p50 {pct(rtts, 0.5) * ms:.2f} ms, "
            f"p90 {pct(rtts, 0.9) * ms:.2f} ms, "
            f"p99 {pct(rtts, 0.99) * ms:.2f} ms"
        )
        print(
            f"POST round trip, echo:    p50 {pct(echo_rtts, 0.5) * ms:.2f} ms, "
            f"p90 {pct(echo_rtts, 0.9) * ms:.2f} ms, "
            f"p99 {pct(echo_rtts, 0.99) * ms:.2f} ms"
        )
        print(
            f"CPU: gateway {cpu / wall:.2f} s/s ({cpu / events * 1e6:.0f} µs per event), "
            f"echo {echo_cpu / echo_wall:.2f} s/s ({echo_cpu / events * 1e6:.0f} µs per event), "
            f"the {args.toolbars} toolbars' process {clients_cpu / wall:.2f} s/s"
        )
        print(
            f"gateway RSS: {idle_rss[0]:.1f} MB idle with the toolbars, {rss:.1f} MB after, "
            f"peak {peak:.1f} MB"
        )
        print(
            f"ratios gateway / echo: CPU per event {cpu / max(echo_cpu, 1e-9):.2f}x, "
            f"POST p50 {pct(rtts, 0.5) / pct(echo_rtts, 0.5):.2f}x, "
            f"webhook→toolbar p50 / echo POST p50 {pct(latency, 0.5) / pct(echo_rtts, 0.5):.2f}x"
        )

        # restart: same port, toolbars come back with jitter
        port = int(url.rsplit(":", 1)[1])
        gateway.send_signal(signal.SIGTERM)
        await asyncio.get_running_loop().run_in_executor(None, gateway.wait, 30)
        write_config(folder, args.toolbars, port)
        tell(clients, "restart")
        began = time.perf_counter()
        gateway, _ = await spawn([python, "-m", "agent_toolbar.gateway", "--config", str(ini)])
        listening = time.perf_counter() - began
        await read_line(clients, "ready 2", 120)
        back = time.perf_counter() - began
        print(
            f"\nrestart: all {args.toolbars} toolbars reconnected (0.1–1.0 s jitter) with the new "
            f"instance's hello + snapshot {back:.2f} s after its start "
            f"({listening:.2f} s to listen)"
        )
        print(f"\nmachine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    finally:
        for proc in (clients, gateway, echo):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()


if __name__ == "__main__":
    asyncio.run(main())
