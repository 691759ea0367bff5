"""``GET /toolbar``: the WebSocket each operator's toolbar keeps open (see :mod:`.wire`).

Authentication happens before the upgrade: ``Authorization: Bearer <token>`` and
``X-Agent-Toolbar-Login: <login>`` must match a configured pair (compared in constant time);
otherwise 401. The hello and the snapshot are queued in the same step that registers the
connection, so no call event can fall between them. Frames above ``max_frame_bytes`` close
the connection (WebSocket code 1009); other bad frames get an ``error`` frame.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from typing import Any

from aiohttp import WSMsgType, web

from agent_toolbar.gateway import wire
from agent_toolbar.gateway.autosecretary import AutosecretaryCall
from agent_toolbar.gateway.core import SERVER, Core
from agent_toolbar.gateway.hub import Connection
from agent_toolbar.gateway.instructions import Pending, RefusedError

__all__ = ["routes"]

log = logging.getLogger(__name__)
MAX_REF = 64
MAX_PARAM = 128


def routes(core: Core) -> list[web.RouteDef]:
    """The toolbar channel's route bound to ``core``."""
    tokens = {login: token.encode() for login, token in core.config.toolbar_tokens.items()}
    cfg = core.config
    closing: set[asyncio.Task[Any]] = set()

    def login_of(request: web.Request) -> str | None:
        login = request.headers.get(wire.LOGIN_HEADER, "").strip()
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        expected = tokens.get(login, b"\0" * 32)
        ok = hmac.compare_digest(token.strip().encode(), expected)
        return login if ok and scheme.lower() == "bearer" and login in tokens else None

    async def toolbar(request: web.Request) -> web.StreamResponse:
        login = login_of(request)
        if login is None:
            core.reject("bad_toolbar_token", remote=request.remote or "")
            raise web.HTTPUnauthorized(text="unauthorized")
        if core.hub.full():
            core.reject("too_many_toolbars")
            raise web.HTTPServiceUnavailable(text="too many toolbars")
        ws = web.WebSocketResponse(
            heartbeat=cfg.heartbeat_seconds,
            max_msg_size=cfg.max_frame_bytes,
            protocols=(wire.SUBPROTOCOL,),
        )
        await ws.prepare(request)

        def close(code: int, why: str) -> None:
            task = asyncio.ensure_future(ws.close(code=code, message=why.encode()))
            closing.add(task)
            task.add_done_callback(closing.discard)

        conn = core.hub.attach(login, close)
        hello = wire.hello(
            server=SERVER,
            login=login,
            instance=core.instance,
            heartbeat=cfg.heartbeat_seconds,
            max_frame=cfg.max_frame_bytes,
        )
        core.hub.send(conn, hello)
        core.hub.send(conn, core.snapshot(login))
        log.info("toolbar connected", extra={"fields": {"login": login}})
        writer = asyncio.ensure_future(_write(ws, conn))
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    _handle(core, conn, message.data)
                elif message.type == WSMsgType.BINARY:
                    core.reject("frame_binary")
                    core.hub.send(conn, wire.error("binary", "frames are JSON text"))
                elif message.type == WSMsgType.ERROR:
                    core.reject("frame_too_large_or_bad")
                    break
        finally:
            core.hub.detach(conn)
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
            log.info("toolbar disconnected", extra={"fields": {"login": login}})
        return ws

    return [web.get("/toolbar", toolbar)]


async def _write(ws: web.WebSocketResponse, conn: Connection) -> None:
    with contextlib.suppress(ConnectionError, RuntimeError):
        while not ws.closed:
            await ws.send_str(await conn.queue.get())


def _handle(core: Core, conn: Connection, text: str) -> None:
    try:
        message = wire.decode(text, max_size=core.config.max_frame_bytes)
    except wire.ProtocolError as exc:
        core.reject("frame_" + exc.reason)
        core.hub.send(conn, wire.error(exc.reason, exc.detail))
        return
    kind = message["type"]
    if kind == "ping":
        core.hub.send(conn, wire.encode({"type": "pong"}))
    elif kind == "hello":
        versions = message.get("protocol", [wire.PROTOCOL])
        if isinstance(versions, int):
            versions = [versions]
        if not isinstance(versions, list) or wire.PROTOCOL not in versions:
            core.reject("frame_unsupported_protocol")
            core.hub.send(
                conn, wire.error("unsupported_protocol", f"this gateway speaks {wire.PROTOCOL}")
            )
            conn.close(wire.CLOSE_UNSUPPORTED, "unsupported protocol")
    elif kind == "instruct":
        _instruct(core, conn, message)
    elif kind == "cancel":
        try:
            core.instructions.cancel(conn.login, str(message.get("instruction", "")))
        except RefusedError as exc:
            core.hub.send(conn, wire.error(exc.reason, str(exc)))
    else:
        core.reject("frame_unknown_type")
        core.hub.send(conn, wire.error("unknown_type", "hello, instruct, cancel or ping"))


def _instruct(core: Core, conn: Connection, message: dict[str, Any]) -> None:
    ref = message.get("ref", "")
    call_key = message.get("call", "")
    action = message.get("action", "")
    param = message.get("param", "")
    if not all(isinstance(v, str) for v in (ref, call_key, action, param)) or (
        len(ref) > MAX_REF or len(param) > MAX_PARAM
    ):
        core.hub.send(conn, wire.error("bad_instruct", "ref, call, action, param: short strings"))
        return
    record = core.store.get(call_key)
    try:
        if call_key.startswith("wh:") and record is not None:
            raise RefusedError("not_supported", "the PBX takes no instructions")
        if not isinstance(record, AutosecretaryCall):
            raise RefusedError("unknown_call")
        core.instructions.submit(conn.login, ref, record, action, param)
    except RefusedError as exc:
        refused = Pending("", ref, conn.login, call_key, 0, action, param, "rejected", exc.reason)
        core.metrics.inc("instructions_total", "rejected")
        core.hub.send(conn, wire.encode({"type": "instruction", "instruction": refused.wire()}))
