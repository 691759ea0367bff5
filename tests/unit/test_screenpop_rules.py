"""Rules: conditions, first match wins, the fallback for incoming calls, undecided waits."""

from __future__ import annotations

import pytest

from agent_toolbar.screenpop.rules import RuleError, RuleSet, Tri, parse_condition, parse_rules
from agent_toolbar.screenpop.template import CallData

RULES = """
# project-specific card
params.ProjectId == corebo00000000000mpbgpl1m3dhvbmg4 => https://crm.example.com/p?phone={caller}
called ~ ^8800 and direction == in => https://crm.example.com/hotline?phone={caller}

direction == out => https://crm.example.com/search?phone={called}
"""
FALLBACK = "https://crm.example.com/card?phone={caller}"


def call(direction: str = "in", **params: str) -> CallData:
    return CallData(cid="c", direction=direction, params=params)


def chosen(rules: RuleSet, data: CallData, *, final: bool = True) -> str | None:
    match = rules.choose(data, final=final)
    return match.rule.template.source if match.rule else None


def test_first_match_wins() -> None:
    rules = RuleSet.parse(FALLBACK, RULES)
    project = call(ProjectId="corebo00000000000mpbgpl1m3dhvbmg4", called="88005553535")
    assert chosen(rules, project) == "https://crm.example.com/p?phone={caller}"
    assert chosen(rules, call(ProjectId="other", called="88005553535")) == (
        "https://crm.example.com/hotline?phone={caller}"
    )


def test_fallback_is_for_incoming_calls_only() -> None:
    rules = RuleSet.parse(FALLBACK, "")
    assert chosen(rules, call("in", caller="1")) == FALLBACK
    assert chosen(rules, call("unknown", caller="1")) == FALLBACK
    assert chosen(rules, call("out", called="1")) is None


def test_outgoing_calls_pop_through_a_rule() -> None:
    rules = RuleSet.parse(FALLBACK, RULES)
    assert chosen(rules, call("out", called="+7900")) == (
        "https://crm.example.com/search?phone={called}"
    )


def test_no_template_and_no_rules() -> None:
    rules = RuleSet.parse("  ", "")
    assert rules.empty
    assert rules.choose(call(caller="1"), final=True).rule is None


def test_missing_field_is_undecided_until_final() -> None:
    rules = RuleSet.parse(FALLBACK, RULES)
    early = call(called="88005553535")  # ProjectId not known yet
    assert rules.choose(early, final=False).undecided
    assert chosen(rules, early, final=True) == "https://crm.example.com/hotline?phone={caller}"


def test_operators() -> None:
    data = call(caller="+79161234567", Region="Москва", Language="EN")
    cases = {
        "params.Language == en": Tri.YES,
        "params.Language != en": Tri.NO,
        "caller ~ ^\\+7916": Tri.YES,
        "caller !~ ^\\+7916": Tri.NO,
        "params.Region == 'Москва'": Tri.YES,
        'params.Region == "Санкт-Петербург"': Tri.NO,
        "*": Tri.YES,
        "": Tri.YES,
        "direction == IN && params.Language == en": Tri.YES,
        "type == voice": Tri.NO,
        "params.Absent != x": Tri.UNKNOWN,
    }
    for text, expected in cases.items():
        assert parse_condition(text).evaluate(data, final=False) is expected, text
    assert parse_condition("params.Absent != x").evaluate(data, final=True) is Tri.YES


@pytest.mark.parametrize(
    ("text", "words", "line"),
    [
        ("caller == 1 https://x/", "no '=>' found", 1),
        ("\n\ncaller == 1 =>", "template after '=>' is empty", 3),
        ("phone == 1 => https://x/", "unknown field 'phone'", 1),
        ("caller = 1 => https://x/", "cannot read the condition", 1),
        ("caller ~ ([ => https://x/", "bad regular expression", 1),
        ("* => https://x/{caller", "not closed", 1),
        ("# c\n* => https://x/{Called}", "did you mean 'called'", 2),
    ],
)
def test_rule_errors_name_the_line(text: str, words: str, line: int) -> None:
    with pytest.raises(RuleError) as caught:
        parse_rules(text)
    assert words in str(caught.value)
    assert caught.value.line == line
    assert f"line {line}:" in str(caught.value)
