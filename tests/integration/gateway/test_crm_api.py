"""The Autosecretary CRM API over real sockets, as the platform sees it."""

from __future__ import annotations

import json
from typing import Any

import pytest

pytestmark = pytest.mark.asyncio

BIG = 2**53 + 1  # 9007199254740993: a float cannot hold it
IVANOVA = "74951112233"
PETROV = "0052002642"
CUSTOMER = "79582412128"
UN = "74950665310"


def ev(call_id: int, event_type: int, service: int = 1, **fields: Any) -> dict[str, Any]:
    return {
        "CallID": call_id,
        "EventTime": "2026-12-04T14:15:22+03:00",
        "AN": CUSTOMER,
        "UN": UN,
        "EventType": event_type,
        "ServiceType": service,
        **fields,
    }


def well_formed(body: Any, call_id: int) -> tuple[int, str]:
    """Every answer of ours is ReturnCRMData: exactly CallID (int), EventType (int), Param (str)."""
    assert set(body) == {"CallID", "EventType", "Param"}
    assert body["CallID"] == call_id and isinstance(body["CallID"], int)
    assert isinstance(body["EventType"], int) and isinstance(body["Param"], str)
    return body["EventType"], body["Param"]


async def test_activation_test(gw, crm) -> None:
    status, body, response = await crm.call("GET", "/CallEvent")
    assert status == 200
    assert response.headers["Content-Type"] == "application/json; charset=UTF-8"
    well_formed(body, 0)
    empty = {
        "CallID": "",
        "EventTime": "",
        "AN": "",
        "UN": UN,
        "DN1": "",
        "DN2": "",
        "EXT1": "",
        "EXT2": "",
        "DTMF": "",
        "Generic": "",
        "Result": "",
        "EventType": "",
        "ServiceType": "",
    }
    status, body, response = await crm.call("POST", "/CallEvent/0", empty)
    assert status == 200
    assert response.headers["Content-Type"] == "application/json; charset=UTF-8"
    assert well_formed(body, 0) == (0, "")
    assert gw.core.metrics.value("activation_tests_total", "GET") == 1
    assert gw.core.metrics.value("activation_tests_total", "POST") == 1


async def test_basic_auth_on_every_request(gw, crm) -> None:
    wrong = ("autosecretary", "nope")
    for method, path in (("GET", "/CallEvent"), ("POST", "/CallEvent"), ("GET", "/CallEvent/5")):
        for auth in (False, wrong):
            status, _, response = await crm.call(method, path, ev(5, 1), auth=auth)
            assert status == 401
            assert response.headers["WWW-Authenticate"].startswith("Basic")
    assert gw.core.store.get("as:5") is None
    assert gw.core.metrics.value("rejects_total", "bad_basic_auth") == 6


async def test_every_event_type_is_answered_200(gw, crm) -> None:
    for event_type in range(1, 19):
        status, body = await crm.post(ev(1000 + event_type, event_type, Result="0"))
        assert status == 200
        well_formed(body, 1000 + event_type)
    from agent_toolbar.gateway.autosecretary import EVENT_TYPES

    for name in EVENT_TYPES.values():
        assert gw.core.metrics.value("events_total", "autosecretary", name) == 1


@pytest.mark.parametrize("call_id", [BIG, 2**63 - 1, 1, 2**62 + 12345])
async def test_int64_call_id_survives_the_round_trip(crm, toolbar, call_id) -> None:
    ivanova = await toolbar("ivanova")
    status, _, response = await crm.call("POST", "/CallEvent", ev(call_id, 8, DN1=IVANOVA))
    assert status == 200
    raw = await response.text()
    assert f'"CallID": {call_id}' in raw  # the digits themselves, not a float's
    card = await ivanova.call(f"as:{call_id}", state="ringing")
    assert card["vendor_id"] == str(call_id) and card["params"]["CallID"] == str(call_id)
    _status, body = await crm.get(call_id)
    assert well_formed(body, call_id) == (0, "")
    # a CallID sent as a decimal string is the same call
    _status, body = await crm.post(ev(str(call_id), 9, DN1=IVANOVA, Result="1280"))  # type: ignore[arg-type]
    assert well_formed(body, call_id) == (0, "")
    await ivanova.call(f"as:{call_id}", state="connected")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (ev(1.5, 1), "bad_call_id"),  # type: ignore[arg-type]
        (ev(2**63, 1), "bad_call_id"),
        (ev(True, 1), "bad_call_id"),  # type: ignore[arg-type]
        (ev("12a", 1), "bad_call_id"),  # type: ignore[arg-type]
        (ev(77, 19), "unknown_event_type"),
        (ev(77, 1, service=5), "unknown_service_type"),
        (ev(77, 4, service=2), "event_not_for_service"),
        ([1, 2], "not_an_object"),
    ],
)
async def test_unusable_posts_are_still_200(gw, crm, data, reason) -> None:
    status, body, response = await crm.call("POST", "/CallEvent", data)
    assert status == 200  # any other status stops every request for the call
    assert response.headers["Content-Type"] == "application/json; charset=UTF-8"
    assert body["EventType"] == 0 and body["Param"] == ""
    assert gw.core.metrics.value("rejects_total", reason) == 1


async def test_not_json_and_oversized_posts_are_200(gw, crm) -> None:
    status, body, _ = await crm.call("POST", "/CallEvent", raw="{not json")
    assert status == 200 and well_formed(body, 0) == (0, "")
    status, body, _ = await crm.call(
        "POST", "/CallEvent", raw=json.dumps(ev(9, 1, Generic="x" * 70000))
    )
    assert status == 200 and well_formed(body, 0) == (0, "")
    assert gw.core.metrics.value("rejects_total", "body_too_large") == 1


async def test_polls_are_always_well_formed(crm) -> None:
    for call_id in ("123", "0", str(BIG), "abc", "-5"):
        status, body = await crm.get(call_id)
        assert status == 200
        expected = int(call_id) if call_id.lstrip("-").isdigit() else 0
        assert well_formed(body, expected) == (0, "")


async def test_routing_by_dn_and_ext_only_to_the_operator(crm, toolbar) -> None:
    ivanova, petrov, sidorov = [await toolbar(n) for n in ("ivanova", "petrov", "sidorov")]
    await crm.post(ev(501, 1))
    await crm.post(ev(501, 8, DN1="+7 (495) 111-22-33"))
    await ivanova.call("as:501", state="ringing", system="autosecretary")
    await crm.post(ev(502, 10, EXT1="2642"))
    await petrov.call("as:502", state="ringing")
    await crm.post(ev(503, 12, EXT2="2651"))
    await ivanova.call("as:503", state="ringing")
    await crm.post(ev(504, 8, DN2=PETROV))
    await petrov.call("as:504", state="ringing")
    for tb in (ivanova, petrov, sidorov):
        await tb.settle(None)
    assert set(ivanova.calls) == {"as:501", "as:503"}
    assert set(petrov.calls) == {"as:502", "as:504"}
    assert sidorov.calls == {}


async def test_call_with_transfer_results_and_end_in_words(crm, toolbar) -> None:
    ivanova = await toolbar("ivanova")
    await crm.post(ev(600, 1, DTMF="1234"))
    await crm.post(ev(600, 8, DN1=IVANOVA))
    card = await ivanova.call("as:600", state="ringing")
    assert card["params"]["DTMF"] == "1234" and card["params"]["AN"] == CUSTOMER
    assert card["project"] == "4950665310"
    await crm.post(ev(600, 9, DN1=IVANOVA, Result="1280"))
    card = await ivanova.call("as:600", state="connected")
    assert "TransferDN" in card["actions"] and "BackFromConsultCall" not in card["actions"]
    await crm.post(ev(600, 8, DN1="74957654321"))
    card = await ivanova.call("as:600", state="connected")
    assert card["transfer"] == {"target": "74957654321", "kind": "GoToTransfer", "result": None}
    assert "BackFromConsultCall" in card["actions"]
    await crm.post(ev(600, 9, DN1="74957654321", Result="1289"))
    card = await ivanova.call("as:600", state="connected")
    assert card["transfer"]["result"]["category"] == "busy"
    await crm.post(ev(600, 15, Result="1"))
    card = await ivanova.call("as:600", state="ended")
    assert card["result"]["category"] == "caller_hung_up" and card["result"]["code"] == "1"
    assert card["actions"] == [] and card["missed"] is False


@pytest.mark.parametrize(
    ("result", "category", "missed"),
    [
        ("1284", "no_answer", True),
        ("1289", "busy", False),
        ("486", "busy", False),
        ("480", "unavailable", False),
        ("3021", "failed", False),
    ],
)
async def test_a_failed_transfer_to_me_ends_my_card(crm, toolbar, result, category, missed) -> None:
    ivanova = await toolbar("ivanova")
    await crm.post(ev(700, 10, EXT1="2651"))
    await ivanova.call("as:700", state="ringing")
    await crm.post(ev(700, 11, EXT1="2651", Result=result))
    card = await ivanova.call("as:700", state="ended")
    assert card["result"]["category"] == category and card["result"]["code"] == result
    assert card["missed"] is missed


@pytest.mark.parametrize(
    ("code", "category"),
    [("0", "ended"), ("2", "callee_hung_up"), ("3", "caller_abandoned"), ("4", "no_destination")],
)
async def test_end_call_says_who_ended_it(crm, toolbar, code, category) -> None:
    ivanova = await toolbar("ivanova")
    await crm.post(ev(800, 8, DN1=IVANOVA))
    await ivanova.call("as:800", state="ringing")
    await crm.post(ev(800, 15, Result=code))
    card = await ivanova.call("as:800", state="ended")
    assert card["result"]["category"] == category
    assert card["missed"] is True  # it was still ringing for me


async def test_operator_hangs_up_bdropped(crm, toolbar) -> None:
    ivanova = await toolbar("ivanova")
    await crm.post(ev(900, 9, DN1=IVANOVA, Result="1280"))
    await ivanova.call("as:900", state="connected")
    await crm.post(ev(900, 17))
    card = await ivanova.call("as:900", state="ended")
    assert card["result"]["category"] == "callee_hung_up"


async def test_duplicate_posts_change_nothing(gw, crm, toolbar) -> None:
    ivanova = await toolbar("ivanova")
    for _ in range(3):
        status, _ = await crm.post(ev(950, 8, DN1=IVANOVA))
        assert status == 200
    await ivanova.settle(None)
    assert len(ivanova.call_frames("as:950")) == 1
    assert gw.core.metrics.value("duplicates_total", "autosecretary") == 2


async def test_post_to_call_event_with_the_id_in_the_path(crm, toolbar) -> None:
    ivanova = await toolbar("ivanova")
    data = ev(0, 8, DN1=IVANOVA)
    del data["CallID"]
    status, body, _ = await crm.call("POST", "/CallEvent/4242", data)
    assert status == 200 and well_formed(body, 4242) == (0, "")
    await ivanova.call("as:4242", state="ringing")
