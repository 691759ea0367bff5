"""Broadcast notices (§3.6, §3.7) from checked input."""

from __future__ import annotations

import pytest

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.backends.naumen.broadcasts import (
    BroadcastInputError,
    broadcast_message,
    project_broadcast,
    split_recipients,
)


def test_recipients_typed_by_a_person() -> None:
    assert split_recipients(" ivanova, petrov;\nocpdep000000000abc  sidorov ") == [
        "ivanova",
        "petrov",
        "ocpdep000000000abc",
        "sidorov",
    ]
    assert split_recipients(" ,; \n") == []


def test_a_notice_to_logins_and_departments() -> None:
    built = broadcast_message(
        "  SL снизился до 20%.  ", ["ivanova", "ocpdep000000000abc", "ivanova"]
    )
    assert m.to_wire(built) == {
        "name": "BroadcastMessage",
        "message": "SL снизился до 20%.",
        "to": ["ivanova", "ocpdep000000000abc"],
    }


@pytest.mark.parametrize(
    ("text", "to", "field", "problem"),
    [
        ("", ["ivanova"], "message", "missing"),
        ("x" * 1001, ["ivanova"], "message", "too_long"),
        ("SL 20%", [], "to", "missing"),
        ("SL 20%", [" ", ""], "to", "missing"),
        ("SL 20%", ["a,b"], "to", "format"),
        ("SL 20%", ["a b"], "to", "format"),
        ("SL 20%", [f"op{i}" for i in range(101)], "to", "too_many"),
    ],
)
def test_a_notice_to_logins_refuses(text: str, to: list[str], field: str, problem: str) -> None:
    with pytest.raises(BroadcastInputError) as caught:
        broadcast_message(text, to)
    assert (caught.value.field, caught.value.problem) == (field, problem)


def test_a_project_notice_always_carries_every_field() -> None:
    everyone = project_broadcast("SL 20%", "corebo00000000000mpbgpl1m3dhvbmg4", [])
    assert m.to_wire(everyone) == {
        "name": "BroadcastProjectMessage",
        "message": "SL 20%",
        "project_id": "corebo00000000000mpbgpl1m3dhvbmg4",
        "to": [],
    }
    roles = project_broadcast("SL 20%", "corebo12345678", ["Supervisor", "agent", "agent"])
    assert m.to_wire(roles)["to"] == ["agent", "supervisor"]


@pytest.mark.parametrize(
    ("text", "project", "roles", "field", "problem"),
    [
        (" ", "corebo12345678", [], "message", "missing"),
        ("SL", "", [], "project", "missing"),
        ("SL", "corebo-1234/5678", [], "project", "format"),
        ("SL", "corebo12345678", ["boss"], "to", "unknown"),
    ],
)
def test_a_project_notice_refuses(
    text: str, project: str, roles: list[str], field: str, problem: str
) -> None:
    with pytest.raises(BroadcastInputError) as caught:
        project_broadcast(text, project, roles)
    assert (caught.value.field, caught.value.problem) == (field, problem)
