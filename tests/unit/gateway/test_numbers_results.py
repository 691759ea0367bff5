"""Number normalisation and masking; vendor result codes into categories and words."""

from __future__ import annotations

import pytest

from agent_toolbar.gateway.numbers import mask, normalize
from agent_toolbar.gateway.results import end_call_result, pbx_result, transfer_result


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("80052002651", "0052002651"),  # the specification: AttemptIncCallBegin
        ("0052002651", "0052002651"),  # the specification: EndIncCall, the same employee
        ("800774994086005", "00774994086005"),  # the specification: ChangeIncCall
        ("84950665310", "4950665310"),  # the specification: Redirecting vs CityNumber
        ("4950665310", "4950665310"),
        ("+7 (495) 066-53-10", "4950665310"),
        ("+74950665310", "4950665310"),
        ("8 495 066 53 10", "4950665310"),
        ("88001234567", "8001234567"),  # 8-800 toll free: one prefix only
        ("8001234567", "8001234567"),
        ("2651", "2651"),
        (9582412128, "9582412128"),
        ("", ""),
        (None, ""),
        (True, ""),
        ({"a": 1}, ""),
    ],
)
def test_normalize(raw: object, normal: str) -> None:
    assert normalize(raw) == normal


def test_mask_keeps_the_last_four() -> None:
    assert mask("9582412128") == "***2128"
    assert mask("123") == "***"
    assert mask("") == ""


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("200", "completed"),
        (200, "completed"),
        ("304", "missed"),
        ("603", "rejected"),
        ("603-S", "cancelled"),
        ("603-s", "cancelled"),
        ("403", "forbidden"),
        ("404", "invalid_number"),
        ("486", "busy"),
        ("484", "unavailable"),
        ("503", "unavailable"),
        ("480", "unavailable"),
        ("402", "insufficient_funds"),
        ("423", "blocked"),
        ("999", "failed"),
        (" 486 ", "busy"),
    ],
)
def test_pbx_result_codes(code: object, category: str) -> None:
    result = pbx_result(code)
    assert result is not None and result["category"] == category
    assert result["text"]


def test_no_pbx_result() -> None:
    assert pbx_result(None) is None and pbx_result("") is None


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("1280", "connected"),
        (1284, "no_answer"),
        ("1289", "busy"),
        ("486", "busy"),
        ("487", "cancelled"),
        ("499", "failed"),
        ("3021", "failed"),
    ],
)
def test_transfer_results(code: object, category: str) -> None:
    result = transfer_result(code)
    assert result is not None and result["category"] == category and result["code"] == str(code)


@pytest.mark.parametrize(
    ("code", "category"),
    [
        (None, "ended"),
        ("0", "ended"),
        (1, "caller_hung_up"),
        ("2", "callee_hung_up"),
        ("3", "caller_abandoned"),
        ("4", "no_destination"),
        ("9", "ended"),
    ],
)
def test_end_call_results(code: object, category: str) -> None:
    assert end_call_result(code)["category"] == category
