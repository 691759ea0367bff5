"""Wayland's GlobalShortcuts portal, spoken to for real over D-Bus: a private session bus
(``dbus-daemon``) and a stand-in portal that answers like the published interface
(``CreateSession`` → ``Response`` with the session, ``BindShortcuts`` → ``Response`` with the
bound shortcuts, ``Activated`` on a press). No desktop portal runs on the test machines; the
stand-in is the far side, the grabber under test is the real one.

On plain asyncio (not the UI tests' qasync loop): a jeepney router on a qasync loop that the
test then closes left a Qt timer behind whose firing, tests later, crashed the process.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from agent_toolbar.qt import QKeySequence
from agent_toolbar.ui.shell.global_keys.base import Grab, chord_of
from agent_toolbar.ui.shell.global_keys.portal import BUS_NAME, INTERFACE, OBJECT, PortalGrabber

jeepney = pytest.importorskip("jeepney")
from jeepney import DBusAddress, HeaderFields, MessageType, new_method_return, new_signal  # noqa: E402
from jeepney.bus_messages import message_bus  # noqa: E402
from jeepney.io.blocking import open_dbus_connection  # noqa: E402


@pytest.fixture
def session_bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if shutil.which("dbus-daemon") is None:
        pytest.skip("needs dbus-daemon (dbus-x11, bash scripts/bootstrap.sh test)")
    proc = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    address = proc.stdout.readline().strip()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    yield address
    proc.terminate()
    proc.wait(10)


class FakePortal:
    """Owns org.freedesktop.portal.Desktop on the bus and answers GlobalShortcuts calls."""

    def __init__(self) -> None:
        self.conn = open_dbus_connection(bus="SESSION")
        self.conn.send_and_get_reply(message_bus.RequestName(BUS_NAME))
        self.bound: list[Any] = []
        self.sessions: list[str] = []
        self.closed: list[str] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def respond(self, request_path: str, results: dict[str, Any]) -> None:
        emitter = DBusAddress(request_path, interface="org.freedesktop.portal.Request")
        self.conn.send(new_signal(emitter, "Response", "ua{sv}", (0, results)))

    def serve(self) -> None:
        while not self.stop.is_set():
            try:
                msg = self.conn.receive(timeout=0.2)
            except TimeoutError:
                continue
            if msg.header.message_type is not MessageType.method_call:
                continue
            fields = msg.header.fields
            member, path = fields.get(HeaderFields.member), fields.get(HeaderFields.path)
            sender = str(fields.get(HeaderFields.sender, ""))[1:].replace(".", "_")
            if member == "Get":
                self.conn.send(new_method_return(msg, "v", (("u", 1),)))
            elif member == "CreateSession":
                options = msg.body[0]
                token = options["handle_token"][1]
                session = f"/org/freedesktop/portal/desktop/session/{sender}/" + options[
                    "session_handle_token"][1]  # fmt: skip
                request = f"/org/freedesktop/portal/desktop/request/{sender}/{token}"
                self.sessions.append(session)
                self.conn.send(new_method_return(msg, "o", (request,)))
                self.respond(request, {"session_handle": ("s", session)})
            elif member == "BindShortcuts":
                session, shortcuts, _parent, options = msg.body
                request = f"/org/freedesktop/portal/desktop/request/{sender}/" + options[
                    "handle_token"][1]  # fmt: skip
                self.bound = list(shortcuts)
                self.conn.send(new_method_return(msg, "o", (request,)))
                bound = [(sid, {"trigger_description": ("s", opts["preferred_trigger"][1])})
                         for sid, opts in shortcuts]  # fmt: skip
                self.respond(request, {"shortcuts": ("a(sa{sv})", bound)})
            elif member == "Close":
                self.closed.append(str(path))
                self.conn.send(new_method_return(msg))

    def press(self, shortcut: str) -> None:
        emitter = DBusAddress(OBJECT, interface=INTERFACE)
        body = (self.sessions[-1], shortcut, 0, {})
        self.conn.send(new_signal(emitter, "Activated", "osta{sv}", body))

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        self.conn.close()


async def wait_for(condition: Any, timeout: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.02)


def test_without_the_portal_there_is_no_grabber(session_bus: str) -> None:
    assert PortalGrabber.probe() is None


@pytest.mark.asyncio
async def test_bind_and_press_through_the_portal(session_bus: str) -> None:
    portal = FakePortal()
    try:
        grabber = PortalGrabber.probe()
        assert grabber is not None
        pressed: list[str] = []
        grabber.activated.connect(pressed.append)
        for name, keys in (("answer", "Ctrl+Alt+A"), ("hangup", "Ctrl+Alt+E")):
            chord = chord_of(QKeySequence(keys))
            assert chord is not None and grabber.grab(name, chord) is Grab.TAKEN
        await wait_for(lambda: len(portal.bound) == 2)
        triggers = {sid: opts["preferred_trigger"][1] for sid, opts in portal.bound}
        assert triggers == {"answer": "CTRL+ALT+a", "hangup": "CTRL+ALT+e"}
        await asyncio.sleep(0.1)  # the bind's answer is in: presses are listened for
        portal.press("answer")
        await wait_for(lambda: pressed == ["answer"])

        grabber.release_all()  # changed settings: the session is closed, a new one bound
        chord = chord_of(QKeySequence("F5"))
        assert chord is not None
        grabber.grab("hold", chord)
        await wait_for(lambda: [sid for sid, _ in portal.bound] == ["hold"])
        assert portal.closed and portal.closed[0] == portal.sessions[0]
        portal.press("hold")
        await wait_for(lambda: pressed == ["answer", "hold"])
        grabber.close()  # quit: the listener and the bus connection go
        await asyncio.sleep(0.05)
        assert not [t for t in grabber._tasks if not t.done()]
    finally:
        portal.close()
