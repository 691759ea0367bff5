"""PMS requests (§3.58) built from typed input: the examples' shapes, field by field, and
every refusal with the field it names."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.backends.naumen.pms import (
    Interaction,
    PmsInputError,
    callback_request,
    disposition_request,
    interaction_path,
)
from agent_toolbar.cti.dispositions import Catalogue

ROOT = Path(__file__).resolve().parents[3]
SPEC = json.loads((ROOT / "tests/fixtures/naumen/spec_examples.json").read_text("utf-8"))


def spec_example(index: int) -> dict[str, Any]:
    """A concrete §3.58 example (1 = callback, 2 = disposition), the path's break repaired."""
    (entry,) = [e for e in SPEC["messages"] if e["section"] == "3.58"]
    text = entry["examples"][index]["text"]
    return dict(json.loads(text.replace("node_domain_\n0_", "node_domain_0_")))


def interaction_of(example: dict[str, Any]) -> Interaction:
    """The typed input the example was made from (project and session out of its path)."""
    _, _, _, _, project, _, session = example["path"].split("/")
    init = example["data"]["initData"]
    return Interaction(
        project_id=project,
        session_id=session,
        source=init["source"],
        destination=init["destination"],
        case_uuid=init["caseUuid"],
        case_id=init["caseId"],
        creation_date=init["creationDate"],
    )


def wire(message: m.Message) -> dict[str, Any]:
    frame = m.to_wire(message)
    return frame


def test_a_disposition_has_the_shape_of_example_2_exactly() -> None:
    example = spec_example(2)
    built = disposition_request(interaction_of(example), "CRR_DISCONNECT", run_as="epavlova")
    expected = {k: v for k, v in example.items() if k != "rid"}
    assert wire(built) == expected
    assert list(wire(built)["data"]["initData"]) == list(example["data"]["initData"])
    assert json.loads(m.encode(built)) == expected


def test_a_callback_has_the_shape_of_example_1_exactly() -> None:
    example = spec_example(1)
    adjourn = example["data"]["adjournAction"]
    when = datetime(2020, 11, 28, 16, 28, tzinfo=timezone(timedelta(hours=5)))
    built = callback_request(
        interaction_of(example),
        when=when,
        now=when - timedelta(hours=2),
        phone=adjourn["phone"],
        agent_login="evoronina",
        comment=adjourn["agentComment"],
        run_as="epavlova",
    )
    expected = {k: v for k, v in example.items() if k != "rid"}
    assert wire(built) == expected
    assert list(wire(built)["data"]["adjournAction"]) == list(adjourn)


def test_interaction_from_call_params() -> None:
    params = {
        "sessionId": "node_domain_0_nauss_0_1597273401_30",
        "ProjectId": "corebo00000000000nlostbh66tr416c",
        "caller": "9000",
        "called": "995559",
        "caseUuid": "ocpcas00000000000mpfjfnbm2po0kt8",
    }
    interaction = Interaction.from_params(params)
    built = disposition_request(interaction, "CRR_DISCONNECT", run_as="epavlova")
    assert wire(built) == {k: v for k, v in spec_example(2).items() if k != "rid"}
    other = Interaction.from_params({**params, "Proj": "corebo1234abcd"}, project_param="Proj")
    assert other.project_id == "corebo1234abcd"


@pytest.mark.parametrize(
    ("params", "field"),
    [({"sessionId": "s1"}, "project_id"), ({"ProjectId": "corebo12345678"}, "session_id")],
)
def test_interaction_needs_project_and_session(params: dict[str, str], field: str) -> None:
    with pytest.raises(PmsInputError) as caught:
        Interaction.from_params(params)
    assert (caught.value.field, caught.value.problem) == (field, "missing")


@pytest.mark.parametrize(
    ("project", "session", "field", "problem"),
    [
        ("", "s1", "project_id", "missing"),
        ("corebo/../x", "s1", "project_id", "format"),
        ("short", "s1", "project_id", "format"),
        ("corebo12345678", "", "session_id", "missing"),
        ("corebo12345678", "a/b", "session_id", "format"),
        ("corebo12345678", "a?b=1", "session_id", "format"),
    ],
)
def test_the_path_refuses_what_would_change_its_meaning(
    project: str, session: str, field: str, problem: str
) -> None:
    with pytest.raises(PmsInputError) as caught:
        interaction_path(Interaction(project, session))
    assert (caught.value.field, caught.value.problem) == (field, problem)


GOOD = Interaction("corebo12345678abcd", "node_domain_0_nauss_0_1_2", "+79161234567", "5000")


@pytest.mark.parametrize(
    ("code", "problem"), [("", "missing"), ("   ", "missing"), ("two words", "format")]
)
def test_a_disposition_code_is_checked(code: str, problem: str) -> None:
    with pytest.raises(PmsInputError) as caught:
        disposition_request(GOOD, code, run_as="operator")
    assert (caught.value.field, caught.value.problem) == ("code", problem)


def test_a_disposition_must_be_in_a_non_empty_catalogue() -> None:
    catalogue = Catalogue.parse("SALE = Продажа\nCRR_DISCONNECT = Разъединение")
    built = disposition_request(GOOD, "SALE", run_as="operator", catalogue=catalogue)
    assert wire(built)["data"]["finishAction"] == {"callDisposition": "SALE", "clientId": ""}
    with pytest.raises(PmsInputError) as caught:
        disposition_request(GOOD, "OTHER", run_as="operator", catalogue=catalogue)
    assert caught.value.problem == "unknown"
    empty = disposition_request(GOOD, "OTHER", run_as="operator", catalogue=Catalogue())
    assert wire(empty)["data"]["finishAction"]["callDisposition"] == "OTHER"


@pytest.mark.parametrize(
    ("run_as", "timeout", "field", "problem"),
    [
        ("", 10, "run_as", "missing"),
        ("two words", 10, "run_as", "format"),
        ("operator", 0, "timeout", "range"),
        ("operator", 301, "timeout", "range"),
    ],
)
def test_login_and_timeout_are_checked(
    run_as: str, timeout: float, field: str, problem: str
) -> None:
    with pytest.raises(PmsInputError) as caught:
        disposition_request(GOOD, "SALE", run_as=run_as, timeout=timeout)
    assert (caught.value.field, caught.value.problem) == (field, problem)


def test_a_fractional_timeout_is_kept() -> None:
    assert wire(disposition_request(GOOD, "SALE", run_as="op", timeout=2.5))["timeout"] == 2.5


NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def callback(**changes: Any) -> m.SendPmsRestRequest:
    args: dict[str, Any] = {
        "when": NOW + timedelta(hours=1),
        "now": NOW,
        "phone": "+7 (916) 123-45-67",
        "agent_login": "operator",
        "comment": "  Перезвонить после обеда  ",
        "run_as": "operator",
    }
    args.update(changes)
    return callback_request(GOOD, **args)


def test_a_callback_normalises_phone_comment_and_date() -> None:
    adjourn = wire(callback())["data"]["adjournAction"]
    assert adjourn == {
        "adjournDate": "2026-12-04T13:00:00+00:00",
        "agentComment": "Перезвонить после обеда",
        "agentLogin": "operator",
        "phone": "+79161234567",
    }
    moscow = timezone(timedelta(hours=3))
    when = datetime(2026, 12, 4, 18, 30, 15, 999, tzinfo=moscow)
    assert wire(callback(when=when))["data"]["adjournAction"]["adjournDate"] == (
        "2026-12-04T18:30:15+03:00"
    )
    assert wire(callback(comment=""))["data"]["adjournAction"]["agentComment"] == ""


@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        ({"when": datetime(2026, 12, 4, 13, 0)}, "when", "naive"),
        ({"when": NOW}, "when", "past"),
        ({"when": NOW - timedelta(minutes=1)}, "when", "past"),
        ({"when": NOW + timedelta(days=400)}, "when", "too_far"),
        ({"phone": " - "}, "phone", "missing"),
        ({"phone": "call me"}, "phone", "format"),
        ({"phone": "12+34"}, "phone", "format"),
        ({"agent_login": " "}, "agent_login", "missing"),
        ({"agent_login": "a b"}, "agent_login", "format"),
        ({"comment": "x" * 501}, "comment", "too_long"),
    ],
)
def test_a_callback_refuses_bad_input(changes: dict[str, Any], field: str, problem: str) -> None:
    with pytest.raises(PmsInputError) as caught:
        callback(**changes)
    assert (caught.value.field, caught.value.problem) == (field, problem)
    assert str(caught.value)
