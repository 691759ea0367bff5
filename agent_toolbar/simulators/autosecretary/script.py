"""What a scripted call of the fake platform does when the CRM gives no instruction.

A :class:`CallScript` names the caller, the universal number, the destinations and the
options of the Autosecretary scenario (greeting, voice menu, "notify the operator",
recording …). :data:`SCENARIOS` are the named ones the command line and the tests use;
together they send every ``EventType`` 1–18 and every ``ServiceType`` 1–4.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from agent_toolbar.simulators.autosecretary.wire import EventType, ServiceType


@dataclass(frozen=True)
class CallScript:
    """One call's course.

    Attributes:
        service: ``ServiceType`` of every event.
        an: the caller's number (``AN``); for ServiceType 2 the number the client's PBX sent.
        un: the universal number called (``UN``).
        dn: destinations in full format, tried in turn (``DN1``).
        ext: a short number (``EXT1``) to transfer to instead of ``dn``.
        generic: the SIP Generic Number (``Generic``).
        an_out: ServiceType 2: the number the scenario substitutes after ``CallAccepted``.
        hello: play the greeting (``HelloMessage``).
        ivr_digits: run the voice menu (``RunIVR``) and receive these digits (``DTMF``).
        fax: ``EventType.T38`` or ``EventType.FAX_TONE``: a fax call instead of a conversation.
        subscriber_free: send ``SubscriberFreeReceived`` when a destination is found.
        notify_operator: the "notify the operator" option (``PrepareToConnect``).
        record: record the conversation (``RecStart`` / ``RecStop``).
        transfer_results: ``Result`` of each transfer in turn (then ``1280``).
        caller_hangs_up_at: the caller hangs up right after this event is sent.
        talk: seconds of conversation before the caller hangs up (``None``: until told).
        rating_digit: what the caller presses in the rating menu after ``BDropped``.
        hold_before: the call waits before sending this event until
            :meth:`~agent_toolbar.simulators.autosecretary.call.PlatformCall.release`
            (a test's chance to act, e.g. to queue an instruction for a POST answer).
    """

    service: ServiceType = ServiceType.SECRETARY
    an: str = "79582412128"
    un: str = "74950665310"
    dn: tuple[str, ...] = ("79160000001",)
    ext: str = ""
    generic: str = ""
    an_out: str = ""
    hello: bool = True
    ivr_digits: str = ""
    fax: EventType | None = None
    subscriber_free: bool = False
    notify_operator: bool = False
    record: bool = False
    transfer_results: tuple[str, ...] = ()
    caller_hangs_up_at: EventType | None = None
    talk: float | None = None
    rating_digit: str = "5"
    hold_before: EventType | None = None

    def with_(self, **changes: object) -> CallScript:
        """A copy with some attributes changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


_BASE = CallScript()

#: Named scenarios (each one a realistic course of the seed's events).
SCENARIOS: dict[str, CallScript] = {
    # CallAccepted, CallAnswered, HelloMessage, GoToTransfer, Transfer 1280, …, EndCall.
    "answered": _BASE,
    # The menu, a short number, "notify the operator", recording and the B-side check.
    "ivr": _BASE.with_(
        ivr_digits="2",
        ext="1234",
        subscriber_free=True,
        notify_operator=True,
        record=True,
    ),
    # Every destination fails: no answer, busy; EndCall Result 4.
    "no-answer": _BASE.with_(dn=("79160000001", "79160000002"), transfer_results=("1284", "1289")),
    # The caller hangs up while the destination rings: EndCall Result 3.
    "abandoned": _BASE.with_(caller_hangs_up_at=EventType.GO_TO_TRANSFER),
    "fax": _BASE.with_(fax=EventType.FAX_TONE),
    "t38": _BASE.with_(fax=EventType.T38, hello=False),
    # ServiceType 2, "Исходящая связь": only CallAccepted, CallAnswered, GoToTransfer,
    # Transfer and EndCall; AN substituted after CallAccepted.
    "outgoing": _BASE.with_(
        service=ServiceType.PBX_OUTGOING,
        an="0052002651",
        an_out="74950665310",
        dn=("79161234567",),
        hello=False,
    ),
    "quality": _BASE.with_(service=ServiceType.QUALITY, record=True),
    "subclid": _BASE.with_(service=ServiceType.SUB_CLID, generic="74950665310"),
}
