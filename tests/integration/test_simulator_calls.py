"""The simulator's call, state, parameter and service commands, over real sockets."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager

import pytest
import pytest_asyncio

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.naumen.peer import SimPeer as Peer
from agent_toolbar.simulators.naumen.simulator import SimTimings, Simulator

pytestmark = pytest.mark.asyncio
LOGIN = "operator"
WEB = "webphone"


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(timings=SimTimings.fast(), seed=3, webphone_logins=[WEB]) as simulator:
        yield simulator


@pytest_asyncio.fixture
async def peer(sim: Simulator) -> AsyncIterator[Peer]:
    async with Peer.attached(sim.url, LOGIN) as attached_peer:
        yield attached_peer


def attached(sim: Simulator, login: str = LOGIN) -> AbstractAsyncContextManager[Peer]:
    return Peer.attached(sim.url, login)


async def test_an_offered_call_and_its_answer(sim: Simulator, peer: Peer) -> None:
    cid = sim.inject_call(LOGIN, caller="+79161234567", display_name="Попова Анна Сергеевна")
    new, ringing = await peer.expect("NewCall", "UserState")
    assert isinstance(new, m.NewCall) and isinstance(ringing, m.UserState)
    assert len(new.cid) == 64 and new.cid == cid
    assert (new.type, new.state, new.direction, new.hold, new.muted) == (
        "voice",
        "new",
        "in",
        False,
        False,
    )
    assert new.display_name == "Попова Анна Сергеевна"
    assert new.creation_time is not None and new.creation_time > 1e12  # milliseconds
    assert new.params is not None and len(new.params["sessionId"]) == 64
    assert new.params["caller"] == "+79161234567" and new.params["called"]
    assert ringing.substates == ("normal", "ringing", "ringing#voice")

    rid = await peer.send("Answer", login=LOGIN, cid=cid)
    ok, status, speaking, current = await peer.expect(
        "Ok", "CallStatus", "UserState", "CurrentCall"
    )
    assert ok.rid == rid and status.rid is None
    assert isinstance(status, m.CallStatus) and status.state == "connected"
    assert status.answer_time is not None and status.answer_time >= new.creation_time
    assert isinstance(speaking, m.UserState) and speaking.state == "available"
    assert speaking.substates == ("normal", "speaking", "speaking#voice")
    assert isinstance(current, m.CurrentCall) and current.cid == cid


async def test_answer_is_only_for_a_ringing_incoming_call(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)
    assert "ringing" in await peer.error("Answer", login=LOGIN, cid=cid)
    assert "no call" in await peer.error("Answer", login=LOGIN, cid="0" * 64)


async def test_answering_a_second_call_holds_the_first(sim: Simulator, peer: Peer) -> None:
    first = await peer.talk(sim, LOGIN)
    second = await peer.ring(sim, LOGIN)
    await peer.send("Answer", login=LOGIN, cid=second)
    _ok, held, connected, _state, current = await peer.expect(
        "Ok", "CallStatus", "CallStatus", "UserState", "CurrentCall"
    )
    assert isinstance(held, m.CallStatus) and (held.cid, held.hold) == (first, True)
    assert isinstance(connected, m.CallStatus) and connected.cid == second
    assert isinstance(current, m.CurrentCall) and current.cid == second


async def test_hold_and_mute(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)
    for name, field, on in [
        ("Hold", "hold", True),
        ("Mute", "muted", True),
        ("Hold", "hold", False),
    ]:
        rid = await peer.send(name, login=LOGIN, cid=cid, on=on)
        ok, status = await peer.expect("Ok", "CallStatus")
        assert ok.rid == rid and getattr(status, field) is on
    ringing = await peer.ring(sim, LOGIN)
    assert "not connected" in await peer.error("Hold", login=LOGIN, cid=ringing, on=True)


async def test_hangup_of_a_conversation_leads_to_wrapup_until_close(
    sim: Simulator, peer: Peer
) -> None:
    cid = await peer.talk(sim, LOGIN)
    session_id = sim.operator(LOGIN).call(cid).session_id
    await peer.send("Hangup", login=LOGIN, cid=cid)
    _ok, ended, wrapup = await peer.expect("Ok", "CallStatus", "UserState")
    assert isinstance(ended, m.CallStatus) and ended.state == "ended"
    assert ended.hangup_time is not None
    assert isinstance(wrapup, m.UserState)
    assert wrapup.substates == ("normal", "wrapup", "wrapup#voice")
    assert wrapup.reason == session_id
    await peer.quiet()
    calls = await peer.reply("GetCalls", login=LOGIN)
    assert isinstance(calls, m.Calls) and calls.calls[0].state == "ended"
    await peer.send("close", login=LOGIN, cid=cid)  # the example's spelling
    _ok, closed, state = await peer.expect("Ok", "OnClose", "UserState")
    assert isinstance(closed, m.OnClose) and closed.cid == cid
    assert isinstance(state, m.UserState) and state.substates == ("normal",)


async def test_close_is_only_for_an_ended_call(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)
    assert "ended" in await peer.error("Close", login=LOGIN, cid=cid)


async def test_hangup_in_wrapup_acts_as_close(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)
    await peer.send("Hangup", login=LOGIN, cid=cid)
    await peer.expect("Ok", "CallStatus", "UserState")
    await peer.send("Hangup", login=LOGIN, cid=cid)
    await peer.expect("Ok", "OnClose", "UserState")


async def test_hangup_of_an_offer_refuses_it_and_sets_accident(sim: Simulator, peer: Peer) -> None:
    cid = await peer.ring(sim, LOGIN)
    session_id = sim.operator(LOGIN).call(cid).session_id
    await peer.send("Hangup", login=LOGIN, cid=cid)
    _ok, ended, closed, accident = await peer.expect("Ok", "CallStatus", "OnClose", "UserState")
    assert isinstance(ended, m.CallStatus) and ended.state == "ended"
    assert isinstance(closed, m.OnClose) and closed.cid == cid
    assert isinstance(accident, m.UserState) and accident.state == "notavailable"
    assert accident.substates == ("normal", "accident")
    assert accident.reason == f"8:{session_id}"
    (back,) = await peer.expect("UserState")  # after SimTimings.accident
    assert isinstance(back, m.UserState)
    assert (back.state, back.substates, back.reason) == ("available", ("normal",), None)


async def test_without_wrapup_the_call_closes_at_once() -> None:
    timings = SimTimings.fast(wrapup_enabled=False)
    async with Simulator(timings=timings) as sim, attached(sim) as peer:
        cid = await peer.talk(sim, LOGIN)
        await peer.send("Hangup", login=LOGIN, cid=cid)
        _ok, _ended, _closed, state = await peer.expect("Ok", "CallStatus", "OnClose", "UserState")
        assert isinstance(state, m.UserState) and state.substates == ("normal",)


async def test_wrapup_closes_by_itself_when_configured() -> None:
    timings = SimTimings.fast(wrapup_auto_close=0.05)
    async with Simulator(timings=timings) as sim, attached(sim) as peer:
        cid = await peer.talk(sim, LOGIN)
        await peer.send("Hangup", login=LOGIN, cid=cid)
        await peer.expect("Ok", "CallStatus", "UserState")
        await peer.expect("OnClose", "UserState")


async def test_make_call_to_a_colleague_who_answers(sim: Simulator, peer: Peer) -> None:
    rid = await peer.send("MakeCall", login=LOGIN, phoneNumber="200")
    ok, new, ringing, current = await peer.expect("Ok", "NewCall", "UserState", "CurrentCall")
    assert ok.rid == rid
    assert isinstance(new, m.NewCall) and (new.direction, new.state) == ("out", "new")
    assert "Петров" in new.display_name
    assert new.params is not None and new.params["called"] == "200"
    assert isinstance(ringing, m.UserState) and "ringing#voice" in ringing.substates
    assert isinstance(current, m.CurrentCall) and current.cid == new.cid
    connected, speaking = await peer.expect("CallStatus", "UserState")
    assert isinstance(connected, m.CallStatus) and connected.state == "connected"
    assert isinstance(speaking, m.UserState) and "speaking#voice" in speaking.substates


@pytest.mark.parametrize("number", ["202", "204", "206"])
async def test_make_call_that_fails_ends_without_wrapup(
    sim: Simulator, peer: Peer, number: str
) -> None:
    await peer.send("MakeCall", login=LOGIN, phoneNumber=number)
    await peer.expect("Ok", "NewCall", "UserState", "CurrentCall")
    ended, _closed, state = await peer.expect("CallStatus", "OnClose", "UserState")
    assert isinstance(ended, m.CallStatus) and ended.state == "ended"
    assert isinstance(state, m.UserState) and state.substates == ("normal",)


async def test_make_call_refuses_bad_numbers(peer: Peer) -> None:
    assert "empty" in await peer.error("MakeCall", login=LOGIN, phoneNumber=" ")
    assert "neither" in await peer.error("MakeCall", login=LOGIN, phoneNumber="call me")


async def test_dtmf(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)
    assert isinstance(
        await peer.reply("SendDTMFSignal", login=LOGIN, cid=cid, DTMFString="12*#!"), m.Ok
    )
    assert "0-9" in await peer.error("SendDTMFSignal", login=LOGIN, cid=cid, DTMFString="12a")
    assert sim.operator(LOGIN).call(cid).dtmf == ("12*#!",)
    ringing = await peer.ring(sim, LOGIN)
    await peer.error("SendDTMFSignal", login=LOGIN, cid=ringing, DTMFString="1")


async def test_set_active(sim: Simulator, peer: Peer) -> None:
    first = await peer.talk(sim, LOGIN)
    await peer.ring(sim, LOGIN)
    await peer.send("SetActive", login=LOGIN, cid=first)
    _ok, current = await peer.expect("Ok", "CurrentCall")
    assert isinstance(current, m.CurrentCall) and current.cid == first


async def test_set_call_param_reports_only_changes(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)
    rid = await peer.send("SetCallParam", login=LOGIN, cid=cid, paramName="Result", paramValue="ok")
    updated, ok = await peer.expect("CallParamsUpdated", "Ok")
    assert isinstance(updated, m.CallParamsUpdated) and updated.params == {"Result": "ok"}
    assert ok.rid == rid
    same = await peer.reply(
        "SetCallParam", login=LOGIN, cid=cid, paramName="Result", paramValue="ok"
    )
    assert isinstance(same, m.Ok)
    assert "sessionId" in await peer.error(
        "SetCallParam", login=LOGIN, cid=cid, paramName="sessionId", paramValue="x"
    )
    calls = await peer.reply("GetCalls", login=LOGIN)
    assert isinstance(calls, m.Calls) and calls.calls[0].params is not None
    assert calls.calls[0].params["Result"] == "ok"


async def test_set_local_param_survives_into_wrapup(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)
    await peer.send("Hangup", login=LOGIN, cid=cid)
    await peer.expect("Ok", "CallStatus", "UserState")
    await peer.send("SetLocalParam", login=LOGIN, cid=cid, paramName="form", paramValue="42")
    updated, _ok = await peer.expect("LocalParamsUpdated", "Ok")
    assert isinstance(updated, m.LocalParamsUpdated) and updated.params == {"form": "42"}
    same = await peer.reply(
        "SetLocalParam", login=LOGIN, cid=cid, paramName="form", paramValue="42"
    )
    assert isinstance(same, m.Ok)
    calls = await peer.reply("GetCalls", login=LOGIN)
    assert isinstance(calls, m.Calls) and calls.calls[0].local_params == {"form": "42"}


async def test_secure_mode_answers_per_table_3_77(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)

    async def secure(enable: object, target: str = cid) -> str | None:
        await peer.send("SetSessionSecureMode", login=LOGIN, cid=target, enable=enable)
        _ok, response = await peer.expect("Ok", "SetSessionModeResponse")
        assert isinstance(response, m.SetSessionModeResponse) and response.cid == target
        return response.error

    assert await secure(True) is None
    assert sim.operator(LOGIN).call(cid).secure
    assert await secure(True) == "Session in desired secure mode state"
    assert await secure("false") is None  # the example's string spelling
    assert await secure(False) == "Session in desired secure mode state"
    assert await secure(True, "f" * 64) == "Can't retrieve sessionId for call"


@pytest.mark.parametrize(
    ("state", "reason", "top", "substates", "shown"),
    [
        ("away", "Dinner", "notavailable", ("away",), "Dinner"),
        ("away", "CustomAwayReason3", "notavailable", ("away",), "CustomAwayReason3"),
        ("away", None, "notavailable", ("away",), None),
        ("dnd", None, "notavailable", ("dnd",), None),
        ("custom2", None, "notavailable", ("custom2",), None),
        ("available", None, "available", ("normal",), None),
        ("Normal", None, "available", ("normal",), None),
    ],
)
async def test_change_user_state(
    peer: Peer,
    state: str,
    reason: str | None,
    top: str,
    substates: tuple[str, ...],
    shown: str | None,
) -> None:
    fields = {"state": state} if reason is None else {"state": state, "reason": reason}
    await peer.send("ChangeUserState", login=LOGIN, **fields)
    _ok, user_state = await peer.expect("Ok", "UserState")
    assert isinstance(user_state, m.UserState)
    assert (user_state.state, user_state.substates, user_state.reason) == (top, substates, shown)


@pytest.mark.parametrize(
    "state",
    ["wrapup", "ringing", "speaking", "standoff", "accident", "offline", "notavailable", "xyz", ""],
)
async def test_change_user_state_refuses_what_a_cti_module_cannot_set(
    peer: Peer, state: str
) -> None:
    description = await peer.error("ChangeUserState", login=LOGIN, state=state)
    assert "cannot be set" in description


async def test_change_user_state_refuses_unknown_away_reasons(peer: Peer) -> None:
    assert "Dinner" in await peer.error("ChangeUserState", login=LOGIN, state="away", reason="Nap")


async def test_busy_operator_state_keeps_the_away_reason(sim: Simulator, peer: Peer) -> None:
    await peer.send("ChangeUserState", login=LOGIN, state="away", reason="TechnicalBreak")
    await peer.expect("Ok", "UserState")
    cid = await peer.talk(sim, LOGIN)
    await peer.send("Hangup", login=LOGIN, cid=cid)
    _ok, _ended, state = await peer.expect("Ok", "CallStatus", "UserState")
    assert isinstance(state, m.UserState)
    assert state.substates == ("away", "wrapup", "wrapup#voice")
    assert (state.state, state.reason) == ("notavailable", "TechnicalBreak")


@pytest.mark.parametrize("name", ["Logout", "Exit"])
async def test_logout_and_exit_take_the_operator_offline(
    sim: Simulator, peer: Peer, name: str
) -> None:
    cid = await peer.talk(sim, LOGIN)
    await peer.send(name, login=LOGIN)
    _ok, ended, _closed, offline = await peer.expect("Ok", "CallStatus", "OnClose", "UserState")
    assert isinstance(ended, m.CallStatus) and ended.cid == cid and ended.state == "ended"
    assert isinstance(offline, m.UserState) and offline.state == "offline"
    assert offline.time is None
    assert "offline" in await peer.error("GetCalls", login=LOGIN)


async def test_bind_number_one_per_login_and_replace(sim: Simulator, peer: Peer) -> None:
    number = "sip:89161234567@10.0.0.5:5060"
    assert isinstance(await peer.reply("BindNumber", login=LOGIN, number=number), m.Ok)
    assert sim.operator(LOGIN).bound_number == number
    assert "sip:" in await peer.error("BindNumber", login=LOGIN, number="89161234567")
    async with attached(sim, "ivanova") as other:
        assert "replace" in await other.error("BindNumber", login="ivanova", number=number)
        taken = await other.reply("BindNumber", login="ivanova", number=number, replace=True)
        assert isinstance(taken, m.Ok)
    assert sim.operator(LOGIN).bound_number is None
    assert sim.operator("ivanova").bound_number == number


async def test_music_on_hold(sim: Simulator, peer: Peer) -> None:
    cid = await peer.talk(sim, LOGIN)
    url = r"file:res\sounds\music\sp.raw"
    assert isinstance(await peer.reply("SetMusicOnHold", login=LOGIN, cid=cid, url=url), m.Ok)
    assert sim.operator(LOGIN).call(cid).music_on_hold == url
    assert "url" in await peer.error("SetMusicOnHold", login=LOGIN, cid=cid, url="")


async def test_reopen_audio_device_and_root_page(sim: Simulator, peer: Peer) -> None:
    await peer.send("ReopenAudioDevice", login=LOGIN)
    _ok, device = await peer.expect("Ok", "CallStatus")
    assert isinstance(device, m.CallStatus) and device.type == "dev"
    cid = await peer.talk(sim, LOGIN)
    await peer.send("ReopenAudioDevice", login=LOGIN)
    _ok, status = await peer.expect("Ok", "CallStatus")
    assert isinstance(status, m.CallStatus) and status.cid == cid
    await peer.send("ReopenRootPage", login=LOGIN)
    _ok, status = await peer.expect("Ok", "CallStatus")
    assert isinstance(status, m.CallStatus) and status.cid == cid


async def test_text_session_commands(sim: Simulator, peer: Peer) -> None:
    assert "no text session" in await peer.error(
        "SubscribeOnMessagesSession", protocol_version=0, session_id="s" * 64, direction="in"
    )
    chat = await peer.ring(sim, LOGIN, call_type="telegram")
    await peer.send("MessageInProcessMode", login=LOGIN, cid=chat, messageId="m1")
    _ok, status, state, _current = await peer.expect("Ok", "CallStatus", "UserState", "CurrentCall")
    assert isinstance(status, m.CallStatus) and status.state == "connected"
    assert isinstance(state, m.UserState) and "speaking#telegram" in state.substates
    sent = await peer.reply("SendVoipMessage", login=LOGIN, cid=chat, message="Здравствуйте")
    assert isinstance(sent, m.Ok)
    voice = await peer.ring(sim, LOGIN)
    assert "text" in await peer.error(
        "MessageInProgressMode", login=LOGIN, cid=voice, messageId="1"
    )


async def test_broadcasts_and_pms_requests_are_accepted_and_recorded(
    sim: Simulator, peer: Peer
) -> None:
    ok = await peer.reply("BroadcastMessage", message="SL снизился до 20%.", to=["ivanova"])
    assert isinstance(ok, m.Ok)
    assert "recipient" in await peer.error("BroadcastMessage", message="x", to=[])
    project = "corebo00000000000n1ostbh66tr416c"
    ok = await peer.reply(
        "BroadcastProjectMessage", message="SL 20%", project_id=project, to=["agent"]
    )
    assert isinstance(ok, m.Ok)
    assert "role" in await peer.error(
        "BroadcastProjectMessage", message="x", project_id=project, to=["boss"]
    )
    assert len(sim.world.broadcasts) == 2
    request = {
        "path": "/api/v2/project/x/interaction/y",
        "data": {"finishAction": {"callDisposition": "CRR_DISCONNECT", "clientId": ""}},
        "method": "POST",
        "headers": {"Content-Type": "application/json", "RUN_AS_USER": LOGIN},
        "timeout": 10,
    }
    assert isinstance(await peer.reply("SendPmsRestRequest", **request), m.Ok)
    assert sim.world.pms_requests[-1].data == request["data"]
    assert "path" in await peer.error("SendPmsRestRequest", path="api/x")


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("CreateConference", {"conferenceName": "x"}),
        ("GetConferences", {}),
        ("SetMusicOnHold", {"cid": "c", "url": "file:x"}),
        ("ReopenAudioDevice", {}),
        ("ReopenRootPage", {}),
        ("BindNumber", {"number": "sip:1@10.0.0.1:5060"}),
        ("HangupConference", {"confId": "1"}),
    ],
)
async def test_a_webphone_refuses_what_it_lacks(
    sim: Simulator, name: str, fields: dict[str, object]
) -> None:
    async with attached(sim, WEB) as web:
        assert "WebPhone" in await web.error(name, login=WEB, **fields)


async def test_a_webphone_handles_calls(sim: Simulator) -> None:
    async with attached(sim, WEB) as web:
        cid = await web.talk(sim, WEB)
        assert isinstance(await web.reply("Hold", login=WEB, cid=cid, on=True), m.Ok)


async def test_parameters_known_later_come_in_call_params(sim: Simulator, peer: Peer) -> None:
    params = {"ClientId": "CL-1", "url": "https://crm.example.com/clients/CL-1"}
    cid = sim.inject_call(LOGIN, params=params, params_later=0.05)
    new, _ = await peer.expect("NewCall", "UserState")
    assert isinstance(new, m.NewCall) and new.params is None
    calls = await peer.reply("GetCalls", login=LOGIN)
    assert isinstance(calls, m.Calls) and calls.calls[0].params is None
    (late,) = await peer.expect("CallParams")
    assert isinstance(late, m.CallParams) and late.cid == cid and late.params is not None
    assert late.params["ClientId"] == "CL-1" and len(late.params["sessionId"]) == 64
