"""``wp_setuserstate``: user states and call-centre modes with their preconditions.

The server answers 200 with no body whenever the user is determined, possible or not; an
impossible part of the request simply changes nothing. Parts of one request are applied in
this order: ``oncallcenter``, ``onredirect``, ``onccmanual``, ``onlunch`` (with its reason),
``userstateid`` — so ``oncallcenter=1&onlunch=1`` enters the call centre and then the break
mode, as one would expect. Each part is checked against the state the previous parts left.
"""

from __future__ import annotations

from collections.abc import Mapping

from agent_toolbar.simulators.oktell.model import SETTABLE_STATES, Operator

__all__ = ["BadRequestError", "after_calls", "apply", "on_call_started"]

MAX_REASON_MSG = 256


class BadRequestError(ValueError):
    """A parameter value that is not what the method takes (answered 400)."""


def _flag(params: Mapping[str, str], key: str) -> bool | None:
    raw = params.get(key)
    if raw is None or raw == "":
        return None
    if raw not in ("0", "1"):
        raise BadRequestError(f"{key} must be 0 or 1")
    return raw == "1"


def _int(params: Mapping[str, str], key: str) -> int | None:
    raw = params.get(key)
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise BadRequestError(f"{key} must be a number") from None


def validate(params: Mapping[str, str]) -> None:
    """Reject malformed values before anything changes (a bad request changes nothing)."""
    for key in ("onredirect", "oncallcenter", "onccmanual", "onlunch"):
        _flag(params, key)
    _int(params, "userstateid")
    _int(params, "lunchreasonid")
    if params.get("lunchreasonid") and params.get("lunchreasonmsg"):
        raise BadRequestError("lunchreasonid and lunchreasonmsg exclude each other")
    if len(params.get("lunchreasonmsg") or "") > MAX_REASON_MSG:
        raise BadRequestError(f"lunchreasonmsg is longer than {MAX_REASON_MSG} characters")


def apply(op: Operator, params: Mapping[str, str], reasons: Mapping[int, str]) -> list[str]:
    """Apply what is possible of one request; returns what changed, for the log."""
    validate(params)
    done: list[str] = []
    in_call = bool(op.live())

    callcenter = _flag(params, "oncallcenter")
    if callcenter is True and not op.callcenter:
        op.callcenter = True
        op.redirect = False  # entering the call centre ends redirection
        done.append("callcenter on")
    elif callcenter is False and op.callcenter:
        op.callcenter = False
        op.ccmanual = False
        if op.lunch or op.state == 2:  # leaving the call centre ends the break
            _end_lunch(op)
            if op.state == 2:
                op.state = 1
        done.append("callcenter off")

    redirect = _flag(params, "onredirect")
    if redirect is not None and not op.callcenter and redirect != op.redirect:
        op.redirect = redirect
        done.append(f"redirect {int(redirect)}")

    manual = _flag(params, "onccmanual")
    if manual is not None and op.callcenter and manual != op.ccmanual:
        op.ccmanual = manual
        done.append(f"ccmanual {int(manual)}")

    lunch = _flag(params, "onlunch")
    if lunch is True and op.callcenter:
        reason_id = _int(params, "lunchreasonid")
        message = params.get("lunchreasonmsg") or None
        if reason_id is None or reason_id in reasons:
            op.lunch = True
            op.lunch_reason_id = reason_id
            op.lunch_reason_msg = message
            if not in_call and op.state in (1, 3, 5):
                op.state = 2  # free now: the break starts at once
            done.append("lunch on")
    elif lunch is False and op.lunch:
        _end_lunch(op)
        if op.state == 2:
            op.state = 1
        done.append("lunch off")

    wanted = _int(params, "userstateid")
    if wanted is not None and wanted in SETTABLE_STATES and wanted != op.state:
        if wanted == 5:
            op.state = 5
            done.append("state 5")
        elif in_call:
            pass  # nobody becomes free, away or on a break while talking
        elif wanted == 2 and not op.callcenter:
            pass  # a break needs the call-centre mode
        else:
            if wanted != 2:
                _end_lunch(op)
            op.state = wanted
            done.append(f"state {wanted}")
    return done


def _end_lunch(op: Operator) -> None:
    op.lunch = False
    op.lunch_reason_id = None
    op.lunch_reason_msg = None


def on_call_started(op: Operator) -> None:
    """A call reached the line: the user is busy with it."""
    if op.state != 5 and op.state in (1, 2, 3):
        op.state_before_call = op.state
        op.state = 5


def after_calls(op: Operator) -> None:
    """The line's last call ended: back to ready, or to the break the break mode asks for."""
    if op.live() or op.state_before_call is None:
        return
    before = op.state_before_call
    op.state_before_call = None
    if op.state != 5:
        return
    if op.lunch:
        op.state = 2
    elif before == 3:
        op.state = 3
    else:
        op.state = 1
