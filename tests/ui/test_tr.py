"""Placeholders are filled in one pass: a value containing ``%2`` is never rewritten."""

from __future__ import annotations

from agent_toolbar.ui.common.tr import fill, translated


def test_a_caller_name_with_a_placeholder_is_not_corrupted() -> None:
    assert fill("%1 calls from %2", "Sale 100%2 off", "+7916") == "Sale 100%2 off calls from +7916"
    chained = "%1 calls from %2".replace("%1", "Sale 100%2 off").replace("%2", "+7916")
    assert chained != fill("%1 calls from %2", "Sale 100%2 off", "+7916")  # the old bug


def test_order_missing_and_extra_placeholders() -> None:
    assert fill("%2 before %1", "a", "b") == "b before a"
    assert fill("%1 and %3", "x") == "x and %3"
    assert fill("no placeholders") == "no placeholders"
    assert translated("Nowhere", "%1%%1", "v") == "v%v"


def test_a_texts_value_with_a_placeholder_reaches_the_operator_intact() -> None:
    from agent_toolbar.cti.model import DisplayKind, DisplayState
    from agent_toolbar.cti.outcomes import CommandFailure, FailureReason
    from agent_toolbar.ui.common import texts

    refused = CommandFailure(FailureReason.PARSE_ERROR, "field %1 of %2", code="400")
    assert texts.command_failure_text(refused) == (
        "the phone system could not read the command: 400 field %1 of %2"
    )
    away = DisplayState(DisplayKind.AWAY, reason="100%2 off")
    assert texts.state_label(away) == "Not ready — 100%2 off"
