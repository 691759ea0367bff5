"""Scripted call flows of the cloud PBX: which hooks it POSTs, in which order, with which fields.

A :class:`Flow` is a list of steps; the requests of one step are sent concurrently (the PBX
rings every number of a parallel group at once), steps one after another. Flows are built by
:class:`FlowFactory` from one seed, so a seed gives the same session IDs, times, numbers,
duplicates and reorderings every run.

The order follows the specification's "sequence of events":

* incoming, parallel ringing: ``CreateIncCall``; one ``AttemptIncCallBegin`` per number
  (one step); ``ChangeIncCall`` for the employee who answered; ``AttemptIncCallEnd`` for each
  employee who was rung and did not answer (one step); ``EndIncCall`` with the answerer;
* incoming, sequential ringing: ``CreateIncCall``; for each employee in turn
  ``AttemptIncCallBegin`` then, if they do not answer, ``AttemptIncCallEnd``; the answerer's
  ``ChangeIncCall`` and ``EndIncCall``;
* missed by all: as above without an answer, closed by ``MissedIncCall`` (``Duration`` 0);
* outgoing: ``CreateOutCall`` then ``EndOutCall``.

Readings where the specification is silent: the employee who answers gets no
``AttemptIncCallEnd`` (3.2 counts only those who "did not accept the call"); a missed call
ends with ``MissedIncCall`` alone, no ``EndIncCall`` (4 speaks of "the number that accepted",
and there is none) unless ``end_after_missed`` asks for both; ``MissedIncCall``'s ``Called`` is
the city number, as in its example; an outgoing call's ``Caller`` is the employee and its
``CityNumber`` the account's number.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Literal

from agent_toolbar.simulators.pbx_webhooks import hooks as h
from agent_toolbar.simulators.pbx_webhooks.hooks import HookType, Json, Quirks, Shaper

#: The numbers of the specification's examples.
SEED_CITY = "4950665310"
SEED_CALLER = "9582412128"
SEED_OPERATORS = ("0052002651", "0052002642", "00774994086005")
SEED_START = datetime(2021, 1, 28, 14, 15, 22)

#: The specification's ``AttemptIncCallEnd`` example exactly as printed: its closing brace is
#: missing, so the body is not JSON.
TRUNCATED_EXAMPLE = (
    b'{\n  "SessionID": "4045859e-2dff-4d92-afba-ea57566a6e8b",\n'
    b'  "HookType": "AttemptIncCallEnd",\n  "EndTime": "2021-01-28 18:27:09",\n'
    b'  "CityNumber": "4950665310",\n  "Caller": "9582412128",\n  "Called": "80052002642"\n'
)


@dataclass(frozen=True)
class Post:
    """One request body the PBX sends.

    Attributes:
        body: the exact bytes POSTed.
        payload: the JSON object ``body`` encodes (``None`` for a malformed body).
        duplicate: this is a repetition of an earlier request of the flow.
    """

    body: bytes
    payload: Json | None = None
    duplicate: bool = False

    @property
    def hook(self) -> str:
        """The ``HookType`` of the body, ``""`` when there is none."""
        return str(self.payload.get("HookType", "")) if self.payload else ""

    @classmethod
    def of(cls, payload: Json) -> Post:
        """Encode a JSON object as UTF-8 (Cyrillic kept as is, as a web service would)."""
        return cls(json.dumps(payload, ensure_ascii=False).encode(), payload)


Step = tuple[Post, ...]


@dataclass(frozen=True)
class Flow:
    """A scripted call: its name, ``SessionID`` and the steps of requests to POST."""

    name: str
    session_id: str
    steps: tuple[Step, ...]

    @property
    def posts(self) -> list[Post]:
        """Every request in sending order (concurrent ones in their listed order)."""
        return [post for step in self.steps for post in step]

    def hooks(self) -> list[str]:
        """The ``HookType`` of every request in order."""
        return [post.hook for post in self.posts]


Ringing = Literal["parallel", "sequential"]


@dataclass
class FlowFactory:
    """Builds flows from one seed.

    Attributes:
        seed: the seed of every random choice (IDs, times, quirks).
        quirks: which inconsistencies of the specification to reproduce.
        city: the account's city (multi-channel) number.
        start: the first call's ``StartTime``; each flow starts a little after the last.
    """

    seed: int = 0
    quirks: Quirks = field(default_factory=Quirks)
    city: str = SEED_CITY
    start: datetime = SEED_START

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.shaper = Shaper(self.quirks, self.rng)
        self._clock = self.start

    def _session_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _caller(self) -> str:
        return "9" + "".join(str(self.rng.randrange(10)) for _ in range(9))

    def _begin(self) -> datetime:
        moment = self._clock
        self._clock += timedelta(seconds=self.rng.randint(1, 30))
        return moment

    def _later(self, moment: datetime, low: int, high: int) -> datetime:
        return moment + timedelta(seconds=self.rng.randint(low, high))

    def incoming(
        self,
        operators: Sequence[str],
        *,
        ringing: Ringing = "parallel",
        answered_by: int | None = 0,
        caller: str | None = None,
        missed_code: str = "603-S",
        end_code: str = "200",
        end_after_missed: bool = False,
        name: str | None = None,
    ) -> Flow:
        """An incoming call to the city number rung to ``operators``.

        Args:
            operators: the employees' numbers (digits without the leading ``8``).
            ringing: all at once (``"parallel"``) or one after another (``"sequential"``).
            answered_by: index of the employee who answers; ``None``: missed by all.
            caller: the caller's number; a random one from the seed when omitted.
            missed_code: ``ResultCode`` of ``MissedIncCall``.
            end_code: ``ResultCode`` of ``EndIncCall``.
            end_after_missed: also send ``EndIncCall`` after ``MissedIncCall``.
            name: the flow's name (defaults to ringing + outcome).
        """
        if not operators:
            raise ValueError("an incoming call needs at least one number to ring")
        if answered_by is not None and not 0 <= answered_by < len(operators):
            raise ValueError(f"answered_by={answered_by} is not one of {len(operators)} numbers")
        s, sid, city = self.shaper, self._session_id(), self.city
        who = caller or self._caller()
        t0 = self._begin()
        steps: list[Step] = [(Post.of(h.create_inc_call(s, sid, t0, city, who)),)]
        now = self._later(t0, 1, 8)
        rung: list[tuple[str, datetime]] = []
        if ringing == "parallel":
            rung = [(number, now) for number in operators]
            steps.append(
                tuple(Post.of(h.attempt_begin(s, sid, now, city, who, n)) for n in operators)
            )
        else:
            last = len(operators) - 1 if answered_by is None else answered_by
            for index, number in enumerate(operators[: last + 1]):
                steps.append((Post.of(h.attempt_begin(s, sid, now, city, who, number)),))
                if index == answered_by:
                    break
                end = self._later(now, 5, 20)
                steps.append((Post.of(h.attempt_end(s, sid, now, end, city, who, number)),))
                now = end
        if answered_by is None:
            end = self._later(now, 5, 40)
            if ringing == "parallel":
                steps.append(
                    tuple(
                        Post.of(h.attempt_end(s, sid, begun, end, city, who, n))
                        for n, begun in rung
                    )
                )
            parties = (city, who, city)
            missed = h.end_call(
                s, HookType.MISSED_INC_CALL, sid, (t0, end), parties, 0, missed_code
            )
            steps.append((Post.of(missed),))
            if end_after_missed:
                closing = h.end_call(
                    s, HookType.END_INC_CALL, sid, (t0, end), parties, 0, missed_code
                )
                steps.append((Post.of(closing),))
            outcome = "missed"
        else:
            answerer = operators[answered_by]
            answered = self._later(now, 2, 15)
            steps.append((Post.of(h.change_inc_call(s, sid, answered, city, who, answerer)),))
            others = [(n, t) for n, t in rung if n != answerer]
            if others:
                steps.append(
                    tuple(
                        Post.of(h.attempt_end(s, sid, begun, answered, city, who, n))
                        for n, begun in others
                    )
                )
            talk = self.rng.randint(5, 300)
            end = answered + timedelta(seconds=talk)
            parties = (city, who, answerer)
            closing = h.end_call(s, HookType.END_INC_CALL, sid, (t0, end), parties, talk, end_code)
            steps.append((Post.of(closing),))
            outcome = "answered"
        return self._shuffle(Flow(name or f"{ringing}-{outcome}", sid, tuple(steps)))

    def outgoing(
        self,
        operator: str,
        called: str | None = None,
        *,
        code: str = "200",
        name: str | None = None,
    ) -> Flow:
        """An employee's outgoing call; ``code`` other than ``"200"`` means not answered."""
        s, sid, city = self.shaper, self._session_id(), self.city
        number = called or self._caller()
        t0 = self._begin()
        talk = self.rng.randint(5, 300) if code == "200" else 0
        end = self._later(t0, 3, 20) + timedelta(seconds=talk)
        first = h.create_out_call(s, sid, t0, city, operator, number)
        last = h.end_call(
            s, HookType.END_OUT_CALL, sid, (t0, end), (city, operator, number), talk, code
        )
        flow = Flow(name or ("outgoing" if code == "200" else f"outgoing-{code}"), sid, ())
        return self._shuffle(replace(flow, steps=((Post.of(first),), (Post.of(last),))))

    def malformed(self) -> Flow:
        """Bodies no receiver can take: the truncated example, a JSON array, a JSON string."""
        steps = ((Post(TRUNCATED_EXAMPLE),), (Post(b"[]"),), (Post(b'"CreateIncCall"'),))
        return Flow("malformed", "", steps)

    def _shuffle(self, flow: Flow) -> Flow:
        """Apply the duplicate and reorder quirks to a built flow."""
        steps = list(flow.steps)
        if self.quirks.reorder > 0:
            for index in range(len(steps) - 1):
                if self.rng.random() < self.quirks.reorder:
                    steps[index], steps[index + 1] = steps[index + 1], steps[index]
        if self.quirks.duplicates > 0:
            for index in range(len(steps) - 1, -1, -1):
                for post in steps[index]:
                    if self.rng.random() < self.quirks.duplicates:
                        at = self.rng.randint(index + 1, len(steps))
                        steps.insert(at, (replace(post, duplicate=True),))
        return replace(flow, steps=tuple(steps))


Builder = Callable[[FlowFactory, Sequence[str]], Flow]


def _answered(ringing: Ringing) -> Builder:
    def build(factory: FlowFactory, operators: Sequence[str]) -> Flow:
        pick = factory.rng.randrange(len(operators))
        return factory.incoming(operators, ringing=ringing, answered_by=pick)

    return build


def _missed(ringing: Ringing) -> Builder:
    def build(factory: FlowFactory, operators: Sequence[str]) -> Flow:
        code = factory.rng.choice(("603-S", "304"))
        return factory.incoming(operators, ringing=ringing, answered_by=None, missed_code=code)

    return build


def _outgoing(code: str | None) -> Builder:
    def build(factory: FlowFactory, operators: Sequence[str]) -> Flow:
        chosen = code or factory.rng.choice(("486", "480", "404", "603"))
        return factory.outgoing(factory.rng.choice(list(operators)), code=chosen)

    return build


#: The flows the command line knows, by name.
FLOWS: dict[str, Builder] = {
    "parallel-answered": _answered("parallel"),
    "sequential-answered": _answered("sequential"),
    "parallel-missed": _missed("parallel"),
    "sequential-missed": _missed("sequential"),
    "outgoing": _outgoing("200"),
    "outgoing-unanswered": _outgoing(None),
    "malformed": lambda factory, _operators: factory.malformed(),
}


def build(name: str, factory: FlowFactory, operators: Sequence[str]) -> Flow:
    """The flow called ``name`` (a key of :data:`FLOWS`, or ``"mix"``: one of them at random).

    Raises:
        KeyError: for an unknown name.
    """
    if name == "mix":
        name = factory.rng.choice([key for key in FLOWS if key != "malformed"])
    return FLOWS[name](factory, operators)
