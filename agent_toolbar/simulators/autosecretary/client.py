"""The platform's HTTP side: Basic-authenticated requests to the CRM, each one recorded.

Every request, the activation test's included, carries ``Authorization: Basic``. A request
that gets no answer within the timeout (or cannot connect) is recorded with ``status=None``
and an ``error``; the rules of the call treat it like an answer other than 200.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass

import aiohttp

from agent_toolbar.simulators.autosecretary.wire import CONTENT_TYPE, Instruction, Json, encode


@dataclass
class Exchange:
    """One request of the platform and the CRM's answer.

    Attributes:
        method: ``"GET"`` or ``"POST"``.
        path: relative to the base URL: ``"CallEvent"`` or ``"CallEvent/<CallID>"``.
        call_id: the call it belongs to (``0`` for the activation POST, ``None`` for its GET).
        sent: the JSON object sent (``None`` for a GET).
        sent_body: the exact bytes sent.
        status: the answer's HTTP status, ``None`` when there was no answer.
        content_type: the answer's ``Content-Type`` header.
        received: the answer's body.
        error: why there was no answer.
        verdict: what the platform made of the answer (``"instruction"``, ``"nothing"``,
            ``"malformed: …"``, ``"not analysed"``, ``"stops requests"``, ``"stops polling"``,
            ``"activation ok"`` / ``"activation failed: …"``).
        instruction: the ``ReturnCRMData`` read from it, if any.
        at: ``time.monotonic()`` when the request started.
    """

    method: str
    path: str
    call_id: int | None
    sent: Json | None
    sent_body: bytes
    status: int | None = None
    content_type: str | None = None
    received: bytes = b""
    error: str | None = None
    verdict: str = ""
    instruction: Instruction | None = None
    at: float = 0.0


class CrmClient:
    """Sends the platform's requests to ``<base>/CallEvent…`` and keeps them all.

    Attributes:
        base: the CRM's base URL, without a trailing slash.
        exchanges: every request and its answer, in the order they started.
    """

    def __init__(
        self,
        base: str,
        user: str,
        password: str,
        *,
        timeout: float = 10.0,
        session: aiohttp.ClientSession | None = None,
    ) -> None:
        self.base = base.rstrip("/")
        self.exchanges: list[Exchange] = []
        # RFC 7617 with UTF-8; built by hand: aiohttp's own API for it changed across 3.x releases.
        self._authorization = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session = session
        self._own = session is None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session

    async def close(self) -> None:
        """Close the HTTP client if this one opened it."""
        if self._session is not None and self._own:
            await self._session.close()
        self._session = None

    async def get(self, path: str, call_id: int | None) -> Exchange:
        """``GET <base>/<path>``."""
        return await self._send(Exchange("GET", path, call_id, None, b""))

    async def post(self, path: str, body: Json, call_id: int | None) -> Exchange:
        """``POST <base>/<path>`` with ``body`` as JSON."""
        return await self._send(Exchange("POST", path, call_id, body, encode(body)))

    async def _send(self, exchange: Exchange) -> Exchange:
        exchange.at = time.monotonic()
        self.exchanges.append(exchange)
        headers = {"Accept": "application/json", "Authorization": self._authorization}
        if exchange.method == "POST":
            headers["Content-Type"] = CONTENT_TYPE
        try:
            async with self._client().request(
                exchange.method,
                f"{self.base}/{exchange.path}",
                data=exchange.sent_body if exchange.method == "POST" else None,
                headers=headers,
                allow_redirects=False,
            ) as answer:
                exchange.received = await answer.read()
                exchange.status = answer.status
                exchange.content_type = answer.headers.get("Content-Type")
        except (aiohttp.ClientError, TimeoutError) as error:
            exchange.error = f"{type(error).__name__}: {error}"
        return exchange
