"""A raw CTI peer for scripting conversations with the simulator (tests, integrators).

:class:`SimPeer` speaks plain JSON over one WebSocket connection and checks what comes back
with the project's codec: every frame it receives must decode to a known message without a
single problem (unknown fields, coerced types …), so a script exercising the simulator also
checks that the simulator's frames are clean. Expectations that fail raise
:class:`UnexpectedFrameError` (an ``AssertionError``, so test runners report it as a failure).

Example::

    async with Simulator() as sim, SimPeer.attached(sim.url, "operator") as peer:
        cid = sim.inject_call("operator")
        await peer.expect("NewCall", "UserState")
        await peer.send("Answer", login="operator", cid=cid)
        await peer.expect("Ok", "CallStatus", "UserState", "CurrentCall")
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from agent_toolbar.backends.naumen import messages as m

if TYPE_CHECKING:
    from agent_toolbar.simulators.naumen.simulator import Simulator

__all__ = ["SimPeer", "UnexpectedFrameError", "strict_decode"]

#: Seconds to wait for an expected frame.
TIMEOUT = 3.0
#: Seconds of silence that count as "nothing arrives".
QUIET = 0.15


class UnexpectedFrameError(AssertionError):
    """A frame was not what the script expected (or did not decode cleanly)."""


def strict_decode(frame: str | bytes) -> m.Message:
    """Decode a frame that must be a known message without any decoding problem."""
    result = m.decode(frame)
    if result.error is not None or result.problems or not isinstance(result.message, m.Message):
        raise UnexpectedFrameError(
            f"{result.error or result.problems or 'unknown message'}: {frame!r}"
        )
    return result.message


class SimPeer:
    """A CTI client that sends raw commands and checks the frames that come back.

    Attributes:
        ws: The WebSocket connection.
        raw: Every received frame, parsed as JSON, in order.
    """

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.raw: list[dict[str, Any]] = []
        self._rids = itertools.count(1)

    @classmethod
    async def open(cls, url: str, *, version: bool = True) -> SimPeer:
        """Connect with the CTI subprotocol and (unless ``version`` is off) pass the gate."""
        ws = await connect(url, subprotocols=[Subprotocol(m.SUBPROTOCOL)], open_timeout=TIMEOUT)
        peer = cls(ws)
        if version:
            reply = await peer.reply("SetProtocolVersion", protocolVersion=m.PROTOCOL_VERSION)
            if not isinstance(reply, m.Ok):
                await peer.close()
                raise UnexpectedFrameError(f"protocol version refused: {reply}")
        return peer

    @classmethod
    @contextlib.asynccontextmanager
    async def attached(cls, url: str, login: str) -> AsyncIterator[SimPeer]:
        """A peer past the version gate and attached to ``login``, closed afterwards."""
        peer = await cls.open(url)
        try:
            await peer.attach(login)
            yield peer
        finally:
            await peer.close()

    async def close(self) -> None:
        """Close the connection, discarding whatever still arrives meanwhile.

        Reading on while closing matters: frames left unread hold back the server's close
        frame behind flow control, and the closing handshake would wait for its timeout.
        """

        async def drain() -> None:
            with contextlib.suppress(ConnectionClosed):
                async for _frame in self.ws:
                    pass

        drainer = asyncio.get_running_loop().create_task(drain())
        try:
            await self.ws.close()
        finally:
            await drainer

    async def send(self, name: str, **fields: Any) -> str:
        """Send a command with a fresh rid (fields in their wire spelling); return the rid."""
        rid = f"r{next(self._rids)}"
        await self.send_raw({"rid": rid, "name": name, **fields})
        return rid

    async def send_raw(self, payload: Any) -> None:
        """Send a string as it is, anything else as JSON."""
        text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
        await self.ws.send(text)

    async def recv(self, timeout: float = TIMEOUT) -> m.Message:
        """The next frame, decoded strictly."""
        frame = await asyncio.wait_for(self.ws.recv(), timeout)
        self.raw.append(json.loads(frame))
        return strict_decode(frame)

    async def expect(self, *names: str, timeout: float = TIMEOUT) -> list[m.Message]:
        """The next messages, which must carry exactly these names in this order."""
        got: list[m.Message] = []
        for name in names:
            got.append(await self.recv(timeout))
            if name != got[-1].NAME:
                raise UnexpectedFrameError(f"expected {list(names)}, got {[x.NAME for x in got]} …")
        return got

    async def until(self, name: str, timeout: float = TIMEOUT) -> list[m.Message]:
        """Messages up to and including the first one named ``name``."""
        got: list[m.Message] = []
        while not got or name != got[-1].NAME:
            got.append(await self.recv(timeout))
        return got

    async def quiet(self, wait: float = QUIET) -> None:
        """Check that nothing arrives within ``wait`` seconds."""
        try:
            frame = await asyncio.wait_for(self.ws.recv(), wait)
        except TimeoutError:
            return
        raise UnexpectedFrameError(f"expected silence, got {frame!r}")

    async def reply(self, name: str, **fields: Any) -> m.Message:
        """Send a command answered before anything else; return the reply (rid checked)."""
        rid = await self.send(name, **fields)
        message = await self.recv()
        if message.rid != rid:
            raise UnexpectedFrameError(f"expected the reply to {rid}, got {message}")
        return message

    async def error(self, name: str, **fields: Any) -> str:
        """Send a command that must be refused with ``Error``; return the description."""
        message = await self.reply(name, **fields)
        if not isinstance(message, m.Error):
            raise UnexpectedFrameError(f"expected Error for {name}, got {message}")
        return message.description

    async def attach(self, login: str) -> m.UserState:
        """``AttachToUser`` and consume its sequence; return the ``UserState``."""
        rid = await self.send("AttachToUser", login=login)
        ok, state = await self.expect("Ok", "UserState")
        if ok.rid != rid or not isinstance(state, m.UserState):
            raise UnexpectedFrameError(f"attach to {login} answered {ok}, {state}")
        if state.state != "offline":
            await self.expect("Calls", "Conferences")
        return state

    async def ring(self, sim: Simulator, login: str, **kwargs: Any) -> str:
        """Offer a call through the control API, consume ``NewCall`` + ``UserState``; its cid.

        The peer must be attached to ``login``; ``kwargs`` go to ``Simulator.inject_call``.
        """
        cid = sim.inject_call(login, **kwargs)
        new, _state = await self.expect("NewCall", "UserState")
        if not isinstance(new, m.NewCall) or new.cid != cid:
            raise UnexpectedFrameError(f"expected NewCall {cid}, got {new}")
        return cid

    async def talk(self, sim: Simulator, login: str, **kwargs: Any) -> str:
        """Offer a call and answer it with ``Answer``; returns its cid."""
        cid = await self.ring(sim, login, **kwargs)
        await self.send("Answer", login=login, cid=cid)
        await self.expect("Ok", "CallStatus", "UserState", "CurrentCall")
        return cid
