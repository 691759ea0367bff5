"""The gateway as an object: build the aiohttp app, listen, stop.

For a server::

    config = load(Path("gateway.ini"))
    async with Gateway(config) as gateway:   # listens on config.host:config.port
        await gateway.serve_forever()

In-process (``agent-toolbar --demo --backend webhook|autosecretary``, tests): build a
:class:`~agent_toolbar.gateway.config.GatewayConfig` in code (host ``127.0.0.1``, port 0)::

    async with Gateway(GatewayConfig(operators=(Operator.of("op", "0052002651"),),
                                     toolbar_tokens={"op": token},
                                     webhook_token=secret)) as gw:
        gw.url               # http://127.0.0.1:PORT
        gw.webhook_url       # http://127.0.0.1:PORT/webhook/<token> (give it to the fake PBX)
        gw.crm_base_url      # http://127.0.0.1:PORT/crm (the fake platform's base URL)
        gw.toolbar_url       # ws://127.0.0.1:PORT/toolbar
        gw.core              # state, metrics (for tests)

Routes: ``/healthz`` (200 ``{"status": "ok", ...}``), ``/metrics`` (Prometheus text),
``POST /webhook/<token>``, ``<base_path>/CallEvent…``, ``GET /toolbar``. A handler that fails
unexpectedly is logged and counted (``rejects_total{reason="internal_error"}``); under the
CRM base path the answer is still 200 "nothing to do" (the platform stops a call on any other
status), elsewhere 500. The access log is ours: paths are redacted (``/webhook/***``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
import time
from collections.abc import Awaitable, Callable
from types import TracebackType

from aiohttp import web

from agent_toolbar.gateway import crm_api, toolbar_api, webhook_api
from agent_toolbar.gateway.config import GatewayConfig
from agent_toolbar.gateway.core import SERVER, Core
from agent_toolbar.gateway.logfmt import Redactor

__all__ = ["Gateway"]

log = logging.getLogger(__name__)
access = logging.getLogger("agent_toolbar.gateway.access")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
SWEEP_SECONDS = 1.0


class Gateway:
    """One gateway: its state (:attr:`core`), its app and its listening socket."""

    def __init__(self, config: GatewayConfig) -> None:
        self.config = config
        self.core = Core(config)
        self._redactor = Redactor(config.secret_values())
        self._runner: web.AppRunner | None = None
        self._sweeper: asyncio.Task[None] | None = None
        self._stopped = asyncio.Event()
        self.port = 0
        self._started = time.monotonic()

    # ---- URLs -------------------------------------------------------------------------
    @property
    def scheme(self) -> str:
        """``https`` with a certificate, ``http`` otherwise."""
        return "https" if self.config.tls_cert else "http"

    @property
    def url(self) -> str:
        """The base URL on which the gateway listens."""
        host = self.config.host if self.config.host not in ("0.0.0.0", "::", "") else "127.0.0.1"
        return f"{self.scheme}://{host}:{self.port}"

    @property
    def webhook_url(self) -> str:
        """The URL to give the PBX (contains the secret)."""
        return f"{self.url}/webhook/{self.config.webhook_token or ''}"

    @property
    def crm_base_url(self) -> str:
        """The base URL to give the Autosecretary platform."""
        base = self.config.autosecretary.base_path if self.config.autosecretary else "/crm"
        return self.url + base

    @property
    def toolbar_url(self) -> str:
        """The toolbars' WebSocket URL."""
        return (
            ("wss" if self.scheme == "https" else "ws") + self.url[len(self.scheme) :] + "/toolbar"
        )

    # ---- life -------------------------------------------------------------------------
    def app(self) -> web.Application:
        """The aiohttp application (routes and middleware)."""
        app = web.Application(
            middlewares=[self._middleware], client_max_size=self.config.max_body_bytes
        )
        app.add_routes(
            [
                web.get("/healthz", self._healthz),
                web.get("/metrics", self._metrics),
                *webhook_api.routes(self.core),
                *crm_api.routes(self.core),
                *toolbar_api.routes(self.core),
            ]
        )
        return app

    async def start(self) -> None:
        """Listen (``port`` 0 picks a free port; :attr:`port` tells which)."""
        context = None
        if self.config.tls_cert and self.config.tls_key:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(self.config.tls_cert, self.config.tls_key)
        self._runner = web.AppRunner(self.app(), access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(
            self._runner,
            self.config.host,
            self.config.port,
            ssl_context=context,
            reuse_address=True,
        )
        await site.start()
        addresses = self._runner.addresses
        self.port = int(addresses[0][1]) if addresses else self.config.port
        self._sweeper = asyncio.ensure_future(self._sweep())
        log.info(
            "listening",
            extra={"fields": {"url": self.url, "tls": context is not None, "server": SERVER}},
        )

    async def stop(self) -> None:
        """Close every toolbar connection and stop listening."""
        if self._sweeper:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
            self._sweeper = None
        self.core.hub.close_all()
        if self._runner:
            await self._runner.cleanup()
            self._runner = None
        self._stopped.set()
        log.info("stopped")

    async def serve_forever(self) -> None:
        """Wait until :meth:`stop` is called."""
        await self._stopped.wait()

    async def __aenter__(self) -> Gateway:
        await self.start()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # ---- handlers ---------------------------------------------------------------------
    async def _sweep(self) -> None:
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            try:
                self.core.sweep()
            except Exception:
                log.exception("sweep failed")

    async def _healthz(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "status": "ok",
                "server": SERVER,
                "instance": self.core.instance,
                "uptime": round(time.monotonic() - self._started, 1),
                "toolbars": self.core.hub.count,
            }
        )

    async def _metrics(self, request: web.Request) -> web.Response:
        return web.Response(
            text=self.core.metrics.render(),
            content_type="text/plain",
            charset="utf-8",
            headers={"X-Content-Type-Options": "nosniff"},
        )

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        began = time.perf_counter()
        status = 500
        try:
            response = await handler(request)
            status = response.status
            return response
        except web.HTTPException as exc:
            status = exc.status
            raise
        except (asyncio.CancelledError, ConnectionResetError):
            raise
        except Exception:
            self.core.reject("internal_error")
            log.exception(
                "handler failed", extra={"fields": {"path": self._redactor.text(request.path)}}
            )
            base = self.config.autosecretary.base_path if self.config.autosecretary else None
            if base and request.path.startswith(base + "/"):
                status = 200
                return crm_api.return_crm_data(0)
            raise web.HTTPInternalServerError(text="internal error") from None
        finally:
            if access.isEnabledFor(logging.DEBUG):
                access.debug(
                    "%s %s %s",
                    request.method,
                    self._redactor.text(request.path),
                    status,
                    extra={"fields": {"ms": round((time.perf_counter() - began) * 1000, 2)}},
                )
