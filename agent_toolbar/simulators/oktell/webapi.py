"""Answering one Web-API request: fault, Basic auth, method, parameters, log.

Order: an injected fault answers first (it stands for whatever the network or the server
does); then credentials (403 ``Forbidden`` without a challenge); then the method (404 when
unknown); then its parameters (query and form body, names in any case, at most
:data:`MAX_PARAMS` of :data:`MAX_VALUE` characters). Every request that passed the
credentials is logged (commands at INFO, successful reads at DEBUG), numbers masked to
their last 4 digits.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING

from aiohttp import web

from agent_toolbar.simulators.oktell import control, methods, render
from agent_toolbar.simulators.oktell.model import CommandRecord
from agent_toolbar.simulators.oktell.userstate import BadRequestError

if TYPE_CHECKING:
    from agent_toolbar.simulators.oktell.simulator import Simulator

__all__ = ["MAX_PARAMS", "MAX_VALUE", "handle"]

log = logging.getLogger("agent_toolbar.simulators.oktell.simulator")

MAX_PARAMS = 32
MAX_VALUE = 512
_READS = frozenset(
    {"getversion", "tst_getuserstate", "wp_getabonentinfo", "wp_getchaincontent",
     "tst_getintnumberreadyusers"}
)  # fmt: skip


def auth_user(
    accounts: Mapping[str, str], request: web.Request, *, empty_ok: bool = False
) -> str | None:
    """The Basic user the request authenticates as, else ``None``."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "basic" or not token:
        return None
    try:
        user, sep, password = base64.b64decode(token, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    expected = accounts.get(user)
    if sep and expected is not None and empty_ok and password == "":
        return user
    return user if sep and expected is not None and expected == password else None


async def _params(request: web.Request) -> dict[str, str]:
    params = {k.lower(): v for k, v in request.query.items()}
    if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
        form = await request.post()
        params.update({k.lower(): str(v) for k, v in form.items()})
    if len(params) > MAX_PARAMS or any(len(v) > MAX_VALUE for v in params.values()):
        raise BadRequestError(f"at most {MAX_PARAMS} parameters of {MAX_VALUE} characters")
    return params


def masked(params: Mapping[str, str]) -> dict[str, str]:
    """Parameters for the log, phone numbers cut to their last 4 digits."""
    out = dict(params)
    if "number" in out and len(out["number"]) > 4:
        out["number"] = "…" + out["number"][-4:]
    return out


async def handle(sim: Simulator, request: web.Request) -> web.StreamResponse:
    """Answer one request to the simulator's port."""
    name = request.match_info["method"].strip("/").lower()
    if name == "_sim/control":
        if not sim.control_allowed:
            return web.Response(status=404, text="Not Found")
        return await control.serve(request, sim)
    if request.method not in ("GET", "POST"):
        return web.Response(status=405, text="GET or POST")
    fault = sim.faults.take(name)
    if fault is not None and fault.kind == "slow":
        await asyncio.sleep(fault.seconds or 3.0)
    elif fault is not None and fault.kind not in ("seedjson", "truncated"):
        return _fault_answer(sim, request, fault.kind)
    user = auth_user(sim.accounts, request, empty_ok=sim.accept_empty_password)
    if user is None:
        sim.command_log.refuse(name)
        return web.Response(status=403, text="403 Forbidden")
    method = methods.METHODS.get(name)
    if method is None:
        return web.Response(status=404, text=f"unknown method {name!r}")
    params: dict[str, str] = {}
    try:
        params = await _params(request)
        ctx = methods.MethodContext(sim.world, sim.xml_encoding, sim.version, sim.build)
        answer = method(ctx, params)
    except methods.NotDeterminedError as exc:
        answer = methods.Answer(404, f"{exc}\n".encode())
    except ValueError as exc:  # BadRequestError included
        answer = methods.Answer(400, f"{exc}\n".encode())
    sim.command_log.append(
        CommandRecord(time.time(), name, params, answer.login, user, answer.status)
    )
    # polls come every second: at INFO only the commands, the polls at DEBUG
    level = logging.DEBUG if name in _READS and answer.status == 200 else logging.INFO
    log.log(level, "%s %s → %d", name, masked(params), answer.status)
    body = answer.body
    if fault is not None and fault.kind == "seedjson":
        body = render.seed_style(body)
    elif fault is not None and fault.kind == "truncated":
        body = body[: len(body) // 2]
    return web.Response(
        status=answer.status, body=body, content_type=answer.content_type, charset=answer.charset
    )


def _fault_answer(sim: Simulator, request: web.Request, kind: str) -> web.StreamResponse:
    if kind == "403":
        return web.Response(status=403, text="403 Forbidden")
    if kind == "500":
        page = "<html><body><h1>500 Internal Server Error</h1></body></html>"
        return web.Response(status=500, text=page, content_type="text/html")
    if kind == "html":
        page = "<html><head><title>Oktell</title></head><body>Ошибка сервера</body></html>"
        return web.Response(status=200, text=page, content_type="text/html")
    if kind == "empty":
        return web.Response(status=200, body=b"", content_type="text/xml")
    if kind == "garbage":
        junk = bytes(sim.rng.randrange(256) for _ in range(64))
        return web.Response(status=200, body=b"\x00\xff<okt" + junk, content_type="text/xml")
    # drop: the connection closes without an answer
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=500)
