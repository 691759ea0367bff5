"""Vega over real sockets: each event and direction, each filter rule, CRM choice, times."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from agent_toolbar.backends.vega.legs import CrmOrder, Role
from agent_toolbar.backends.vega.tracker import (
    CallChanged,
    CallEnded,
    Direction,
    EndReason,
    ErrorReported,
    PauseChanged,
    Phase,
    PopUrl,
)
from agent_toolbar.simulators.vega.server import VegaSimulator

from .conftest import Listen, Listener

pytestmark = pytest.mark.asyncio

Sent = Callable[[VegaSimulator], list[dict[str, Any]]]


async def ended(listener: Listener, key: str) -> CallEnded:
    await listener.wait_for(lambda: any(e.call.key == key for e in listener.of(CallEnded)))
    found: CallEnded = next(e for e in listener.of(CallEnded) if e.call.key == key)
    return found


async def seen(listener: Listener, key: str) -> None:
    await listener.wait_for(lambda: any(c.call.key == key for c in listener.of(CallChanged)))


def keys(listener: Listener) -> set[str]:
    return {change.call.key for change in listener.of(CallChanged)}


async def test_every_field_of_the_seed_goes_over_the_wire(sim: VegaSimulator, sent: Sent) -> None:
    parent, child = sim.group_call("101")
    frames = sent(sim)
    assert [f["uuid"] for f in frames] == [parent, child]
    fields = {
        "event", "uuid", "parentUuid", "lgDirection", "leg", "leg2", "otherLegs", "dialAt",
        "bridgeAt", "serverTime", "trunkNum", "trunkName",
    }  # fmt: skip
    assert set(frames[1]) == fields and frames[1]["parentUuid"] == parent
    assert set(frames[1]["leg"]) == {"id", "type", "ext", "displayName"}
    assert set(frames[1]["otherLegs"][0]) == {"id", "name", "num", "companyName", "url", "priority"}
    assert frames[0]["leg"]["type"] == 2 and frames[1]["leg"]["type"] == 1


async def test_a_group_call_distributed_to_us_is_one_call_through_its_life(
    sim: VegaSimulator, listen: Listen
) -> None:
    us = await listen(sim)
    parent, child = sim.group_call("101", customer=0, priorities=(2, 1))
    await seen(us, parent)
    ringing = us.of(CallChanged)[0].call
    assert ringing.key == parent and ringing.uuid == child and ringing.phase is Phase.RINGING
    assert (ringing.direction, ringing.role) == (Direction.INCOMING, Role.CALLEE)
    assert (ringing.name, ringing.company) == ("Тест", "Рекламна агенція")
    assert ringing.group == "Відділ підтримки" and ringing.trunk_num == "567850550"
    sim.bridge(child)
    await us.wait_for(lambda: us.tracker.calls[0].phase is Phase.CONNECTED)
    sim.hangup(child)
    call = (await ended(us, parent)).call
    assert call.end_reason is EndReason.ANSWERED and call.bridge_at is not None
    assert [pop.key for pop in us.of(PopUrl)] == [parent]  # one pop for the pair
    assert keys(us) == {parent} and us.tracker.calls == ()


async def test_outgoing_call(sim: VegaSimulator, listen: Listen) -> None:
    us = await listen(sim)
    uuid = sim.outgoing_call("101", "+380441234567", customer=1)
    await seen(us, uuid)
    call = us.of(CallChanged)[0].call
    assert (call.direction, call.phase, call.number) == (
        Direction.OUTGOING,
        Phase.DIALLING,
        "+380441234567",
    )
    assert call.name == "Ірина Мельник"
    sim.hangup(uuid)
    assert (await ended(us, uuid)).call.end_reason is EndReason.NO_ANSWER


@pytest.mark.parametrize(
    ("caller", "callee", "phase"), [("101", "102", "dialling"), ("102", "101", "ringing")]
)
async def test_internal_call_from_either_side(
    sim: VegaSimulator, listen: Listen, caller: str, callee: str, phase: str
) -> None:
    us = await listen(sim)
    uuid = sim.internal_call(caller, callee)
    await seen(us, uuid)
    call = us.of(CallChanged)[0].call
    assert call.direction is Direction.INTERNAL and call.phase is Phase(phase)
    assert (call.number, call.name) == ("102", "Андрій Шевченко")
    assert call.trunk_num is None and call.other_legs == ()
    sim.bridge(uuid)
    sim.hangup(uuid)
    assert (await ended(us, uuid)).call.end_reason is EndReason.ANSWERED


async def test_calls_of_colleagues_groups_and_the_ivr_never_show(
    sim: VegaSimulator, listen: Listen
) -> None:
    us = await listen(sim)
    colleague = sim.incoming_call("102")
    sim.bridge(colleague)
    between_colleagues = sim.internal_call("102", "911")
    to_group_only = sim.group_dial("500")
    ivr = sim.ivr_call()
    distributed_elsewhere = sim.distribute(to_group_only, "911")
    for uuid in (colleague, between_colleagues, ivr, distributed_elsewhere):
        sim.hangup(uuid)
    sentinel = sim.incoming_call("101")  # frames arrive in order: after it, all were seen
    await seen(us, sentinel)
    assert keys(us) == {sentinel} and us.rejected == []


async def test_a_group_call_taken_by_a_colleague_ends_answered_elsewhere(
    sim: VegaSimulator, listen: Listen
) -> None:
    us = await listen(sim)
    parent = sim.group_dial("500")
    mine = sim.distribute(parent, "101")
    theirs = sim.distribute(parent, "102")
    await seen(us, parent)
    sim.bridge(theirs)  # the simulator then stops ringing us
    call = (await ended(us, parent)).call
    assert call.uuid == mine and call.end_reason is EndReason.ANSWERED_ELSEWHERE


async def test_a_missed_group_call(sim: VegaSimulator, listen: Listen) -> None:
    us = await listen(sim)
    parent, child = sim.group_call("101")
    sim.hangup(parent)  # the customer gives up
    assert (await ended(us, parent)).call.end_reason is EndReason.MISSED
    assert child in {e.call.uuid for e in us.of(CallEnded)}


@pytest.mark.parametrize(
    ("order", "expected"),
    [(CrmOrder.LOWEST, "https://crm.example.com/contacts/7001"),
     (CrmOrder.HIGHEST, "https://qwerty.pbx.vega.ua/features/crm/contacts/edit.jsp#/?id=29")],
)  # fmt: skip
async def test_the_crm_is_chosen_by_priority(
    sim: VegaSimulator, listen: Listen, order: CrmOrder, expected: str
) -> None:
    us = await listen(sim, crm_order=order)
    uuid = sim.incoming_call("101", customer=0, priorities=(3, 1, 2))
    await us.wait_for(lambda: bool(us.of(PopUrl)))
    (pop,) = us.of(PopUrl)
    assert pop.url == expected and pop.call.params["url"] == expected
    params = pop.call.params
    assert {params[f"otherLegs.{i}.priority"] for i in range(3)} == {"1", "2", "3"}
    assert params["otherLegs.2.url"] == "https://helpdesk.example.org/customers/c-29"
    assert pop.key == uuid


async def test_an_unknown_client_pops_the_new_client_link(
    sim: VegaSimulator, listen: Listen
) -> None:
    us = await listen(sim)
    uuid = sim.incoming_call("101", customer=None, priorities=(1, 2))
    await us.wait_for(lambda: bool(us.of(PopUrl)))
    call = us.of(CallChanged)[0].call
    assert call.key == uuid and call.name is None and call.company is None
    assert call.number == "+380931230000"
    assert us.of(PopUrl)[0].url.endswith("edit.jsp#/?phone=380931230000")


async def test_a_known_client_beats_a_new_client_link_of_a_higher_priority(
    sim: VegaSimulator, listen: Listen
) -> None:
    us = await listen(sim)
    sim.incoming_call("101", customer=2, priorities=(2, 1))  # CRM 2 does not know Petro
    await us.wait_for(lambda: bool(us.of(PopUrl)))
    assert (
        us.of(PopUrl)[0].url == "https://qwerty.pbx.vega.ua/features/crm/contacts/edit.jsp#/?id=45"
    )
    assert us.of(CallChanged)[0].call.name == "Петро Бондар"


async def test_pause_and_unpause_are_ours_only(sim: VegaSimulator, listen: Listen) -> None:
    us = await listen(sim)
    sim.pause("102")
    sim.pause("101")
    await us.wait_for(lambda: bool(us.of(PauseChanged)))
    sim.unpause("102")
    sim.unpause("101")
    await us.wait_for(lambda: len(us.of(PauseChanged)) == 2)
    assert [p.paused for p in us.of(PauseChanged)] == [True, False]
    assert us.tracker.paused is False and us.tracker.calls == ()


async def test_an_error_event_reaches_us_with_its_text(sim: VegaSimulator, listen: Listen) -> None:
    us = await listen(sim)
    uuid = sim.incoming_call("101")
    sim.error("CRM недоступна", uuid)
    sim.error("Загальна помилка")
    await us.wait_for(lambda: len(us.of(ErrorReported)) == 2)
    assert us.of(ErrorReported) == [
        ErrorReported("CRM недоступна", uuid),
        ErrorReported("Загальна помилка", None),
    ]


async def test_server_time_as_a_string(sim: VegaSimulator, listen: Listen, sent: Sent) -> None:
    us = await listen(sim)
    uuid = sim.incoming_call("101", server_time_as_string=True)
    await seen(us, uuid)
    assert isinstance(sent(sim)[-1]["serverTime"], str)
    assert us.tracker.clock.samples == 1 and us.rejected == []


@pytest.mark.parametrize("skew_ms", [-3_600_000, 90_000])
async def test_timers_are_corrected_for_the_pbx_clock(
    sim: VegaSimulator, listen: Listen, skew_ms: int
) -> None:
    import time

    us = await listen(sim)
    sim.set_clock_offset(skew_ms)  # the PBX's clock is an hour behind, or 90 s ahead
    before = time.time()
    uuid = sim.incoming_call("101", server_time_as_string=skew_ms > 0)
    sim.bridge(uuid)
    await us.wait_for(lambda: bool(us.tracker.calls) and us.tracker.calls[0].bridge_at is not None)
    after = time.time()
    call = us.tracker.calls[0]
    assert call.dial_at is not None and call.bridge_at is not None
    # Skew-corrected, the PBX's stamps fall inside our own window (delays only shift later).
    assert before - 0.05 <= call.dial_at <= call.bridge_at <= after + 0.05
    assert -skew_ms - 2 <= us.tracker.clock.offset_ms <= -skew_ms + 10_000
