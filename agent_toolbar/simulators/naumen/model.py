"""State records of the Naumen CTI simulator and the read-only views tests assert on.

The mutable records (:class:`SimOperator`, :class:`SimCall`, :class:`SimConference`,
:class:`SimTransfer`) belong to :class:`~agent_toolbar.simulators.naumen.world.World`; nothing
outside the simulator touches them. :meth:`SimOperator.view` turns one into a frozen
:class:`OperatorView` snapshot.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Protocol

from agent_toolbar.backends.naumen.messages import Message
from agent_toolbar.simulators.naumen.data import Behaviour

__all__ = [
    "CallView",
    "Cancellable",
    "CommandRecord",
    "ConferenceView",
    "OperatorView",
    "SimCall",
    "SimConference",
    "SimError",
    "SimOperator",
    "SimTimings",
    "SimTransfer",
]


class SimError(ValueError):
    """A command or control request the simulated API refuses; the text becomes ``Error``."""


class Cancellable(Protocol):
    """A scheduled callback that can be cancelled (an :class:`asyncio.TimerHandle`)."""

    def cancel(self) -> None:
        """Cancel the callback if it has not run yet."""


@dataclass(frozen=True, slots=True)
class SimTimings:
    """Delays (seconds) and pacing of the simulated world.

    Attributes:
        far_side_delay: Until a dialled party or transfer target answers or refuses.
        no_answer_timeout: Until an unanswered transfer fails with status 4 and an
            unanswered outgoing call ends.
        callback_return: How long the consultant keeps a call transferred with return
            before ``TransferCallReturned`` brings it back.
        accident: How long the operator stays in the *accident* substate after refusing
            an offered call (§4.4: "for 10 seconds").
        ring_timeout: An incoming call ringing this long is ended as missed (``None``: never).
        talk_time: Range of conversation lengths after which the far side hangs up
            (``None``: the far side never hangs up by itself).
        wrapup_auto_close: Wrap-up ends by itself after this long (``None``: waits for
            ``Close``).
        wrapup_enabled: Whether an ended conversation enters wrap-up at all; when off, the
            call is closed (``OnClose``) at once.
        call_interval: Range of pauses between calls of the streaming scenarios.
        first_call_delay: Range of the delay before the first call of the ``demo`` scenario.
        params_delay: Range of delays before a late ``CallParams``.
        stress_interval: Range of pauses between actions of the ``stress`` scenario.
        stress_max_calls: Maximum concurrent calls per operator in the ``stress`` scenario.
    """

    far_side_delay: float = 2.0
    no_answer_timeout: float = 20.0
    callback_return: float = 15.0
    accident: float = 10.0
    ring_timeout: float | None = None
    talk_time: tuple[float, float] | None = None
    wrapup_auto_close: float | None = None
    wrapup_enabled: bool = True
    call_interval: tuple[float, float] = (15.0, 40.0)
    first_call_delay: tuple[float, float] = (1.0, 3.0)
    params_delay: tuple[float, float] = (1.0, 3.0)
    stress_interval: tuple[float, float] = (0.005, 0.03)
    stress_max_calls: int = 8

    @classmethod
    def fast(cls, **overrides: Any) -> SimTimings:
        """Short delays for tests; keyword arguments override single fields."""
        quick = cls(
            far_side_delay=0.05,
            no_answer_timeout=0.2,
            callback_return=0.1,
            accident=0.2,
            call_interval=(0.05, 0.1),
            first_call_delay=(0.01, 0.03),
            params_delay=(0.02, 0.05),
            stress_interval=(0.001, 0.004),
        )
        return dataclasses.replace(quick, **overrides)


@dataclass(slots=True)
class SimTransfer:
    """A transfer in progress on one call (its state machine lives in ``sim_transfers``)."""

    kind: str
    address: str
    behaviour: Behaviour
    label: str
    was_connected: bool
    held: bool = False
    succeeded: bool = False
    timers: list[Cancellable] = field(default_factory=list)

    def cancel_timers(self) -> None:
        """Cancel every pending step of this transfer."""
        for timer in self.timers:
            timer.cancel()
        self.timers.clear()


@dataclass(slots=True)
class SimCall:
    """One call (or text session) as the operator's phone sees it."""

    cid: str
    session_id: str
    type: str
    direction: str
    creation_time: int
    state: str = "new"
    hold: bool = False
    muted: bool = False
    display_name: str = ""
    answer_time: int | None = None
    hangup_time: int | None = None
    params: dict[str, str] = field(default_factory=dict)
    params_known: bool = True
    local_params: dict[str, str] = field(default_factory=dict)
    wrapup: bool = False
    secure: bool = False
    music_on_hold: str | None = None
    conf_id: str | None = None
    transfer: SimTransfer | None = None
    dtmf: list[str] = field(default_factory=list)
    timers: list[Cancellable] = field(default_factory=list)

    def cancel_timers(self) -> None:
        """Cancel every scheduled step of this call and of its transfer."""
        for timer in self.timers:
            timer.cancel()
        self.timers.clear()
        if self.transfer is not None:
            self.transfer.cancel_timers()

    def view(self) -> CallView:
        """A frozen snapshot of this call."""
        transfer = self.transfer
        return CallView(
            cid=self.cid,
            session_id=self.session_id,
            type=self.type,
            state=self.state,
            direction=self.direction,
            hold=self.hold,
            muted=self.muted,
            display_name=self.display_name,
            creation_time=self.creation_time,
            answer_time=self.answer_time,
            hangup_time=self.hangup_time,
            params=MappingProxyType(dict(self.params)),
            params_known=self.params_known,
            local_params=MappingProxyType(dict(self.local_params)),
            wrapup=self.wrapup,
            secure=self.secure,
            music_on_hold=self.music_on_hold,
            conf_id=self.conf_id,
            transfer=None if transfer is None else transfer.kind,
            transfer_succeeded=transfer is not None and transfer.succeeded,
            dtmf=tuple(self.dtmf),
        )


@dataclass(slots=True)
class SimConference:
    """A conference of the operator's SoftPhone."""

    conf_id: str
    name: str
    calls: list[str] = field(default_factory=list)
    operator_in: bool = True

    def view(self) -> ConferenceView:
        """A frozen snapshot of this conference."""
        return ConferenceView(self.conf_id, self.name, tuple(self.calls), self.operator_in)


@dataclass(slots=True)
class SimOperator:
    """One operator: registration, state (§4.4), calls, conferences and the bound number."""

    login: str
    extension: str
    webphone: bool
    dev_cid: str
    registered: bool = True
    base: str = "normal"
    base_reason: str | None = None
    accident: str | None = None
    standoff: bool = False
    calls: dict[str, SimCall] = field(default_factory=dict)
    conferences: dict[str, SimConference] = field(default_factory=dict)
    current: str | None = None
    next_conf: int = 1
    bound_number: str | None = None
    substate_since: dict[str, int] = field(default_factory=dict)
    snapshot: tuple[str, tuple[str, ...], str | None] | None = None
    state_time: int | None = None
    accident_timer: Cancellable | None = None

    def view(self, attached: int = 0) -> OperatorView:
        """A frozen snapshot of this operator."""
        state, substates, reason = self.snapshot or ("offline", (), None)
        return OperatorView(
            login=self.login,
            extension=self.extension,
            webphone=self.webphone,
            registered=self.registered,
            state=state,
            substates=substates,
            reason=reason,
            time=self.state_time,
            calls=tuple(call.view() for call in self.calls.values()),
            conferences=tuple(conf.view() for conf in self.conferences.values()),
            current_cid=self.current,
            bound_number=self.bound_number,
            attached=attached,
        )


@dataclass(frozen=True, slots=True)
class CallView:
    """Read-only snapshot of a simulated call (see :class:`SimCall`)."""

    cid: str
    session_id: str
    type: str
    state: str
    direction: str
    hold: bool
    muted: bool
    display_name: str
    creation_time: int
    answer_time: int | None
    hangup_time: int | None
    params: Mapping[str, str]
    params_known: bool
    local_params: Mapping[str, str]
    wrapup: bool
    secure: bool
    music_on_hold: str | None
    conf_id: str | None
    transfer: str | None
    transfer_succeeded: bool
    dtmf: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ConferenceView:
    """Read-only snapshot of a simulated conference."""

    conf_id: str
    name: str
    calls: tuple[str, ...]
    operator_in: bool


@dataclass(frozen=True, slots=True)
class OperatorView:
    """Read-only snapshot of a simulated operator, for assertions.

    Attributes:
        state: Top-level state as last sent (``offline``, ``available``, ``notavailable``).
        substates: Substates as last sent, oldest first.
        attached: How many CTI connections are attached to this login.
    """

    login: str
    extension: str
    webphone: bool
    registered: bool
    state: str
    substates: tuple[str, ...]
    reason: str | None
    time: int | None
    calls: tuple[CallView, ...]
    conferences: tuple[ConferenceView, ...]
    current_cid: str | None
    bound_number: str | None
    attached: int

    def call(self, cid: str) -> CallView:
        """The call with this ``cid`` (``KeyError`` when there is none)."""
        for call in self.calls:
            if call.cid == cid:
                return call
        raise KeyError(cid)


@dataclass(frozen=True, slots=True)
class CommandRecord:
    """One command the simulated API accepted (passed the rid rule and the version gate).

    Attributes:
        time: Wall-clock time of arrival (seconds since the epoch).
        login: The command's ``login`` field, or ``None`` for service commands.
        name: The message name (heading spelling, whatever spelling arrived).
        message: The decoded command.
        connection: Number of the CTI connection it came from.
        frame: The JSON object as it arrived (what a client really sent, before decoding).
    """

    time: float
    login: str | None
    name: str
    message: Message
    connection: int
    frame: Mapping[str, Any] = field(default_factory=dict)
