"""Every translatable text for a domain value, in one place.

The tray, dialogs and widgets all name states, reasons, refusals and connection problems
through these functions, so the operator reads the same words everywhere. English source
strings are marked with ``QT_TRANSLATE_NOOP`` (so ``pyside6-lupdate`` extracts them) and
translated on lookup with ``QCoreApplication.translate``; each table has a stable context
name (``StateLabel``, ``Reason``, ``Why``, ``Link``, ``TransferFailure``, ``Transfer``,
``CallState``, ``Action``, ``Accident``, ``CommandFailure``, ``CommandStage``). Connection and
transfer texts are in ``link_texts`` and ``transfer_texts``, re-exported here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from agent_toolbar.cti.actions import Action, Allowed, Why
from agent_toolbar.cti.capabilities import Refusal, RefusalKind
from agent_toolbar.cti.model import (
    Call,
    CallState,
    CommandFailure,
    CommandProgress,
    Direction,
    DisplayKind,
    DisplayState,
    IntentStage,
    StateChoice,
)
from agent_toolbar.cti.outcomes import FailureReason
from agent_toolbar.qt import QT_TRANSLATE_NOOP, QCoreApplication
from agent_toolbar.ui.common import texts_texts
from agent_toolbar.ui.common.link_texts import link_problem_text, link_text
from agent_toolbar.ui.common.tr import fill, translated
from agent_toolbar.ui.common.transfer_texts import (
    transfer_failure_text,
    transfer_kind_text,
    transfer_text,
)

if TYPE_CHECKING:
    from agent_toolbar.settings import Settings

__all__ = [
    "accident_text",
    "action_label",
    "button_label",
    "call_state_text",
    "choice_label",
    "command_failure_text",
    "command_stage_text",
    "link_problem_text",
    "link_text",
    "reason_label",
    "reason_labels",
    "refusal_text",
    "state_label",
    "transfer_failure_text",
    "transfer_kind_text",
    "transfer_text",
    "why_text",
]


def _tr(context: str, text: object) -> str:
    # QT_TRANSLATE_NOOP is typed as returning ``object``; the values are the source strings.
    return QCoreApplication.translate(context, str(text))


# --------------------------------------------------------------------------- states

_STATE = {
    DisplayKind.OFFLINE: QT_TRANSLATE_NOOP("StateLabel", "Offline"),
    DisplayKind.REDIRECT: QT_TRANSLATE_NOOP("StateLabel", "Offline — calls forwarded"),
    DisplayKind.NORMAL: QT_TRANSLATE_NOOP("StateLabel", "Ready"),
    DisplayKind.AWAY: QT_TRANSLATE_NOOP("StateLabel", "Not ready"),
    DisplayKind.DND: QT_TRANSLATE_NOOP("StateLabel", "Do not disturb"),
    DisplayKind.CUSTOM1: QT_TRANSLATE_NOOP("StateLabel", "Custom state 1"),
    DisplayKind.CUSTOM2: QT_TRANSLATE_NOOP("StateLabel", "Custom state 2"),
    DisplayKind.CUSTOM3: QT_TRANSLATE_NOOP("StateLabel", "Custom state 3"),
    DisplayKind.RINGING: QT_TRANSLATE_NOOP("StateLabel", "Ringing"),
    DisplayKind.SPEAKING: QT_TRANSLATE_NOOP("StateLabel", "Talking"),
    DisplayKind.WRAPUP: QT_TRANSLATE_NOOP("StateLabel", "Wrap-up"),
    DisplayKind.STANDOFF: QT_TRANSLATE_NOOP("StateLabel", "Suspended by supervisor"),
    DisplayKind.ACCIDENT: QT_TRANSLATE_NOOP("StateLabel", "Accident"),
    DisplayKind.UNKNOWN: QT_TRANSLATE_NOOP("StateLabel", "State unknown"),
}
_CUSTOM_KEYS = {
    DisplayKind.CUSTOM1: "states/custom1",
    DisplayKind.CUSTOM2: "states/custom2",
    DisplayKind.CUSTOM3: "states/custom3",
}
_VOICE_CHANNELS = {None, "", "voice", "sip"}


def _custom_label(kind: DisplayKind, settings: Settings | None) -> str:
    label = settings.text(_CUSTOM_KEYS[kind]).strip() if settings is not None else ""
    return label or _tr("StateLabel", _STATE[kind])


def state_label(display: DisplayState, settings: Settings | None = None) -> str:
    """The operator's state as the selector, the tray and notifications name it.

    Examples: ``Ready``, ``Not ready — Lunch``, ``Talking``, ``Wrap-up``,
    ``Accident: busy (7)``; custom states take their label from ``states/customN``.

    Args:
        display: The state to show (``state.agent.display``).
        settings: Where admin labels for reasons and custom states come from.
    """
    kind = display.kind
    if kind in _CUSTOM_KEYS:
        return _custom_label(kind, settings)
    base = _tr("StateLabel", _STATE.get(kind, _STATE[DisplayKind.UNKNOWN]))
    if kind is DisplayKind.AWAY and display.reason:
        return fill(
            QCoreApplication.translate("StateLabel", "%1 — %2"),
            base,
            reason_label(display.reason, settings),
        )
    if kind is DisplayKind.ACCIDENT:
        code = int(display.code) if display.code and display.code.isdigit() else None
        if code is not None:
            return fill(
                QCoreApplication.translate("StateLabel", "Accident: %1 (%2)"),
                accident_text(code),
                str(code),
            )
    channelled = kind in (DisplayKind.RINGING, DisplayKind.SPEAKING, DisplayKind.WRAPUP)
    if channelled and display.channel not in _VOICE_CHANNELS:
        return fill(QCoreApplication.translate("StateLabel", "%1 (%2)"), base, str(display.channel))
    return base


def choice_label(choice: StateChoice, settings: Settings | None = None) -> str:
    """The menu text of a state the operator can choose (``Not ready — Lunch`` …)."""
    try:
        kind = DisplayKind(choice.state)
    except ValueError:
        return choice.state
    return state_label(DisplayState(kind=kind, reason=choice.reason), settings)


# --------------------------------------------------------------------------- reasons

_REASON = {
    "dinner": QT_TRANSLATE_NOOP("Reason", "Lunch"),
    "technicalbreak": QT_TRANSLATE_NOOP("Reason", "Technical break"),
    "computerlocked": QT_TRANSLATE_NOOP("Reason", "Computer locked"),
    "preparetowork": QT_TRANSLATE_NOOP("Reason", "Preparing to work"),
    "initializing": QT_TRANSLATE_NOOP("Reason", "Signing in"),
    "noaudio": QT_TRANSLATE_NOOP("Reason", "No audio device"),
}
_CUSTOM_REASON = re.compile(r"^customawayreason(\d+)$", re.IGNORECASE)
# Lines "code = label"; semicolons also separate entries, and so do commas that start a new
# "code =" (QSettings splits unquoted INI values at commas and we join them back).
_LABEL_SPLIT = re.compile(r"[\n;]|,(?=[^,=]*=)")


def reason_labels(settings: Settings | None) -> dict[str, str]:
    """The admin's labels from ``reasons/labels`` (``code = label`` lines), keyed by lower code."""
    if settings is None:
        return {}
    raw = settings.text("reasons/labels")
    labels: dict[str, str] = {}
    for entry in _LABEL_SPLIT.split(raw):
        code, sep, label = entry.partition("=")
        if sep and code.strip() and label.strip():
            labels[code.strip().lower()] = label.strip()
    return labels


def reason_label(code: str, settings: Settings | None = None) -> str:
    """A not-ready reason in words: the admin's label, else a translated default.

    ``Dinner`` → ``Lunch``; ``CustomAwayReason2`` → the ``reasons/labels`` entry, else
    ``Reason 2``; unknown codes are shown as they are.
    """
    key = code.strip().lower()
    admin = reason_labels(settings).get(key)
    if admin:
        return admin
    if key in _REASON:
        return _tr("Reason", _REASON[key])
    match = _CUSTOM_REASON.match(key)
    if match:
        return fill(QCoreApplication.translate("Reason", "Reason %1"), match.group(1))
    return code.strip()


# --------------------------------------------------------------------------- accident codes

_ACCIDENT = {
    0: QT_TRANSLATE_NOOP("Accident", "empty address"),
    1: QT_TRANSLATE_NOOP("Accident", "address not recognised"),
    2: QT_TRANSLATE_NOOP("Accident", "connection type mismatch"),
    3: QT_TRANSLATE_NOOP("Accident", "no such connection"),
    4: QT_TRANSLATE_NOOP("Accident", "no answer"),
    5: QT_TRANSLATE_NOOP("Accident", "network problem"),
    6: QT_TRANSLATE_NOOP("Accident", "unknown hang-up code"),
    7: QT_TRANSLATE_NOOP("Accident", "busy"),
    8: QT_TRANSLATE_NOOP("Accident", "caller hung up"),
    9: QT_TRANSLATE_NOOP("Accident", "no address to route to"),
}


def accident_text(code: int) -> str:
    """Why a call could not be delivered to the phone (the ``accident`` codes of table 4.4)."""
    text = _ACCIDENT.get(code)
    return (
        _tr("Accident", text)
        if text
        else fill(QCoreApplication.translate("Accident", "error %1"), str(code))
    )


# --------------------------------------------------------------------------- refusals

_WHY = {
    Why.DISCONNECTED: QT_TRANSLATE_NOOP("Why", "Not connected to the phone server"),
    Why.OFFLINE: QT_TRANSLATE_NOOP("Why", "The phone is offline"),
    Why.UNSUPPORTED: QT_TRANSLATE_NOOP("Why", "This phone system cannot do that"),
    Why.NOT_RINGING: QT_TRANSLATE_NOOP("Why", "The call is not ringing"),
    Why.OUTGOING: QT_TRANSLATE_NOOP("Why", "You placed this call; it is still dialling"),
    Why.NOT_CONNECTED: QT_TRANSLATE_NOOP("Why", "The call is not connected yet"),
    Why.ON_HOLD: QT_TRANSLATE_NOOP("Why", "The call is already on hold"),
    Why.NOT_ON_HOLD: QT_TRANSLATE_NOOP("Why", "The call is not on hold"),
    Why.MUTED: QT_TRANSLATE_NOOP("Why", "The microphone is already muted"),
    Why.NOT_MUTED: QT_TRANSLATE_NOOP("Why", "The microphone is not muted"),
    Why.ENDED: QT_TRANSLATE_NOOP("Why", "The call has ended (wrap-up)"),
    Why.NOT_ENDED: QT_TRANSLATE_NOOP("Why", "Wrap-up starts when the call ends"),
    Why.ALREADY_ACTIVE: QT_TRANSLATE_NOOP("Why", "This call is already the active one"),
    Why.IN_FLIGHT: QT_TRANSLATE_NOOP("Why", "Waiting for the server to answer"),
    Why.TRANSFER_RUNNING: QT_TRANSLATE_NOOP("Why", "A transfer is in progress"),
    Why.NO_TRANSFER: QT_TRANSLATE_NOOP("Why", "No transfer is in progress"),
    Why.NOT_CONFERENCE_TRANSFER: QT_TRANSLATE_NOOP("Why", "This is not a conference transfer"),
    Why.SECURE_ALREADY: QT_TRANSLATE_NOOP("Why", "Recording is already paused"),
    Why.SECURE_NOT_ON: QT_TRANSLATE_NOOP("Why", "Recording is not paused"),
    Why.NO_CONFERENCE: QT_TRANSLATE_NOOP("Why", "There is no conference"),
    Why.IN_CONFERENCE: QT_TRANSLATE_NOOP("Why", "The call is already in the conference"),
}


_REFUSAL = {
    RefusalKind.NOT_OFFERED: QT_TRANSLATE_NOOP("Why", "This phone system cannot do that"),
    RefusalKind.EVENTS_ONLY: QT_TRANSLATE_NOOP(
        "Why", "This phone system only reports calls; it takes no commands"
    ),
    RefusalKind.READ_ONLY: QT_TRANSLATE_NOOP(
        "Why", "Shown as the phone system reports it; it cannot be changed from here"
    ),
    RefusalKind.NOT_CONFIGURED: QT_TRANSLATE_NOOP("Why", "Not set up in Settings"),
}


def refusal_text(refusal: Refusal) -> str:
    """A backend's own reason for not doing something, in the operator's words."""
    if refusal.kind is RefusalKind.DEVICE:
        return fill(
            QCoreApplication.translate("Why", "Not available on the %1"), refusal.device or "?"
        )
    return _tr("Why", _REFUSAL.get(refusal.kind, _REFUSAL[RefusalKind.NOT_OFFERED]))


def why_text(why: Why | Allowed) -> str:
    """Why an action is unavailable, for a disabled control's tooltip.

    Given the whole verdict, a refusal by the backend is worded by its own reason.
    """
    if isinstance(why, Allowed):
        if why.refusal is not None:
            return refusal_text(why.refusal)
        if why.why is None:
            return QCoreApplication.translate("Why", "Not available now")
        why = why.why
    text = _WHY.get(why) or texts_texts.WHY.get(why)
    return _tr("Why", text) if text else QCoreApplication.translate("Why", "Not available now")


# --------------------------------------------------------------------------- command failures

_COMMAND_FAILURE = {
    FailureReason.ERROR: QT_TRANSLATE_NOOP("CommandFailure", "refused by the phone system"),
    FailureReason.PARSE_ERROR: QT_TRANSLATE_NOOP(
        "CommandFailure", "the phone system could not read the command"
    ),
    FailureReason.TIMEOUT: QT_TRANSLATE_NOOP("CommandFailure", "no answer from the server in time"),
    FailureReason.DISCONNECTED: QT_TRANSLATE_NOOP(
        "CommandFailure", "not connected to the phone server"
    ),
    FailureReason.UNSUPPORTED: QT_TRANSLATE_NOOP(
        "CommandFailure", "this phone system cannot do that"
    ),
    FailureReason.INVALID: QT_TRANSLATE_NOOP("CommandFailure", "the request is not valid"),
    FailureReason.BAD_CREDENTIALS: QT_TRANSLATE_NOOP(
        "CommandFailure", "user name, password or token refused"
    ),
    FailureReason.CANCELLED: QT_TRANSLATE_NOOP("CommandFailure", "cancelled"),
    FailureReason.EXPIRED: QT_TRANSLATE_NOOP(
        "CommandFailure", "the phone system did not confirm it in time"
    ),
    FailureReason.INTERNAL: QT_TRANSLATE_NOOP("CommandFailure", "internal error (see the log)"),
}


def command_failure_text(failure: CommandFailure) -> str:
    """Why a command failed, in the operator's words (the system's own text after a colon)."""
    text = _tr(
        "CommandFailure",
        _COMMAND_FAILURE.get(failure.reason, _COMMAND_FAILURE[FailureReason.ERROR]),
    )
    if failure.reason is FailureReason.INVALID:
        worded = texts_texts.invalid_text(failure.code)
        if worded is not None:
            return worded
    extra = " ".join(x for x in (failure.code, failure.detail) if x)
    if not extra:
        return text
    if failure.reason is FailureReason.ERROR:
        return extra  # a refusal in the system's own words says it best
    return fill(QCoreApplication.translate("CommandFailure", "%1: %2"), text, extra)


_STAGE = {
    IntentStage.ACCEPTED: QT_TRANSLATE_NOOP("CommandStage", "%1: accepted, waiting for the phone"),
    IntentStage.QUEUED: QT_TRANSLATE_NOOP(
        "CommandStage", "%1: queued until the phone system collects it"
    ),
}


#: Intent action keys (``Intent.action``) → the action the operator clicked.
_INTENT_ACTIONS = {
    "answer": Action.ANSWER,
    "hangup": Action.HANGUP,
    "hold": Action.HOLD,
    "mute": Action.MUTE,
    "send_dtmf": Action.DTMF,
    "close_call": Action.CLOSE,
    "set_active": Action.MAKE_ACTIVE,
    "transfer_call": Action.TRANSFER,
    "break_transfer": Action.BREAK_TRANSFER,
    "finish_conference_transfer": Action.FINISH_CONFERENCE_TRANSFER,
    "set_secure_mode": Action.SECURE_ON,
    "make_call": Action.MAKE_CALL,
    "change_state": Action.CHANGE_STATE,
}


def command_stage_text(progress: CommandProgress) -> str:
    """Where an accepted command is (``Hold: accepted, waiting for the phone``).

    Empty while it is only sent (the greyed button says so) and once it is final.
    """
    text = _STAGE.get(progress.stage)
    if text is None:
        return ""
    action = _INTENT_ACTIONS.get(progress.action)
    name = action_label(action) if action is not None else progress.action
    return translated("CommandStage", text, name)


# --------------------------------------------------------------------------- actions

_ACTION = {
    Action.ANSWER: QT_TRANSLATE_NOOP("Action", "Answer"),
    Action.HANGUP: QT_TRANSLATE_NOOP("Action", "Hang up"),
    Action.HOLD: QT_TRANSLATE_NOOP("Action", "Hold"),
    Action.RESUME: QT_TRANSLATE_NOOP("Action", "Resume"),
    Action.MUTE: QT_TRANSLATE_NOOP("Action", "Mute"),
    Action.UNMUTE: QT_TRANSLATE_NOOP("Action", "Unmute"),
    Action.DTMF: QT_TRANSLATE_NOOP("Action", "Keypad (DTMF)"),
    Action.MAKE_ACTIVE: QT_TRANSLATE_NOOP("Action", "Make active"),
    Action.CLOSE: QT_TRANSLATE_NOOP("Action", "Finish wrap-up"),
    Action.TRANSFER: QT_TRANSLATE_NOOP("Action", "Transfer"),
    Action.BREAK_TRANSFER: QT_TRANSLATE_NOOP("Action", "Cancel transfer"),
    Action.FINISH_CONFERENCE_TRANSFER: QT_TRANSLATE_NOOP("Action", "Complete transfer"),
    Action.SECURE_ON: QT_TRANSLATE_NOOP("Action", "Pause recording"),
    Action.SECURE_OFF: QT_TRANSLATE_NOOP("Action", "Resume recording"),
    Action.EDIT_PARAMS: QT_TRANSLATE_NOOP("Action", "Edit call data"),
    Action.ADD_TO_CONFERENCE: QT_TRANSLATE_NOOP("Action", "Add to conference"),
    Action.PLAY_ANNOUNCEMENT: QT_TRANSLATE_NOOP("Action", "Play prompt"),
    Action.MAKE_CALL: QT_TRANSLATE_NOOP("Action", "Call"),
    Action.CHANGE_STATE: QT_TRANSLATE_NOOP("Action", "Change state"),
    Action.CREATE_CONFERENCE: QT_TRANSLATE_NOOP("Action", "New conference"),
}


# Shorter words for a button whose full name is long in some language (the full name stays
# its tooltip and accessible name). English keeps the full name.
_BUTTON = {
    Action.CLOSE: QT_TRANSLATE_NOOP("ActionButton", "Finish wrap-up"),
}


def action_label(action: Action) -> str:
    """The name of an action, as in its tooltip and accessible name."""
    return _tr("Action", _ACTION.get(action, action.value))


def button_label(action: Action) -> str:
    """The words on the action's button: its name, or a shorter form where one is needed."""
    short = _BUTTON.get(action)
    return _tr("ActionButton", short) if short is not None else action_label(action)


# --------------------------------------------------------------------------- calls


def call_state_text(call: Call) -> str:
    """Where a call is, in one or two words: ``Ringing``, ``Dialling``, ``On hold``."""
    if call.state is CallState.ENDED:
        return QCoreApplication.translate("CallState", "Wrap-up")
    if call.is_text:
        if call.state is CallState.NEW:
            return QCoreApplication.translate("CallState", "New message")
        return QCoreApplication.translate("CallState", "In work")
    if call.state is CallState.NEW:
        if call.direction is Direction.OUT and call.params.get("callback") == "true":
            # the system rings the operator's own phone to place this outgoing call
            return QCoreApplication.translate("CallState", "Outgoing: pick up your phone")
        if call.direction is Direction.OUT:
            return QCoreApplication.translate("CallState", "Dialling")
        return QCoreApplication.translate("CallState", "Ringing")
    if call.hold:
        return QCoreApplication.translate("CallState", "On hold")
    return QCoreApplication.translate("CallState", "Talking")
