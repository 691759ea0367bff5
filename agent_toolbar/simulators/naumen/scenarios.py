"""Scenarios of the simulator: what happens on the simulated phones without being asked.

* ``idle`` — the operators are logged in and ready; nothing happens until a client or the
  control API acts.
* ``stream`` — a steady stream of incoming calls (one every ``call_interval`` seconds,
  15–40 by default) with Russian names, ``+7`` numbers, projects and CRM parameters;
  some parameters arrive only in a later ``CallParams``. A call ringing for ``ring_timeout``
  (25 s) is missed; an answered one is ended by the customer after ``talk_time``; wrap-up
  waits for ``Close`` or ends by itself after ``wrapup_auto_close``. Calls go to free
  (available, idle) operators, preferring those a client is attached to.
* ``demo`` — ``stream`` whose first call comes within ``first_call_delay`` (1–3 s) of the
  first client attaching, so a new user sees something at once (``agent-toolbar --demo``).
* ``texts`` — a stream of text sessions (Telegram, Webim, XMPP, SMS, e-mail) with realistic
  Russian conversations: the customer's first message, then the rest of the conversation
  once the session is taken into work, then the session closes
  (:mod:`~agent_toolbar.simulators.naumen.texts`).
* ``stress`` — many events fast: concurrent calls, answers elsewhere, hang-ups, parameter
  updates, hold toggles and state changes, for load tests.

Everything is drawn from the world's random source, so a seed reproduces a run.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.naumen.data import customer_params
from agent_toolbar.simulators.naumen.model import SimOperator, SimTimings
from agent_toolbar.simulators.naumen.texts import CONVERSATIONS, TEXT_CHANNELS
from agent_toolbar.simulators.naumen.world import World

__all__ = [
    "SCENARIOS",
    "default_timings",
    "offer_customer",
    "offer_text_session",
    "run_scenario",
    "stress_step",
]

#: The scenario names ``--scenario`` accepts.
SCENARIOS = ("idle", "stream", "demo", "texts", "stress")
_RETRY = 0.5


def default_timings(scenario: str) -> SimTimings:
    """The timings a scenario runs with unless the caller gives its own."""
    if scenario == "texts":
        return SimTimings(call_interval=(20.0, 45.0), first_call_delay=(1.0, 3.0))
    if scenario in ("stream", "demo"):
        return SimTimings(ring_timeout=25.0, talk_time=(40.0, 240.0), wrapup_auto_close=120.0)
    if scenario == "stress":
        return SimTimings(
            far_side_delay=0.2,
            no_answer_timeout=2.0,
            callback_return=1.0,
            accident=1.0,
            ring_timeout=3.0,
            talk_time=(0.5, 3.0),
            wrapup_auto_close=1.0,
            params_delay=(0.05, 0.3),
        )
    return SimTimings()


async def run_scenario(name: str, world: World, watched: Callable[[str], bool]) -> None:
    """Run a scenario until cancelled; ``watched(login)`` tells whether a client is attached."""
    if name not in SCENARIOS:
        raise ValueError(f"unknown scenario {name!r} (one of {', '.join(SCENARIOS)})")
    if name == "stress":
        while True:
            await asyncio.sleep(world.uniform(world.timings.stress_interval))
            stress_step(world)
    elif name in ("stream", "demo"):
        await _stream(world, watched, demo=name == "demo")
    elif name == "texts":
        await _texts(world, watched)


def _free(world: World, watched: Callable[[str], bool]) -> list[SimOperator]:
    free = [
        op
        for op in world.operators.values()
        if op.registered and not op.calls and op.snapshot and op.snapshot[0] == "available"
    ]
    if any(watched(login) for login in world.operators):
        return [op for op in free if watched(op.login)]
    return free


async def _stream(world: World, watched: Callable[[str], bool], *, demo: bool) -> None:
    timings = world.timings
    if demo:
        while not any(watched(login) for login in world.operators):
            await asyncio.sleep(_RETRY / 5)
        await asyncio.sleep(world.uniform(timings.first_call_delay))
        while not _free(world, watched):
            await asyncio.sleep(_RETRY)
    else:
        await asyncio.sleep(world.uniform(timings.call_interval))
    while True:
        free = _free(world, watched)
        if free:
            offer_customer(world, world.rng.choice(free))
        await asyncio.sleep(world.uniform(timings.call_interval))


async def _texts(world: World, watched: Callable[[str], bool]) -> None:
    await asyncio.sleep(world.uniform(world.timings.first_call_delay))
    while True:
        free = _free(world, watched)
        if free:
            offer_text_session(world, world.rng.choice(free))
        await asyncio.sleep(world.uniform(world.timings.call_interval))


def offer_text_session(world: World, op: SimOperator) -> str:
    """Offer the operator a text session; the customer goes on once it is taken into work."""
    rng = world.rng
    lines = rng.choice(CONVERSATIONS)
    call = world.texts.offer(op, channel=rng.choice(TEXT_CHANNELS), text=lines[0])
    session = world.texts.get(call.session_id)
    step = (4.0, 9.0)

    def go_on(index: int) -> None:
        if session.state == "offered":  # not yet taken into work: ask again later
            world.schedule(world.uniform(step), lambda: go_on(index), call)
        elif session.state == "distributed" and index < len(lines):
            world.texts.customer_says(session.session_id, lines[index])
            world.schedule(world.uniform(step), lambda: go_on(index + 1), call)
        elif session.state == "distributed":
            world.texts.close(session.session_id)

    world.schedule(world.uniform(step), lambda: go_on(1), call)
    return call.cid


def offer_customer(world: World, op: SimOperator) -> str:
    """Offer the operator a generated customer's call; returns its cid.

    Four calls in ten carry all their parameters at once; four bring the basic ones
    (number, project, language) and the CRM ones in a later ``CallParams``; two bring
    none until the later ``CallParams``.
    """
    rng = world.rng
    customer = customer_params(rng)
    style = rng.random()
    later = None if style < 0.4 else world.uniform(world.timings.params_delay)
    early = customer.early_keys if 0.4 <= style < 0.8 else None
    name = customer.name if rng.random() < 0.7 else customer.phone
    call = world.offer(
        op,
        caller=customer.phone,
        display_name=name,
        called=customer.project.dnis,
        params=customer.params,
        params_later=later,
        early_keys=early,
    )
    return call.cid


def stress_step(world: World) -> None:
    """One random action of the ``stress`` scenario."""
    rng = world.rng
    registered = [op for op in world.operators.values() if op.registered]
    if not registered:
        return
    op = rng.choice(registered)
    calls = list(op.calls.values())
    ringing = [c for c in calls if c.state == "new" and c.direction == "in"]
    talking = [c for c in calls if c.state == "connected" and c.transfer is None]
    wrapping = [c for c in calls if c.state == "ended"]
    roll = rng.random()
    if roll < 0.3 and len(calls) < world.timings.stress_max_calls:
        offer_customer(world, op)
    elif roll < 0.45 and ringing:
        world.connect(op, rng.choice(ringing))
    elif roll < 0.55 and talking:
        world.end(op, rng.choice(talking), remote=True)
    elif roll < 0.62 and wrapping:
        world.close(op, rng.choice(wrapping))
    elif roll < 0.77 and calls:
        call = rng.choice(calls)
        name = rng.choice(("Priority", "Comment", "Segment"))
        call.params[name] = value = str(rng.randrange(1000))
        event = m.CallParamsUpdated(login=op.login, cid=call.cid, params={name: value})
        world.emit(op, event)
    elif roll < 0.87 and talking:
        call = rng.choice(talking)
        call.hold = not call.hold
        world.emit_status(op, call)
    else:
        base = rng.choice(("normal", "away", "dnd", "custom1"))
        world.set_base(op, base, "TechnicalBreak" if base == "away" else None)
        world.refresh_state(op)
