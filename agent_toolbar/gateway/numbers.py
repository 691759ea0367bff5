"""Phone numbers: one normal form for matching, and masks for logs.

Readings of the PBX webhook specification: the same employee appears as ``80052002651`` in
``AttemptIncCallBegin`` and as ``0052002651`` in ``EndIncCall``, and the same city number as
``4950665310`` (``CityNumber``) and ``84950665310`` (``Redirecting``). So a leading trunk
``8`` is not part of a number. :func:`normalize` keeps digits only (``+``, spaces, dashes,
brackets go), then drops exactly one prefix:

* 11 digits starting with ``7`` or ``8`` (``+7 495 …``, ``8 495 …``) → the 10 national digits;
* otherwise ``800…`` longer than 10 digits (the specification's ``800774994086005`` next to ``00…``
  employee numbers) → the ``00…`` form.

A 10-digit ``800…`` (a toll-free national number) and short extensions stay as they are.
Configured operator numbers go through the same function, so ``8 (495) 066-53-10``,
``+74950665310`` and ``4950665310`` all match.
"""

from __future__ import annotations

import functools
import re

__all__ = ["mask", "normalize"]

_NOT_DIGIT = re.compile(r"\D")


def normalize(number: object) -> str:
    """The matching form of a number (digits only, no trunk prefix); ``""`` for none."""
    if number is None or isinstance(number, bool):
        return ""
    if isinstance(number, int):
        number = str(number)
    if not isinstance(number, str):
        return ""
    return _normalize_text(number)


@functools.lru_cache(maxsize=8192)
def _normalize_text(number: str) -> str:
    # the same few thousand numbers (operators, city numbers) come back in every event
    digits = _NOT_DIGIT.sub("", number)
    if len(digits) == 11 and digits[0] in "78":
        return digits[1:]
    if len(digits) > 10 and digits.startswith("800"):
        return digits[1:]
    return digits


def mask(number: object) -> str:
    """A number for a log line: its last 4 digits only (``***2651``)."""
    text = "" if number is None else str(number)
    if not text:
        return ""
    if len(text) <= 4:
        return "***"
    return "***" + text[-4:]
