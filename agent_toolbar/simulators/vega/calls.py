"""The simulated PBX's calls and the frames they produce, field for field as the seed lists.

Each frame carries ``event``, ``uuid``, ``parentUuid``, ``lgDirection``, ``leg``, ``leg2``,
``otherLegs``, ``dialAt``, ``bridgeAt``, ``serverTime``, ``trunkNum`` and ``trunkName``.
Times are milliseconds UTC by the simulated PBX's clock (which may be set off ours to
exercise skew correction); ``serverTime`` is sent as a string when asked (the seed's
example does so).

How the simulated PBX behaves where the seed is silent (readings):

* A group call is a parent (``leg`` = the group, type 2) and one child per employee it is
  distributed to (``leg`` = the employee, ``parentUuid`` = the parent). Answering a child
  bridges it, then the parent, then hangs up the siblings still ringing; hanging up a
  child whose parent has no other live child hangs up the parent after it.
* Pause / unpause are sent as a ``call.dial`` with ``lgDirection`` 32 / 64, a fresh uuid and
  ``leg`` = the employee (the seed lists no event of their own).
* ``error`` carries its text in ``message`` (and the call's ``uuid`` when it concerns one).
* ``trunkNum`` / ``trunkName`` are null for internal calls; ``leg2`` is null except for them.
"""

from __future__ import annotations

import time
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from agent_toolbar.simulators.vega.data import (
    EMPLOYEES,
    GROUPS,
    IVR,
    TRUNK,
    Customer,
    Employee,
    crm_answers,
)

__all__ = ["CallBook", "SimCall", "SimError", "employee"]

INTERNAL, OUTGOING, INCOMING, PAUSE, AVAILABLE = 1, 2, 4, 32, 64


class SimError(Exception):
    """A control request the simulator cannot carry out (unknown call, ended call …)."""


def employee(ext: str) -> Employee:
    """The user at an extension (an unknown extension becomes a new user)."""
    if ext in EMPLOYEES:
        return EMPLOYEES[ext]
    if ext in GROUPS:
        raise SimError(f"{ext} is a group, not a user")
    return Employee(1000 + sum(map(ord, ext)), 1, ext, f"Співробітник {ext}")


@dataclass(slots=True)
class SimCall:
    """One leg of a simulated call (a group's parent, an employee's child, or a plain call)."""

    uuid: str
    direction: int
    leg: dict[str, Any]
    leg2: dict[str, Any] | None
    other_legs: list[dict[str, Any]]
    trunk_num: str | None
    trunk_name: str | None
    dial_at: int
    time_as_string: bool = False
    parent: SimCall | None = None
    children: list[SimCall] = field(default_factory=list)
    bridge_at: int | None = None
    state: str = "ringing"  # ringing | bridged | ended

    def frame(self, event: str, server_time: int) -> dict[str, Any]:
        """The wire object for ``event`` sent at ``server_time``."""
        return {
            "event": event,
            "uuid": self.uuid,
            "parentUuid": self.parent.uuid if self.parent else None,
            "lgDirection": self.direction,
            "leg": self.leg,
            "leg2": self.leg2,
            "otherLegs": self.other_legs,
            "dialAt": self.dial_at,
            "bridgeAt": self.bridge_at,
            "serverTime": str(server_time) if self.time_as_string else server_time,
            "trunkNum": self.trunk_num,
            "trunkName": self.trunk_name,
        }


class CallBook:
    """Creates, answers and ends simulated calls, handing each frame to ``emit``.

    Args:
        emit: Called with every frame (a JSON-ready object), in order.
        clock_offset_ms: The simulated PBX's clock minus ours (skew to exercise).
        time_as_string: Send ``serverTime`` as a string by default.
    """

    def __init__(
        self,
        emit: Callable[[dict[str, Any]], None],
        *,
        clock_offset_ms: int = 0,
        time_as_string: bool = False,
    ) -> None:
        self._emit = emit
        self.clock_offset_ms = clock_offset_ms
        self.time_as_string = time_as_string
        self.calls: dict[str, SimCall] = {}
        self.paused: dict[str, bool] = {}  # the last pause / available sent, by extension

    def now_ms(self) -> int:
        """The simulated PBX's clock, ms UTC."""
        return int(time.time() * 1000) + self.clock_offset_ms

    def get(self, uuid: str) -> SimCall:
        """A call by uuid (``SimError`` if unknown)."""
        try:
            return self.calls[uuid]
        except KeyError:
            raise SimError(f"no call {uuid!r}") from None

    def _new(
        self,
        direction: int,
        leg: Employee,
        *,
        leg2: Employee | None = None,
        others: list[dict[str, Any]] | None = None,
        trunk: bool = True,
        parent: SimCall | None = None,
        as_string: bool | None = None,
    ) -> SimCall:
        call = SimCall(
            uuid=str(uuidlib.uuid4()),
            direction=direction,
            leg=leg.leg(),
            leg2=leg2.leg() if leg2 else None,
            other_legs=list(others or []),
            trunk_num=TRUNK[0] if trunk else None,
            trunk_name=TRUNK[1] if trunk else None,
            dial_at=parent.dial_at if parent else self.now_ms(),
            time_as_string=self.time_as_string if as_string is None else as_string,
            parent=parent,
        )
        if parent is not None:
            parent.children.append(call)
        self.calls[call.uuid] = call
        self._send(call, "call.dial")
        return call

    def _send(self, call: SimCall, event: str) -> None:
        self._emit(call.frame(event, self.now_ms()))

    # ------------------------------------------------------------------ calls

    def group_dial(
        self,
        group: str,
        customer: Customer | None,
        priorities: tuple[int, ...],
        *,
        as_string: bool | None = None,
    ) -> SimCall:
        """A customer's call reaching a group (the parent; nobody's call yet)."""
        if group not in GROUPS:
            raise SimError(f"unknown group {group!r} (one of {', '.join(GROUPS)})")
        others = crm_answers(customer, priorities)
        return self._new(INCOMING, GROUPS[group], others=others, as_string=as_string)

    def distribute(self, parent_uuid: str, ext: str) -> SimCall:
        """The group rings an employee: a child call linked by ``parentUuid``."""
        parent = self.get(parent_uuid)
        if parent.parent is not None or parent.leg.get("type") != 2:
            raise SimError("only a group's call can be distributed")
        if parent.state == "ended":
            raise SimError("the group call has ended")
        return self._new(
            INCOMING,
            employee(ext),
            others=parent.other_legs,
            parent=parent,
            as_string=parent.time_as_string,
        )

    def incoming(
        self,
        ext: str | None,
        customer: Customer | None,
        priorities: tuple[int, ...],
        *,
        as_string: bool | None = None,
    ) -> SimCall:
        """A customer calls an employee directly (``ext=None``: the IVR menu takes it)."""
        target = IVR if ext is None else employee(ext)
        others = crm_answers(customer, priorities)
        return self._new(INCOMING, target, others=others, as_string=as_string)

    def outgoing(
        self,
        ext: str,
        number: str,
        customer: Customer | None,
        priorities: tuple[int, ...],
        *,
        as_string: bool | None = None,
    ) -> SimCall:
        """An employee dials an external number."""
        others = crm_answers(customer, priorities, num=number)
        return self._new(OUTGOING, employee(ext), others=others, as_string=as_string)

    def internal(self, from_ext: str, to_ext: str, *, as_string: bool | None = None) -> SimCall:
        """One employee calls another (``leg`` the caller, ``leg2`` the callee)."""
        if from_ext == to_ext:
            raise SimError("an internal call needs two extensions")
        callee = GROUPS.get(to_ext) or employee(to_ext)
        return self._new(
            INTERNAL, employee(from_ext), leg2=callee, trunk=False, as_string=as_string
        )

    def bridge(self, uuid: str) -> None:
        """The call is answered (a child: then its parent, and the other children stop)."""
        call = self.get(uuid)
        if call.state != "ringing":
            raise SimError(f"the call is {call.state}, not ringing")
        call.bridge_at, call.state = self.now_ms(), "bridged"
        self._send(call, "call.bridge")
        parent = call.parent
        if parent is None:
            return
        if parent.state == "ringing":
            parent.bridge_at, parent.state = call.bridge_at, "bridged"
            self._send(parent, "call.bridge")
        for sibling in parent.children:
            if sibling is not call and sibling.state == "ringing":
                self._end(sibling)

    def hangup(self, uuid: str) -> None:
        """The call ends (a parent ends its children first; a last child ends its parent)."""
        call = self.get(uuid)
        if call.state == "ended":
            raise SimError("the call has already ended")
        for child in call.children:
            if child.state != "ended":
                self._end(child)
        self._end(call)
        parent = call.parent
        if (
            parent is not None
            and parent.state != "ended"
            and all(child.state == "ended" for child in parent.children)
        ):
            self._end(parent)

    def _end(self, call: SimCall) -> None:
        call.state = "ended"
        self._send(call, "call.hangup")

    # ------------------------------------------------------------------ other events

    def pause(self, ext: str, paused: bool) -> str:
        """The employee goes on pause (32) or comes back (64); returns the frame's uuid."""
        person = employee(ext)
        self.paused[ext] = paused
        frame_uuid = str(uuidlib.uuid4())
        now = self.now_ms()
        self._emit(
            {
                "event": "call.dial",
                "uuid": frame_uuid,
                "parentUuid": None,
                "lgDirection": PAUSE if paused else AVAILABLE,
                "leg": person.leg(),
                "leg2": None,
                "otherLegs": [],
                "dialAt": now,
                "bridgeAt": None,
                "serverTime": str(now) if self.time_as_string else now,
                "trunkNum": None,
                "trunkName": None,
            }
        )
        return frame_uuid

    def error(self, text: str, uuid: str | None = None) -> None:
        """An ``error`` event (about a call when ``uuid`` is given)."""
        frame: dict[str, Any] = {"event": "error", "message": text, "serverTime": self.now_ms()}
        if uuid is not None:
            frame["uuid"] = uuid
        self._emit(frame)

    def forget_ended(self, keep: int = 1000) -> None:
        """Drop the oldest ended calls beyond ``keep`` (a long demo stays bounded)."""
        ended = [u for u, c in self.calls.items() if c.state == "ended"]
        for uuid in ended[: max(0, len(ended) - keep)]:
            del self.calls[uuid]
