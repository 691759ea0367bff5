"""How the journal finds a call by number or name, whatever the operator types.

Numbers are compared by their digits only (``+7 (916) 123-45-67`` and ``79161234567``
match), names case-insensitively in any script (``str.casefold``, which SQLite's ``LIKE``
cannot do for Cyrillic). Both are precomputed into columns when a call is written.
"""

from __future__ import annotations

import json
import re

_NON_DIGITS = re.compile(r"\D+")


def parties_from_json(parties: str) -> list[tuple[str, str, str]]:
    """The ``(role, number, name)`` triples stored in a call's ``parties`` column."""
    try:
        raw = json.loads(parties or "[]")
    except ValueError:
        return []
    out: list[tuple[str, str, str]] = []
    if isinstance(raw, list):
        for item in raw:
            if isinstance(item, list) and len(item) == 3:
                out.append((str(item[0]), str(item[1]), str(item[2])))
    return out


def digits_of(text: str) -> str:
    """Only the digits of ``text``."""
    return _NON_DIGITS.sub("", text)


def number_digits(number: str, parties: str) -> str:
    """Every number of the call as digits, space-separated (one searchable string)."""
    numbers = [digits_of(number)] + [digits_of(p[1]) for p in parties_from_json(parties)]
    return " ".join(dict.fromkeys(n for n in numbers if n))


def folded_text(number: str, name: str, parties: str, project: str, queue: str) -> str:
    """Names, numbers, project and queue case-folded into one searchable string."""
    parts = [number, name, project, queue]
    for _role, p_number, p_name in parties_from_json(parties):
        parts += [p_number, p_name]
    return "\n".join(dict.fromkeys(p.casefold() for p in parts if p))
