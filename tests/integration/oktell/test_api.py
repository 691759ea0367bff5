"""The Oktell Web-API client against the simulator over real HTTP: every method, every failure."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import ssl
import subprocess
from pathlib import Path

import pytest

from agent_toolbar.backends.oktell.api import (
    ApiConfig,
    Direction,
    FlashMode,
    OktellApi,
    ReasonId,
    ReasonText,
    Sequence,
)
from agent_toolbar.backends.oktell.records import (
    Accepted,
    ChainContent,
    Failure,
    FailureKind,
    LineInfo,
    LineState,
    ReadyUsers,
    UserState,
    Version,
)
from agent_toolbar.simulators.oktell import Simulator

pytestmark = pytest.mark.asyncio
LOGIN = "operator"


def config(sim: Simulator, **overrides: object) -> ApiConfig:
    values: dict[str, object] = {"url": sim.url, "login": LOGIN, "password": "oktell"}
    values.update(overrides)
    return ApiConfig(**values)  # type: ignore[arg-type]


async def test_reading_methods_give_typed_records(sim: Simulator, api: OktellApi) -> None:
    version = await api.getversion()
    assert isinstance(version, Version) and version.build == sim.build
    assert "Версия программы" in version.text
    state = await api.tst_getuserstate()
    assert state == UserState("da803f01-ea77-40fa-bc9d-e2efb36fd5a8", 1, "usReady")
    line = await api.wp_getabonentinfo()
    assert isinstance(line, LineInfo) and line.state is LineState.FREE and line.abonent is None
    assert await api.wp_getchaincontent() == ChainContent()
    ready = await api.tst_getintnumberreadyusers("120")
    assert isinstance(ready, ReadyUsers) and (ready.ready, ready.busy) == (2, 0)
    assert sim.forbidden == []  # Basic was sent with the first request, no 403 first


async def test_user_state_by_guid_when_configured(sim: Simulator) -> None:
    guid = "DA803F01-EA77-40FA-BC9D-E2EFB36FD5A8"
    async with OktellApi(config(sim, user_id=guid)) as api:
        assert isinstance(await api.tst_getuserstate(), UserState)
    record = await sim.wait_for_command("tst_getuserstate")
    assert record.params == {"iduser": guid}


async def test_real_utf16_xml_is_read_too() -> None:
    async with Simulator(xml_encoding="utf-16") as sim, OktellApi(config(sim)) as api:
        assert isinstance(await api.tst_getuserstate(), UserState)
        version = await api.getversion()
        assert isinstance(version, Version) and "Версия" in version.text


async def test_call_commands_reach_the_server_with_their_parameters(
    sim: Simulator, api: OktellApi
) -> None:
    call_id = sim.inject_call(LOGIN, caller="+79161234567", display_name="Козлов")
    line = await api.wp_getabonentinfo()
    assert isinstance(line, LineInfo) and line.state is LineState.RINGING
    assert line.abonent is not None and line.abonent.commutation_id == call_id
    assert line.abonent.caller_name == "Козлов"
    assert await api.wp_answercall() == Accepted("wp_answercall")
    assert (await sim.wait_for_command("wp_answercall")).params == {"user": LOGIN}
    chain = await api.wp_getchaincontent()
    assert isinstance(chain, ChainContent) and chain.commutations[0].time_answer is not None
    assert isinstance(await api.wp_switchcall("200", direction=Direction.PBX), Accepted)
    record = await sim.wait_for_command("wp_switchcall")
    assert record.params == {"user": LOGIN, "number": "200", "direction": "pbx"}
    assert isinstance(await api.wp_flash(FlashMode.SWITCH), Accepted)
    assert (await sim.wait_for_command("wp_flash")).params["mode"] == "switch"
    assert isinstance(await api.wp_flash(), Accepted)
    assert "mode" not in (await sim.wait_for_command("wp_flash")).params
    assert isinstance(await api.wp_abortcall(), Accepted)
    await sim.wait_for_command("wp_abortcall")
    assert isinstance(await api.wp_declinecall(), Accepted)
    await sim.wait_for_command("wp_declinecall")
    await api.wp_autocallstart("+74950000000", direction=Direction.CITY, sequence=Sequence.BACK)
    record = await sim.wait_for_command("wp_autocallstart")
    assert record.params == {
        "user": LOGIN, "number": "+74950000000", "direction": "city", "sequence": "back",
    }  # fmt: skip
    assert isinstance(await api.wp_autocallstop(), Accepted)
    await sim.wait_for_command("wp_autocallstop")


async def test_setuserstate_parameters(sim: Simulator, api: OktellApi) -> None:
    await api.wp_setuserstate(onlunch=True, reason=ReasonId(1001))
    record = await sim.wait_for_command("wp_setuserstate")
    assert record.params == {"user": LOGIN, "onlunch": "1", "lunchreasonid": "1001"}
    await api.wp_setuserstate(onlunch=True, reason=ReasonText("Обучение новичков"))
    record = await sim.wait_for_command("wp_setuserstate")
    assert record.params["lunchreasonmsg"] == "Обучение новичков"
    assert "lunchreasonid" not in record.params
    await api.wp_setuserstate(userstateid=1, oncallcenter=True, onccmanual=False, onredirect=False)
    record = await sim.wait_for_command("wp_setuserstate")
    assert record.params == {
        "user": LOGIN,
        "userstateid": "1",
        "oncallcenter": "1",
        "onccmanual": "0",
        "onredirect": "0",
    }
    refused = await api.wp_setuserstate(userstateid=4)
    assert isinstance(refused, Failure) and refused.kind is FailureKind.BAD_REQUEST
    assert sim.command_count("wp_setuserstate") == 3  # the refused one never left


async def test_bad_credentials_are_a_typed_failure_and_never_asked_again(sim: Simulator) -> None:
    async with OktellApi(config(sim, password="wrong")) as api:
        first = await api.getversion()
        assert isinstance(first, Failure) and first.kind is FailureKind.FORBIDDEN
        assert first.status == 403 and "login or password" in first.detail
        for _ in range(5):
            again = await api.wp_getabonentinfo()
            assert isinstance(again, Failure) and again.kind is FailureKind.FORBIDDEN
        assert len(sim.forbidden) == 1
        api.set_password("oktell")
        assert isinstance(await api.getversion(), Version)
        assert len(sim.forbidden) == 1


async def test_auth_user_differs_from_the_login(sim: Simulator) -> None:
    sim.accounts["webapi"] = "s3rvice"
    async with OktellApi(config(sim, auth_user="webapi", password="s3rvice")) as api:
        assert isinstance(await api.wp_answercall(), Accepted)
    record = await sim.wait_for_command("wp_answercall")
    assert (record.auth_user, record.params["user"]) == ("webapi", LOGIN)


@pytest.mark.parametrize(
    "fault,kind",
    [
        ("500", FailureKind.SERVER_ERROR),
        ("html", FailureKind.HTML),
        ("empty", FailureKind.EMPTY),
        ("garbage", FailureKind.MALFORMED),
        ("truncated", FailureKind.MALFORMED),
        ("403", FailureKind.FORBIDDEN),
        ("drop", FailureKind.UNREACHABLE),
    ],
)
async def test_faults_become_typed_failures(
    sim: Simulator, api: OktellApi, fault: str, kind: FailureKind
) -> None:
    # aiohttp tries a GET once more on a fresh connection when one is dropped: drop both
    sim.inject_fault(fault, method="wp_getabonentinfo", count=2 if fault == "drop" else 1)
    got = await api.wp_getabonentinfo()
    assert isinstance(got, Failure) and got.kind is kind, got
    assert got.method == "wp_getabonentinfo"
    sim.faults.clear()
    if kind is not FailureKind.FORBIDDEN:
        assert isinstance(await api.wp_getabonentinfo(), LineInfo)  # the next one is fine


async def test_comma_less_json_as_in_the_seed_is_read(sim: Simulator, api: OktellApi) -> None:
    sim.inject_call(LOGIN)
    sim.inject_fault("seedjson", count=2)
    line = await api.wp_getabonentinfo()
    chain = await api.wp_getchaincontent()
    assert isinstance(line, LineInfo) and line.abonent is not None
    assert isinstance(chain, ChainContent) and chain.chain_id == line.abonent.chain_id


async def test_a_slow_answer_times_out(sim: Simulator) -> None:
    sim.inject_fault("slow", seconds=2.0)
    async with OktellApi(config(sim, timeout=0.3)) as api:
        got = await api.getversion()
        assert isinstance(got, Failure) and got.kind is FailureKind.TIMEOUT


async def test_server_away_and_back(sim: Simulator, api: OktellApi) -> None:
    assert isinstance(await api.getversion(), Version)
    sim.refuse_connections(0.6)
    await asyncio.sleep(0.1)
    got = await api.getversion()
    assert isinstance(got, Failure) and got.kind is FailureKind.UNREACHABLE and got.server_away
    for _ in range(100):
        await asyncio.sleep(0.05)
        if isinstance(await api.getversion(), Version):
            break
    else:
        pytest.fail("the server did not come back")


async def test_connections_are_reused(sim: Simulator, api: OktellApi) -> None:
    for _ in range(10):
        assert isinstance(await api.wp_getabonentinfo(), LineInfo)
    assert sim.connections_seen == 1


async def test_no_password_in_urls_or_logs(
    sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    url = sim.url.replace("http://", "http://operator:Sup3rSecret@")
    async with OktellApi(config(sim, url=url, password="Sup3rSecret")) as api:
        assert "Sup3rSecret" not in api.base_url and "@" not in api.base_url
        await api.wp_autocallstart("+79161234567")
    assert "Sup3rSecret" not in caplog.text
    assert "+79161234567" not in caplog.text and "4567" in caplog.text


# ---------------------------------------------------------------- TLS


def _make_cert(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
async def test_https_verifies_certificates_and_honours_an_extra_ca_file(tmp_path: Path) -> None:
    cert, key = _make_cert(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    async with Simulator(ssl_context=context) as sim:
        assert sim.url.startswith("https://")
        async with OktellApi(config(sim)) as api:
            got = await api.getversion()
            assert isinstance(got, Failure) and got.kind is FailureKind.TLS
        async with OktellApi(config(sim, ca_file=os.fspath(cert))) as api:
            assert isinstance(await api.getversion(), Version)
