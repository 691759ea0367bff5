"""The simulator's transfers: every kind, every failure status, cancel, return and finish."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.naumen.peer import SimPeer as Peer
from agent_toolbar.simulators.naumen.simulator import SimTimings, Simulator

pytestmark = pytest.mark.asyncio
LOGIN = "operator"
WEB = "webphone"
HOLDING = ("Transfer", "ConsultationTransfer", "TransferWithCallBack")


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(timings=SimTimings.fast(), seed=5, webphone_logins=[WEB]) as simulator:
        yield simulator


@pytest_asyncio.fixture
async def peer(sim: Simulator) -> AsyncIterator[Peer]:
    async with Peer.attached(sim.url, LOGIN) as attached_peer:
        yield attached_peer


async def start(peer: Peer, kind: str, cid: str, number: str, login: str = LOGIN) -> None:
    """Send a transfer and consume ``Ok``, ``OnTransferCall`` (and the hold ``CallStatus``)."""
    rid = await peer.send(kind, login=login, cid=cid, phoneNumber=number)
    ok, started = await peer.expect("Ok", "OnTransferCall")
    assert ok.rid == rid
    assert isinstance(started, m.OnTransferCall) and started.cid == cid
    assert started.was_connected is True
    if kind != "ConferenceTransfer":
        (held,) = await peer.expect("CallStatus")
        assert isinstance(held, m.CallStatus) and held.hold is True


async def test_blind_transfer_succeeds_and_the_call_leaves(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)
    await start(peer, "Transfer", cid, "200")
    succeeded, ended, closed, state = await peer.expect(
        "TransferSucceed", "CallStatus", "OnClose", "UserState"
    )
    assert isinstance(succeeded, m.TransferSucceed) and succeeded.cid == cid
    assert isinstance(ended, m.CallStatus) and ended.state == "ended"
    assert isinstance(closed, m.OnClose) and closed.cid == cid
    assert isinstance(state, m.UserState) and state.substates == ("normal",)
    assert sim.operator(LOGIN).calls == ()


@pytest.mark.parametrize("kind", HOLDING)
@pytest.mark.parametrize(
    ("number", "status"),
    [
        ("", "0"),
        ("20 0", "1"),
        ("двести", "1"),
        ("202", "7"),
        ("310", "7"),
        ("204", "10"),
        ("12", "10"),
        ("sip:nobody@cc.example.com", "10"),
        ("206", "5"),
        ("205", "9"),
        ("203", "4"),
    ],
)
async def test_failed_transfers_report_the_status_and_return_the_customer(
    sim: Simulator, peer: Peer, kind: str, number: str, status: str
) -> None:
    cid = await peer.talk(sim, LOGIN)
    await start(peer, kind, cid, number)
    failed, back = await peer.expect("TransferFailed", "CallStatus")
    assert isinstance(failed, m.TransferFailed) and (failed.cid, failed.status) == (cid, status)
    assert isinstance(back, m.CallStatus) and back.hold is False and back.state == "connected"
    assert sim.operator(LOGIN).call(cid).transfer is None


@pytest.mark.parametrize(("number", "status"), [("", "0"), ("a1", "1"), ("202", "7")])
async def test_a_failed_conference_transfer_leaves_the_call_as_it_was(
    sim: Simulator, peer: Peer, number: str, status: str
) -> None:
    cid = await peer.talk(sim, LOGIN)
    await start(peer, "ConferenceTransfer", cid, number)
    (failed,) = await peer.expect("TransferFailed")
    assert isinstance(failed, m.TransferFailed) and failed.status == status
    await peer.quiet()


async def test_consultation_then_hangup_completes_the_transfer(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)
    await start(peer, "ConsultationTransfer", cid, "201")
    await peer.expect("TransferSucceed")
    assert sim.operator(LOGIN).call(cid).hold  # the customer waits while the operator consults
    await peer.send("Hangup", login=LOGIN, cid=cid)
    _ok, ended, _closed, state = await peer.expect("Ok", "CallStatus", "OnClose", "UserState")
    assert isinstance(ended, m.CallStatus) and ended.state == "ended"
    assert isinstance(state, m.UserState) and state.substates == ("normal",)  # no wrap-up


async def test_break_after_the_consultant_answered_takes_the_customer_back(
    sim: Simulator, peer: Peer
) -> None:
    cid = await peer.talk(sim, LOGIN)
    await start(peer, "ConsultationTransfer", cid, "200")
    await peer.expect("TransferSucceed")
    rid = await peer.send("BreakTransfer", login=LOGIN, cid=cid)
    ok, returned, back = await peer.expect("Ok", "TransferCallReturned", "CallStatus")
    assert ok.rid == rid
    assert isinstance(returned, m.TransferCallReturned) and returned.cid == cid
    assert isinstance(back, m.CallStatus) and back.hold is False


async def test_break_while_the_target_rings_fails_the_transfer_with_8(
    sim: Simulator, peer: Peer
) -> None:
    cid = await peer.talk(sim, LOGIN)
    await start(peer, "ConsultationTransfer", cid, "203")  # never answers
    await peer.send("BreakTransfer", login=LOGIN, cid=cid)
    _ok, failed, _returned, _back = await peer.expect(
        "Ok", "TransferFailed", "TransferCallReturned", "CallStatus"
    )
    assert isinstance(failed, m.TransferFailed) and failed.status == "8"
    await peer.quiet(sim.timings.no_answer_timeout + 0.1)  # the cancelled timeout never fires


async def test_break_without_a_transfer_is_an_error(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)
    assert "no transfer" in await peer.error("BreakTransfer", login=LOGIN, cid=cid)


async def test_conference_transfer_then_finish(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)
    await start(peer, "ConferenceTransfer", cid, "201")
    await peer.expect("TransferSucceed")
    assert not sim.operator(LOGIN).call(cid).hold  # all three talk together
    await peer.send("FinishConferenceTransfer", login=LOGIN, cid=cid)
    _ok, state, closed = await peer.expect("Ok", "UserState", "OnClose")
    assert isinstance(state, m.UserState) and state.substates == ("normal",)
    assert isinstance(closed, m.OnClose) and closed.cid == cid


async def test_finish_before_the_consultant_answers_on_a_softphone(
    sim: Simulator, peer: Peer
) -> None:
    cid = await peer.talk(sim, LOGIN)
    await start(peer, "ConferenceTransfer", cid, "203")
    await peer.send("FinishConferenceTransfer", login=LOGIN, cid=cid)
    await peer.expect("Ok", "TransferSucceed", "UserState", "OnClose")
    await peer.quiet(sim.timings.no_answer_timeout + 0.1)


async def test_finish_before_the_consultant_answers_on_a_webphone(sim: Simulator) -> None:
    async with Peer.attached(sim.url, WEB) as web:
        cid = await web.talk(sim, WEB)
        await start(web, "ConferenceTransfer", cid, "203", login=WEB)
        await web.send("FinishConferenceTransfer", login=WEB, cid=cid)
        _ok, failed, ended, _state, _closed = await web.expect(
            "Ok", "TransferFailed", "CallStatus", "UserState", "OnClose"
        )
        assert isinstance(failed, m.TransferFailed) and failed.status == "8"
        assert isinstance(ended, m.CallStatus) and ended.state == "ended"


async def test_finish_without_a_conference_transfer_is_an_error(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)
    assert "conference" in await peer.error("FinishConferenceTransfer", login=LOGIN, cid=cid)
    await start(peer, "ConsultationTransfer", cid, "203")
    assert "conference" in await peer.error("FinishConferenceTransfer", login=LOGIN, cid=cid)


async def test_transfer_with_return_comes_back(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)
    await start(peer, "TransferwithCallback", cid, "200")  # the example's spelling
    _succeeded, returned, back = await peer.expect(
        "TransferSucceed", "TransferCallReturned", "CallStatus"
    )
    assert isinstance(returned, m.TransferCallReturned) and returned.cid == cid
    assert isinstance(back, m.CallStatus) and (back.state, back.hold) == ("connected", False)
    assert sim.operator(LOGIN).call(cid).transfer is None


async def test_a_second_transfer_while_one_runs_is_an_error(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)
    await start(peer, "ConsultationTransfer", cid, "203")
    description = await peer.error("Transfer", login=LOGIN, cid=cid, phoneNumber="200")
    assert "already in progress" in description
    assert "transferred" in await peer.error("Hold", login=LOGIN, cid=cid, on=False)


async def test_blind_transfer_of_a_ringing_call(sim: Simulator, peer: Peer) -> None:
    cid = await peer.ring(sim, LOGIN)
    await peer.send("Transfer", login=LOGIN, cid=cid, phoneNumber="300")
    _ok, started, status = await peer.expect("Ok", "OnTransferCall", "CallStatus")
    assert isinstance(started, m.OnTransferCall) and started.was_connected is False
    assert isinstance(status, m.CallStatus) and (status.state, status.hold) == ("new", False)
    await peer.expect("TransferSucceed", "CallStatus", "OnClose", "UserState")


@pytest.mark.parametrize("kind", ["ConsultationTransfer", "ConferenceTransfer"])
async def test_transfers_that_need_a_conversation_refuse_a_ringing_call(
    sim: Simulator, peer: Peer, kind: str
) -> None:
    cid = await peer.ring(sim, LOGIN)
    assert "connected" in await peer.error(kind, login=LOGIN, cid=cid, phoneNumber="200")


async def test_customer_hanging_up_during_a_transfer_fails_it_with_9(
    sim: Simulator, peer: Peer
) -> None:
    cid = await peer.talk(sim, LOGIN)
    await start(peer, "ConsultationTransfer", cid, "203")
    sim.end_call_remote(LOGIN, cid)
    failed, ended, wrapup = await peer.expect("TransferFailed", "CallStatus", "UserState")
    assert isinstance(failed, m.TransferFailed) and failed.status == "9"
    assert isinstance(ended, m.CallStatus) and ended.state == "ended"
    assert isinstance(wrapup, m.UserState) and "wrapup#voice" in wrapup.substates


async def test_operator_hanging_up_a_pending_transfer_fails_it_with_8(
    sim: Simulator, peer: Peer
) -> None:
    cid = await peer.talk(sim, LOGIN)
    await start(peer, "Transfer", cid, "203")
    await peer.send("Hangup", login=LOGIN, cid=cid)
    _ok, failed, _ended, _wrapup = await peer.expect(
        "Ok", "TransferFailed", "CallStatus", "UserState"
    )
    assert isinstance(failed, m.TransferFailed) and failed.status == "8"


async def test_transfer_of_an_ended_call_is_an_error(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)
    await peer.send("Hangup", login=LOGIN, cid=cid)
    await peer.expect("Ok", "CallStatus", "UserState")
    assert "ended" in await peer.error("Transfer", login=LOGIN, cid=cid, phoneNumber="200")
