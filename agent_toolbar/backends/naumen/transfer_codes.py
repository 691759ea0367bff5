"""Table 4.1: the codes of ``TransferFailed.status``, and their neutral categories.

The specification gives a code and a CamelCase word for each; servers send either (a
number, a numeric string or the word). :func:`transfer_failure` maps what came to the
domain's :class:`~agent_toolbar.cti.outcomes.TransferFailure`; the code itself is kept on
the transfer as the vendor's code, the word as its text.
"""

from __future__ import annotations

import enum

from agent_toolbar.cti.outcomes import TransferFailure

__all__ = ["Table41", "transfer_failure"]


class Table41(enum.IntEnum):
    """Transfer failure codes of table 4.1."""

    EMPTY_ADDRESS = 0
    BAD_ADDRESS_FORMAT = 1
    DIFFERENT_TYPE_CONNECTIONS = 2
    SOURCE_CONNECTION_NOT_FOUND = 3
    RESPONSE_TIMEOUT = 4
    CONNECTION_TROUBLE = 5
    RECEIVE_RETURN_ERROR = 6
    BUSY = 7
    BREAK_TRANSFER = 8
    TRANSFERRED_SIDE_DISCONNECTED = 9
    DESTINATION_NOT_FOUND = 10

    @classmethod
    def from_status(cls, status: str | int | None) -> Table41 | None:
        """The member a ``TransferFailed.status`` names (a code or a word), or None."""
        if status is None:
            return None
        text = str(status).strip()
        try:
            return cls(int(text))
        except ValueError:
            pass
        squashed = text.replace("_", "").lower()
        for member in cls:
            if member.name.replace("_", "").lower() == squashed:
                return member
        return None

    @property
    def table_name(self) -> str:
        """The CamelCase word table 4.1 uses (``Busy``, ``DestinationNotFound`` …)."""
        return "".join(part.capitalize() for part in self.name.split("_"))

    @property
    def category(self) -> TransferFailure:
        """The neutral category."""
        return _CATEGORY[self]


_CATEGORY = {
    Table41.EMPTY_ADDRESS: TransferFailure.NO_TARGET,
    Table41.BAD_ADDRESS_FORMAT: TransferFailure.INVALID_TARGET,
    Table41.DIFFERENT_TYPE_CONNECTIONS: TransferFailure.INCOMPATIBLE,
    Table41.SOURCE_CONNECTION_NOT_FOUND: TransferFailure.CALL_GONE,
    Table41.RESPONSE_TIMEOUT: TransferFailure.NO_ANSWER,
    Table41.CONNECTION_TROUBLE: TransferFailure.NETWORK,
    Table41.RECEIVE_RETURN_ERROR: TransferFailure.RETURN_FAILED,
    Table41.BUSY: TransferFailure.BUSY,
    Table41.BREAK_TRANSFER: TransferFailure.CANCELLED,
    Table41.TRANSFERRED_SIDE_DISCONNECTED: TransferFailure.CALLER_HUNG_UP,
    Table41.DESTINATION_NOT_FOUND: TransferFailure.NOT_FOUND,
}


def transfer_failure(status: str | int | None) -> tuple[TransferFailure, str, str]:
    """(category, code, text) for a ``TransferFailed.status`` value."""
    member = Table41.from_status(status)
    raw = "" if status is None else str(status).strip()
    if member is None:
        return TransferFailure.UNKNOWN, raw, ""
    return member.category, str(member.value), member.table_name
