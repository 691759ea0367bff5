"""What a backend can do: features, its own refusal reasons, and the agent-state choices.

Value types only (no imports from the rest of the domain), so the model, the events, the
intents and the backend protocol can all use them without a cycle.

A backend declares per :class:`Feature` whether it can do it; for what it cannot, it names
*why* with a :class:`Refusal` (the system has no such command, this phone lacks it, the
system only reports, …). The UI words the refusal; it never checks which backend it is.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


class Feature(enum.StrEnum):
    """Things a backend can do; the UI offers only what the backend declares."""

    ANSWER = "answer"
    HANGUP = "hangup"
    HOLD = "hold"
    MUTE = "mute"
    DTMF = "dtmf"
    CLOSE = "close"  # finish wrap-up
    SET_ACTIVE = "set_active"
    MAKE_CALL = "make_call"
    CHANGE_STATE = "change_state"
    TRANSFER_BLIND = "transfer_blind"
    TRANSFER_CONSULTATION = "transfer_consultation"
    TRANSFER_CONFERENCE = "transfer_conference"
    TRANSFER_CALLBACK = "transfer_callback"
    BREAK_TRANSFER = "break_transfer"
    FINISH_CONFERENCE_TRANSFER = "finish_conference_transfer"
    CONFERENCES = "conferences"
    CALL_PARAMS = "call_params"
    LOCAL_PARAMS = "local_params"
    SECURE_MODE = "secure_mode"
    MUSIC_ON_HOLD = "music_on_hold"
    REOPEN_AUDIO = "reopen_audio"
    BIND_NUMBER = "bind_number"
    LOGOUT = "logout"
    EXIT = "exit"
    TEXT_SESSIONS = "text_sessions"  # take text sessions (chat, e-mail …) into work
    TEXT_REPLY = "text_reply"  # send a text message on a call (SIP MESSAGE)
    DISPOSITION = "disposition"  # set a call's result in wrap-up
    CALLBACK = "callback"  # schedule a callback in wrap-up
    BROADCAST = "broadcast"  # send a notice to operators (supervisor)
    REOPEN_ROOT_PAGE = "reopen_root_page"  # reload the phone's own page
    PLAY_ANNOUNCEMENT = "play_announcement"  # play a recorded message to the caller, go on


ALL_FEATURES = frozenset(Feature)


class RefusalKind(enum.StrEnum):
    """Why a backend cannot do a feature (the UI words each one)."""

    NOT_OFFERED = "not_offered"  # the phone system has no such command
    DEVICE = "device"  # the operator's phone model lacks it (``device`` names it)
    EVENTS_ONLY = "events_only"  # the system only reports calls; it takes no commands
    READ_ONLY = "read_only"  # shown as the system reports it, cannot be set from here
    NOT_CONFIGURED = "not_configured"  # possible, but a setting is missing


@dataclass(frozen=True, slots=True)
class Refusal:
    """A backend's own reason for not doing a feature.

    Attributes:
        kind: The category the UI words.
        device: For :attr:`RefusalKind.DEVICE`, the phone's name as the vendor spells it
            (``WebPhone``); shown as is.
    """

    kind: RefusalKind = RefusalKind.NOT_OFFERED
    device: str = ""


NOT_OFFERED = Refusal()

#: The agent states a toolbar knows how to offer (what ``ChangeState.state`` may carry).
STANDARD_STATES = ("normal", "away", "dnd", "custom1", "custom2", "custom3")


@dataclass(frozen=True, slots=True)
class StateOptions:
    """Which agent states the operator may choose on this backend.

    Attributes:
        choices: States offered, in menu order (a subset of :data:`STANDARD_STATES`); the
            settings may hide some (``states/dnd``, empty custom labels).
        reasons: Not-ready reason codes the system accepts, or None to take them from the
            settings (``reasons/away``).
        settable: False when the state is read-only: the system reports it (Vega's pause)
            but cannot be told to change it; the selector then shows it without a menu.
    """

    choices: tuple[str, ...] = STANDARD_STATES
    reasons: tuple[str, ...] | None = None
    settable: bool = True


def _no_refusals() -> Mapping[Feature, Refusal]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What the connected backend supports, and why it refuses the rest.

    Attributes:
        backend: The registry name (``naumen``, ``oktell`` …).
        features: What it can do.
        refusals: For features it cannot do, its own reason (default :data:`NOT_OFFERED`).
        states: The agent-state choices it offers (or that it only reports).
        wrapup: Whether ended calls wait for the operator to finish wrap-up; a backend
            without it closes its calls itself.
    """

    backend: str = "none"
    features: frozenset[Feature] = frozenset()
    refusals: Mapping[Feature, Refusal] = field(default_factory=_no_refusals)
    states: StateOptions = field(default_factory=StateOptions)
    wrapup: bool = True

    def has(self, feature: Feature) -> bool:
        """Whether ``feature`` is supported."""
        return feature in self.features

    def refusal(self, feature: Feature) -> Refusal | None:
        """Why ``feature`` is refused, or None when it is supported."""
        if feature in self.features:
            return None
        return self.refusals.get(feature, NOT_OFFERED)

    @property
    def state_choices(self) -> tuple[str, ...]:
        """The states the operator may set (empty when the state is read-only)."""
        return self.states.choices if self.has(Feature.CHANGE_STATE) else ()

    @property
    def state_read_only(self) -> bool:
        """True when the system reports the operator's state but cannot be told to set it."""
        return not self.states.settable or not self.has(Feature.CHANGE_STATE)
