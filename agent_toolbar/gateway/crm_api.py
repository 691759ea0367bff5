"""The CRM API the Autosecretary platform calls («Автосекретарь-CRM v. 2»), under ``base_path``.

* HTTP Basic on every request; wrong or missing credentials: 401 (the activation test then
  fails, which is what an administrator needs to see).
* Activation test: ``GET <base>/CallEvent`` and ``POST <base>/CallEvent/0`` (empty
  ``CRMDData``, the configured number in ``UN``) are answered 200
  ``application/json; charset=UTF-8`` with "nothing to do".
* ``POST <base>/CallEvent`` (and ``/CallEvent/{CallID}``): **always 200** once authenticated —
  any other status would make the platform stop every request for the call — even for a
  body it cannot use (counted in ``rejects_total`` and logged). For ``CallAccepted``,
  ``CallAnswered``, ``HelloMessage``, ``DTMF`` and ``PrepareToConnect`` the answer carries the
  operator's queued instruction, if one fits.
* ``GET <base>/CallEvent/{CallID}``: the next queued instruction, or "nothing to do".

Every answer is a well-formed ``ReturnCRMData`` ``{"CallID": <int64>, "EventType": <int>,
"Param": <string>}``. Reading: "nothing to do" is ``EventType`` 0 with ``Param`` "" and the
call's own ``CallID`` — the specification names no such value, but a body in the ``ReturnCRMData``
format keeps the platform polling (a malformed GET answer would stop polling for the call),
and 0 is none of the action codes 1–12, so no action follows. The specification prints both
``ReturnCRMData`` and ``ReturnCRMDData``; its first field table is misaligned, and its second
(outgoing service) reads ``EventType`` = action code (int) and ``Param`` (string): so do we.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import logging
from typing import Any

from aiohttp import web

from agent_toolbar.gateway.autosecretary import POST_ANSWER_EVENTS, EventError, call_id_of, parse
from agent_toolbar.gateway.core import Core
from agent_toolbar.gateway.instructions import Pending
from agent_toolbar.gateway.webhook_api import BodyError, read_json
from agent_toolbar.gateway.wire import ACTIONS

__all__ = ["CONTENT_TYPE", "return_crm_data", "routes"]

log = logging.getLogger(__name__)
CONTENT_TYPE = "application/json; charset=UTF-8"


def return_crm_data(call_id: int, pending: Pending | None = None) -> web.Response:
    """A ``ReturnCRMData`` answer: ``pending``'s action, or "nothing to do"."""
    body = {
        "CallID": call_id,
        "EventType": ACTIONS[pending.action] if pending else 0,
        "Param": pending.param if pending else "",
    }
    return web.Response(
        body=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": CONTENT_TYPE},
    )


def _empty(value: Any) -> bool:
    return value in (None, "", 0, "0")


def routes(core: Core) -> list[web.RouteDef]:
    """The CRM API routes bound to ``core`` (none when the Autosecretary is disabled)."""
    settings = core.config.autosecretary
    if settings is None:
        return []
    expected = f"{settings.user}:{settings.password}".encode()
    limit = core.config.max_body_bytes
    base = settings.base_path.rstrip("/")

    def authorized(request: web.Request) -> bool:
        header = request.headers.get("Authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            given = base64.b64decode(value.strip(), validate=True)
        except (binascii.Error, ValueError):
            return False
        return hmac.compare_digest(given, expected)

    def unauthorized() -> web.Response:
        core.reject("bad_basic_auth", source="autosecretary")
        return web.Response(
            status=401,
            body=b'{"error":"unauthorized"}',
            headers={"Content-Type": CONTENT_TYPE, "WWW-Authenticate": 'Basic realm="crm"'},
        )

    def activation(method: str, un: Any = "") -> web.Response:
        core.metrics.inc("activation_tests_total", method)
        log.info("activation test", extra={"fields": {"method": method, "un": str(un or "")}})
        return return_crm_data(0)

    async def activation_get(request: web.Request) -> web.Response:
        if not authorized(request):
            return unauthorized()
        return activation("GET")

    async def post_event(request: web.Request) -> web.Response:
        if not authorized(request):
            return unauthorized()
        path_id = request.match_info.get("call_id")
        try:
            body = await read_json(request, limit)
        except BodyError as exc:
            core.reject(exc.reason, source="autosecretary")
            return return_crm_data(0)
        data = body.get("CRMDData", body) if isinstance(body, dict) else body
        if isinstance(data, dict) and (
            path_id == "0" or (_empty(data.get("CallID")) and _empty(data.get("EventType")))
        ):
            return activation("POST", data.get("UN"))
        if isinstance(data, dict) and path_id and _empty(data.get("CallID")):
            data = {**data, "CallID": path_id}  # POST <base>/CallEvent/{CallID}
        try:
            event = parse(data)
        except EventError as exc:
            core.reject(exc.reason, source="autosecretary")
            call_id = 0
            if isinstance(data, dict):
                try:
                    call_id = call_id_of(data.get("CallID"))
                except EventError:
                    call_id = 0
            return return_crm_data(call_id)
        return apply(event)

    def apply(event: dict[str, Any]) -> web.Response:
        call_id = event["CallID"]
        record = core.autosecretary_call(call_id)
        assert record is not None
        if not record.apply(event, core.router):
            core.metrics.inc("duplicates_total", "autosecretary")
            return return_crm_data(call_id)
        core.metrics.inc("events_total", "autosecretary", record.last_event)
        log.debug(
            "call event",
            extra={
                "fields": {
                    "event": record.last_event,
                    "call": record.key,
                    "an": event.get("AN", ""),
                    "dn1": event.get("DN1", ""),
                    "result": event.get("Result", ""),
                }
            },
        )
        kind = event["EventType"]
        core.instructions.event(record, kind, event.get("Result"))
        core.store.changed(record)
        pending = None
        if kind in POST_ANSWER_EVENTS and not record.ended:
            pending = core.instructions.take(record, event_type=kind)
            if pending is not None:
                core.store.changed(record)
        return return_crm_data(call_id, pending)

    async def poll(request: web.Request) -> web.Response:
        if not authorized(request):
            return unauthorized()
        try:
            call_id = call_id_of(request.match_info["call_id"])
        except EventError as exc:
            core.reject(exc.reason, source="autosecretary")
            return return_crm_data(0)
        core.metrics.inc("events_total", "autosecretary", "poll")
        record = core.autosecretary_call(call_id, create=False)
        pending = None
        if record is not None and not record.ended:
            pending = core.instructions.take(record, event_type=None)
            if pending is not None:
                core.store.changed(record)  # what is possible now may have changed
        return return_crm_data(call_id, pending)

    return [
        web.get(f"{base}/CallEvent", activation_get, allow_head=False),
        web.post(f"{base}/CallEvent", post_event),
        web.post(f"{base}/CallEvent/{{call_id}}", post_event),
        # no HEAD: a HEAD poll would mark an instruction delivered with no body to carry it
        web.get(f"{base}/CallEvent/{{call_id}}", poll, allow_head=False),
    ]
