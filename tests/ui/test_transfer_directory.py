"""The transfer directory and target checks (Qt-free: ``agent_toolbar.cti.directory``)."""

from __future__ import annotations

import pytest

from agent_toolbar.cti.directory import (
    RECENT_TARGETS_MAX,
    DirectoryEntry,
    TargetProblem,
    check_target,
    find_entry,
    parse_directory,
    remember_target,
    search,
)

TEXT = """\
# comments and blank lines are skipped

Second line support; 201; Departments
Smirnova Olga; +7 (495) 123-45-67; Colleagues
Sales queue; sip:sales@cc.example.com; Queues
2034
Billing; 301
Second copy of 201; 201; Departments
"""


def test_parse_reads_label_number_group_and_reports_problems() -> None:
    entries, problems = parse_directory(TEXT + "Broken; call me maybe; x\n")
    assert entries == (
        DirectoryEntry("Second line support", "201", "Departments"),
        DirectoryEntry("Smirnova Olga", "+74951234567", "Colleagues"),  # tidied
        DirectoryEntry("Sales queue", "sip:sales@cc.example.com", "Queues"),
        DirectoryEntry("2034", "2034", ""),  # a bare number is its own label
        DirectoryEntry("Billing", "301", ""),
    )
    assert problems == (
        "line 8: 201 is listed twice",
        "line 9: 'call me maybe' is not a number or an address",
    )


@pytest.mark.parametrize(
    ("query", "labels"),
    [
        ("", ["Second line support", "Smirnova Olga", "Sales queue", "2034", "Billing"]),
        ("s", ["Second line support", "Smirnova Olga", "Sales queue"]),
        ("line", ["Second line support"]),
        ("QUEUES", ["Sales queue"]),
        ("second depart", ["Second line support"]),
        ("495 123", ["Smirnova Olga"]),  # digits match however the number is written
        ("4951234567", ["Smirnova Olga"]),
        ("20", ["Second line support", "2034"]),
        ("nobody", []),
    ],
)
def test_search_matches_every_word_prefixes_first(query: str, labels: list[str]) -> None:
    entries, _ = parse_directory(TEXT)
    assert [e.label for e in search(entries, query)] == labels


def test_label_prefix_ranks_before_a_match_inside() -> None:
    entries = (DirectoryEntry("Head of sales", "1"), DirectoryEntry("Sales queue", "2"))
    assert [e.number for e in search(entries, "sales")] == ["2", "1"]


@pytest.mark.parametrize(
    ("typed", "target", "problem"),
    [
        ("", "", TargetProblem.EMPTY),
        ("  ", "", TargetProblem.EMPTY),
        ("201", "201", None),
        (" +7 916 123-45-67 ", "+79161234567", None),
        ("8 (800) 555.35.35", "88005553535", None),
        ("*21#", "*21#", None),
        ("sip:201@pbx.local", "sip:201@pbx.local", None),
        ("SIPS:duty@cc.example.com", "SIPS:duty@cc.example.com", None),
        ("tel:+74951234567", "tel:+74951234567", None),
        ("ivanov@pbx", "ivanov@pbx", None),
        ("Ivanov", "Ivanov", TargetProblem.MALFORMED),
        ("12 ab", "12 ab", TargetProblem.MALFORMED),
        ("a b@c", "a b@c", TargetProblem.MALFORMED),
        ("+", "+", TargetProblem.MALFORMED),
    ],
)
def test_check_target(typed: str, target: str, problem: TargetProblem | None) -> None:
    check = check_target(typed)
    assert (check.target, check.problem, check.ok) == (target, problem, problem is None)


def test_recent_targets_most_recent_first_without_duplicates() -> None:
    recent = remember_target(["201", "301", "+74951234567"], "301")
    assert recent == ["301", "201", "+74951234567"]
    many = [str(n) for n in range(100, 100 + RECENT_TARGETS_MAX)]
    assert remember_target(many, "999") == ["999", *many[:-1]]
    assert remember_target(["201"], "a,b@pbx") == ["201"]  # the INI list would split it


def test_find_entry() -> None:
    entries, _ = parse_directory(TEXT)
    found = find_entry(entries, "301")
    assert found is not None and found.label == "Billing"
    assert find_entry(entries, "999") is None
