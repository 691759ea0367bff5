"""The session: one operator's state, fed by a backend, read by the UI and side effects.

Data flows one way. The backend delivers domain events; :func:`reduce` (re-exported here)
turns each into a new immutable :class:`SessionState`; listeners get the old and new state
and the :mod:`transitions <agent_toolbar.cti.transitions>` between them. Intents go the
other way through :meth:`Session.execute`, which records them as events so the state shows
what is in flight and why a command failed.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence

from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import state_is_settled
from agent_toolbar.cti.backend import Backend
from agent_toolbar.cti.connection import LinkState
from agent_toolbar.cti.model import SecureMode, SessionState, StateChoice
from agent_toolbar.cti.outcomes import (
    Accepted,
    CommandError,
    CommandFailure,
    FailureReason,
    IntentStage,
)
from agent_toolbar.cti.reducer import reduce
from agent_toolbar.cti.transitions import Transition, diff

__all__ = ["Listener", "Session", "reduce"]

log = logging.getLogger(__name__)

Listener = Callable[[SessionState, SessionState, Sequence[Transition]], None]


class Session:
    """Holds the current state of one operator and runs intents through the backend.

    Listeners are called synchronously after every event with ``(old, new, transitions)``;
    a listener that raises is logged and does not stop the others.
    """

    def __init__(self, backend: Backend, *, clock: Callable[[], float] = time.time) -> None:
        """Create a session over ``backend`` (events flow in as soon as it runs)."""
        self._backend = backend
        self._clock = clock
        self._listeners: list[Listener] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._expiries: dict[tuple[str, str], asyncio.TimerHandle] = {}
        self.state = SessionState(
            login=backend.login,
            identity=backend.identity,
            connection=backend.status,
            capabilities=backend.capabilities,
        )
        backend.subscribe(self.apply)

    @property
    def backend(self) -> Backend:
        """The backend behind this session."""
        return self._backend

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener(old, new, transitions)`` after every state change."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        """Stop calling ``listener``."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def apply(self, event: ev.DomainEvent) -> None:
        """Apply one event (stamping its time if the backend did not) and notify."""
        if not event.at:
            object.__setattr__(event, "at", self._clock())
        old = self.state
        new = reduce(old, event)
        if new is old:
            return
        self.state = new
        changes = diff(old, new, event)
        for listener in tuple(self._listeners):
            try:
                listener(old, new, changes)
            except Exception:
                log.exception("state listener %r failed", listener)
        self._apply_next_state(new)

    async def execute(self, intent: it.Intent) -> CommandFailure | None:
        """Send an intent; return ``None`` when accepted or the typed reason it failed.

        Never raises for command failures: the failure is also put on the state (on the
        call's card, or as the state selector's error) so the operator sees it, worded by
        the UI. A command the backend only *accepted* (:class:`Accepted`) stays in flight
        until the backend confirms it or ``confirm_within`` runs out (then EXPIRED).
        """
        secure = self._secure_for(intent)
        log.info("intent %s", intent.describe(secure=secure))
        self.apply(ev.IntentIssued(intent=intent, at=self._clock()))
        error: CommandFailure | None = None
        accepted: Accepted | None = None
        if not self.state.capabilities.has(intent.feature):
            error = CommandFailure(FailureReason.UNSUPPORTED)
        else:
            try:
                accepted = await self._backend.execute(intent)
            except CommandError as exc:
                error = exc.failure
                log.warning("intent %s failed: %s", intent.describe(secure=secure), exc)
            except asyncio.CancelledError:
                cancelled = CommandFailure(FailureReason.CANCELLED)
                self.apply(ev.IntentSettled(intent=intent, error=cancelled, at=self._clock()))
                raise
            except Exception:
                log.exception("intent %s failed unexpectedly", intent.describe(secure=secure))
                error = CommandFailure(FailureReason.INTERNAL)
        if error is not None and error.reason is FailureReason.UNSUPPORTED:
            log.warning("intent %s refused: not supported", intent.describe(secure=secure))
        if accepted is not None and error is None:
            self._expire_later(intent, accepted.confirm_within)
        self.apply(
            ev.IntentSettled(intent=intent, error=error, accepted=accepted, at=self._clock())
        )
        return error

    def _expire_later(self, intent: it.Intent, seconds: float) -> None:
        """EXPIRE an accepted command that nothing confirms within ``seconds``."""
        key = (intent.call_id, intent.action)
        old = self._expiries.pop(key, None)
        if old is not None:
            old.cancel()

        def expire() -> None:
            self._expiries.pop(key, None)
            if key in self.state.commands:
                log.warning("intent %s was never confirmed: expired", intent.describe())
                self.apply(
                    ev.IntentProgressed(intent=intent, stage=IntentStage.EXPIRED, at=self._clock())
                )

        loop = asyncio.get_running_loop()
        self._expiries[key] = loop.call_later(max(0.0, seconds), expire)

    def submit(self, intent: it.Intent) -> asyncio.Task[None]:
        """Run :meth:`execute` in the background, keeping the task referenced."""

        async def runner() -> None:
            await self.execute(intent)

        task = asyncio.ensure_future(runner())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def queue_next_state(self, choice: StateChoice | None) -> None:
        """Apply ``choice`` once no call rings, talks or waits in wrap-up (None cancels)."""
        self.apply(ev.NextStateQueued(choice=choice, at=self._clock()))

    def dismiss_error(self, cid: str) -> None:
        """Clear the error shown on a call's card."""
        self.apply(ev.CallErrorDismissed(cid=cid, at=self._clock()))

    async def close(self) -> None:
        """Wait for (then cancel) commands still in flight."""
        for handle in self._expiries.values():
            handle.cancel()
        self._expiries.clear()
        pending = [t for t in self._tasks if not t.done()]
        if pending:
            _, still = await asyncio.wait(pending, timeout=2.0)
            for task in still:
                task.cancel()
            await asyncio.gather(*still, return_exceptions=True)

    def _secure_for(self, intent: it.Intent) -> bool:
        call = self.state.calls.get(intent.call_id) if intent.call_id else None
        if call is None:
            return any(c.secure is not SecureMode.OFF for c in self.state.calls.values())
        return call.secure is not SecureMode.OFF

    def _apply_next_state(self, state: SessionState) -> None:
        choice = state.next_state
        if choice is None or state.connection.state is not LinkState.CONNECTED:
            return
        if not state.synced or not state_is_settled(state):
            return
        if ("", "change_state") in state.inflight:
            return
        log.info("calls are over: applying the queued state %s", choice)
        self.apply(ev.NextStateQueued(choice=None, at=self._clock()))
        self.submit(it.ChangeState(choice.state, choice.reason))
