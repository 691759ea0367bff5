"""Re-opening a journalled call's CRM record: the same safety check as a screen-pop.

The address the journal kept is checked again under the screen-pop settings in force now
(:func:`~agent_toolbar.screenpop.safety.check_url`: allowed schemes and hosts, no user
information, no invisible characters …) and opened the same way a screen-pop is (the
browser, or the configured command without a shell). An address the settings no longer
allow is refused, not opened: the history is not a way around ``screenpop/allowed_hosts``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from agent_toolbar.screenpop.command import OpenError, run_command
from agent_toolbar.screenpop.config import OpenWith, ScreenPopConfig
from agent_toolbar.screenpop.safety import Verdict, check_url
from agent_toolbar.ui.shell.screenpop_opener import open_in_browser

log = logging.getLogger(__name__)


class CrmReopener:
    """``reopener(url)`` checks and opens ``url``; returns why it refused (``None``: opened)."""

    def __init__(
        self,
        config: Callable[[], ScreenPopConfig],
        *,
        browser: Callable[[str, str], None] = open_in_browser,
    ) -> None:
        """Check against ``config()`` (read at each call); open with ``browser(url, host)``."""
        self._config = config
        self._browser = browser
        self._tasks: set[asyncio.Task[None]] = set()
        self.last_failure = ""

    def __call__(self, url: str) -> str | None:
        """Check ``url`` now; open it (asynchronously for a command) if it passes."""
        config = self._config()
        verdict = check_url(url, config.url_policy)
        if not verdict.ok:
            log.warning("history: CRM record refused (%s): %s", verdict.where, verdict.reason)
            return verdict.reason
        if config.opener is OpenWith.COMMAND:
            task = asyncio.ensure_future(self._command(config.command, verdict))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            return None
        try:
            self._browser(verdict.url, verdict.host)
        except OpenError as exc:
            return str(exc)
        return None

    async def _command(self, command: str, verdict: Verdict) -> None:
        try:
            await run_command(command, verdict.url)
        except OpenError as exc:
            self.last_failure = str(exc)
            log.warning("history: CRM command failed (%s): %s", verdict.where, exc)
