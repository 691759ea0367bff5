"""The fake PBX's flows over real HTTP: order, fields, who is rung, who answers, who missed."""

from __future__ import annotations

import json
from typing import Any

import pytest

from agent_toolbar.simulators.pbx_webhooks import (
    SEED_CITY,
    SEED_OPERATORS,
    FakePbx,
    FlowFactory,
    HookType,
    Quirks,
)

pytestmark = pytest.mark.asyncio
ME, COLLEAGUE, THIRD = SEED_OPERATORS

# The specification's JSON schemas, hook by hook: (properties, required).
_COMMON = {"SessionID", "HookType", "CityNumber", "Caller", "Called"}
SCHEMA: dict[str, tuple[set[str], set[str]]] = {
    "CreateIncCall": (_COMMON | {"StartTime", "Redirecting"}, _COMMON | {"StartTime"}),
    "AttemptIncCallBegin": (_COMMON | {"StartTime"}, _COMMON | {"StartTime"}),
    "ChangeIncCall": (_COMMON | {"StartDuration"}, _COMMON | {"StartDuration"}),
    "AttemptIncCallEnd": (_COMMON | {"StartTime", "EndTime"}, _COMMON | {"StartTime", "EndTime"}),
    "EndIncCall": (
        _COMMON | {"StartTime", "EndTime", "Duration", "ResultCode"},
        {"SessionID", "HookType", "StartTime", "EndTime", "Duration", "CityNumber", "Caller"},
    ),
    "MissedIncCall": (
        _COMMON | {"StartTime", "EndTime", "Duration", "ResultCode"},
        {"SessionID", "HookType", "StartTime", "EndTime", "Duration", "CityNumber", "Caller"},
    ),
    "CreateOutCall": (_COMMON | {"StartTime"}, _COMMON | {"StartTime"}),
    "EndOutCall": (
        _COMMON | {"StartTime", "EndTime", "Duration", "ResultCode"},
        {"SessionID", "HookType", "StartTime", "CityNumber", "Caller"},
    ),
}


def check_schema(payload: dict[str, Any]) -> None:
    properties, required = SCHEMA[payload["HookType"]]
    assert set(payload) <= properties, payload
    # StartTime is the one required field the specification's own examples leave out.
    assert required - {"StartTime"} <= set(payload), payload
    for name, value in payload.items():
        expected = int if name == "Duration" else (str, int) if name == "ResultCode" else str
        assert isinstance(value, expected), (name, value)


def by_hook(payloads: list[dict[str, Any]], hook: str) -> list[dict[str, Any]]:
    return [p for p in payloads if p["HookType"] == hook]


async def post(sink: Any, flow: Any) -> list[dict[str, Any]]:
    async with FakePbx(sink.webhook) as pbx:
        run = await pbx.run_flow(flow)
    assert run.all_ok, run.statuses
    # What the receiver got is exactly what the flow says, byte for byte.
    assert sorted(r.body for r in sink.received) == sorted(p.body for p in flow.posts)
    assert all(r.content_type == "application/json" for r in sink.received)
    for payload in sink.payloads():
        check_schema(payload)
        assert payload["SessionID"] == flow.session_id
    return [p.payload for p in flow.posts]


async def test_parallel_ringing_answered_here(sink: Any) -> None:
    flow = FlowFactory(seed=1).incoming(SEED_OPERATORS, answered_by=0)
    payloads = await post(sink, flow)
    assert flow.hooks() == [
        "CreateIncCall",
        *["AttemptIncCallBegin"] * 3,
        "ChangeIncCall",
        *["AttemptIncCallEnd"] * 2,
        "EndIncCall",
    ]
    assert [len(step) for step in flow.steps] == [1, 3, 1, 2, 1]
    create = payloads[0]
    assert create["Called"] == create["CityNumber"] == SEED_CITY
    assert create["Redirecting"] == "8" + SEED_CITY
    rung = [p["Called"] for p in by_hook(payloads, "AttemptIncCallBegin")]
    assert rung == ["8" + n for n in SEED_OPERATORS]
    assert by_hook(payloads, "ChangeIncCall")[0]["Called"] == "8" + ME
    assert [p["Called"] for p in by_hook(payloads, "AttemptIncCallEnd")] == [
        "8" + COLLEAGUE,
        "8" + THIRD,
    ]
    end = by_hook(payloads, "EndIncCall")[0]
    assert end["Called"] == ME and end["ResultCode"] == "200" and end["Duration"] > 0
    assert len({p["Caller"] for p in payloads}) == 1


async def test_parallel_ringing_answered_by_a_colleague(sink: Any) -> None:
    flow = FlowFactory(seed=2).incoming([ME, COLLEAGUE], answered_by=1)
    payloads = await post(sink, flow)
    assert by_hook(payloads, "ChangeIncCall")[0]["Called"] == "8" + COLLEAGUE
    assert [p["Called"] for p in by_hook(payloads, "AttemptIncCallEnd")] == ["8" + ME]
    assert by_hook(payloads, "EndIncCall")[0]["Called"] == COLLEAGUE
    assert not by_hook(payloads, "MissedIncCall")


async def test_sequential_ringing_answered_by_the_third(sink: Any) -> None:
    flow = FlowFactory(seed=3).incoming(SEED_OPERATORS, ringing="sequential", answered_by=2)
    payloads = await post(sink, flow)
    assert flow.hooks() == [
        "CreateIncCall",
        "AttemptIncCallBegin",
        "AttemptIncCallEnd",
        "AttemptIncCallBegin",
        "AttemptIncCallEnd",
        "AttemptIncCallBegin",
        "ChangeIncCall",
        "EndIncCall",
    ]
    assert all(len(step) == 1 for step in flow.steps)
    called = [p["Called"] for p in payloads[1:6]]
    assert called == ["8" + ME, "8" + ME, "8" + COLLEAGUE, "8" + COLLEAGUE, "8" + THIRD]
    # 800… while ringing, 00… at the end: the same employee.
    assert payloads[6]["Called"] == "800774994086005"
    assert payloads[7]["Called"] == "00774994086005"


@pytest.mark.parametrize("ringing", ["parallel", "sequential"])
async def test_missed_by_all(sink: Any, ringing: str) -> None:
    flow = FlowFactory(seed=4).incoming([ME, COLLEAGUE], ringing=ringing, answered_by=None)  # type: ignore[arg-type]
    payloads = await post(sink, flow)
    assert "ChangeIncCall" not in flow.hooks() and "EndIncCall" not in flow.hooks()
    ended = sorted(p["Called"] for p in by_hook(payloads, "AttemptIncCallEnd"))
    assert ended == sorted(["8" + ME, "8" + COLLEAGUE])
    missed = payloads[-1]
    assert missed["HookType"] == "MissedIncCall"
    assert missed["Duration"] == 0 and missed["ResultCode"] == "603-S"
    # It names the city number, not whose number was missed.
    assert missed["Called"] == "8" + SEED_CITY


async def test_missed_then_end_when_asked(sink: Any) -> None:
    flow = FlowFactory(seed=4).incoming(
        [ME], answered_by=None, missed_code="304", end_after_missed=True
    )
    await post(sink, flow)
    assert flow.hooks()[-2:] == ["MissedIncCall", "EndIncCall"]
    assert flow.posts[-2].payload is not None and flow.posts[-2].payload["ResultCode"] == "304"


@pytest.mark.parametrize(("code", "answered"), [("200", True), ("486", False), ("404", False)])
async def test_outgoing(sink: Any, code: str, answered: bool) -> None:
    flow = FlowFactory(seed=5).outgoing(ME, "9161234567", code=code)
    created, ended = await post(sink, flow)
    assert flow.hooks() == ["CreateOutCall", "EndOutCall"]
    assert created["Caller"] == "8" + ME and created["Called"] == "9161234567"
    assert ended["Caller"] == ME and ended["ResultCode"] == code
    assert (ended["Duration"] > 0) is answered


async def test_every_hook_type_is_sent(sink: Any) -> None:
    factory = FlowFactory(seed=6)
    flows = [
        factory.incoming([ME, COLLEAGUE], answered_by=1),
        factory.incoming([ME], answered_by=None),
        factory.outgoing(ME),
    ]
    async with FakePbx(sink.webhook) as pbx:
        runs = await pbx.run_flows(flows, concurrency=3)
    assert all(run.all_ok for run in runs)
    assert {p["HookType"] for p in sink.payloads()} == {str(h) for h in HookType}
    assert len({p["SessionID"] for p in sink.payloads()}) == 3


async def test_a_seed_repeats_exactly_and_another_does_not() -> None:
    def bodies(seed: int) -> list[bytes]:
        factory = FlowFactory(seed=seed, quirks=Quirks("mixed", "mixed", "mixed", 0.3, 0.3))
        flows = [factory.incoming(SEED_OPERATORS, answered_by=None), factory.outgoing(ME)]
        return [post.body for flow in flows for post in flow.posts]

    assert bodies(11) == bodies(11)
    assert bodies(11) != bodies(12)


async def test_invalid_scripts_are_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        FlowFactory().incoming([])
    with pytest.raises(ValueError, match="answered_by"):
        FlowFactory().incoming([ME], answered_by=1)


async def test_times_follow_the_specification_format(sink: Any) -> None:
    flow = FlowFactory(seed=7, quirks=Quirks(start_time="schema")).incoming([ME], answered_by=0)
    payloads = await post(sink, flow)
    for payload in payloads:
        for name in ("StartTime", "EndTime", "StartDuration"):
            if name in payload:
                value = payload[name]
                assert len(value) == 19 and value[10] == " " and value[4] == "-", value
    assert json.loads(flow.posts[0].body)["StartTime"] == "2021-01-28 14:15:22"
