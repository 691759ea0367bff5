"""The call journal in the running toolbar: journal, recorder, service, window, watcher.

:class:`HistoryFeature` is what the composition root creates once the window is on screen
(:meth:`HistoryFeature.open` opens the file in an executor) and attaches to the session:

* the :class:`~agent_toolbar.history.recorder.JournalRecorder` listens to the session and
  writes through the journal's writer thread; after a delivery of the session's
  :class:`~agent_toolbar.ui.common.session_bridge.SessionBridge` that touched a call the
  :class:`~agent_toolbar.ui.history.service.HistoryService` is poked (coalesced);
* ``unseen_changed(int)`` of the service is the tray's missed counter;
* the :class:`~agent_toolbar.ui.history.sight.SightWatcher` tells the recorder about clock
  jumps and network changes and asks the backend to reconnect now, so a resync follows;
* :meth:`HistoryFeature.window` makes the History window on first use: call back submits
  the backend's dial intent, re-open goes through the screen-pop check.

A journal that could not use its file (see :class:`~agent_toolbar.history.store.JournalStatus`)
is logged and still works for this run; it never stops the toolbar.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from agent_toolbar.cti import intents as it
from agent_toolbar.cti import transitions as trn
from agent_toolbar.cti.actions import Action, global_actions
from agent_toolbar.cti.model import SessionState
from agent_toolbar.cti.session import Session
from agent_toolbar.history.journal import DEFAULT_RETENTION_DAYS, Journal
from agent_toolbar.history.model import JournalCounts
from agent_toolbar.history.offline import OfflineReason
from agent_toolbar.history.recorder import JournalRecorder
from agent_toolbar.history.store import JournalStatus
from agent_toolbar.qt import QObject, QtCore
from agent_toolbar.screenpop.config import ScreenPopConfig
from agent_toolbar.ui.common.session_bridge import SessionBridge
from agent_toolbar.ui.common.texts import why_text
from agent_toolbar.ui.history.crm import CrmReopener
from agent_toolbar.ui.history.service import HistoryService
from agent_toolbar.ui.history.sight import SightWatcher
from agent_toolbar.ui.history.window import HistoryWindow
from agent_toolbar.ui.shell.screenpop_opener import open_in_browser

log = logging.getLogger(__name__)

_CALL_CHANGES = (trn.CallAppeared, trn.CallAnswered, trn.CallEnded, trn.CallRemoved,
                 trn.CallParamsChanged, trn.TransferChanged)  # fmt: skip


class HistoryFeature(QObject):
    """The journal wired into the toolbar (see the module docstring)."""

    def __init__(
        self,
        journal: Journal,
        *,
        screenpop_config: Callable[[], ScreenPopConfig] = ScreenPopConfig,
        watch: bool = True,
        browser: Callable[[str, str], None] = open_in_browser,
        disposition_label: Callable[[str], str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """Serve an open ``journal`` (closed by :meth:`close`).

        ``browser(url, host)`` opens a CRM record (the screen-pop's desktop opener);
        ``disposition_label(code)`` words a call result in the window (the code when absent).
        """
        super().__init__(parent)
        self.journal = journal
        self.service = HistoryService(journal, self)
        self._reopen = CrmReopener(screenpop_config, browser=browser)
        self._label = disposition_label
        self._session: Session | None = None
        self._recorder: JournalRecorder | None = None
        self._bridge: SessionBridge | None = None
        self._window: HistoryWindow | None = None
        self.sight = SightWatcher(self, network=watch) if watch else None
        if self.sight is not None:
            self.sight.lost_sight.connect(self._lost_sight)
        if journal.status is not JournalStatus.OK:
            log.warning("history journal: %s %s", journal.status.value, journal.report.detail)

    @classmethod
    async def open(
        cls,
        path: Path | None = None,
        *,
        retention_days: int = DEFAULT_RETENTION_DAYS,
        screenpop_config: Callable[[], ScreenPopConfig] = ScreenPopConfig,
        watch: bool = True,
        browser: Callable[[str, str], None] = open_in_browser,
        disposition_label: Callable[[str], str] | None = None,
    ) -> HistoryFeature:
        """Open the journal off the GUI thread, then build the feature."""
        loop = asyncio.get_running_loop()
        journal = await loop.run_in_executor(
            None, lambda: Journal.open(path, retention_days=retention_days)
        )
        return cls(
            journal,
            screenpop_config=screenpop_config,
            watch=watch,
            browser=browser,
            disposition_label=disposition_label,
        )

    @property
    def recorder(self) -> JournalRecorder | None:
        """The recorder of the attached session."""
        return self._recorder

    def attach(self, session: Session, backend: str) -> None:
        """Journal the calls of ``session`` (a backend named ``backend``).

        The recorder listens to the session itself (every event, at once, Qt-free); the
        window's refreshes follow the session's :class:`SessionBridge` (once per loop turn).
        """
        self.detach()
        self._session = session
        self._recorder = JournalRecorder(
            self.journal.record, backend, on_offline=self.service.show_offline
        )
        session.subscribe(self._recorder)
        self._bridge = SessionBridge.of(session)
        self._bridge.changed.connect(self._delivered)
        self.service.spawn(self.service.refresh_unseen())

    def detach(self) -> None:
        """Stop journalling the session."""
        if self._session is not None and self._recorder is not None:
            self._session.unsubscribe(self._recorder)
        if self._bridge is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self._bridge.changed.disconnect(self._delivered)
        self._session = None
        self._bridge = None

    def _delivered(
        self, old: SessionState, new: SessionState, changes: Sequence[trn.Transition]
    ) -> None:
        if any(isinstance(c, _CALL_CHANGES) for c in changes) or old.synced != new.synced:
            self.service.poke()
        if old.capabilities != new.capabilities or old.connection != new.connection:
            self._update_dial(new)

    def _update_dial(self, state: SessionState) -> None:
        if self._window is None:
            return
        verdict = global_actions(state)[Action.MAKE_CALL]
        self._window.set_dial_refusal(None if verdict.ok else why_text(verdict))

    def _lost_sight(self, reason: str) -> None:
        if self._recorder is None or self._session is None:
            return
        self._recorder.lost_sight(OfflineReason(reason))
        self._session.backend.reconnect_now()

    def dial(self, number: str) -> None:
        """Call ``number`` back through the backend."""
        if self._session is not None:
            self._session.submit(it.MakeCall(number))

    def window(self) -> HistoryWindow:
        """The History window (made on first use)."""
        if self._window is None:
            self._window = HistoryWindow(
                self.service, dial=self.dial, reopen=self._reopen, label=self._label
            )
            if self._session is not None:
                self._update_dial(self._session.state)
        return self._window

    def show_window(self, *, on_top: bool = False) -> HistoryWindow:
        """Show the History window and bring it forward (opening it marks missed seen).

        ``on_top``: keep it above other windows, as the toolbar is with ``ui/always_on_top``
        (else the toolbar would cover it).
        """
        window = self.window()
        flags = window.windowFlags()
        hint = QtCore.Qt.WindowType.WindowStaysOnTopHint
        if bool(flags & hint) != on_top:
            window.setWindowFlags(flags | hint if on_top else flags & ~hint)
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def counts(self) -> JournalCounts:
        """Counts for diagnostics (never content)."""
        return self.journal.counts()

    def close(self) -> None:
        """Detach, close the window and the journal (what is queued is written)."""
        self.detach()
        self.service.close()
        if self.sight is not None:
            self.sight.stop()
        if self._window is not None:
            self._window.close()
        self.journal.close()
