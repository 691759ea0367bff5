"""One toolbar per OS user: a second start asks the first to come forward and exits.

The first instance listens on a local socket with a per-user name. A later start connects,
sends ``show`` and exits 0; the first instance emits :attr:`SingleInstance.show_requested`
and brings its window forward. A socket left behind by a crashed instance (nobody answers)
is removed and taken over.

Another local user must not be able to stop the toolbar from starting (by listening where
it looks) or to talk to it. On Unix the socket therefore lives in a directory that is the
user's own with mode 0700: ``$XDG_RUNTIME_DIR`` when it is such a directory, else
``<tmp>/agent-toolbar-<uid>/`` (created 0700), else ``<user cache>/run/``. A directory with
another owner or a looser mode is refused (never "fixed"); with no private directory at
all the toolbar starts without the single-instance channel and logs why. Before a listener
is trusted, its socket file must be a socket owned by the user, and (where the OS tells,
``SO_PEERCRED`` on Linux) the process behind it must run as the user; a stranger's socket
in our directory is removed and taken over. Connections to our listener from another uid
are dropped. On Windows the pipe name carries the login session and a hash of the user's SID
(domain and name when the SID cannot be read), and Qt's ``UserAccessOption`` limits the pipe
to the user; the owner of an existing pipe is not checked there (not done yet).
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import socket
import stat
import struct
import sys
import tempfile
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


def _euid() -> int:
    return os.geteuid() if hasattr(os, "geteuid") else -1


def private_directory(path: Path, *, create: bool = True) -> bool:
    """Whether ``path`` is a directory of this user with mode 0700 (made so if missing).

    An existing directory with another owner, group or world access, or a symlink, is
    refused as it is: changing it could hand over a place someone else prepared.
    """
    if create and not os.path.lexists(path):
        try:
            path.mkdir(mode=0o700, parents=True)
            path.chmod(0o700)  # mkdir's mode is masked by the umask
        except FileExistsError:
            pass  # made meanwhile: checked below like any other
        except OSError as exc:
            log.warning("cannot create %s: %s", path, exc.strerror or exc)
            return False
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    return info.st_uid == _euid() and stat.S_IMODE(info.st_mode) & 0o077 == 0


def _windows_sid() -> str | None:
    """The current user's SID as text (``S-1-5-21-…``), or None (Windows only)."""
    try:
        import ctypes
        from ctypes import wintypes

        advapi32 = ctypes.windll.advapi32  # type: ignore[attr-defined]
        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        token = wintypes.HANDLE()
        token_query, token_user = 0x0008, 1
        if not advapi32.OpenProcessToken(
            kernel32.GetCurrentProcess(), token_query, ctypes.byref(token)
        ):
            return None
        try:
            size = wintypes.DWORD()
            advapi32.GetTokenInformation(token, token_user, None, 0, ctypes.byref(size))
            buffer = ctypes.create_string_buffer(size.value)
            if not advapi32.GetTokenInformation(
                token, token_user, buffer, size, ctypes.byref(size)
            ):
                return None
            sid = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_void_p))[0]  # TOKEN_USER.User.Sid
            text = wintypes.LPWSTR()
            if not advapi32.ConvertSidToStringSidW(ctypes.c_void_p(sid), ctypes.byref(text)):
                return None
            try:
                return str(text.value)
            finally:
                kernel32.LocalFree(text)
        finally:
            kernel32.CloseHandle(token)
    except Exception:
        log.debug("no user SID", exc_info=True)
        return None


def _windows_name(user: str) -> str:
    """``agent-toolbar-<session>-<hash of the SID>``: per login session and per user."""
    session = 0
    try:
        import ctypes

        value = ctypes.c_ulong()
        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        if kernel32.ProcessIdToSessionId(kernel32.GetCurrentProcessId(), ctypes.byref(value)):
            session = value.value
    except Exception:
        log.debug("no login session id", exc_info=True)
    who = _windows_sid() or f"{os.environ.get('USERDOMAIN', '')}\\{user}"
    return f"agent-toolbar-{session}-{hashlib.sha256(who.encode()).hexdigest()[:16]}"


def server_name() -> str | None:
    """The per-user name of the instance socket, or None when no private place exists.

    On Unix it is a path in a private directory (see the module docstring); on Windows a
    pipe name.
    """
    user = _user()
    if sys.platform == "win32":
        return _windows_name(user)
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and private_directory(Path(runtime), create=False):
        return str(Path(runtime) / "agent-toolbar.sock")
    candidates = [Path(tempfile.gettempdir()) / f"agent-toolbar-{_euid()}"]
    try:
        from platformdirs import user_cache_dir

        candidates.append(Path(user_cache_dir("agent-toolbar", appauthor=False)) / "run")
    except Exception:  # platformdirs is a dependency; a broken home only loses a fallback
        log.debug("no user cache directory", exc_info=True)
    for directory in candidates:
        if private_directory(directory):
            return str(directory / "instance.sock")
        log.warning("%s is not a private directory of this user: not used", directory)
    return None


def peer_uid(descriptor: int) -> int | None:
    """The uid of the process at the other end of a connected Unix socket, if the OS says."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None or descriptor < 0:
        return None
    try:
        probe = socket.fromfd(descriptor, socket.AF_UNIX, socket.SOCK_STREAM)
    except OSError:
        return None
    try:
        raw = probe.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
        _pid, uid, _gid = struct.unpack("3i", raw)
        return int(uid)
    except OSError:
        return None
    finally:
        probe.close()


def _socket_is_ours(path: str) -> bool | None:
    """True: a socket of this user; False: something else (a stranger's); None: nothing."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError:
        return False
    return stat.S_ISSOCK(info.st_mode) and info.st_uid == _euid()


class SingleInstance(QObject):
    """Claims the per-user instance socket and serves "come forward" requests.

    Signals:
        show_requested(): Another start of the app asked this one to show its window.
    """

    show_requested = Signal()

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        """Prepare (nothing is claimed until :meth:`claim`)."""
        super().__init__(parent)
        self.name = name or server_name() or ""
        self._server: QtNetwork.QLocalServer | None = None
        self._clients: list[QtNetwork.QLocalSocket] = []

    @property
    def listening(self) -> bool:
        """Whether this process owns the instance socket."""
        return self._server is not None and self._server.isListening()

    def claim(self) -> bool:
        """Become the running instance; return False if another one was told to show.

        Blocks for at most about a second (before the event loop starts). Without a private
        place for the socket the toolbar runs without the channel (True, not listening).
        """
        if not self._usable():
            return True
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

    def _usable(self) -> bool:
        if not self.name:
            log.warning(
                "no private directory for the instance socket: a second start "
                "will not find this one"
            )
            return False
        if sys.platform == "win32":
            return True
        if not private_directory(Path(self.name).parent, create=False):
            log.warning(
                "%s is not a private directory of this user: the instance socket is not "
                "used, a second start will not find this one",
                Path(self.name).parent,
            )
            return False
        return True

    def _notify_running(self) -> bool:
        if sys.platform != "win32" and _socket_is_ours(self.name) is False:
            self._distrust("its socket file is not this user's")
            return False
        socket = QtNetwork.QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        uid = peer_uid(int(socket.socketDescriptor()))
        if uid is not None and uid != _euid():
            socket.abort()
            self._distrust(f"it runs as uid {uid}")
            return False
        socket.write(SHOW)
        socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        if socket.state() is not QtNetwork.QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(CONNECT_TIMEOUT_MS)
        return True

    def _distrust(self, why: str) -> None:
        """A listener that is not this user's: never talk to it, take its place."""
        log.warning("instance socket %s not trusted (%s): replacing it", self.name, why)
        try:
            os.unlink(self.name)
        except FileNotFoundError:
            pass
        except OSError as exc:
            log.warning("cannot remove %s: %s", self.name, exc.strerror or exc)

    def _accept(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            client = self._server.nextPendingConnection()
            if client is None:
                break
            uid = peer_uid(int(client.socketDescriptor()))
            if uid is not None and uid != _euid():
                log.warning("instance socket: a connection from uid %d refused", uid)
                client.abort()
                client.deleteLater()
                continue
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
