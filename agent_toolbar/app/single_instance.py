"""One toolbar per OS user: a second start asks the first to come forward and exits.

The first instance listens on a local socket with a per-user name (a path in
``$XDG_RUNTIME_DIR`` on Linux, a named pipe elsewhere). A later start connects, sends
``show`` and exits 0; the first instance emits :attr:`SingleInstance.show_requested` and
brings its window forward. A socket left behind by a crashed instance (nobody answers) is
removed and taken over.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from agent_toolbar.qt import QObject, QtNetwork, Signal

log = logging.getLogger(__name__)

SHOW = b"show\n"
CONNECT_TIMEOUT_MS = 1000


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in a stripped-down environment
        return str(os.getuid()) if hasattr(os, "getuid") else "user"


def server_name() -> str:
    """The per-user name of the instance socket.

    On Linux and other Unixes it is a path in ``$XDG_RUNTIME_DIR`` (private to the user
    and per login session) or in the temporary directory; on Windows a pipe name.
    """
    user = _user()
    if sys.platform == "win32":
        return f"agent-toolbar-{hashlib.sha1(user.encode()).hexdigest()[:12]}"
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        return str(Path(runtime) / "agent-toolbar.sock")
    return str(Path(tempfile.gettempdir()) / f"agent-toolbar-{user}.sock")


class SingleInstance(QObject):
    """Claims the per-user instance socket and serves "come forward" requests.

    Signals:
        show_requested(): Another start of the app asked this one to show its window.
    """

    show_requested = Signal()

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        """Prepare (nothing is claimed until :meth:`claim`)."""
        super().__init__(parent)
        self.name = name or server_name()
        self._server: QtNetwork.QLocalServer | None = None
        self._clients: list[QtNetwork.QLocalSocket] = []
        self._request_handler: Callable[[bytes, QtNetwork.QLocalSocket], None] | None = None

    def set_request_handler(
        self, handler: Callable[[bytes, QtNetwork.QLocalSocket], None] | None
    ) -> None:
        """Pass request lines (``{…}``) with their socket to ``handler`` (it answers on it).

        The commands of :mod:`agent_toolbar.app.remote_commands` arrive this way.
        """
        self._request_handler = handler

    @property
    def listening(self) -> bool:
        """Whether this process owns the instance socket."""
        return self._server is not None and self._server.isListening()

    def claim(self) -> bool:
        """Become the running instance; return False if another one was told to show.

        Blocks for at most about a second (before the event loop starts).
        """
        if self._notify_running():
            log.info("agent-toolbar already runs for this user: asked it to come forward")
            return False
        server = QtNetwork.QLocalServer(self)
        server.setSocketOptions(QtNetwork.QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # A stale socket from a crashed instance: nobody answered, so take it over.
            QtNetwork.QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                if self._notify_running():  # lost a race with a simultaneous start
                    return False
                log.warning(
                    "cannot listen on %s (%s): a second start will not find this one",
                    self.name,
                    server.errorString(),
                )
                return True
        server.newConnection.connect(self._accept)
        self._server = server
        log.debug("instance socket %s", self.name)
        return True

    def release(self) -> None:
        """Stop listening (on quit), so the next start does not find a dead socket."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for client in list(self._clients):
            self._drop(client)

    def _notify_running(self) -> bool:
        socket = QtNetwork.QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        socket.write(SHOW)
        socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        if socket.state() is not QtNetwork.QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(CONNECT_TIMEOUT_MS)
        return True

    def _accept(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            client = self._server.nextPendingConnection()
            if client is None:
                break
            self._clients.append(client)
            client.readyRead.connect(lambda c=client: self._read(c))
            client.disconnected.connect(lambda c=client: self._drop(c))
            if client.bytesAvailable():
                self._read(client)

    def _read(self, client: QtNetwork.QLocalSocket) -> None:
        while client.canReadLine():
            line = bytes(client.readLine().data()).strip()
            if line == SHOW.strip():
                log.info("another start asked this instance to come forward")
                self.show_requested.emit()
            elif line.startswith(b"{") and self._request_handler is not None:
                self._request_handler(line, client)
            else:
                log.warning("instance socket: unknown request %.40r", line)

    def _drop(self, client: QtNetwork.QLocalSocket) -> None:
        if client not in self._clients:
            return
        self._clients.remove(client)
        if client.bytesAvailable():
            self._read(client)
        # No more callbacks into Python for a socket about to be deleted.
        client.readyRead.disconnect()
        client.disconnected.disconnect()
        client.deleteLater()
