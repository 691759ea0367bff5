"""The fake PBX's quirks, duplicates, reordering, concurrency, bad bodies and its CLI."""

from __future__ import annotations

import asyncio
import json
import socket
from typing import Any

import pytest

from agent_toolbar.simulators.pbx_webhooks import (
    ALL_QUIRKS,
    SEED_OPERATORS,
    FakePbx,
    FlowFactory,
    Quirks,
)
from agent_toolbar.simulators.pbx_webhooks.cli import main
from agent_toolbar.simulators.pbx_webhooks.flows import TRUNCATED_EXAMPLE

pytestmark = pytest.mark.asyncio
ME, COLLEAGUE, THIRD = SEED_OPERATORS
ENDS = ("EndIncCall", "MissedIncCall", "EndOutCall")


def many(quirks: Quirks, seed: int = 1) -> list[dict[str, Any]]:
    factory = FlowFactory(seed=seed, quirks=quirks)
    flows = [factory.incoming(SEED_OPERATORS, answered_by=i % 3) for i in range(6)]
    flows += [factory.incoming([ME, COLLEAGUE], answered_by=None) for _ in range(6)]
    flows += [factory.outgoing(ME, code=c) for c in ("200", "486", "603")]
    return [post.payload for flow in flows for post in flow.posts if post.payload]


async def test_result_codes_as_strings_like_the_examples() -> None:
    codes = [p["ResultCode"] for p in many(Quirks()) if p["HookType"] in ENDS]
    assert codes and all(isinstance(c, str) for c in codes)
    assert {"200", "603-S", "486"} <= set(codes)


async def test_result_codes_as_integers_like_the_schema_but_603_s() -> None:
    codes = [p["ResultCode"] for p in many(Quirks(result_code="integer")) if "ResultCode" in p]
    assert 200 in codes and 486 in codes and "603-S" in codes
    assert all(isinstance(c, int) for c in codes if c != "603-S")


async def test_result_codes_mixed() -> None:
    codes = [p["ResultCode"] for p in many(Quirks(result_code="mixed")) if "ResultCode" in p]
    assert {type(c) for c in codes} == {str, int}


async def test_start_time_missing_where_the_examples_miss_it() -> None:
    for payload in many(Quirks()):
        missing = payload["HookType"] in ("AttemptIncCallEnd", "EndIncCall", "MissedIncCall")
        if payload["HookType"] != "ChangeIncCall":
            assert ("StartTime" in payload) is not missing, payload


async def test_start_time_always_by_the_schema_and_sometimes_when_mixed() -> None:
    schema = many(Quirks(start_time="schema"))
    assert all("StartTime" in p for p in schema if p["HookType"] != "ChangeIncCall")
    assert all("StartTime" not in p for p in schema if p["HookType"] == "ChangeIncCall")
    mixed = [("StartTime" in p) for p in many(Quirks(start_time="mixed"))]
    assert True in mixed and False in mixed


async def test_numbers_with_and_without_the_leading_8() -> None:
    def employee_numbers(mode: str) -> set[str]:
        payloads = many(Quirks(numbers=mode))  # type: ignore[arg-type]
        return {p["Called"] for p in payloads if p["HookType"] != "CreateIncCall"} | {
            p["Caller"] for p in payloads if p["HookType"] in ("CreateOutCall", "EndOutCall")
        }

    plain, eight, mixed = (employee_numbers(m) for m in ("plain", "eight", "mixed"))
    assert {ME, COLLEAGUE, THIRD} <= plain and not any(n.startswith("8") for n in plain)
    assert {"8" + ME, "800774994086005"} <= eight
    assert all(n.startswith("8") for n in eight)
    assert {ME, "8" + ME} <= mixed


async def test_numbers_as_the_examples_write_them() -> None:
    payloads = many(Quirks())
    for p in payloads:
        hook = p["HookType"]
        if hook in ("AttemptIncCallBegin", "ChangeIncCall", "AttemptIncCallEnd"):
            assert p["Called"].startswith("8"), p
        if hook == "EndIncCall":
            assert p["Called"] in SEED_OPERATORS, p
        assert not p["Caller"].startswith("8") or hook == "CreateOutCall", p


async def test_duplicates_are_sent_again_identically(sink: Any) -> None:
    flow = FlowFactory(seed=3, quirks=Quirks(duplicates=0.5)).incoming(SEED_OPERATORS)
    copies = [post for post in flow.posts if post.duplicate]
    assert copies
    async with FakePbx(sink.webhook) as pbx:
        run = await pbx.run_flow(flow)
    assert run.all_ok and len(sink.received) == len(flow.posts)
    bodies = [r.body for r in sink.received]
    for copy in copies:
        assert bodies.count(copy.body) >= 2


async def test_reordering_changes_the_natural_order(sink: Any) -> None:
    natural = FlowFactory(seed=8).incoming(SEED_OPERATORS, ringing="sequential", answered_by=2)
    shuffled = FlowFactory(seed=8, quirks=Quirks(reorder=0.5)).incoming(
        SEED_OPERATORS, ringing="sequential", answered_by=2
    )
    assert sorted(shuffled.hooks()) == sorted(natural.hooks())
    assert shuffled.hooks() != natural.hooks()
    async with FakePbx(sink.webhook) as pbx:
        await pbx.run_flow(shuffled)
    # One request per step: the receiver sees them in the shuffled order.
    assert [r.payload["HookType"] for r in sink.received] == shuffled.hooks()


async def test_parallel_attempts_are_posted_at_the_same_time(sink: Any) -> None:
    # No answer to any attempt before all three are in flight together.
    sink.hold, sink.hold_until = "AttemptIncCallBegin", 3
    flow = FlowFactory(seed=9).incoming(SEED_OPERATORS, answered_by=None)
    async with FakePbx(sink.webhook) as pbx:
        run = await pbx.run_flow(flow)
    assert run.all_ok, run.statuses
    assert sink.holding == 3 and sink.most_in_flight >= 3


async def test_many_calls_at_once_at_a_rate(sink: Any) -> None:
    factory = FlowFactory(seed=10, quirks=ALL_QUIRKS)
    flows = [factory.incoming(SEED_OPERATORS, answered_by=i % 3) for i in range(20)]
    # The first eight calls' CreateIncCall are held until all eight are in flight.
    sink.hold, sink.hold_until = "CreateIncCall", 8
    async with FakePbx(sink.webhook) as pbx:
        runs = await pbx.run_flows(flows, concurrency=8, rate=500)
    assert all(run.all_ok for run in runs)
    assert len(sink.received) == sum(len(f.posts) for f in flows)
    assert len({p["SessionID"] for p in sink.payloads()}) == 20
    assert sink.holding >= 8


async def test_bodies_no_receiver_can_take(sink: Any) -> None:
    flow = FlowFactory().malformed()
    assert flow.posts[0].body == TRUNCATED_EXAMPLE
    with pytest.raises(json.JSONDecodeError):
        json.loads(TRUNCATED_EXAMPLE)
    async with FakePbx(sink.webhook) as pbx:
        run = await pbx.run_flow(flow)
    assert run.statuses == [400, 400, 400]
    assert not run.all_ok
    assert all(b"JSON object" in p.reply for p in run.posted)


async def test_a_wrong_token_and_a_dead_url_are_recorded(sink: Any) -> None:
    flow = FlowFactory().outgoing(ME)
    async with FakePbx(f"{sink.url}/webhook/wrong") as pbx:
        run = await pbx.run_flow(flow)
    assert run.statuses == [404, 404]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with FakePbx(f"http://127.0.0.1:{port}/webhook/x", timeout=5) as pbx:
        run = await pbx.run_flow(flow)
    assert run.statuses == [None, None]
    assert all(p.error for p in run.posted)


async def test_cli_runs_a_named_flow_count_times(sink: Any, capsys: Any) -> None:
    argv = ["--url", sink.webhook, "--flow", "parallel-answered", "--count", "4"]
    argv += ["--rate", "100", "--seed", "3", "--operators", f"{ME},{COLLEAGUE}"]
    assert await asyncio.to_thread(main, argv) == 0
    out = capsys.readouterr().out
    summary = json.loads(out)
    assert summary["flows"] == 4 and summary["errors"] == 0
    # CreateIncCall, two attempts, the answer, the other's end, EndIncCall: 6 per call.
    assert summary["requests"] == 24 == len(sink.received)
    assert summary["statuses"] == {"200": 24}
    assert sink.url not in out and "t0ken" not in out


async def test_cli_mix_with_quirks_and_url_from_the_environment(
    sink: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setenv("PBX_WEBHOOK_URL", sink.webhook)
    argv = ["--flow", "mix", "--count", "10", "--codes", "mixed", "--numbers", "mixed"]
    argv += ["--start-time", "mixed", "--duplicates", "0.2", "--reorder", "0.2"]
    assert await asyncio.to_thread(main, argv) == 0
    hooks = {p["HookType"] for p in sink.payloads()}
    assert len(hooks) >= 5
    assert json.loads(capsys.readouterr().out)["requests"] == len(sink.received)


async def test_cli_exit_statuses(sink: Any, capsys: Any) -> None:
    assert await asyncio.to_thread(main, ["--url", sink.webhook, "--flow", "malformed"]) == 1
    assert await asyncio.to_thread(main, ["--flow", "outgoing"]) == 2
    assert await asyncio.to_thread(main, ["--url", sink.webhook, "--count", "0"]) == 2
    assert await asyncio.to_thread(main, ["--url", sink.webhook, "--flow", "nope"]) == 2
    assert "PBX_WEBHOOK_URL" in capsys.readouterr().err
