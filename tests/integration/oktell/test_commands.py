"""Commands through the Oktell commander against the simulator: method choice and confirmation."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import pytest_asyncio

from agent_toolbar.backends.oktell.api import FlashMode, OktellApi, ReasonId, ReasonText
from agent_toolbar.backends.oktell.commands import (
    Commander,
    Outcome,
    Pending,
    Refusal,
    Refused,
    StateWord,
)
from agent_toolbar.backends.oktell.diff import CallPhase, Differ
from agent_toolbar.backends.oktell.poller import Poller
from agent_toolbar.simulators.oktell import Simulator

from .conftest import LOGIN

pytestmark = pytest.mark.asyncio


@dataclass
class Line:
    sim: Simulator
    differ: Differ
    poller: Poller
    commander: Commander
    outcomes: list[Outcome]

    async def poll(self, times: int = 1) -> list[Outcome]:
        got: list[Outcome] = []
        for _ in range(times):
            assert await self.poller.poll_once() is None
            got.extend(self.commander.observe())
        self.outcomes.extend(got)
        return got

    async def ringing(self, caller: str = "+79161234567") -> str:
        call_id = self.sim.inject_call(LOGIN, caller=caller)
        await self.poll()
        return call_id

    async def talking(self) -> str:
        call_id = await self.ringing()
        self.sim.answer_elsewhere(LOGIN, call_id)
        await self.poll()
        return call_id


@pytest_asyncio.fixture
async def line(sim: Simulator, api: OktellApi) -> AsyncIterator[Line]:
    differ = Differ(LOGIN)
    poller = Poller(api, differ, on_changes=lambda c: None, on_status=lambda s: None)
    yield Line(sim, differ, poller, Commander(api, differ), [])


def confirmed(outcomes: list[Outcome], action: str) -> bool:
    return any(o.confirmed and o.pending.action == action for o in outcomes)


async def test_answer_is_confirmed_by_the_next_poll(line: Line) -> None:
    refused = await line.commander.answer("nope")
    assert isinstance(refused, Refused) and refused.reason is Refusal.NO_SUCH_CALL
    call_id = await line.ringing()
    pending = await line.commander.answer(call_id)
    assert isinstance(pending, Pending) and pending.method == "wp_answercall"
    assert confirmed(await line.poll(), "answer")
    again = await line.commander.answer(call_id)
    assert isinstance(again, Refused) and again.reason is Refusal.WRONG_PHASE


async def test_hang_up_splits_by_call_phase(line: Line) -> None:
    ringing = await line.ringing()
    pending = await line.commander.hangup(ringing)
    assert isinstance(pending, Pending) and pending.method == "wp_declinecall"
    await line.sim.wait_for_command("wp_declinecall")
    assert confirmed(await line.poll(), "hangup")
    talking = await line.talking()
    pending = await line.commander.hangup(talking)
    assert isinstance(pending, Pending) and pending.method == "wp_abortcall"
    assert confirmed(await line.poll(), "hangup")
    assert line.sim.command_count("wp_abortcall") == 1


async def test_hold_resume_transfer_swap_and_complete(line: Line) -> None:
    first = await line.talking()
    assert isinstance(await line.commander.hold(first), Pending)
    assert confirmed(await line.poll(), "hold")
    assert isinstance(await line.commander.resume(first), Pending)
    assert confirmed(await line.poll(), "resume")
    assert (await line.sim.wait_for_command("wp_flash")).params.get("mode") is None
    pending = await line.commander.transfer(first, "200")
    assert isinstance(pending, Pending) and pending.method == "wp_switchcall"
    assert confirmed(await line.poll(), "transfer")
    second = next(c for c in line.differ.calls.values() if c.call_id != first)
    line.sim.answer_elsewhere(LOGIN, second.call_id)
    await line.poll()
    busy = await line.commander.hangup(first)  # held behind the consultation call
    assert isinstance(busy, Refused) and busy.reason is Refusal.BEHIND_ANOTHER
    assert isinstance(await line.commander.resume(first), Pending)  # a swap
    assert confirmed(await line.poll(), "swap")
    assert line.differ.calls[second.call_id].phase is CallPhase.HELD
    assert isinstance(await line.commander.flash(FlashMode.SWITCH), Pending)
    assert confirmed(await line.poll(), "flash_switch")
    assert isinstance(await line.commander.complete_transfer(), Pending)
    assert confirmed(await line.poll(), "transfer_complete")
    assert line.differ.calls == {}


async def test_flash_abort_returns_to_the_held_party(line: Line) -> None:
    first = await line.talking()
    await line.commander.transfer(first, "201")
    await line.poll()
    assert isinstance(await line.commander.flash(FlashMode.ABORT), Pending)
    assert confirmed(await line.poll(), "flash_abort")
    assert line.differ.calls[first].phase is CallPhase.CONNECTED


async def test_a_direct_dial_waits_for_the_callback(line: Line) -> None:
    pending = await line.commander.dial("+74950000000")
    assert isinstance(pending, Pending)
    assert await line.poll(5) == [] and pending.deferred  # not failed: the number still rings
    far = line.sim.operator(LOGIN).calls[0]
    line.sim.answer_elsewhere(LOGIN, far.commutation_id)
    assert confirmed(await line.poll(), "dial")
    (call,) = line.differ.calls.values()
    assert (call.phase, call.outgoing, call.callback) == (CallPhase.RINGING, True, True)
    refused = await line.commander.dial("  ")
    assert isinstance(refused, Refused) and refused.reason is Refusal.BAD_NUMBER


async def test_break_with_a_reason_is_confirmed_by_the_state(line: Line) -> None:
    await line.poll()
    assert isinstance(await line.commander.set_state(StateWord.BREAK, ReasonId(1001)), Pending)
    record = await line.sim.wait_for_command("wp_setuserstate")
    assert record.params == {"user": LOGIN, "onlunch": "1", "lunchreasonid": "1001"}
    assert confirmed(await line.poll(), "state")
    await line.commander.set_state(StateWord.READY)
    record = await line.sim.wait_for_command("wp_setuserstate")
    assert record.params == {"user": LOGIN, "onlunch": "0", "userstateid": "1"}
    assert confirmed(await line.poll(), "state")


async def test_an_impossible_break_is_not_confirmed_after_three_polls(line: Line) -> None:
    line.sim.set_user_state(LOGIN, 1, callcenter=False)
    await line.poll()
    pending = await line.commander.set_state(StateWord.BREAK, ReasonText("Врач"))
    assert isinstance(pending, Pending)  # the server said 200
    assert await line.poll(2) == []
    (outcome,) = await line.poll()
    assert outcome.pending is pending and not outcome.confirmed


async def test_a_break_during_a_call_is_deferred_until_the_line_is_free(line: Line) -> None:
    call_id = await line.talking()
    pending = await line.commander.set_state(StateWord.BREAK, ReasonId(1002))
    assert isinstance(pending, Pending)
    assert await line.poll(5) == [] and pending.deferred
    line.sim.end_call_remote(LOGIN, call_id)
    assert confirmed(await line.poll(), "state")


async def test_what_oktell_cannot_do_is_refused_with_its_reason(line: Line) -> None:
    for feature, words in [
        ("mute", "mute"),
        ("dtmf", "DTMF"),
        ("conference", "conference"),
        ("call_params", "call parameters"),
        ("secure", "secure mode"),
    ]:
        refused = line.commander.refuse(feature)
        assert refused.reason is Refusal.NOT_SUPPORTED and words in refused.detail
