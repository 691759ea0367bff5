"""The simulator's control channel, for driving it from another process.

The simulator's port also accepts the subprotocol ``agent-toolbar-sim-control`` — only when
it listens on a loopback address, unless started with ``--allow-remote-control``. Each text
frame is one JSON request ``{"op": NAME, "id": ANY?, ...arguments}``; each gets one reply
``{"ok": true, "id": ..., ...results}`` or ``{"ok": false, "id": ..., "error": TEXT}``.

Operations (arguments as in :class:`~agent_toolbar.simulators.naumen.simulator.Simulator`):

* ``inject_call`` — ``login``, optional ``caller``, ``display_name``, ``called``,
  ``params`` (object of strings), ``params_later`` (seconds), ``direction``, ``call_type``;
  replies ``{"cid": ...}``;
* ``end_call_remote``, ``answer_elsewhere`` — ``login``, ``cid``;
* ``inject_text_session`` — ``login``, optional ``channel``, ``customer``, ``text``,
  ``subject``; replies ``{"cid": ...}``; ``text_session_id`` (``login``, ``cid``) replies
  ``{"session_id": ...}``; ``text_message`` / ``text_reply`` (``session_id``, ``text``)
  reply ``{"message_id": ...}``; ``close_text_session`` (``session_id``),
  ``transfer_text_session`` (``session_id``, ``dnis``), ``unblock_message``
  (``session_id``, ``message_id``), ``sip_message`` (``login``, ``cid``, ``text``);
* ``set_user_state`` — ``login``, ``state``, optional ``reason``;
* ``drop_all_connections`` (CTI connections only; this channel stays open);
* ``refuse_connections`` — ``seconds``;
* ``commands`` — optional ``since`` (index); replies ``{"commands": [{"index", "time",
  "login", "name", "connection", "frame"}], "next": N}``;
* ``directory``, ``operator`` (``login``), ``ping``.

:class:`SimControl` is a small client for it.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import logging
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.naumen.model import SimError

if TYPE_CHECKING:
    from agent_toolbar.simulators.naumen.simulator import Simulator

__all__ = ["CONTROL_SUBPROTOCOL", "SimControl", "SimControlError", "handle_request", "serve"]

log = logging.getLogger("agent_toolbar.simulators.naumen.simulator")

CONTROL_SUBPROTOCOL = "agent-toolbar-sim-control"

_ARGS: dict[str, tuple[set[str], set[str]]] = {
    "inject_call": (
        {"login"},
        {"caller", "display_name", "called", "params", "params_later", "direction", "call_type"},
    ),
    "inject_text_session": ({"login"}, {"channel", "customer", "text", "subject"}),
    "text_session_id": ({"login", "cid"}, set()),
    "text_message": ({"session_id", "text"}, set()),
    "text_reply": ({"session_id", "text"}, set()),
    "close_text_session": ({"session_id"}, set()),
    "transfer_text_session": ({"session_id", "dnis"}, set()),
    "unblock_message": ({"session_id", "message_id"}, set()),
    "sip_message": ({"login", "cid", "text"}, set()),
    "end_call_remote": ({"login", "cid"}, set()),
    "answer_elsewhere": ({"login", "cid"}, set()),
    "set_user_state": ({"login", "state"}, {"reason"}),
    "drop_all_connections": (set(), set()),
    "refuse_connections": ({"seconds"}, set()),
    "commands": (set(), {"since"}),
    "directory": (set(), set()),
    "operator": ({"login"}, set()),
    "ping": (set(), set()),
}


class SimControlError(Exception):
    """The simulator refused a control request."""


def _check(op: str, args: Mapping[str, Any]) -> None:
    if op not in _ARGS:
        raise SimError(f"unknown op {op!r} (one of {', '.join(sorted(_ARGS))})")
    required, optional = _ARGS[op]
    missing = required - set(args)
    unknown = set(args) - required - optional
    if missing:
        raise SimError(f"{op}: missing {', '.join(sorted(missing))}")
    if unknown:
        raise SimError(f"{op}: unknown argument(s) {', '.join(sorted(unknown))}")
    for key in (
        "login",
        "cid",
        "state",
        "caller",
        "display_name",
        "called",
        "reason",
        "channel",
        "customer",
        "text",
        "subject",
        "session_id",
        "dnis",
        "message_id",
    ):
        if key in args and args[key] is not None and not isinstance(args[key], str):
            raise SimError(f"{op}: {key} must be a string")
    for key in ("params_later", "seconds", "since"):
        value = args.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise SimError(f"{op}: {key} must be a number")
    params = args.get("params")
    if params is not None and not (
        isinstance(params, dict) and all(isinstance(v, str) for v in params.values())
    ):
        raise SimError(f"{op}: params must be an object of strings")


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


async def handle_request(sim: Simulator, request: Any) -> dict[str, Any]:
    """Carry out one control request and build its reply (never raises)."""
    if not isinstance(request, dict):
        return {"ok": False, "error": "a request is a JSON object"}
    reply: dict[str, Any] = {"id": request["id"]} if "id" in request else {}
    op = request.get("op")
    args = {k: v for k, v in request.items() if k not in ("op", "id")}
    try:
        if not isinstance(op, str):
            raise SimError("op must be a string")
        _check(op, args)
        result = await _run(sim, op, args)
    except (SimError, ValueError, KeyError, TypeError) as exc:
        return {**reply, "ok": False, "error": str(exc)}
    return {**reply, "ok": True, **result}


async def _run(sim: Simulator, op: str, args: dict[str, Any]) -> dict[str, Any]:
    if op == "inject_call":
        login = args.pop("login")
        return {"cid": sim.inject_call(login, **args)}
    if op == "inject_text_session":
        login = args.pop("login")
        return {"cid": sim.inject_text_session(login, **args)}
    if op == "text_session_id":
        return {"session_id": sim.text_session_id(args["login"], args["cid"])}
    if op in ("text_message", "text_reply"):
        send = sim.text_message if op == "text_message" else sim.text_reply
        return {"message_id": send(args["session_id"], args["text"])}
    if op == "close_text_session":
        sim.close_text_session(args["session_id"])
    elif op == "transfer_text_session":
        sim.transfer_text_session(args["session_id"], args["dnis"])
    elif op == "unblock_message":
        sim.unblock_message(args["session_id"], args["message_id"])
    elif op == "sip_message":
        sim.sip_message(args["login"], args["cid"], args["text"])
    elif op == "end_call_remote":
        sim.end_call_remote(args["login"], args["cid"])
    elif op == "answer_elsewhere":
        sim.answer_elsewhere(args["login"], args["cid"])
    elif op == "set_user_state":
        sim.set_user_state(args["login"], args["state"], args.get("reason"))
    elif op == "drop_all_connections":
        await sim.drop_all_connections()
    elif op == "refuse_connections":
        sim.refuse_connections(float(args["seconds"]))
    elif op == "commands":
        since = int(args.get("since") or 0)
        records = [
            {
                "index": index,
                "time": record.time,
                "login": record.login,
                "name": record.name,
                "connection": record.connection,
                "frame": m.to_wire(record.message),
            }
            for index, record in enumerate(sim.commands[since:], start=since)
        ]
        return {"commands": records, "next": len(sim.commands)}
    elif op == "directory":
        rows = sim.directory()
        return {"directory": [{"number": n, "label": lb, "behaviour": b} for n, lb, b in rows]}
    elif op == "operator":
        return {"operator": _plain(sim.operator(args["login"]))}
    return {}


async def serve(ws: ServerConnection, sim: Simulator) -> None:
    """Answer control requests on one connection until it closes."""
    log.info("control connection from %s", ws.remote_address)
    try:
        async for frame in ws:
            try:
                request = json.loads(frame)
            except ValueError as exc:
                reply: dict[str, Any] = {"ok": False, "error": f"invalid JSON: {exc}"}
            else:
                reply = await handle_request(sim, request)
            log.info("control %s → %s", frame if isinstance(frame, str) else "<binary>", reply)
            await ws.send(json.dumps(reply, ensure_ascii=False))
    except ConnectionClosed:
        pass


class SimControl:
    """A client of the control channel.

    Example::

        async with SimControl("ws://127.0.0.1:8098") as control:
            cid = (await control.request("inject_call", login="operator"))["cid"]
    """

    def __init__(self, url: str, *, open_timeout: float = 5.0) -> None:
        self.url = url
        self._open_timeout = open_timeout
        self._ws: ClientConnection | None = None
        self._ids = itertools.count(1)

    async def __aenter__(self) -> SimControl:
        self._ws = await connect(
            self.url,
            subprotocols=[Subprotocol(CONTROL_SUBPROTOCOL)],
            open_timeout=self._open_timeout,
        )
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def request(self, op: str, **args: Any) -> dict[str, Any]:
        """Send one request and return its reply (``SimControlError`` if refused)."""
        if self._ws is None:
            raise RuntimeError("SimControl is not connected (use it as a context manager)")
        ident = next(self._ids)
        await self._ws.send(json.dumps({"op": op, "id": ident, **args}, ensure_ascii=False))
        while True:
            reply = json.loads(await self._ws.recv())
            if isinstance(reply, dict) and reply.get("id") == ident:
                break
        if not reply.get("ok"):
            raise SimControlError(str(reply.get("error")))
        return dict(reply)
