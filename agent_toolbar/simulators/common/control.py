"""A control API's plumbing: checking a request, carrying it out, the WebSocket channel.

Every simulator can be driven from another process by JSON requests ``{"op": NAME,
...arguments}``, each answered by one reply ``{"ok": true, ...results}`` or ``{"ok": false,
"error": TEXT}``. What the operations are and do is each simulator's own (its ``control``
module); this module holds what they share:

* :func:`check_op` — the op is known, its required arguments are there, nothing else is;
* :func:`carry_out` — one request to one reply, never raising (a refusal becomes the error
  text); with ``echo_id`` the request's ``id`` comes back in the reply;
* :func:`plain` — a dataclass snapshot (with enums, mappings, tuples) as JSON-ready values;
* :func:`serve_channel` and :class:`WsControlClient` — the control channel as a WebSocket
  subprotocol on the simulator's own port: one request a text frame, one reply a frame.
"""

from __future__ import annotations

import dataclasses
import enum
import itertools
import json
import logging
import ssl
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, ClassVar

from websockets.asyncio.client import ClientConnection, connect
from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed
from websockets.typing import Data, Subprotocol

from agent_toolbar.simulators.common.lifecycle import AsyncResource

__all__ = [
    "ArgTable",
    "WsControlClient",
    "carry_out",
    "check_op",
    "plain",
    "serve_channel",
]

#: op -> (required argument names, optional argument names)
ArgTable = Mapping[str, tuple[set[str], set[str]]]


def check_op(op: str, args: Mapping[str, Any], table: ArgTable, error: type[Exception]) -> None:
    """Refuse an unknown op, a missing argument or an unknown one (raises ``error``)."""
    if op not in table:
        raise error(f"unknown op {op!r} (one of {', '.join(sorted(table))})")
    required, optional = table[op]
    if missing := required - set(args):
        raise error(f"{op}: missing {', '.join(sorted(missing))}")
    if unknown := set(args) - required - optional:
        raise error(f"{op}: unknown argument(s) {', '.join(sorted(unknown))}")


async def carry_out(
    request: Any,
    check: Callable[[str, dict[str, Any]], None],
    run: Callable[[str, dict[str, Any]], Awaitable[dict[str, Any]]],
    *,
    error: type[Exception],
    refusals: tuple[type[Exception], ...],
    echo_id: bool = True,
) -> dict[str, Any]:
    """Check and run one control request and build its reply (never raises).

    Args:
        request: The decoded JSON request.
        check: Refuses bad arguments by raising.
        run: Carries the op out and returns the reply's results.
        error: The simulator's refusal (raised for an op that is not a string).
        refusals: The exceptions that become ``{"ok": false, "error": str(exc)}``.
        echo_id: ``id`` is the request's correlation (echoed, not an argument); otherwise
            it is an argument like any other.
    """
    if not isinstance(request, dict):
        return {"ok": False, "error": "a request is a JSON object"}
    reply: dict[str, Any] = {"id": request["id"]} if echo_id and "id" in request else {}
    envelope = ("op", "id") if echo_id else ("op",)
    op = request.get("op")
    args = {k: v for k, v in request.items() if k not in envelope}
    try:
        if not isinstance(op, str):
            raise error("op must be a string")
        check(op, args)
        result = await run(op, args)
    except refusals as exc:
        return {**reply, "ok": False, "error": str(exc)}
    return {**reply, "ok": True, **result}


def plain(value: Any) -> Any:
    """A snapshot as JSON-ready values: dataclasses and mappings as objects, enums as values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    return value


async def serve_channel(
    ws: ServerConnection,
    handle: Callable[[Any], Awaitable[dict[str, Any]]],
    log: logging.Logger,
    describe: Callable[[Data, Any, dict[str, Any]], str],
) -> None:
    """Answer control requests on one WebSocket connection until it closes.

    ``handle`` turns a decoded request into its reply; each exchange is logged at INFO as
    ``control`` and what ``describe(frame, request, reply)`` says of it (``request`` is
    ``None`` for a frame that is not JSON).
    """
    log.info("control connection from %s", ws.remote_address)
    try:
        async for frame in ws:
            request: Any = None
            try:
                request = json.loads(frame)
            except ValueError as exc:
                reply: dict[str, Any] = {"ok": False, "error": f"invalid JSON: {exc}"}
            else:
                reply = await handle(request)
            log.info("control %s", describe(frame, request, reply))
            await ws.send(json.dumps(reply, ensure_ascii=False))
    except ConnectionClosed:
        pass


class WsControlClient(AsyncResource):
    """A client of a simulator's WebSocket control channel (an async context manager).

    A subclass names the channel's subprotocol in :attr:`SUBPROTOCOL` and the exception a
    refused request raises in :attr:`ERROR`.

    Args:
        url: The simulator's ``ws://`` (or ``wss://``) URL.
        open_timeout: Seconds the opening handshake may take.
        ssl_context: The client TLS context for ``wss://``.
    """

    SUBPROTOCOL: ClassVar[str]
    ERROR: ClassVar[type[Exception]]

    def __init__(
        self, url: str, *, open_timeout: float = 5.0, ssl_context: ssl.SSLContext | None = None
    ) -> None:
        self.url = url
        self._ssl = ssl_context
        self._open_timeout = open_timeout
        self._ws: ClientConnection | None = None
        self._ids = itertools.count(1)

    async def open(self) -> None:
        """Open the channel (``async with`` does)."""
        self._ws = await connect(
            self.url,
            subprotocols=[Subprotocol(self.SUBPROTOCOL)],
            open_timeout=self._open_timeout,
            ssl=self._ssl,
        )

    async def close(self) -> None:
        """Close the channel (``async with`` does)."""
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def request(self, op: str, **args: Any) -> dict[str, Any]:
        """Send one request and return its reply (:attr:`ERROR` if refused)."""
        if self._ws is None:
            name = type(self).__name__
            raise RuntimeError(f"{name} is not connected (use it as a context manager)")
        ident = next(self._ids)
        await self._ws.send(json.dumps({"op": op, "id": ident, **args}, ensure_ascii=False))
        while True:
            reply = json.loads(await self._ws.recv())
            if isinstance(reply, dict) and reply.get("id") == ident:
                break
        if not reply.get("ok"):
            raise self.ERROR(str(reply.get("error")))
        return dict(reply)
