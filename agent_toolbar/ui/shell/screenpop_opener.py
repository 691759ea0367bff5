"""The Qt side of screen-pop: open checked addresses and tell the card what happened.

This is the only module of :mod:`agent_toolbar.screenpop` that uses Qt. :class:`ScreenPop`
owns a :class:`~agent_toolbar.screenpop.policy.ScreenPopPolicy`, subscribes it to the
session, and opens what the policy hands over:

* ``opener=browser``: :meth:`QDesktopServices.openUrl` (on Linux that runs ``xdg-open``);
  in a frozen build the child process gets the user's original ``LD_LIBRARY_PATH``;
* ``opener=command``: ``screenpop/command`` run without a shell, the address appended as
  one argument (:mod:`~agent_toolbar.screenpop.command`).

Opening never blocks the loop and never runs inside a session listener; a failure is logged
and shown on the call's card (``results_changed``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from collections.abc import Callable, Iterator

from agent_toolbar.cti.session import Session
from agent_toolbar.qt import QDesktopServices, QObject, QUrl, Signal
from agent_toolbar.screenpop.command import OpenError, child_environment, run_command
from agent_toolbar.screenpop.config import OpenWith, ScreenPopConfig
from agent_toolbar.screenpop.policy import PopResult, ScreenPopPolicy
from agent_toolbar.screenpop.safety import check_url

__all__ = ["ScreenPop", "open_in_browser"]

log = logging.getLogger(__name__)


@contextlib.contextmanager
def _child_environment() -> Iterator[None]:
    """Give processes started inside the block the user's original library path."""
    if not getattr(sys, "frozen", False):
        yield
        return
    saved = {k: os.environ.get(k) for k in ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH")}
    clean = child_environment()
    try:
        for key in saved:
            if key in clean:
                os.environ[key] = clean[key]
            else:
                os.environ.pop(key, None)
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def open_in_browser(url: str, expected_host: str) -> None:
    """Open ``url`` with the desktop's browser.

    Qt parses the address once more in strict mode; if its host is not the one the safety
    check approved, or it would hand the browser another string than ``url``, nothing is
    opened.

    Raises:
        OpenError: Qt rejects the address or no browser could open it.
    """
    qurl = QUrl(url, QUrl.ParsingMode.StrictMode)
    if not qurl.isValid():
        raise OpenError(f"Qt rejects the address: {qurl.errorString()}")
    host = qurl.host(QUrl.ComponentFormattingOption.FullyEncoded).lower()
    if host.strip("[]") != expected_host.strip("[]"):
        raise OpenError("the address reads differently to Qt; not opened")
    if qurl.toString(QUrl.ComponentFormattingOption.FullyEncoded) != url:
        raise OpenError("Qt would open another string than the one checked; not opened")
    with _child_environment():
        opened = QDesktopServices.openUrl(qurl)
    if not opened:
        raise OpenError("no browser could open the address")


class ScreenPop(QObject):
    """Screen-pop for one app: the policy, the opener and results per call.

    Signals:
        results_changed(str): What screen-pop did for the call with this cid changed
            (read it with :meth:`results`).
        url_opened(str, str): The call ``cid``'s CRM address ``url`` was handed to the
            browser or the command (the call journal keeps it).
    """

    results_changed = Signal(str)
    url_opened = Signal(str, str)

    def __init__(
        self,
        config: ScreenPopConfig,
        parent: QObject | None = None,
        *,
        browser: Callable[[str, str], None] = open_in_browser,
    ) -> None:
        """Create the service (call :meth:`attach` with the session).

        Args:
            config: Settings values.
            parent: Qt parent.
            browser: Opens ``(url, host)`` in a browser (tests may pass another opener).
        """
        super().__init__(parent)
        self._browser = browser
        self._session: Session | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.policy = ScreenPopPolicy(config, self._open_url, on_result=self._on_result)

    @property
    def config(self) -> ScreenPopConfig:
        """The configuration in force."""
        return self.policy.config

    def configure(self, config: ScreenPopConfig) -> None:
        """Apply changed settings."""
        self.policy.configure(config)
        problem = config.problem()
        if problem:
            log.error("screen-pop template or rules are invalid: %s", problem)

    def attach(self, session: Session) -> None:
        """Watch ``session`` (replacing a previous one; once-per-call memory is kept)."""
        self.detach()
        self._session = session
        session.subscribe(self.policy.listener)

    def detach(self) -> None:
        """Stop watching the session (waits are cancelled)."""
        if self._session is not None:
            self._session.unsubscribe(self.policy.listener)
            self._session = None
        self.policy.close()

    def results(self, cid: str) -> tuple[PopResult, ...]:
        """What screen-pop did for a call so far."""
        return self.policy.results(cid)

    def open_now(self, cid: str) -> tuple[PopResult, ...]:
        """Open the call's CRM card now (the card's "Open CRM" button)."""
        state = self._session.state if self._session is not None else None
        return self.policy.open_now(cid, state)

    async def close(self) -> None:
        """Detach and wait briefly for openers still starting."""
        self.detach()
        pending = [t for t in self._tasks if not t.done()]
        if pending:
            await asyncio.wait(pending, timeout=2.0)

    def _on_result(self, cid: str, results: tuple[PopResult, ...]) -> None:
        del results
        self.results_changed.emit(cid)

    def _open_url(self, url: str, cid: str) -> None:
        task = asyncio.ensure_future(self._open(url, cid))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _open(self, url: str, cid: str) -> None:
        await asyncio.sleep(0)  # leave the session listener before touching the desktop
        verdict = check_url(url, self.config.url_policy)
        try:
            if not verdict.ok:  # the settings changed since the policy decided
                raise OpenError(verdict.reason)
            if self.config.opener is OpenWith.COMMAND:
                await run_command(self.config.command, verdict.url)
            else:
                self._browser(verdict.url, verdict.host)
            self.url_opened.emit(cid, verdict.url)
        except OpenError as exc:
            self.policy.report_failure(cid, verdict.where, str(exc))
        except Exception as exc:
            log.exception("screen-pop opener failed")
            self.policy.report_failure(cid, verdict.where, f"{type(exc).__name__}: {exc}")
