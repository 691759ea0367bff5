"""Conferences end to end: Session + NaumenBackend + the simulator over a real socket.

Every conference command (create, call in, add an existing call, remove, leave, join, hang
up) with the domain state after it and the command the simulator received; changes made by
another client — a second CTI connection of the same operator, and the far side hanging up
through the simulator's control channel — reach the session too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any

import pytest
import pytest_asyncio

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.backends.naumen.profile import PhoneKind
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import (
    Action,
    Why,
    call_actions,
    conference_actions,
    global_actions,
)
from agent_toolbar.cti.backend import LinkState
from agent_toolbar.cti.model import CallState, Conference, Direction, SessionState
from agent_toolbar.cti.outcomes import CommandFailure, FailureReason
from agent_toolbar.cti.session import Session
from agent_toolbar.simulators.naumen.control import SimControl
from agent_toolbar.simulators.naumen.simulator import SimTimings, Simulator

if TYPE_CHECKING:
    from tests.conftest import Attach, Talking, Until

pytestmark = pytest.mark.asyncio
LOGIN = "operator"
WEB = "webop"

Create = Callable[..., Awaitable[Conference]]


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(timings=SimTimings.fast(), seed=13, webphone_logins=[WEB]) as simulator:
        yield simulator


async def received(sim: Simulator, name: str, **fields: Any) -> m.Message:
    command = await sim.wait_for_command(name, login=fields.pop("login", LOGIN))
    for key, value in fields.items():
        assert getattr(command, key) == value, (name, key, getattr(command, key))
    return command


@pytest.fixture
def create(until: Until) -> Create:
    """``conf = await create(sim, session, name)``: a new conference the operator is in."""

    async def created(sim: Simulator, session: Session, name: str = "Разбор жалобы") -> Conference:
        before = set(session.state.conferences)
        assert await session.execute(it.CreateConference(name)) is None
        await received(sim, "CreateConference", conference_name=name)
        state = await until(session, lambda s: set(s.conferences) - before != set())
        (conf_id,) = set(state.conferences) - before
        return state.conferences[conf_id]

    return created


def members(session: Session, conf_id: str) -> tuple[str, ...]:
    return session.state.conferences[conf_id].calls


async def test_create_a_named_and_an_unnamed_conference(
    sim: Simulator, attached: Attach, create: Create
) -> None:
    async with attached(sim) as session:
        assert global_ok(session.state)
        first = await create(sim, session)
        assert (first.display_name, first.calls, first.operator_in) == ("Разбор жалобы", (), True)
        second = await create(sim, session, "")
        assert second.display_name == "" and second.conf_id != first.conf_id
        verdicts = conference_actions(session.state, first.conf_id)
        assert verdicts["leave"].ok and verdicts["join"].why is Why.IN_CONFERENCE
        assert verdicts["hangup"].ok and verdicts["add_party"].ok


def global_ok(state: SessionState) -> bool:
    return global_actions(state)[Action.CREATE_CONFERENCE].ok


async def test_call_a_new_party_into_the_conference(
    sim: Simulator, attached: Attach, until: Until, create: Create
) -> None:
    async with attached(sim) as session:
        conf = await create(sim, session)
        assert await session.execute(it.MakeConferenceCall(conf.conf_id, "201")) is None
        await received(sim, "MakeConferenceCall", conf_id=conf.conf_id, phone_number="201")
        state = await until(session, lambda s: len(members(session, conf.conf_id)) == 1)
        (cid,) = members(session, conf.conf_id)
        call = state.calls[cid]
        assert call.direction is Direction.OUT and call.called == "201"
        state = await until(session, lambda s: s.calls[cid].state is CallState.CONNECTED)
        assert members(session, conf.conf_id) == (cid,)
        # a call already in the conference cannot be added again
        assert call_actions(state, cid)[Action.ADD_TO_CONFERENCE].why is Why.IN_CONFERENCE


async def test_a_busy_party_drops_out_of_the_conference(
    sim: Simulator, attached: Attach, until: Until, create: Create
) -> None:
    async with attached(sim) as session:
        conf = await create(sim, session)
        assert await session.execute(it.MakeConferenceCall(conf.conf_id, "202")) is None
        await until(session, lambda s: len(members(session, conf.conf_id)) == 1)
        (cid,) = members(session, conf.conf_id)
        await until(session, lambda s: members(session, conf.conf_id) == () and cid not in s.calls)


async def test_add_an_existing_call_then_remove_it_without_ending_it(
    sim: Simulator, attached: Attach, until: Until, talking: Talking, create: Create
) -> None:
    async with attached(sim) as session:
        cid = await talking(sim, session)
        state = session.state
        assert call_actions(state, cid)[Action.ADD_TO_CONFERENCE].why is Why.NO_CONFERENCE
        conf = await create(sim, session)
        assert call_actions(session.state, cid)[Action.ADD_TO_CONFERENCE].ok
        assert await session.execute(it.AddCallToConference(conf.conf_id, cid)) is None
        await received(sim, "AddCallToConference", conf_id=conf.conf_id, cid=cid)
        state = await until(session, lambda s: members(session, conf.conf_id) == (cid,))
        assert not state.calls[cid].hold
        assert call_actions(state, cid)[Action.ADD_TO_CONFERENCE].why is Why.IN_CONFERENCE

        assert await session.execute(it.RemoveCallFromConference(conf.conf_id, cid)) is None
        await received(sim, "RemoveCallFromConference", conf_id=conf.conf_id, cid=cid)
        state = await until(session, lambda s: members(session, conf.conf_id) == ())
        call = state.calls[cid]
        assert call.state is CallState.CONNECTED and call.hold  # still there, waiting
        assert call_actions(state, cid)[Action.ADD_TO_CONFERENCE].ok


async def test_leave_and_rejoin_follow_operator_in_conference(
    sim: Simulator, attached: Attach, until: Until, talking: Talking, create: Create
) -> None:
    async with attached(sim) as session:
        cid = await talking(sim, session)
        conf = await create(sim, session)
        assert await session.execute(it.AddCallToConference(conf.conf_id, cid)) is None
        assert await session.execute(it.LeaveConference(conf.conf_id)) is None
        await received(sim, "LeaveConference", conf_id=conf.conf_id)
        state = await until(session, lambda s: not s.conferences[conf.conf_id].operator_in)
        assert state.conferences[conf.conf_id].calls == (cid,)  # it goes on without us
        verdicts = conference_actions(state, conf.conf_id)
        assert verdicts["join"].ok and verdicts["leave"].why is Why.NO_CONFERENCE
        assert await session.execute(it.JoinConference(conf.conf_id)) is None
        await received(sim, "JoinConference", conf_id=conf.conf_id)
        state = await until(session, lambda s: s.conferences[conf.conf_id].operator_in)
        assert conference_actions(state, conf.conf_id)["leave"].ok


async def test_hang_up_ends_the_conference_and_its_calls(
    sim: Simulator, attached: Attach, until: Until, talking: Talking, create: Create
) -> None:
    async with attached(sim) as session:
        cid = await talking(sim, session)
        conf = await create(sim, session)
        assert await session.execute(it.AddCallToConference(conf.conf_id, cid)) is None
        assert await session.execute(it.MakeConferenceCall(conf.conf_id, "201")) is None
        await until(session, lambda s: len(members(session, conf.conf_id)) == 2)
        dialled = members(session, conf.conf_id)[1]
        assert await session.execute(it.HangupConference(conf.conf_id)) is None
        await received(sim, "HangupConference", conf_id=conf.conf_id)
        await until(
            session,
            lambda s: conf.conf_id not in s.conferences and not {cid, dialled} & set(s.calls),
        )
    assert sim.operator(LOGIN).conferences == ()


async def test_changes_made_by_another_client_are_reflected(
    sim: Simulator, attached: Attach, until: Until, talking: Talking
) -> None:
    async with attached(sim) as session, attached(sim) as other:
        cid = await talking(sim, session)
        # another CTI client of the same operator (a CRM, the SoftPhone) creates and fills one
        assert await other.execute(it.CreateConference("Из CRM")) is None
        state = await until(session, lambda s: len(s.conferences) == 1)
        (conf,) = state.conferences.values()
        assert conf.display_name == "Из CRM"
        assert await other.execute(it.AddCallToConference(conf.conf_id, cid)) is None
        await until(session, lambda s: members(session, conf.conf_id) == (cid,))
        assert await other.execute(it.LeaveConference(conf.conf_id)) is None
        await until(session, lambda s: not s.conferences[conf.conf_id].operator_in)
        # the customer hangs up (driven through the simulator's control channel)
        async with SimControl(sim.url) as control:
            reply = await control.request("end_call_remote", login=LOGIN, cid=cid)
            assert reply["ok"] is True
        await until(session, lambda s: members(session, conf.conf_id) == ())
        # the other client ends it
        assert await other.execute(it.HangupConference(conf.conf_id)) is None
        await until(session, lambda s: not s.conferences)


async def test_after_a_reconnect_the_conferences_are_the_servers_truth(
    sim: Simulator,
    attached: Attach,
    until: Until,
    talking: Talking,
    create: Create,
) -> None:
    async with attached(sim) as session:
        cid = await talking(sim, session)
        conf = await create(sim, session)
        assert await session.execute(it.AddCallToConference(conf.conf_id, cid)) is None
        await until(session, lambda s: members(session, conf.conf_id) == (cid,))
        sim.refuse_connections(0.5)
        await sim.drop_all_connections()
        await until(session, lambda s: s.connection.state is not LinkState.CONNECTED)
        # while the toolbar is away the customer hangs up: the call leaves the conference
        sim.end_call_remote(LOGIN, cid)
        assert session.state.conferences[conf.conf_id].calls == (cid,)  # not known yet
        state = await until(
            session, lambda s: s.connection.state is LinkState.CONNECTED and s.synced, 10
        )
        assert state.conferences[conf.conf_id].calls == ()
        assert cid not in state.calls
        assert state.conferences[conf.conf_id].display_name == "Разбор жалобы"


async def test_a_webphone_sends_no_conference_command(sim: Simulator, attached: Attach) -> None:
    async with attached(sim, WEB, PhoneKind.WEBPHONE) as session:
        assert global_ok(session.state) is False
        for intent in (it.CreateConference("x"), it.JoinConference("1"), it.HangupConference("1")):
            assert await session.execute(intent) == CommandFailure(FailureReason.UNSUPPORTED)
    names = {r.name for r in sim.commands}
    assert not names & {"CreateConference", "JoinConference", "HangupConference"}
