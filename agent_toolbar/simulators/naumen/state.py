"""The operator state of the simulated phone, computed from its records (§3.74, §4.4).

* ``state`` is the top-level state: ``offline`` (not registered), ``available`` (base
  substate ``normal`` and neither ``accident`` nor ``standoff``) or ``notavailable``.
* ``substates`` holds the base substate (``normal``, ``away``, ``dnd``, ``custom1``–
  ``custom3``; always exactly one, they never coexist), ``accident`` or ``standoff`` when
  set, and one pair per activity of the calls — ``ringing`` + ``ringing#voice`` while a
  call is offered or dialled, ``speaking`` + ``speaking#voice`` while one is connected,
  ``wrapup`` + ``wrapup#voice`` while one is in wrap-up (text channels use their own
  suffix, e-mail ``#email``). They are listed in the order they were set, so the last is
  the most recent (§4.4 note: the most recently set one is shown): ``["normal", "ringing",
  "ringing#voice"]``, but ``["wrapup", "wrapup#voice", "dnd"]`` after switching to dnd
  during wrap-up.
* ``reason`` is the reason of the substate shown: the away/dnd/custom reason when one of
  those is set (they win over everything), else the accident reason
  ``<code>:<ivr-call-id>``, else the ``sessionId`` of the call in wrap-up (table 4.4).
"""

from __future__ import annotations

from agent_toolbar.simulators.naumen.model import SimCall, SimOperator

__all__ = ["BASE_STATES", "Snapshot", "channel_of", "compute_state"]

#: Base substates: exactly one of them is always set.
BASE_STATES = ("normal", "away", "dnd", "custom1", "custom2", "custom3")
_CHANNELS = {"voice": "voice", "sip": "voice", "pop3": "email", "imap": "email"}

Snapshot = tuple[str, tuple[str, ...], str | None]


def channel_of(call_type: str) -> str:
    """The substate suffix of a call type (``voice`` for voice and SIP calls, ``email`` …)."""
    return _CHANNELS.get(call_type, call_type)


def _activity(call: SimCall) -> str | None:
    if call.state == "new":
        return "ringing"
    if call.state == "connected":
        return "speaking"
    return "wrapup" if call.wrapup else None


def compute_state(op: SimOperator, now_ms: int) -> Snapshot:
    """The operator's ``(state, substates, reason)``; updates ``op.substate_since``."""
    if not op.registered:
        op.substate_since.clear()
        return ("offline", (), None)
    wanted = [op.base]
    if op.accident is not None:
        wanted.append("accident")
    elif op.standoff:
        wanted.append("standoff")
    wrapup_reason: str | None = None
    for call in op.calls.values():
        kind = _activity(call)
        if kind is None or call.type == "dev":
            continue
        if kind == "wrapup":
            wrapup_reason = call.session_id
        for name in (kind, f"{kind}#{channel_of(call.type)}"):
            if name not in wanted:
                wanted.append(name)
    since = {name: t for name, t in op.substate_since.items() if name in wanted}
    for name in wanted:
        since.setdefault(name, now_ms)
    op.substate_since = since
    if op.base != "normal":
        reason = op.base_reason
    elif op.accident is not None:
        reason = op.accident
    else:
        reason = wrapup_reason
    available = op.base == "normal" and op.accident is None and not op.standoff
    return ("available" if available else "notavailable", tuple(since), reason)
