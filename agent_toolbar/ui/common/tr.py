"""One way to fill a translated text: placeholders substituted in a single pass.

Chained ``.replace("%1", a).replace("%2", b)`` corrupts a value that itself contains
``%2`` (a caller named "100%2"): the second replace rewrites inside the first value. Here
the translated text is scanned once and each ``%N`` is replaced by the N-th argument; what
the arguments contain is never looked at again.

Two spellings, because of how ``pyside6-lupdate`` reads Python: it extracts texts only from
``QCoreApplication.translate("Ctx", "…")``, ``self.tr("…")`` and ``QT_TRANSLATE_NOOP``, and
takes *any* bare ``tr("…")`` call for ``QObject.tr`` (its first argument would become a bogus
source text). So an inline text is written
``fill(QCoreApplication.translate("CallCard", "Failed: %1"), reason)``, and a text looked up
in a ``QT_TRANSLATE_NOOP`` table is ``translated("Link", TABLE[key], *args)``.
"""

from __future__ import annotations

import re

from agent_toolbar.qt import QCoreApplication

__all__ = ["fill", "translated"]

_PLACEHOLDER = re.compile(r"%(\d+)")


def fill(text: str, *args: object) -> str:
    """``text`` with ``%1`` … ``%N`` replaced by ``args`` in one pass (others kept as is)."""
    if not args:
        return text

    def one(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return str(args[index]) if 0 <= index < len(args) else match.group(0)

    return _PLACEHOLDER.sub(one, text)


def translated(context: str, text: object, *args: object) -> str:
    """Translate ``text`` (marked with ``QT_TRANSLATE_NOOP``) in ``context``, then :func:`fill`."""
    return fill(QCoreApplication.translate(context, str(text)), *args)
