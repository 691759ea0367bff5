"""Each scenario starts and produces frames the codec accepts; stopping leaks no task."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import Callable

import pytest
from websockets.exceptions import ConnectionClosed

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.simulators.naumen.peer import SimPeer as Peer
from agent_toolbar.simulators.naumen.simulator import SimTimings, Simulator

pytestmark = pytest.mark.asyncio
LOGIN = "operator"
LIVELY = SimTimings.fast(ring_timeout=0.4, talk_time=(0.05, 0.15), wrapup_auto_close=0.05)
CYRILLIC_NAME = re.compile(r"[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+")


def count(messages: list[m.Message], name: str) -> int:
    return sum(1 for x in messages if name == x.NAME)


async def drive(
    peer: Peer,
    *,
    until: Callable[[list[m.Message]], bool],
    seconds: float,
    answer: bool = False,
) -> list[m.Message]:
    """Read (strictly decoded) messages until ``until`` holds or ``seconds`` pass; answer
    every offered call at once when ``answer`` is set."""
    got: list[m.Message] = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not until(got) and loop.time() < deadline:
        try:
            message = await peer.recv(deadline - loop.time())
        except TimeoutError:
            break
        got.append(message)
        if answer and isinstance(message, m.NewCall) and message.direction == "in":
            await peer.send("Answer", login=LOGIN, cid=message.cid)
    return got


async def test_idle_does_nothing_by_itself() -> None:
    async with Simulator("idle", timings=LIVELY) as sim, Peer.attached(sim.url, LOGIN) as peer:
        await peer.quiet(0.3)
        assert sim.operator(LOGIN).state == "available"


@pytest.mark.parametrize("scenario", ["stream", "demo"])
async def test_streaming_scenarios_offer_realistic_calls(scenario: str) -> None:
    def enough(got: list[m.Message]) -> bool:
        return count(got, "NewCall") >= 4 and count(got, "CallParams") >= 2

    async with (
        Simulator(scenario, timings=LIVELY, seed=21) as sim,
        Peer.attached(sim.url, LOGIN) as peer,
    ):
        messages = await drive(peer, until=enough, seconds=8.0, answer=True)
        # Calls go to the operator a client watches, not to the unattended one.
        assert sim.operator("ivanova").calls == ()
    assert enough(messages), Counter(x.NAME for x in messages)
    assert not [x for x in messages if isinstance(x, m.Error)]
    late = {x.cid: x.params for x in messages if isinstance(x, m.CallParams)}
    for offer in (x for x in messages if isinstance(x, m.NewCall)):
        params = late.get(offer.cid) or offer.params
        if params is None:
            continue  # its CallParams was still on the way
        assert len(params["sessionId"]) == 64
        assert params["caller"].startswith("+7") and len(params["caller"]) == 12
        assert offer.display_name in (params["caller"], params.get("ClientName"))
    for full in late.values():
        assert full is not None
        assert full["ProjectTitle"] in ("Линия поддержки", "Продажи", "Доставка")
        assert CYRILLIC_NAME.fullmatch(full["ClientName"])
        assert full["Region"] and full["Language"] in ("ru", "en")
        assert full.get("url", "https://crm.example.com/").startswith("https://crm.example.com/")


async def test_stream_calls_are_answered_ended_by_the_customer_and_wrapped_up() -> None:
    def enough(got: list[m.Message]) -> bool:
        wrapups = [x for x in got if isinstance(x, m.UserState) and "wrapup" in x.substates]
        return bool(wrapups) and count(got, "OnClose") >= 2

    async with (
        Simulator("stream", timings=LIVELY, seed=5) as sim,
        Peer.attached(sim.url, LOGIN) as peer,
    ):
        messages = await drive(peer, until=enough, seconds=8.0, answer=True)
    assert enough(messages), Counter(x.NAME for x in messages)


async def test_stream_calls_nobody_answers_are_missed() -> None:
    def enough(got: list[m.Message]) -> bool:
        return count(got, "OnClose") >= 2

    async with (
        Simulator("stream", timings=LIVELY, seed=8) as sim,
        Peer.attached(sim.url, LOGIN) as peer,
    ):
        messages = await drive(peer, until=enough, seconds=8.0)
    ended = [x for x in messages if isinstance(x, m.CallStatus) and x.state == "ended"]
    assert enough(messages) and ended and all(x.answer_time is None for x in ended)


async def test_stress_sends_many_varied_events() -> None:
    async with (
        Simulator("stress", timings=SimTimings.fast(ring_timeout=0.3), seed=1) as sim,
        Peer.attached(sim.url, LOGIN) as first,
        Peer.attached(sim.url, "ivanova") as second,
    ):
        messages = await drive(first, until=lambda got: len(got) >= 300, seconds=8.0)
        others = await drive(second, until=lambda got: len(got) >= 50, seconds=4.0)
    names = Counter(x.NAME for x in messages)
    assert len(messages) == 300, names
    assert {"NewCall", "CallStatus", "UserState", "CallParamsUpdated"} <= set(names), names
    assert others and all(x.login == "ivanova" for x in others)


async def test_the_same_seed_gives_the_same_calls() -> None:
    async def first_offer(seed: int) -> tuple[str, str]:
        async with (
            Simulator("demo", timings=LIVELY, seed=seed) as sim,
            Peer.attached(sim.url, LOGIN) as peer,
        ):
            offer = (await peer.until("NewCall"))[-1]
        assert isinstance(offer, m.NewCall)
        return offer.cid, offer.display_name

    assert await first_offer(99) == await first_offer(99)


async def test_stopping_leaks_no_task_and_closes_clients() -> None:
    sim = Simulator("stream", timings=SimTimings.fast(no_answer_timeout=30.0), seed=2)
    await sim.start()
    peer = await Peer.open(sim.url)
    await peer.attach(LOGIN)
    sim.inject_call(LOGIN, params_later=30.0)
    await peer.send("MakeCall", login=LOGIN, phoneNumber="203")  # rings for 30 s
    waiter = asyncio.ensure_future(sim.wait_for_command("Close", timeout=30.0))
    await asyncio.sleep(0.05)
    await sim.stop()
    with pytest.raises(ConnectionClosed):
        while True:
            await peer.recv()
    await peer.close()
    assert waiter.cancelled() or isinstance(waiter.exception(), asyncio.CancelledError)
    await asyncio.sleep(0)
    leftover = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    assert leftover == []
