"""Call records, the store's publishing, the hub's bounds and the instruction queue, in memory."""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any

import pytest

from agent_toolbar.gateway.autosecretary import AutosecretaryCall, EventError, parse
from agent_toolbar.gateway.config import Operator
from agent_toolbar.gateway.hub import Hub
from agent_toolbar.gateway.instructions import Instructions, Pending, RefusedError, check_param
from agent_toolbar.gateway.metrics import Metrics
from agent_toolbar.gateway.store import STALE_SECONDS, Router, Store
from agent_toolbar.gateway.webhook import HookError, WebhookCall
from agent_toolbar.gateway.webhook import parse as parse_hook

ROUTER = Router([Operator.of("a", "0052002651", "2651"), Operator.of("b", "0052002642")])


def hook(kind: str, **fields: Any) -> dict[str, str]:
    return parse_hook({"SessionID": "s", "HookType": kind, **fields})


def test_store_publishes_only_changes() -> None:
    sent: list[tuple[str, str, str]] = []
    store = Store(
        ROUTER, lambda login, event, text: sent.append((login, event, json.loads(text)["state"]))
    )
    record = WebhookCall("s")
    store.add(record)
    for body in (
        hook("AttemptIncCallBegin", Called="80052002651"),
        hook("AttemptIncCallBegin", Called="80052002642"),
        hook("CreateIncCall", Called="4950665310"),
    ):
        record.apply(body)
        store.changed(record)
    assert sent[:2] == [
        ("a", "AttemptIncCallBegin", "ringing"),
        ("b", "AttemptIncCallBegin", "ringing"),
    ]
    # CreateIncCall adds params (and StartTime would change the card) -> both updated, still ringing
    assert all(state == "ringing" for _, _, state in sent)
    count = len(sent)
    assert not record.apply(hook("CreateIncCall", Called="4950665310"))  # duplicate
    store.changed(record)
    assert len(sent) == count
    assert [c["id"] for c in store.active("a")] == ["wh:s"]


def test_store_forgets_ended_calls_after_retention_and_bounds_the_count() -> None:
    now = itertools.count(0, 1000)
    store = Store(
        ROUTER, lambda *a: None, retention=10, max_calls=3, clock=lambda: float(next(now))
    )
    for i in range(5):
        record = WebhookCall(f"s{i}")
        store.add(record)
    assert list(store.records) == ["wh:s2", "wh:s3", "wh:s4"]  # none ended: the oldest go
    ended = WebhookCall("e")
    ended.apply(parse_hook({"SessionID": "e", "HookType": "EndIncCall"}))
    store.add(ended)  # full: the oldest (s2) goes
    store.changed(ended)
    assert list(store.records) == ["wh:s3", "wh:s4", "wh:e"]
    store.add(WebhookCall("f"))  # full again: the ended one goes first
    assert list(store.records) == ["wh:s3", "wh:s4", "wh:f"]
    late = WebhookCall("g")
    late.apply(parse_hook({"SessionID": "g", "HookType": "EndIncCall"}))
    late.ended_at = -100.0  # ended long ago
    store.records.pop("wh:s3")
    store.add(late)
    store.changed(late)
    store.sweep()
    assert store.get("wh:g") is None and store.get("wh:f") is not None


def test_hook_parse_reads_numbers_as_text_and_drops_unknown_fields() -> None:
    body = parse_hook(
        {
            "SessionID": "x",
            "HookType": "EndIncCall",
            "Duration": 26,
            "ResultCode": 200,
            "Unknown": "y",
            "Caller": None,
        }
    )
    assert body == {
        "SessionID": "x",
        "HookType": "EndIncCall",
        "Duration": "26",
        "ResultCode": "200",
    }
    with pytest.raises(HookError):
        parse_hook([])
    assert parse_hook({"SessionID": 55, "HookType": "EndIncCall"})["SessionID"] == "55"


def test_crmddata_parse() -> None:
    event = parse(
        {
            "CRMDData": {
                "CallID": "9007199254740993",
                "EventType": "9",
                "ServiceType": 1,
                "Result": 1280,
                "DTMF": 5,
            }
        }
    )
    assert event["CallID"] == 9007199254740993 and event["EventType"] == 9
    assert event["Result"] == "1280" and event["DTMF"] == "5"
    assert parse({"CallID": 1, "EventType": 1})["ServiceType"] == 1  # missing: the default service
    with pytest.raises(EventError):
        parse({"CallID": 1, "EventType": 0})


def test_autosecretary_legs_follow_the_call() -> None:
    call = AutosecretaryCall(7)

    def apply(kind: int, **fields: Any) -> None:
        call.apply(parse({"CallID": 7, "EventType": kind, "ServiceType": 1, **fields}), ROUTER)

    apply(1, AN="79582412128")
    assert call.legs == {}
    apply(10, EXT1="2651")
    assert call.legs["a"].state == "ringing"
    apply(11, EXT1="2651", Result="1280")
    assert call.legs["a"].state == "connected"
    apply(8, DN1="0052002642")  # a consultation to b
    assert call.legs["b"].state == "ringing" and call.legs["a"].transfer is not None
    apply(9, DN1="0052002642", Result="1284")
    assert call.legs["b"].state == "ended" and call.legs["b"].missed
    assert call.legs["a"].transfer["result"]["category"] == "no_answer"  # type: ignore[index]
    apply(15, Result="2")
    assert call.legs["a"].state == "ended" and call.legs["a"].result["category"] == "callee_hung_up"  # type: ignore[index]
    assert call.views(ROUTER)["a"]["actions"] == []


@pytest.mark.parametrize(
    ("action", "param", "service", "ok"),
    [
        ("TransferDN", "+7 495 765-43-21", 1, "74957654321"),
        ("TransferDN", "123", 1, None),
        ("TransferEXT", "2651", 1, "2651"),
        ("TransferEXT", "265", 1, None),
        ("TransferPBX", "PBX495_1.a-b", 1, "PBX495_1.a-b"),
        ("TransferPBX", "РВХ123", 1, "PBX123"),
        ("TransferPBX", "4950665310U0042", 1, None),
        ("TransferPBX", "4950665310U0042", 2, "4950665310U0042"),
        ("TransferPBX", "800049506653101", 2, "800049506653101"),
        ("PlayPrompt", "hello_1", 1, "hello_1"),
        ("PlayPrompt", "a/b", 1, None),
        ("PlayPrompt", "", 1, None),
        ("Hangup", "ignored", 1, ""),
        ("BackFromConsultCall", "", 2, ""),
    ],
)
def test_params(action: str, param: str, service: int, ok: str | None) -> None:
    if ok is None:
        with pytest.raises(RefusedError):
            check_param(action, param, service)
    else:
        assert check_param(action, param, service) == ok


def test_queued_instructions_expire_after_the_ttl() -> None:
    seen: list[tuple[str, str]] = []
    queue = Instructions(lambda p: seen.append((p.id, p.status)), ttl=10)
    call = AutosecretaryCall(3)
    call.apply(parse({"CallID": 3, "EventType": 9, "DN1": "0052002651", "Result": "1280"}), ROUTER)
    pending = queue.submit("a", "r", call, "PlayPrompt", "x")
    queue.sweep(now=pending.created + 5)
    assert pending.status == "queued"
    queue.sweep(now=pending.created + 11)
    assert pending.status == "expired" and pending.reason == "not_collected"
    assert queue.take(call, event_type=None) is None
    assert seen == [("i1", "queued"), ("i1", "expired")]


def test_at_most_four_queued_per_call() -> None:
    queue = Instructions(lambda p: None)
    call = AutosecretaryCall(4)
    call.apply(parse({"CallID": 4, "EventType": 9, "DN1": "0052002651", "Result": "1280"}), ROUTER)
    for i in range(4):
        queue.submit("a", str(i), call, "PlayPrompt", "x")
    with pytest.raises(RefusedError, match="at most"):
        queue.submit("a", "5", call, "PlayPrompt", "x")


@pytest.mark.asyncio
async def test_hub_drops_a_slow_toolbar_and_replaces_the_oldest() -> None:
    metrics = Metrics()
    closed: list[tuple[str, int]] = []
    hub = Hub(metrics, queue_size=2, max_per_login=2, max_total=3)
    first = hub.attach("a", lambda code, why: closed.append(("first", code)))
    second = hub.attach("a", lambda code, why: closed.append(("second", code)))
    third = hub.attach("a", lambda code, why: closed.append(("third", code)))
    assert closed == [("first", 4009)] and hub.count == 2
    hub.publish("a", "1")
    hub.publish("a", "2")
    second.queue.get_nowait()
    second.queue.get_nowait()
    hub.publish("a", "3")  # third's queue is full: dropped; second takes it
    assert ("third", 4008) in closed and hub.count == 1
    assert second.queue.get_nowait() == "3"
    assert metrics.value("toolbars_dropped_total", "slow") == 1
    hub.attach("b", lambda c, w: None)
    hub.attach("c", lambda c, w: None)
    assert hub.full()
    assert first.dropped and third.dropped and not second.dropped
    await asyncio.sleep(0)


def test_pending_wire_shape() -> None:
    pending = Pending("i9", "r", "a", "as:1", 1, "TransferEXT", "2651")
    assert pending.wire() == {
        "id": "i9",
        "ref": "r",
        "call": "as:1",
        "action": "TransferEXT",
        "code": 2,
        "param": "2651",
        "status": "queued",
        "reason": "",
        "channel": "",
        "result": None,
    }


def test_a_call_without_news_is_closed_on_the_cards_and_forgotten() -> None:
    now = [0.0]
    sent: list[tuple[str, str, str]] = []
    store = Store(
        ROUTER,
        lambda login, event, text: sent.append((login, event, json.loads(text)["state"])),
        clock=lambda: now[0],
    )
    record = WebhookCall("lost")
    store.add(record)
    record.apply(
        parse_hook(
            {"SessionID": "lost", "HookType": "AttemptIncCallBegin", "Called": "80052002651"}
        )
    )
    store.changed(record)
    now[0] = STALE_SECONDS - 1
    store.sweep()
    assert store.get("wh:lost") is not None
    now[0] = STALE_SECONDS + 1
    store.sweep()
    assert sent[-1] == ("a", "NoMoreEvents", "ended")
    assert store.get("wh:lost") is None and store.active("a") == []


def test_an_operator_rung_on_two_numbers_rings_until_both_stop() -> None:
    router = Router([Operator.of("a", "0052002651, 0052002652")])
    call = WebhookCall("two")
    for number in ("80052002651", "80052002652"):
        call.apply(
            parse_hook({"SessionID": "two", "HookType": "AttemptIncCallBegin", "Called": number})
        )
    call.apply(
        parse_hook({"SessionID": "two", "HookType": "AttemptIncCallEnd", "Called": "80052002651"})
    )
    assert call.views(router)["a"]["state"] == "ringing"
    call.apply(
        parse_hook({"SessionID": "two", "HookType": "AttemptIncCallEnd", "Called": "80052002652"})
    )
    card = call.views(router)["a"]
    assert card["state"] == "ended" and card["missed"] is True
