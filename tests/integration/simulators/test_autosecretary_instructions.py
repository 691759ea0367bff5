"""The fake platform acts on each kind of instruction: from POST answers and from polls."""

from __future__ import annotations

from typing import Any

import pytest

from agent_toolbar.simulators.autosecretary import SCENARIOS, Action, FakePlatform

pytestmark = pytest.mark.asyncio
A = Action
DN = "79990001122"


def kinds(crm: Any, call_id: int) -> list[int]:
    return [int(t) for t in crm.event_types(call_id)]


def field_of(crm: Any, call_id: int, event_type: int, name: str) -> list[str]:
    return [e[name] for e in crm.events(call_id) if e["EventType"] == event_type]


# --- before the operator: answers to CallAccepted, CallAnswered, HelloMessage, DTMF, ------------
# --- PrepareToConnect ------------------------------------------------------------------------


@pytest.mark.parametrize("at", [1, 2, 3, 4])
async def test_transfer_dn_before_the_operator_routes_the_call(
    crm: Any, platform: FakePlatform, answers: Any, at: int
) -> None:
    crm.on_post(at, answers.instruction(A.TRANSFER_DN, DN))
    call = platform.start_call(SCENARIOS["ivr"].with_(ext="", record=False), talk=0)
    await call.ended()
    seen = kinds(crm, call.call_id)
    # Straight to the transfer: what was left of greeting and menu is skipped.
    assert seen[seen.index(at) + 1] == 8
    assert field_of(crm, call.call_id, 8, "DN1") == [DN]
    assert field_of(crm, call.call_id, 9, "DN1") == [DN]
    assert field_of(crm, call.call_id, 9, "Result") == ["1280"]
    assert call.record.instructions[0][0].startswith("POST")


@pytest.mark.parametrize("result", ["1280", "1284", "1289", "486"])
async def test_the_transfer_result_is_the_one_chosen(
    crm: Any, platform: FakePlatform, answers: Any, result: str
) -> None:
    crm.on_post(1, answers.instruction(A.TRANSFER_DN, DN))
    call = platform.start_call(transfer_results=(result,), talk=0)
    await call.ended()
    assert field_of(crm, call.call_id, 9, "Result") == [result]
    assert field_of(crm, call.call_id, 15, "Result") == ["1" if result == "1280" else "4"]


async def test_transfer_ext_and_pbx_and_recorded_transfers(
    crm: Any, platform: FakePlatform, answers: Any
) -> None:
    cases = [
        (A.TRANSFER_EXT, "4321", [10, 11], "EXT1"),
        (A.TRANSFER_PBX, "PBX4951234", [8, 9], "DN1"),
        (A.TRANSFER_DN_REC, DN, [8, 9, 13], "DN1"),
        (A.TRANSFER_PBX_REC, "PBX4951234", [8, 9, 13], "DN1"),
    ]
    for action, param, expected, key in cases:
        crm.on_post(2, answers.instruction(action, param))
        call = platform.start_call(talk=0)
        await call.ended()
        seen = kinds(crm, call.call_id)
        assert seen[2 : 2 + len(expected)] == expected, action
        assert field_of(crm, call.call_id, expected[0], key) == [param]
        assert (14 in seen) is (13 in expected)


@pytest.mark.parametrize("action", [A.HANGUP, A.PLAY_PROMPT])
async def test_hangup_and_play_prompt_end_the_call(
    crm: Any, platform: FakePlatform, answers: Any, action: Action
) -> None:
    crm.on_post(3, answers.instruction(action, "bye" if action == A.PLAY_PROMPT else ""))
    call = await platform.run_call()
    assert kinds(crm, call.call_id) == [1, 2, 3, 15]
    assert field_of(crm, call.call_id, 15, "Result") == ["0"]
    assert (action != A.PLAY_PROMPT) or "played prompt bye to the caller" in call.record.actions


@pytest.mark.parametrize("action", [A.PLAY_PROMPT_AND_BACK, A.PLAY_MENU_BLOCK])
async def test_prompts_that_continue(
    crm: Any, platform: FakePlatform, answers: Any, action: Action
) -> None:
    crm.on_post(1, answers.instruction(action, "welcome"))
    call = platform.start_call(talk=0)
    await call.ended()
    assert kinds(crm, call.call_id) == [1, 2, 3, 8, 9, 15]
    assert any("welcome" in a for a in call.record.actions)


async def test_prompts_to_the_operator_count_at_prepare_to_connect(
    crm: Any, platform: FakePlatform, answers: Any
) -> None:
    notify = SCENARIOS["answered"].with_(notify_operator=True, talk=0)
    crm.on_post(16, answers.instruction(A.PLAY_PROMPT_TO_OPERATOR, "client-vip"))
    first = await platform.run_call(notify)
    crm.on_post(16, answers.instruction(A.IGNORE_PROMPT_TO_OPERATOR))
    second = await platform.run_call(notify)
    crm.on_post(1, answers.instruction(A.PLAY_PROMPT_TO_OPERATOR, "too-early"))
    third = await platform.run_call(notify)
    for call in (first, second, third):
        assert kinds(crm, call.call_id) == [1, 2, 3, 8, 16, 9, 15]
    assert "played prompt client-vip to the operator" in first.record.actions
    assert "no prompt to the operator" in second.record.actions
    assert any(a.startswith("ignored PLAY_PROMPT_TO_OPERATOR") for a in third.record.actions)


async def test_a_transfer_at_prepare_to_connect_drops_the_attempt(
    crm: Any, platform: FakePlatform, answers: Any
) -> None:
    crm.on_post(16, answers.instruction(A.TRANSFER_DN, DN))
    call = await platform.run_call(notify_operator=True, talk=0)
    assert kinds(crm, call.call_id) == [1, 2, 3, 8, 16, 8, 16, 9, 15]
    assert field_of(crm, call.call_id, 9, "DN1") == [DN]


async def test_answers_to_events_that_are_not_analysed_are_not_read(
    crm: Any, platform: FakePlatform, answers: Any
) -> None:
    for event_type in (8, 9, 18, 13):
        crm.on_post(event_type, answers.instruction(A.HANGUP))
    call = platform.start_call(subscriber_free=True, record=True, talk=0)
    await call.ended()
    assert kinds(crm, call.call_id) == [1, 2, 3, 8, 18, 9, 13, 14, 15]
    assert call.record.instructions == []
    verdicts = {ex.verdict for ex in call.exchanges() if ex.method == "POST"}
    assert "not analysed" in verdicts


async def test_routing_on_request_off_reads_nothing_and_never_polls(
    crm: Any, make_platform: Any, answers: Any
) -> None:
    platform = make_platform(routing_on_request=False)
    await platform.activate()
    crm.on_post(1, answers.instruction(A.HANGUP))
    call = platform.start_call(talk=0.05)
    await call.ended()
    assert kinds(crm, call.call_id) == [1, 2, 3, 8, 9, 15]
    assert call.record.polls == 0 and not any(s.method == "GET" for s in crm.seen[2:])


async def test_rating_menu_in_answer_to_b_dropped(
    crm: Any, platform: FakePlatform, answers: Any
) -> None:
    crm.on_post(17, answers.instruction(A.PLAY_MENU_BLOCK, "rate-us"))
    call = platform.start_call(rating_digit="4")
    await call.connected()
    call.operator_hangs_up()
    await call.ended()
    assert kinds(crm, call.call_id)[-3:] == [17, 4, 15]
    assert field_of(crm, call.call_id, 4, "DTMF") == ["4"]
    assert field_of(crm, call.call_id, 15, "Result") == ["1"]


async def test_outgoing_service_takes_only_transfer_dn_on_call_accepted(
    crm: Any, platform: FakePlatform, answers: Any
) -> None:
    crm.on_post(1, answers.instruction(A.TRANSFER_DN, DN))
    routed = await platform.run_call(SCENARIOS["outgoing"], talk=0)
    events = crm.events(routed.call_id)
    assert events[0]["DN1"] == "79161234567"  # as first received
    assert {e["DN1"] for e in events[1:]} == {DN}  # where the call really goes
    crm.on_post(1, answers.instruction(A.HANGUP))
    crm.on_post(2, answers.instruction(A.TRANSFER_DN, DN))
    ignored = await platform.run_call(SCENARIOS["outgoing"], talk=0)
    assert kinds(crm, ignored.call_id) == [1, 2, 8, 9, 15]
    assert {e["DN1"] for e in crm.events(ignored.call_id)} == {"79161234567"}
    assert any("ServiceType 2" in a for a in ignored.record.actions)


# --- after the operator: answers to the polls ---------------------------------------------


async def polled_call(crm: Any, platform: FakePlatform, ticks: Any, wait_until: Any) -> Any:
    call = platform.start_call()
    assert await call.connected()
    await wait_until(lambda: len(ticks.asked) == 1)
    return call


async def poll_once(crm: Any, ticks: Any, wait_until: Any, call: Any) -> None:
    polls = call.record.polls
    ticks.tick()
    await wait_until(lambda: call.record.polls == polls + 1 and len(ticks.asked) >= polls + 2)


async def test_transfer_dn_from_a_poll_consults_and_back_from_consult_returns(
    crm: Any, make_platform: Any, answers: Any, ticks: Any, wait_until: Any
) -> None:
    platform = make_platform(sleep=ticks.sleep)
    await platform.activate()
    call = await polled_call(crm, platform, ticks, wait_until)
    crm.on_get(answers.instruction(A.TRANSFER_DN, DN))
    await poll_once(crm, ticks, wait_until, call)
    await wait_until(lambda: kinds(crm, call.call_id).count(9) == 2)
    assert kinds(crm, call.call_id) == [1, 2, 3, 8, 9, 8, 9]
    assert field_of(crm, call.call_id, 8, "DN1") == ["79160000001", DN]
    assert field_of(crm, call.call_id, 9, "Result") == ["1280", "1280"]
    crm.on_get(answers.instruction(A.BACK_FROM_CONSULT_CALL))
    await poll_once(crm, ticks, wait_until, call)
    await wait_until(lambda: any(a.startswith("back from") for a in call.record.actions))
    call.caller_hangs_up()
    await call.ended()
    assert field_of(crm, call.call_id, 15, "DN1") == ["79160000001"]
    assert [where for where, _ in call.record.instructions] == ["GET", "GET"]


@pytest.mark.parametrize(
    ("action", "param", "expected", "ends"),
    [
        (A.TRANSFER_EXT, "4321", [10, 11], False),
        (A.TRANSFER_PBX, "PBX4951234", [8, 9], False),
        (A.TRANSFER_DN_REC, DN, [8, 9, 13], False),
        (A.TRANSFER_PBX_REC, "PBX4951234", [8, 9, 13], False),
        (A.HANGUP, "", [15], True),
        (A.PLAY_PROMPT, "bye", [15], True),
        (A.PLAY_PROMPT_AND_BACK, "wait", [], False),
        (A.PLAY_MENU_BLOCK, "menu", [], False),
        (A.PLAY_PROMPT_TO_OPERATOR, "late", [], False),
        (A.IGNORE_PROMPT_TO_OPERATOR, "", [], False),
        (A.BACK_FROM_CONSULT_CALL, "", [], False),
    ],
)
async def test_each_instruction_from_a_poll(
    crm: Any,
    make_platform: Any,
    answers: Any,
    ticks: Any,
    wait_until: Any,
    action: Action,
    param: str,
    expected: list[int],
    ends: bool,
) -> None:
    platform = make_platform(sleep=ticks.sleep)
    await platform.activate()
    call = await polled_call(crm, platform, ticks, wait_until)
    crm.on_get(answers.instruction(action, param))
    ticks.tick()
    await wait_until(lambda: len(call.record.instructions) == 1)
    await wait_until(lambda: kinds(crm, call.call_id)[5:] == expected)
    if ends:
        await call.ended()
        assert field_of(crm, call.call_id, 15, "Result") == ["0"]
    else:
        assert not call.is_over
        assert call.record.actions, action
        call.caller_hangs_up()
        await call.ended()
        assert kinds(crm, call.call_id)[-1] == 15


async def test_outgoing_polls_take_only_transfer_pbx_and_back_from_consult(
    crm: Any, make_platform: Any, answers: Any, ticks: Any, wait_until: Any
) -> None:
    platform = make_platform(sleep=ticks.sleep)
    await platform.activate()
    call = platform.start_call(SCENARIOS["outgoing"])
    await call.connected()
    crm.on_get(
        answers.instruction(A.TRANSFER_DN, DN), answers.instruction(A.TRANSFER_PBX, "8000495123")
    )
    ticks.tick(2)
    await wait_until(lambda: len(call.record.instructions) == 2)
    await wait_until(lambda: kinds(crm, call.call_id) == [1, 2, 8, 9, 8, 9])
    assert field_of(crm, call.call_id, 8, "DN1") == ["79161234567", "8000495123"]
    assert any(a.startswith("ignored TRANSFER_DN") for a in call.record.actions)
    call.caller_hangs_up()
    await call.ended()


async def test_a_crm_that_reroutes_at_every_prepare_to_connect_is_bounded(
    crm: Any, platform: FakePlatform, answers: Any
) -> None:
    crm.on_post(16, *[answers.instruction(A.TRANSFER_DN, DN) for _ in range(20)])
    call = await platform.run_call(notify_operator=True, talk=0)
    assert kinds(crm, call.call_id).count(16) == 9  # the first attempt and eight reroutes
    assert "ignored a transfer after 8 reroutes" in call.record.actions
    assert kinds(crm, call.call_id)[-2:] == [9, 15]
