"""The running toolbar's side of :mod:`agent_toolbar.app.remote_commands`.

:class:`RemoteControl` takes the request lines the single-instance channel passes on, does
what they ask on the current session and answers each with one line:

* ``command`` answer / hangup / hold / mute / ready act on the same call as the hotkey of
  that name (:func:`agent_toolbar.ui.shell.hotkeys.resolve`): the ringing call for answer,
  the active one otherwise; ``not-ready`` sets the given (or first configured) reason. A
  state chosen during a call is queued, as in the state menu, and answered ``queued``.
* ``dial`` calls the (already checked) number; with ``ui/confirm_dial`` the operator first
  confirms it in a small dialog that comes forward (nothing else takes the focus).

The answer is ``done`` once the phone system accepted the command, ``refused`` with the
reason otherwise (the same words the card would show). Nothing here blocks the loop.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, Protocol

from agent_toolbar.app.remote_commands import Reply, Request, decode_request
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Action, global_actions
from agent_toolbar.cti.model import StateChoice
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import QObject, QtCore, QtNetwork, QtWidgets
from agent_toolbar.settings import Settings
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.common.tr import fill
from agent_toolbar.ui.shell.hotkeys import resolve
from agent_toolbar.ui.window.state_selector import plan_choice

if TYPE_CHECKING:
    from agent_toolbar.app.single_instance import SingleInstance

__all__ = ["RemoteControl"]

log = logging.getLogger(__name__)


class _Host(Protocol):
    """What the toolbar offers the remote control (the current connection may change)."""

    settings: Settings
    session: Session | None
    window: Any


def masked(number: str) -> str:
    """``number`` with all but its last 4 characters hidden (for the log)."""
    return "…" + number[-4:] if len(number) > 4 else "…"


class RemoteControl(QObject):
    """Serves remote commands for ``host`` (the :class:`~agent_toolbar.app.shell.Toolbar`).

    Attributes:
        confirm_dialog: The open "Call …?" dialog of ``ui/confirm_dial`` (tests accept it).
    """

    def __init__(self, host: _Host, parent: QObject | None = None) -> None:
        """Serve nothing until :meth:`attach`."""
        super().__init__(parent)
        self._host = host
        self._tasks: set[asyncio.Task[Any]] = set()
        self.confirm_dialog: QtWidgets.QMessageBox | None = None

    def attach(self, instance: SingleInstance) -> None:
        """Take the requests ``instance`` receives."""
        instance.set_request_handler(self.handle)

    def handle(self, line: bytes, client: QtNetwork.QLocalSocket) -> None:
        """Check one request line and start doing it; the answer goes back on ``client``."""
        try:
            request = decode_request(line)
        except ValueError as exc:
            log.warning("remote request refused: %s", exc)
            self._answer(client, Reply("bad", str(exc)))
            return
        task = asyncio.ensure_future(self._serve(request, client))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        """Stop what is still running (on quit)."""
        if self.confirm_dialog is not None:
            self.confirm_dialog.reject()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _serve(self, request: Request, client: QtNetwork.QLocalSocket) -> None:
        try:
            reply = await self.perform(request)
        except asyncio.CancelledError:
            self._answer(
                client,
                Reply(
                    "refused",
                    QtCore.QCoreApplication.translate("RemoteControl", "agent-toolbar is quitting"),
                ),
            )
            raise
        except Exception as exc:  # never leave the sender waiting
            log.exception("remote request %s failed", request.op)
            reply = Reply("refused", f"{type(exc).__name__}: {exc}")
        self._answer(client, reply)

    async def perform(self, request: Request) -> Reply:
        """Do ``request`` on the current session; return the answer."""
        what = masked(request.value) if request.op == "dial" else request.value
        log.info("remote request: %s %s", request.op, what)
        session = self._host.session
        if session is None or not session.state.synced:
            reply = Reply(
                "refused",
                QtCore.QCoreApplication.translate(
                    "RemoteControl", "the toolbar is not connected to the phone system"
                ),
            )
        elif request.op == "dial":
            reply = await self._dial(session, request.value)
        else:
            reply = await self._command(session, request)
        log.info("remote request %s %s: %s %s", request.op, what, reply.status, reply.message)
        return reply

    async def _command(self, session: Session, request: Request) -> Reply:
        state = session.state
        name = request.value
        intent: it.Intent | None
        queue: StateChoice | None
        message: str | None
        if name == "not-ready":
            reasons = [str(r) for r in self._host.settings.get("reasons/away") or []]
            reason = request.reason or (reasons[0] if reasons else "")
            if request.reason and request.reason not in reasons:
                return Reply(
                    "bad",
                    fill(
                        QtCore.QCoreApplication.translate(
                            "RemoteControl", "“%1” is not a configured reason"
                        ),
                        reason,
                    ),
                )
            verdict = global_actions(state)[Action.CHANGE_STATE]
            if not verdict.ok:
                return Reply("refused", texts.why_text(verdict.why) if verdict.why else "")
            plan = plan_choice(state, StateChoice("away", reason or None))
            intent, queue, message = plan.intent, plan.queue, None
        else:
            outcome = resolve(name, state)
            intent, queue, message = outcome.intent, outcome.queue, outcome.message
        if message:
            return Reply("refused", message)
        if intent is not None:
            error = await session.execute(intent)
            if error is not None:
                return Reply("refused", texts.command_failure_text(error))
            return Reply(
                "done",
                fill(QtCore.QCoreApplication.translate("RemoteControl", "done: %1"), name),
            )
        if queue is not None:
            session.queue_next_state(queue)
            return Reply(
                "queued",
                fill(
                    QtCore.QCoreApplication.translate(
                        "RemoteControl", "%1: queued for when the calls are over"
                    ),
                    name,
                ),
            )
        return Reply(
            "refused",
            fill(
                QtCore.QCoreApplication.translate(
                    "RemoteControl", "%1 cannot be done from outside"
                ),
                name,
            ),
        )

    async def _dial(self, session: Session, number: str) -> Reply:
        verdict = global_actions(session.state)[Action.MAKE_CALL]
        if not verdict.ok:
            why = texts.why_text(verdict.why) if verdict.why else ""
            return Reply(
                "refused",
                QtCore.QCoreApplication.translate("RemoteControl", "cannot call now: %1").replace(
                    "%1", why
                ),
            )
        if self._host.settings.get("ui/confirm_dial") and not await self._confirm(number):
            return Reply(
                "refused",
                QtCore.QCoreApplication.translate(
                    "RemoteControl", "the operator did not confirm the call"
                ),
            )
        error = await session.execute(it.MakeCall(number))
        if error is not None:
            return Reply("refused", texts.command_failure_text(error))
        return Reply(
            "done",
            fill(QtCore.QCoreApplication.translate("RemoteControl", "calling %1"), number),
        )

    async def _confirm(self, number: str) -> bool:
        """Ask "Call NUMBER?" without blocking the loop (``open()`` and a future)."""
        parent = self._host.window if isinstance(self._host.window, QtWidgets.QWidget) else None
        box = QtWidgets.QMessageBox(parent)
        box.setObjectName("confirmDial")
        box.setIcon(QtWidgets.QMessageBox.Icon.Question)
        box.setWindowTitle(QtCore.QCoreApplication.translate("RemoteControl", "Call a number"))
        box.setText(fill(QtCore.QCoreApplication.translate("RemoteControl", "Call %1?"), number))
        box.setStandardButtons(
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No
        )
        box.setDefaultButton(QtWidgets.QMessageBox.StandardButton.Yes)
        box.setAccessibleName(box.text())
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

        def finished(result: int) -> None:
            if not future.done():
                future.set_result(result == int(QtWidgets.QMessageBox.StandardButton.Yes))

        box.finished.connect(finished)
        self.confirm_dialog = box
        box.open()
        box.raise_()
        box.activateWindow()
        try:
            return await future
        finally:
            self.confirm_dialog = None
            box.deleteLater()

    def _answer(self, client: QtNetwork.QLocalSocket, reply: Reply) -> None:
        try:
            if client.state() is not QtNetwork.QLocalSocket.LocalSocketState.ConnectedState:
                return
            client.write(reply.encode())
            client.flush()
            client.disconnectFromServer()
        except RuntimeError:  # the sender went away and Qt deleted its socket
            log.info("remote request: the sender left before the answer")
