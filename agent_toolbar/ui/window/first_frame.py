"""Waiting until a window is on screen, so that work its first frame does not need comes after.

At start-up the toolbar shows its window and only then loads the connection's modules, reads
the keyring and starts the ``--demo`` simulator (see :mod:`agent_toolbar.app.shell`). Qt
paints a widget window while it handles the window's first ``Expose`` event, so once
:func:`on_screen` returns the window has been drawn: the blocking work that follows cannot
leave a mapped but blank window behind.
"""

from __future__ import annotations

import asyncio
import contextlib

from agent_toolbar.qt import QEvent, QObject, QtGui, QtWidgets

__all__ = ["on_screen"]

#: Longest wait for the first expose: a window that is minimised, on another desktop or held
#: back by a slow window manager must not hold the connection back for long.
TIMEOUT = 0.3


class _ExposeWatcher(QObject):
    """Resolves a future at the first ``Expose`` that leaves its window exposed."""

    def __init__(self, future: asyncio.Future[bool], parent: QObject) -> None:
        super().__init__(parent)
        self._future = future

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note the expose; let the window handle (and paint) it as usual."""
        if (
            event.type() == QEvent.Type.Expose
            and isinstance(watched, QtGui.QWindow)
            and watched.isExposed()
            and not self._future.done()
        ):
            # Resolved now, the waiter resumes on a later turn of the loop: after the paint.
            self._future.set_result(True)
        return False


async def on_screen(widget: QtWidgets.QWidget, timeout: float = TIMEOUT) -> bool:
    """Wait until ``widget``'s window has been exposed (and painted), at most ``timeout`` s.

    Returns at once for a hidden widget or an already exposed window.

    Returns:
        Whether the window is on screen.
    """
    if not widget.isVisible():
        return False
    handle = widget.windowHandle()
    if handle is None:
        return False
    if handle.isExposed():
        return True
    future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
    watcher = _ExposeWatcher(future, handle)
    handle.installEventFilter(watcher)
    try:
        return await asyncio.wait_for(future, timeout)
    except TimeoutError:
        return False
    finally:
        with contextlib.suppress(RuntimeError):  # the window may be gone already
            handle.removeEventFilter(watcher)
            watcher.deleteLater()
