"""Operators' instructions to the Autosecretary: queued, delivered at most once, results, expiry."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.asyncio

BIG = 2**53 + 7
IVANOVA = "74951112233"


def ev(call_id: int, event_type: int, service: int = 1, **fields: Any) -> dict[str, Any]:
    return {
        "CallID": call_id,
        "EventTime": "2026-12-04T14:15:22+03:00",
        "AN": "79582412128",
        "UN": "74950665310",
        "EventType": event_type,
        "ServiceType": service,
        **fields,
    }


async def instruct(tb, call: str, action: str, param: str = "", ref: str = "r1") -> dict[str, Any]:
    await tb.send({"type": "instruct", "ref": ref, "call": call, "action": action, "param": param})
    return await tb.instruction(ref=ref)


async def connected(crm, tb, call_id: int) -> None:
    await crm.post(ev(call_id, 8, DN1=IVANOVA))
    await crm.post(ev(call_id, 9, DN1=IVANOVA, Result="1280"))
    await tb.call(f"as:{call_id}", state="connected")


async def test_transfer_via_poll_at_most_once_then_its_result(gw, crm, toolbar) -> None:
    ivanova = await toolbar("ivanova")
    await connected(crm, ivanova, BIG)
    _status, body = await crm.get(BIG)
    assert body == {"CallID": BIG, "EventType": 0, "Param": ""}  # nothing yet: keep polling
    queued = await instruct(ivanova, f"as:{BIG}", "TransferDN", "+7 495 765-43-21")
    assert queued["status"] == "queued" and queued["code"] == 1 and queued["param"] == "74957654321"
    _status, body = await crm.get(BIG)
    assert _status == 200 and body == {"CallID": BIG, "EventType": 1, "Param": "74957654321"}
    delivered = await ivanova.instruction(id=queued["id"], status="delivered")
    assert delivered["channel"] == "poll"
    for _ in range(3):  # at most once
        assert (await crm.get(BIG))[1] == {"CallID": BIG, "EventType": 0, "Param": ""}
    await crm.post(ev(BIG, 8, DN1="74957654321"))
    await crm.post(ev(BIG, 9, DN1="74957654321", Result="1284"))
    done = await ivanova.instruction(id=queued["id"], status="result")
    assert done["result"]["category"] == "no_answer" and done["result"]["code"] == "1284"
    assert gw.core.metrics.value("instructions_total", "delivered") == 1


async def test_before_connection_in_the_post_answers(crm, toolbar) -> None:
    ivanova = await toolbar("ivanova")
    await crm.post(ev(1100, 1, DN1=IVANOVA))  # CallAccepted, the original DN is hers
    await ivanova.call("as:1100", state="ringing")
    queued = await instruct(ivanova, "as:1100", "TransferEXT", "2642")
    _status, body = await crm.post(ev(1100, 7))  # RunIVR: the platform does not read this answer
    assert body["EventType"] == 0
    _status, body = await crm.post(ev(1100, 3))  # HelloMessage: it does
    assert body == {"CallID": 1100, "EventType": 2, "Param": "2642"}
    delivered = await ivanova.instruction(id=queued["id"], status="delivered")
    assert delivered["channel"] == "answer:3"
    _status, body = await crm.post(ev(1100, 4, DTMF="5"))
    assert body["EventType"] == 0  # at most once


@pytest.mark.parametrize("event_type", [1, 2, 3, 4, 16])
async def test_each_post_answer_event_carries_it(crm, toolbar, event_type) -> None:
    ivanova = await toolbar("ivanova")
    await crm.post(ev(1200, 8, DN1=IVANOVA))
    await ivanova.call("as:1200", state="ringing")
    await instruct(ivanova, "as:1200", "PlayPrompt", "welcome_back")
    _status, body = await crm.post(ev(1200, event_type, DN1=IVANOVA))
    assert body == {"CallID": 1200, "EventType": 3, "Param": "welcome_back"}


async def test_prompt_to_operator_only_in_the_prepare_to_connect_answer(crm, toolbar) -> None:
    ivanova = await toolbar("ivanova")
    await crm.post(ev(1300, 8, DN1=IVANOVA))
    card = await ivanova.call("as:1300", state="ringing")
    assert "PlayPromptToOperator" in card["actions"]
    await instruct(ivanova, "as:1300", "PlayPromptToOperator", "vip_client")
    assert (await crm.post(ev(1300, 3)))[1]["EventType"] == 0
    assert (await crm.post(ev(1300, 16, DN1=IVANOVA)))[1] == {
        "CallID": 1300,
        "EventType": 8,
        "Param": "vip_client",
    }
    card = await ivanova.call("as:1300", stage="PrepareToConnect")
    assert "PlayPromptToOperator" not in card["actions"]  # PrepareToConnect has gone


async def test_queued_instructions_expire_at_end_call(gw, crm, toolbar) -> None:
    ivanova = await toolbar("ivanova")
    await connected(crm, ivanova, 1400)
    queued = await instruct(ivanova, "as:1400", "Hangup")
    await crm.post(ev(1400, 15, Result="2"))
    expired = await ivanova.instruction(id=queued["id"], status="expired")
    assert expired["reason"] == "call_ended"
    assert (await crm.get(1400))[1] == {"CallID": 1400, "EventType": 0, "Param": ""}
    assert gw.core.metrics.value("instructions_total", "expired") == 1


async def test_hangup_result_comes_with_end_call(crm, toolbar) -> None:
    ivanova = await toolbar("ivanova")
    await connected(crm, ivanova, 1450)
    queued = await instruct(ivanova, "as:1450", "Hangup")
    assert (await crm.get(1450))[1]["EventType"] == 4
    await crm.post(ev(1450, 15, Result="0"))
    done = await ivanova.instruction(id=queued["id"], status="result")
    assert done["result"]["category"] == "ended"


async def test_cancel_while_queued(crm, toolbar) -> None:
    ivanova = await toolbar("ivanova")
    await connected(crm, ivanova, 1500)
    queued = await instruct(ivanova, "as:1500", "TransferPBX", "PBX12345")
    await ivanova.send({"type": "cancel", "instruction": queued["id"]})
    await ivanova.instruction(id=queued["id"], status="cancelled")
    assert (await crm.get(1500))[1]["EventType"] == 0


@pytest.mark.parametrize(
    ("call", "action", "param", "reason"),
    [
        ("as:1600", "TransferDN", "12", "bad_param"),
        ("as:1600", "TransferEXT", "26420", "bad_param"),
        ("as:1600", "TransferPBX", "XYZ1", "bad_param"),
        ("as:1600", "PlayPrompt", "../etc/passwd", "bad_param"),
        ("as:1600", "Fly", "", "unknown_action"),
        ("as:1600", "PlayPromptToOperator", "x", "not_possible_now"),
        ("as:1601", "TransferDN", "74957654321", "not_your_call"),
        ("as:999999", "TransferDN", "74957654321", "unknown_call"),
    ],
)
async def test_refused_instructions(crm, toolbar, call, action, param, reason) -> None:
    ivanova = await toolbar("ivanova")
    await connected(crm, ivanova, 1600)
    await crm.post(ev(1601, 8, DN1="0052002642"))  # petrov's call
    refused = await instruct(ivanova, call, action, param)
    assert refused["status"] == "rejected" and refused["reason"] == reason
    assert (await crm.get(1600))[1]["EventType"] == 0


async def test_cyrillic_pbx_prefix_is_read_as_latin(crm, toolbar) -> None:
    ivanova = await toolbar("ivanova")
    await connected(crm, ivanova, 1650)
    queued = await instruct(ivanova, "as:1650", "TransferPBXRec", "РВХ495123")
    assert queued["status"] == "queued" and queued["param"] == "PBX495123"
    assert (await crm.get(1650))[1] == {"CallID": 1650, "EventType": 10, "Param": "PBX495123"}


async def test_webhook_calls_take_no_instructions(hook, toolbar) -> None:
    ivanova = await toolbar("ivanova")
    await hook({"SessionID": "w1", "HookType": "AttemptIncCallBegin", "Called": "80052002651"})
    await ivanova.call("wh:w1")
    refused = await instruct(ivanova, "wh:w1", "TransferDN", "74957654321")
    assert refused["reason"] == "not_supported"


async def test_outgoing_service_limits(crm, toolbar) -> None:
    ivanova = await toolbar("ivanova")
    await crm.post(ev(1700, 1, service=2, AN=IVANOVA, DN1="79582412128"))
    card = await ivanova.call("as:1700", state="dialing")
    assert card["direction"] == "outgoing" and card["called"] == "9582412128"
    assert (await instruct(ivanova, "as:1700", "TransferDN", "74957654321"))["status"] == "rejected"
    await crm.post(ev(1700, 8, service=2, DN1="79582412128"))
    await crm.post(ev(1700, 9, service=2, DN1="79582412128", Result="1280"))
    card = await ivanova.call("as:1700", state="connected")
    assert card["actions"] == ["TransferPBX"]
    refused = await instruct(ivanova, "as:1700", "PlayPrompt", "x", ref="r2")
    assert refused["reason"] == "not_possible_now"
    queued = await instruct(ivanova, "as:1700", "TransferPBX", "8000495066531012", ref="r3")
    assert queued["status"] == "queued"
    assert (await crm.get(1700))[1] == {"CallID": 1700, "EventType": 5, "Param": "8000495066531012"}
    login_form = await instruct(ivanova, "as:1700", "TransferPBX", "4950665310U0042", ref="r4")
    assert login_form["status"] == "queued"


async def test_the_instructing_toolbar_and_the_others_of_the_same_login_see_it(
    crm, toolbar
) -> None:
    first, second = await toolbar("ivanova"), await toolbar("ivanova")
    petrov = await toolbar("petrov")
    await connected(crm, first, 1800)
    queued = await instruct(first, "as:1800", "TransferDN", "74957654321")
    seen = await second.instruction(id=queued["id"], status="queued")
    assert seen["ref"] == "r1"
    await petrov.settle(None)
    assert not [f for f in petrov.frames if f["type"] == "instruction"]


async def test_back_from_consultation_ends_it_on_the_card(crm, toolbar) -> None:
    ivanova = await toolbar("ivanova")
    await connected(crm, ivanova, 1900)
    await instruct(ivanova, "as:1900", "TransferDN", "74957654321")
    assert (await crm.get(1900))[1]["EventType"] == 1
    await crm.post(ev(1900, 8, DN1="74957654321"))
    await crm.post(ev(1900, 9, DN1="74957654321", Result="1280"))
    card = await ivanova.call("as:1900", stage="Transfer")
    assert card["transfer"]["result"]["category"] == "connected"
    assert "BackFromConsultCall" in card["actions"]
    back = await instruct(ivanova, "as:1900", "BackFromConsultCall", ref="back")
    assert (await crm.get(1900))[1] == {"CallID": 1900, "EventType": 12, "Param": ""}
    await ivanova.instruction(id=back["id"], status="delivered")
    card = await ivanova.call("as:1900", transfer=None)
    assert "BackFromConsultCall" not in card["actions"] and card["state"] == "connected"


async def test_a_head_request_delivers_nothing(crm, toolbar) -> None:
    ivanova = await toolbar("ivanova")
    await connected(crm, ivanova, 1950)
    await instruct(ivanova, "as:1950", "PlayPrompt", "hold_music")
    status, _, _ = await crm.call("HEAD", "/CallEvent/1950")
    assert status == 405
    assert (await crm.get(1950))[1] == {"CallID": 1950, "EventType": 3, "Param": "hold_music"}


async def test_a_short_number_consultation_shows_on_the_card(crm, toolbar) -> None:
    ivanova = await toolbar("ivanova")
    await connected(crm, ivanova, 2000)
    queued = await instruct(ivanova, "as:2000", "TransferEXT", "4321")
    assert (await crm.get(2000))[1] == {"CallID": 2000, "EventType": 2, "Param": "4321"}
    # the platform may still carry the operator's own DN1 on these events
    await crm.post(ev(2000, 10, DN1=IVANOVA, EXT1="4321"))
    card = await ivanova.call("as:2000", stage="GoToShortTransfer")
    assert card["transfer"] == {"target": "4321", "kind": "GoToShortTransfer", "result": None}
    assert card["state"] == "connected"
    await crm.post(ev(2000, 11, DN1=IVANOVA, EXT1="4321", Result="1280"))
    done = await ivanova.instruction(id=queued["id"], status="result")
    assert done["result"]["code"] == "1280"
    card = await ivanova.call("as:2000", stage="ShortTransfer")
    assert (
        card["transfer"]["target"] == "4321"
        and card["transfer"]["result"]["category"] == "connected"
    )
    assert card["state"] == "connected"


async def test_an_operator_transfer_by_short_number_to_a_colleague(crm, toolbar) -> None:
    ivanova, petrov = await toolbar("ivanova"), await toolbar("petrov")
    await connected(crm, ivanova, 2100)
    await crm.post(
        ev(2100, 12, DN1=IVANOVA, EXT2="2642")
    )  # OperatorTransfer: petrov's short number
    await petrov.call("as:2100", state="ringing")
    card = await ivanova.call("as:2100", stage="OperatorTransfer")
    assert card["transfer"]["target"] == "2642" and card["state"] == "connected"
