"""Screen-pop against the simulator over real sockets: late params, triggers, reconnects."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any

import pytest
import pytest_asyncio

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import LinkState
from agent_toolbar.cti.model import CallState
from agent_toolbar.cti.session import Session
from agent_toolbar.screenpop.config import ScreenPopConfig, Trigger
from agent_toolbar.screenpop.policy import PopKind, ScreenPopPolicy
from agent_toolbar.simulators.naumen.simulator import SimTimings, Simulator

if TYPE_CHECKING:
    from tests.conftest import Attach, Until

pytestmark = pytest.mark.asyncio
LOGIN = "operator"
CARD = "https://crm.example.com/card?phone={caller}&sid={sessionId}&client={params.ClientId}"

Reconnect = Callable[[Simulator, Session], Awaitable[None]]
Ring = Callable[..., Awaitable[str]]


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator("idle", timings=SimTimings.fast(ring_timeout=None), seed=11) as simulator:
        yield simulator


class Popper:
    """A policy with the real asyncio timers, recording what it would open."""

    def __init__(self, **config: Any) -> None:
        values: dict[str, Any] = {"template": CARD, "wait_ms": 5000, **config}
        self.opened: list[tuple[str, str]] = []
        self.policy = ScreenPopPolicy(
            ScreenPopConfig(**values), lambda url, cid: self.opened.append((url, cid))
        )

    def urls(self, cid: str) -> list[str]:
        return [url for url, c in self.opened if c == cid]


@pytest.fixture
def reconnect(until: Until) -> Reconnect:
    """``await reconnect(sim, session)``: the server drops the link; back, synced, settled."""

    async def again(sim: Simulator, session: Session) -> None:
        await sim.drop_all_connections()
        await until(session, lambda s: s.connection.state is not LinkState.CONNECTED)
        await until(session, lambda s: s.connection.state is LinkState.CONNECTED and s.synced)
        await session.execute(it.SetActive("no-such-call"))  # a full round trip after the resync

    return again


@pytest.fixture
def ring(until: Until) -> Ring:
    """``cid = await ring(sim, session, client)``: a call of that CRM client rings; its cid
    once the session has it."""

    async def rung(sim: Simulator, session: Session, client: str = "CL-100500") -> str:
        cid = sim.inject_call(LOGIN, caller="+79161234567", params={"ClientId": client})
        await until(session, lambda s: cid in s.calls)
        return cid

    return rung


def expected(session: Session, cid: str) -> str:
    call = session.state.calls[cid]
    return (
        f"https://crm.example.com/card?phone=%2B79161234567&sid={call.session_id}&client=CL-100500"
    )


async def test_late_params_pop_once_with_the_complete_url(
    sim: Simulator, attached: Attach, until: Until
) -> None:
    popper = Popper()
    async with attached(sim, listeners=[popper.policy.listener]) as session:
        cid = sim.inject_call(
            LOGIN, caller="+79161234567", params={"ClientId": "CL-100500"}, params_later=0.3
        )
        state = await until(session, lambda s: cid in s.calls)
        assert not state.calls[cid].session_id  # NewCall came without params
        assert popper.opened == []
        assert popper.policy.waiting(cid)
        await until(session, lambda s: bool(s.calls[cid].session_id))
        assert popper.urls(cid) == [expected(session, cid)]
        assert await session.execute(it.Answer(cid)) is None
        sim.end_call_remote(LOGIN, cid)
        await until(session, lambda s: s.calls[cid].state is CallState.ENDED)
        assert len(popper.opened) == 1


async def test_ring_trigger_pops_while_it_rings(
    sim: Simulator, attached: Attach, until: Until
) -> None:
    popper = Popper(trigger=Trigger.RING)
    async with attached(sim, listeners=[popper.policy.listener]) as session:
        cid = sim.inject_call(LOGIN, caller="+79161234567", params={"ClientId": "CL-100500"})
        state = await until(session, lambda s: cid in s.calls)
        assert state.calls[cid].ringing
        assert popper.urls(cid) == [expected(session, cid)]
        assert await session.execute(it.Answer(cid)) is None
        assert len(popper.opened) == 1


async def test_answer_trigger_pops_on_answer_only(
    sim: Simulator, attached: Attach, until: Until, ring: Ring
) -> None:
    popper = Popper(trigger=Trigger.ANSWER)
    async with attached(sim, listeners=[popper.policy.listener]) as session:
        cid = await ring(sim, session)
        assert popper.opened == []
        assert await session.execute(it.Answer(cid)) is None
        await until(session, lambda s: s.calls[cid].state is CallState.CONNECTED)
        assert popper.urls(cid) == [expected(session, cid)]


async def test_answer_trigger_never_pops_a_missed_call(
    sim: Simulator, attached: Attach, until: Until, ring: Ring
) -> None:
    popper = Popper(trigger=Trigger.ANSWER)
    async with attached(sim, listeners=[popper.policy.listener]) as session:
        cid = await ring(sim, session, "CL-1")
        sim.end_call_remote(LOGIN, cid)
        await until(session, lambda s: cid not in s.calls or s.calls[cid].in_wrapup)
        assert popper.opened == []


async def test_answered_elsewhere_counts_as_answered(
    sim: Simulator, attached: Attach, until: Until, ring: Ring
) -> None:
    popper = Popper(trigger=Trigger.ANSWER)
    async with attached(sim, listeners=[popper.policy.listener]) as session:
        cid = await ring(sim, session)
        assert popper.opened == []
        sim.answer_elsewhere(LOGIN, cid)
        await until(session, lambda s: s.calls[cid].state is CallState.CONNECTED)
        assert popper.urls(cid) == [expected(session, cid)]


async def test_reconnect_and_resync_do_not_pop_twice(
    sim: Simulator, attached: Attach, reconnect: Reconnect, ring: Ring
) -> None:
    popper = Popper(trigger=Trigger.RING)
    async with attached(sim, listeners=[popper.policy.listener]) as session:
        cid = await ring(sim, session)
        assert await session.execute(it.Answer(cid)) is None
        first = expected(session, cid)
        await reconnect(sim, session)
        await reconnect(sim, session)
        assert cid in session.state.calls
        assert popper.opened == [(first, cid)]
        other = await ring(sim, session)
        assert popper.urls(other) == [expected(session, other)]
        assert len(popper.opened) == 2


async def test_a_new_session_after_relogin_does_not_pop_again(
    sim: Simulator, attached: Attach, ring: Ring
) -> None:
    popper = Popper(trigger=Trigger.RING)
    async with attached(sim, listeners=[popper.policy.listener]) as session:
        cid = await ring(sim, session)
    async with attached(sim, listeners=[popper.policy.listener]) as again:
        assert cid in again.state.calls  # seen again in the Calls snapshot
        assert len(popper.opened) == 1


async def test_answered_while_disconnected_pops_after_resync(
    sim: Simulator, attached: Attach, until: Until, reconnect: Reconnect, ring: Ring
) -> None:
    popper = Popper(trigger=Trigger.ANSWER)
    async with attached(sim, listeners=[popper.policy.listener]) as session:
        cid = await ring(sim, session)
        sim.refuse_connections(0.3)
        await sim.drop_all_connections()
        await until(session, lambda s: s.connection.state is not LinkState.CONNECTED)
        sim.answer_elsewhere(LOGIN, cid)
        await until(session, lambda s: s.synced and s.calls[cid].state is CallState.CONNECTED)
        assert popper.urls(cid) == [expected(session, cid)]
        await reconnect(sim, session)
        assert len(popper.opened) == 1


async def test_hostile_call_url_is_refused_end_to_end(
    sim: Simulator, attached: Attach, until: Until
) -> None:
    popper = Popper(open_call_url=True, allowed_hosts=("crm.example.com",))
    async with attached(sim, listeners=[popper.policy.listener]) as session:
        cid = sim.inject_call(
            LOGIN,
            caller="+79161234567",
            params={"ClientId": "CL-100500", "url": "javascript:alert(document.cookie)"},
        )
        await until(session, lambda s: cid in s.calls)
        assert popper.urls(cid) == [expected(session, cid)]
        refused = [r for r in popper.policy.results(cid) if r.kind is PopKind.REFUSED]
        assert [r.source for r in refused] == ["call_url"]


async def test_simulator_crm_params_render_through_rules(
    sim: Simulator, attached: Attach, until: Until
) -> None:
    rules = "params.ProjectTitle ~ . => https://crm.example.com/p/{params.ProjectId}?c={caller}"
    popper = Popper(rules=rules, template="")
    async with attached(sim, listeners=[popper.policy.listener]) as session:
        cid = sim.inject_call(
            LOGIN, params={"ProjectId": "corebo00000000000n1ostbh66tr416c", "ProjectTitle": "Линия"}
        )
        state = await until(session, lambda s: cid in s.calls)
        caller = state.calls[cid].caller.replace("+", "%2B")
        assert popper.urls(cid) == [
            f"https://crm.example.com/p/corebo00000000000n1ostbh66tr416c?c={caller}"
        ]
