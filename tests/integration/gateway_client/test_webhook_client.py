"""The ``webhook`` backend over real sockets: routing, outcomes, reconnects, restarts, tokens."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import pytest

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.connection import LinkKind, LinkState, Problem
from agent_toolbar.cti.model import CallState, Direction
from agent_toolbar.cti.outcomes import CommandFailure, EndResult, FailureReason
from agent_toolbar.cti.transitions import CallAppeared, CallRemoved
from agent_toolbar.gateway import Gateway
from agent_toolbar.simulators.gateway_demo import COLLEAGUE, OPERATOR, GatewayDemo
from agent_toolbar.simulators.pbx_webhooks import FakePbx, FlowFactory

pytestmark = pytest.mark.asyncio

ME, HER = OPERATOR[1], COLLEAGUE[1]
CALLER = "9582412128"


async def post(pbx: FakePbx, steps: Any) -> None:
    for step in steps:
        answers = await asyncio.gather(*(pbx.post(p) for p in step))
        assert all(a.ok for a in answers), answers


def removed(tb: Any, cid: str) -> CallRemoved | None:
    return next((t for t in tb.of(CallRemoved) if t.call.cid == cid), None)


async def test_it_listens_as_a_stream_and_refuses_every_command(toolbar: Any, pbx: FakePbx) -> None:
    me = await toolbar("webhook", "operator")
    assert me.state.connection.kind is LinkKind.STREAM
    assert me.state.connection.last_event_at is not None  # "listening · last event N s ago"
    flow = FlowFactory(seed=1).incoming([ME], answered_by=0, caller=CALLER)
    await post(pbx, flow.steps[:2])
    state = await me.until(lambda s: s.calls)
    (call,) = state.calls.values()
    assert call.cid == f"wh:{flow.session_id}" and call.state is CallState.NEW
    assert call.direction is Direction.IN and call.number == CALLER
    assert call.params["SessionID"] == flow.session_id
    assert call.params["CityNumber"] == "4950665310"
    for intent in (it.Answer(call.cid), it.Hangup(call.cid), it.Hold(call.cid, True)):
        assert await me.session.execute(intent) == CommandFailure(FailureReason.UNSUPPORTED)
    await post(pbx, flow.steps[2:])
    await me.until(lambda s: not s.calls)
    gone = removed(me, call.cid)
    assert gone is not None and gone.call.result is EndResult.ANSWERED
    assert gone.call.outcome is not None and gone.call.outcome.code == "200"


async def test_only_my_calls_reach_my_toolbar(toolbar: Any, pbx: FakePbx) -> None:
    me, her = await toolbar("webhook", "operator"), await toolbar("webhook", "colleague")
    hers = FlowFactory(seed=2).incoming([HER], answered_by=0, caller=CALLER)
    assert (await pbx.run_flow(hers)).all_ok
    ours = FlowFactory(seed=3).incoming([HER, ME], answered_by=None, caller="9161234567")
    await post(pbx, ours.steps[:2])
    await me.until(lambda s: s.calls)
    await her.until(lambda s: f"wh:{ours.session_id}" in s.calls)
    assert set(me.state.calls) == {f"wh:{ours.session_id}"}  # never the colleague's own call
    assert not [t for t in me.of(CallAppeared) if t.call.cid == f"wh:{hers.session_id}"]
    assert [t for t in her.of(CallAppeared) if t.call.cid == f"wh:{hers.session_id}"]


async def test_a_colleague_answers_it_ends_here_as_answered_elsewhere(
    toolbar: Any, pbx: FakePbx
) -> None:
    me, her = await toolbar("webhook", "operator"), await toolbar("webhook", "colleague")
    flow = FlowFactory(seed=4).incoming([ME, HER], answered_by=1, caller=CALLER)
    cid = f"wh:{flow.session_id}"
    await post(pbx, flow.steps[:2])
    await me.until(lambda s: cid in s.calls and s.calls[cid].ringing)
    await her.until(lambda s: cid in s.calls)
    await post(pbx, flow.steps[2:3])  # ChangeIncCall to the colleague
    await me.until(lambda s: cid not in s.calls)
    gone = removed(me, cid)
    assert gone is not None and gone.call.result is EndResult.ANSWERED_ELSEWHERE
    assert not gone.missed  # not a missed call: no tray alarm
    state = await her.until(lambda s: cid in s.calls and s.calls[cid].state is CallState.CONNECTED)
    assert state.calls[cid].number == CALLER


async def test_nobody_answers_it_is_missed_by_me(toolbar: Any, pbx: FakePbx) -> None:
    me = await toolbar("webhook", "operator")
    flow = FlowFactory(seed=5).incoming([ME, HER], answered_by=None, caller=CALLER)
    assert (await pbx.run_flow(flow)).all_ok
    cid = f"wh:{flow.session_id}"
    await me.until(lambda s: removed(me, cid) is not None)
    gone = removed(me, cid)
    assert gone is not None and gone.missed and gone.call.result is EndResult.MISSED


async def test_an_outgoing_call_is_dialling_then_busy(toolbar: Any, pbx: FakePbx) -> None:
    me = await toolbar("webhook", "operator")
    flow = FlowFactory(seed=6).outgoing(ME, "84951234567", code="486")
    cid = f"wh:{flow.session_id}"
    await post(pbx, flow.steps[:1])
    state = await me.until(lambda s: cid in s.calls)
    assert state.calls[cid].direction is Direction.OUT
    await post(pbx, flow.steps[1:])
    await me.until(lambda s: removed(me, cid) is not None)
    gone = removed(me, cid)
    assert gone is not None and gone.call.result is EndResult.BUSY
    assert gone.call.outcome is not None and gone.call.outcome.code == "486"


async def test_the_snapshot_after_a_reconnect_keeps_live_cards_and_ends_lost_ones(
    toolbar: Any, pbx: FakePbx, demo: GatewayDemo
) -> None:
    me = await toolbar("webhook", "operator")
    live = FlowFactory(seed=7).incoming([ME], answered_by=0, caller=CALLER)
    done = FlowFactory(seed=8).incoming([ME], answered_by=0, caller="9161234567")
    await post(pbx, live.steps[:2])
    await post(pbx, done.steps[:2])
    await me.until(lambda s: len(s.calls) == 2)
    await me.session.backend.stop()  # the toolbar is away …
    await asyncio.wait_for(me.task, 10)
    await post(pbx, done.steps[2:])  # … while one call ends
    await post(pbx, live.steps[2:3])  # and the other is answered
    me.task = asyncio.ensure_future(me.session.backend.run())
    state = await me.until(
        lambda s: s.connection.up and len(s.calls) == 1 and f"wh:{live.session_id}" in s.calls
    )
    assert state.calls[f"wh:{live.session_id}"].state is CallState.CONNECTED
    lost = removed(me, f"wh:{done.session_id}")
    assert lost is not None and lost.vanished and lost.call.result is EndResult.UNKNOWN


async def test_a_dropped_channel_reconnects_by_itself(
    toolbar: Any, pbx: FakePbx, demo: GatewayDemo
) -> None:
    me = await toolbar("webhook", "operator")
    flow = FlowFactory(seed=9).incoming([ME], answered_by=0, caller=CALLER)
    await post(pbx, flow.steps[:2])
    await me.until(lambda s: s.calls)
    demo.gateway.core.hub.close_all()
    await me.until(lambda s: s.connection.state is LinkState.RECONNECTING)
    await me.until(lambda s: s.connection.up, timeout=20)
    assert f"wh:{flow.session_id}" in me.state.calls  # the snapshot brought it back
    await post(pbx, flow.steps[2:])
    await me.until(lambda s: not s.calls)


async def test_a_gateway_restart_reconnects_and_its_snapshot_is_the_truth(
    toolbar: Any, pbx: FakePbx, demo: GatewayDemo
) -> None:
    me = await toolbar("webhook", "operator")
    flow = FlowFactory(seed=10).incoming([ME], answered_by=None, caller=CALLER)
    await post(pbx, flow.steps[:2])
    await me.until(lambda s: s.calls)
    port = demo.gateway.port
    await demo.gateway.stop()
    await me.until(lambda s: not s.connection.up)
    demo.gateway = Gateway(dataclasses.replace(demo.config, port=port))
    await demo.gateway.start()
    # the new instance remembers nothing: the card leaves as "unknown", not as missed
    await me.until(lambda s: s.connection.up and not s.calls, timeout=30)
    lost = removed(me, f"wh:{flow.session_id}")
    assert lost is not None and lost.vanished and lost.call.result is EndResult.UNKNOWN
    again = FlowFactory(seed=11).incoming([ME], answered_by=0, caller=CALLER)
    async with FakePbx(demo.gateway.webhook_url) as fresh:
        await post(fresh, again.steps[:2])
    await me.until(lambda s: f"wh:{again.session_id}" in s.calls)


async def test_a_refused_token_is_bad_credentials_and_not_retried(toolbar: Any) -> None:
    me = await toolbar("webhook", "operator", token="not-the-token-0123456789", wait=False)
    state = await me.until(lambda s: s.connection.state is LinkState.FAILED)
    assert state.connection.problem is Problem.BAD_CREDENTIALS
    await asyncio.sleep(0.3)
    assert me.state.connection.state is LinkState.FAILED  # waits for the operator
    assert me.session.backend.delays == []  # no reconnection attempt
