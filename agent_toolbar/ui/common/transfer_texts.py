"""Transfers in words: the kind, how far it got, and why it failed (neutral categories).

Part of :mod:`agent_toolbar.ui.common.texts` (which re-exports these names).
"""

from __future__ import annotations

from agent_toolbar.cti.model import Transfer, TransferFailure, TransferKind, TransferPhase
from agent_toolbar.qt import QT_TRANSLATE_NOOP, QCoreApplication
from agent_toolbar.ui.common.tr import fill, translated

__all__ = ["transfer_failure_text", "transfer_kind_text", "transfer_text"]


_FAILURE = {
    TransferFailure.NO_TARGET: QT_TRANSLATE_NOOP("TransferFailure", "No number was given"),
    TransferFailure.INVALID_TARGET: QT_TRANSLATE_NOOP(
        "TransferFailure", "The number or address is not valid"
    ),
    TransferFailure.INCOMPATIBLE: QT_TRANSLATE_NOOP(
        "TransferFailure", "The target is on a different kind of connection"
    ),
    TransferFailure.CALL_GONE: QT_TRANSLATE_NOOP(
        "TransferFailure", "The call to transfer no longer exists"
    ),
    TransferFailure.NO_ANSWER: QT_TRANSLATE_NOOP("TransferFailure", "The target did not answer"),
    TransferFailure.NETWORK: QT_TRANSLATE_NOOP(
        "TransferFailure", "Network trouble during the transfer"
    ),
    TransferFailure.RETURN_FAILED: QT_TRANSLATE_NOOP(
        "TransferFailure", "The call came back with an unknown error"
    ),
    TransferFailure.BUSY: QT_TRANSLATE_NOOP("TransferFailure", "The target is busy"),
    TransferFailure.CANCELLED: QT_TRANSLATE_NOOP("TransferFailure", "The transfer was cancelled"),
    TransferFailure.CALLER_HUNG_UP: QT_TRANSLATE_NOOP(
        "TransferFailure", "The caller hung up during the transfer"
    ),
    TransferFailure.NOT_FOUND: QT_TRANSLATE_NOOP("TransferFailure", "The target was not found"),
    TransferFailure.REJECTED: QT_TRANSLATE_NOOP("TransferFailure", "The target declined the call"),
    TransferFailure.UNKNOWN: QT_TRANSLATE_NOOP("TransferFailure", "The transfer failed"),
}


def transfer_failure_text(failure: TransferFailure) -> str:
    """Why a transfer failed (its neutral category), in the operator's words."""
    return translated("TransferFailure", _FAILURE.get(failure, _FAILURE[TransferFailure.UNKNOWN]))


_KIND = {
    TransferKind.BLIND: QT_TRANSLATE_NOOP("Transfer", "Blind transfer"),
    TransferKind.CONSULTATION: QT_TRANSLATE_NOOP("Transfer", "Consultation transfer"),
    TransferKind.CONFERENCE: QT_TRANSLATE_NOOP("Transfer", "Conference transfer"),
    TransferKind.CALLBACK: QT_TRANSLATE_NOOP("Transfer", "Transfer with callback"),
}


def transfer_kind_text(kind: TransferKind | None) -> str:
    """The name of a transfer kind (``Transfer`` when another client started it)."""
    if kind is None:
        return QCoreApplication.translate("Transfer", "Transfer")
    return translated("Transfer", _KIND[kind])


def transfer_text(transfer: Transfer) -> str:
    """How far a transfer got, for the call card (``Transferring to 2001…`` …)."""
    target = transfer.target or ""
    phase = transfer.phase
    if phase in (TransferPhase.REQUESTED, TransferPhase.STARTED):
        if target:
            return fill(QCoreApplication.translate("Transfer", "Transferring to %1…"), target)
        return QCoreApplication.translate("Transfer", "Transferring…")
    if phase is TransferPhase.SUCCEEDED:
        if target:
            return fill(QCoreApplication.translate("Transfer", "%1 answered"), target)
        return QCoreApplication.translate("Transfer", "The target answered")
    if phase is TransferPhase.FAILED:
        failure = transfer.failure if transfer.failure is not None else TransferFailure.UNKNOWN
        return fill(
            QCoreApplication.translate("Transfer", "Transfer failed: %1"),
            transfer_failure_text(failure),
        )
    if phase is TransferPhase.RETURNED:
        return QCoreApplication.translate("Transfer", "The transferred call came back")
    return QCoreApplication.translate("Transfer", "Transferred")
