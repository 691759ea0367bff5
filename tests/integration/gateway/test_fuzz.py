"""Random bodies over real sockets: the webhook answers 200 or 400, the CRM API always 200 and
a well-formed ReturnCRMData; nothing reaches 500, and concurrent polls deliver once."""

from __future__ import annotations

import asyncio
import json
import random
from typing import Any

import pytest

pytestmark = pytest.mark.asyncio

KEYS = [
    "SessionID",
    "HookType",
    "CityNumber",
    "Caller",
    "Called",
    "StartTime",
    "Redirecting",
    "StartDuration",
    "EndTime",
    "Duration",
    "ResultCode",
    "CallID",
    "EventType",
    "ServiceType",
    "AN",
    "UN",
    "DN1",
    "DN2",
    "EXT1",
    "EXT2",
    "DTMF",
    "Result",
    "EventTime",
    "CRMDData",
]
HOOKS = [
    "CreateIncCall",
    "AttemptIncCallBegin",
    "ChangeIncCall",
    "AttemptIncCallEnd",
    "EndIncCall",
    "MissedIncCall",
    "CreateOutCall",
    "EndOutCall",
    "Nope",
]


def value(rng: random.Random, depth: int = 0) -> Any:
    choice = rng.randrange(9 if depth < 2 else 6)
    return [
        lambda: rng.choice(
            ["", "0", "80052002651", "0052002642", "2651", "603-S", "1280", "x" * 40]
        ),
        lambda: rng.choice([0, 1, 9, 15, 16, 18, 19, -1, 2**53 + 1, 2**63 - 1, 2**63, 2**70]),
        lambda: rng.choice([None, True, False]),
        lambda: rng.random() * 1e6,
        lambda: rng.choice(HOOKS),
        lambda: "Ж" * rng.randrange(5) + "\u0000",
        lambda: [value(rng, depth + 1) for _ in range(rng.randrange(3))],
        lambda: {rng.choice(KEYS): value(rng, depth + 1) for _ in range(rng.randrange(4))},
        lambda: {"CallID": value(rng, depth + 1), "EventType": rng.randrange(20)},
    ][choice]()


def body(rng: random.Random) -> Any:
    if rng.random() < 0.1:
        return value(rng)
    data = {key: value(rng) for key in rng.sample(KEYS, rng.randrange(1, 10))}
    if rng.random() < 0.6:
        data["SessionID"] = f"fz-{rng.randrange(20)}"
        data["HookType"] = rng.choice(HOOKS)
    return data


async def test_random_webhook_bodies(gw, client, toolbar) -> None:
    ivanova = await toolbar("ivanova")
    rng = random.Random(14)
    statuses: set[int] = set()
    for _ in range(400):
        async with client.post(gw.webhook_url, data=json.dumps(body(rng))) as r:
            statuses.add(r.status)
            assert r.status in (200, 400), await r.text()
    assert statuses == {200, 400}
    await ivanova.settle(gw)
    assert gw.core.metrics.value("rejects_total", "internal_error") == 0


async def test_random_crm_bodies(gw, crm, toolbar) -> None:
    ivanova = await toolbar("ivanova")
    rng = random.Random(3)
    for _ in range(400):
        data = body(rng)
        status, answer, response = await crm.call("POST", "/CallEvent", data)
        assert status == 200
        assert response.headers["Content-Type"] == "application/json; charset=UTF-8"
        assert set(answer) == {"CallID", "EventType", "Param"}
        assert isinstance(answer["CallID"], int) and isinstance(answer["EventType"], int)
        assert isinstance(answer["Param"], str)
    for call_id in [rng.randrange(-(2**63), 2**63) for _ in range(50)]:
        status, answer = await crm.get(call_id)
        assert status == 200 and answer["CallID"] == call_id
    await ivanova.settle(gw)
    assert gw.core.metrics.value("rejects_total", "internal_error") == 0


async def test_concurrent_polls_deliver_an_instruction_once(crm, toolbar) -> None:
    ivanova = await toolbar("ivanova")
    common = {"CallID": 2**62 + 5, "ServiceType": 1, "DN1": "74951112233", "EventTime": ""}
    await crm.post({**common, "EventType": 9, "Result": "1280"})
    await ivanova.call(f"as:{2**62 + 5}", state="connected")
    await ivanova.send(
        {
            "type": "instruct",
            "ref": "c",
            "call": f"as:{2**62 + 5}",
            "action": "TransferDN",
            "param": "74957654321",
        }
    )
    await ivanova.instruction(status="queued")
    answers = await asyncio.gather(*(crm.get(2**62 + 5) for _ in range(20)))
    actions = [body["EventType"] for _, body in answers]
    assert sorted(actions) == [0] * 19 + [1]
