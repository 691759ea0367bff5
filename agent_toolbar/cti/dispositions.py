"""The admin's catalogue of call results (dispositions): codes, labels, search.

An admin lists the call results an operator may choose in wrap-up, one per line of the
``wrapup/dispositions`` setting::

    CRR_DISCONNECT = Разъединение
    SALE = Продажа оформлена
    # a comment line
    CALLBACK_LATER

``code = label``; a line with only a code shows the code itself. The code is what reaches
the phone system (for Naumen: ``finishAction.callDisposition`` of a PMS request, §3.58), the
label is what the operator reads. ``wrapup/disposition_required`` makes choosing one a
condition of finishing wrap-up.

Readings where the specification is silent (it gives one code, ``CRR_DISCONNECT``, and no
catalogue): a code is 1–64 characters without spaces, ``=`` or ``#`` (the example's code is
an identifier); the first line of a repeated code wins and the repetition is reported; the
search folds case and ``ё`` to ``е`` and matches every word of the query somewhere in the
code or the label, so ``разъед`` and ``crr disc`` both find ``CRR_DISCONNECT``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = ["CODE_PATTERN", "Catalogue", "Disposition", "fold"]

#: What a disposition code may look like.
CODE_PATTERN = re.compile(r"^[^\s=#]{1,64}$")


def fold(text: str) -> str:
    """Text folded for searching: lower case, ``ё`` as ``е``, runs of spaces as one."""
    return " ".join(text.casefold().replace("ё", "е").split())


@dataclass(frozen=True, slots=True)
class Disposition:
    """One call result the operator may choose.

    Attributes:
        code: Sent to the phone system.
        label: Shown to the operator (the code when the admin gave none).
    """

    code: str
    label: str

    def matches(self, query: str) -> bool:
        """Whether every word of ``query`` occurs in the code or the label (folded)."""
        haystack = f"{fold(self.code)} {fold(self.code.replace('_', ' '))} {fold(self.label)}"
        return all(word in haystack for word in fold(query).split())


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The dispositions an admin declared, in their order, with the problems found.

    Attributes:
        items: The usable entries, in the order of the setting.
        problems: One sentence per line that could not be used (line number first).
    """

    items: tuple[Disposition, ...] = ()
    problems: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str | Iterable[str]) -> Catalogue:
        """Read ``code = label`` lines (a string with line breaks, or lines)."""
        lines = text.splitlines() if isinstance(text, str) else list(text)
        items: list[Disposition] = []
        problems: list[str] = []
        seen: set[str] = set()
        for number, raw in enumerate(lines, start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            code, _, label = (part.strip() for part in line.partition("="))
            if not CODE_PATTERN.match(code):
                problems.append(
                    f"line {number}: {code!r} is not a code (1–64 characters, no spaces, "
                    "'=' or '#')"
                )
                continue
            if code in seen:
                problems.append(f"line {number}: {code} is listed twice; the first one is used")
                continue
            seen.add(code)
            items.append(Disposition(code, label or code))
        return cls(tuple(items), tuple(problems))

    def __iter__(self) -> Iterator[Disposition]:
        """The entries in the admin's order."""
        return iter(self.items)

    def __len__(self) -> int:
        """How many entries there are."""
        return len(self.items)

    def __bool__(self) -> bool:
        """Whether the admin declared any disposition."""
        return bool(self.items)

    def get(self, code: str) -> Disposition | None:
        """The entry with exactly this code, if any."""
        return next((item for item in self.items if item.code == code), None)

    def search(self, query: str) -> tuple[Disposition, ...]:
        """The entries matching ``query`` (all of them for an empty query), in order."""
        if not fold(query):
            return self.items
        return tuple(item for item in self.items if item.matches(query))

    def label(self, code: str) -> str:
        """The label of ``code`` (the code itself when it is not in the catalogue)."""
        item = self.get(code)
        return item.label if item is not None else code
