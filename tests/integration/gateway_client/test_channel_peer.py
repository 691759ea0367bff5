"""The client against a peer written here from the protocol (``gateway/wire.py``), over a real
WebSocket on 127.0.0.1: orderings and refusals the real gateway rarely produces on cue."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from websockets.asyncio.server import ServerConnection, serve

from agent_toolbar.backends import registry
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.connection import LinkState, Problem
from agent_toolbar.cti.model import CallState, TransferKind
from agent_toolbar.cti.outcomes import IntentStage
from agent_toolbar.cti.session import Session
from agent_toolbar.gateway import wire
from agent_toolbar.settings import Settings
from tests.integration.gateway_client.conftest import Toolbar

pytestmark = pytest.mark.asyncio

CID = "as:9007199254740993"
CALL: dict[str, Any] = {
    "id": CID, "system": "autosecretary", "vendor_id": CID[3:], "direction": "incoming",
    "state": "connected", "caller": "9582412128", "called": "", "project": "4950665310",
    "started_at": None, "answered_at": "2026-12-04T10:00:00+03:00", "ended_at": None,
    "duration": None, "missed": False, "result": None, "transfer": None, "stage": "Transfer",
    "actions": ["TransferDN", "Hangup"], "params": {"CallID": CID[3:], "AN": "79582412128"},
}  # fmt: skip

Handler = Callable[[ServerConnection, dict[str, Any]], Any]


class Peer:
    """A toolbar-channel peer: hello + snapshot, then ``on_frame`` for every frame."""

    def __init__(self, hello: dict[str, Any] | None = None) -> None:
        self.hello = hello or {
            "type": "hello", "protocol": 1, "server": "peer", "login": "operator",
            "instance": "p1", "heartbeat": 20, "max_frame": 65536,
        }  # fmt: skip
        self.on_frame: Handler | None = None
        self.headers: list[dict[str, str]] = []
        self.url = ""

    async def handler(self, ws: ServerConnection) -> None:
        self.headers.append(dict(ws.request.headers) if ws.request else {})
        await ws.send(json.dumps(self.hello))
        await ws.send(json.dumps({"type": "snapshot", "calls": [CALL], "instructions": []}))
        async for text in ws:
            frame = json.loads(text)
            if self.on_frame is not None:
                await self.on_frame(ws, frame)


@pytest_asyncio.fixture
async def peer() -> AsyncIterator[Peer]:
    made = Peer()
    async with serve(made.handler, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        made.url = f"ws://127.0.0.1:{port}/toolbar"
        yield made


def toolbar_on(peer: Peer, tmp_path: Path) -> Toolbar:
    settings = Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")
    settings.override("cti/backend", "autosecretary")
    settings.override("cti/url", peer.url)
    settings.override("cti/login", "operator")
    backend = registry.build_backend(settings, secrets={"autosecretary/token": "t" * 24})
    return Toolbar(Session(backend))


def instruction(frame: dict[str, Any], status: str, **more: Any) -> str:
    body = {
        "id": "i1", "ref": frame["ref"], "call": frame["call"], "action": frame["action"],
        "code": wire.ACTIONS[frame["action"]], "param": frame["param"], "status": status,
        "reason": "", "channel": "", "result": None, **more,
    }  # fmt: skip
    return json.dumps({"type": "instruction", "instruction": body})


async def test_it_sends_the_token_and_the_login_and_takes_the_snapshot(
    peer: Peer, tmp_path: Path
) -> None:
    tb = toolbar_on(peer, tmp_path)
    try:
        state = await tb.until(lambda s: s.connection.up and CID in s.calls)
        assert state.calls[CID].state is CallState.CONNECTED
        sent = {k.lower(): v for k, v in peer.headers[0].items()}
        assert sent["authorization"] == "Bearer " + "t" * 24
        assert sent[wire.LOGIN_HEADER.lower()] == "operator"
    finally:
        await tb.close()


async def test_stages_sent_back_to_back_are_all_seen(peer: Peer, tmp_path: Path) -> None:
    async def answer(ws: ServerConnection, frame: dict[str, Any]) -> None:
        if frame["type"] == "instruct":  # queued and delivered in one burst
            await ws.send(instruction(frame, "queued"))
            await ws.send(instruction(frame, "delivered", channel="poll"))

    peer.on_frame = answer
    tb = toolbar_on(peer, tmp_path)
    seen: list[Any] = []
    tb.session.backend.subscribe(seen.append)
    try:
        await tb.until(lambda s: s.connection.up and CID in s.calls)
        intent = it.TransferCall(CID, TransferKind.CONSULTATION, "74951234567")
        assert await tb.session.execute(intent) is None
        await tb.until(lambda s: (CID, "transfer_call") not in s.commands)
        stages = [e.stage for e in seen if type(e).__name__ == "IntentProgressed"]
        assert stages == [IntentStage.CONFIRMED]
    finally:
        await tb.close()


async def test_a_gateway_of_another_protocol_is_refused(tmp_path: Path) -> None:
    old = Peer({"type": "hello", "protocol": 2, "server": "future", "instance": "x"})
    async with serve(old.handler, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        old.url = f"ws://127.0.0.1:{port}/toolbar"
        tb = toolbar_on(old, tmp_path)
        try:
            state = await tb.until(lambda s: s.connection.state is LinkState.FAILED)
            assert state.connection.problem is Problem.VERSION
            assert not state.calls  # nothing taken from a peer we do not understand
        finally:
            await tb.close()
