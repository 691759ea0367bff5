"""Text from the network shown exactly as typed, never interpreted as rich text.

Qt guesses: a ``QLabel`` in its default ``AutoText`` format, and every tooltip, renders text
that *looks like* HTML (``Qt::mightBeRichText``) as rich text, so a caller's display name
``<font size=7>CALL BANK</font>`` would style the card. Labels that show names, numbers,
call data or server messages are made :data:`PLAIN`; tooltips carrying such text go through
:func:`plain_tooltip`, which escapes it only when Qt would otherwise read markup (ordinary
text is left unchanged).
"""

from __future__ import annotations

import html

from agent_toolbar.qt import Qt, QtGui, QtWidgets

__all__ = ["PLAIN", "plain_label", "plain_tooltip"]

PLAIN = Qt.TextFormat.PlainText


def plain_label(label: QtWidgets.QLabel) -> QtWidgets.QLabel:
    """Make ``label`` show its text literally; returns it (for chaining)."""
    label.setTextFormat(PLAIN)
    return label


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip that shows it literally."""
    if not text or not QtGui.Qt.mightBeRichText(text):
        return text
    escaped = html.escape(text, quote=False).replace("\n", "<br>")
    return f'<p style="white-space:pre-wrap">{escaped}</p>'
