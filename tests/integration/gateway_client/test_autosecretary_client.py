"""The ``autosecretary`` backend over real sockets: cards, and each instruction's stages."""

from __future__ import annotations

from typing import Any

import pytest

from agent_toolbar.cti import intents as it
from agent_toolbar.cti.capabilities import Feature
from agent_toolbar.cti.model import CallState, TransferKind, TransferPhase
from agent_toolbar.cti.outcomes import (
    Accepted,
    CommandFailure,
    EndResult,
    FailureReason,
    IntentStage,
    TransferFailure,
)
from agent_toolbar.cti.transitions import CallRemoved
from agent_toolbar.simulators.autosecretary import Action, EventType, FakePlatform, PlatformCall
from agent_toolbar.simulators.gateway_demo import OPERATOR, GatewayDemo

pytestmark = pytest.mark.asyncio

CALLER = "79582412128"
ELSEWHERE = "74951234567"


def cid_of(call: PlatformCall) -> str:
    return f"as:{call.call_id}"


def removed(tb: Any, cid: str) -> CallRemoved | None:
    return next((t for t in tb.of(CallRemoved) if t.call.cid == cid), None)


def acted(call: PlatformCall, action: Action) -> list[Any]:
    return [i for _where, i in call.record.instructions if i.action == action]


async def connected(tb: Any, platform: FakePlatform, **script: Any) -> PlatformCall:
    call = platform.start_call(an=CALLER, dn=(OPERATOR[2],), talk=None, **script)
    await call.connected()
    cid = cid_of(call)
    await tb.until(lambda s: cid in s.calls and s.calls[cid].state is CallState.CONNECTED)
    return call


async def test_a_call_rings_then_connects_with_the_platform_fields(
    toolbar: Any, platform: FakePlatform
) -> None:
    me = await toolbar("autosecretary", "operator")
    call = platform.start_call(
        an=CALLER, dn=(OPERATOR[2],), talk=None, hold_before=EventType.TRANSFER
    )
    await call.held()
    cid = cid_of(call)
    state = await me.until(lambda s: cid in s.calls)
    card = state.calls[cid]
    assert card.ringing and card.number == CALLER
    assert card.params["CallID"] == str(call.call_id)  # all digits of an int64 above 2^53
    assert card.params["AN"] == CALLER and card.params["UN"] == "74950665310"
    call.release()
    await me.until(lambda s: s.calls[cid].state is CallState.CONNECTED)
    call.caller_hangs_up()
    await call.ended()
    await me.until(lambda s: cid not in s.calls)
    gone = removed(me, cid)
    assert gone is not None and gone.call.result is EndResult.ANSWERED
    assert gone.call.outcome is not None and gone.call.outcome.code == "1"  # the caller


async def test_transfer_to_a_number_goes_through_its_stages_and_shows_its_result(
    toolbar: Any, platform: FakePlatform
) -> None:
    me = await toolbar("autosecretary", "operator")
    call = await connected(me, platform)
    cid = cid_of(call)
    call.set_transfer_results("1284")  # nobody answers at the consultation's number
    stages: list[IntentStage] = []
    me.session.subscribe(
        lambda _o, new, _c: (
            stages.append(new.commands[(cid, "transfer_call")].stage)
            if (cid, "transfer_call") in new.commands
            else None
        )
    )
    intent = it.TransferCall(cid, TransferKind.CONSULTATION, ELSEWHERE)
    assert await me.session.execute(intent) is None
    assert stages[:2] == [IntentStage.SENT, IntentStage.QUEUED]  # then CONFIRMED: gone
    state = await me.until(
        lambda s: (
            (cid, "transfer_call") not in s.commands
            and s.calls[cid].transfer is not None
            and s.calls[cid].transfer.phase is TransferPhase.FAILED
        )
    )
    transfer = state.calls[cid].transfer
    assert transfer is not None and transfer.failure is TransferFailure.NO_ANSWER
    assert transfer.code == "1284"
    assert state.calls[cid].error is None  # the instruction itself was CONFIRMED
    assert [i.param for i in acted(call, Action.TRANSFER_DN)] == [ELSEWHERE]  # exactly once
    call.caller_hangs_up()
    await call.ended()


async def test_a_short_number_and_a_pbx_number_pick_their_actions(
    toolbar: Any, platform: FakePlatform
) -> None:
    me = await toolbar("autosecretary", "operator", autosecretary__record_transfers=True)
    call = await connected(me, platform)
    cid = cid_of(call)
    await me.session.execute(it.TransferCall(cid, TransferKind.CONSULTATION, "PBX1234"))
    await me.until(lambda s: (cid, "transfer_call") not in s.commands)
    assert [i.param for i in acted(call, Action.TRANSFER_PBX_REC)] == ["PBX1234"]
    await me.until(
        lambda s: (
            s.calls[cid].transfer is not None
            and s.calls[cid].transfer.phase is TransferPhase.SUCCEEDED
        )
    )
    assert await me.session.execute(it.BreakTransfer(cid)) is None
    await me.until(lambda s: (cid, "break_transfer") not in s.commands)
    assert len(acted(call, Action.BACK_FROM_CONSULT_CALL)) == 1
    await me.until(
        lambda s: (
            s.calls[cid].transfer is not None
            and s.calls[cid].transfer.phase is TransferPhase.RETURNED
        )
    )
    await me.session.execute(it.TransferCall(cid, TransferKind.CONSULTATION, "4321"))
    await me.until(lambda s: (cid, "transfer_call") not in s.commands)
    assert [i.param for i in acted(call, Action.TRANSFER_EXT)] == ["4321"]
    call.caller_hangs_up()
    await call.ended()


async def test_end_call_hangs_up_at_the_platform(toolbar: Any, platform: FakePlatform) -> None:
    me = await toolbar("autosecretary", "operator")
    call = await connected(me, platform)
    cid = cid_of(call)
    assert await me.session.execute(it.Hangup(cid)) is None
    record = await call.ended()
    assert len(acted(call, Action.HANGUP)) == 1 and record.end is not None
    await me.until(lambda s: cid not in s.calls)
    gone = removed(me, cid)
    assert gone is not None and gone.call.result is EndResult.ANSWERED


async def test_a_refused_instruction_fails_with_the_gateways_reason(
    toolbar: Any, platform: FakePlatform
) -> None:
    me = await toolbar("autosecretary", "operator")
    call = await connected(me, platform)
    cid = cid_of(call)
    got = await me.session.execute(it.BreakTransfer(cid))  # no consultation to return from
    assert got is not None and got.reason is FailureReason.ERROR and got.detail
    bad = await me.session.execute(it.TransferCall(cid, TransferKind.CONSULTATION, "nobody"))
    assert bad == CommandFailure(FailureReason.INVALID, "nobody")
    assert not acted(call, Action.BACK_FROM_CONSULT_CALL)
    call.caller_hangs_up()
    await call.ended()


async def test_an_instruction_never_collected_expires_at_the_end_of_the_call(
    toolbar: Any, demo: GatewayDemo
) -> None:
    me = await toolbar("autosecretary", "operator")
    auth = demo.config.autosecretary
    assert auth is not None
    slow = FakePlatform(demo.gateway.crm_base_url, auth.user, auth.password, poll_interval=3600)
    try:
        assert (await slow.activate()).ok
        call = await connected(me, slow)
        cid = cid_of(call)
        accepted = await me.session.backend.execute(
            it.TransferCall(cid, TransferKind.CONSULTATION, ELSEWHERE)
        )
        assert accepted == Accepted(confirm_within=330.0, queued=True)
        call.caller_hangs_up()
        await call.ended()
        await me.until(lambda s: cid not in s.calls)
        assert not acted(call, Action.TRANSFER_DN)  # never delivered
    finally:
        await slow.close()


async def test_the_expired_stage_reaches_the_session(toolbar: Any, demo: GatewayDemo) -> None:
    me = await toolbar("autosecretary", "operator")
    auth = demo.config.autosecretary
    assert auth is not None
    seen: list[Any] = []
    me.session.backend.subscribe(seen.append)
    slow = FakePlatform(demo.gateway.crm_base_url, auth.user, auth.password, poll_interval=3600)
    try:
        assert (await slow.activate()).ok
        call = await connected(me, slow)
        cid = cid_of(call)
        assert await me.session.execute(it.Hangup(cid)) is None
        assert me.state.commands[(cid, "hangup")].stage is IntentStage.QUEUED
        call.caller_hangs_up()
        await call.ended()
        await me.until(lambda s: (cid, "hangup") not in s.commands)
        stages = [e.stage for e in seen if type(e).__name__ == "IntentProgressed"]
        assert stages == [IntentStage.EXPIRED]
    finally:
        await slow.close()


async def test_what_it_offers(toolbar: Any) -> None:
    me = await toolbar("autosecretary", "operator")
    caps = me.state.capabilities
    assert caps.has(Feature.TRANSFER_CONSULTATION) and caps.has(Feature.BREAK_TRANSFER)
    assert caps.has(Feature.HANGUP) and not caps.has(Feature.ANSWER)
    assert not caps.has(Feature.PLAY_ANNOUNCEMENT)  # no prompt configured
    prompt = await toolbar("autosecretary", "colleague", autosecretary__prompt="hold_music")
    assert prompt.state.capabilities.has(Feature.PLAY_ANNOUNCEMENT)


async def test_play_prompt_where_configured_plays_and_the_call_goes_on(
    toolbar: Any, platform: FakePlatform
) -> None:
    me = await toolbar("autosecretary", "operator", autosecretary__prompt="please_hold")
    call = await connected(me, platform)
    cid = cid_of(call)
    assert await me.session.execute(it.PlayAnnouncement(cid)) is None
    await me.until(lambda s: (cid, "play_announcement") not in s.commands)
    assert [i.param for i in acted(call, Action.PLAY_PROMPT_AND_BACK)] == ["please_hold"]
    assert me.state.calls[cid].state is CallState.CONNECTED and me.state.calls[cid].error is None
    call.caller_hangs_up()
    await call.ended()
