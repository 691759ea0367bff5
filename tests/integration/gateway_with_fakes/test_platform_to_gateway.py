"""The fake Autosecretary platform against the real gateway: activation, calls, instructions."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import pytest

from agent_toolbar.simulators.autosecretary import (
    SCENARIOS,
    Action,
    EventType,
    FakePlatform,
)
from agent_toolbar.simulators.autosecretary.cli import main

pytestmark = pytest.mark.asyncio
IVANOVA_DN, PETROV_DN, ELSEWHERE = "74951112233", "74951112244", "74957654321"


def card_id(call: Any) -> str:
    return f"as:{call.call_id}"


def received(platform: FakePlatform, call: Any, action: Action) -> list[Any]:
    """The exchanges of ``call`` whose answer carried ``action``."""
    return [
        ex
        for ex in call.exchanges()
        if ex.instruction is not None and ex.instruction.action == action
    ]


async def test_activation_passes(make_platform: Any) -> None:
    activation = await make_platform(un="74950665310").activate()
    assert activation.ok, activation.reasons


async def test_a_call_reaches_only_its_operator_with_an_exact_call_id(
    platform: FakePlatform, toolbar: Any
) -> None:
    ivanova, petrov = await toolbar("ivanova"), await toolbar("petrov")
    call = platform.start_call(dn=(IVANOVA_DN,))
    assert call.call_id > 2**53
    card = await ivanova.card(card_id(call), state="ringing")
    assert card["params"]["CallID"] == str(call.call_id)
    await call.connected()
    await ivanova.card(card_id(call), state="connected")
    await asyncio.sleep(0.1)  # a few polls, all "nothing to do"
    call.caller_hangs_up()
    await call.ended()
    ended = await ivanova.card(card_id(call), state="ended")
    assert ended["result"]["category"] == "caller_hung_up"
    assert call.record.polls >= 2 and call.record.polling_stopped is None
    assert call.record.stopped is None
    await petrov.settle()
    assert petrov.cards(card_id(call)) == []


@pytest.mark.parametrize("result", ["1280", "1284", "1289"])
async def test_transfer_dn_from_the_toolbar_arrives_once_and_its_result_comes_back(
    platform: FakePlatform, toolbar: Any, result: str
) -> None:
    ivanova = await toolbar("ivanova")
    call = platform.start_call(dn=(IVANOVA_DN,))
    await call.connected()
    await ivanova.card(card_id(call), state="connected")
    call.set_transfer_results(result)
    queued = await ivanova.instruct(card_id(call), "TransferDN", ELSEWHERE)
    assert queued["status"] == "queued"
    await ivanova.instruction(id=queued["id"], status="delivered", channel="poll")
    done = await ivanova.instruction(id=queued["id"], status="result")
    assert done["result"]["code"] == result
    # The platform got it exactly once, by a poll, and made the transfer it asked for.
    got = received(platform, call, Action.TRANSFER_DN)
    assert [(ex.method, ex.instruction.param) for ex in got] == [("GET", ELSEWHERE)]
    transfers = [e for e in call.record.events if e["EventType"] == EventType.TRANSFER]
    assert [(e["DN1"], e["Result"]) for e in transfers] == [
        (IVANOVA_DN, "1280"),
        (ELSEWHERE, result),
    ]
    await asyncio.sleep(0.1)  # more polls: nothing more to do
    call.caller_hangs_up()
    await call.ended()
    assert len(received(platform, call, Action.TRANSFER_DN)) == 1


async def test_an_instruction_before_the_operator_travels_in_a_post_answer(
    platform: FakePlatform, toolbar: Any
) -> None:
    ivanova, petrov = await toolbar("ivanova"), await toolbar("petrov")
    call = platform.start_call(dn=(IVANOVA_DN,), hold_before=EventType.HELLO_MESSAGE)
    await call.held()
    await ivanova.card(card_id(call), state="ringing")
    queued = await ivanova.instruct(card_id(call), "TransferEXT", "2642")
    call.release()
    await ivanova.instruction(id=queued["id"], status="delivered", channel="answer:3")
    assert await call.connected()
    # Routed to petrov's extension, and petrov's toolbar has the call.
    assert [e["EXT1"] for e in call.record.events if e["EventType"] == 11] == ["2642"]
    await petrov.card(card_id(call), state="connected")
    call.caller_hangs_up()
    await call.ended()
    assert [ex.method for ex in received(platform, call, Action.TRANSFER_EXT)] == ["POST"]


async def test_hangup_from_the_toolbar_ends_the_call(platform: FakePlatform, toolbar: Any) -> None:
    ivanova = await toolbar("ivanova")
    call = platform.start_call(dn=(IVANOVA_DN,))
    await call.connected()
    await ivanova.card(card_id(call), state="connected")
    await ivanova.instruct(card_id(call), "Hangup")
    record = await call.ended()
    assert record.end == 0
    await ivanova.card(card_id(call), state="ended")


async def test_consult_and_back_from_consultation(platform: FakePlatform, toolbar: Any) -> None:
    ivanova = await toolbar("ivanova")
    call = platform.start_call(dn=(IVANOVA_DN,))
    await call.connected()
    await ivanova.card(card_id(call), state="connected")
    first = await ivanova.instruct(card_id(call), "TransferDN", ELSEWHERE)
    await ivanova.instruction(id=first["id"], status="result")
    back = await ivanova.instruct(card_id(call), "BackFromConsultCall")
    await ivanova.instruction(id=back["id"], status="delivered")
    async with asyncio.timeout(5):
        while not any(a.startswith("back from") for a in call.record.actions):
            await asyncio.sleep(0.01)
    call.caller_hangs_up()
    await call.ended()


async def test_an_instruction_still_queued_at_end_call_expires(
    make_platform: Any, toolbar: Any
) -> None:
    never: asyncio.Event = asyncio.Event()

    async def no_polls(_seconds: float) -> None:
        await never.wait()

    platform = make_platform(sleep=no_polls)
    await platform.activate()
    ivanova = await toolbar("ivanova")
    call = platform.start_call(dn=(IVANOVA_DN,))
    await call.connected()
    await ivanova.card(card_id(call), state="connected")
    queued = await ivanova.instruct(card_id(call), "TransferDN", ELSEWHERE)
    call.caller_hangs_up()
    await call.ended()
    await ivanova.instruction(id=queued["id"], status="expired")
    assert received(platform, call, Action.TRANSFER_DN) == []


async def test_every_scenario_is_answered_200_and_well_formed(
    platform: FakePlatform, toolbar: Any
) -> None:
    ivanova = await toolbar("ivanova")
    for name, script in SCENARIOS.items():
        dn = (IVANOVA_DN,) if len(script.dn) == 1 else (IVANOVA_DN, PETROV_DN)
        call = platform.start_call(script, dn=dn, talk=0.06)
        if name == "ivr":
            await call.connected()
            call.operator_transfers("2642")
            call.operator_hangs_up()
        record = await call.ended()
        assert record.stopped is None and record.polling_stopped is None, name
        verdicts = {ex.verdict for ex in call.exchanges()}
        assert verdicts <= {"nothing", "not analysed"}, (name, verdicts)
        assert all(ex.status == 200 for ex in call.exchanges()), name
    await ivanova.settle()


async def test_outgoing_service(platform: FakePlatform, toolbar: Any) -> None:
    ivanova = await toolbar("ivanova")
    call = platform.start_call(SCENARIOS["outgoing"], an="0052002651", dn=(ELSEWHERE,))
    await call.connected()
    card = await ivanova.card(card_id(call))
    assert card["params"]["CallID"] == str(call.call_id)
    queued = await ivanova.instruct(card_id(call), "TransferPBX", "80004951112233123")
    await ivanova.instruction(id=queued["id"], status="delivered")
    async with asyncio.timeout(5):
        while len([e for e in call.record.events if e["EventType"] == 9]) < 2:
            await asyncio.sleep(0.01)
    call.caller_hangs_up()
    await call.ended()
    assert [ex.method for ex in received(platform, call, Action.TRANSFER_PBX)] == ["GET"]


async def test_the_cli_against_the_gateway(
    gw: Any, credentials: tuple[str, str], tmp_path: Path, capsys: Any
) -> None:
    secret = tmp_path / "password"
    secret.write_text(credentials[1])
    os.chmod(secret, 0o600)
    argv = ["--url", gw.crm_base_url, "--user", credentials[0], "--password-file", str(secret)]
    argv += ["--scenario", "ivr", "--calls", "2", "--talk", "0.05", "--poll-interval", "0.01"]
    assert await asyncio.to_thread(main, argv) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["activation"] is True
    assert all(line["stopped"] is None and line["end"] == 1 for line in lines[1:])


@pytest.mark.parametrize(
    ("action", "param"),
    [("TransferDN", ELSEWHERE), ("TransferEXT", "4321")],
)
async def test_a_consultation_shows_on_the_card(
    platform: FakePlatform, toolbar: Any, action: str, param: str
) -> None:
    ivanova = await toolbar("ivanova")
    call = platform.start_call(dn=(IVANOVA_DN,))
    await call.connected()
    await ivanova.card(card_id(call), state="connected")
    queued = await ivanova.instruct(card_id(call), action, param)
    done = await ivanova.instruction(id=queued["id"], status="result")
    assert done["result"]["code"] == "1280"
    await ivanova.settle()
    card = ivanova.calls[card_id(call)]
    assert card["transfer"] is not None and card["transfer"]["target"] == param
    call.caller_hangs_up()
    await call.ended()
