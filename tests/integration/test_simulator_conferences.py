"""The simulator's conference commands, each with its event sequence."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.naumen.peer import SimPeer as Peer
from agent_toolbar.simulators.naumen.simulator import SimTimings, Simulator

pytestmark = pytest.mark.asyncio
LOGIN = "operator"


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(timings=SimTimings.fast(), seed=11) as simulator:
        yield simulator


@pytest_asyncio.fixture
async def peer(sim: Simulator) -> AsyncIterator[Peer]:
    async with Peer.attached(sim.url, LOGIN) as attached_peer:
        yield attached_peer


async def create(peer: Peer, name: str = "Разбор жалобы") -> str:
    rid = await peer.send("CreateConference", login=LOGIN, conferenceName=name)
    ok, new, info = await peer.expect("Ok", "NewConference", "ConferenceInfo")
    assert ok.rid == rid
    assert isinstance(new, m.NewConference) and isinstance(info, m.ConferenceInfo)
    assert new.conf_id.isdigit() and new.display_name == name
    assert (new.calls, new.operator_in_conference) == ((), True)
    assert (info.conf_id, info.calls, info.operator_in_conference) == (new.conf_id, (), True)
    return new.conf_id


async def test_create_conference_numbers_them(peer: Peer) -> None:
    assert await create(peer) == "1"
    assert await create(peer, "") == "2"
    conferences = await peer.reply("GetConferences", login=LOGIN)
    assert isinstance(conferences, m.Conferences)
    assert [c.conf_id for c in conferences.conferences] == ["1", "2"]
    assert peer.raw[-1]["conferences"][0]["confId"] == "1"  # a number written as a string


async def test_make_conference_call_dials_into_it(peer: Peer) -> None:
    conf_id = await create(peer)
    await peer.send("MakeConferenceCall", login=LOGIN, confId=conf_id, phoneNumber="201")
    _ok, new, info, ringing = await peer.expect("Ok", "NewCall", "ConferenceInfo", "UserState")
    assert isinstance(new, m.NewCall) and (new.direction, new.state) == ("out", "new")
    assert isinstance(info, m.ConferenceInfo) and info.calls == (new.cid,)
    assert isinstance(ringing, m.UserState) and "ringing#voice" in ringing.substates
    connected, _speaking, current = await peer.expect("CallStatus", "UserState", "CurrentCall")
    assert isinstance(connected, m.CallStatus) and connected.state == "connected"
    assert isinstance(current, m.CurrentCall) and current.cid == new.cid


async def test_a_conference_call_that_is_refused_leaves_the_conference(peer: Peer) -> None:
    conf_id = await create(peer)
    await peer.send("MakeConferenceCall", login=LOGIN, confId=1, phoneNumber="202")  # busy
    await peer.expect("Ok", "NewCall", "ConferenceInfo", "UserState")
    ended, info, _closed, _state = await peer.expect(
        "CallStatus", "ConferenceInfo", "OnClose", "UserState"
    )
    assert isinstance(ended, m.CallStatus) and ended.state == "ended"
    assert isinstance(info, m.ConferenceInfo) and (info.conf_id, info.calls) == (conf_id, ())


async def test_make_conference_call_refusals(peer: Peer) -> None:
    assert "confId" in await peer.error(
        "MakeConferenceCall", login=LOGIN, confId="9", phoneNumber="200"
    )
    conf_id = await create(peer)
    assert "neither" in await peer.error(
        "MakeConferenceCall", login=LOGIN, confId=conf_id, phoneNumber="two hundred"
    )


async def test_add_and_remove_an_existing_call(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)
    conf_id = await create(peer)
    await peer.send("AddCallToConference", login=LOGIN, confId=conf_id, cid=cid)
    _ok, calls, info = await peer.expect("Ok", "Calls", "ConferenceInfo")
    assert isinstance(calls, m.Calls) and [c.cid for c in calls.calls] == [cid]
    assert isinstance(info, m.ConferenceInfo) and info.calls == (cid,)
    assert "already" in await peer.error(
        "AddCallToConference", login=LOGIN, confId=conf_id, cid=cid
    )
    await peer.send("RemoveCallFromConference", login=LOGIN, confId=conf_id, cid=cid)
    _ok, calls, info = await peer.expect("Ok", "Calls", "ConferenceInfo")
    assert isinstance(calls, m.Calls) and calls.calls[0].hold is True  # waits outside
    assert isinstance(info, m.ConferenceInfo) and info.calls == ()
    assert "not in conference" in await peer.error(
        "RemoveCallFromConference", login=LOGIN, confId=conf_id, cid=cid
    )


async def test_add_to_an_unknown_conference_or_an_unknown_call(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)
    assert "confId" in await peer.error("AddCallToConference", login=LOGIN, confId="7", cid=cid)
    conf_id = await create(peer)
    assert "no call" in await peer.error(
        "AddCallToConference", login=LOGIN, confId=conf_id, cid="0" * 64
    )


async def test_leave_and_join(peer: Peer) -> None:
    conf_id = await create(peer)
    for name, inside in [("LeaveConference", False), ("JoinConference", True)]:
        await peer.send(name, login=LOGIN, confId=conf_id)
        _ok, info = await peer.expect("Ok", "ConferenceInfo")
        assert isinstance(info, m.ConferenceInfo) and info.operator_in_conference is inside


async def test_hangup_conference_ends_it_and_its_calls(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)
    conf_id = await create(peer)
    await peer.send("AddCallToConference", login=LOGIN, confId=conf_id, cid=cid)
    await peer.expect("Ok", "Calls", "ConferenceInfo")
    await peer.send("HangupConference", login=LOGIN, confId=conf_id)
    _ok, info, closed_conf, ended, closed, state = await peer.expect(
        "Ok", "ConferenceInfo", "OnCloseConference", "CallStatus", "OnClose", "UserState"
    )
    assert isinstance(info, m.ConferenceInfo) and info.calls == ()
    assert isinstance(closed_conf, m.OnCloseConference) and closed_conf.conf_id == conf_id
    assert isinstance(ended, m.CallStatus) and ended.state == "ended"
    assert isinstance(closed, m.OnClose) and closed.cid == cid
    assert isinstance(state, m.UserState) and state.substates == ("normal",)
    conferences = await peer.reply("GetConferences", login=LOGIN)
    assert isinstance(conferences, m.Conferences) and conferences.conferences == ()


async def test_a_conference_member_hung_up_by_the_far_side_leaves_it(
    sim: Simulator, peer: Peer
) -> None:
    cid = await peer.talk(sim, LOGIN)
    conf_id = await create(peer)
    await peer.send("AddCallToConference", login=LOGIN, confId=conf_id, cid=cid)
    await peer.expect("Ok", "Calls", "ConferenceInfo")
    sim.end_call_remote(LOGIN, cid)
    _ended, info, _closed, _state = await peer.expect(
        "CallStatus", "ConferenceInfo", "OnClose", "UserState"
    )
    assert isinstance(info, m.ConferenceInfo) and info.calls == ()
    assert sim.operator(LOGIN).conferences[0].calls == ()
