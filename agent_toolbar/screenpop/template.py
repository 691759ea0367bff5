"""Screen-pop address templates: parsing and safe rendering from call data.

Syntax (what admins write in ``screenpop/template`` and ``screenpop/rules``)::

    https://crm.example.com/card?phone={caller}&sid={sessionId}&p={params.ProjectId}

* ``{caller}``, ``{called}``, ``{sessionId}`` — from the call's ``params``;
  ``{number}`` — the far party (caller of an incoming call, called number of an outgoing one);
  ``{cid}``, ``{displayName}``, ``{direction}`` (``in``/``out``), ``{login}`` (the operator).
* ``{params.KEY}`` — any call parameter, ``{localParams.KEY}`` — any local parameter.
  ``KEY`` is everything after the first dot up to ``}`` (dots and Cyrillic allowed;
  braces, whitespace and control characters are not).
* ``{name?}`` — an *optional* field: renders empty when missing, never blocks the pop and is
  never waited for (e.g. ``&order={params.OrderId?}``).
* ``{{`` and ``}}`` — literal ``{`` and ``}``.
* Fields may appear only after the host: everything up to the first ``/``, ``?`` or ``#``
  after ``scheme://`` (scheme, user, host, port) is literal, so call data can never extend
  or choose the host (``https://crm.example.com{params.path}`` with ``.evil.com`` …). Such a
  template is refused with a :class:`TemplateError`.

Every substituted value is percent-encoded with ``urllib.parse.quote(value, safe="")``, so a
value can never change the address's structure (``&``, ``=``, ``#``, ``/``, ``?``, ``%``,
spaces and Cyrillic all become ``%XX``). A value that is absent *or empty* is *missing*: the
template then renders it empty or blocks the pop, per ``screenpop/missing`` — a literal
``{caller}`` never reaches the browser. Syntax errors raise :class:`TemplateError` with the
position, in words an integrator can act on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from urllib.parse import quote

__all__ = [
    "BUILTINS",
    "CallData",
    "Field",
    "Rendered",
    "Template",
    "TemplateError",
    "parse_field",
]

#: Built-in field names and the call-parameter each reads (``None``: a call attribute).
BUILTINS: Mapping[str, str | None] = MappingProxyType(
    {
        "caller": "caller",
        "called": "called",
        "sessionId": "sessionId",
        "number": None,
        "cid": None,
        "displayName": None,
        "direction": None,
        "login": None,
    }
)
_SCOPES = ("params", "localParams")
_KEY = re.compile(r"[^{}\s\x00-\x1f\x7f]+")


class TemplateError(ValueError):
    """A template (or a rule) cannot be parsed.

    Attributes:
        message: What is wrong, in plain words.
        position: 0-based character offset of the problem, when known.
    """

    def __init__(self, message: str, position: int | None = None) -> None:
        self.message = message
        self.position = position
        where = f" (at character {position + 1})" if position is not None else ""
        super().__init__(f"{message}{where}")


def _empty() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class CallData:
    """The values a template can use, independent of the session model.

    Attributes:
        cid: The call's id on the operator's phone.
        login: The operator's login.
        display_name: The name the phone shows for the far party.
        direction: ``in``, ``out`` or ``unknown``.
        params: Call parameters as known so far.
        local_params: Local parameters as known so far.
        kind: The call's type (``voice``, ``sip``, ``dev`` …), for rule conditions.
    """

    cid: str = ""
    login: str = ""
    display_name: str = ""
    direction: str = "in"
    params: Mapping[str, str] = field(default_factory=_empty)
    local_params: Mapping[str, str] = field(default_factory=_empty)
    kind: str = ""

    def value(self, name: str) -> str | None:
        """The raw value of a field (``caller``, ``params.X`` …); ``None`` when absent."""
        scope, _, key = name.partition(".")
        if key and scope == "params":
            return self.params.get(key)
        if key and scope == "localParams":
            return self.local_params.get(key)
        if name in ("caller", "called", "sessionId"):
            return self.params.get(name)
        if name == "number":
            first, second = (
                ("called", "caller") if self.direction == "out" else ("caller", "called")
            )
            return self.params.get(first) or self.params.get(second)
        simple = {
            "cid": self.cid,
            "login": self.login,
            "displayName": self.display_name,
            "direction": self.direction,
            "type": self.kind,
        }
        return simple.get(name)

    def known(self, name: str) -> bool:
        """Whether a field has a non-empty value (what "missing" is the opposite of)."""
        value = self.value(name)
        return value is not None and value.strip() != ""


@dataclass(frozen=True, slots=True)
class Field:
    """One ``{…}`` placeholder: its name and whether it is optional (``?``)."""

    name: str
    optional: bool = False


def parse_field(text: str, position: int = 0, *, extra: tuple[str, ...] = ()) -> str:
    """Check a field name (``caller``, ``params.KEY`` …) and return it.

    Args:
        text: The name as written.
        position: Where it starts in the source, for error messages.
        extra: More accepted plain names (rule conditions also know ``type``).

    Raises:
        TemplateError: The name is unknown or malformed.
    """
    scope, dot, key = text.partition(".")
    if dot:
        if scope not in _SCOPES:
            raise TemplateError(
                f"unknown field {text!r}: use params.KEY or localParams.KEY", position
            )
        if not _KEY.fullmatch(key):
            raise TemplateError(f"field {text!r} needs a key after {scope}.", position)
        return text
    if text in BUILTINS or text in extra:
        return text
    if not text:
        raise TemplateError("empty field {}: write a name such as {caller}", position)
    for known in (*BUILTINS, *extra):
        if known.lower() == text.lower():
            raise TemplateError(f"unknown field {text!r}: did you mean {known!r}?", position)
    raise TemplateError(
        f"unknown field {text!r}: use one of {', '.join(BUILTINS)}, params.{text} or "
        f"localParams.{text}",
        position,
    )


@dataclass(frozen=True, slots=True)
class Rendered:
    """The outcome of rendering a template.

    Attributes:
        url: The rendered address (values encoded); ``None`` when blocked.
        missing: Required fields that had no value (rendered empty, or the reason to block).
    """

    url: str | None
    missing: tuple[str, ...] = ()

    @property
    def blocked(self) -> bool:
        """True when a missing value stopped the pop."""
        return self.url is None


class Template:
    """A parsed template; render it as often as needed."""

    def __init__(self, source: str) -> None:
        """Parse ``source``.

        Raises:
            TemplateError: On an unbalanced brace, an empty or unknown field.
        """
        self.source = source
        self._parts: tuple[str | Field, ...] = tuple(_parse(source))
        _check_fixed_origin(self._parts)

    def __repr__(self) -> str:
        return f"Template({self.source!r})"

    @property
    def fields(self) -> tuple[Field, ...]:
        """The placeholders, in order of appearance."""
        return tuple(p for p in self._parts if isinstance(p, Field))

    @property
    def required(self) -> frozenset[str]:
        """Names of the fields that are not optional."""
        return frozenset(f.name for f in self.fields if not f.optional)

    def missing(self, data: CallData) -> tuple[str, ...]:
        """Required fields without a value in ``data`` (in order, without repeats)."""
        seen: dict[str, None] = {}
        for f in self.fields:
            if not f.optional and not data.known(f.name):
                seen.setdefault(f.name)
        return tuple(seen)

    def render(self, data: CallData, *, block_missing: bool = True) -> Rendered:
        """Substitute ``data``, percent-encoding every value.

        Args:
            data: The call's values.
            block_missing: When a required value is missing, return a blocked result
                (``url=None``) instead of rendering it empty.
        """
        missing = self.missing(data)
        if missing and block_missing:
            return Rendered(None, missing)
        out: list[str] = []
        for part in self._parts:
            if isinstance(part, Field):
                out.append(quote(data.value(part.name) or "", safe=""))
            else:
                out.append(part)
        return Rendered("".join(out), missing)


def _check_fixed_origin(parts: tuple[str | Field, ...]) -> None:
    """Refuse a field before the address's path: call data must not choose the host."""
    if not any(isinstance(p, Field) for p in parts):
        return
    prefix = parts[0] if isinstance(parts[0], str) else ""
    scheme_end = prefix.find("://")
    after = prefix[scheme_end + 3 :] if scheme_end >= 0 else ""
    if scheme_end < 0 or not any(ch in after for ch in "/?#"):
        raise TemplateError(
            "a field in the scheme or host part: write the address literally up to the "
            "first /, ? or # (e.g. https://crm.example.com/card?phone={caller})",
            len(prefix),
        )


def _parse(source: str) -> list[str | Field]:
    parts: list[str | Field] = []
    literal: list[str] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "{" and source.startswith("{{", i):
            literal.append("{")
            i += 2
        elif ch == "}" and source.startswith("}}", i):
            literal.append("}")
            i += 2
        elif ch == "}":
            raise TemplateError("a lone '}': write '}}' for a literal brace", i)
        elif ch == "{":
            end = source.find("}", i + 1)
            nested = source.find("{", i + 1)
            if end < 0 or (0 <= nested < end):
                raise TemplateError("'{' is not closed: write '{{' for a literal brace", i)
            raw = source[i + 1 : end]
            name = raw.strip()
            optional = name.endswith("?")
            if optional:
                name = name[:-1].rstrip()
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(Field(parse_field(name, i + 1), optional))
            i = end + 1
        else:
            literal.append(ch)
            i += 1
    if literal:
        parts.append("".join(literal))
    return parts
