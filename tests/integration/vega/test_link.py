"""Vega connections over real sockets: reconnects, garbage, oversize frames, TLS and auth."""

from __future__ import annotations

import base64

import pytest
from websockets.exceptions import InvalidStatus

from agent_toolbar.backends.vega.frames import RejectReason
from agent_toolbar.backends.vega.link import (
    FailureKind,
    LinkConfig,
    describe_failure,
    open_link,
)
from agent_toolbar.backends.vega.tracker import CallChanged, CallEnded, EndReason, PopUrl
from agent_toolbar.simulators.vega.scenarios import SimTimings
from agent_toolbar.simulators.vega.server import SimAuth, VegaSimulator

from .conftest import Certificate, Listen, Listener

pytestmark = pytest.mark.asyncio


async def reconnect(sim: VegaSimulator, us: Listener) -> None:
    await sim.drop_all_connections()
    await us.closed.wait()
    await us.connect()


async def test_a_call_pops_once_across_reconnects(sim: VegaSimulator, listen: Listen) -> None:
    us = await listen(sim)
    parent, child = sim.group_call("101")
    await us.wait_for(lambda: bool(us.of(PopUrl)))
    await reconnect(sim, us)
    sim.bridge(child)  # the PBX goes on with the call; its frames carry the CRM url again
    await us.wait_for(lambda: len(us.of(CallChanged)) >= 2)
    await reconnect(sim, us)
    sim.hangup(child)
    await us.wait_for(lambda: bool(us.of(CallEnded)))
    assert [pop.key for pop in us.of(PopUrl)] == [parent] and us.links == 3
    assert us.of(CallEnded)[0].call.end_reason is EndReason.ANSWERED


async def test_a_call_answered_before_a_reconnect_keeps_its_true_answer_time(
    sim: VegaSimulator, listen: Listen
) -> None:
    us = await listen(sim)
    sim.set_clock_offset(-600_000)
    uuid = sim.incoming_call("101")
    sim.bridge(uuid)
    await us.wait_for(lambda: bool(us.tracker.calls) and us.tracker.calls[0].bridge_at is not None)
    answered = us.tracker.calls[0].bridge_at
    await reconnect(sim, us)
    sim.hangup(uuid)
    await us.wait_for(lambda: bool(us.of(CallEnded)))
    call = us.of(CallEnded)[0].call
    assert call.bridge_at is not None and answered is not None
    assert abs(call.bridge_at - answered) < 0.5  # the same moment, not the reconnect's


async def test_calls_silent_after_a_reconnect_expire(sim: VegaSimulator, listen: Listen) -> None:
    clock = [1000.0]
    us = await listen(sim, expire_after=30, monotonic=lambda: clock[0])
    lost = sim.incoming_call("101")
    alive = sim.incoming_call("101", customer=1)
    await us.wait_for(lambda: len(us.tracker.calls) == 2)
    await sim.drop_all_connections()
    await us.closed.wait()
    sim.hangup(lost)  # while we are away: this hangup is never seen
    await us.connect()
    sim.bridge(alive)  # heard of again after the reconnect
    await us.wait_for(lambda: us.tracker.calls[1].bridge_at is not None)
    clock[0] += 29
    us.stream.expire_now()
    assert us.of(CallEnded) == []
    clock[0] += 1
    us.stream.expire_now()
    (expired,) = us.of(CallEnded)
    assert expired.call.uuid == lost and expired.call.end_reason is EndReason.EXPIRED
    assert [call.uuid for call in us.tracker.calls] == [alive]


async def test_garbage_is_survived_and_the_next_good_event_makes_a_card(
    sim: VegaSimulator, listen: Listen
) -> None:
    us = await listen(sim)
    sim.send_raw("{not json")
    sim.send_raw("[1, 2]")
    sim.send_raw('{"event": "call.transfer", "uuid": "x"}')
    sim.send_raw('{"event": "call.dial", "lgDirection": 4, "leg": {"type": 1, "ext": "101"}}')
    sim.send_raw('{"event": "call.dial", "uuid": 7, "lgDirection": 4}')
    sim.send_raw('{"event": "call.dial", "uuid": "u", "lgDirection": 4, "leg": "101"}')
    sim.send_raw(b"\x00\x01binary")
    uuid = sim.incoming_call("101")
    await us.wait_for(lambda: bool(us.of(CallChanged)))
    assert [r.reason for r in us.rejected] == [
        RejectReason.INVALID_JSON,
        RejectReason.NOT_OBJECT,
        RejectReason.UNKNOWN_EVENT,
        RejectReason.MISSING_UUID,
        RejectReason.WRONG_TYPE,
        RejectReason.WRONG_TYPE,
        RejectReason.BINARY,
    ]
    assert us.of(CallChanged)[0].call.key == uuid and not us.closed.is_set()


async def test_an_oversize_frame_closes_the_link_and_the_next_one_works(
    sim: VegaSimulator, listen: Listen
) -> None:
    us = await listen(sim, max_frame=4096)
    sim.send_raw('{"event": "error", "message": "' + "x" * 10_000 + '"}')
    await us.closed.wait()
    assert us.close_codes == [1009]  # message too big: we closed it
    await us.connect()
    uuid = sim.incoming_call("101")
    await us.wait_for(lambda: bool(us.of(CallChanged)))
    assert us.of(CallChanged)[0].call.key == uuid


async def test_refused_handshakes_are_reported_then_pass(sim: VegaSimulator) -> None:
    sim.refuse_connections(30)
    with pytest.raises(InvalidStatus) as caught:
        await open_link(LinkConfig(sim.url))
    failure = describe_failure(caught.value)
    assert (failure.kind, failure.status, failure.retry) == (FailureKind.REFUSED, 503, True)
    sim.refuse_connections(0)
    ws = await open_link(LinkConfig(sim.url))
    await ws.close()


def basic(user: str, secret: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@pytest.mark.parametrize(
    ("auth", "good", "bad"),
    [
        (SimAuth("basic", "s3cret", "toolbar"), basic("toolbar", "s3cret"), basic("toolbar", "x")),
        (
            SimAuth("bearer", "t0ken"),
            {"Authorization": "Bearer t0ken"},
            {"Authorization": "Bearer"},
        ),
    ],
)
async def test_handshake_authentication(
    listen: Listen, auth: SimAuth, good: dict[str, str], bad: dict[str, str]
) -> None:
    async with VegaSimulator(auth=auth, timings=SimTimings.fast()) as sim:
        for headers in ({}, bad):
            with pytest.raises(InvalidStatus) as caught:
                await open_link(LinkConfig(sim.url, headers=headers))
            failure = describe_failure(caught.value)
            assert (failure.kind, failure.status, failure.retry) == (FailureKind.AUTH, 401, False)
            assert caught.value.response.headers["WWW-Authenticate"].lower().startswith(auth.scheme)
        assert sim.connections == 0
        us = await listen(sim, headers=good)
        uuid = sim.incoming_call("101")
        await us.wait_for(lambda: bool(us.of(CallChanged)))
        assert us.of(CallChanged)[0].call.key == uuid


async def test_wss_with_a_trusted_certificate(listen: Listen, certificate: Certificate) -> None:
    context = certificate.server_context()
    async with VegaSimulator(ssl_context=context, timings=SimTimings.fast()) as sim:
        assert sim.url.startswith("wss://127.0.0.1:")
        us = await listen(sim, ca_file=certificate.cert)
        parent, _child = sim.group_call("101")
        await us.wait_for(lambda: bool(us.of(PopUrl)))
        assert us.of(PopUrl)[0].key == parent


async def test_wss_refuses_an_unknown_certificate(certificate: Certificate) -> None:
    async with VegaSimulator(ssl_context=certificate.server_context()) as sim:
        with pytest.raises(Exception) as caught:
            await open_link(LinkConfig(sim.url))  # only the system's CAs: not ours
        failure = describe_failure(caught.value)
        assert failure.kind is FailureKind.TLS and not sim.connections


async def test_a_bad_address_is_a_configuration_failure() -> None:
    with pytest.raises(Exception) as caught:
        await open_link(LinkConfig("http://127.0.0.1:1/"))
    assert describe_failure(caught.value).kind is FailureKind.CONFIG
