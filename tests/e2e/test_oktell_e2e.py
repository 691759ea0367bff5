"""The real app on Oktell: a call card with the caller's name, the answer hotkey, a break with
a reason and hang-up, each reaching the simulated Web-API as the method it should be."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

import pytest

from agent_toolbar.simulators.oktell import CommandRecord, Simulator
from tests.e2e.conftest import Desktop, Launcher, run, wait_until
from tests.e2e.test_screenpop_e2e import Browser

pytestmark = pytest.mark.e2e
T = TypeVar("T")

#: Regulated break reasons of the simulated server, as an admin configures them locally.
INI = (
    "[cti]\nbackend=oktell\n"
    "[oktell]\npoll_ms=300\n"
    '[reasons]\naway=1001, 1002\nlabels="1001 = Обед\\n1002 = Обучение"\n'
    "[screenpop]\nallowed_hosts=crm.example.com\ntrigger=ring\n"
    'template="https://crm.example.com/card?who={params.callername}&phone={caller}'
    '&chain={params.chainid}"\n'
)


class OktellHost:
    """The Oktell simulator on its own loop in a background thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="oktell", daemon=True)
        self.thread.start()
        # the app under test has no keyring here: the login comes in with an empty password
        self.sim = Simulator("idle", seed=7, accept_empty_password=True)
        self.run(self.sim.start("127.0.0.1", 0))

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
        future: Future[T] = asyncio.run_coroutine_threadsafe(coro, self.loop)
        return future.result(timeout)

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        async def invoke() -> T:
            return fn(*args, **kwargs)

        return self.run(invoke())

    def wait_for(self, name: str, timeout: float = 15.0) -> CommandRecord:
        return self.run(self.sim.wait_for_command(name, timeout=timeout), timeout + 5)

    def close(self) -> None:
        try:
            self.run(self.sim.stop())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)
            self.loop.close()


@pytest.fixture
def browser(tmp_path: Path, desktop: Desktop, monkeypatch: pytest.MonkeyPatch) -> Browser:
    """A fake ``xdg-open`` first on the app's PATH, recording the CRM addresses it opens."""
    fake = Browser(tmp_path)
    monkeypatch.setitem(desktop.env, "PATH", f"{fake.bin}:{desktop.env.get('PATH', '')}")
    monkeypatch.setitem(desktop.env, "BROWSER", "")
    return fake


@pytest.fixture
def oktell() -> Iterator[OktellHost]:
    host = OktellHost()
    yield host
    host.close()


def test_oktell_call_card_answer_break_with_reason_and_hang_up(
    launch: Launcher, oktell: OktellHost, browser: Browser
) -> None:
    app = launch(server=oktell.sim.url, login="operator", ini=INI)
    app.wait_log(r"Oktell server version")
    window = app.window()
    run("xdotool", "windowmove", "--sync", window, "40", "120", env=app.desktop.env)
    wait_until(lambda: oktell.call(oktell.sim.command_count, "wp_getabonentinfo") >= 2,
               what="the toolbar polling")  # fmt: skip

    cid = oktell.call(
        oktell.sim.inject_call, "operator", caller="+79161234567", display_name="Козлов Олег"
    )
    app.wait_log(rf"tray notification shown: incoming call {cid}")
    # the card's data, as the CRM screen-pop renders it: the caller's name and the chain
    chain = oktell.call(lambda: oktell.sim.operator("operator").calls[0].chain_id)
    (opened,) = browser.wait(1)
    assert opened == (
        "https://crm.example.com/card?who=%D0%9A%D0%BE%D0%B7%D0%BB%D0%BE%D0%B2%20%D0%9E%D0%BB"
        f"%D0%B5%D0%B3&phone=%2B79161234567&chain={chain}"
    )
    app.desktop.screenshot("oktell-ringing")

    app.key("ctrl+alt+a")
    answer = oktell.wait_for("wp_answercall")
    assert answer.params == {"user": "operator"} and answer.login == "operator"
    wait_until(
        lambda: oktell.call(lambda: oktell.sim.operator("operator").line_state()) == 32,
        what="the simulated line to be talking",
    )

    # a break with a reason from the state menu (Ready, then the two reasons) while talking:
    # the toolbar queues it and sends it when the call is over
    before = set(app.visible_windows())
    app.key("ctrl+alt+s")
    wait_until(lambda: [w for w in app.visible_windows() if w not in before], what="the menu")
    done = run("xdotool", "key", "--delay", "80", "Down", "Down", "Return", env=app.desktop.env)
    assert done.returncode == 0, done.stderr
    app.desktop.screenshot("oktell-talking-break-queued")

    app.key("ctrl+alt+e")
    assert oktell.wait_for("wp_abortcall").params == {"user": "operator"}
    record = oktell.wait_for("wp_setuserstate")
    assert record.params == {"user": "operator", "onlunch": "1", "lunchreasonid": "1002"}
    wait_until(
        lambda: oktell.call(lambda: oktell.sim.operator("operator").state) == 2,
        what="the simulated user to be on a break",
    )
    assert oktell.call(lambda: oktell.sim.operator("operator").lunch_reason_id) == 1002
    wait_until(
        lambda: oktell.call(lambda: oktell.sim.operator("operator").calls) == [],
        what="the call to be over on the server",
    )
    app.desktop.screenshot("oktell-break-after-call")
    assert app.terminate() == 0
    stderr = app.stderr()
    assert "Traceback" not in stderr and "Task was destroyed but it is pending" not in stderr
