"""The Vega simulator's control channel, for driving it from another process.

The simulator's port also accepts the subprotocol ``agent-toolbar-vega-sim-control`` — only
on a loopback bind unless started with ``--allow-remote-control`` (otherwise HTTP 403).
Each text frame is one JSON request ``{"op": NAME, "id": ANY?, ...arguments}``; each gets
one reply ``{"ok": true, "id": ..., ...results}`` or ``{"ok": false, "id": ..., "error": TEXT}``.
Requests are bounded (64 KiB a frame, :data:`MAX_TEXT` characters a text argument). The
channel asks for no credentials, even when the event stream does (``--auth``), and it is
served while new event handshakes are refused: it is the trainer's, on the same machine.

Operations (arguments as in :class:`~agent_toolbar.simulators.vega.server.VegaSimulator`;
``customer`` is an index into the sample customers, or ``null`` for an unknown caller;
``priorities`` a list of integers, one per CRM):

* ``group_call`` — ``ext``, ``group``, ``customer``, ``priorities``, ``server_time_as_string``
  (all optional); replies ``{"parent": UUID, "child": UUID}``;
* ``group_dial`` (``group``, ``customer``, ``priorities``, ``server_time_as_string``),
  ``distribute`` (``parent``, ``ext``), ``incoming_call`` (``ext``, ``customer``,
  ``priorities``, ``server_time_as_string``), ``ivr_call`` (``customer``), ``outgoing_call``
  (``ext``, ``number``, ``customer``, ``priorities``, ``server_time_as_string``),
  ``internal_call`` (``from_ext``, ``to_ext``) — reply ``{"uuid": UUID}``;
* ``bridge``, ``hangup`` — ``uuid``; ``pause``, ``unpause`` — optional ``ext``;
* ``error`` — ``text``, optional ``uuid``; ``send_raw`` — ``text`` (any frame, for garbage);
* ``drop_all_connections``; ``refuse_connections`` — ``seconds``; ``set_clock_offset`` — ``ms``;
* ``sent`` — optional ``limit``: the last frames sent; ``clients``; ``ping``.

:class:`VegaSimControl` is a small client for it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from websockets.asyncio.server import ServerConnection
from websockets.typing import Data

from agent_toolbar.simulators.common.control import (
    WsControlClient,
    carry_out,
    check_op,
    serve_channel,
)
from agent_toolbar.simulators.vega.calls import SimError

if TYPE_CHECKING:
    from agent_toolbar.simulators.vega.server import VegaSimulator

__all__ = ["CONTROL_SUBPROTOCOL", "VegaSimControl", "VegaSimControlError", "handle_request"]

log = logging.getLogger("agent_toolbar.simulators.vega.server")

CONTROL_SUBPROTOCOL = "agent-toolbar-vega-sim-control"
MAX_TEXT = 8192

_CALL_OPTS = {"customer", "priorities", "server_time_as_string"}
_ARGS: dict[str, tuple[set[str], set[str]]] = {
    "group_call": (set(), {"ext", "group"} | _CALL_OPTS),
    "group_dial": (set(), {"group"} | _CALL_OPTS),
    "distribute": ({"parent", "ext"}, set()),
    "incoming_call": (set(), {"ext"} | _CALL_OPTS),
    "ivr_call": (set(), {"customer"}),
    "outgoing_call": (set(), {"ext", "number"} | _CALL_OPTS),
    "internal_call": ({"from_ext", "to_ext"}, set()),
    "bridge": ({"uuid"}, set()),
    "hangup": ({"uuid"}, set()),
    "pause": (set(), {"ext"}),
    "unpause": (set(), {"ext"}),
    "error": ({"text"}, {"uuid"}),
    "send_raw": ({"text"}, set()),
    "drop_all_connections": (set(), set()),
    "refuse_connections": ({"seconds"}, set()),
    "set_clock_offset": ({"ms"}, set()),
    "sent": (set(), {"limit"}),
    "clients": (set(), set()),
    "ping": (set(), set()),
}
_TEXTS = ("ext", "group", "parent", "number", "from_ext", "to_ext", "uuid", "text")


class VegaSimControlError(Exception):
    """The simulator refused a control request."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check(op: str, args: Mapping[str, Any]) -> None:
    check_op(op, args, _ARGS, SimError)
    for key in _TEXTS:
        value = args.get(key)
        if key not in args or (key == "uuid" and value is None and op == "error"):
            continue
        if not (isinstance(value, str) and len(value) <= MAX_TEXT):
            raise SimError(f"{op}: {key} must be a string of at most {MAX_TEXT} characters")
    if "customer" in args and args["customer"] is not None and not _is_int(args["customer"]):
        raise SimError(f"{op}: customer must be an integer or null")
    priorities = args.get("priorities")
    if "priorities" in args and not (
        isinstance(priorities, list) and 0 < len(priorities) <= 8 and all(map(_is_int, priorities))
    ):
        raise SimError(f"{op}: priorities must be a list of 1 to 8 integers")
    flag = args.get("server_time_as_string")
    if flag is not None and not isinstance(flag, bool):
        raise SimError(f"{op}: server_time_as_string must be a boolean")
    for key in ("seconds", "ms", "limit"):
        value = args.get(key)
        if key in args and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise SimError(f"{op}: {key} must be a number")


def _call_kwargs(args: dict[str, Any]) -> dict[str, Any]:
    kwargs = dict(args)
    if "priorities" in kwargs:
        kwargs["priorities"] = tuple(kwargs["priorities"])
    return kwargs


async def handle_request(sim: VegaSimulator, request: Any) -> dict[str, Any]:
    """Carry out one control request and build its reply (never raises)."""
    return await carry_out(
        request,
        _check,
        lambda op, args: _run(sim, op, args),
        error=SimError,
        refusals=(SimError, ValueError, KeyError, TypeError, IndexError),
    )


async def _run(sim: VegaSimulator, op: str, args: dict[str, Any]) -> dict[str, Any]:
    simple_calls = {
        "group_dial": sim.group_dial,
        "incoming_call": sim.incoming_call,
        "ivr_call": sim.ivr_call,
        "outgoing_call": sim.outgoing_call,
    }
    if op == "group_call":
        parent, child = sim.group_call(**_call_kwargs(args))
        return {"parent": parent, "child": child}
    if op in simple_calls:
        return {"uuid": simple_calls[op](**_call_kwargs(args))}
    if op == "distribute":
        return {"uuid": sim.distribute(args["parent"], args["ext"])}
    if op == "internal_call":
        return {"uuid": sim.internal_call(args["from_ext"], args["to_ext"])}
    if op in ("bridge", "hangup"):
        (sim.bridge if op == "bridge" else sim.hangup)(args["uuid"])
    elif op in ("pause", "unpause"):
        ext = args.get("ext") or sim.extension
        return {"uuid": sim.pause(ext) if op == "pause" else sim.unpause(ext)}
    elif op == "error":
        sim.error(args["text"], args.get("uuid"))
    elif op == "send_raw":
        sim.send_raw(args["text"])
    elif op == "drop_all_connections":
        await sim.drop_all_connections()
    elif op == "refuse_connections":
        sim.refuse_connections(float(args["seconds"]))
    elif op == "set_clock_offset":
        sim.set_clock_offset(int(args["ms"]))
    elif op == "sent":
        limit = max(0, int(args.get("limit") or 100))
        return {"frames": list(sim.sent)[-limit:] if limit else []}
    elif op == "clients":
        return {"clients": sim.clients, "connections": sim.connections}
    return {}


def _describe(frame: Data, request: Any, reply: dict[str, Any]) -> str:
    op = request.get("op") if isinstance(request, dict) else None
    return f"{op if isinstance(op, str) else '?'} → ok={reply.get('ok')}"


async def serve(ws: ServerConnection, sim: VegaSimulator) -> None:
    """Answer control requests on one connection until it closes."""
    await serve_channel(ws, lambda request: handle_request(sim, request), log, _describe)


class VegaSimControl(WsControlClient):
    """A client of the control channel.

    Example::

        async with VegaSimControl("ws://127.0.0.1:8099") as control:
            uuids = await control.request("group_call", ext="101")
    """

    SUBPROTOCOL = CONTROL_SUBPROTOCOL
    ERROR = VegaSimControlError
