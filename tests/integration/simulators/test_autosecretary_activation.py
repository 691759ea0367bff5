"""The fake platform's activation test, its Basic auth and its int64 CallIDs, over real HTTP."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from agent_toolbar.simulators.autosecretary import EventType, FakePlatform
from agent_toolbar.simulators.autosecretary.wire import content_type_ok, parse_return

pytestmark = pytest.mark.asyncio
CRMD_FIELDS = {
    "CallID",
    "EventTime",
    "AN",
    "UN",
    "DN1",
    "DN2",
    "EXT1",
    "EXT2",
    "DTMF",
    "Generic",
    "Result",
    "EventType",
    "ServiceType",
}


async def test_activation_is_a_get_then_a_post_with_empty_values(
    crm: Any, make_platform: Any, answers: Any
) -> None:
    platform = make_platform(un="74951112233")
    activation = await platform.activate()
    assert activation.ok and activation.reasons == []
    assert crm.requests() == ["GET CallEvent", "POST CallEvent/0"]
    get, post = crm.seen
    assert get.body == b""
    body = post.payload
    assert set(body) == CRMD_FIELDS
    assert body["UN"] == "74951112233"
    assert body["CallID"] == 0 and body["EventType"] == 0 and body["ServiceType"] == 0
    assert all(body[k] == "" for k in CRMD_FIELDS - {"UN", "CallID", "EventType", "ServiceType"})
    token = base64.b64encode(f"{answers.USER}:{answers.PASSWORD}".encode()).decode()
    assert get.authorization == post.authorization == f"Basic {token}"


@pytest.mark.parametrize(
    ("which", "answer", "reason"),
    [
        ("get", {"status": 500}, "500"),
        ("post", {"status": 404}, "404"),
        ("get", {"content_type": "application/json"}, "Content-Type"),
        ("post", {"content_type": "text/html; charset=UTF-8"}, "Content-Type"),
        ("post", {"content_type": "application/json; charset=windows-1251"}, "Content-Type"),
    ],
)
async def test_activation_fails_without_200_json_utf8(
    crm: Any, make_platform: Any, answers: Any, which: str, answer: dict[str, Any], reason: str
) -> None:
    setattr(crm, f"activation_{which}", answers.Answer({}, **answer))
    platform = make_platform()
    activation = await platform.activate()
    assert not activation.ok
    assert len(activation.reasons) == 1 and reason in activation.reasons[0]
    # Both test requests are sent even when the first fails.
    assert crm.requests() == ["GET CallEvent", "POST CallEvent/0"]
    # And then the platform never calls the API: the call runs its course silently.
    call = platform.start_call(talk=0)
    record = await call.ended()
    assert crm.requests() == ["GET CallEvent", "POST CallEvent/0"]
    assert record.events == [] and record.polls == 0
    assert [e["EventType"] for e in record.suppressed] == list(record.course)
    assert record.course[0] == EventType.CALL_ACCEPTED and record.course[-1] == EventType.END_CALL


async def test_a_wrong_password_fails_the_activation(crm: Any, make_platform: Any) -> None:
    platform = make_platform(password="not it")
    activation = await platform.activate()
    assert not activation.ok and "401" in activation.reasons[0]


async def test_the_activation_comes_first(make_platform: Any) -> None:
    with pytest.raises(RuntimeError, match="activation"):
        make_platform().start_call()


async def test_content_type_is_compared_as_http_does() -> None:
    assert content_type_ok("application/json; charset=UTF-8")
    assert content_type_ok("Application/JSON;charset=utf-8")
    assert content_type_ok('application/json; charset="UTF-8"')
    assert not content_type_ok("application/json")
    assert not content_type_ok("application/jsonp; charset=UTF-8")
    assert not content_type_ok(None)


async def test_every_request_of_a_call_carries_basic_auth(
    crm: Any, platform: FakePlatform, answers: Any
) -> None:
    await platform.run_call(talk=0.05)
    token = base64.b64encode(f"{answers.USER}:{answers.PASSWORD}".encode()).decode()
    assert len(crm.seen) > 5 and any(s.method == "GET" for s in crm.seen)
    assert {s.authorization for s in crm.seen} == {f"Basic {token}"}


async def test_call_ids_are_odd_int64s_above_2_53_exact_on_the_wire(
    crm: Any, platform: FakePlatform
) -> None:
    calls = [platform.start_call(talk=0.03) for _ in range(5)]
    for call in calls:
        await call.ended()
    ids = {call.call_id for call in calls}
    assert len(ids) == 5
    for call_id in ids:
        assert 2**53 < call_id < 2**63 and call_id % 2 == 1
        assert float(call_id) != call_id  # no double holds it
    raw = [s.body for s in crm.seen if s.method == "POST" and s.path.endswith("/CallEvent")]
    for body in raw:
        assert json.loads(body)["CallID"] in ids
        assert str(json.loads(body)["CallID"]).encode() in body  # written as an integer
    polled = {
        int(s.path.rsplit("/", 1)[1])
        for s in crm.seen
        if s.method == "GET" and s.path[-1].isdigit()
    }
    assert polled and polled <= ids


async def test_an_answer_whose_call_id_went_through_a_float_is_malformed() -> None:
    call_id = 2**53 + 1
    assert parse_return(json.dumps({"CallID": call_id}).encode(), call_id).action is None  # type: ignore[union-attr]
    rounded = json.dumps({"CallID": int(float(call_id)), "EventType": 4}).encode()
    assert "not this call's" in parse_return(rounded, call_id).reason  # type: ignore[union-attr]
    as_float = json.dumps({"CallID": float(call_id)}).encode()
    assert "not an integer" in parse_return(as_float, call_id).reason  # type: ignore[union-attr]
    as_string = json.dumps({"CallID": str(call_id)}).encode()
    assert "not an integer" in parse_return(as_string, call_id).reason  # type: ignore[union-attr]


async def test_a_chosen_call_id_and_fields(crm: Any, platform: FakePlatform) -> None:
    call = platform.start_call(
        call_id=2**62 + 3, an="79161112233", un="74957654321", dn=("79160000009",), talk=0
    )
    await call.ended()
    events = crm.events(2**62 + 3)
    assert events and all(e["AN"] == "79161112233" and e["UN"] == "74957654321" for e in events)
    assert {e["DN1"] for e in events if e["EventType"] in (8, 9)} == {"79160000009"}
    for event in events:
        assert set(event) == CRMD_FIELDS
        assert event["EventTime"][10] == "T" and event["EventTime"].endswith("+03:00")
