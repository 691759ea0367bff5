"""The fake platform's calls: every event type in order, every service type, the controls."""

from __future__ import annotations

from typing import Any

import pytest

from agent_toolbar.simulators.autosecretary import (
    SCENARIOS,
    EndSide,
    EventType,
    FakePlatform,
    ServiceType,
)

pytestmark = pytest.mark.asyncio
E = EventType


def results(crm: Any, call_id: int, *types: int) -> list[str]:
    return [e["Result"] for e in crm.events(call_id) if e["EventType"] in types]


async def test_an_answered_call(crm: Any, platform: FakePlatform) -> None:
    call = platform.start_call(SCENARIOS["answered"])
    assert await call.connected()
    assert crm.event_types(call.call_id) == [1, 2, 3, 8, 9]
    call.caller_hangs_up()
    record = await call.ended()
    assert crm.event_types(call.call_id) == [1, 2, 3, 8, 9, 15]
    assert record.event_types() == [E(t) for t in crm.event_types(call.call_id)]
    assert results(crm, call.call_id, 9, 15) == ["1280", "1"]
    assert record.end == EndSide.CALLER
    assert {e["ServiceType"] for e in crm.events(call.call_id)} == {1}


async def test_menu_short_number_notify_and_recording(crm: Any, platform: FakePlatform) -> None:
    call = platform.start_call(SCENARIOS["ivr"])
    await call.connected()
    call.caller_hangs_up()
    await call.ended()
    events = crm.events(call.call_id)
    assert [e["EventType"] for e in events] == [1, 2, 3, 7, 4, 10, 18, 16, 11, 13, 14, 15]
    assert [e["DTMF"] for e in events if e["EventType"] == 4] == ["2"]
    assert all(e["DTMF"] == "" for e in events if e["EventType"] != 4)
    assert {e["EXT1"] for e in events if e["EventType"] in (10, 11)} == {"1234"}
    assert results(crm, call.call_id, 11) == ["1280"]


async def test_no_destination_answers(crm: Any, platform: FakePlatform) -> None:
    call = await platform.run_call(SCENARIOS["no-answer"])
    events = crm.events(call.call_id)
    assert [e["EventType"] for e in events] == [1, 2, 3, 8, 9, 8, 9, 15]
    assert [(e["DN1"], e["Result"]) for e in events if e["EventType"] == 9] == [
        ("79160000001", "1284"),
        ("79160000002", "1289"),
    ]
    assert events[-1]["Result"] == "4" and call.record.polls == 0


async def test_the_caller_hangs_up_while_dialling(crm: Any, platform: FakePlatform) -> None:
    call = await platform.run_call(SCENARIOS["abandoned"])
    assert crm.event_types(call.call_id) == [1, 2, 3, 8, 15]
    assert results(crm, call.call_id, 15) == ["3"]


@pytest.mark.parametrize(("name", "fax"), [("fax", 6), ("t38", 5)])
async def test_fax_calls(crm: Any, platform: FakePlatform, name: str, fax: int) -> None:
    call = await platform.run_call(SCENARIOS[name])
    assert crm.event_types(call.call_id) == [1, 2, fax, 15] or crm.event_types(call.call_id) == [
        1,
        2,
        3,
        fax,
        15,
    ]
    assert results(crm, call.call_id, 15) == ["0"]


async def test_outgoing_service(crm: Any, platform: FakePlatform) -> None:
    call = platform.start_call(SCENARIOS["outgoing"])
    await call.connected()
    call.operator_hangs_up()
    await call.ended()
    events = crm.events(call.call_id)
    assert [e["EventType"] for e in events] == [1, 2, 8, 9, 15]
    assert {e["ServiceType"] for e in events} == {2}
    # AN from the client's PBX on CallAccepted, the substituted one afterwards.
    assert [e["AN"] for e in events] == ["0052002651"] + ["74950665310"] * 4
    assert {e["DN1"] for e in events} == {"79161234567"}
    assert all(e[k] == "" for e in events for k in ("DN2", "EXT1", "EXT2", "DTMF"))
    assert events[-1]["Result"] == "2"


@pytest.mark.parametrize(("name", "service"), [("quality", 3), ("subclid", 4)])
async def test_other_services(crm: Any, platform: FakePlatform, name: str, service: int) -> None:
    call = platform.start_call(SCENARIOS[name], talk=0)
    await call.ended()
    assert {e["ServiceType"] for e in crm.events(call.call_id)} == {service}
    assert crm.event_types(call.call_id)[:5] == [1, 2, 3, 8, 9]


async def test_the_operator_hangs_up_first(crm: Any, platform: FakePlatform) -> None:
    call = platform.start_call()
    await call.connected()
    call.operator_hangs_up()
    record = await call.ended()
    assert crm.event_types(call.call_id)[-2:] == [17, 15]
    assert record.end == EndSide.CALLED and results(crm, call.call_id, 15) == ["2"]


async def test_the_operator_transfers_to_a_short_number(crm: Any, platform: FakePlatform) -> None:
    call = platform.start_call(record=True)
    await call.connected()
    call.set_transfer_results("1289")
    call.operator_transfers("5678")
    call.caller_hangs_up()
    await call.ended()
    events = crm.events(call.call_id)
    assert [e["EventType"] for e in events] == [1, 2, 3, 8, 9, 13, 12, 11, 14, 15]
    assert [(e["EXT2"], e["Result"]) for e in events if e["EventType"] == 11] == [("5678", "1289")]
    assert "operator transfer EXT2=5678 Result=1289" in call.record.actions


async def test_every_event_and_service_type_is_sent(crm: Any, platform: FakePlatform) -> None:
    for name, script in SCENARIOS.items():
        talks = name in ("answered", "ivr")
        call = platform.start_call(script, talk=None if talks else 0)
        if talks:
            await call.connected()
            call.operator_transfers("1111")
            call.operator_hangs_up()
        await call.ended()
    assert set(crm.event_types()) == set(range(1, 19))
    assert {e["ServiceType"] for e in crm.events()} == {1, 2, 3, 4}
    assert {int(s) for s in ServiceType} == {1, 2, 3, 4}


async def test_transfer_results_chosen_by_the_test(crm: Any, platform: FakePlatform) -> None:
    call = platform.start_call(dn=("79160000001", "79160000002", "79160000003"))
    call.set_transfer_results(1284, "486")
    await call.connected()
    call.caller_hangs_up()
    await call.ended()
    assert results(crm, call.call_id, 9) == ["1284", "486", "1280"]


async def test_a_platform_wide_transfer_result(crm: Any, make_platform: Any) -> None:
    platform = make_platform(transfer_result="1289")
    await platform.activate()
    call = await platform.run_call()
    assert results(crm, call.call_id, 9, 15) == ["1289", "4"]


async def test_calls_run_side_by_side(crm: Any, platform: FakePlatform) -> None:
    calls = [platform.start_call(an=f"7916000000{i}") for i in range(4)]
    for call in calls:
        assert await call.connected()
    for call in calls:
        call.caller_hangs_up()
        await call.ended()
        assert crm.event_types(call.call_id) == [1, 2, 3, 8, 9, 15]
        assert {e["AN"] for e in crm.events(call.call_id)} == {call.script.an}


async def test_the_destination_is_named_from_call_accepted(
    crm: Any, platform: FakePlatform
) -> None:
    short = await platform.run_call(SCENARIOS["ivr"], talk=0)
    assert {e["EXT1"] for e in crm.events(short.call_id)} == {"1234"}
    full = await platform.run_call(dn=("79160000005",), talk=0)
    assert {e["DN1"] for e in crm.events(full.call_id)} == {"79160000005"}


async def test_a_call_held_before_an_event_waits_for_the_test(
    crm: Any, platform: FakePlatform, answers: Any
) -> None:
    call = platform.start_call(hold_before=EventType.HELLO_MESSAGE, talk=0)
    await call.held()
    assert crm.event_types(call.call_id) == [1, 2]
    crm.on_post(3, answers.instruction(4))  # the CRM decides while the call waits
    call.release()
    await call.ended()
    assert crm.event_types(call.call_id) == [1, 2, 3, 15]
