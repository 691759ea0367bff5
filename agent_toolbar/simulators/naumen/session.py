"""One CTI connection of the simulator: version gate, rid rule, attachments, dispatch.

The rules, in the order they apply to each incoming frame:

1. Until ``SetProtocolVersion "13"`` has been answered ``Ok`` (§2.1) the connection is not
   served: every other frame — commands, garbage, anything — is ignored without a word,
   and no event is sent. Another version is answered ``Error`` and the gate stays closed.
2. Invalid JSON or a JSON value that is not an object → ``ParseError`` (no rid can be
   read, so none is carried).
3. A command without ``rid`` is dropped silently (§1.3).
4. A frame whose required fields are missing or of the wrong type → ``ParseError`` with
   the rid; an unknown message name → ``Error``; an event or service reply sent as a
   command → ``Error``.
5. ``AttachToUser``: unknown login → ``Error``; otherwise ``Ok``, ``UserState`` and — unless
   the operator is offline — ``Calls`` and ``Conferences`` (a WebPhone's list is empty).
   Several connections may attach to one login; each gets every event of it.
6. Any other command naming a login this connection has not attached → ``Error``;
   ``DetachFromUser`` → ``Ok`` and no more events of that login here.
7. While the operator is offline only ``GetUserState`` and ``DetachFromUser`` work; other
   operator commands get ``Error`` (§1.3: the operator must be registered). A WebPhone
   operator gets ``Error`` for the commands its phone lacks (tables 3.1–3.11).
8. The command's handler replies exactly once; events it causes reach every connection
   attached to the login, before or after the reply as §3 describes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.naumen import (
    calls as sim_calls,
)
from agent_toolbar.simulators.naumen import (
    commands as sim_commands,
)
from agent_toolbar.simulators.naumen import (
    conferences as sim_conferences,
)
from agent_toolbar.simulators.naumen import frames
from agent_toolbar.simulators.naumen import (
    transfers as sim_transfers,
)
from agent_toolbar.simulators.naumen.context import Ctx, Handler
from agent_toolbar.simulators.naumen.model import SimError
from agent_toolbar.simulators.naumen.world import World

__all__ = ["HANDLERS", "QUEUE_LIMIT", "Link", "Session", "SessionHost", "clip"]

log = logging.getLogger("agent_toolbar.simulators.naumen.simulator")

#: Every command handler, by command class.
HANDLERS: dict[type[m.Message], Handler] = {
    **sim_commands.HANDLERS,
    **sim_calls.HANDLERS,
    **sim_transfers.HANDLERS,
    **sim_conferences.HANDLERS,
}
_OFFLINE_OK: tuple[type[m.Message], ...] = (m.GetUserState, m.DetachFromUser)
_LOG_LIMIT = 600
#: Frames waiting for one slow client before it is disconnected.
QUEUE_LIMIT = 10_000


class SessionHost(Protocol):
    """What a session needs from the server."""

    world: World

    def attach(self, session: Session, login: str) -> None:
        """Start delivering the login's events to the session."""

    def detach(self, session: Session, login: str) -> None:
        """Stop delivering the login's events to the session."""

    def record(
        self, session: Session, message: m.Message, frame: Mapping[str, Any] | None = None
    ) -> None:
        """Log an accepted command (``frame``: its JSON object as received)."""


def clip(text: str) -> str:
    """A frame shortened for one log line."""
    return text if len(text) <= _LOG_LIMIT else f"{text[:_LOG_LIMIT]}… ({len(text)} chars)"


class Session:
    """The protocol state of one CTI connection.

    Args:
        number: The connection's number (for logs and the command log).
        send_frame: Queues a text frame to this connection.
        host: The server.
    """

    def __init__(self, number: int, send_frame: Callable[[str], None], host: SessionHost) -> None:
        self.number = number
        self.version_ok = False
        self.logins: set[str] = set()
        #: Queues an encoded frame to this connection (events of attached logins use it).
        self.push = send_frame
        self._host = host

    def send(self, message: m.Message) -> None:
        """Send a reply (or attach-time snapshot) to this connection only."""
        frame = m.encode(message)
        if log.isEnabledFor(logging.INFO):
            log.info("#%d → %s", self.number, clip(frame))
        self.push(frame)

    def on_frame(self, frame: str | bytes) -> None:
        """Handle one incoming frame (never raises)."""
        if log.isEnabledFor(logging.INFO):
            shown = frame.decode("utf-8", "replace") if isinstance(frame, bytes) else frame
            log.info("#%d ← %s", self.number, clip(shown))
        try:
            obj = json.loads(frame)
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
            if self.version_ok:
                self.send(m.ParseError(description=f"invalid JSON: {exc}"))
            return
        if not isinstance(obj, dict):
            if self.version_ok:
                kind = type(obj).__name__
                self.send(m.ParseError(description=f"a message is a JSON object, not a {kind}"))
            return
        if obj.get("rid") is None:
            return
        result = m.decode_object(obj)
        rid = result.rid
        is_version = (result.wire_name or "").lower() == "setprotocolversion"
        if not self.version_ok and not is_version:
            return
        if rid is None:
            self.send(m.ParseError(description="rid must be a string"))
            return
        message = result.message
        if message is None:
            self.send(m.ParseError(rid=rid, description=result.error or "unusable message"))
        elif isinstance(message, m.UnknownMessage):
            self.send(m.Error(rid=rid, description=f"unknown message {message.name!r}"))
        else:
            self._handle(message, rid, obj)

    def _handle(self, message: m.Message, rid: str, frame: Mapping[str, Any]) -> None:
        self._host.record(self, message, frame)
        if isinstance(message, m.SetProtocolVersion):
            self._set_version(message, rid)
        elif message.KIND is not m.Kind.COMMAND:
            self.send(m.Error(rid=rid, description=f"{message.NAME} is not a command"))
        elif isinstance(message, m.AttachToUser):
            self._attach(message.login, rid)
        else:
            self._dispatch(message, rid)

    def _set_version(self, message: m.SetProtocolVersion, rid: str) -> None:
        version = message.protocol_version.strip()
        if version == m.PROTOCOL_VERSION:
            self.version_ok = True
            self.send(m.Ok(rid=rid))
        else:
            description = f"protocol version {version!r} is not supported (use 13)"
            self.send(m.Error(rid=rid, description=description))

    def _attach(self, login: str, rid: str) -> None:
        world = self._host.world
        op = world.operators.get(login)
        if op is None:
            self.send(m.Error(rid=rid, description=f"unknown login {login!r}"))
            return
        if login not in self.logins:
            self.logins.add(login)
            self._host.attach(self, login)
        self.send(m.Ok(rid=rid))
        self.send(frames.user_state(op))
        if op.registered:
            self.send(frames.calls_message(op))
            self.send(frames.conferences_message(op))

    def _dispatch(self, message: m.Message, rid: str) -> None:
        world = self._host.world
        op = None
        if message.HAS_LOGIN:
            login = str(getattr(message, "login", ""))
            if login not in self.logins:
                description = f"not attached to {login!r}: send AttachToUser first"
                self.send(m.Error(rid=rid, description=description))
                return
            if isinstance(message, m.DetachFromUser):
                self.logins.discard(login)
                self._host.detach(self, login)
                self.send(m.Ok(rid=rid))
                return
            op = world.operators[login]
            problem = None
            if not op.registered and not isinstance(message, _OFFLINE_OK):
                problem = f"operator {login!r} is not registered (offline)"
            elif op.webphone and not message.WEBPHONE:
                problem = f"{message.NAME} is not available on a WebPhone"
            if problem is not None:
                self.send(m.Error(rid=rid, description=problem))
                return
        handler = HANDLERS.get(type(message))
        if handler is None:
            self.send(m.Error(rid=rid, description=f"{message.NAME} is not supported"))
            return
        ctx = Ctx(world, rid, op, self.send)
        try:
            handler(ctx, message)
        except SimError as exc:
            if ctx.replied:
                log.error("#%d: %s failed after its reply: %s", self.number, message.NAME, exc)
            else:
                ctx.reply(m.Error(rid=rid, description=str(exc)))
        except Exception:
            log.exception("#%d: %s handler failed", self.number, message.NAME)
            if not ctx.replied:
                ctx.reply(m.Error(rid=rid, description=f"{message.NAME} failed in the simulator"))
        else:
            if not ctx.replied:
                log.error("#%d: %s handler sent no reply", self.number, message.NAME)
                ctx.reply(m.Ok(rid=rid))


class Link:
    """One CTI connection: its socket, outgoing queue and protocol session."""

    def __init__(self, number: int, ws: ServerConnection, host: SessionHost) -> None:
        self.ws = ws
        self.queue: asyncio.Queue[str] = asyncio.Queue(QUEUE_LIMIT)
        self.session = Session(number, self.push, host)
        self.done = asyncio.Event()

    def push(self, frame: str) -> None:
        """Queue a frame; a client that lets ``QUEUE_LIMIT`` frames pile up is cut off."""
        try:
            self.queue.put_nowait(frame)
        except asyncio.QueueFull:
            log.warning(
                "#%d: client too slow, %d frames pending: dropped", self.number, QUEUE_LIMIT
            )
            self.ws.transport.abort()

    @property
    def number(self) -> int:
        """The connection's number."""
        return self.session.number

    async def write(self) -> None:
        """Send queued frames in order until the connection closes."""
        with contextlib.suppress(ConnectionClosed):
            while True:
                await self.ws.send(await self.queue.get())
