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

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from websockets.asyncio.server import ServerConnection
from websockets.typing import Data

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.common.control import (
    WsControlClient,
    carry_out,
    check_op,
    plain,
    serve_channel,
)
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
    check_op(op, args, _ARGS, SimError)
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


async def handle_request(sim: Simulator, request: Any) -> dict[str, Any]:
    """Carry out one control request and build its reply (never raises)."""
    return await carry_out(
        request,
        _check,
        lambda op, args: _run(sim, op, args),
        error=SimError,
        refusals=(SimError, ValueError, KeyError, TypeError),
    )


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
        return {"operator": plain(sim.operator(args["login"]))}
    return {}


def _describe(frame: Data, request: Any, reply: dict[str, Any]) -> str:
    return f"{frame if isinstance(frame, str) else '<binary>'} → {reply}"


async def serve(ws: ServerConnection, sim: Simulator) -> None:
    """Answer control requests on one connection until it closes."""
    await serve_channel(ws, lambda request: handle_request(sim, request), log, _describe)


class SimControl(WsControlClient):
    """A client of the control channel.

    Example::

        async with SimControl("ws://127.0.0.1:8098") as control:
            cid = (await control.request("inject_call", login="operator"))["cid"]
    """

    SUBPROTOCOL = CONTROL_SUBPROTOCOL
    ERROR = SimControlError
