"""The Vega simulator's connections: handshake credentials, per-client queues, the wire log.

Each client has its own queue, so a slow reader never delays the others; one that falls
:data:`MAX_QUEUE` frames behind is disconnected. Frames are logged with quoted numbers
(phones, trunks) cut to their last four digits.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hmac
import re
from dataclasses import dataclass

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

__all__ = ["MAX_QUEUE", "Peer", "SimAuth", "masked"]

#: Frames queued for one slow client before it is disconnected.
MAX_QUEUE = 10_000


@dataclass(frozen=True, slots=True)
class SimAuth:
    """Handshake authentication the simulator demands: ``basic`` (user + secret) or ``bearer``."""

    scheme: str
    secret: str
    user: str = ""

    def __post_init__(self) -> None:
        if self.scheme not in ("basic", "bearer"):
            raise ValueError("auth scheme must be basic or bearer")
        if not self.secret:
            raise ValueError("auth needs a secret")

    def accepts(self, header: str | None) -> bool:
        """Whether an ``Authorization`` header carries the right credentials."""
        if not header:
            return False
        if self.scheme == "bearer":
            expected = f"Bearer {self.secret}"
        else:
            token = base64.b64encode(f"{self.user}:{self.secret}".encode()).decode("ascii")
            expected = f"Basic {token}"
        return hmac.compare_digest(header.strip().encode(), expected.encode())


class Peer:
    """One event client and its outgoing queue."""

    def __init__(self, number: int, ws: ServerConnection) -> None:
        self.number = number
        self.ws = ws
        self.queue: asyncio.Queue[str | bytes] = asyncio.Queue(MAX_QUEUE)
        self.done = asyncio.Event()

    async def write(self) -> None:
        """Send the queued frames in order until the connection closes."""
        with contextlib.suppress(ConnectionClosed):
            while True:
                await self.ws.send(await self.queue.get())


_PHONE = re.compile(r'"(\+?)(\d{3,})(\d{4})"')


def masked(frame: str) -> str:
    """A frame for the log: quoted numbers (phones, trunks) cut to their last 4 digits."""
    masked = _PHONE.sub(lambda m: f'"{m[1]}{"*" * len(m[2])}{m[3]}"', frame)
    return masked if len(masked) <= 400 else masked[:397] + "..."
