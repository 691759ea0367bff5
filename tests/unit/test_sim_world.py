"""The simulated world without sockets: a recording emitter and a hand-driven clock."""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.naumen.data import resolve_target
from agent_toolbar.simulators.naumen.model import SimTimings
from agent_toolbar.simulators.naumen.scenarios import offer_customer, stress_step
from agent_toolbar.simulators.naumen.state import channel_of
from agent_toolbar.simulators.naumen.world import World

LOGIN = "operator"


@dataclass(order=True)
class Timer:
    due: float
    order: int
    callback: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        self.cancelled = True


class Clock:
    """A manual clock whose timers run only when the test advances it."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0
        self.timers: list[Timer] = []
        self._order = itertools.count()

    def schedule(self, delay: float, callback: Callable[[], None]) -> Timer:
        timer = Timer(self.now + delay, next(self._order), callback)
        heapq.heappush(self.timers, timer)
        return timer

    def advance(self, seconds: float) -> None:
        until = self.now + seconds
        while self.timers and self.timers[0].due <= until:
            timer = heapq.heappop(self.timers)
            self.now = timer.due
            if not timer.cancelled:
                timer.callback()
        self.now = until


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, m.Message]] = []

    def __call__(self, login: str, message: m.Message) -> None:
        self.events.append((login, message))

    def names(self) -> list[str]:
        return [message.NAME for _, message in self.events]

    def take(self) -> list[m.Message]:
        taken = [message for _, message in self.events]
        self.events.clear()
        return taken


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


def make_world(clock: Clock, recorder: Recorder, **timings: object) -> World:
    return World(
        [LOGIN, "ivanova"],
        webphone_logins=["web"],
        timings=SimTimings(**timings),  # type: ignore[arg-type]
        rng=random.Random(1),
        emit=recorder,
        schedule=clock.schedule,
        clock=lambda: clock.now,
    )


def state_of(world: World, login: str = LOGIN) -> tuple[str, tuple[str, ...], str | None]:
    snapshot = world.operators[login].snapshot
    assert snapshot is not None
    return snapshot


def test_everyone_starts_registered_and_available(clock: Clock, recorder: Recorder) -> None:
    world = make_world(clock, recorder)
    assert list(world.operators) == [LOGIN, "ivanova", "web"]
    assert world.operators["web"].webphone and not world.operators[LOGIN].webphone
    assert state_of(world) == ("available", ("normal",), None)
    assert world.operators[LOGIN].state_time == int(clock.now * 1000)
    assert recorder.events == []


@pytest.mark.parametrize(
    ("call_type", "channel"),
    [("voice", "voice"), ("sip", "voice"), ("imap", "email"), ("telegram", "telegram")],
)
def test_channel_suffixes(call_type: str, channel: str) -> None:
    assert channel_of(call_type) == channel


def test_a_call_through_its_life(clock: Clock, recorder: Recorder) -> None:
    world = make_world(clock, recorder)
    op = world.operators[LOGIN]
    call = world.offer(op, caller="+79160000000")
    assert recorder.names() == ["NewCall", "UserState"]
    assert state_of(world) == ("available", ("normal", "ringing", "ringing#voice"), None)
    clock.advance(1)
    recorder.take()
    world.connect(op, call)
    assert recorder.names() == ["CallStatus", "UserState", "CurrentCall"]
    assert state_of(world)[1] == ("normal", "speaking", "speaking#voice")
    assert call.answer_time == int(clock.now * 1000)
    recorder.take()
    world.end(op, call, remote=True)
    assert recorder.names() == ["CallStatus", "UserState"]
    assert state_of(world) == ("available", ("normal", "wrapup", "wrapup#voice"), call.session_id)
    recorder.take()
    world.close(op, call)
    assert recorder.names() == ["OnClose", "UserState"]
    assert state_of(world) == ("available", ("normal",), None)
    assert op.calls == {} and op.current is None


def test_substates_are_listed_oldest_first(clock: Clock, recorder: Recorder) -> None:
    world = make_world(clock, recorder)
    op = world.operators[LOGIN]
    first = world.offer(op)
    world.connect(op, first)
    clock.advance(1)
    world.offer(op)
    assert state_of(world)[1] == (
        "normal",
        "speaking",
        "speaking#voice",
        "ringing",
        "ringing#voice",
    )
    world.set_base(op, "dnd")
    world.refresh_state(op)
    assert state_of(world) == (
        "notavailable",
        ("speaking", "speaking#voice", "ringing", "ringing#voice", "dnd"),
        None,
    )


def test_the_shown_reason(clock: Clock, recorder: Recorder) -> None:
    world = make_world(clock, recorder)
    op = world.operators[LOGIN]
    call = world.offer(op)
    world.connect(op, call)
    world.end(op, call)
    assert state_of(world)[2] == call.session_id  # wrap-up: the session id
    world.start_accident(op, "8:abc", None)
    world.refresh_state(op)
    assert state_of(world)[2] == "8:abc"  # accident wins over normal
    world.set_base(op, "away", "Dinner")
    world.refresh_state(op)
    assert state_of(world) == (
        "notavailable",
        ("wrapup", "wrapup#voice", "accident", "away"),
        "Dinner",
    )


def test_user_state_is_sent_on_change_only_unless_forced(clock: Clock, recorder: Recorder) -> None:
    world = make_world(clock, recorder)
    op = world.operators[LOGIN]
    before = op.state_time
    clock.advance(5)
    world.refresh_state(op)
    assert recorder.events == [] and op.state_time == before
    world.refresh_state(op, force=True)
    assert recorder.names() == ["UserState"] and op.state_time == before


def test_accident_clears_after_its_duration(clock: Clock, recorder: Recorder) -> None:
    world = make_world(clock, recorder)
    op = world.operators[LOGIN]
    world.start_accident(op, "8:x", 10.0)
    world.refresh_state(op)
    recorder.take()
    clock.advance(9.9)
    assert recorder.events == []
    clock.advance(0.2)
    (state,) = recorder.take()
    assert isinstance(state, m.UserState) and state.substates == ("normal",)


def test_late_parameters(clock: Clock, recorder: Recorder) -> None:
    world = make_world(clock, recorder)
    op = world.operators[LOGIN]
    params = {"ProjectTitle": "Доставка", "ClientId": "CL-1"}
    call = world.offer(op, params=params, params_later=2.0, early_keys=["ProjectTitle"])
    new = recorder.take()[0]
    assert isinstance(new, m.NewCall) and new.params is not None
    assert set(new.params) == {"sessionId", "ProjectTitle"}
    clock.advance(2.0)
    (late,) = recorder.take()
    assert isinstance(late, m.CallParams) and late.params is not None
    assert late.params["ClientId"] == "CL-1" and late.params["sessionId"] == call.session_id


def test_missed_calls_far_side_hangups_and_auto_close(clock: Clock, recorder: Recorder) -> None:
    world = make_world(
        clock, recorder, ring_timeout=25.0, talk_time=(60.0, 60.0), wrapup_auto_close=30.0
    )
    op = world.operators[LOGIN]
    world.offer(op)
    clock.advance(25.0)
    assert recorder.names()[-3:] == ["CallStatus", "OnClose", "UserState"]
    recorder.take()
    call = world.offer(op)
    world.connect(op, call)
    recorder.take()
    clock.advance(60.0)
    assert recorder.names() == ["CallStatus", "UserState"] and call.wrapup
    clock.advance(30.0)
    assert recorder.names()[-2:] == ["OnClose", "UserState"] and op.calls == {}


def test_without_wrapup_an_ended_conversation_closes(clock: Clock, recorder: Recorder) -> None:
    world = make_world(clock, recorder, wrapup_enabled=False)
    op = world.operators[LOGIN]
    call = world.offer(op)
    world.connect(op, call)
    recorder.take()
    world.end(op, call)
    assert recorder.names() == ["CallStatus", "OnClose", "UserState"]


def test_dialling_follows_the_directory(clock: Clock, recorder: Recorder) -> None:
    world = make_world(clock, recorder, far_side_delay=1.0, no_answer_timeout=20.0)
    op = world.operators[LOGIN]
    outcomes = {}
    for number in ("200", "202", "203"):
        call = world.create_call(op, direction="out")
        world.add_call(op, call)
        world.dial(op, call, resolve_target(number))
        outcomes[number] = call
    clock.advance(1.0)
    assert outcomes["200"].state == "connected" and outcomes["202"].state == "ended"
    assert outcomes["203"].state == "new"
    clock.advance(19.0)
    assert outcomes["203"].state == "ended" and set(op.calls) == {outcomes["200"].cid}


def test_going_offline_closes_everything(clock: Clock, recorder: Recorder) -> None:
    world = make_world(clock, recorder)
    op = world.operators[LOGIN]
    call = world.offer(op)
    recorder.take()
    world.go_offline(op)
    assert recorder.names() == ["CallStatus", "OnClose", "UserState"]
    state = recorder.events[-1][1]
    assert isinstance(state, m.UserState) and (state.state, state.time) == ("offline", None)
    assert not op.registered and op.calls == {} and call.state == "ended"


def test_stress_keeps_the_world_consistent_and_its_frames_clean(
    clock: Clock, recorder: Recorder
) -> None:
    world = make_world(
        clock,
        recorder,
        ring_timeout=3.0,
        talk_time=(0.5, 3.0),
        wrapup_auto_close=1.0,
        params_delay=(0.05, 0.3),
    )
    for _ in range(3000):
        stress_step(world)
        clock.advance(world.rng.uniform(0.0, 0.05))
    assert len(recorder.events) > 3000
    for login, message in recorder.events:
        decoded = m.decode(m.encode(message))
        assert decoded.error is None and decoded.problems == (), message
        assert decoded.message == message and getattr(message, "login", login) == login
    for op in world.operators.values():
        state, substates, _reason = state_of(world, op.login)
        for call in op.calls.values():
            activity = {"new": "ringing", "connected": "speaking"}.get(call.state, "wrapup")
            assert f"{activity}#{channel_of(call.type)}" in substates
        assert (state == "available") == (op.base == "normal" and op.accident is None)


def test_offer_customer_gives_the_stream_its_calls(clock: Clock, recorder: Recorder) -> None:
    world = make_world(clock, recorder, params_delay=(1.0, 3.0))
    op = world.operators[LOGIN]
    for _ in range(30):
        cid = offer_customer(world, op)
        world.close(op, op.calls[cid])
        clock.advance(5.0)  # pending CallParams of a closed call are cancelled
    offers = [x for _, x in recorder.events if isinstance(x, m.NewCall)]
    assert len(offers) == 30
    assert {x.params is None for x in offers} == {True, False}
    assert not [x for _, x in recorder.events if isinstance(x, m.CallParams)]
