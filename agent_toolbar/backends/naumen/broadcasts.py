"""``BroadcastMessage`` (§3.6) and ``BroadcastProjectMessage`` (§3.7) from checked input.

A supervisor sends a notice ("SL dropped to 20%") either to logins and departments
(:func:`broadcast_message`) or to a project's roles (:func:`project_broadcast`). Both refuse
bad input with :class:`BroadcastInputError`, which names the field.

Readings where the document is silent or contradicts itself:

* ``to`` is typed a string "one or several values separated by commas" in both field tables,
  but the examples show a JSON array: we send an array of strings (as
  ``wire_decisions.json`` records), one recipient per element, so a recipient may never
  contain a comma; recipients typed by a person may be separated by commas, semicolons,
  spaces or line breaks (:func:`split_recipients`), repeats are dropped.
* §3.6 names no mandatory field but a notice without text or without a recipient cannot be
  delivered: both are required. A recipient is a login or a department UUID (§4.1); the two
  cannot be told apart by their form, so each is only checked to be one word of at most 64
  characters. At most 100 recipients per notice.
* §3.7 says "all fields are mandatory" and also that ``to`` may be left empty for every
  active member of the project: ``to`` is always sent, as ``[]`` for everyone ("leave the
  field empty"), else a subset of ``agent`` and ``supervisor``. ``project_id`` must be a
  §4.1 UUID (letters and digits, 8–64).
* The document gives no length limit for ``message``; we allow 1000 characters (a notice is
  read at a glance).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from agent_toolbar.backends.naumen import messages as m

__all__ = [
    "MESSAGE_LIMIT",
    "RECIPIENT_LIMIT",
    "ROLES",
    "BroadcastInputError",
    "broadcast_message",
    "project_broadcast",
    "split_recipients",
]

MESSAGE_LIMIT = 1000
RECIPIENT_LIMIT = 100
#: The roles §3.7 names.
ROLES = ("agent", "supervisor")
_RECIPIENT = re.compile(r"^[^\s,;]{1,64}$")
_UUID = re.compile(r"^[A-Za-z0-9]{8,64}$")
_SEPARATORS = re.compile(r"[\s,;]+")


class BroadcastInputError(ValueError):
    """A broadcast cannot be built from this input.

    Attributes:
        field: ``message``, ``to`` or ``project`` (the notice's project).
        problem: ``missing``, ``format``, ``too_long``, ``too_many`` or ``unknown``.
    """

    def __init__(self, field: str, problem: str, text: str) -> None:
        super().__init__(text)
        self.field = field
        self.problem = problem


def split_recipients(text: str) -> list[str]:
    """Recipients typed by a person: separated by commas, semicolons, spaces or lines."""
    return [part for part in _SEPARATORS.split(text) if part]


def broadcast_message(text: str, recipients: Iterable[str]) -> m.BroadcastMessage:
    """A notice to logins and department UUIDs (§3.6)."""
    message = _text(text)
    to = _unique(recipient.strip() for recipient in recipients)
    if not to:
        raise BroadcastInputError("to", "missing", "name at least one login or department")
    if len(to) > RECIPIENT_LIMIT:
        raise BroadcastInputError(
            "to", "too_many", f"at most {RECIPIENT_LIMIT} recipients per notice"
        )
    for recipient in to:
        if not _RECIPIENT.match(recipient):
            raise BroadcastInputError(
                "to", "format", f"{recipient!r} is neither a login nor a department UUID"
            )
    return m.BroadcastMessage(message=message, to=tuple(to))


def project_broadcast(
    text: str, project_id: str, roles: Iterable[str]
) -> m.BroadcastProjectMessage:
    """A notice to a project's roles (§3.7); no roles: every active member of the project."""
    message = _text(text)
    project = project_id.strip()
    if not project:
        raise BroadcastInputError("project", "missing", "choose the project")
    if not _UUID.match(project):
        raise BroadcastInputError(
            "project",
            "format",
            f"{project!r} is not a project UUID (8–64 letters and digits, §4.1)",
        )
    to = _unique(role.strip().lower() for role in roles)
    for role in to:
        if role not in ROLES:
            raise BroadcastInputError(
                "to", "unknown", f"{role!r} is not a role (agent or supervisor)"
            )
    ordered = tuple(role for role in ROLES if role in to)
    return m.BroadcastProjectMessage(message=message, project_id=project, to=ordered)


def _text(text: str) -> str:
    message = text.strip()
    if not message:
        raise BroadcastInputError("message", "missing", "write the notice")
    if len(message) > MESSAGE_LIMIT:
        raise BroadcastInputError(
            "message", "too_long", f"the notice is longer than {MESSAGE_LIMIT} characters"
        )
    return message


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return list(seen)
