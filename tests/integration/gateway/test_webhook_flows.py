"""PBX webhooks over real sockets: every hook type and flow, routed to toolbars."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

pytestmark = pytest.mark.asyncio

CITY = "4950665310"
CUSTOMER = "9582412128"
IVANOVA_PBX = "80052002651"  # as AttemptIncCallBegin writes it (specification 1.2)
PETROV_PBX = "80052002642"


def hooks(sid: str) -> dict[str, dict[str, Any]]:
    """The specification's hooks of one incoming call, rung to ivanova and petrov."""
    common = {"SessionID": sid, "CityNumber": CITY, "Caller": CUSTOMER}
    return {
        "create": {
            **common,
            "HookType": "CreateIncCall",
            "StartTime": "2021-01-28 14:15:22",
            "Called": CITY,
            "Redirecting": "84950665310",
        },
        "try_ivanova": {
            **common,
            "HookType": "AttemptIncCallBegin",
            "StartTime": "2021-01-28 14:15:30",
            "Called": IVANOVA_PBX,
        },
        "try_petrov": {
            **common,
            "HookType": "AttemptIncCallBegin",
            "StartTime": "2021-01-28 14:15:30",
            "Called": PETROV_PBX,
        },
        "petrov_answers": {
            **common,
            "HookType": "ChangeIncCall",
            "StartDuration": "2021-01-28 14:15:40",
            "Called": PETROV_PBX,
        },
        "ivanova_answers": {
            **common,
            "HookType": "ChangeIncCall",
            "StartDuration": "2021-01-28 14:15:40",
            "Called": IVANOVA_PBX,
        },
        "ivanova_attempt_ends": {
            **common,
            "HookType": "AttemptIncCallEnd",
            "EndTime": "2021-01-28 14:15:40",
            "Called": IVANOVA_PBX,
        },
        "petrov_attempt_ends": {
            **common,
            "HookType": "AttemptIncCallEnd",
            "EndTime": "2021-01-28 14:15:40",
            "Called": PETROV_PBX,
        },
        "end_petrov": {
            **common,
            "HookType": "EndIncCall",
            "EndTime": "2021-01-28 14:16:06",
            "Called": "0052002642",
            "Duration": 26,
            "ResultCode": "200",
        },
        "missed": {
            **common,
            "HookType": "MissedIncCall",
            "EndTime": "2021-01-28 14:16:00",
            "Called": "84950665310",
            "Duration": 0,
            "ResultCode": "603-S",
        },
    }


async def test_parallel_ringing_answered_by_a_colleague(gw, hook, toolbar) -> None:
    sid = str(uuid.uuid4())
    h = hooks(sid)
    ivanova, petrov, sidorov = [await toolbar(n) for n in ("ivanova", "petrov", "sidorov")]
    for name in ("create", "try_ivanova", "try_petrov"):
        assert (await hook(h[name])).status == 200
    card = await ivanova.call(f"wh:{sid}", state="ringing")
    assert card["caller"] == CUSTOMER and card["project"] == CITY
    assert card["direction"] == "incoming" and card["system"] == "webhook"
    assert card["params"]["SessionID"] == sid and card["params"]["CityNumber"] == CITY
    assert card["started_at"] == "2021-01-28T14:15:22"
    await petrov.call(f"wh:{sid}", state="ringing")

    await hook(h["petrov_answers"])
    elsewhere = await ivanova.call(f"wh:{sid}", state="ended")
    assert elsewhere["result"]["category"] == "answered_elsewhere"
    assert elsewhere["missed"] is False
    talking = await petrov.call(f"wh:{sid}", state="connected")
    assert talking["answered_at"] == "2021-01-28T14:15:40"

    await hook(h["ivanova_attempt_ends"])  # the specification: sent for those who did not take it
    await hook(h["end_petrov"])
    done = await petrov.call(f"wh:{sid}", state="ended")
    assert done["result"] == {
        "category": "completed",
        "code": "200",
        "text": "Successful call",
        "vendor_text": "Успешный звонок.",
    }
    assert done["duration"] == 26
    await ivanova.settle(gw)
    assert ivanova.calls[f"wh:{sid}"]["result"]["category"] == "answered_elsewhere"
    assert not ivanova.calls[f"wh:{sid}"]["missed"]
    await sidorov.settle(gw)
    assert sidorov.call_frames(f"wh:{sid}") == []  # not rung: not told


async def test_sequential_ringing_missed_by_me_then_answered_by_a_colleague(hook, toolbar) -> None:
    sid = str(uuid.uuid4())
    h = hooks(sid)
    ivanova = await toolbar("ivanova")
    await hook(h["create"])
    await hook(h["try_ivanova"])
    await ivanova.call(f"wh:{sid}", state="ringing")
    await hook({**h["ivanova_attempt_ends"], "EndTime": "2021-01-28 14:15:45"})
    missed = await ivanova.call(f"wh:{sid}", state="ended")
    assert missed["missed"] is True and missed["result"]["category"] == "missed"
    await hook({**h["try_petrov"], "StartTime": "2021-01-28 14:15:46"})
    await hook({**h["petrov_answers"], "StartDuration": "2021-01-28 14:15:52"})
    await hook(h["end_petrov"])
    petrov = await toolbar("petrov")
    assert f"wh:{sid}" not in petrov.calls  # ended before petrov connected: not in the snapshot
    last = ivanova.call_frames(f"wh:{sid}")[-1]
    assert last["missed"] is True  # my attempt ended before the colleague answered


async def test_missed_by_everyone(hook, toolbar) -> None:
    sid = str(uuid.uuid4())
    h = hooks(sid)
    ivanova, petrov = await toolbar("ivanova"), await toolbar("petrov")
    for name in ("create", "try_ivanova", "try_petrov", "missed"):
        await hook(h[name])
    for tb in (ivanova, petrov):
        card = await tb.call(f"wh:{sid}", state="ended")
        assert card["missed"] is True
        assert card["result"]["code"] == "603-S"
        assert card["result"]["category"] == "cancelled"


async def test_answered_here_with_integer_result_code(hook, toolbar) -> None:
    sid = str(uuid.uuid4())
    h = hooks(sid)
    ivanova = await toolbar("ivanova")
    for name in ("create", "try_ivanova", "ivanova_answers"):
        await hook(h[name])
    await ivanova.call(f"wh:{sid}", state="connected", called="0052002651")
    await hook({**h["end_petrov"], "Called": "0052002651", "ResultCode": 200})
    card = await ivanova.call(f"wh:{sid}", state="ended")
    assert card["result"]["category"] == "completed" and card["missed"] is False


async def test_outgoing_call_by_caller_number_in_any_form(hook, toolbar) -> None:
    sid = str(uuid.uuid4())
    ivanova, petrov = await toolbar("ivanova"), await toolbar("petrov")
    common = {"SessionID": sid, "CityNumber": CITY, "Called": "+7 958 241-21-28"}
    await hook(
        {
            **common,
            "HookType": "CreateOutCall",
            "StartTime": "2021-01-28 15:00:00",
            "Caller": "84951112233",
        }
    )
    card = await ivanova.call(f"wh:{sid}", state="dialing")
    assert card["direction"] == "outgoing" and card["called"] == CUSTOMER
    await hook(
        {
            **common,
            "HookType": "EndOutCall",
            "EndTime": "2021-01-28 15:00:09",
            "Caller": "+74951112233",
            "Duration": 0,
            "ResultCode": 486,
        }
    )
    card = await ivanova.call(f"wh:{sid}", state="ended")
    assert card["result"]["category"] == "busy" and card["result"]["code"] == "486"
    await petrov.settle(None)
    assert petrov.call_frames(f"wh:{sid}") == []


async def test_every_hook_type_counted(gw, hook, client) -> None:
    sid = str(uuid.uuid4())
    h = hooks(sid)
    for name in ("create", "try_ivanova", "ivanova_answers", "petrov_attempt_ends", "end_petrov"):
        await hook(h[name])
    await hook({**h["missed"], "SessionID": sid + "-m"})
    out = {"SessionID": sid + "-o", "HookType": "CreateOutCall", "Caller": "0052002651"}
    await hook(out)
    await hook({**out, "HookType": "EndOutCall", "ResultCode": "200"})
    async with client.get(gw.url + "/metrics") as r:
        text = await r.text()
    for kind in (
        "CreateIncCall",
        "AttemptIncCallBegin",
        "ChangeIncCall",
        "AttemptIncCallEnd",
        "EndIncCall",
        "MissedIncCall",
        "CreateOutCall",
        "EndOutCall",
    ):
        assert f'agent_toolbar_gateway_events_total{{source="webhook",kind="{kind}"}} 1' in text


async def test_duplicates_are_answered_and_change_nothing(gw, hook, toolbar) -> None:
    sid = str(uuid.uuid4())
    h = hooks(sid)
    ivanova = await toolbar("ivanova")
    await hook(h["create"])
    first = await hook(h["try_ivanova"])
    again = await hook(h["try_ivanova"])
    assert first.status == again.status == 200
    await ivanova.settle(gw)
    assert len(ivanova.call_frames(f"wh:{sid}")) == 1
    assert gw.core.metrics.value("duplicates_total", "webhook") == 1


async def test_reordered_hooks_converge_on_the_same_cards(hook, toolbar) -> None:
    in_order, shuffled = str(uuid.uuid4()), str(uuid.uuid4())
    ivanova, petrov = await toolbar("ivanova"), await toolbar("petrov")
    order = [
        "create",
        "try_ivanova",
        "try_petrov",
        "petrov_answers",
        "ivanova_attempt_ends",
        "end_petrov",
    ]
    for name in order:
        await hook(hooks(in_order)[name])
    for name in reversed(order):
        await hook(hooks(shuffled)[name])
    await ivanova.settle(None)
    await petrov.settle(None)
    for tb in (ivanova, petrov):
        a, b = dict(tb.calls[f"wh:{in_order}"]), dict(tb.calls[f"wh:{shuffled}"])
        for card in (a, b):
            for key in ("id", "vendor_id", "params", "stage"):
                card.pop(key)
        assert a == b
    assert ivanova.calls[f"wh:{shuffled}"]["result"]["category"] == "answered_elsewhere"
    assert petrov.calls[f"wh:{shuffled}"]["result"]["category"] == "completed"


async def test_the_specifications_own_examples_are_accepted(hook, toolbar) -> None:
    """The examples verbatim (their ``SessionID``s differ across hooks, as in the specification)."""
    ivanova = await toolbar("ivanova")
    examples = [
        {
            "SessionID": "ec22aab1-02f8-487d-9b40-1173f33ba242",
            "HookType": "CreateIncCall",
            "StartTime": "2021-01-28 14:15:22",
            "CityNumber": "4950665310",
            "Caller": "9582412128",
            "Called": "4950665310",
            "Redirecting": "84950665310",
        },
        {
            "SessionID": "ec22aab1-02f8-487d-9b40-1173f33ba242",
            "HookType": "AttemptIncCallBegin",
            "StartTime": "2021-01-28 14:15:30",
            "CityNumber": "4950665310",
            "Caller": "9582412128",
            "Called": "80052002651",
        },
        {
            "SessionID": "13f225e3-e449-4576-94de-50bb59064f46",
            "HookType": "ChangeIncCall",
            "StartDuration": "2021-01-28 12:31:01",
            "CityNumber": "3462773930",
            "Caller": "9582412128",
            "Called": "800774994086005",
        },
        {
            "SessionID": "4045859e-2dff-4d92-afba-ea57566a6e8b",
            "HookType": "AttemptIncCallEnd",
            "EndTime": "2021-01-28 18:27:09",
            "CityNumber": "4950665310",
            "Caller": "9582412128",
            "Called": "80052002642",
        },
        {
            "SessionID": "4045859e-2dff-4d92-afba-ea57566a6e8b",
            "HookType": "EndIncCall",
            "EndTime": "2021-01-28 18:27:19",
            "CityNumber": "4950665310",
            "Caller": "9582412128",
            "Called": "0052002651",
            "Duration": 26,
            "ResultCode": "200",
        },
        {
            "SessionID": "391cb39b-2658-4bcb-b4de-6b1fd4a2ed70",
            "HookType": "MissedIncCall",
            "EndTime": "2021-01-28 18:34:51",
            "CityNumber": "4950665310",
            "Caller": "9582412128",
            "Called": "84950665310",
            "Duration": 0,
            "ResultCode": "603-S",
        },
    ]
    for body in examples:
        assert (await hook(body)).status == 200
    await ivanova.call("wh:ec22aab1-02f8-487d-9b40-1173f33ba242", state="ringing")
    # 0052002651 took 4045859e… at the end (EndIncCall's Called): ivanova's, completed
    card = await ivanova.call("wh:4045859e-2dff-4d92-afba-ea57566a6e8b", state="ended")
    assert card["result"]["category"] == "completed"


async def test_an_end_after_missed_keeps_the_cards_missed(hook, toolbar) -> None:
    sid = str(uuid.uuid4())
    h = hooks(sid)
    ivanova, petrov = await toolbar("ivanova"), await toolbar("petrov")
    for name in ("create", "try_ivanova", "try_petrov", "missed"):
        await hook(h[name])
    # some PBXs close the session too, naming the city number as Called
    await hook({**h["end_petrov"], "Called": "84950665310", "ResultCode": "304", "Duration": 0})
    await hook({**h["end_petrov"], "SessionID": sid + "-b", "Called": CITY})
    for tb in (ivanova, petrov):
        await tb.settle(None)
        card = tb.calls[f"wh:{sid}"]
        assert card["state"] == "ended" and card["missed"] is True, card["result"]
