"""``SendPmsRestRequest`` (§3.58) for a call result and for a callback, from typed inputs.

The document's two examples are the whole contract we know of the PMS REST API: example 2
sets a call's result (``finishAction.callDisposition``), example 1 postpones the call to a
callback (``adjournAction``). Both ``POST`` to
``/api/v2/project/<project UUID>/interaction/<interaction>`` with the same ``initData`` and
the headers ``Content-Type: application/json`` and ``RUN_AS_USER: <operator login>``, and a
``timeout`` of 10. :func:`disposition_request` and :func:`callback_request` build exactly
those shapes — every field the example has, in its order, empty strings where the example
has them — and refuse bad input with :class:`PmsInputError`, which names the field.

Readings where the document is silent:

* The last path segment (``node_domain_0_nauss_0_1597273401_29`` in the examples) is the
  call's ``params.sessionId``: the system-wide identifier of the conversation (§3.44), which
  is what the PMS knows an interaction by; the ``cid`` is only the phone's.
* The project UUID comes from a call parameter (``ProjectId`` by default, as the simulator and
  CRM integrations set it); it is a §4.1 UUID: letters and digits only. The examples' two
  project UUIDs differ in length (31 and 32 characters, a typesetting accident), so the
  length is bounded (8–64), not fixed.
* ``initData``: ``source`` is the caller and ``destination`` the called number (the example
  values are a caller number and a project's number); ``caseUuid``, ``caseId`` and
  ``creationDate`` are taken from call parameters of those names when present, else sent
  empty as the examples send ``caseId`` and ``creationDate``. ``clientId`` likewise.
* ``adjournDate`` is ISO 8601 with seconds and the UTC offset (``2020-11-28T16:28:00+05:00``):
  a time without an offset is refused (it would be read in the server's zone); it must lie
  in the future and within a year. ``agentLogin`` is who calls back (the example postpones
  to another operator); ``phone`` the number to call (digits, an optional ``+``; spaces,
  dashes and brackets are dropped); ``agentComment`` at most 500 characters.
* ``timeout`` is in seconds (the example's ``10``), 1–300. The reply is the usual ``Ok`` or
  ``Error``; the document shows no response body.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.cti.dispositions import CODE_PATTERN, Catalogue

__all__ = [
    "COMMENT_LIMIT",
    "DEFAULT_TIMEOUT",
    "Interaction",
    "PmsInputError",
    "callback_request",
    "disposition_request",
    "interaction_path",
]

DEFAULT_TIMEOUT = 10
COMMENT_LIMIT = 500
CALLBACK_HORIZON = timedelta(days=366)
_UUID = re.compile(r"^[A-Za-z0-9]{8,64}$")
_INTERACTION = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")
_LOGIN = re.compile(r"^[^\s,/]{1,64}$")
_PHONE = re.compile(r"^\+?[0-9]{2,20}$")
_PHONE_NOISE = re.compile(r"[\s()\-.]")


class PmsInputError(ValueError):
    """A PMS request cannot be built from this input.

    Attributes:
        field: The input at fault (``project_id``, ``session_id``, ``code``, ``when``,
            ``phone``, ``agent_login``, ``comment``, ``run_as``, ``timeout``).
        problem: What is wrong, as a short key (``missing``, ``format``, ``unknown``,
            ``naive``, ``past``, ``too_far``, ``too_long``, ``range``).
    """

    def __init__(self, field: str, problem: str, text: str) -> None:
        super().__init__(text)
        self.field = field
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Interaction:
    """The call a PMS request is about (the path and ``initData``).

    Attributes:
        project_id: The project's UUID (§4.1).
        session_id: The call's ``params.sessionId``.
        source: The caller's number.
        destination: The called number.
        case_uuid: The PMS case UUID, when the call carries one.
        case_id: The PMS case number, when the call carries one.
        creation_date: The case's creation date, when the call carries one.
        client_id: The customer's id in the PMS, when the call carries one.
    """

    project_id: str
    session_id: str
    source: str = ""
    destination: str = ""
    case_uuid: str = ""
    case_id: str = ""
    creation_date: str = ""
    client_id: str = ""

    @classmethod
    def from_params(
        cls, params: Mapping[str, str] | None, *, project_param: str = "ProjectId"
    ) -> Interaction:
        """The interaction described by a call's parameters (raises when one is missing)."""
        values = dict(params or {})
        project = values.get(project_param, "").strip()
        if not project:
            raise PmsInputError(
                "project_id", "missing", f"the call has no {project_param} parameter"
            )
        session = values.get("sessionId", "").strip()
        if not session:
            raise PmsInputError("session_id", "missing", "the call has no sessionId yet")
        return cls(
            project_id=project,
            session_id=session,
            source=values.get("caller", ""),
            destination=values.get("called", ""),
            case_uuid=values.get("caseUuid", ""),
            case_id=values.get("caseId", ""),
            creation_date=values.get("creationDate", ""),
            client_id=values.get("clientId", ""),
        )


def interaction_path(interaction: Interaction) -> str:
    """``/api/v2/project/<UUID>/interaction/<sessionId>``, both parts checked."""
    project = interaction.project_id.strip()
    if not project:
        raise PmsInputError("project_id", "missing", "the project UUID is empty")
    if not _UUID.match(project):
        raise PmsInputError(
            "project_id",
            "format",
            f"{project!r} is not a project UUID (8–64 letters and digits, §4.1)",
        )
    session = interaction.session_id.strip()
    if not session:
        raise PmsInputError("session_id", "missing", "the call's sessionId is empty")
    if not _INTERACTION.match(session):
        raise PmsInputError(
            "session_id",
            "format",
            "the sessionId may hold only letters, digits and _ . : - (at most 128)",
        )
    return f"/api/v2/project/{project}/interaction/{session}"


def disposition_request(
    interaction: Interaction,
    code: str,
    *,
    run_as: str,
    catalogue: Catalogue | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> m.SendPmsRestRequest:
    """The request setting a call's result (the shape of §3.58 example 2).

    Args:
        interaction: The call.
        code: The disposition code (``CRR_DISCONNECT`` …).
        run_as: The operator's login (``RUN_AS_USER``: the PMS records them as the author).
        catalogue: When given and not empty, ``code`` must be one of its codes.
        timeout: Seconds the PMS may take.
    """
    code = code.strip()
    if not code:
        raise PmsInputError("code", "missing", "choose a call result")
    if not CODE_PATTERN.match(code):
        raise PmsInputError("code", "format", f"{code!r} is not a disposition code")
    if catalogue and catalogue.get(code) is None:
        raise PmsInputError("code", "unknown", f"{code} is not in the list of call results")
    data = {
        "initData": _init_data(interaction),
        "finishAction": {"callDisposition": code, "clientId": interaction.client_id},
    }
    return _request(interaction, data, run_as=run_as, timeout=timeout)


def callback_request(
    interaction: Interaction,
    *,
    when: datetime,
    now: datetime,
    phone: str,
    agent_login: str,
    comment: str,
    run_as: str,
    timeout: float = DEFAULT_TIMEOUT,
) -> m.SendPmsRestRequest:
    """The request postponing a call to a callback (the shape of §3.58 example 1).

    Args:
        interaction: The call.
        when: When to call back; must carry its UTC offset and lie in the future.
        now: The present moment (aware), against which ``when`` is checked.
        phone: The number to call back.
        agent_login: Who calls back (the operator themself or a colleague).
        comment: A note for whoever calls back (may be empty).
        run_as: The operator's login (``RUN_AS_USER``).
        timeout: Seconds the PMS may take.
    """
    if when.tzinfo is None or when.utcoffset() is None:
        raise PmsInputError("when", "naive", "the callback time needs its time zone")
    if when <= now:
        raise PmsInputError("when", "past", "the callback time has already passed")
    if when - now > CALLBACK_HORIZON:
        raise PmsInputError("when", "too_far", "the callback time is more than a year ahead")
    number = _PHONE_NOISE.sub("", phone)
    if not number:
        raise PmsInputError("phone", "missing", "give the number to call back")
    if not _PHONE.match(number):
        raise PmsInputError("phone", "format", f"{phone!r} is not a phone number")
    agent = agent_login.strip()
    if not agent:
        raise PmsInputError("agent_login", "missing", "name the operator who calls back")
    if not _LOGIN.match(agent):
        raise PmsInputError("agent_login", "format", f"{agent!r} is not a login")
    note = comment.strip()
    if len(note) > COMMENT_LIMIT:
        raise PmsInputError(
            "comment", "too_long", f"the comment is longer than {COMMENT_LIMIT} characters"
        )
    data = {
        "initData": _init_data(interaction),
        "adjournAction": {
            "adjournDate": when.replace(microsecond=0).isoformat(timespec="seconds"),
            "agentComment": note,
            "agentLogin": agent,
            "phone": number,
        },
    }
    return _request(interaction, data, run_as=run_as, timeout=timeout)


def _init_data(interaction: Interaction) -> dict[str, str]:
    return {
        "creationDate": interaction.creation_date,
        "caseId": interaction.case_id,
        "caseUuid": interaction.case_uuid,
        "source": interaction.source,
        "destination": interaction.destination,
    }


def _request(
    interaction: Interaction, data: dict[str, Any], *, run_as: str, timeout: float
) -> m.SendPmsRestRequest:
    path = interaction_path(interaction)
    login = run_as.strip()
    if not login:
        raise PmsInputError("run_as", "missing", "the operator's login is unknown")
    if not _LOGIN.match(login):
        raise PmsInputError("run_as", "format", f"{login!r} is not a login")
    if not 1 <= timeout <= 300:
        raise PmsInputError("timeout", "range", "the PMS timeout is 1–300 seconds")
    return m.SendPmsRestRequest(
        path=path,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json", "RUN_AS_USER": login},
        timeout=int(timeout) if float(timeout).is_integer() else timeout,
    )
