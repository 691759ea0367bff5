"""The simulator's connection rules: handshake, version gate, rid rules, attach and detach."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager

import pytest
import pytest_asyncio
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.naumen.peer import SimPeer as Peer
from agent_toolbar.simulators.naumen.simulator import SimTimings, Simulator

LOGIN = "operator"


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(timings=SimTimings.fast(), seed=7) as simulator:
        yield simulator


def attached(sim: Simulator, login: str = LOGIN) -> AbstractAsyncContextManager[Peer]:
    return Peer.attached(sim.url, login)


@pytest.mark.asyncio
@pytest.mark.parametrize("offered", [None, ["some-other-protocol"]])
async def test_handshake_without_the_subprotocol_is_refused(
    sim: Simulator, offered: list[str] | None
) -> None:
    with pytest.raises(InvalidStatus) as refused:
        await connect(sim.url, subprotocols=offered)  # type: ignore[arg-type]
    assert refused.value.response.status_code == 400


@pytest.mark.asyncio
async def test_the_subprotocol_is_selected(sim: Simulator) -> None:
    peer = await Peer.open(sim.url, version=False)
    assert peer.ws.subprotocol == m.SUBPROTOCOL
    await peer.close()


@pytest.mark.asyncio
async def test_nothing_is_served_before_the_protocol_version(sim: Simulator) -> None:
    peer = await Peer.open(sim.url, version=False)
    await peer.send("AttachToUser", login=LOGIN)
    await peer.send("GetCalls", login=LOGIN)
    await peer.send("Frobnicate")
    await peer.send_raw("{not json")
    await peer.send_raw([1, 2])
    await peer.quiet()
    sim.inject_call(LOGIN)
    await peer.quiet()
    rid = await peer.send("SetProtocolVersion", protocolVersion="13")
    (ok,) = await peer.expect("Ok")
    assert ok.rid == rid
    state = await peer.attach(LOGIN)
    assert state.substates[-2:] == ("ringing", "ringing#voice")
    await peer.close()


@pytest.mark.asyncio
async def test_another_version_is_an_error_and_the_gate_stays_closed(sim: Simulator) -> None:
    peer = await Peer.open(sim.url, version=False)
    description = await peer.error("SetProtocolVersion", protocolVersion="12")
    assert "12" in description
    await peer.send("AttachToUser", login=LOGIN)
    await peer.quiet()
    reply = await peer.reply("SetProtocolVersion", protocolVersion=13)  # a number is accepted
    assert isinstance(reply, m.Ok)
    await peer.attach(LOGIN)
    await peer.close()


@pytest.mark.asyncio
async def test_a_version_command_that_cannot_be_parsed_gets_parse_error(sim: Simulator) -> None:
    peer = await Peer.open(sim.url, version=False)
    reply = await peer.reply("SetProtocolVersion")
    assert isinstance(reply, m.ParseError)
    assert "protocolVersion" in reply.description
    await peer.close()


@pytest.mark.asyncio
async def test_a_command_without_rid_is_dropped(sim: Simulator) -> None:
    async with attached(sim) as peer:
        await peer.send_raw({"name": "GetCalls", "login": LOGIN})
        await peer.send_raw({"name": "Hold", "login": LOGIN})
        await peer.send_raw({"rid": None, "name": "GetCalls", "login": LOGIN})
        await peer.quiet()
        reply = await peer.reply("GetCalls", login=LOGIN)
        assert isinstance(reply, m.Calls)


@pytest.mark.asyncio
async def test_unparsable_frames_get_parse_error(sim: Simulator) -> None:
    async with attached(sim) as peer:
        await peer.send_raw("{not json")
        (error,) = await peer.expect("ParseError")
        assert error.rid is None and "JSON" in error.description
        await peer.send_raw("[1, 2]")
        (error,) = await peer.expect("ParseError")
        assert error.rid is None
        await peer.send_raw({"rid": "no-name"})
        (error,) = await peer.expect("ParseError")
        assert error.rid == "no-name"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("fields", "mentioned"),
    [
        ({"login": LOGIN, "cid": "x"}, "on"),  # required field missing
        ({"login": LOGIN, "cid": "x", "on": "maybe"}, "on"),  # wrong type
        ({"cid": "x", "on": True}, "login"),
    ],
)
async def test_missing_or_mistyped_fields_get_parse_error_with_the_rid(
    sim: Simulator, fields: dict[str, object], mentioned: str
) -> None:
    async with attached(sim) as peer:
        reply = await peer.reply("Hold", **fields)
        assert isinstance(reply, m.ParseError)
        assert mentioned in reply.description


@pytest.mark.asyncio
async def test_unknown_names_and_events_sent_as_commands_are_errors(sim: Simulator) -> None:
    async with attached(sim) as peer:
        assert "Frobnicate" in await peer.error("Frobnicate", login=LOGIN)
        assert "not a command" in await peer.error("CurrentCall", login=LOGIN, cid="x")
        assert "not a command" in await peer.error("Ok")


@pytest.mark.asyncio
async def test_attach_sends_ok_state_calls_and_conferences(sim: Simulator) -> None:
    cid = sim.inject_call(LOGIN, caller="+79160000001")
    peer = await Peer.open(sim.url)
    rid = await peer.send("AttachToUser", login=LOGIN)
    ok, state, calls, conferences = await peer.expect("Ok", "UserState", "Calls", "Conferences")
    assert ok.rid == rid
    assert isinstance(state, m.UserState) and state.state == "available"
    assert state.substates == ("normal", "ringing", "ringing#voice")
    assert isinstance(calls, m.Calls) and [c.cid for c in calls.calls] == [cid]
    assert isinstance(conferences, m.Conferences) and conferences.conferences == ()
    # Replies carry the rid and no login; events carry the login and no rid.
    assert peer.raw[-4] == {"rid": rid, "name": "Ok"}
    for event in peer.raw[-3:]:
        assert "rid" not in event and event["login"] == LOGIN
    await peer.close()


@pytest.mark.asyncio
async def test_attach_to_an_unknown_login_is_an_error(sim: Simulator) -> None:
    peer = await Peer.open(sim.url)
    assert "nobody" in await peer.error("AttachToUser", login="nobody")
    await peer.close()


@pytest.mark.asyncio
async def test_commands_for_a_login_not_attached_are_errors(sim: Simulator) -> None:
    async with attached(sim) as peer:
        assert "AttachToUser" in await peer.error("GetCalls", login="ivanova")
        assert "AttachToUser" in await peer.error("GetCalls", login="nobody")


@pytest.mark.asyncio
async def test_detach_stops_the_events(sim: Simulator) -> None:
    async with attached(sim) as peer:
        reply = await peer.reply("DetachFromUser", login=LOGIN)
        assert isinstance(reply, m.Ok)
        sim.inject_call(LOGIN)
        await peer.quiet()
        await peer.error("GetCalls", login=LOGIN)
        assert sim.operator(LOGIN).attached == 0


@pytest.mark.asyncio
async def test_an_offline_operator_can_only_be_watched(sim: Simulator) -> None:
    sim.set_user_state(LOGIN, "offline")
    async with attached(sim) as peer:
        state = await peer.reply("GetUserState", login=LOGIN)
        assert isinstance(state, m.UserState)
        assert (state.state, state.substates, state.time) == ("offline", (), None)
        for name, fields in [
            ("ChangeUserState", {"state": "normal"}),
            ("GetCalls", {}),
            ("MakeCall", {"phoneNumber": "200"}),
        ]:
            assert "offline" in await peer.error(name, login=LOGIN, **fields)
        sim.set_user_state(LOGIN, "normal")
        (back,) = await peer.expect("UserState")
        assert isinstance(back, m.UserState) and back.state == "available"
        assert isinstance(await peer.reply("GetCalls", login=LOGIN), m.Calls)


@pytest.mark.asyncio
async def test_an_offline_operator_attaches_without_calls_and_conferences(sim: Simulator) -> None:
    sim.set_user_state("ivanova", "offline")
    peer = await Peer.open(sim.url)
    state = await peer.attach("ivanova")
    assert state.state == "offline"
    await peer.quiet()
    await peer.close()


@pytest.mark.asyncio
async def test_two_clients_on_one_login_see_each_others_effects(sim: Simulator) -> None:
    async with attached(sim) as first, attached(sim) as second:
        rid = await first.send("ChangeUserState", login=LOGIN, state="away", reason="Dinner")
        ok, state = await first.expect("Ok", "UserState")
        assert ok.rid == rid
        (seen,) = await second.expect("UserState")
        assert seen == state and seen.rid is None
        cid = sim.inject_call(LOGIN)
        for peer in (first, second):
            new, _ = await peer.expect("NewCall", "UserState")
            assert isinstance(new, m.NewCall) and new.cid == cid
        await second.send("Answer", login=LOGIN, cid=cid)
        await second.expect("Ok", "CallStatus", "UserState", "CurrentCall")
        await first.expect("CallStatus", "UserState", "CurrentCall")
        assert sim.operator(LOGIN).attached == 2


@pytest.mark.asyncio
async def test_queries_answer_with_data_carrying_the_rid(sim: Simulator) -> None:
    async with attached(sim) as peer:
        cid = await peer.ring(sim, LOGIN)
        calls = await peer.reply("GetCalls", login=LOGIN)
        assert isinstance(calls, m.Calls) and [c.cid for c in calls.calls] == [cid]
        state = await peer.reply("GetUserState", login=LOGIN)
        assert isinstance(state, m.UserState) and state.state == "available"
        conferences = await peer.reply("GetConferences", login=LOGIN)
        assert isinstance(conferences, m.Conferences)
        await peer.quiet()


@pytest.mark.asyncio
async def test_an_oversized_frame_closes_the_connection(sim: Simulator) -> None:
    async with attached(sim) as peer:
        await peer.send_raw("x" * (2 << 20))
        with pytest.raises(ConnectionClosed) as closed:
            await peer.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009


@pytest.mark.asyncio
async def test_commands_are_logged_with_login_and_time(sim: Simulator) -> None:
    async with attached(sim) as peer:
        await peer.reply("GetUserState", login=LOGIN)
    names = [record.name for record in sim.commands]
    assert names == ["SetProtocolVersion", "AttachToUser", "GetUserState"]
    record = sim.commands[-1]
    assert record.login == LOGIN and record.time > 1e9
    assert isinstance(record.message, m.GetUserState)
