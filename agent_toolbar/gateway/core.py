"""The gateway's state in one place: calls, instructions, toolbars and metrics.

The HTTP handlers (:mod:`~agent_toolbar.gateway.webhook_api`,
:mod:`~agent_toolbar.gateway.crm_api`, :mod:`~agent_toolbar.gateway.toolbar_api`) call into
a :class:`Core`; it applies events to the :class:`~agent_toolbar.gateway.store.Store`, which
publishes changed views through :meth:`Core.publish_call` to the :class:`~agent_toolbar.
gateway.hub.Hub`. Everything runs on one event loop without awaiting, so an event and the
frames it causes are one atomic step.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from agent_toolbar import __version__
from agent_toolbar.gateway.autosecretary import AutosecretaryCall
from agent_toolbar.gateway.config import GatewayConfig
from agent_toolbar.gateway.hub import Hub
from agent_toolbar.gateway.instructions import Instructions, Pending
from agent_toolbar.gateway.metrics import Metrics
from agent_toolbar.gateway.store import Router, Store
from agent_toolbar.gateway.webhook import WebhookCall
from agent_toolbar.gateway.wire import encode

__all__ = ["Core"]

log = logging.getLogger(__name__)
SERVER = f"agent-toolbar-gateway/{__version__}"


class Core:
    """Shared state of one gateway process."""

    def __init__(self, config: GatewayConfig) -> None:
        self.config = config
        self.instance = uuid.uuid4().hex[:12]
        self.metrics = Metrics()
        self.router = Router(config.operators)
        self.hub = Hub(
            self.metrics,
            queue_size=config.send_queue,
            max_per_login=config.max_connections_per_login,
            max_total=config.max_toolbars,
        )
        self.store = Store(
            self.router,
            self.publish_call,
            retention=config.ended_retention_seconds,
            max_calls=config.max_calls,
        )
        self.instructions = Instructions(self.notify_instruction, config.instruction_ttl_seconds)
        self.metrics.gauge(
            "toolbars_connected", "Toolbar connections open now", lambda: {(): self.hub.count}
        )
        self.metrics.gauge(
            "calls_active", "Calls not ended, by source", self.store.count_active, ("source",)
        )

    def publish_call(self, login: str, event: str, call_json: str) -> None:
        """Send one operator's changed view of a call (JSON text) to their toolbars."""
        head = encode({"type": "call", "event": event})
        self.hub.publish(login, f'{head[:-1]},"call":{call_json}}}')

    def notify_instruction(self, pending: Pending) -> None:
        """Count an instruction's new status and tell its operator's toolbars."""
        self.metrics.inc("instructions_total", pending.status)
        log.info(
            "instruction %s",
            pending.status,
            extra={
                "fields": {
                    "instruction": pending.id,
                    "call": pending.call_key,
                    "action": pending.action,
                    "login": pending.login,
                    "channel": pending.channel,
                    "reason": pending.reason,
                }
            },
        )
        self.hub.publish(
            pending.login, encode({"type": "instruction", "instruction": pending.wire()})
        )

    def snapshot(self, login: str) -> str:
        """The ``snapshot`` frame for ``login``."""
        calls = ",".join(self.store.active_json(login))
        instructions = encode(self.instructions.open_for(login))
        return f'{{"type":"snapshot","calls":[{calls}],"instructions":{instructions}}}'

    def webhook_call(self, session_id: str) -> WebhookCall:
        """The record of ``SessionID`` (created on first sight)."""
        key = "wh:" + session_id
        record = self.store.get(key)
        if not isinstance(record, WebhookCall):
            record = WebhookCall(session_id)
            self.store.add(record)
        return record

    def autosecretary_call(self, call_id: int, *, create: bool = True) -> AutosecretaryCall | None:
        """The record of ``CallID`` (created on first sight when ``create``)."""
        record = self.store.get(f"as:{call_id}")
        if isinstance(record, AutosecretaryCall):
            return record
        if not create:
            return None
        fresh = AutosecretaryCall(call_id)
        self.store.add(fresh)
        return fresh

    def reject(self, reason: str, **fields: Any) -> None:
        """Count and log a refused request or frame."""
        self.metrics.inc("rejects_total", reason)
        log.warning("rejected: %s", reason, extra={"fields": {"reason": reason, **fields}})

    def sweep(self) -> None:
        """Periodic housekeeping: expire instructions, forget old calls."""
        self.instructions.sweep()
        self.store.sweep()
