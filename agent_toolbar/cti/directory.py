"""Transfer targets: the admin's directory, recent targets, and what counts as an address.

The directory comes from the ``transfer/directory`` setting (deployable in the system-wide
INI), one entry per line::

    Second line support; 201; Departments
    Smirnova Olga; 2034; Colleagues
    Sales queue; sip:sales@cc.example.com; Queues

``label; number; group`` — the group is optional, and so is the label (a bare number is its
own label). Blank lines and lines starting with ``#`` are ignored. A line without a usable
number is reported as a problem and skipped, never fatal.

A target typed by the operator is a phone number (digits, an optional leading ``+``, the
keypad's ``*`` and ``#``; spaces, dashes, dots and brackets are tidied away) or a URI
(``sip:user@host``, ``sips:…``, ``tel:…``, or ``user@host``). Anything else is flagged as
malformed before it reaches the server, whose answer would be ``BadAddressFormat``
(table 4.1, code 1).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "RECENT_TARGETS_MAX",
    "DirectoryEntry",
    "TargetCheck",
    "TargetProblem",
    "check_target",
    "find_entry",
    "parse_directory",
    "remember_target",
    "search",
]

#: How many recent transfer targets are kept (``ui/recent_targets``).
RECENT_TARGETS_MAX = 10

_PHONE = re.compile(r"^\+?[\d\s\-().*#]*\d[\d\s\-().*#]*$")
_TIDY = re.compile(r"[\s\-().]")
_URI = re.compile(r"^(?:(?:sips?):[^@\s]+@[^@\s]+|tel:\+?[\d\-.()*#]+|[^@\s:]+@[^@\s]+)$", re.I)
_DIGITS = re.compile(r"\D")


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    """One department, colleague or queue the operator can transfer to.

    Attributes:
        label: What the operator reads ("Second line support").
        number: The address sent to the server (a number or a URI).
        group: Where it is listed ("Departments", "Colleagues", "Queues"); may be empty.
    """

    label: str
    number: str
    group: str = ""

    @property
    def haystack(self) -> str:
        """Everything a search looks in, folded to lower case."""
        return f"{self.label} {self.number} {self.group}".casefold()


class TargetProblem(enum.StrEnum):
    """Why a typed target cannot be transferred to."""

    EMPTY = "empty"
    MALFORMED = "malformed"


@dataclass(frozen=True, slots=True)
class TargetCheck:
    """The verdict on a typed target.

    Attributes:
        target: The tidied address to send (``+7 (912) 345-67-89`` → ``+79123456789``).
        problem: None when it can be sent.
    """

    target: str
    problem: TargetProblem | None = None

    @property
    def ok(self) -> bool:
        """Whether the target can be sent."""
        return self.problem is None


def check_target(text: str) -> TargetCheck:
    """Tidy and judge a typed transfer target (see the module docstring for the rules)."""
    stripped = text.strip()
    if not stripped:
        return TargetCheck("", TargetProblem.EMPTY)
    if _PHONE.match(stripped):
        return TargetCheck(_TIDY.sub("", stripped))
    if _URI.match(stripped):
        return TargetCheck(stripped)
    return TargetCheck(stripped, TargetProblem.MALFORMED)


def parse_directory(text: str) -> tuple[tuple[DirectoryEntry, ...], tuple[str, ...]]:
    """Parse the ``transfer/directory`` setting.

    Returns:
        The entries in the order written (duplicates of a number keep the first), and one
        English problem description per skipped line (for the log).
    """
    entries: list[DirectoryEntry] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [part.strip() for part in line.split(";")]
        if len(parts) > 3:
            problems.append(f"line {number}: more than three fields (label; number; group)")
            continue
        if len(parts) == 1:
            label, address, group = "", parts[0], ""
        else:
            label, address = parts[0], parts[1]
            group = parts[2] if len(parts) == 3 else ""
        check = check_target(address)
        if not check.ok:
            problems.append(f"line {number}: {address!r} is not a number or an address")
            continue
        if check.target in seen:
            problems.append(f"line {number}: {check.target} is listed twice")
            continue
        seen.add(check.target)
        entries.append(DirectoryEntry(label or check.target, check.target, group))
    return tuple(entries), tuple(problems)


def _matches(entry: DirectoryEntry, words: Sequence[str], digits: str) -> bool:
    haystack = entry.haystack
    if all(word in haystack for word in words):
        return True
    # "912 345" or "+7-912…" typed against a stored "+7912345…": compare digits only.
    return bool(digits) and digits in _DIGITS.sub("", entry.number)


def _rank(entry: DirectoryEntry, query: str) -> int:
    label = entry.label.casefold()
    if label.startswith(query) or entry.number.casefold().startswith(query):
        return 0
    if any(word.startswith(query) for word in label.split()):
        return 1
    return 2


def search(entries: Iterable[DirectoryEntry], query: str) -> list[DirectoryEntry]:
    """Entries matching every word of ``query`` (label, number or group; any case).

    Prefix matches on the label or number come first, then word prefixes, then the rest;
    within each, the directory's own order. An empty query returns everything.
    """
    folded = query.strip().casefold()
    listed = list(entries)
    if not folded:
        return listed
    words = folded.split()
    digits = _DIGITS.sub("", folded) if _PHONE.match(folded) else ""
    found = [e for e in listed if _matches(e, words, digits)]
    return sorted(found, key=lambda e: _rank(e, folded))


def find_entry(entries: Iterable[DirectoryEntry], number: str) -> DirectoryEntry | None:
    """The entry whose number is ``number`` (to label a recent target), if any."""
    for entry in entries:
        if entry.number == number:
            return entry
    return None


def remember_target(
    recent: Sequence[str], target: str, limit: int = RECENT_TARGETS_MAX
) -> list[str]:
    """``recent`` with ``target`` moved to the front, without duplicates, at most ``limit``.

    Targets containing a comma are not kept: the INI list format would split them.
    """
    if "," in target:
        return list(recent)[:limit]
    return [target, *(t for t in recent if t != target)][:limit]
