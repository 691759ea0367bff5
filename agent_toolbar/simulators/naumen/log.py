"""The simulator's log of accepted commands, and waiting for a command to arrive."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.common.commandlog import WaitingLog
from agent_toolbar.simulators.naumen.model import CommandRecord

__all__ = ["CommandLog"]


class CommandLog(WaitingLog[CommandRecord]):
    """Every command the simulated API accepted, in order, with waiting on arrivals.

    Attributes:
        records: The log itself (the simulator exposes it as ``commands``).
    """

    async def wait(
        self,
        name: str,
        *,
        login: str | None = None,
        timeout: float = 5.0,
        predicate: Callable[[Any], bool] | None = None,
    ) -> m.Message:
        """The first matching command not yet returned by this method, waiting for it.

        ``name`` may be any spelling of the message name; ``predicate`` gets the decoded
        message. Raises ``TimeoutError`` when none arrives within ``timeout`` seconds.
        """
        cls = m.lookup(name)
        wanted = cls.NAME if cls is not None else name

        def matches(record: CommandRecord) -> bool:
            return (
                record.name == wanted
                and (login is None or record.login == login)
                and (predicate is None or bool(predicate(record.message)))
            )

        record = await self.wait_for(matches, timeout, f"{wanted} command")
        return record.message
