"""The Naumen client over real sockets: handshake, correlation, failures, reconnection."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections.abc import AsyncIterator
from typing import Any

import pytest
from websockets.asyncio.server import ServerConnection

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.backends.naumen.client import ClientConfig, NaumenClient
from agent_toolbar.cti.backend import CommandError, LinkState, Problem
from agent_toolbar.cti.transport.backoff import Backoff

pytestmark = pytest.mark.asyncio


@contextlib.asynccontextmanager
async def running(client: NaumenClient) -> AsyncIterator[NaumenClient]:
    task = asyncio.ensure_future(client.run())
    try:
        yield client
    finally:
        await client.stop()
        await asyncio.wait_for(task, 5)


def make_client(
    url: str, status_log: Any, received: list[Any] | None = None, **cfg: Any
) -> NaumenClient:
    config = ClientConfig(url=url, login="ivanov", **cfg)
    sink = received if received is not None else []
    return NaumenClient(
        config,
        on_message=lambda msg, at: sink.append(msg),
        on_status=status_log,
    )


async def test_handshake_order_waits_for_the_version_ok(scripted: Any, status_log: Any) -> None:
    ok_sent_at: list[float] = []

    async def slow_ok(frame: dict[str, Any], conn: ServerConnection) -> None:
        await asyncio.sleep(0.3)
        ok_sent_at.append(asyncio.get_running_loop().time())
        await scripted.send(conn, {"rid": frame["rid"], "name": "Ok"})

    scripted.replies["SetProtocolVersion"] = slow_ok
    async with running(make_client(scripted.url, status_log)):
        await status_log.wait_for(LinkState.CONNECTED)
        await eventually_names(scripted, 5)
    names = scripted.names()
    assert names[:5] == [
        "SetProtocolVersion",
        "AttachToUser",
        "GetUserState",
        "GetCalls",
        "GetConferences",
    ]
    assert scripted.frames[0][1]["protocolVersion"] == "13"
    # Nothing followed SetProtocolVersion before its Ok was sent.
    assert scripted.frames[1][0] >= ok_sent_at[0]
    assert names[-1] == "DetachFromUser"
    rids = [frame["rid"] for _, frame in scripted.frames]
    assert len(set(rids)) == len(rids)


async def eventually_names(server: Any, count: int) -> None:
    for _ in range(500):
        if len(server.frames) >= count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"only {server.names()} arrived")


async def test_a_server_without_the_subprotocol_is_refused(
    scripted_factory: Any, status_log: Any
) -> None:
    server = await scripted_factory(subprotocol=False)
    async with running(make_client(server.url, status_log, fatal_retry=60)):
        failed = await status_log.wait_for(LinkState.FAILED)
        await asyncio.sleep(0.3)
    assert failed.problem is Problem.SUBPROTOCOL
    assert server.frames == []
    assert server.connections == 1


async def test_refused_version_is_a_reported_state_not_a_loop(
    scripted: Any, status_log: Any
) -> None:
    async def refuse(frame: dict[str, Any], conn: ServerConnection) -> None:
        await scripted.send(
            conn, {"rid": frame["rid"], "name": "Error", "description": "bad version"}
        )

    scripted.replies["SetProtocolVersion"] = refuse
    async with running(make_client(scripted.url, status_log, fatal_retry=60)):
        failed = await status_log.wait_for(LinkState.FAILED)
        await asyncio.sleep(0.5)
    assert failed.problem is Problem.VERSION
    assert "bad version" in (failed.reason or "")
    assert failed.retry_at is not None and failed.delay == 60
    assert scripted.connections == 1


async def test_unknown_login_is_reported_and_not_retried(scripted: Any, status_log: Any) -> None:
    scripted.login_known = False
    async with running(make_client(scripted.url, status_log, fatal_retry=60)):
        failed = await status_log.wait_for(LinkState.FAILED)
        await asyncio.sleep(0.5)
    assert failed.problem is Problem.UNKNOWN_LOGIN
    assert failed.reason == "unknown user"  # the server's own description
    assert scripted.names() == ["SetProtocolVersion", "AttachToUser"]
    assert scripted.connections == 1


async def test_an_attach_refusal_shows_the_servers_description(
    scripted: Any, status_log: Any
) -> None:
    # issue 11 item 18: §1 names running out of NCC CTI licences as a refusal too
    async def no_licence(frame: dict[str, Any], conn: ServerConnection) -> None:
        description = "Недостаточно лицензий NCC CTI"
        await scripted.send(
            conn, {"rid": frame["rid"], "name": "Error", "description": description}
        )

    scripted.replies["AttachToUser"] = no_licence
    async with running(make_client(scripted.url, status_log, fatal_retry=60)):
        failed = await status_log.wait_for(LinkState.FAILED)
    assert failed.problem is Problem.UNKNOWN_LOGIN
    assert failed.reason == "Недостаточно лицензий NCC CTI"


async def test_reconnect_now_retries_a_failed_login_at_once(scripted: Any, status_log: Any) -> None:
    scripted.login_known = False
    client = make_client(scripted.url, status_log, fatal_retry=600)
    async with running(client):
        await status_log.wait_for(LinkState.FAILED)
        scripted.login_known = True
        client.reconnect_now()
        await status_log.wait_for(LinkState.CONNECTED)
    assert scripted.connections == 2


async def test_a_command_without_reply_times_out_visibly(scripted: Any, status_log: Any) -> None:
    async def swallow(frame: dict[str, Any], conn: ServerConnection) -> None:
        return None

    scripted.replies["Hold"] = swallow
    client = make_client(scripted.url, status_log, command_timeout=0.3)
    async with running(client):
        await status_log.wait_for(LinkState.CONNECTED)
        with pytest.raises(CommandError) as caught:
            await client.request(m.Hold(login="ivanov", cid="c1", on=True))
    assert caught.value.kind == "timeout"
    assert "0.3" in caught.value.reason


async def test_error_and_parse_error_replies_fail_the_command(
    scripted: Any, status_log: Any
) -> None:
    async def error(frame: dict[str, Any], conn: ServerConnection) -> None:
        await scripted.send(conn, {"rid": frame["rid"], "name": "Error", "description": "no call"})

    async def parse_error(frame: dict[str, Any], conn: ServerConnection) -> None:
        await scripted.send(conn, {"rid": frame["rid"], "name": "ParseError", "description": "bad"})

    scripted.replies["Answer"] = error
    scripted.replies["Mute"] = parse_error
    client = make_client(scripted.url, status_log)
    async with running(client):
        await status_log.wait_for(LinkState.CONNECTED)
        with pytest.raises(CommandError) as refused:
            await client.request(m.Answer(login="ivanov", cid="c1"))
        with pytest.raises(CommandError) as unparsed:
            await client.request(m.Mute(login="ivanov", cid="c1", on=True))
    assert (refused.value.kind, refused.value.reason) == ("error", "no call")
    assert unparsed.value.kind == "parse_error"


async def test_disconnect_fails_pending_commands_at_once(scripted: Any, status_log: Any) -> None:
    async def hang_up_socket(frame: dict[str, Any], conn: ServerConnection) -> None:
        await conn.close()

    scripted.replies["Hangup"] = hang_up_socket
    client = make_client(scripted.url, status_log, command_timeout=30, backoff_base=0.05)
    async with running(client):
        await status_log.wait_for(LinkState.CONNECTED)
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(CommandError) as caught:
            await client.request(m.Hangup(login="ivanov", cid="c1"))
        assert loop.time() - started < 30  # failed by the drop, not by the timeout
        assert caught.value.kind == "disconnected"
        reconnecting = await status_log.wait_for(LinkState.RECONNECTING)
        assert reconnecting.attempt >= 1 and reconnecting.delay is not None
        status_log.statuses.clear()
        await status_log.wait_for(LinkState.CONNECTED)
    assert scripted.connections >= 2


async def test_commands_while_disconnected_fail_immediately(status_log: Any) -> None:
    client = make_client("ws://127.0.0.1:9", status_log)
    with pytest.raises(CommandError) as caught:
        await client.request(m.GetCalls(login="ivanov"))
    assert caught.value.kind == "disconnected"


async def test_events_are_separated_from_replies_and_other_logins_ignored(
    scripted: Any, status_log: Any
) -> None:
    received: list[Any] = []

    async def attach(frame: dict[str, Any], conn: ServerConnection) -> None:
        await scripted.send(conn, {"rid": frame["rid"], "name": "Ok"})
        await scripted.send(
            conn, {"name": "CallStatus", "login": "petrov", "cid": "x", "state": "new"}
        )
        await scripted.send(conn, {"name": "Ok", "rid": "not-ours"})
        await scripted.send(
            conn, {"name": "CallStatus", "login": "ivanov", "cid": "c1", "state": "new"}
        )
        await scripted.send(conn, {"name": "SomethingNew", "login": "ivanov"})

    scripted.replies["AttachToUser"] = attach
    async with running(make_client(scripted.url, status_log, received)):
        await status_log.wait_for(LinkState.CONNECTED)
        for _ in range(300):
            if any(isinstance(x, m.Conferences) for x in received):
                break
            await asyncio.sleep(0.01)
    names = [type(x).__name__ for x in received]
    assert "Ok" not in names
    calls = [x for x in received if isinstance(x, m.CallStatus)]
    assert [c.cid for c in calls] == ["c1"]
    assert any(isinstance(x, m.UnknownMessage) and x.name == "SomethingNew" for x in received)
    # Data replies to our own requests are events too (they carry the snapshot).
    assert any(isinstance(x, m.UserState) for x in received)
    assert any(isinstance(x, m.Calls) for x in received)


async def test_garbage_from_the_server_is_survived(
    scripted: Any, status_log: Any, caplog: pytest.LogCaptureFixture
) -> None:
    received: list[Any] = []
    client = make_client(scripted.url, status_log, received)
    async with running(client):
        await status_log.wait_for(LinkState.CONNECTED)
        for junk in ["not json", "[1,2]", '{"name": 5}', '{"name": "NewCall"}', "\u0000"]:
            await scripted.broadcast(junk)
        await scripted.broadcast({"name": "CurrentCall", "login": "ivanov", "cid": "c9"})
        for _ in range(300):
            if any(isinstance(x, m.CurrentCall) for x in received):
                break
            await asyncio.sleep(0.01)
        assert client.status.state is LinkState.CONNECTED
    assert any(isinstance(x, m.CurrentCall) and x.cid == "c9" for x in received)
    assert "undecodable frame" in caplog.text


async def test_an_oversize_frame_closes_and_reconnects(scripted: Any, status_log: Any) -> None:
    client = make_client(scripted.url, status_log, max_frame=64 * 1024, backoff_base=0.05)
    async with running(client):
        await status_log.wait_for(LinkState.CONNECTED)
        await scripted.broadcast({"name": "Notice", "blob": "x" * 200_000})
        await status_log.wait_for(LinkState.RECONNECTING)
        status_log.statuses.clear()
        await status_log.wait_for(LinkState.CONNECTED)
    assert scripted.connections >= 2


async def test_dtmf_digits_never_reach_the_wire_log(
    scripted: Any, status_log: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="agent_toolbar.wire")
    client = make_client(scripted.url, status_log)
    async with running(client):
        await status_log.wait_for(LinkState.CONNECTED)
        await client.request(m.SendDTMFSignal(login="ivanov", cid="c1", dtmf_string="4276"))
    assert '"DTMFString":"••••"' in caplog.text
    assert "4276" not in caplog.text
    sent = [f for _, f in scripted.frames if f["name"] == "SendDTMFSignal"]
    assert sent[0]["DTMFString"] == "4276"


async def test_reconnect_delays_grow_and_differ_between_clients(status_log: Any) -> None:
    """Two toolbars facing a dead server back off with growing, different delays."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    url = f"ws://127.0.0.1:{dead_port}"
    clients = []
    for seed in (1, 2):
        config = ClientConfig(url=url, login="ivanov", backoff_base=0.01, backoff_cap=0.16)
        clients.append(
            NaumenClient(
                config,
                on_message=lambda msg, at: None,
                on_status=lambda status: None,
                backoff=Backoff(0.01, 0.16, floor=0.001, rng=random.Random(seed)),
            )
        )
    tasks = [asyncio.ensure_future(c.run()) for c in clients]
    try:
        for _ in range(1000):
            if all(len(c.delays) >= 8 for c in clients):
                break
            await asyncio.sleep(0.01)
    finally:
        for c in clients:
            await c.stop()
        await asyncio.gather(*tasks)
    first, second = (c.delays[:8] for c in clients)
    assert first != second
    ceilings = [min(0.16, 0.01 * 2**n) for n in range(8)]
    for delays in (first, second):
        assert all(d <= c + 1e-9 for d, c in zip(delays, ceilings, strict=True))
    # The later attempts may wait longer than the first could.
    assert max(first[4:] + second[4:]) > ceilings[0]


async def test_events_after_attach_include_offline_then_online(
    scripted: Any, status_log: Any
) -> None:
    received: list[Any] = []

    async def offline(frame: dict[str, Any], conn: ServerConnection) -> None:
        await scripted.send(
            conn,
            {
                "rid": frame["rid"],
                "name": "UserState",
                "login": "ivanov",
                "state": "offline",
                "substates": [],
            },
        )

    scripted.replies["GetUserState"] = offline
    async with running(make_client(scripted.url, status_log, received)):
        await status_log.wait_for(LinkState.CONNECTED)
        await asyncio.sleep(0.2)
        assert "GetCalls" not in scripted.names()  # nothing to fetch while offline
        await scripted.broadcast(
            {"name": "UserState", "login": "ivanov", "state": "available", "substates": ["normal"]}
        )
        await eventually_names(scripted, 4)
        for _ in range(200):
            if "GetConferences" in scripted.names():
                break
            await asyncio.sleep(0.01)
    assert "GetCalls" in scripted.names() and "GetConferences" in scripted.names()
    assert json.dumps(scripted.frames[0][1])


@pytest.fixture(scope="module")
def tls_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A self-signed certificate for localhost/127.0.0.1 made with openssl."""
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return str(cert), str(key)


async def test_wss_verifies_certificates_and_accepts_a_custom_ca(
    tls_pair: tuple[str, str], status_log: Any, new_status_log: Any
) -> None:
    import ssl

    from websockets.asyncio.server import serve
    from websockets.typing import Subprotocol

    cert, key = tls_pair
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)

    async def handler(conn: ServerConnection) -> None:
        async for raw in conn:
            frame = json.loads(raw)
            if frame["name"] in ("SetProtocolVersion", "AttachToUser"):
                await conn.send(json.dumps({"rid": frame["rid"], "name": "Ok"}))

    async with serve(
        handler, "127.0.0.1", 0, ssl=context, subprotocols=[Subprotocol(m.SUBPROTOCOL)]
    ) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        url = f"wss://localhost:{port}"
        untrusted = new_status_log()
        async with running(make_client(url, untrusted, fatal_retry=60)):
            failed = await untrusted.wait_for(LinkState.FAILED)
        assert failed.problem is Problem.TLS
        async with running(make_client(url, status_log, ca_file=cert)):
            await status_log.wait_for(LinkState.CONNECTED)
