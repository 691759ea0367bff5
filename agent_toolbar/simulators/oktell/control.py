"""The simulator's control endpoint, for driving it from another process.

``POST /_sim/control`` on the simulator's own port, served only when it listens on a loopback
address (unless started with ``--allow-remote-control``) and without the Web-API's Basic
auth. The body is one JSON object ``{"op": NAME, ...arguments}`` (at most 64 KiB); the answer
is ``{"ok": true, ...results}`` or ``{"ok": false, "error": TEXT}`` (status 400).

Operations (arguments as in :class:`~agent_toolbar.simulators.oktell.simulator.Simulator`):

* ``inject_call`` — ``login``, optional ``caller``, ``display_name``, ``internal``;
  answers ``{"id": commutationid}``;
* ``answer_elsewhere``, ``end_call_remote`` — ``login``, ``id``;
* ``set_user_state`` — ``login``, ``state`` (number), optional ``callcenter``, ``lunch``,
  ``redirect``, ``ccmanual`` (booleans);
* ``inject_fault`` — ``kind``, optional ``method``, ``count``, ``seconds``;
* ``drop_connections``; ``refuse_connections`` — ``seconds`` (this endpoint is away too);
* ``commands`` — optional ``since`` (index): ``{"commands": [...], "next": N}``;
* ``operator`` — ``login``: its state, modes and calls; ``ping``.

:class:`SimControl` is a small aiohttp client for it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import aiohttp
from aiohttp import web

from agent_toolbar.simulators.common.control import carry_out, check_op, plain
from agent_toolbar.simulators.common.lifecycle import AsyncResource
from agent_toolbar.simulators.oktell.model import SimError

if TYPE_CHECKING:
    from agent_toolbar.simulators.oktell.simulator import Simulator

__all__ = ["CONTROL_PATH", "SimControl", "SimControlError", "handle_request", "serve"]

CONTROL_PATH = "/_sim/control"

_STR = ("login", "id", "caller", "display_name", "kind", "method")
_NUM = ("state", "count", "seconds", "since")
_BOOL = ("internal", "callcenter", "lunch", "redirect", "ccmanual")
_ARGS: dict[str, tuple[set[str], set[str]]] = {
    "inject_call": ({"login"}, {"caller", "display_name", "internal"}),
    "answer_elsewhere": ({"login", "id"}, set()),
    "end_call_remote": ({"login", "id"}, set()),
    "set_user_state": ({"login", "state"}, {"callcenter", "lunch", "redirect", "ccmanual"}),
    "inject_fault": ({"kind"}, {"method", "count", "seconds"}),
    "drop_connections": (set(), set()),
    "refuse_connections": ({"seconds"}, set()),
    "commands": (set(), {"since"}),
    "operator": ({"login"}, set()),
    "ping": (set(), set()),
}


class SimControlError(Exception):
    """The simulator refused a control request."""


def _check(op: str, args: Mapping[str, Any]) -> None:
    check_op(op, args, _ARGS, SimError)
    for key, value in args.items():
        if value is None:
            continue
        if key in _STR and not isinstance(value, str):
            raise SimError(f"{op}: {key} must be a string")
        if key in _NUM and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise SimError(f"{op}: {key} must be a number")
        if key in _BOOL and not isinstance(value, bool):
            raise SimError(f"{op}: {key} must be true or false")


async def handle_request(sim: Simulator, request: Any) -> dict[str, Any]:
    """Carry out one control request and build its answer (never raises)."""
    return await carry_out(
        request,
        _check,
        lambda op, args: _run(sim, op, args),
        error=SimError,
        refusals=(SimError, ValueError, KeyError, TypeError),
        echo_id=False,
    )


async def _run(sim: Simulator, op: str, args: dict[str, Any]) -> dict[str, Any]:
    if op == "inject_call":
        login = args.pop("login")
        return {"id": sim.inject_call(login, **args)}
    if op == "answer_elsewhere":
        sim.answer_elsewhere(args["login"], args["id"])
    elif op == "end_call_remote":
        sim.end_call_remote(args["login"], args["id"])
    elif op == "set_user_state":
        login, state = args.pop("login"), args.pop("state")
        if not isinstance(state, int):
            raise SimError("state must be a whole number")
        sim.set_user_state(login, state, **args)
    elif op == "inject_fault":
        sim.inject_fault(
            args["kind"],
            method=args.get("method"),
            count=int(args.get("count") or 1),
            seconds=float(args.get("seconds") or 0.0),
        )
    elif op == "drop_connections":
        await sim.drop_connections()
    elif op == "refuse_connections":
        sim.refuse_connections(float(args["seconds"]))
    elif op == "commands":
        since = max(0, int(args.get("since") or 0))
        rows = [
            {"index": i, **record.to_json()}
            for i, record in enumerate(sim.commands[since:], start=since)
        ]
        return {"commands": rows, "next": len(sim.commands)}
    elif op == "operator":
        return {"operator": plain(sim.operator(args["login"]))}
    return {}


async def serve(request: web.Request, sim: Simulator) -> web.Response:
    """Answer one control request."""
    if request.method != "POST":
        return web.json_response({"ok": False, "error": "POST a JSON object"}, status=405)
    try:
        payload = json.loads(await request.read())
    except ValueError as exc:
        return web.json_response({"ok": False, "error": f"invalid JSON: {exc}"}, status=400)
    reply = await handle_request(sim, payload)
    status = 200 if reply.get("ok") else 400
    return web.json_response(
        reply, status=status, dumps=lambda v: json.dumps(v, ensure_ascii=False)
    )


class SimControl(AsyncResource):
    """A client of the control endpoint.

    Example::

        async with SimControl("http://127.0.0.1:4055") as control:
            call_id = (await control.request("inject_call", login="operator"))["id"]
    """

    def __init__(self, url: str, *, timeout: float = 5.0) -> None:
        self.url = url.rstrip("/") + CONTROL_PATH
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def open(self) -> None:
        """Open the HTTP session (``async with`` does)."""
        self._session = aiohttp.ClientSession(timeout=self._timeout)

    async def close(self) -> None:
        """Close the HTTP session (``async with`` does)."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def request(self, op: str, **args: Any) -> dict[str, Any]:
        """Send one request and return its answer (``SimControlError`` if refused)."""
        if self._session is None:
            raise RuntimeError("SimControl is not open (use it as a context manager)")
        async with self._session.post(self.url, json={"op": op, **args}) as response:
            reply = await response.json(content_type=None)
        if not isinstance(reply, dict) or not reply.get("ok"):
            error = reply.get("error") if isinstance(reply, dict) else reply
            raise SimControlError(str(error))
        return dict(reply)
