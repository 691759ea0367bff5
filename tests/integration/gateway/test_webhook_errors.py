"""Webhook refusals over real sockets: bad token, bad bodies, size limit; logs stay clean."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid

import pytest

from agent_toolbar.gateway import logfmt

pytestmark = pytest.mark.asyncio
WEBHOOK_TOKEN = "wh-secret-0123456789abcdef"  # the one tests/integration/gateway/conftest.py sets


async def test_wrong_token_is_404_and_counted(gw, hook, client) -> None:
    body = {"SessionID": "s", "HookType": "CreateIncCall"}
    for token in ("nope", WEBHOOK_TOKEN[:-1], WEBHOOK_TOKEN + "x", WEBHOOK_TOKEN.upper()):
        assert (await hook(body, token=token)).status == 404
    async with client.post(gw.url + "/webhook/", json=body) as r:
        assert r.status == 404
    assert gw.core.metrics.value("rejects_total", "bad_webhook_token") == 4
    assert gw.core.store.get("wh:s") is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"not json", "not_json"),
        (b"\xff\xfe", "not_json"),
        (b"[1, 2]", "not_an_object"),
        (b'"CreateIncCall"', "not_an_object"),
        (b"null", "not_an_object"),
        (b'{"HookType": "CreateIncCall"}', "no_session_id"),
        (b'{"SessionID": "", "HookType": "CreateIncCall"}', "no_session_id"),
        (b'{"SessionID": {"a": 1}, "HookType": "CreateIncCall"}', "no_session_id"),
        (b'{"SessionID": "x"}', "no_hook_type"),
        (b'{"SessionID": "x", "HookType": "Ring"}', "unknown_hook_type"),
    ],
)
async def test_bad_bodies_get_400_with_a_reason(gw, hook, raw, reason) -> None:
    response = await hook(None, raw=raw)
    assert response.status == 400
    assert gw.core.metrics.value("rejects_total", reason) == 1
    # and the gateway still works
    assert (await hook({"SessionID": str(uuid.uuid4()), "HookType": "CreateIncCall"})).status == 200


async def test_reason_is_in_the_answer(gw, client) -> None:
    async with client.post(gw.webhook_url, data=b"[]") as r:
        assert r.status == 400
        assert (await r.json())["error"] == "not_an_object"


async def test_body_over_the_limit_is_413(gw, hook) -> None:
    big = {"SessionID": "big", "HookType": "CreateIncCall", "Caller": "1" * 70000}
    assert (await hook(big)).status == 413
    assert gw.core.metrics.value("rejects_total", "body_too_large") == 1
    assert gw.core.store.get("wh:big") is None


async def test_only_session_and_hook_type_are_required(gw, hook) -> None:
    assert (await hook({"SessionID": "min", "HookType": "EndIncCall"})).status == 200
    assert gw.core.store.get("wh:min") is not None


async def test_fields_of_other_types_do_not_crash(gw, hook, toolbar) -> None:
    ivanova = await toolbar("ivanova")
    sid = str(uuid.uuid4())
    odd = {
        "SessionID": sid,
        "HookType": "AttemptIncCallBegin",
        "Called": 80052002651,
        "Caller": ["x"],
        "StartTime": {"no": 1},
        "Duration": "abc",
        "Extra": 1,
    }
    assert (await hook(odd)).status == 200
    card = await ivanova.call(f"wh:{sid}", state="ringing")
    assert card["caller"] == "" and "Extra" not in card["params"]


async def test_healthz_and_metrics(gw, client, hook) -> None:
    async with client.get(gw.url + "/healthz") as r:
        assert r.status == 200
        health = await r.json()
        assert health["status"] == "ok" and health["instance"] == gw.core.instance
    await hook(None, raw=b"[]")
    async with client.get(gw.url + "/metrics") as r:
        assert r.headers["Content-Type"].startswith("text/plain")
        text = await r.text()
    assert 'agent_toolbar_gateway_rejects_total{reason="not_an_object"} 1' in text
    assert "agent_toolbar_gateway_toolbars_connected 0" in text
    assert "# TYPE agent_toolbar_gateway_instructions_total counter" in text


async def test_logs_hold_no_token_and_no_full_number(gw, hook, toolbar, capsys) -> None:
    handler = logfmt.setup("DEBUG", gw.config.secret_values())
    try:
        ivanova = await toolbar("ivanova")
        sid = str(uuid.uuid4())
        await hook(
            {
                "SessionID": sid,
                "HookType": "AttemptIncCallBegin",
                "Caller": "9582412128",
                "Called": "80052002651",
            }
        )
        await ivanova.call(f"wh:{sid}")
        await hook({"SessionID": sid, "HookType": "CreateIncCall"}, token="wrong-token")
        logging.getLogger("t").info("called 9582412128 via /webhook/%s", WEBHOOK_TOKEN)
    finally:
        logging.getLogger().removeHandler(handler)
    err = capsys.readouterr().err
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert any(line.get("msg") == "hook" for line in lines)
    assert WEBHOOK_TOKEN not in err
    assert "9582412128" not in err and "80052002651" not in err
    assert "***2128" in err
    assert "tok-ivanova" not in err


async def test_a_body_sent_in_pieces_is_read_whole(gw, client, toolbar) -> None:
    ivanova = await toolbar("ivanova")
    text = json.dumps(
        {
            "SessionID": "pieces",
            "HookType": "AttemptIncCallBegin",
            "Called": "80052002651",
            "Redirecting": " " * 20000,
        }
    ).encode()

    async def pieces():
        for i in range(0, len(text), 1000):
            yield text[i : i + 1000]
            await asyncio.sleep(0)

    async with client.post(gw.webhook_url, data=pieces()) as r:  # chunked, no Content-Length
        assert r.status == 200
    await ivanova.call("wh:pieces", state="ringing")

    async def too_much():
        for _ in range(100):
            yield b" " * 1000

    async with client.post(gw.webhook_url, data=too_much()) as r:
        assert r.status == 413
