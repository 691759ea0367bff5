"""The connection status in words: problems, countdowns, "listening · last event N s ago".

Part of :mod:`agent_toolbar.ui.common.texts` (which re-exports these names).
"""

from __future__ import annotations

import math

from agent_toolbar.cti.connection import ConnectionStatus, LinkKind, LinkState, Problem
from agent_toolbar.qt import QT_TRANSLATE_NOOP, QCoreApplication
from agent_toolbar.ui.common.tr import fill, translated

__all__ = ["link_problem_text", "link_text"]


_PROBLEM = {
    Problem.UNREACHABLE: QT_TRANSLATE_NOOP("Link", "server unreachable"),
    Problem.CLOSED: QT_TRANSLATE_NOOP("Link", "connection lost"),
    Problem.TLS: QT_TRANSLATE_NOOP("Link", "secure connection failed (certificate)"),
    Problem.SUBPROTOCOL: QT_TRANSLATE_NOOP(
        "Link", "the server does not speak this phone system's protocol"
    ),
    Problem.VERSION: QT_TRANSLATE_NOOP("Link", "protocol version not supported"),
    Problem.UNKNOWN_LOGIN: QT_TRANSLATE_NOOP("Link", "the server refused the login"),
    Problem.BAD_CREDENTIALS: QT_TRANSLATE_NOOP("Link", "user name, password or token refused"),
    Problem.SILENT: QT_TRANSLATE_NOOP("Link", "the server has sent nothing for too long"),
    Problem.TIMEOUT: QT_TRANSLATE_NOOP("Link", "the server did not answer"),
    Problem.PROTOCOL: QT_TRANSLATE_NOOP("Link", "protocol error"),
    Problem.CONFIG: QT_TRANSLATE_NOOP("Link", "server address or login missing or invalid"),
    Problem.UNSUPPORTED: QT_TRANSLATE_NOOP("Link", "this phone system is not supported yet"),
}


#: Refusals whose reason is the server's own description, shown with the problem.
_SERVER_SAYS = frozenset({Problem.UNKNOWN_LOGIN, Problem.VERSION})


def link_problem_text(problem: Problem | None) -> str:
    """A connection problem in words (empty when there is none)."""
    if problem is None:
        return ""
    text = _PROBLEM.get(problem)
    return (
        translated("Link", text)
        if text
        else QCoreApplication.translate("Link", "connection problem")
    )


def _remaining(seconds: float) -> str:
    whole = max(1, math.ceil(seconds))
    if whole < 100:
        return fill(QCoreApplication.translate("Link", "%1 s"), str(whole))
    return fill(QCoreApplication.translate("Link", "%1 min"), str(math.ceil(whole / 60)))


def _ago(status: ConnectionStatus, now: float) -> str:
    if status.last_event_at is None:
        return ""
    return _remaining(max(1.0, now - status.last_event_at))


def _connected_text(status: ConnectionStatus, now: float) -> str:
    """``Connected``; a stream ``Listening · last event 12 s ago``; a poller likewise."""
    ago = _ago(status, now)
    if status.kind is LinkKind.STREAM:
        if not ago:
            return QCoreApplication.translate("Link", "Listening · no events yet")
        return fill(QCoreApplication.translate("Link", "Listening · last event %1 ago"), ago)
    if status.kind is LinkKind.POLL and ago:
        return fill(QCoreApplication.translate("Link", "Connected · checked %1 ago"), ago)
    return QCoreApplication.translate("Link", "Connected")


def link_text(status: ConnectionStatus, now: float) -> str:
    """The connection status for the status area, counting down to the next attempt.

    Examples: ``Connected``, ``Reconnecting in 4 s (attempt 3)``,
    ``Failed: unknown login — next try in 5 min``.

    Args:
        status: The backend's connection status (``state.connection``).
        now: The current wall-clock time (for the countdown).
    """
    state = status.state
    if state is LinkState.CONNECTED:
        return _connected_text(status, now)
    if state is LinkState.CONNECTING:
        if status.attempt > 1:
            return fill(
                QCoreApplication.translate("Link", "Connecting (attempt %1)…"), str(status.attempt)
            )
        return QCoreApplication.translate("Link", "Connecting…")
    if state is LinkState.RECONNECTING:
        left = (status.retry_at - now) if status.retry_at is not None else 0.0
        if left > 0:
            return fill(
                QCoreApplication.translate("Link", "Reconnecting in %1 (attempt %2)"),
                _remaining(left),
                str(status.attempt),
            )
        return fill(
            QCoreApplication.translate("Link", "Reconnecting (attempt %1)…"), str(status.attempt)
        )
    if state is LinkState.FAILED:
        why = link_problem_text(status.problem) or QCoreApplication.translate(
            "Link", "connection problem"
        )
        text = fill(QCoreApplication.translate("Link", "Failed: %1"), why)
        if status.problem in _SERVER_SAYS and status.reason:
            # the server's own words: only it knows why (login, licences …)
            text = fill(QCoreApplication.translate("Link", "%1 — %2"), text, status.reason[:160])
        if status.retry_at is not None and status.retry_at > now:
            text = fill(
                QCoreApplication.translate("Link", "%1 — next try in %2"),
                text,
                _remaining(status.retry_at - now),
            )
        return text
    return QCoreApplication.translate("Link", "Disconnected")
