"""The gateway's views and statuses as domain values (pure functions, no sockets)."""

from __future__ import annotations

from typing import Any

import pytest

from agent_toolbar.backends.gateway.instructions import instruction_for, stage_of
from agent_toolbar.backends.gateway.mapping import call_info, outcome, parse_time
from agent_toolbar.backends.gateway.spec import SPECS, capabilities_for
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.capabilities import Feature, RefusalKind
from agent_toolbar.cti.model import CallState, Direction, TransferKind
from agent_toolbar.cti.outcomes import CommandError, EndResult, FailureReason, IntentStage


def card(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "as:9007199254740993",
        "system": "autosecretary",
        "direction": "incoming",
        "state": "ended",
        "caller": "9582412128",
        "called": "",
        "project": "4950665310",
        "started_at": "2026-12-04T10:00:00+03:00",
        "answered_at": None,
        "ended_at": "2026-12-04T10:01:00+03:00",
        "missed": False,
        "result": None,
        "params": {"CallID": "9007199254740993", "AN": "79582412128", "UN": "74950665310"},
    }
    base.update(fields)
    return base


def result(category: str, code: str = "") -> dict[str, str]:
    return {"category": category, "code": code, "text": "t", "vendor_text": "v"}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"missed": True, "result": result("cancelled", "603-S")}, EndResult.MISSED),
        ({"result": result("answered_elsewhere")}, EndResult.ANSWERED_ELSEWHERE),
        ({"answered_at": "2026-12-04T10:00:10+03:00", "result": result("caller_hung_up", "1")},
         EndResult.ANSWERED),
        ({"result": result("caller_abandoned", "3")}, EndResult.MISSED),
        ({"direction": "outgoing", "result": result("caller_hung_up", "1")}, EndResult.CANCELLED),
        ({"direction": "outgoing", "result": result("busy", "486")}, EndResult.BUSY),
        ({"direction": "outgoing", "result": result("completed", "200")}, EndResult.ANSWERED),
        ({"result": result("no_destination", "4")}, EndResult.FAILED),
        ({"result": result("insufficient_funds", "402")}, EndResult.FAILED),
        ({"result": None}, EndResult.UNKNOWN),  # ended without a word: not guessed
    ],
)  # fmt: skip
def test_end_results_in_neutral_words_keep_the_vendor_code(
    fields: dict[str, Any], expected: EndResult
) -> None:
    got = outcome(card(**fields))
    assert got.result is expected
    assert got.code == ((fields.get("result") or {}).get("code") or "")


def test_a_card_keeps_the_vendor_fields_and_the_far_party_as_sent() -> None:
    info = call_info(card(state="connected", answered_at="2026-12-04T10:00:10+03:00"))
    assert info.cid == "as:9007199254740993" and info.state is CallState.CONNECTED
    assert info.direction is Direction.IN and info.outcome is None
    assert info.params is not None
    assert info.params["CallID"] == "9007199254740993" and info.params["caller"] == "79582412128"
    assert info.params["project"] == "4950665310" and info.params["system"] == "autosecretary"
    assert info.answered_at == parse_time("2026-12-04T07:00:10+00:00")


def test_times_without_an_offset_are_local_and_bad_ones_are_left_out() -> None:
    assert parse_time("2021-01-28T14:15:22") is not None
    assert parse_time("28.01.2021") is None and parse_time(None) is None


@pytest.mark.parametrize(
    ("target", "record", "expected"),
    [
        ("+7 (495) 123-45-67", False, ("TransferDN", "74951234567")),
        ("74951234567", True, ("TransferDNRec", "74951234567")),
        ("2651", True, ("TransferEXT", "2651")),
        ("PBX1234", False, ("TransferPBX", "PBX1234")),
        ("РВХ1234", True, ("TransferPBXRec", "PBX1234")),
    ],
)
def test_transfer_targets_pick_the_action(
    target: str, record: bool, expected: tuple[str, str]
) -> None:
    intent = it.TransferCall("as:1", TransferKind.CONSULTATION, target)
    assert instruction_for(intent, record=record, prompt="") == expected


def test_other_intents_and_refusals() -> None:
    assert instruction_for(it.BreakTransfer("as:1"), record=False, prompt="") == (
        "BackFromConsultCall",
        "",
    )
    assert instruction_for(it.Hangup("as:1"), record=False, prompt="") == ("Hangup", "")
    assert instruction_for(it.PlayAnnouncement("as:1"), record=False, prompt="hello") == (
        "PlayPromptAndBack",
        "hello",
    )
    with pytest.raises(CommandError) as bad:
        instruction_for(
            it.TransferCall("as:1", TransferKind.CONSULTATION, "sales"), record=False, prompt=""
        )
    assert bad.value.failure.reason is FailureReason.INVALID
    with pytest.raises(CommandError) as blind:
        instruction_for(
            it.TransferCall("as:1", TransferKind.BLIND, "2651"), record=False, prompt=""
        )
    assert blind.value.failure.reason is FailureReason.UNSUPPORTED


def test_statuses_are_stages() -> None:
    assert stage_of("queued") is None
    assert stage_of("delivered") == (IntentStage.CONFIRMED, None)
    assert stage_of("result") == (IntentStage.CONFIRMED, None)
    expired = stage_of("expired", "call_ended")
    assert expired is not None and expired[0] is IntentStage.EXPIRED
    rejected = stage_of("rejected", "not_possible_now")
    assert rejected is not None and rejected[1] is not None
    assert (rejected[1].reason, rejected[1].detail) == (FailureReason.ERROR, "not_possible_now")
    bad = stage_of("rejected", "bad_param")
    assert bad is not None and bad[1] is not None and bad[1].reason is FailureReason.INVALID


def test_capabilities_of_both_systems() -> None:
    assert [s.name for s in SPECS] == ["webhook", "autosecretary"]
    webhook = capabilities_for("webhook")
    assert not webhook.features and not webhook.wrapup
    for feature in Feature:
        refusal = webhook.refusal(feature)
        assert refusal is not None and refusal.kind is RefusalKind.EVENTS_ONLY
    plain = capabilities_for("autosecretary")
    assert plain.features == {Feature.TRANSFER_CONSULTATION, Feature.BREAK_TRANSFER, Feature.HANGUP}
    refusal = plain.refusal(Feature.PLAY_ANNOUNCEMENT)
    assert refusal is not None and refusal.kind is RefusalKind.NOT_CONFIGURED
    assert capabilities_for("autosecretary", "hello").has(Feature.PLAY_ANNOUNCEMENT)
    assert plain.state_read_only and plain.state_choices == ()
