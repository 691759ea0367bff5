"""Small value types of calls: what a call carries, and what its wrap-up recorded."""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["Media", "WrapUp"]


class Media(enum.StrEnum):
    """What a call carries: a voice conversation or a text session (chat, e-mail, SMS …)."""

    VOICE = "voice"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class WrapUp:
    """What the operator recorded for a call in wrap-up and the system accepted.

    Attributes:
        disposition: The accepted call result's code ("" while none).
        callback_at: When the accepted callback is due (POSIX seconds), if one was scheduled.
    """

    disposition: str = ""
    callback_at: float | None = None
