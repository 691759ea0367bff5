"""System-wide hotkeys on Wayland: the XDG desktop portal's GlobalShortcuts (not run here).

Wayland gives no client a way to grab keys; the desktop may offer the
``org.freedesktop.portal.GlobalShortcuts`` interface (D-Bus, session bus) instead. The flow:
``CreateSession`` → its ``Request``'s ``Response`` carries the ``session_handle``;
``BindShortcuts(session, [(id, {description, preferred_trigger})], "", {})`` → the desktop
asks the operator once to confirm (or change) the keys, and the ``Response`` lists what was
bound; afterwards ``Activated(session, id, timestamp, options)`` signals each press. The
binding is asynchronous: :meth:`PortalGrabber.grab` answers :attr:`Grab.TAKEN` for a key it
will ask for, and a refused or changed binding is logged. A new set of keys (changed
settings) closes the session and binds again in a new one.

Through jeepney (pure Python D-Bus, already installed for the Secret Service keyring) on the
asyncio loop (qasync). Written against the portal's published interface; the tests run it
against a stand-in portal on a private session bus (no desktop portal runs on the test
machines), not against a real compositor.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from typing import Any

from agent_toolbar.qt import QKeySequence
from agent_toolbar.ui.shell.global_keys.base import Chord, Grab, Grabber

__all__ = ["PortalGrabber", "trigger_text"]

log = logging.getLogger(__name__)

BUS_NAME = "org.freedesktop.portal.Desktop"
OBJECT = "/org/freedesktop/portal/desktop"
INTERFACE = "org.freedesktop.portal.GlobalShortcuts"


def trigger_text(chord: Chord) -> str:
    """The shortcut in the XDG "shortcuts" syntax the portal takes, e.g. ``CTRL+ALT+a``."""
    parts = [m for m, on in (("CTRL", chord.control), ("ALT", chord.alt),
                             ("SHIFT", chord.shift), ("LOGO", chord.meta)) if on]  # fmt: skip
    key = QKeySequence(chord.key).toString(QKeySequence.SequenceFormat.PortableText)
    parts.append(key.lower() if len(key) == 1 else key)
    return "+".join(parts)


class PortalGrabber(Grabber):
    """Binds shortcuts through the GlobalShortcuts portal."""

    label = "Wayland (XDG desktop portal GlobalShortcuts)"

    def __init__(self) -> None:
        """Use :meth:`probe`, which checks that the portal is there."""
        super().__init__()
        self._wanted: dict[str, Chord] = {}
        self._session: str | None = None
        self._router: Any = None
        self._opener: Any = None
        self._task: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    def _keep(self, task: asyncio.Task[Any]) -> None:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @classmethod
    def probe(cls) -> PortalGrabber | None:
        """A grabber, or None when the session bus has no GlobalShortcuts portal."""
        try:
            from jeepney import DBusAddress, Properties
            from jeepney.io.blocking import open_dbus_connection
        except ImportError:
            return None
        try:
            with open_dbus_connection(bus="SESSION") as connection:
                address = DBusAddress(OBJECT, bus_name=BUS_NAME, interface=INTERFACE)
                reply = connection.send_and_get_reply(Properties(address).get("version"),
                                                      timeout=2)  # fmt: skip
                if reply.header.message_type.name == "error":
                    return None
        except Exception as exc:
            log.info("no GlobalShortcuts portal: %s", exc)
            return None
        return cls()

    def grab(self, name: str, chord: Chord) -> Grab:
        """Ask for ``chord`` (bound with the others in one request, a loop turn later)."""
        self._wanted[name] = chord
        if self._task is None or self._task.done():
            self._task = asyncio.ensure_future(self._bind_soon())
        return Grab.TAKEN

    def release_all(self) -> None:
        """Forget the keys: the next :meth:`grab` binds in a new session."""
        self._wanted.clear()
        self._keep(asyncio.ensure_future(self._close_session()))

    def close(self) -> None:
        """Stop listening and drop the bus connection (on quit; the session ends with it)."""
        self._wanted.clear()
        for task in [*self._tasks, *([self._task] if self._task else [])]:
            task.cancel()
        router, self._router = self._router, None
        if router is not None:
            router._rcv_task.cancel()  # jeepney's receiver; the socket is closed next
            self._opener.conn.writer.close()  # removes the socket from the loop at once

    async def _close_session(self) -> None:
        session, self._session = self._session, None
        if session is None or self._router is None:
            return
        from jeepney import DBusAddress, new_method_call

        address = DBusAddress(
            session, bus_name=BUS_NAME, interface="org.freedesktop.portal.Session"
        )
        try:
            await self._router.send(new_method_call(address, "Close"))
        except Exception:
            log.debug("closing the portal session failed", exc_info=True)

    async def _request(self, method: str, signature: str, *args: Any) -> dict[str, Any]:
        """Call a portal method that answers through a Request object's Response signal."""
        from jeepney import DBusAddress, MatchRule, message_bus, new_method_call

        token = "agent_toolbar_" + secrets.token_hex(6)
        sender = self._router.unique_name[1:].replace(".", "_")
        path = f"/org/freedesktop/portal/desktop/request/{sender}/{token}"
        rule = MatchRule(type="signal", interface="org.freedesktop.portal.Request",
                         member="Response", path=path)  # fmt: skip
        await self._router.send_and_get_reply(message_bus.AddMatch(rule))
        options = args[-1]
        options["handle_token"] = ("s", token)
        address = DBusAddress(OBJECT, bus_name=BUS_NAME, interface=INTERFACE)
        with self._router.filter(rule) as responses:
            await self._router.send_and_get_reply(new_method_call(address, method, signature, args))
            response = await asyncio.wait_for(responses.get(), timeout=300)  # the operator decides
        code, results = response.body
        if code != 0:
            raise PermissionError(f"{method} was refused or cancelled ({code})")
        return {k: v[1] for k, v in results.items()}

    async def _bind_soon(self) -> None:
        await asyncio.sleep(0)  # every grab() of this apply() first
        try:
            from jeepney import MatchRule, message_bus
            from jeepney.io.asyncio import open_dbus_router

            if self._router is None:
                self._opener = open_dbus_router(bus="SESSION")
                self._router = await self._opener.__aenter__()
                rule = MatchRule(type="signal", interface=INTERFACE, member="Activated")
                await self._router.send_and_get_reply(message_bus.AddMatch(rule))
                self._keep(asyncio.ensure_future(self._listen(rule)))
            await self._close_session()
            token = ("s", "agent_toolbar_" + secrets.token_hex(6))
            created = await self._request("CreateSession", "a{sv}",
                                          {"session_handle_token": token})  # fmt: skip
            self._session = str(created["session_handle"])
            shortcuts = [
                (name, {"description": ("s", name), "preferred_trigger": ("s", trigger_text(c))})
                for name, c in self._wanted.items()
            ]
            bound = await self._request("BindShortcuts", "oa(sa{sv})sa{sv}", self._session,
                                        shortcuts, "", {})  # fmt: skip
            log.info("portal bound: %s", ", ".join(str(s[0]) for s in bound.get("shortcuts", [])))
        except Exception:
            log.exception("the GlobalShortcuts portal did not bind the hotkeys")

    async def _listen(self, rule: Any) -> None:
        with self._router.filter(rule, bufsize=16) as signals:
            while True:
                message = await signals.get()
                session, shortcut_id = message.body[0], message.body[1]
                if session == self._session and shortcut_id in self._wanted:
                    log.info("global hotkey pressed: %s", shortcut_id)
                    self.activated.emit(str(shortcut_id))
