"""What a command handler of the simulator gets: the world, the operator and its reply.

A handler validates first (raising :class:`~agent_toolbar.simulators.naumen.model.SimError`,
which becomes the ``Error`` reply) and only then changes the world. It sends exactly one
reply through the context — ``Ok``, or a data message — at the point of the event sequence
where the specification puts it; events go through the world to every connection attached
to the login, the reply only to the connection that sent the command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.naumen.model import SimCall, SimError, SimOperator
from agent_toolbar.simulators.naumen.world import World

__all__ = ["Ctx", "Handler", "Registry"]

Handler = Callable[["Ctx", Any], None]
H = TypeVar("H", bound=Handler)


@dataclass(slots=True)
class Ctx:
    """The context of one command.

    Attributes:
        world: The simulated world.
        rid: The command's request id (every reply carries it).
        operator: The operator named by the command's ``login`` (``None`` for service
            commands without a login).
        send: Sends a frame to the requesting connection only.
        replied: Whether the reply has been sent.
    """

    world: World
    rid: str
    operator: SimOperator | None
    send: Callable[[m.Message], None]
    replied: bool = False

    @property
    def op(self) -> SimOperator:
        """The command's operator (only for commands that carry a login)."""
        if self.operator is None:
            raise SimError("this command names no operator")
        return self.operator

    def call(self, cid: str) -> SimCall:
        """The operator's call with this ``cid`` (``SimError`` when there is none)."""
        return self.world.call(self.op, cid)

    def reply(self, message: m.Message) -> None:
        """Send the one reply to the command."""
        if self.replied:
            raise RuntimeError(f"second reply to rid {self.rid!r}")
        self.replied = True
        self.send(message)

    def ok(self) -> None:
        """Reply ``Ok``."""
        self.reply(m.Ok(rid=self.rid))


class Registry:
    """Handlers by command class, filled with the :meth:`handles` decorator."""

    def __init__(self) -> None:
        self.handlers: dict[type[m.Message], Handler] = {}

    def handles(self, *classes: type[m.Message]) -> Callable[[H], H]:
        """Register the decorated function as the handler of these commands."""

        def register(func: H) -> H:
            for cls in classes:
                self.handlers[cls] = func
            return func

        return register
