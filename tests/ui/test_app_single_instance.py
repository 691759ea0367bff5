"""One instance per OS user: the socket protocol, with real local sockets."""

from __future__ import annotations

import os
import socket
import sys
import tempfile
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.app.single_instance import SingleInstance, server_name

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix socket paths")


def test_second_claim_asks_the_first_to_show(qtbot: QtBot, tmp_path: Path) -> None:
    name = str(tmp_path / "instance.sock")
    first = SingleInstance(name)
    assert first.claim()
    assert first.listening
    with qtbot.waitSignal(first.show_requested, timeout=5000):
        assert SingleInstance(name).claim() is False
    first.release()
    assert not Path(name).exists()


def test_stale_socket_is_taken_over(tmp_path: Path) -> None:
    name = str(tmp_path / "instance.sock")
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(name)
    stale.close()  # the file stays, nobody listens: a crashed instance
    assert Path(name).exists()
    instance = SingleInstance(name)
    assert instance.claim()
    assert instance.listening
    instance.release()


def test_garbage_on_the_socket_is_ignored(qtbot: QtBot, tmp_path: Path) -> None:
    name = str(tmp_path / "instance.sock")
    first = SingleInstance(name)
    assert first.claim()
    shown: list[bool] = []
    first.show_requested.connect(lambda: shown.append(True))
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.connect(name)
    client.sendall(b"rm -rf /\nshow\n")
    client.close()
    qtbot.waitUntil(lambda: shown == [True], timeout=5000)
    first.release()


def test_name_is_per_user_and_prefers_the_runtime_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert server_name() == str(tmp_path / "agent-toolbar.sock")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "missing"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    name = server_name()
    assert name == str(tmp_path / f"agent-toolbar-{os.geteuid()}" / "instance.sock")
