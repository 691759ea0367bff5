"""The Oktell simulator over real HTTP: auth, addressing, shapes, every method's state machine."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any
from xml.etree import ElementTree as ET

import aiohttp
import pytest
import pytest_asyncio

from agent_toolbar.simulators.oktell import Simulator
from agent_toolbar.simulators.oktell.model import CallState

pytestmark = pytest.mark.asyncio
LOGIN = "operator"
AUTH = {"Authorization": aiohttp.encode_basic_auth("admin", "oktell")}


class Raw:
    """A plain HTTP client of the simulator (no code of the backend)."""

    def __init__(self, sim: Simulator, session: aiohttp.ClientSession) -> None:
        self.sim = sim
        self.session = session

    async def get(
        self, method: str, headers: dict[str, str] | None = None, **params: str
    ) -> tuple[int, bytes, aiohttp.ClientResponse]:
        async with self.session.get(
            f"{self.sim.url}/{method}", params=params, headers=AUTH if headers is None else headers
        ) as response:
            return response.status, await response.read(), response

    async def line(self, **address: str) -> dict[str, Any]:
        status, body, _ = await self.get("wp_getabonentinfo", **(address or {"user": LOGIN}))
        assert status == 200
        return json.loads(body)

    async def chain(self) -> dict[str, Any]:
        status, body, _ = await self.get("wp_getchaincontent", user=LOGIN)
        assert status == 200
        return json.loads(body)

    async def state(self) -> int:
        status, body, _ = await self.get("tst_getuserstate", iduser=LOGIN)
        assert status == 200
        root = ET.fromstring(body.decode("utf-8"))
        node = root.find(".//property_simple[@key='state']")
        assert node is not None
        return int(node.get("value", ""))

    async def do(self, method: str, **params: str) -> None:
        status, body, _ = await self.get(method, user=LOGIN, **params)
        assert (status, body) == (200, b""), body


@pytest_asyncio.fixture
async def raw(sim: Simulator) -> AsyncIterator[Raw]:
    async with aiohttp.ClientSession() as session:
        yield Raw(sim, session)


# ---------------------------------------------------------------- auth and addressing


async def test_every_request_needs_basic_auth_and_gets_403_without_a_challenge(raw: Raw) -> None:
    status, _, response = await raw.get("getversion", headers={})
    assert status == 403 and "WWW-Authenticate" not in response.headers
    bad = {"Authorization": aiohttp.encode_basic_auth("admin", "wrong")}
    status, _, response = await raw.get("wp_answercall", headers=bad, user=LOGIN)
    assert status == 403 and "WWW-Authenticate" not in response.headers
    assert [m for _, m in raw.sim.forbidden] == ["getversion", "wp_answercall"]
    assert raw.sim.commands == []
    own = {"Authorization": aiohttp.encode_basic_auth("ivanova", "oktell")}
    status, _, _ = await raw.get("getversion", headers=own)
    assert status == 200


@pytest.mark.parametrize(
    "key,value",
    [
        ("user", "operator"),
        ("user", "OPERATOR"),
        ("user", "DA803F01-EA77-40FA-BC9D-E2EFB36FD5A8"),
        ("line", "17002"),
        ("line", "e76c86ea-a28a-4519-b4ff-8879a92c62b7"),
        ("user", "183"),
        ("wp", "operator1"),
        ("user", "Дмитрий Евгеньевич"),
    ],
)
async def test_an_operator_is_addressed_by_any_identifier(raw: Raw, key: str, value: str) -> None:
    call_id = raw.sim.inject_call(LOGIN, caller="+79161234567")
    body = await raw.line(**{key: value})
    assert body["abonentinfo"]["commutationid"] == call_id
    assert raw.sim.commands[-1].login == LOGIN


async def test_unknown_or_conflicting_addresses_are_refused_with_a_reason(raw: Raw) -> None:
    status, body, _ = await raw.get("wp_answercall", user="nobody")
    assert status == 404 and b"nobody" in body
    status, body, _ = await raw.get("wp_answercall", user="operator", line="17001")
    assert status == 400
    status, body, _ = await raw.get("wp_answercall")
    assert status == 400 and b"line, user, wp" in body
    status, _, _ = await raw.get("wp_nosuchmethod", user=LOGIN)
    assert status == 404


async def test_post_with_a_form_body_is_a_request_too(raw: Raw) -> None:
    raw.sim.inject_call(LOGIN)
    async with raw.session.post(
        f"{raw.sim.url}/wp_answercall", data={"user": LOGIN}, headers=AUTH
    ) as response:
        assert response.status == 200
    assert (await raw.line())["currentlinestatestr"] == "lsCommutated"


# ---------------------------------------------------------------- shapes


async def test_xml_declares_utf16_and_is_sent_as_utf8_by_default(raw: Raw) -> None:
    status, body, response = await raw.get(
        "tst_getuserstate", iduser="da803f01-ea77-40fa-bc9d-e2efb36fd5a8"
    )
    assert status == 200 and response.charset == "utf-8"
    assert body.startswith(b'<?xml version="1.0" encoding="utf-16"?>')
    root = ET.fromstring(body.decode("utf-8"))
    pset = root.find("data[@name='userstate']/property_set[@name='user']")
    assert pset is not None and pset.get("id") == "da803f01-ea77-40fa-bc9d-e2efb36fd5a8"
    state = pset.find("property_simple[@key='state']")
    assert state is not None and (state.get("value"), state.get("name")) == ("1", "usReady")


async def test_xml_can_be_real_utf16() -> None:
    async with (
        Simulator(xml_encoding="utf-16") as sim,
        aiohttp.ClientSession() as session,
        session.get(f"{sim.url}/getversion", headers=AUTH) as response,
    ):
        body = await response.read()
    assert body.startswith(b"\xff\xfe")
    text = body.decode("utf-16")
    assert 'encoding="utf-16"' in text and "Версия программы" in text


async def test_abonentinfo_and_chaincontent_use_the_seed_field_names(raw: Raw) -> None:
    idle = await raw.line()
    assert idle == {"currentlinestate": 1, "currentlinestatestr": "lsFree"}
    assert await raw.chain() == {}
    call_id = raw.sim.inject_call(LOGIN, caller="+79161234567", display_name="Козлов Олег")
    info = (await raw.line())["abonentinfo"]
    for key in ("isconference", "callerid", "callername", "commutationid", "chainid", "isextline"):
        assert key in info
    assert (info["callerid"], info["callername"], info["commutationid"]) == (
        "+79161234567", "Козлов Олег", call_id,
    )  # fmt: skip
    chain = await raw.chain()
    assert chain["chainid"] == info["chainid"] and set(chain) >= {"createtime", "trace"}
    kinds = [e["contentelementtype"] for e in chain["trace"]]
    assert kinds == ["call", "commutation"]
    commutation = chain["trace"][1]
    assert commutation["commutationid"] == call_id and commutation["timeanswer"] == ""
    assert commutation["aoutnumber"] == "+79161234567" and commutation["buserlogin"] == LOGIN
    await raw.do("wp_answercall")
    answered = (await raw.chain())["trace"][1]
    assert answered["timeanswer"] and answered["timestart"] <= answered["timeanswer"]


# ---------------------------------------------------------------- the call state machine


async def test_answer_then_abort(raw: Raw) -> None:
    await raw.do("wp_answercall")  # nothing rings: 200, nothing happens
    assert (await raw.line())["currentlinestate"] == 1
    raw.sim.inject_call(LOGIN)
    assert (await raw.line())["currentlinestatestr"] == "lsRinging"
    assert await raw.state() == 5
    await raw.do("wp_abortcall")  # a ringing call is declined, not aborted
    assert (await raw.line())["currentlinestatestr"] == "lsRinging"
    await raw.do("wp_answercall")
    assert (await raw.line())["currentlinestatestr"] == "lsCommutated"
    await raw.do("wp_declinecall")  # a connected call cannot be declined
    assert (await raw.line())["currentlinestatestr"] == "lsCommutated"
    await raw.do("wp_abortcall")
    assert (await raw.line())["currentlinestatestr"] == "lsFree"
    assert await raw.state() == 1
    assert [c.result for c in raw.sim.operator(LOGIN).history] == ["hangup"]


async def test_decline_a_ringing_call(raw: Raw) -> None:
    raw.sim.inject_call(LOGIN)
    await raw.do("wp_declinecall")
    assert (await raw.line())["currentlinestate"] == 1
    assert raw.sim.operator(LOGIN).history[-1].result == "declined"


async def test_flash_holds_and_returns(raw: Raw) -> None:
    call_id = raw.sim.inject_call(LOGIN)
    await raw.do("wp_answercall")
    await raw.do("wp_flash")
    line = await raw.line()
    assert line == {"currentlinestate": 16, "currentlinestatestr": "lsHold"}
    chain = await raw.chain()
    assert [e.get("commutationid") for e in chain["trace"]][-1] == call_id
    await raw.do("wp_flash")
    assert (await raw.line())["abonentinfo"]["commutationid"] == call_id


async def _consult(raw: Raw, number: str = "200") -> tuple[str, str]:
    first = raw.sim.inject_call(LOGIN, caller="+79161234567")
    await raw.do("wp_answercall")
    await raw.do("wp_switchcall", number=number)
    line = await raw.line()
    assert line["currentlinestatestr"] == "lsDialing"
    second = line["abonentinfo"]["commutationid"]
    assert line["abonentinfo"]["callerid"] == number and second != first
    return first, second


async def test_switchcall_holds_the_call_and_dials_in_the_same_chain(raw: Raw) -> None:
    first, second = await _consult(raw)
    chain = await raw.chain()
    ids = [e["commutationid"] for e in chain["trace"] if e["contentelementtype"] == "commutation"]
    assert ids == [first, second]
    raw.sim.answer_elsewhere(LOGIN, second)
    assert (await raw.line())["currentlinestatestr"] == "lsCommutated"
    await raw.do("wp_abortcall")  # hanging up with a party held: the two are joined
    assert (await raw.line())["currentlinestate"] == 1
    assert {c.result for c in raw.sim.operator(LOGIN).history} == {"transferred"}


@pytest.mark.parametrize(
    "mode,active,held_left,ended",
    [("switch", "first", "second", 0), ("abort", "first", None, 1), ("next", None, "first", 1)],
)
async def test_flash_modes_with_a_held_party(
    raw: Raw, mode: str, active: str | None, held_left: str | None, ended: int
) -> None:
    first, second = await _consult(raw)
    ids = {"first": first, "second": second}
    raw.sim.answer_elsewhere(LOGIN, second)
    await raw.do("wp_flash", mode=mode)
    op = raw.sim.operator(LOGIN)
    now_active = op.active()
    assert (now_active.commutation_id if now_active else None) == (ids[active] if active else None)
    now_held = op.held()
    assert (now_held.commutation_id if now_held else None) == (
        ids[held_left] if held_left else None
    )
    assert len(op.history) == ended


async def test_autocall_direct_calls_the_number_first_then_rings_the_line(raw: Raw) -> None:
    await raw.do("wp_autocallstart", number="+74950000000", direction="city")
    assert (await raw.line())["currentlinestate"] == 1  # the line is not involved yet
    assert await raw.chain() == {}
    call = raw.sim.operator(LOGIN).calls[0]
    assert (call.autocall, call.phase, call.direction) == ("direct", "far", "outgoing")
    raw.sim.answer_elsewhere(LOGIN, call.commutation_id)  # the number answers
    line = await raw.line()
    assert line["currentlinestatestr"] == "lsRinging"
    assert line["abonentinfo"]["callerid"] == "+74950000000"
    await raw.do("wp_answercall")
    assert (await raw.line())["currentlinestatestr"] == "lsCommutated"


async def test_autocall_back_rings_the_line_first_then_dials(raw: Raw) -> None:
    await raw.do("wp_autocallstart", number="200", sequence="back")
    line = await raw.line()
    assert line["currentlinestatestr"] == "lsRinging"
    assert line["abonentinfo"]["callerid"] == "200"
    chain = await raw.chain()
    commutation = chain["trace"][0]
    assert commutation["auserlogin"] == LOGIN and commutation["bnumberdialed"] == ""
    await raw.do("wp_answercall")
    assert (await raw.line())["currentlinestatestr"] == "lsDialing"
    call = raw.sim.operator(LOGIN).calls[0]
    assert call.direction == "internal"  # direction absent: 200 is an internal number
    raw.sim.answer_elsewhere(LOGIN, call.commutation_id)
    assert (await raw.line())["currentlinestatestr"] == "lsCommutated"
    await raw.do("wp_autocallstop")  # connected: nothing to stop
    assert (await raw.line())["currentlinestatestr"] == "lsCommutated"


async def test_autocallstop_ends_an_autocall_not_yet_connected(raw: Raw) -> None:
    await raw.do("wp_autocallstart", number="201", direction="pbx")
    await raw.do("wp_autocallstart", number="202")  # one at a time: ignored
    assert len(raw.sim.operator(LOGIN).calls) == 1
    await raw.do("wp_autocallstop")
    op = raw.sim.operator(LOGIN)
    assert op.calls == [] and op.history[-1].result == "stopped"


async def test_switchcall_on_an_idle_line_is_an_autocall(raw: Raw) -> None:
    await raw.do("wp_switchcall", number="201", sequence="back")
    call = raw.sim.operator(LOGIN).calls[0]
    assert (call.autocall, call.state) == ("back", CallState.RINGING)


async def test_bad_parameter_values_are_answered_400_and_change_nothing(raw: Raw) -> None:
    for method, params in [
        ("wp_autocallstart", {}),
        ("wp_autocallstart", {"number": "201", "direction": "moon"}),
        ("wp_switchcall", {"number": "201", "sequence": "sideways"}),
        ("wp_flash", {"mode": "twice"}),
        ("wp_setuserstate", {"userstateid": "ready"}),
        ("wp_setuserstate", {"onlunch": "1", "lunchreasonid": "1001", "lunchreasonmsg": "x"}),
        ("wp_setuserstate", {"onlunch": "yes"}),
    ]:
        status, body, _ = await raw.get(method, user=LOGIN, **params)
        assert status == 400 and body, (method, params)
    op = raw.sim.operator(LOGIN)
    assert (op.calls, op.state, op.lunch) == ([], 1, False)


# ---------------------------------------------------------------- user states and modes


async def test_break_with_a_regulated_reason(raw: Raw) -> None:
    await raw.do("wp_setuserstate", onlunch="1", lunchreasonid="1001")
    op = raw.sim.operator(LOGIN)
    assert (op.state, op.lunch, op.lunch_reason_id) == (2, True, 1001)
    assert await raw.state() == 2
    await raw.do("wp_setuserstate", userstateid="1")
    op = raw.sim.operator(LOGIN)
    assert (op.state, op.lunch, op.lunch_reason_id) == (1, False, None)


async def test_break_with_an_individual_reason_and_an_unknown_code(raw: Raw) -> None:
    await raw.do("wp_setuserstate", onlunch="1", lunchreasonid="4242")  # not configured
    assert raw.sim.operator(LOGIN).state == 1
    await raw.do("wp_setuserstate", onlunch="1", lunchreasonmsg="К врачу")
    op = raw.sim.operator(LOGIN)
    assert (op.state, op.lunch_reason_msg) == (2, "К врачу")


async def test_break_needs_the_call_centre_mode_and_leaving_it_ends_the_break(raw: Raw) -> None:
    await raw.do("wp_setuserstate", userstateid="2")
    assert await raw.state() == 2
    await raw.do("wp_setuserstate", oncallcenter="0")
    assert await raw.state() == 1
    await raw.do("wp_setuserstate", userstateid="2")
    await raw.do("wp_setuserstate", onlunch="1", lunchreasonid="1001")
    assert await raw.state() == 1  # impossible: 200, nothing changed
    await raw.do("wp_setuserstate", oncallcenter="1", onlunch="1", lunchreasonid="1002")
    assert await raw.state() == 2


async def test_redirect_only_outside_the_call_centre_and_manual_only_inside(raw: Raw) -> None:
    await raw.do("wp_setuserstate", onredirect="1")
    assert raw.sim.operator(LOGIN).redirect is False
    await raw.do("wp_setuserstate", onccmanual="1")
    assert raw.sim.operator(LOGIN).ccmanual is True
    await raw.do("wp_setuserstate", oncallcenter="0", onredirect="1")
    op = raw.sim.operator(LOGIN)
    assert (op.callcenter, op.redirect, op.ccmanual) == (False, True, False)
    await raw.do("wp_setuserstate", onccmanual="1")
    assert raw.sim.operator(LOGIN).ccmanual is False
    await raw.do("wp_setuserstate", oncallcenter="1")
    assert raw.sim.operator(LOGIN).redirect is False  # entering the call centre ends it


async def test_states_during_a_call(raw: Raw) -> None:
    raw.sim.inject_call(LOGIN)
    await raw.do("wp_answercall")
    for impossible in ("1", "2", "3", "4", "0"):
        await raw.do("wp_setuserstate", userstateid=impossible)
        assert await raw.state() == 5
    await raw.do("wp_setuserstate", onlunch="1", lunchreasonid="1003")
    assert await raw.state() == 5  # the break starts when the line is free
    await raw.do("wp_abortcall")
    assert await raw.state() == 2
    await raw.do("wp_setuserstate", userstateid="3")
    assert await raw.state() == 3
    await raw.do("wp_setuserstate", userstateid="5")
    assert await raw.state() == 5


async def test_readyusers_and_version(raw: Raw) -> None:
    status, body, _ = await raw.get("tst_getintnumberreadyusers", number="120")
    root = ET.fromstring(body.decode("utf-8"))
    assert status == 200 and root.tag == "group"
    assert (root.get("name"), root.get("ready"), root.get("busy")) == ("120", "2", "0")
    raw.sim.inject_call(LOGIN)
    _, body, _ = await raw.get("tst_getintnumberreadyusers", number="120")
    root = ET.fromstring(body.decode("utf-8"))
    assert (root.get("ready"), root.get("busy")) == ("1", "1")
    assert [e.get("name") for e in root.iter("element")] == ["17001"]
