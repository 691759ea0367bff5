"""The fake platform's polling cadence and the specification's three error rules."""

from __future__ import annotations

import json
from typing import Any

import pytest

from agent_toolbar.simulators.autosecretary import Action, FakePlatform

pytestmark = pytest.mark.asyncio
DN = "79990001122"


def requests_of(crm: Any, call_id: int) -> list[str]:
    out = []
    for s in crm.seen:
        if s.method == "GET" and s.path.endswith(f"/{call_id}"):
            out.append("GET")
        elif s.method == "POST" and s.payload and s.payload.get("CallID") == call_id:
            out.append(f"POST {s.payload['EventType']}")
    return out


# --- polls ----------------------------------------------------------------------------------


async def test_polls_every_interval_after_the_operator_connects_until_end_call(
    crm: Any, make_platform: Any, ticks: Any, wait_until: Any
) -> None:
    platform = make_platform(sleep=ticks.sleep, poll_interval=3.0)
    await platform.activate()
    call = platform.start_call()
    await call.connected()
    await wait_until(lambda: ticks.asked == [3.0])
    assert requests_of(crm, call.call_id) == ["POST 1", "POST 2", "POST 3", "POST 8", "POST 9"]
    for n in range(1, 4):
        ticks.tick()
        await wait_until(lambda n=n: len(ticks.asked) == n + 1)
        assert call.record.polls == n
    call.caller_hangs_up()
    await call.ended()
    assert ticks.asked == [3.0] * 4
    assert requests_of(crm, call.call_id)[5:] == ["GET", "GET", "GET", "POST 15"]
    assert crm.most_polls_in_flight == 1
    assert all(
        s.path == f"/crm/api/CallEvent/{call.call_id}"
        for s in crm.seen
        if s.method == "GET" and s.path[-1].isdigit()
    )


async def test_a_short_real_interval_and_one_poll_at_a_time(
    crm: Any, make_platform: Any, answers: Any, wait_until: Any
) -> None:
    platform = make_platform(poll_interval=0.005)
    await platform.activate()
    crm.on_get(*[answers.Answer(delay=0.03) for _ in range(3)])  # slower than the interval
    call = platform.start_call()
    await call.connected()
    await wait_until(lambda: call.record.polls >= 5)
    call.caller_hangs_up()
    await call.ended()
    assert crm.most_polls_in_flight == 1
    assert requests_of(crm, call.call_id)[-1] == "POST 15"
    assert requests_of(crm, call.call_id).count("GET") == call.record.polls


async def test_no_polls_for_a_call_never_connected(crm: Any, platform: FakePlatform) -> None:
    call = await platform.run_call(dn=("79160000001",), transfer_results=("1284",))
    assert call.record.polls == 0 and "GET" not in requests_of(crm, call.call_id)


# --- rule 1: a POST not answered 200 stops every request of the call -------------------------


@pytest.mark.parametrize("event_type", [2, 8, 9])
async def test_a_post_not_answered_200_stops_every_request(
    crm: Any, platform: FakePlatform, answers: Any, event_type: int
) -> None:
    crm.on_post(event_type, answers.Answer({"error": "boom"}, status=500))
    call = platform.start_call(talk=0.05)
    record = await call.ended()
    sent = requests_of(crm, call.call_id)
    assert sent[-1] == f"POST {event_type}" and "GET" not in sent
    assert record.stopped is not None and "500" in record.stopped
    # The call went on without the CRM: its later events were never sent.
    assert record.course[len(sent) :] and record.course[-1] == 15
    assert [e["EventType"] for e in record.suppressed] == record.course[len(sent) :]


async def test_a_post_failing_after_the_connection_stops_the_polls_too(
    crm: Any, make_platform: Any, answers: Any, ticks: Any, wait_until: Any
) -> None:
    platform = make_platform(sleep=ticks.sleep)
    await platform.activate()
    crm.on_post(12, answers.Answer(b"", status=503))
    call = platform.start_call()
    await call.connected()
    await wait_until(lambda: len(ticks.asked) == 1)
    ticks.tick()
    await wait_until(lambda: call.record.polls == 1)
    call.operator_transfers("1234")
    await wait_until(lambda: call.record.stopped is not None)
    ticks.tick(3)
    call.caller_hangs_up()
    await call.ended()
    assert requests_of(crm, call.call_id)[-2:] == ["GET", "POST 12"]
    assert call.record.polls == 1


async def test_a_post_not_answered_at_all_stops_every_request(
    crm: Any, make_platform: Any, answers: Any
) -> None:
    platform = make_platform(timeout=0.2)
    await platform.activate()
    crm.on_post(3, answers.Answer(delay=2.0))
    call = await platform.run_call(talk=0)
    assert requests_of(crm, call.call_id) == ["POST 1", "POST 2", "POST 3"]
    assert call.record.stopped is not None and "Timeout" in call.record.stopped


async def test_one_call_stopped_leaves_the_others_alone(
    crm: Any, platform: FakePlatform, answers: Any
) -> None:
    crm.on_post(1, answers.Answer(status=401))
    stopped = await platform.run_call(talk=0)
    fine = await platform.run_call(talk=0)
    assert requests_of(crm, stopped.call_id) == ["POST 1"]
    assert requests_of(crm, fine.call_id)[-1] == "POST 15" and fine.record.stopped is None


# --- rule 2: a malformed 200 answer to an analysed POST is ignored -------------------------

MALFORMED = [
    b"",
    b"not json",
    b"[]",
    b'"TransferDN"',
    b'{"CallID": 1, "EventType": 4}',
    lambda cid: {"CallID": float(cid), "EventType": 4},
    lambda cid: {"CallID": int(float(cid)), "EventType": 4},
    lambda cid: {"CallID": str(cid), "EventType": 4},
    lambda cid: {"CallID": cid, "EventType": 13, "Param": ""},
    lambda cid: {"CallID": cid, "EventType": "4"},
    lambda cid: {"CallID": cid, "EventType": "TransferDN", "Param": DN},
    lambda cid: {"CallID": cid, "EventType": 1},
    lambda cid: {"CallID": cid, "EventType": 1, "Param": 79990001122},
    lambda cid: {"CallID": cid, "EventType": True},
]


@pytest.mark.parametrize("body", MALFORMED)
async def test_a_malformed_answer_to_a_post_is_ignored(
    crm: Any, platform: FakePlatform, answers: Any, body: Any
) -> None:
    crm.on_post(1, answers.Answer(body))
    call = platform.start_call(talk=0.03)
    record = await call.ended()
    assert requests_of(crm, call.call_id)[:5] == ["POST 1", "POST 2", "POST 3", "POST 8", "POST 9"]
    assert requests_of(crm, call.call_id)[-1] == "POST 15"
    assert record.stopped is None and record.instructions == []
    assert record.actions[0].startswith("ignored the answer to CALL_ACCEPTED")
    assert call.exchanges()[0].verdict.startswith("malformed")


async def test_well_formed_nothing_to_do_answers(
    crm: Any, platform: FakePlatform, answers: Any
) -> None:
    for body in (
        lambda cid: {"CallID": cid},
        lambda cid: {"CallID": cid, "EventType": None, "Param": None},
        lambda cid: {"CallID": cid, "EventType": 0, "Param": "", "Extra": [1]},
    ):
        crm.on_post(1, answers.Answer(body))
        call = await platform.run_call(talk=0)
        assert call.exchanges()[0].verdict == "nothing" and call.record.actions == []


async def test_the_wrong_content_type_alone_does_not_make_an_answer_malformed(
    crm: Any, platform: FakePlatform, answers: Any
) -> None:
    crm.on_post(
        1, answers.Answer(lambda cid: {"CallID": cid, "EventType": 4}, content_type="text/plain")
    )
    call = await platform.run_call(talk=0)
    assert requests_of(crm, call.call_id) == ["POST 1", "POST 15"]


# --- rule 3: a malformed GET answer stops the polls, the POSTs go on -------------------------


@pytest.mark.parametrize(
    "answer",
    [
        {"body": b"{"},
        {"body": b"[1]"},
        {"body": lambda cid: {"CallID": cid + 2, "EventType": 1, "Param": DN}},
        {"body": lambda cid: {"CallID": cid, "EventType": 99}},
        {"status": 500},
        {"status": 404, "body": {"error": "no such call"}},
    ],
)
async def test_a_bad_get_answer_stops_the_polls_and_the_posts_go_on(
    crm: Any, make_platform: Any, answers: Any, ticks: Any, wait_until: Any, answer: dict[str, Any]
) -> None:
    platform = make_platform(sleep=ticks.sleep)
    await platform.activate()
    crm.on_get(answers.Answer(), answers.Answer(**answer))
    call = platform.start_call()
    await call.connected()
    ticks.tick(5)
    await wait_until(lambda: call.record.polling_stopped is not None)
    call.operator_transfers("1234")
    call.caller_hangs_up()
    await call.ended()
    assert requests_of(crm, call.call_id)[5:] == ["GET", "GET", "POST 12", "POST 11", "POST 15"]
    assert call.record.polls == 2 and call.record.stopped is None
    assert call.exchanges()[6].verdict == "stops polling"


async def test_answers_are_exact_json_of_the_call(crm: Any, platform: FakePlatform) -> None:
    call = await platform.run_call(talk=0)
    for exchange in call.exchanges():
        assert exchange.sent is not None and json.loads(exchange.sent_body) == exchange.sent
        assert exchange.sent["CallID"] == call.call_id and exchange.status == 200
        assert exchange.verdict in ("nothing", "not analysed")
    assert [int(a) for a in Action] == list(range(1, 13))


async def test_a_poll_in_flight_at_the_end_gets_its_answer_and_is_not_acted_on(
    crm: Any, platform: FakePlatform, answers: Any, wait_until: Any
) -> None:
    slow = answers.instruction(Action.TRANSFER_DN, DN)
    slow.delay = 0.2
    crm.on_get(slow)
    call = platform.start_call()
    await call.connected()
    await wait_until(lambda: crm.polls_in_flight == 1)
    call.caller_hangs_up()
    record = await call.ended()
    get = next(ex for ex in call.exchanges() if ex.method == "GET")
    assert get.status == 200 and get.verdict == "instruction"
    assert record.actions == ["ignored TRANSFER_DN: the call ended"]
    assert requests_of(crm, call.call_id)[-2:] == ["GET", "POST 15"]
    assert 8 not in [e["EventType"] for e in record.events[4:]]
