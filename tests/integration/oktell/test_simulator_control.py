"""The Oktell simulator's control endpoint, its command log, scenarios and command line."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import aiohttp
import pytest

from agent_toolbar.backends.oktell.api import ApiConfig, OktellApi
from agent_toolbar.backends.oktell.records import LineInfo, LineState, Version
from agent_toolbar.simulators.oktell import SimError, SimTimings, Simulator
from agent_toolbar.simulators.oktell.cli import main
from agent_toolbar.simulators.oktell.control import SimControl, SimControlError

pytestmark = pytest.mark.asyncio
LOGIN = "operator"


async def test_control_endpoint_drives_the_simulator(sim: Simulator, api: OktellApi) -> None:
    async with SimControl(sim.url) as control:
        assert (await control.request("ping")) == {"ok": True}
        reply = await control.request(
            "inject_call", login=LOGIN, caller="+79161234567", display_name="Козлов"
        )
        call_id = reply["id"]
        line = await api.wp_getabonentinfo()
        assert isinstance(line, LineInfo) and line.state is LineState.RINGING
        await control.request("answer_elsewhere", login=LOGIN, id=call_id)
        view = (await control.request("operator", login=LOGIN))["operator"]
        assert view["calls"][0]["state"] == "connected" and view["state"] == 5
        await control.request("end_call_remote", login=LOGIN, id=call_id)
        await control.request("set_user_state", login=LOGIN, state=3, callcenter=False)
        assert (sim.operator(LOGIN).state, sim.operator(LOGIN).callcenter) == (3, False)
        await control.request("inject_fault", kind="500", method="getversion")
        assert not isinstance(await api.getversion(), Version)
        log = await control.request("commands", since=0)
        names = [row["name"] for row in log["commands"]]
        assert names == ["wp_getabonentinfo"] and log["next"] == 1
        for bad in (
            {"op": "nope"},
            {"op": "inject_call"},
            {"op": "inject_call", "login": 7},
            {"op": "inject_call", "login": LOGIN, "colour": "red"},
            {"op": "inject_fault", "kind": "meteor"},
            {"op": "end_call_remote", "login": LOGIN, "id": "missing"},
            {"op": "set_user_state", "login": LOGIN, "state": 99},
        ):
            op = str(bad.pop("op"))
            with pytest.raises(SimControlError):
                await control.request(op, **bad)
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{sim.url}/_sim/control", data=b"{nope") as response:
            assert response.status == 400 and "invalid JSON" in (await response.json())["error"]
        async with session.get(f"{sim.url}/_sim/control") as response:
            assert response.status == 405


async def test_control_errors_in_process(sim: Simulator) -> None:
    with pytest.raises(SimError):
        sim.inject_call("nobody")
    sim.inject_call(LOGIN)
    with pytest.raises(SimError):
        sim.inject_call(LOGIN)  # the line already rings
    with pytest.raises(ValueError):
        Simulator("chaos")


async def test_wait_for_command_claims_each_request_once(sim: Simulator, api: OktellApi) -> None:
    waiter = asyncio.ensure_future(sim.wait_for_command("wp_answercall", login=LOGIN))
    await asyncio.sleep(0)
    await api.wp_answercall()
    await api.wp_answercall()
    first = await waiter
    second = await sim.wait_for_command("wp_answercall")
    assert first is not second and first.auth_user == LOGIN
    with pytest.raises(TimeoutError):
        await sim.wait_for_command("wp_answercall", timeout=0.1)


async def test_demo_scenario_rings_and_far_side_answers() -> None:
    async with (
        Simulator("demo", timings=SimTimings(far_answer=0.05)) as sim,
        OktellApi(ApiConfig(url=sim.url, login=LOGIN, password="oktell")) as api,
    ):
        await api.wp_autocallstart("201", sequence=None)
        for _ in range(100):
            await asyncio.sleep(0.05)
            line = await api.wp_getabonentinfo()
            if isinstance(line, LineInfo) and line.state is LineState.RINGING:
                break
        else:
            pytest.fail("the callback never rang")
        assert line.abonent is not None and line.abonent.caller_id == "201"


async def test_cli_serves_until_sigterm(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("t0ps3cret\n")
    secret.chmod(0o600)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "agent_toolbar.simulators.oktell.cli",
        "--port", "0", "--password-file", str(secret), "--login", "petrov",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None
    try:
        first = (await asyncio.wait_for(proc.stdout.readline(), 20)).decode()
        url = first.rsplit(" ", 1)[-1].strip()
        assert url.startswith("http://127.0.0.1:")
        async with OktellApi(ApiConfig(url=url, login="petrov", password="t0ps3cret")) as api:
            assert isinstance(await api.getversion(), Version)
            assert isinstance(await api.wp_getabonentinfo(), LineInfo)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(proc.communicate(), 20)
    assert proc.returncode == 0, err
    assert b"t0ps3cret" not in out + err


async def test_cli_refuses_a_password_file_others_can_read(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("x")
    os.chmod(secret, 0o644)
    assert main(["--password-file", str(secret)]) == 1
    with pytest.raises(SystemExit) as exit_info:
        main(["--scenario", "chaos"])
    assert exit_info.value.code == 2


async def test_dropped_connections_are_replaced(sim: Simulator, api: OktellApi) -> None:
    assert isinstance(await api.getversion(), Version)
    await sim.drop_connections()
    await asyncio.sleep(0.05)
    assert isinstance(await api.getversion(), Version)
    assert sim.connections_seen == 2
