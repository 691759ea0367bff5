"""The simulator's control API (in process) and control channel (out of process)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.naumen.control import (
    CONTROL_SUBPROTOCOL,
    SimControl,
    SimControlError,
)
from agent_toolbar.simulators.naumen.peer import SimPeer as Peer
from agent_toolbar.simulators.naumen.simulator import SimError, SimTimings, Simulator

pytestmark = pytest.mark.asyncio
LOGIN = "operator"


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(timings=SimTimings.fast(), seed=13) as simulator:
        yield simulator


@pytest_asyncio.fixture
async def peer(sim: Simulator) -> AsyncIterator[Peer]:
    async with Peer.attached(sim.url, LOGIN) as attached_peer:
        yield attached_peer


# ---------------------------------------------------------------- in-process control API


async def test_inject_call_defaults(sim: Simulator, peer: Peer) -> None:
    cid = sim.inject_call(LOGIN)
    new, _ = await peer.expect("NewCall", "UserState")
    assert isinstance(new, m.NewCall) and new.params is not None
    assert new.params["caller"].startswith("+7") and new.display_name == new.params["caller"]
    assert new.params["called"] == sim.operator(LOGIN).extension
    view = sim.operator(LOGIN).call(cid)
    assert (view.state, view.direction, view.type) == ("new", "in", "voice")


async def test_inject_call_with_everything(sim: Simulator, peer: Peer) -> None:
    cid = sim.inject_call(
        LOGIN,
        caller="+79031112233",
        display_name="Козлов Олег Юрьевич",
        called="88005553535",
        params={"ProjectTitle": "Продажи", "url": "https://crm.example.com/clients/CL-7"},
        call_type="sip",
    )
    new, state = await peer.expect("NewCall", "UserState")
    assert isinstance(new, m.NewCall) and new.cid == cid and new.type == "sip"
    assert new.params is not None and new.params["ProjectTitle"] == "Продажи"
    assert new.params["called"] == "88005553535"
    assert isinstance(state, m.UserState) and "ringing#voice" in state.substates


async def test_inject_call_refusals(sim: Simulator) -> None:
    with pytest.raises(SimError, match="unknown login"):
        sim.inject_call("nobody")
    with pytest.raises(ValueError, match="direction"):
        sim.inject_call(LOGIN, direction="sideways")
    sim.set_user_state(LOGIN, "offline")
    with pytest.raises(SimError, match="offline"):
        sim.inject_call(LOGIN)


async def test_an_outgoing_injected_call_waits_for_the_far_side(sim: Simulator, peer: Peer) -> None:
    cid = sim.inject_call(LOGIN, called="+79035556677", direction="out")
    new, _ = await peer.expect("NewCall", "UserState")
    assert isinstance(new, m.NewCall) and new.direction == "out"
    await peer.quiet()
    sim.answer_elsewhere(LOGIN, cid)
    await peer.expect("CallStatus", "UserState", "CurrentCall")


async def test_answer_elsewhere(sim: Simulator, peer: Peer) -> None:
    cid = await peer.ring(sim, LOGIN)
    sim.answer_elsewhere(LOGIN, cid)
    status, state, current = await peer.expect("CallStatus", "UserState", "CurrentCall")
    assert isinstance(status, m.CallStatus) and status.state == "connected" and status.rid is None
    assert isinstance(state, m.UserState) and "speaking#voice" in state.substates
    assert isinstance(current, m.CurrentCall) and current.cid == cid
    with pytest.raises(SimError, match="not ringing"):
        sim.answer_elsewhere(LOGIN, cid)


async def test_end_call_remote_of_a_conversation_starts_wrapup(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)
    sim.end_call_remote(LOGIN, cid)
    ended, wrapup = await peer.expect("CallStatus", "UserState")
    assert isinstance(ended, m.CallStatus) and ended.state == "ended"
    assert isinstance(wrapup, m.UserState) and wrapup.substates[-1] == "wrapup#voice"
    with pytest.raises(SimError, match="already ended"):
        sim.end_call_remote(LOGIN, cid)


async def test_end_call_remote_of_an_offer_is_a_missed_call(sim: Simulator, peer: Peer) -> None:
    cid = await peer.ring(sim, LOGIN)
    sim.end_call_remote(LOGIN, cid)
    _ended, closed, state = await peer.expect("CallStatus", "OnClose", "UserState")
    assert isinstance(closed, m.OnClose) and closed.cid == cid
    assert isinstance(state, m.UserState) and state.state == "available"
    with pytest.raises(SimError, match="no call"):
        sim.end_call_remote(LOGIN, cid)


async def test_set_user_state_covers_what_only_the_system_sets(sim: Simulator, peer: Peer) -> None:
    sim.set_user_state(LOGIN, "accident", "7:" + "a" * 64)
    (state,) = await peer.expect("UserState")
    assert isinstance(state, m.UserState)
    assert (state.state, state.substates, state.reason) == (
        "notavailable",
        ("normal", "accident"),
        "7:" + "a" * 64,
    )
    await peer.quiet(sim.timings.accident + 0.1)  # set this way it stays until changed
    sim.set_user_state(LOGIN, "standoff")
    (state,) = await peer.expect("UserState")
    assert isinstance(state, m.UserState) and state.substates == ("normal", "standoff")
    sim.set_user_state(LOGIN, "away", "ComputerLocked")
    (state,) = await peer.expect("UserState")
    assert isinstance(state, m.UserState) and state.reason == "ComputerLocked"
    sim.set_user_state(LOGIN, "normal")
    (state,) = await peer.expect("UserState")
    assert isinstance(state, m.UserState) and state.substates == ("normal",)
    sim.set_user_state(LOGIN, "offline")
    (state,) = await peer.expect("UserState")
    assert isinstance(state, m.UserState) and state.state == "offline"
    with pytest.raises(SimError, match="unknown state"):
        sim.set_user_state(LOGIN, "sleepy")


async def test_drop_all_connections(sim: Simulator, peer: Peer) -> None:
    await sim.drop_all_connections()
    with pytest.raises(ConnectionClosed):
        await peer.recv()
    assert sim.operator(LOGIN).attached == 0
    async with Peer.attached(sim.url, LOGIN) as again:
        assert isinstance(await again.reply("GetCalls", login=LOGIN), m.Calls)


async def test_refuse_connections_for_a_while(sim: Simulator) -> None:
    sim.refuse_connections(0.3)
    with pytest.raises(InvalidStatus) as refused:
        await Peer.open(sim.url)
    assert refused.value.response.status_code == 503
    async with SimControl(sim.url) as control:  # the control channel still works
        await control.request("ping")
    await asyncio.sleep(0.35)
    peer = await Peer.open(sim.url)
    await peer.close()


async def test_wait_for_command(sim: Simulator, peer: Peer) -> None:
    waiting = asyncio.ensure_future(sim.wait_for_command("Hold", login=LOGIN))
    cid = await peer.talk(sim, LOGIN)
    answer = await sim.wait_for_command("Answer", login=LOGIN)
    assert isinstance(answer, m.Answer) and answer.cid == cid
    await peer.send("Hold", login=LOGIN, cid=cid, on=True)
    await peer.expect("Ok", "CallStatus")
    hold = await waiting
    assert isinstance(hold, m.Hold) and hold.on is True
    await peer.send("Hold", login=LOGIN, cid=cid, on=False)
    await peer.expect("Ok", "CallStatus")
    resumed = await sim.wait_for_command("hold", predicate=lambda msg: not msg.on)
    assert isinstance(resumed, m.Hold) and resumed.on is False
    with pytest.raises(TimeoutError):
        await sim.wait_for_command("Hold", timeout=0.05)
    with pytest.raises(TimeoutError):
        await sim.wait_for_command("Answer", login="ivanova", timeout=0.05)


async def test_directory_and_operator_view(sim: Simulator, peer: Peer) -> None:
    directory = {number: behaviour for number, _label, behaviour in sim.directory()}
    assert directory["200"] == "answer" and directory["202"] == "busy"
    assert directory["203"] == "no_answer" and directory["204"] == "not_found"
    assert all(label for _number, label, _behaviour in sim.directory())
    cid = await peer.talk(sim, LOGIN)
    view = sim.operator(LOGIN)
    assert (view.state, view.current_cid, view.attached) == ("available", cid, 1)
    assert view.call(cid).state == "connected"
    with pytest.raises(KeyError):
        view.call("nope")
    assert sim.logins() == ["operator", "ivanova"]


async def test_unknown_scenario_is_refused() -> None:
    with pytest.raises(ValueError, match="scenario"):
        Simulator("chaos")


# ---------------------------------------------------------------- control channel


async def test_control_channel_drives_the_world(sim: Simulator, peer: Peer) -> None:
    async with SimControl(sim.url) as control:
        assert (await control.request("ping"))["ok"] is True
        reply = await control.request(
            "inject_call", login=LOGIN, caller="+79161112233", params={"ClientId": "CL-5"}
        )
        cid = reply["cid"]
        new, _ = await peer.expect("NewCall", "UserState")
        assert isinstance(new, m.NewCall) and new.cid == cid
        await control.request("answer_elsewhere", login=LOGIN, cid=cid)
        await peer.expect("CallStatus", "UserState", "CurrentCall")
        await control.request("end_call_remote", login=LOGIN, cid=cid)
        await peer.expect("CallStatus", "UserState")
        await control.request("set_user_state", login=LOGIN, state="dnd")
        (state,) = await peer.expect("UserState")
        assert isinstance(state, m.UserState) and state.substates[-1] == "dnd"
        view = (await control.request("operator", login=LOGIN))["operator"]
        assert view["calls"][0]["cid"] == cid and view["calls"][0]["params"]["ClientId"] == "CL-5"
        rows = (await control.request("directory"))["directory"]
        assert {"number": "202", "label": rows[2]["label"], "behaviour": "busy"} in rows
        log = await control.request("commands")
        assert [c["name"] for c in log["commands"]] == ["SetProtocolVersion", "AttachToUser"]
        assert log["commands"][1]["frame"]["login"] == LOGIN and log["next"] == 2
        assert (await control.request("commands", since=2))["commands"] == []


async def test_control_channel_refusals(sim: Simulator) -> None:
    async with SimControl(sim.url) as control:
        for op, args, text in [
            ("teleport", {}, "unknown op"),
            ("inject_call", {}, "missing login"),
            ("inject_call", {"login": "nobody"}, "unknown login"),
            ("inject_call", {"login": LOGIN, "colour": "red"}, "unknown argument"),
            ("inject_call", {"login": LOGIN, "params": {"a": 1}}, "params"),
            ("refuse_connections", {"seconds": "ten"}, "number"),
            ("end_call_remote", {"login": LOGIN, "cid": "x"}, "no call"),
            ("set_user_state", {"login": LOGIN, "state": 5}, "string"),
        ]:
            with pytest.raises(SimControlError, match=text):
                await control.request(op, **args)
    async with connect(sim.url, subprotocols=[CONTROL_SUBPROTOCOL]) as raw:  # type: ignore[list-item]
        await raw.send("{oops")
        assert json.loads(await raw.recv())["ok"] is False
        await raw.send("[]")
        assert json.loads(await raw.recv()) == {"ok": False, "error": "a request is a JSON object"}


async def test_control_channel_drop_and_refuse(sim: Simulator, peer: Peer) -> None:
    async with SimControl(sim.url) as control:
        await control.request("drop_all_connections")
        with pytest.raises(ConnectionClosed):
            await peer.recv()
        await control.request("refuse_connections", seconds=5)
        with pytest.raises(InvalidStatus):
            await Peer.open(sim.url)
        await control.request("refuse_connections", seconds=0)
        again = await Peer.open(sim.url)
        await again.close()
        assert (await control.request("ping"))["ok"] is True  # this channel survived


async def test_control_channel_only_on_loopback_unless_allowed() -> None:
    async with Simulator(timings=SimTimings.fast()) as local:
        assert local.control_allowed
    closed = Simulator(timings=SimTimings.fast())
    await closed.start("0.0.0.0", 0)
    try:
        assert not closed.control_allowed
        with pytest.raises(InvalidStatus) as refused:
            await SimControl(closed.url).__aenter__()
        assert refused.value.response.status_code == 400
        peer = await Peer.open(closed.url)  # the CTI protocol is served as usual
        await peer.close()
    finally:
        await closed.stop()
    opened = Simulator(timings=SimTimings.fast(), allow_remote_control=True)
    await opened.start("0.0.0.0", 0)
    try:
        async with SimControl(opened.url) as control:
            assert (await control.request("ping"))["ok"] is True
    finally:
        await opened.stop()


async def test_a_stopped_simulator_starts_again_with_its_state() -> None:
    sim = Simulator(timings=SimTimings.fast())
    await sim.start()
    cid = sim.inject_call(LOGIN)
    await sim.stop()
    await sim.stop()  # stopping twice is harmless
    await sim.start()
    try:
        async with Peer.attached(sim.url, LOGIN) as peer:
            await peer.send("Answer", login=LOGIN, cid=cid)
            await peer.expect("Ok", "CallStatus", "UserState", "CurrentCall")
            await peer.send("MakeCall", login=LOGIN, phoneNumber="200")
            await peer.expect("Ok", "CallStatus", "NewCall", "UserState", "CurrentCall")
            await peer.expect("CallStatus", "UserState")  # timers run again
    finally:
        await sim.stop()
