"""Screen-pop rules: several templates, each with a condition; the first match wins.

``screenpop/rules`` holds one rule per line, ``condition => template``::

    # the hot line gets its own CRM page
    params.ProjectId == corebo00000000000mpbgpl1m3dhvbmg4 => https://crm.example.com/p?phone={caller}
    called ~ ^8800 and direction == in => https://crm.example.com/hotline?phone={caller}
    direction == out => https://crm.example.com/search?phone={called}
    * => https://crm.example.com/any?phone={number}

A condition is one or more tests joined by ``and``; ``*`` (or an empty condition) always
matches. A test is ``FIELD OP VALUE`` where FIELD is a template field name without braces
(``caller``, ``called``, ``direction``, ``type``, ``params.KEY``, ``localParams.KEY`` …) and
OP is one of:

* ``==`` / ``!=`` — equal / not equal, ignoring case and surrounding spaces;
* ``~`` / ``!~`` — the value matches / does not match a regular expression (``re.search``).

VALUE may be quoted (``"…"`` or ``'…'``) to keep spaces. Blank lines and lines starting with
``#`` are ignored. The plain ``screenpop/template`` is the fallback after all rules, and it
applies to *incoming* calls only (an outgoing call pops only through a rule, e.g.
``direction == out => …``).

A test on a field the call does not have yet is *undecided*: the caller (the policy) waits
for the value (bounded) before giving up on that rule, so a project-specific rule is not
skipped just because ``CallParams`` is late.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from agent_toolbar.screenpop.template import CallData, Template, TemplateError, parse_field

__all__ = [
    "Condition",
    "Match",
    "Rule",
    "RuleError",
    "RuleSet",
    "Test",
    "Tri",
    "parse_condition",
    "parse_rules",
]

_TEST = re.compile(r"^\s*(?P<field>[^\s=!~]+)\s*(?P<op>==|!=|!~|~)\s*(?P<value>.*?)\s*$")
_AND = re.compile(r"\s+and\s+|\s*&&\s*", re.IGNORECASE)
_MAX_SUBJECT = 2048  # long hostile values must not make a regex crawl


class RuleError(TemplateError):
    """A rule line cannot be parsed; ``line`` is 1-based."""

    def __init__(self, message: str, line: int, position: int | None = None) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}", position)


class Tri(enum.Enum):
    """Three-valued result of a condition on data that may still be incomplete."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"  # depends on a field the call does not have yet


@dataclass(frozen=True, slots=True)
class Test:
    """``field op value``."""

    field: str
    op: str
    value: str
    pattern: re.Pattern[str] | None = None

    def evaluate(self, data: CallData, *, final: bool) -> Tri:
        """Evaluate on ``data``; a missing field is UNKNOWN until ``final``."""
        raw = data.value(self.field)
        if raw is None or not raw.strip():
            if not final and self.field not in ("cid", "login", "direction", "type"):
                return Tri.UNKNOWN
            raw = ""
        if self.pattern is not None:
            found = self.pattern.search(raw[:_MAX_SUBJECT]) is not None
            return Tri.YES if found == (self.op == "~") else Tri.NO
        equal = raw.strip().casefold() == self.value.strip().casefold()
        return Tri.YES if equal == (self.op == "==") else Tri.NO


@dataclass(frozen=True, slots=True)
class Condition:
    """Tests joined by ``and`` (no tests: always true)."""

    tests: tuple[Test, ...] = ()

    def evaluate(self, data: CallData, *, final: bool) -> Tri:
        """YES when every test holds, NO when one fails, else UNKNOWN."""
        result = Tri.YES
        for test in self.tests:
            outcome = test.evaluate(data, final=final)
            if outcome is Tri.NO:
                return Tri.NO
            if outcome is Tri.UNKNOWN:
                result = Tri.UNKNOWN
        return result

    @property
    def fields(self) -> frozenset[str]:
        """The fields the condition reads."""
        return frozenset(t.field for t in self.tests)


@dataclass(frozen=True, slots=True)
class Rule:
    """A condition and the template to use when it holds."""

    condition: Condition
    template: Template
    text: str = ""
    line: int = 0
    fallback: bool = False  # the plain screenpop/template (incoming calls only)


@dataclass(frozen=True, slots=True)
class Match:
    """Which rule applies to a call, or that it cannot be told yet.

    Attributes:
        rule: The first rule that holds (``None``: none does, or undecided).
        undecided: True when an earlier rule depends on values the call lacks so far.
    """

    rule: Rule | None
    undecided: bool = False


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def parse_condition(text: str, line: int = 0) -> Condition:
    """Parse ``params.X == 1 and called ~ ^8800`` (``*`` or empty: always)."""
    stripped = text.strip()
    if stripped in ("", "*"):
        return Condition()
    tests: list[Test] = []
    for chunk in _AND.split(stripped):
        found = _TEST.match(chunk)
        if found is None:
            raise RuleError(
                f"cannot read the condition {chunk.strip()!r}: write FIELD == VALUE, "
                "FIELD != VALUE, FIELD ~ REGEX or FIELD !~ REGEX",
                line,
            )
        name = found["field"]
        try:
            parse_field(name, extra=("type",))
        except TemplateError as exc:
            raise RuleError(exc.message, line) from exc
        op, value = found["op"], _unquote(found["value"])
        pattern = None
        if op in ("~", "!~"):
            try:
                pattern = re.compile(value)
            except re.error as exc:
                raise RuleError(f"bad regular expression {value!r}: {exc}", line) from exc
        tests.append(Test(name, op, value, pattern))
    return Condition(tuple(tests))


def parse_rules(text: str) -> tuple[Rule, ...]:
    """Parse the ``screenpop/rules`` setting.

    Raises:
        RuleError: On the first line that cannot be parsed (with its line number).
    """
    rules: list[Rule] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        condition, arrow, source = line.partition("=>")
        if not arrow:
            raise RuleError("a rule is 'condition => template' (no '=>' found)", number)
        if not source.strip():
            raise RuleError("the template after '=>' is empty", number)
        try:
            template = Template(source.strip())
        except TemplateError as exc:
            raise RuleError(exc.message, number, exc.position) from exc
        rules.append(Rule(parse_condition(condition, number), template, line, number))
    return tuple(rules)


class RuleSet:
    """The rules in order, then the fallback template."""

    def __init__(self, rules: tuple[Rule, ...], fallback: Template | None) -> None:
        """Combine parsed rules with the plain template (``None``: no fallback)."""
        self.rules = rules
        self.fallback: Rule | None = None
        if fallback is not None:
            incoming = Condition((Test("direction", "!=", "out"),))
            self.fallback = Rule(incoming, fallback, fallback.source, 0, fallback=True)

    @classmethod
    def parse(cls, template: str, rules: str) -> RuleSet:
        """Parse both settings (blank template: no fallback).

        Raises:
            TemplateError: The template or a rule is malformed (:class:`RuleError` for rules).
        """
        plain = Template(template.strip()) if template.strip() else None
        return cls(parse_rules(rules), plain)

    @property
    def empty(self) -> bool:
        """True when nothing can ever pop."""
        return not self.rules and self.fallback is None

    def choose(self, data: CallData, *, final: bool) -> Match:
        """The first rule whose condition holds for ``data``.

        Until ``final``, a rule whose condition is undecided stops the search (a later rule
        must not win just because an earlier one's data is late); with ``final`` missing
        values count as empty.
        """
        candidates = (*self.rules, self.fallback) if self.fallback else self.rules
        for rule in candidates:
            outcome = rule.condition.evaluate(data, final=final)
            if outcome is Tri.YES:
                return Match(rule)
            if outcome is Tri.UNKNOWN:
                return Match(None, undecided=True)
        return Match(None)
