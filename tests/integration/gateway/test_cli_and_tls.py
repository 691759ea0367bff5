"""``agent-toolbar-gateway --config`` as a process, its refusals, and HTTPS with a certificate."""

from __future__ import annotations

import asyncio
import base64
import os
import shutil
import signal
import ssl
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from agent_toolbar.gateway import Gateway
from agent_toolbar.gateway.wire import LOGIN_HEADER

WEBHOOK = "wh-process-token-0123456789"


def write_secret(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text + "\n")
    path.chmod(mode)
    return path


def write_config(tmp: Path, *, extra_webhook: str = "", tls: str = "") -> Path:
    write_secret(tmp / "webhook-token", WEBHOOK)
    write_secret(tmp / "crm-password", "crm-pass-process")
    write_secret(
        tmp / "tokens",
        "ivanova = tok-ivanova-process-01\n# comment\npetrov = tok-petrov-process-001",
    )
    ini = tmp / "gateway.ini"
    ini.write_text(
        f"""[gateway]
host = 127.0.0.1
port = 0
{tls}
[webhook]
token_file = webhook-token
{extra_webhook}
[autosecretary]
base_path = /crm/v2/
user = autosecretary
password_file = crm-password

[toolbars]
tokens_file = tokens

[operator:ivanova]
numbers = 0052002651
extensions = 2651

[operator:petrov]
numbers = 0052002642
"""
    )
    return ini


def run_cli(ini: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "agent_toolbar.gateway", "--config", str(ini), *args],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_world_readable_secret_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    ini = write_config(tmp_path)
    (tmp_path / "webhook-token").chmod(0o644)
    proc = run_cli(ini, "--check")
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 2
    assert "accessible to every user" in err and "chmod o-rwx" in err
    assert WEBHOOK not in err


def test_a_secret_written_in_the_ini_is_refused(tmp_path: Path) -> None:
    ini = write_config(tmp_path, extra_webhook="token = plain-text-token-in-ini")
    proc = run_cli(ini, "--check")
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 2 and "never read from the INI" in err
    assert "plain-text-token-in-ini" not in err


def test_secret_from_the_environment(tmp_path: Path) -> None:
    ini = write_config(tmp_path)
    text = ini.read_text().replace("token_file = webhook-token", "token_env = GW_TEST_WEBHOOK")
    ini.write_text(text)
    proc = run_cli(ini, "--check")
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 2 and "GW_TEST_WEBHOOK is not set" in err
    proc = subprocess.run(
        [sys.executable, "-m", "agent_toolbar.gateway", "--config", str(ini), "--check"],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "GW_TEST_WEBHOOK": "from-the-env-0123456789"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "PBX webhook URL: https://<this host>/webhook/<the webhook token>" in proc.stdout
    assert "/crm/v2, user 'autosecretary'" in proc.stdout and "2 operators" in proc.stdout
    assert "from-the-env" not in proc.stdout + proc.stderr


@pytest.mark.asyncio
async def test_the_process_serves_and_stops_on_sigterm(tmp_path: Path) -> None:
    ini = write_config(tmp_path)
    proc = run_cli(ini)
    try:
        assert proc.stderr is not None
        url = ""
        loop = asyncio.get_running_loop()
        async with asyncio.timeout(30):
            while not url:
                line = await loop.run_in_executor(None, proc.stderr.readline)
                assert line, "the gateway exited"
                if "listening on" in line:
                    url = line.rsplit(" ", 1)[1].strip()
        async with aiohttp.ClientSession() as client:
            async with client.get(url + "/healthz") as r:
                assert r.status == 200
            ws = await client.ws_connect(
                url.replace("http", "ws") + "/toolbar",
                headers={"Authorization": "Bearer tok-ivanova-process-01", LOGIN_HEADER: "ivanova"},
            )
            await ws.receive()
            async with client.post(
                f"{url}/webhook/{WEBHOOK}",
                json={
                    "SessionID": "p1",
                    "HookType": "AttemptIncCallBegin",
                    "Called": "80052002651",
                },
            ) as r:
                assert r.status == 200
            while True:
                message = await ws.receive_json()
                if message["type"] == "call":
                    assert message["call"]["id"] == "wh:p1"
                    break
            basic = "Basic " + base64.b64encode(b"autosecretary:crm-pass-process").decode()
            async with client.get(url + "/crm/v2/CallEvent", headers={"Authorization": basic}) as r:
                assert r.status == 200
            proc.send_signal(signal.SIGTERM)
            await ws.receive()  # closed by the stopping gateway
            await ws.close()
        rest = await loop.run_in_executor(None, proc.stderr.read)
        assert await loop.run_in_executor(None, proc.wait, 30) == 0
        assert WEBHOOK not in rest and "tok-ivanova" not in rest
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


@pytest.mark.asyncio
@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to make a certificate")
async def test_https_with_a_configured_certificate(tmp_path: Path, config_factory) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
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
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    key.chmod(0o600)
    config = config_factory(tls_cert=cert, tls_key=key)
    trust = ssl.create_default_context(cafile=str(cert))
    async with Gateway(config) as gw, aiohttp.ClientSession() as client:
        assert gw.url.startswith("https://") and gw.toolbar_url.startswith("wss://")
        async with client.get(gw.url + "/healthz", ssl=trust) as r:
            assert r.status == 200
        ws = await client.ws_connect(
            gw.toolbar_url,
            ssl=trust,
            headers={"Authorization": "Bearer tok-ivanova-0123456789", LOGIN_HEADER: "ivanova"},
        )
        assert (await ws.receive_json())["type"] == "hello"
        await ws.close()
        with pytest.raises(aiohttp.ClientError):
            async with client.get(gw.url.replace("https", "http") + "/healthz") as r:
                await r.read()
