"""How things end: command failures, call end results, transfer failures, intent stages.

Value types only. Each carries a neutral category the UI words in the operator's language
and, where the system gave one, the vendor's own code and text (shown as is, in small
print, and kept for the journal and the logs). The core never produces a sentence for the
operator: a :class:`CommandFailure` is a :class:`FailureReason` plus detail.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class FailureReason(enum.StrEnum):
    """Why a command failed (values are also the historical ``CommandError.kind`` strings)."""

    ERROR = "error"  # the system refused it (``detail``: its own words)
    PARSE_ERROR = "parse_error"  # the system could not read the command
    TIMEOUT = "timeout"  # no answer in time
    DISCONNECTED = "disconnected"  # not connected, or the connection dropped meanwhile
    UNSUPPORTED = "unsupported"  # this backend (or phone) cannot do it
    INVALID = "invalid"  # the request itself is invalid (e.g. DTMF outside 0-9*#!)
    BAD_CREDENTIALS = "bad_credentials"  # 401/403 on this command
    CANCELLED = "cancelled"  # the toolbar stopped waiting (quitting)
    EXPIRED = "expired"  # accepted, but no event or poll confirmed it in time
    INTERNAL = "internal"  # a bug on our side (details in the log)


@dataclass(frozen=True, slots=True)
class CommandFailure:
    """A failed command, for the card or the state selector.

    Attributes:
        reason: The category the UI words.
        detail: The system's own text (a refusal's description), or empty; never an
            English sentence made up by the toolbar.
        code: The system's code, when it gives one (HTTP status, vendor error code).
    """

    reason: FailureReason
    detail: str = ""
    code: str = ""

    def __str__(self) -> str:
        """For logs: ``timeout`` or ``error: Call not found``."""
        extra = " ".join(x for x in (self.code, self.detail) if x)
        return f"{self.reason.value}: {extra}" if extra else self.reason.value


@dataclass(frozen=True, slots=True)
class CommandError(Exception):
    """A command was refused, timed out or could not be sent.

    Backends raise it from :meth:`~agent_toolbar.cti.backend.Backend.execute`.

    Attributes:
        reason: The system's own words or a note for the log (not shown as a sentence).
        kind: A :class:`FailureReason` (plain strings of the same values are accepted).
        details: More for the log (``code`` is shown next to the reason).
    """

    reason: str
    kind: str = FailureReason.ERROR
    details: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.reason

    @property
    def failure(self) -> CommandFailure:
        """The typed failure for the state (only a refusal keeps the system's words)."""
        try:
            reason = FailureReason(self.kind)
        except ValueError:
            reason = FailureReason.ERROR
        keep = reason in (FailureReason.ERROR, FailureReason.PARSE_ERROR, FailureReason.INVALID)
        return CommandFailure(
            reason, self.reason if keep else "", str(self.details.get("code", ""))
        )


class IntentStage(enum.StrEnum):
    """Where a command is in its life.

    ``SENT`` → ``ACCEPTED`` (the system took it; Oktell's HTTP 200, an Autosecretary
    instruction queued for collection) → ``CONFIRMED`` (a later event or poll shows it took
    effect) — or ``FAILED`` / ``EXPIRED`` (accepted but never confirmed in time). A backend
    whose acceptance is proof enough (Naumen's ``Ok``) goes from ``SENT`` to ``CONFIRMED``.
    """

    SENT = "sent"
    ACCEPTED = "accepted"
    QUEUED = "queued"  # accepted and waiting for the platform to collect it
    CONFIRMED = "confirmed"
    FAILED = "failed"
    EXPIRED = "expired"

    @property
    def final(self) -> bool:
        """True once nothing more will happen to the command."""
        return self in (IntentStage.CONFIRMED, IntentStage.FAILED, IntentStage.EXPIRED)


@dataclass(frozen=True, slots=True)
class Accepted:
    """What :meth:`Backend.execute` returns when acceptance is not yet proof.

    Attributes:
        confirm_within: Seconds to wait for the confirming event (or poll) before the
            command is EXPIRED; the backend confirms with
            :class:`~agent_toolbar.cti.events.IntentProgressed`.
        queued: True when the instruction waits for the platform to collect it
            (stage QUEUED instead of ACCEPTED).
    """

    confirm_within: float = 10.0
    queued: bool = False


class EndResult(enum.StrEnum):
    """How a call ended, in neutral words."""

    ANSWERED = "answered"  # talked, then hung up (by either side)
    MISSED = "missed"  # incoming, never answered by anyone
    ANSWERED_ELSEWHERE = "answered_elsewhere"  # another operator or device took it
    BUSY = "busy"
    NO_ANSWER = "no_answer"  # outgoing (or a transfer) nobody picked up
    REJECTED = "rejected"  # declined (by the operator or the far end)
    FAILED = "failed"  # network or system failure
    CANCELLED = "cancelled"  # the caller gave up before anyone answered
    TRANSFERRED = "transferred"  # left the operator through a transfer
    UNKNOWN = "unknown"  # lost track (an events-only stream came back without a snapshot)


@dataclass(frozen=True, slots=True)
class CallOutcome:
    """A call's end result plus the vendor's code and text (``ResultCode``, SIP status …)."""

    result: EndResult
    code: str = ""
    text: str = ""


class TransferFailure(enum.StrEnum):
    """Why a transfer failed, in neutral categories.

    Backends map their own codes here (Naumen's table 4.1 in ``backends/naumen``; Oktell's
    and Autosecretary's codes and SIP statuses likewise) and keep the code and text on
    :class:`~agent_toolbar.cti.model.Transfer`.
    """

    NO_TARGET = "no_target"  # no number given
    INVALID_TARGET = "invalid_target"  # not a valid number or address
    INCOMPATIBLE = "incompatible"  # the target is on another kind of connection
    CALL_GONE = "call_gone"  # the call to transfer no longer exists
    NO_ANSWER = "no_answer"
    NETWORK = "network"  # connection trouble during the transfer
    RETURN_FAILED = "return_failed"  # the call came back with an error
    BUSY = "busy"
    CANCELLED = "cancelled"
    CALLER_HUNG_UP = "caller_hung_up"  # the transferred side hung up meanwhile
    NOT_FOUND = "not_found"  # no such target
    REJECTED = "rejected"  # the target declined (SIP 603 …)
    UNKNOWN = "unknown"

    def __bool__(self) -> bool:
        """Always true: every member is a failure (never "no failure")."""
        return True
