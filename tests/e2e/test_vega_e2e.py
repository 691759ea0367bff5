"""The real app on the Vega PBX simulator under Xvfb: one card per group call, one pop.

The simulator runs on its own loop in a background thread (as the Naumen one does in
``conftest.SimHost``); the app is launched with ``cti/backend = vega``. A fake ``xdg-open``
(from the screen-pop end-to-end tests) records every address the app opens.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

import pytest

from agent_toolbar.simulators.vega.server import VegaSimulator
from tests.e2e.conftest import Desktop, Launcher
from tests.e2e.test_screenpop_e2e import Browser

pytestmark = pytest.mark.e2e

T = TypeVar("T")
#: The CRM with priority 1 for the seed's customer (``priorities=(2, 1)``).
CONTACT_URL = "https://crm.example.com/contacts/7001"


class VegaHost:
    """A :class:`VegaSimulator` on its own loop in a background thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="vega", daemon=True)
        self.thread.start()
        self.sim = VegaSimulator()
        self.run(self.sim.start("127.0.0.1", 0))

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
        future: Future[T] = asyncio.run_coroutine_threadsafe(coro, self.loop)
        return future.result(timeout)

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        async def invoke() -> T:
            return fn(*args, **kwargs)

        return self.run(invoke())

    def close(self) -> None:
        try:
            self.run(self.sim.stop())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)
            self.loop.close()


@pytest.fixture
def vega() -> Iterator[VegaHost]:
    host = VegaHost()
    yield host
    host.close()


@pytest.fixture
def crm(tmp_path: Path, desktop: Desktop, monkeypatch: pytest.MonkeyPatch) -> Browser:
    """The fake ``xdg-open`` first on the app's ``PATH``."""
    fake = Browser(tmp_path)
    monkeypatch.setitem(desktop.env, "PATH", f"{fake.bin}:{desktop.env.get('PATH', '')}")
    monkeypatch.setitem(desktop.env, "BROWSER", "")
    return fake


def ini(language: str) -> str:
    return (
        "[cti]\nbackend=vega\n"
        "[vega]\nextension=101\n"
        "[screenpop]\nopen_call_url=true\n"
        'allowed_hosts="crm.example.com"\n'
        f"[ui]\nlanguage={language}\nalways_on_top=false\nsound=false\n"
    )


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_group_call_is_one_card_and_one_pop_and_pause_shows(
    launch: Launcher,
    vega: VegaHost,
    crm: Browser,
    language: str,
) -> None:
    app = launch(server=vega.sim.url, login="operator", ini=ini(language))
    app.wait_log(r"listening to ws://127\.0\.0\.1:\d+ for extension 101")
    app.window()
    vega.run(vega.sim.wait_for_clients())

    colleague = vega.call(vega.sim.incoming_call, "102")  # never shown
    parent, child = vega.call(vega.sim.group_call, "101", customer=0, priorities=(2, 1))
    app.wait_log(rf"call {parent} appeared: incoming callee, \*+7777")
    app.wait_log(rf"tray notification shown: incoming call {parent}")
    assert crm.wait(1) == [CONTACT_URL]
    app.desktop.screenshot(f"vega-ringing-{language}")

    vega.call(vega.sim.bridge, child)
    vega.run(vega.sim.drop_all_connections())  # a reconnect must not pop it again
    app.wait_log(r"connection lost")
    vega.run(vega.sim.wait_for_clients())
    vega.call(vega.sim.pause, "101")
    app.wait_log(r"pause reported: on pause")
    app.desktop.screenshot(f"vega-paused-{language}")
    vega.call(vega.sim.hangup, child)
    app.wait_log(rf"call {parent} ended: answered")

    log = app.log_text()
    assert crm.opened() == [CONTACT_URL]  # exactly once
    assert log.count("tray notification shown: incoming call") == 1
    assert colleague not in log and child not in log.replace(f"call {parent}", "")
    assert "+380567777777" not in log and "Рекламна" not in log
    assert app.terminate() == 0
    assert "Traceback" not in app.stderr()


def test_demo_on_the_vega_simulator(launch: Launcher, crm: Browser) -> None:
    app = launch("--demo", "--backend", "vega", login=None, name="vega-demo")
    app.wait_log(r"demo: the built-in simulator listens on ws://127\.0\.0\.1:\d+ \(vega\)")
    app.wait_log(r"listening to ws://127\.0\.0\.1:\d+ for extension 101")
    app.window()
    # The demo PBX says the operator is available when the toolbar connects (not "unknown").
    app.wait_log(r"pause reported: available")
    # The demo's first call: the support group distributes a customer's call to 101.
    found = app.wait_log(r"call (\S+) appeared: incoming callee", timeout=30)
    app.wait_log(rf"tray notification shown: incoming call {found[1]}")
    assert app.terminate() == 0
    assert "Vega PBX simulator stopped" in app.log_text()
    assert crm.opened() == []  # screen-pop of the call's url is off unless configured
    assert "Traceback" not in app.stderr()
