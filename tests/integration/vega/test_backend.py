"""The Vega backend through a real Session, against the simulator: what the toolbar shows."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import pytest_asyncio

from agent_toolbar.backends.vega.adapter import VegaBackend, VegaConfig
from agent_toolbar.backends.vega.link import LinkConfig
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import (
    Feature,
    LinkKind,
    LinkState,
    Problem,
    Refusal,
    RefusalKind,
)
from agent_toolbar.cti.model import CallState, Direction, DisplayKind, NoticeKind, SessionState
from agent_toolbar.cti.outcomes import CommandFailure, EndResult, FailureReason
from agent_toolbar.cti.session import Session
from agent_toolbar.cti.transitions import CallRemoved, Transition
from agent_toolbar.cti.transport.backoff import Backoff
from agent_toolbar.screenpop.config import ScreenPopConfig
from agent_toolbar.screenpop.policy import ScreenPopPolicy
from agent_toolbar.simulators.vega.server import SimAuth, VegaSimulator

pytestmark = pytest.mark.asyncio

SEED_URL = "https://crm.example.com/contacts/7001"  # the priority-1 CRM of customer 0


class Rig:
    """A session over a real VegaBackend listening to the simulator."""

    def __init__(self, sim: VegaSimulator, backend: VegaBackend) -> None:
        self.sim, self.backend = sim, backend
        self.session = Session(backend)
        self.transitions: list[Transition] = []
        self.session.subscribe(lambda _o, _n, changes: self.transitions.extend(changes))
        self.task = asyncio.ensure_future(backend.run())

    async def until(
        self, predicate: Callable[[SessionState], bool], timeout: float = 10.0
    ) -> SessionState:
        async with asyncio.timeout(timeout):
            while not predicate(self.session.state):
                await asyncio.sleep(0.01)
        return self.session.state

    async def listening(self) -> None:
        await self.until(lambda s: s.connection.state is LinkState.CONNECTED)
        await self.sim.wait_for_clients()

    def removed(self) -> list[CallRemoved]:
        return [t for t in self.transitions if isinstance(t, CallRemoved)]

    async def close(self) -> None:
        await self.backend.stop()
        await asyncio.wait_for(self.task, 10)
        await self.session.close()


def make_backend(sim: VegaSimulator, **kw: Any) -> VegaBackend:
    link = LinkConfig(sim.url, headers=kw.pop("headers", {}))
    backoff = kw.pop("backoff", Backoff(0.05, 0.2, rng=random.Random(3)))
    config = VegaConfig(link=link, login="operator", extension=kw.pop("extension", "101"), **kw)
    return VegaBackend(config, backoff=backoff)


@pytest_asyncio.fixture
async def rig(sim: VegaSimulator) -> AsyncIterator[Rig]:
    made = Rig(sim, make_backend(sim))
    await made.listening()
    try:
        yield made
    finally:
        await made.close()


async def test_a_group_call_is_one_card_with_the_crm_contact(rig: Rig) -> None:
    parent, child = rig.sim.group_call("101", customer=0, priorities=(2, 1))
    state = await rig.until(lambda s: bool(s.calls))
    (call,) = state.calls.values()
    assert call.cid == parent and call.ringing and call.direction is Direction.IN
    assert call.display_name == "Тест (Рекламна агенція)" and call.number == "+380567777777"
    assert call.params["url"] == SEED_URL and call.params["sessionId"] == parent
    assert call.params["queue"] == "Відділ підтримки" and call.params["called"] == "567850550"
    assert call.params["otherLegs.0.url"].startswith("https://qwerty.pbx.vega.ua/")
    rig.sim.bridge(child)
    state = await rig.until(lambda s: s.calls[parent].state is CallState.CONNECTED)
    answered = state.calls[parent]
    assert answered.answered_at is not None and answered.state_since == answered.answered_at
    rig.sim.hangup(child)
    await rig.until(lambda s: not s.calls)
    (removed,) = rig.removed()
    assert removed.call.cid == parent and removed.call.result is EndResult.ANSWERED
    assert len(rig.session.state.calls) == 0  # closed by the PBX itself: no wrap-up


async def test_outgoing_internal_and_missed_calls(rig: Rig) -> None:
    out = rig.sim.outgoing_call("101", "+380441234567", customer=1)
    internal = rig.sim.internal_call("102", "101")
    state = await rig.until(lambda s: len(s.calls) == 2)
    assert state.calls[out].direction is Direction.OUT and not state.calls[out].ringing
    assert state.calls[out].number == "+380441234567"
    assert state.calls[internal].direction is Direction.INTERNAL and state.calls[internal].ringing
    assert state.calls[internal].display_name == "Андрій Шевченко"
    assert state.calls[internal].number == "102"
    rig.sim.hangup(out)
    rig.sim.hangup(internal)
    await rig.until(lambda s: not s.calls)
    results = {r.call.cid: r.call.result for r in rig.removed()}
    assert results == {out: EndResult.NO_ANSWER, internal: EndResult.MISSED}


async def test_other_employees_calls_never_reach_the_session(rig: Rig) -> None:
    rig.sim.incoming_call("102")
    rig.sim.ivr_call()
    rig.sim.group_dial("500")
    mine = rig.sim.incoming_call("101")
    state = await rig.until(lambda s: bool(s.calls))
    assert list(state.calls) == [mine]


async def test_pause_is_shown_and_cannot_be_changed(rig: Rig) -> None:
    caps = rig.session.state.capabilities
    assert caps.state_read_only and caps.refusal(Feature.CHANGE_STATE) == Refusal(
        RefusalKind.READ_ONLY
    )
    assert caps.refusal(Feature.ANSWER) == Refusal(RefusalKind.EVENTS_ONLY) and not caps.wrapup
    rig.sim.pause("101")
    await rig.until(lambda s: s.agent.display.kind is DisplayKind.AWAY)
    rig.sim.unpause("101")
    await rig.until(lambda s: s.agent.display.kind is DisplayKind.NORMAL)
    failure = await rig.session.execute(it.ChangeState("away"))
    assert failure == CommandFailure(FailureReason.UNSUPPORTED)


async def test_error_events_reach_the_operator(rig: Rig) -> None:
    uuid = rig.sim.incoming_call("101")
    rig.sim.error("CRM недоступна", uuid)
    state = await rig.until(lambda s: bool(s.notices))
    notice = state.notices[-1]
    assert (notice.text, notice.kind, notice.cid) == ("CRM недоступна", NoticeKind.VENDOR, uuid)


async def test_the_status_says_listening_and_when_the_last_event_came(rig: Rig) -> None:
    status = rig.session.state.connection
    assert status.kind is LinkKind.STREAM and status.last_event_at is not None
    assert status.server == rig.sim.url


async def test_the_crm_url_pops_once_across_reconnects(rig: Rig) -> None:
    opened: list[str] = []
    policy = ScreenPopPolicy(
        ScreenPopConfig(open_call_url=True, allowed_hosts=("crm.example.com",)),
        lambda url, cid: opened.append(url),
    )
    rig.session.subscribe(policy.listener)
    parent, child = rig.sim.group_call("101", priorities=(2, 1))
    await rig.until(lambda s: bool(s.calls))
    for step in (rig.sim.bridge, rig.sim.hangup):  # each after a reconnect, the url again
        await rig.sim.drop_all_connections()
        await rig.until(lambda s: s.connection.state is LinkState.RECONNECTING)
        await rig.listening()
        step(child)
        await rig.until(lambda s: parent not in s.calls or s.calls[parent].answered)
    await rig.until(lambda s: not s.calls)
    assert opened == [SEED_URL]
    policy.close()


async def test_calls_not_heard_of_after_a_reconnect_expire(sim: VegaSimulator) -> None:
    rig = Rig(sim, make_backend(sim, expire_after=0.3))
    try:
        await rig.listening()
        lost = sim.incoming_call("101")
        await rig.until(lambda s: bool(s.calls))
        sim.refuse_connections(30)
        await sim.drop_all_connections()
        sim.hangup(lost)  # never seen: the connection is down
        sim.refuse_connections(0)
        await rig.listening()
        await rig.until(lambda s: not s.calls)
        (removed,) = rig.removed()
        assert removed.vanished and removed.call.result is EndResult.UNKNOWN
    finally:
        await rig.close()


async def test_reconnects_are_jittered_and_capped(sim: VegaSimulator) -> None:
    rig = Rig(sim, make_backend(sim, backoff=Backoff(0.05, 0.2, floor=0.001, rng=random.Random(7))))
    try:
        await rig.listening()
        sim.refuse_connections(30)
        await sim.drop_all_connections()
        await rig.until(lambda s: s.connection.attempt >= 5)
        sim.refuse_connections(0)
        await rig.listening()
        delays = rig.backend.delays
        ceilings = [min(0.2, 0.05 * 2 ** (n - 1)) for n in range(1, len(delays) + 1)]
        assert len(delays) >= 5 and all(d <= c for d, c in zip(delays, ceilings, strict=True))
        assert len(set(delays)) == len(delays)  # jitter: no two waits alike
        assert rig.session.state.connection.problem is None
    finally:
        await rig.close()


async def test_bad_credentials_fail_once_and_are_not_retried() -> None:
    async with VegaSimulator(auth=SimAuth("bearer", "right")) as sim:
        rig = Rig(sim, make_backend(sim, headers={"Authorization": "Bearer wrong"}))
        try:
            state = await rig.until(lambda s: s.connection.state is LinkState.FAILED)
            assert state.connection.problem is Problem.BAD_CREDENTIALS
            assert "401" in (state.connection.reason or "") and state.connection.retry_at is None
            assert sim.connections == 0 and rig.backend.delays == []
        finally:
            await rig.close()


async def test_good_credentials_listen() -> None:
    async with VegaSimulator(auth=SimAuth("bearer", "right")) as sim:
        rig = Rig(sim, make_backend(sim, headers={"Authorization": "Bearer right"}))
        try:
            await rig.listening()
            uuid = sim.incoming_call("101")
            await rig.until(lambda s: uuid in s.calls)
        finally:
            await rig.close()


async def test_garbage_and_oversize_frames_are_survived(rig: Rig) -> None:
    rig.sim.send_raw("{garbage")
    rig.sim.send_raw('{"event": "call.dial", "uuid": "x", "lgDirection": "in"}')
    rig.sim.send_raw('{"event": "error", "message": "' + "x" * 70_000 + '"}')
    await rig.until(lambda s: s.connection.state is not LinkState.CONNECTED)
    await rig.listening()
    uuid = rig.sim.incoming_call("101")
    await rig.until(lambda s: uuid in s.calls)
    assert sum(rig.backend.stream.rejected.values()) == 2
