"""Issue 11 item 2: another local user cannot keep the toolbar from starting.

A real listener of another uid (``nobody``, a child that calls ``os.setuid`` before it
listens) sits where the toolbar would look; the toolbar must not trust it and must start.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent_toolbar.app import single_instance as si
from agent_toolbar.app.single_instance import SingleInstance

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets and uids"),
    pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root"),
]

NOBODY = 65534

LISTENER = r"""
import os, socket, sys
path, heard = sys.argv[1], sys.argv[2]
os.setgid(65534)
os.setuid(65534)
if sys.argv[3] == "mkdir":
    os.mkdir(os.path.dirname(path), 0o777)
    os.chmod(os.path.dirname(path), 0o777)
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
os.chmod(path, 0o777)
server.listen(5)
print("ready", flush=True)
while True:
    conn, _ = server.accept()
    data = conn.recv(100)
    with open(heard, "ab") as out:
        out.write(data or b"(connected)")
    conn.close()
"""


class Listener:
    """A process of uid ``nobody`` listening on a Unix socket and noting what it hears."""

    def __init__(self, path: Path, heard: Path, *, mkdir: bool = False) -> None:
        self.heard = heard
        self.proc = subprocess.Popen(
            [sys.executable, "-c", LISTENER, str(path), str(heard), "mkdir" if mkdir else "-"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "ready"
        assert path.stat().st_uid == NOBODY

    def heard_anything(self) -> bool:
        return self.heard.exists()

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait(10)


@pytest.fixture
def root() -> Iterator[Path]:
    """A directory another uid can reach (pytest's own are private to root)."""
    base = Path(tempfile.mkdtemp(prefix="agent-toolbar-test-", dir="/tmp"))
    base.chmod(0o755)
    yield base
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def shared_tmp(root: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A temporary directory like /tmp (everyone may write, sticky), with no runtime dir."""
    tmp = root / "tmp"
    tmp.mkdir()
    tmp.chmod(0o1777)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    monkeypatch.setenv("HOME", str(root / "home"))
    yield tmp


def test_listener_of_another_user_at_the_predictable_places_is_not_trusted(
    shared_tmp: Path,
) -> None:
    heard = shared_tmp / "heard"
    listeners = [
        # where the toolbar used to look
        Listener(shared_tmp / "agent-toolbar-root.sock", heard),
        # and a directory named like ours made by someone else, with a listener inside
        Listener(shared_tmp / f"agent-toolbar-{os.getuid()}" / "instance.sock", heard, mkdir=True),
    ]
    try:
        instance = SingleInstance()
        assert instance.claim() is True  # the toolbar starts
        assert instance.listening
        socket_dir = Path(instance.name).parent
        info = socket_dir.stat()
        assert info.st_uid == os.getuid()
        assert stat.S_IMODE(info.st_mode) == 0o700
        assert not heard.exists()  # nothing was said to the stranger
        # and a second start of ours does find the first
        assert SingleInstance().claim() is False
        instance.release()
    finally:
        for listener in listeners:
            listener.stop()


def test_socket_of_another_uid_in_our_directory_is_replaced(root: Path) -> None:
    private = root / "private"
    private.mkdir(mode=0o700)
    private.chmod(0o700)
    public = root / "public"
    public.mkdir()
    public.chmod(0o777)
    listener = Listener(public / "x.sock", public / "heard")
    name = private / "instance.sock"
    os.rename(public / "x.sock", name)  # the listener now answers at our path
    try:
        instance = SingleInstance(str(name))
        assert instance.claim() is True
        assert instance.listening
        assert name.stat().st_uid == os.getuid()
        assert not listener.heard_anything()
        instance.release()
    finally:
        listener.stop()


def test_directory_with_a_wrong_mode_is_refused(tmp_path: Path) -> None:
    loose = tmp_path / "loose"
    loose.mkdir()
    loose.chmod(0o755)
    assert si.private_directory(loose) is False
    other = tmp_path / "other"
    other.mkdir(mode=0o700)
    os.chown(other, NOBODY, NOBODY)
    assert si.private_directory(other) is False
    fresh = tmp_path / "fresh"
    assert si.private_directory(fresh) is True
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700
    # a name in a loose directory is not used: the toolbar starts without the channel
    instance = SingleInstance(str(loose / "instance.sock"))
    assert instance.claim() is True
    assert not instance.listening
    assert not (loose / "instance.sock").exists()
