"""The protocol every backend implements.

A backend connects to one phone system for one operator, turns what the system says into
domain events (:mod:`agent_toolbar.cti.events`) and carries out intents
(:mod:`agent_toolbar.cti.intents`). The UI never sees a wire message; it sees the state
those events build and the capabilities the backend declares.

The value types a backend speaks live below this module (:mod:`~agent_toolbar.cti.capabilities`,
:mod:`~agent_toolbar.cti.connection`, :mod:`~agent_toolbar.cti.outcomes`) and are re-exported
here for convenience, so nothing imports back up into the protocol.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from agent_toolbar.cti.capabilities import (
    ALL_FEATURES,
    NOT_OFFERED,
    Capabilities,
    Feature,
    Refusal,
    RefusalKind,
    StateOptions,
)
from agent_toolbar.cti.connection import (
    ConnectionStatus,
    LinkKind,
    LinkState,
    Problem,
    ServerInfo,
)
from agent_toolbar.cti.events import DomainEvent
from agent_toolbar.cti.intents import Intent
from agent_toolbar.cti.model import OperatorIdentity
from agent_toolbar.cti.outcomes import Accepted, CommandError, CommandFailure, FailureReason

__all__ = [
    "ALL_FEATURES",
    "NOT_OFFERED",
    "Accepted",
    "Backend",
    "Capabilities",
    "CommandError",
    "CommandFailure",
    "ConnectionStatus",
    "EventSink",
    "FailureReason",
    "Feature",
    "LinkKind",
    "LinkState",
    "OperatorIdentity",
    "Problem",
    "Refusal",
    "RefusalKind",
    "ServerInfo",
    "StateOptions",
]

EventSink = Callable[[DomainEvent], None]


class Backend(Protocol):
    """What the session needs from a phone-system adapter."""

    @property
    def login(self) -> str:
        """The operator's login on that system."""
        ...

    @property
    def identity(self) -> OperatorIdentity:
        """Who the operator is there (login plus GUID, extension or numbers)."""
        ...

    @property
    def capabilities(self) -> Capabilities:
        """What can be done through this backend, and why the rest cannot."""
        ...

    @property
    def status(self) -> ConnectionStatus:
        """The current connection status."""
        ...

    def subscribe(self, sink: EventSink) -> None:
        """Deliver every domain event (connection changes included) to ``sink``."""
        ...

    async def run(self) -> None:
        """Connect and stay connected (reconnecting as needed) until :meth:`stop`."""
        ...

    async def stop(self) -> None:
        """Detach politely and close; :meth:`run` returns afterwards."""
        ...

    def reconnect_now(self) -> None:
        """Skip any wait and try to connect at once (the operator asked)."""
        ...

    async def execute(self, intent: Intent) -> Accepted | None:
        """Carry out an intent.

        Returns:
            None when the system's acceptance proves the command took effect (the
            command is CONFIRMED at once); an :class:`Accepted` when a later event or poll
            must confirm it (then emit :class:`~agent_toolbar.cti.events.IntentProgressed`).

        Raises:
            CommandError: with a :class:`FailureReason` kind when it failed.
        """
        ...
