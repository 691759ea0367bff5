"""Issue 11 item 8: ``cti/ca_file`` adds to the OS trust store; a bad file is a config error.

Two certificate authorities made with openssl: one "installed by IT" (the OS store, which
OpenSSL reads from ``SSL_CERT_FILE``), one given as the extra ``ca_file``. Real TLS
WebSocket servers on loopback, one per authority.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import ssl
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.server import ServerConnection, serve
from websockets.typing import Subprotocol

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.backends.naumen.client import ClientConfig, NaumenClient
from agent_toolbar.cti.backend import ConnectionStatus, LinkState, Problem

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed"),
]


def openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def make_ca(folder: Path, name: str) -> tuple[Path, Path, Path]:
    """A CA and a server certificate for localhost signed by it: (ca, cert, key)."""
    ca, ca_key = folder / f"{name}-ca.pem", folder / f"{name}-ca.key"
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout",
            str(ca_key), "-out", str(ca), "-subj", f"/CN={name} root",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")  # fmt: skip
    key, csr, cert = folder / f"{name}.key", folder / f"{name}.csr", folder / f"{name}.pem"
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(csr),
            "-subj", "/CN=localhost")  # fmt: skip
    ext = folder / f"{name}.ext"
    ext.write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n", encoding="utf-8")
    openssl("x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key),
            "-CAcreateserial", "-days", "2", "-out", str(cert), "-extfile", str(ext))  # fmt: skip
    return ca, cert, key


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, Path]]:
    folder = tmp_path_factory.mktemp("pki")
    return {"it": make_ca(folder, "corporate"), "extra": make_ca(folder, "extra")}


async def handler(conn: ServerConnection) -> None:
    async for raw in conn:
        frame = json.loads(raw)
        await conn.send(json.dumps({"rid": frame.get("rid"), "name": "Ok"}))


@asynccontextmanager
async def tls_server(cert: Path, key: Path) -> AsyncIterator[str]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    async with serve(
        handler, "127.0.0.1", 0, ssl=context, subprotocols=[Subprotocol(m.SUBPROTOCOL)]
    ) as server:
        yield f"wss://localhost:{next(iter(server.sockets)).getsockname()[1]}"


async def outcome(url: str, **config: Any) -> list[ConnectionStatus]:
    """Run a client until it is connected or failed (or gives up waiting); its statuses."""
    seen: list[ConnectionStatus] = []
    client = NaumenClient(
        ClientConfig(url=url, login="op", backoff_base=0.05, backoff_cap=0.1, **config),
        on_message=lambda *_: None,
        on_status=seen.append,
    )
    task = asyncio.ensure_future(client.run())
    final = (LinkState.CONNECTED, LinkState.FAILED)
    for _ in range(250):
        if seen and seen[-1].state in final:
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.2)  # a retry, if any, would show now
    before_stop = list(seen)
    await client.stop(detach=False)
    await task
    return before_stop


async def test_extra_ca_file_adds_to_the_os_trust_store(
    pki: dict[str, tuple[Path, Path, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    it_ca, it_cert, it_key = pki["it"]
    extra_ca, extra_cert, extra_key = pki["extra"]
    monkeypatch.setenv("SSL_CERT_FILE", str(it_ca))  # the OS store: IT installed their CA
    async with tls_server(it_cert, it_key) as corporate:
        statuses = await outcome(corporate, ca_file=str(extra_ca))
        assert statuses[-1].state is LinkState.CONNECTED, statuses[-1]
    async with tls_server(extra_cert, extra_key) as extra:
        statuses = await outcome(extra, ca_file=str(extra_ca))
        assert statuses[-1].state is LinkState.CONNECTED, statuses[-1]
        statuses = await outcome(extra)  # without the extra file: not trusted
        assert any(s.problem is Problem.TLS for s in statuses)


@pytest.mark.parametrize("kind", ["missing", "not-pem"])
async def test_a_bad_ca_file_is_a_configuration_error_not_retried(
    pki: dict[str, tuple[Path, Path, Path]], tmp_path: Path, kind: str
) -> None:
    _, cert, key = pki["extra"]
    path = tmp_path / "ca.pem"
    if kind == "not-pem":
        path.write_text("this is not a certificate\n", encoding="utf-8")
    async with tls_server(cert, key) as url:
        statuses = await outcome(url, ca_file=str(path), fatal_retry=60)
    states = [s.state for s in statuses]
    assert states[-1] is LinkState.FAILED
    assert LinkState.RECONNECTING not in states
    assert statuses[-1].problem is Problem.CONFIG
    assert "ca_file" in statuses[-1].reason
    assert statuses[-1].retry_at is None  # waits for the admin, no timer
