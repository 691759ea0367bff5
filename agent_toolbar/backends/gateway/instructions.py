"""Operator intents as Autosecretary routing instructions, and their statuses as stages.

The platform takes one instruction at a time per call (``ReturnCRMData`` ``{CallID,
EventType, Param}``) the next time it asks the CRM; the gateway queues it and reports
``queued`` → ``delivered`` → ``result`` (or ``expired`` / ``cancelled`` / ``rejected``).

* "Transfer to…" (:class:`~agent_toolbar.cti.intents.TransferCall`, a consultation — every
  transfer of the platform is a "консалт") picks the action from the target's form, as the
  specification's ``Param`` forms read: ``PBX…`` (Latin, or the specification's Cyrillic
  "РВХ") → ``TransferPBX``; exactly four digits (a short number) → ``TransferEXT``; any
  other number → ``TransferDN`` (a full number). With ``autosecretary/record_transfers`` on,
  ``TransferDNRec`` / ``TransferPBXRec`` instead (short numbers have no recording variant).
* "Return from consultation" (:class:`~agent_toolbar.cti.intents.BreakTransfer`) →
  ``BackFromConsultCall``; "End call" (:class:`~agent_toolbar.cti.intents.Hangup`) →
  ``Hangup``; "Play prompt" (:class:`~agent_toolbar.cti.intents.PlayAnnouncement`) →
  ``PlayPromptAndBack`` with the configured file name (the prompt plays and the call goes
  on: ``PlayPrompt`` would end it, says the specification).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.model import TransferKind
from agent_toolbar.cti.outcomes import CommandError, CommandFailure, FailureReason, IntentStage

__all__ = ["REASON_KINDS", "instruction_for", "stage_of"]

_SHORT = re.compile(r"\d{4}")
_PBX = re.compile(r"(?i:pbx|рвх)[A-Za-z0-9_.\-]+")
_NUMBER = re.compile(r"\+?[\d\s()\-]{5,}")

#: The gateway's rejection reasons and the failure kind each is.
REASON_KINDS: Mapping[str, FailureReason] = {
    "bad_param": FailureReason.INVALID,
    "not_supported": FailureReason.UNSUPPORTED,
    "unknown_action": FailureReason.UNSUPPORTED,
}


def _transfer(target: str, record: bool) -> tuple[str, str]:
    target = target.strip()
    if _PBX.fullmatch(target):
        return ("TransferPBXRec" if record else "TransferPBX"), "PBX" + target[3:]
    if _SHORT.fullmatch(target):
        return "TransferEXT", target
    if _NUMBER.fullmatch(target):
        digits = re.sub(r"\D", "", target)
        return ("TransferDNRec" if record else "TransferDN"), digits
    raise CommandError(target, kind=FailureReason.INVALID)


def instruction_for(intent: it.Intent, *, record: bool, prompt: str) -> tuple[str, str]:
    """The action name and ``Param`` for ``intent``.

    Raises:
        CommandError: ``UNSUPPORTED`` for an intent the platform has no action for,
            ``INVALID`` for a target that is no number, short number or PBX number.
    """
    if isinstance(intent, it.TransferCall) and intent.kind is TransferKind.CONSULTATION:
        return _transfer(intent.target, record)
    if isinstance(intent, it.BreakTransfer):
        return "BackFromConsultCall", ""
    if isinstance(intent, it.Hangup):
        return "Hangup", ""
    if isinstance(intent, it.PlayAnnouncement) and prompt:
        return "PlayPromptAndBack", intent.name or prompt
    raise CommandError("", kind=FailureReason.UNSUPPORTED)


def stage_of(status: str, reason: str = "") -> tuple[IntentStage, CommandFailure | None] | None:
    """The stage an instruction's status means, or None while it waits (``queued``)."""
    if status in ("delivered", "result"):
        return IntentStage.CONFIRMED, None
    if status == "expired":
        return IntentStage.EXPIRED, CommandFailure(FailureReason.EXPIRED, reason)
    if status == "cancelled":
        return IntentStage.FAILED, CommandFailure(FailureReason.CANCELLED, reason)
    if status == "rejected":
        kind = REASON_KINDS.get(reason, FailureReason.ERROR)
        return IntentStage.FAILED, CommandFailure(
            kind, reason if kind is FailureReason.ERROR else ""
        )
    return None
