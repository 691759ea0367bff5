"""Words of the history window: results, directions, states, and its catalog.

:func:`trf` translates through Qt's catalog (``QCoreApplication.translate``);
:func:`~agent_toolbar.ui.common.tr.fill` substitutes ``%1`` … in a single pass, so a
caller's name containing ``%2`` stays as it is; ``translated`` does both and is what the
Qt-free renderers (timeline, offline summary) take for their marked texts. The history has
its own catalog, ``resources/translations/history_<lang>.qm``
(``scripts/history_translations.sh``), which :func:`install_history_translations` installs
beside the main one.
"""

from __future__ import annotations

import datetime as dt

from agent_toolbar.history.model import CallDirection, CallResult, OutcomeCategory
from agent_toolbar.history.timeline import QT_TRANSLATE_NOOP
from agent_toolbar.qt import QtCore
from agent_toolbar.ui.common.tr import fill, translated
from agent_toolbar.ui.history.catalog import install_history_translations, trf

__all__ = [
    "direction_text",
    "fill",
    "install_history_translations",
    "translated",
    "trf",
    "when_text",
    "word",
]


def _words() -> dict[str, str]:
    return {
        # end results
        CallResult.ANSWERED.value: QT_TRANSLATE_NOOP("HistoryWords", "answered"),
        CallResult.MISSED.value: QT_TRANSLATE_NOOP("HistoryWords", "missed"),
        CallResult.BUSY.value: QT_TRANSLATE_NOOP("HistoryWords", "busy"),
        CallResult.NO_ANSWER.value: QT_TRANSLATE_NOOP("HistoryWords", "no answer"),
        CallResult.REJECTED.value: QT_TRANSLATE_NOOP("HistoryWords", "rejected"),
        CallResult.FAILED.value: QT_TRANSLATE_NOOP("HistoryWords", "failed"),
        CallResult.TRANSFERRED.value: QT_TRANSLATE_NOOP("HistoryWords", "transferred"),
        "answered_elsewhere": QT_TRANSLATE_NOOP("HistoryWords", "answered elsewhere"),
        CallResult.UNKNOWN.value: QT_TRANSLATE_NOOP("HistoryWords", "unknown"),
        # transfer outcomes (those not already above)
        OutcomeCategory.SUCCEEDED.value: QT_TRANSLATE_NOOP("HistoryWords", "succeeded"),
        OutcomeCategory.RETURNED.value: QT_TRANSLATE_NOOP("HistoryWords", "returned"),
        OutcomeCategory.CANCELLED.value: QT_TRANSLATE_NOOP("HistoryWords", "cancelled"),
        OutcomeCategory.NOT_FOUND.value: QT_TRANSLATE_NOOP("HistoryWords", "not found"),
        OutcomeCategory.NO_TARGET.value: QT_TRANSLATE_NOOP("HistoryWords", "no number"),
        OutcomeCategory.INVALID_TARGET.value: QT_TRANSLATE_NOOP("HistoryWords", "bad number"),
        OutcomeCategory.INCOMPATIBLE.value: QT_TRANSLATE_NOOP("HistoryWords", "incompatible"),
        OutcomeCategory.CALL_GONE.value: QT_TRANSLATE_NOOP("HistoryWords", "call gone"),
        OutcomeCategory.NETWORK.value: QT_TRANSLATE_NOOP("HistoryWords", "network trouble"),
        OutcomeCategory.RETURN_FAILED.value: QT_TRANSLATE_NOOP("HistoryWords", "return failed"),
        OutcomeCategory.CALLER_HUNG_UP.value: QT_TRANSLATE_NOOP("HistoryWords", "caller hung up"),
        # transfer kinds
        "blind": QT_TRANSLATE_NOOP("HistoryWords", "blind"),
        "consultation": QT_TRANSLATE_NOOP("HistoryWords", "consultation"),
        "conference": QT_TRANSLATE_NOOP("HistoryWords", "conference"),
        "callback": QT_TRANSLATE_NOOP("HistoryWords", "with return"),
        # call states in the offline summary
        "new": QT_TRANSLATE_NOOP("HistoryWords", "ringing"),
        "connected": QT_TRANSLATE_NOOP("HistoryWords", "talking"),
        "hold": QT_TRANSLATE_NOOP("HistoryWords", "on hold"),
        "ended": QT_TRANSLATE_NOOP("HistoryWords", "wrap-up"),
        # operator states in the offline summary
        "normal": QT_TRANSLATE_NOOP("HistoryWords", "Ready"),
        "away": QT_TRANSLATE_NOOP("HistoryWords", "Not ready"),
        "dnd": QT_TRANSLATE_NOOP("HistoryWords", "Do not disturb"),
        "offline": QT_TRANSLATE_NOOP("HistoryWords", "Offline"),
        "ringing": QT_TRANSLATE_NOOP("HistoryWords", "Ringing"),
        "speaking": QT_TRANSLATE_NOOP("HistoryWords", "On a call"),
        "wrapup": QT_TRANSLATE_NOOP("HistoryWords", "Wrap-up"),
        "unknown": QT_TRANSLATE_NOOP("HistoryWords", "unknown"),
    }


_WORDS = _words()


def word(value: str) -> str:
    """A neutral value (result, outcome, transfer kind, state) in the operator's language.

    An operator state with a reason (``away:Dinner``) reads "Not ready (Dinner)".
    """
    state, _, reason = value.partition(":")
    source = _WORDS.get(state)
    text = QtCore.QCoreApplication.translate("HistoryWords", source) if source else state
    return f"{text} ({reason})" if reason else text


def direction_text(direction: CallDirection) -> str:
    """Incoming / outgoing / internal, for the list."""
    return {
        CallDirection.IN: trf("HistoryWindow", "Incoming"),
        CallDirection.OUT: trf("HistoryWindow", "Outgoing"),
        CallDirection.INTERNAL: trf("HistoryWindow", "Internal"),
        CallDirection.UNKNOWN: trf("HistoryWindow", "Call"),
    }[direction]


def when_text(at: float, now: float) -> str:
    """A start time for the list: the time today, else the date and time."""
    moment = dt.datetime.fromtimestamp(at)
    today = dt.datetime.fromtimestamp(now).date()
    if moment.date() == today:
        return moment.strftime("%H:%M")
    if moment.date() == today - dt.timedelta(days=1):
        return fill(trf("HistoryWindow", "yesterday %1"), moment.strftime("%H:%M"))
    return moment.strftime("%d.%m.%Y %H:%M")
