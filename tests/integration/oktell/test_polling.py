"""Polling the simulator: every poll shape through the diff layer, pace, back-off, 403."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from agent_toolbar.backends.oktell.api import ApiConfig, FlashMode, OktellApi, ReasonId
from agent_toolbar.backends.oktell.diff import (
    CallAnswered,
    CallAppeared,
    CallEnded,
    CallHeld,
    CallPhase,
    CallResumed,
    CallUpdated,
    Differ,
    EndReason,
    UserStateChanged,
)
from agent_toolbar.backends.oktell.poller import Poller, PollHealth
from agent_toolbar.backends.oktell.records import Accepted, FailureKind
from agent_toolbar.simulators.oktell import Simulator

from .conftest import LOGIN, Recorder

pytestmark = pytest.mark.asyncio
MakePoller = Callable[..., Poller]


async def test_an_idle_line_costs_two_requests_and_shows_the_state(
    sim: Simulator, make_poller: MakePoller, recorder: Recorder
) -> None:
    poller = make_poller()
    assert await poller.poll_once() is None
    (change,) = recorder.changes
    assert isinstance(change, UserStateChanged) and change.current.state == 1
    assert change.previous is None
    assert await poller.poll_once() is None
    assert len(recorder.changes) == 1  # nothing changed, nothing reported
    assert sim.command_count("wp_getchaincontent") == 0
    assert sim.command_count("wp_getabonentinfo") == 2


async def test_ringing_answered_ended(
    sim: Simulator, api: OktellApi, make_poller: MakePoller, recorder: Recorder
) -> None:
    poller = make_poller()
    call_id = sim.inject_call(LOGIN, caller="+79161234567", display_name="Козлов Олег")
    await poller.poll_once()
    (appeared,) = recorder.of(CallAppeared)
    call = appeared.call
    assert (call.call_id, call.number, call.name) == (call_id, "+79161234567", "Козлов Олег")
    assert (call.phase, call.outgoing, call.answered) == (CallPhase.RINGING, False, False)
    assert recorder.of(UserStateChanged)[-1].current.state == 5
    await api.wp_answercall()
    await poller.poll_once()
    (answered,) = recorder.of(CallAnswered)
    assert answered.call.answered and answered.call.answered_at is not None
    sim.end_call_remote(LOGIN, call_id)
    await poller.poll_once()
    (ended,) = recorder.of(CallEnded)
    assert ended.call.call_id == call_id and ended.reason is EndReason.LINE_FREE
    assert ended.call.answered
    assert poller.differ.calls == {}


async def test_hold_and_a_second_call_in_the_same_chain(
    sim: Simulator, api: OktellApi, make_poller: MakePoller, recorder: Recorder
) -> None:
    poller = make_poller()
    first = sim.inject_call(LOGIN, caller="+79161234567")
    await api.wp_answercall()
    await poller.poll_once()
    await api.wp_switchcall("200")
    await poller.poll_once()
    (held,) = recorder.of(CallHeld)
    assert held.call.call_id == first
    second = next(c.call for c in recorder.of(CallAppeared) if c.call.call_id != first)
    assert (second.number, second.phase, second.outgoing) == ("200", CallPhase.DIALING, True)
    assert second.called == "200" and poller.differ.calls[first].called == "183"
    sim.answer_elsewhere(LOGIN, second.call_id)
    await poller.poll_once()
    assert recorder.of(CallAnswered)[-1].call.call_id == second.call_id
    await api.wp_flash(FlashMode.SWITCH)  # swap: the first back, the second on hold
    await poller.poll_once()
    assert recorder.of(CallResumed)[-1].call.call_id == first
    assert recorder.of(CallHeld)[-1].call.call_id == second.call_id
    await api.wp_abortcall()  # the two are joined: both leave the line
    await poller.poll_once()
    assert {e.call.call_id for e in recorder.of(CallEnded)} == {first, second.call_id}


async def test_a_held_call_out_of_sight_is_not_deleted(
    sim: Simulator, api: OktellApi, make_poller: MakePoller, recorder: Recorder
) -> None:
    poller = make_poller()
    first = sim.inject_call(LOGIN, caller="+79161234567")
    await api.wp_answercall()
    await poller.poll_once()
    await api.wp_flash()  # on hold, dial tone
    await poller.poll_once()
    assert recorder.of(CallHeld)[-1].call.call_id == first
    second = sim.inject_call(LOGIN, caller="+79035550102")  # a new chain: the poll shows only it
    await poller.poll_once()
    await api.wp_answercall()
    await poller.poll_once()
    assert not recorder.of(CallEnded)
    assert poller.differ.calls[first].phase is CallPhase.HELD
    sim.end_call_remote(LOGIN, second)
    await poller.poll_once()
    assert [e.call.call_id for e in recorder.of(CallEnded)] == [second]
    await api.wp_flash()  # back to the held one
    await poller.poll_once()
    assert recorder.of(CallResumed)[-1].call.call_id == first


async def test_a_call_that_ended_while_a_poll_was_lost_still_ends(
    sim: Simulator, make_poller: MakePoller, recorder: Recorder
) -> None:
    poller = make_poller()
    call_id = sim.inject_call(LOGIN)
    sim.answer_elsewhere(LOGIN, call_id)  # answered on the handset
    await poller.poll_once()
    assert poller.differ.calls[call_id].phase is CallPhase.CONNECTED
    sim.inject_fault("500", method="wp_getabonentinfo")
    sim.end_call_remote(LOGIN, call_id)
    failure = await poller.poll_once()
    assert failure is not None and failure.kind is FailureKind.SERVER_ERROR
    assert not recorder.of(CallEnded)  # a lost poll changes nothing
    assert await poller.poll_once() is None
    (ended,) = recorder.of(CallEnded)
    assert ended.call.call_id == call_id


async def test_a_missed_call_and_a_new_one_within_a_lost_poll(
    sim: Simulator, api: OktellApi, make_poller: MakePoller, recorder: Recorder
) -> None:
    poller = make_poller()
    missed = sim.inject_call(LOGIN, caller="+79161234567")
    await poller.poll_once()
    sim.inject_fault("garbage", method="wp_getabonentinfo")
    sim.end_call_remote(LOGIN, missed)
    fresh = sim.inject_call(LOGIN, caller="+79035550102")
    failure = await poller.poll_once()
    assert failure is not None and failure.kind is FailureKind.MALFORMED
    await poller.poll_once()
    assert [e.call.call_id for e in recorder.of(CallEnded)] == [missed]
    assert not recorder.of(CallEnded)[0].call.answered
    assert recorder.of(CallAppeared)[-1].call.call_id == fresh


async def test_an_autocall_callback_is_an_outgoing_call(
    sim: Simulator, api: OktellApi, make_poller: MakePoller, recorder: Recorder
) -> None:
    differ = Differ(LOGIN)
    poller = make_poller(differ=differ)
    differ.expect_outgoing("+74950000000", asyncio.get_running_loop().time())
    await api.wp_autocallstart("+74950000000")
    await poller.poll_once()
    assert not recorder.of(CallAppeared)  # the number is called first: nothing on the line
    far = sim.operator(LOGIN).calls[0]
    sim.answer_elsewhere(LOGIN, far.commutation_id)
    await poller.poll_once()
    (appeared,) = recorder.of(CallAppeared)
    call = appeared.call
    assert (call.phase, call.outgoing, call.callback) == (CallPhase.RINGING, True, True)
    await api.wp_answercall()
    await poller.poll_once()
    assert recorder.of(CallAnswered)[-1].call.callback


async def test_a_back_autocall_rings_then_dials(
    sim: Simulator, api: OktellApi, make_poller: MakePoller, recorder: Recorder
) -> None:
    differ = Differ(LOGIN)
    poller = make_poller(differ=differ)
    differ.expect_outgoing("201", asyncio.get_running_loop().time())
    from agent_toolbar.backends.oktell.api import Sequence

    await api.wp_autocallstart("201", sequence=Sequence.BACK)
    await poller.poll_once()
    call = recorder.of(CallAppeared)[0].call
    assert (call.phase, call.outgoing, call.callback, call.number) == (
        CallPhase.RINGING, True, True, "201",
    )  # fmt: skip
    await api.wp_answercall()
    await poller.poll_once()
    updated = recorder.of(CallUpdated)[-1]
    assert (updated.previous.phase, updated.call.phase) == (CallPhase.RINGING, CallPhase.DIALING)
    sim.answer_elsewhere(LOGIN, call.call_id)
    await poller.poll_once()
    assert recorder.of(CallAnswered)[-1].call.call_id == call.call_id


async def test_an_impossible_state_change_is_answered_200_and_noticed_by_the_poll(
    sim: Simulator, api: OktellApi, make_poller: MakePoller, recorder: Recorder
) -> None:
    poller = make_poller()
    await poller.poll_once()
    sim.set_user_state(LOGIN, 1, callcenter=False)
    assert await api.wp_setuserstate(onlunch=True, reason=ReasonId(1001)) == Accepted(
        "wp_setuserstate"
    )
    await poller.poll_once()
    assert [c.current.state for c in recorder.of(UserStateChanged)] == [1]  # still ready
    sim.set_user_state(LOGIN, 1, callcenter=True)
    await api.wp_setuserstate(onlunch=True, reason=ReasonId(1001))
    await poller.poll_once()
    assert [c.current.state for c in recorder.of(UserStateChanged)] == [1, 2]
    assert recorder.of(UserStateChanged)[-1].current.word == "break"


async def test_pace_faster_while_ringing_and_one_poll_in_flight(
    sim: Simulator, make_poller: MakePoller, recorder: Recorder
) -> None:
    poller = make_poller(interval=1.0)
    poller.start()
    await recorder.wait(lambda: any(s.health is PollHealth.OK for s in recorder.statuses))
    assert recorder.statuses[-1].next_in == 1.0
    sim.inject_call(LOGIN)
    poller.poll_now()
    await recorder.wait(lambda: bool(recorder.of(CallAppeared)))
    await recorder.wait(lambda: bool(recorder.statuses) and recorder.statuses[-1].next_in == 0.25)
    sim.inject_fault("slow", seconds=0.3, method="wp_getabonentinfo")
    for _ in range(20):
        poller.poll_now()
        await asyncio.sleep(0.01)
    await recorder.wait(lambda: sim.command_count("wp_getabonentinfo") >= 4)
    assert poller.max_in_flight == 1


async def test_server_away_backs_off_and_comes_back(
    sim: Simulator, make_poller: MakePoller, recorder: Recorder
) -> None:
    import random

    poller = make_poller(interval=0.05, max_backoff=0.4, rng=random.Random(7))
    poller.start()
    await recorder.wait(lambda: any(s.health is PollHealth.OK for s in recorder.statuses))
    sim.refuse_connections(1.0)
    await recorder.wait(lambda: bool(recorder.statuses) and recorder.statuses[-1].failures >= 3)
    away = [s for s in recorder.statuses if s.health is PollHealth.AWAY]
    assert away[0].failure is not None and away[0].failure.kind is FailureKind.UNREACHABLE
    assert all(s.next_in is not None and s.next_in <= 0.4 for s in away)
    assert [s.failures for s in away[:3]] == [1, 2, 3]
    await recorder.wait(
        lambda: bool(recorder.statuses) and recorder.statuses[-1].health is PollHealth.OK,
        timeout=10,
    )
    assert recorder.statuses[-1].failures == 0 and recorder.statuses[-1].last_ok is not None


async def test_bad_credentials_stop_polling_until_resumed(
    sim: Simulator, recorder: Recorder, make_poller: MakePoller
) -> None:
    async with OktellApi(ApiConfig(url=sim.url, login=LOGIN, password="wrong")) as wrong:
        poller = make_poller(client=wrong, interval=0.05)
        poller.start()
        await recorder.wait(
            lambda: bool(recorder.statuses) and recorder.statuses[-1].health is PollHealth.FORBIDDEN
        )
        refused = len(sim.forbidden)
        assert 1 <= refused <= 2  # the first poll's two requests at most
        await asyncio.sleep(0.3)  # six intervals: no retry
        assert len(sim.forbidden) == refused and not poller.running
        wrong.set_password("oktell")
        poller.resume()
        await recorder.wait(
            lambda: bool(recorder.statuses) and recorder.statuses[-1].health is PollHealth.OK
        )
        assert len(sim.forbidden) == refused


async def test_malformed_answers_degrade_the_poll_but_keep_the_calls(
    sim: Simulator, make_poller: MakePoller, recorder: Recorder
) -> None:
    poller = make_poller()
    call_id = sim.inject_call(LOGIN)
    await poller.poll_once()
    for kind in ("html", "empty", "truncated"):
        sim.inject_fault(kind, method="wp_getchaincontent")
        failure = await poller.poll_once()
        assert failure is not None and failure.method == "wp_getchaincontent"
    sim.inject_fault("html", method="tst_getuserstate")
    assert (await poller.poll_once()) is not None
    assert list(poller.differ.calls) == [call_id] and not recorder.of(CallEnded)
    sim.inject_fault("seedjson", method="wp_getchaincontent")
    assert await poller.poll_once() is None


async def test_the_after_poll_hook_runs_for_applied_polls_only(
    sim: Simulator, make_poller: MakePoller
) -> None:
    applied: list[int] = []
    poller = make_poller(on_applied=lambda: applied.append(poller.polls))
    await poller.poll_once()
    await poller.poll_once()  # no change: still applied
    sim.inject_fault("500", method="wp_getabonentinfo")
    await poller.poll_once()  # lost: not applied
    assert applied == [0, 1]
