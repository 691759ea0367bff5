"""``POST /webhook/<token>``: the cloud PBX's call events (the PBX webhook specification).

The PBX stores only a URL, so the secret is the last path segment; it is compared in constant
time and a wrong one is answered 404 (as if there were no such URL). A body larger than
``max_body_bytes`` is answered 413, a body that is not a JSON object or lacks ``SessionID`` /
``HookType`` 400 with the reason as JSON (``{"error": reason, "detail": ...}``). Everything
else is applied at once and answered 200 ``{"status": "ok" | "duplicate"}``; the toolbars'
frames are queued before the answer leaves, never awaited.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from aiohttp import web

from agent_toolbar.gateway.core import Core
from agent_toolbar.gateway.webhook import HookError, parse

__all__ = ["read_json", "routes"]

log = logging.getLogger(__name__)


class BodyError(ValueError):
    """A body refused before parsing: too large (413) or not JSON (400)."""

    def __init__(self, status: int, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.reason = reason


async def read_json(request: web.Request, limit: int) -> Any:
    """The request's JSON body, at most ``limit`` bytes.

    Raises:
        BodyError: larger than ``limit``, not UTF-8 or not JSON.
    """
    if request.content_length is not None and request.content_length > limit:
        raise BodyError(413, "body_too_large", f"the body is over {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    while chunk := await request.content.readany():  # a body may come in several pieces
        size += len(chunk)
        if size > limit:
            raise BodyError(413, "body_too_large", f"the body is over {limit} bytes")
        chunks.append(chunk)
    try:
        return json.loads(b"".join(chunks).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BodyError(400, "not_json", "the body is not JSON (UTF-8)") from None


def _refuse(status: int, reason: str, detail: str) -> web.Response:
    return web.json_response({"error": reason, "detail": detail}, status=status)


def routes(core: Core) -> list[web.RouteDef]:
    """The webhook route bound to ``core`` (none when webhooks are disabled)."""
    expected = (core.config.webhook_token or "").encode()
    limit = core.config.max_body_bytes

    async def webhook(request: web.Request) -> web.StreamResponse:
        token = request.match_info.get("token", "").encode()
        if not expected or not hmac.compare_digest(token, expected):
            core.reject("bad_webhook_token", remote=request.remote or "")
            raise web.HTTPNotFound()
        try:
            hook = parse(await read_json(request, limit))
        except BodyError as exc:
            core.reject(exc.reason, source="webhook")
            return _refuse(exc.status, exc.reason, str(exc))
        except HookError as exc:
            core.reject(exc.reason, source="webhook")
            return _refuse(400, exc.reason, str(exc))
        record = core.webhook_call(hook["SessionID"])
        if not record.apply(hook):
            core.metrics.inc("duplicates_total", "webhook")
            return web.json_response({"status": "duplicate"})
        core.metrics.inc("events_total", "webhook", hook["HookType"])
        log.debug(
            "hook",
            extra={
                "fields": {
                    "hook": hook["HookType"],
                    "session": hook["SessionID"],
                    "caller": hook.get("Caller", ""),
                    "called": hook.get("Called", ""),
                }
            },
        )
        core.store.changed(record)
        return web.json_response({"status": "ok"})

    if not expected:
        return []
    return [web.post("/webhook/{token}", webhook)]
