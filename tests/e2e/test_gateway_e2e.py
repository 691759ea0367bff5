"""The real app under Xvfb on ``agent-toolbar-gateway``: webhook calls on two toolbars, and an
Autosecretary call with its screen-pop and a "Transfer to…" the fake platform receives.

The gateway and its fakes run in this process on their own loop (a background thread); each
toolbar is the real app in its own HOME with its own Secret Service (``dbus-daemon`` plus an
unlocked ``gnome-keyring-daemon``) holding that operator's token, exactly where the app reads
it. Window pictures go to ``$E2E_SHOTS`` as ``<lang>-webhook-*.png`` / ``<lang>-autosecretary-*``
(the ones in ``docs/screenshots/`` are these).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.e2e.conftest import SHOTS, App, Desktop, Launcher, run, wait_until
from tests.e2e.test_screenpop_e2e import Browser
from tests.e2e.test_transfer_conference import keys_to, type_to, window_named

pytestmark = pytest.mark.e2e

T = TypeVar("T")
ELSEWHERE = "74951234567"


class GatewayHost:
    """The demo gateway (quiet) on a loop of its own in a background thread."""

    def __init__(self) -> None:
        from agent_toolbar.simulators.gateway_demo import start_demo

        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.demo = self.run(start_demo("webhook", "quiet"))

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    @property
    def url(self) -> str:
        return str(self.demo.gateway.toolbar_url)

    def token(self, login: str) -> str:
        return str(self.demo.config.toolbar_tokens[login])

    def close(self) -> None:
        self.run(self.demo.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture
def gateway() -> Iterator[GatewayHost]:
    host = GatewayHost()
    yield host
    host.close()


class KeyringLauncher(Launcher):
    """A launcher whose apps find a Secret Service of their own, holding one token."""

    bus: str = ""
    pid: int = 0

    def start_keyring(self, key: str, secret: str) -> None:
        env = Launcher.env(self)
        (Path(env["HOME"]) / ".local" / "share" / "keyrings").mkdir(parents=True, exist_ok=True)
        out = subprocess.run(
            ["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
            env=env, capture_output=True, text=True, timeout=10, check=True,
        ).stdout.split()  # fmt: skip
        self.bus, self.pid = out[0], int(out[1])
        env["DBUS_SESSION_BUS_ADDRESS"] = self.bus
        subprocess.run(
            ["gnome-keyring-daemon", "--unlock", "--components=secrets"],
            input="e2e", env=env, capture_output=True, text=True, timeout=10, check=True,
        )  # fmt: skip
        store = (
            "import sys, keyring; keyring.set_password('agent-toolbar', sys.argv[1], sys.argv[2])"
        )
        subprocess.run([sys.executable, "-c", store, key, secret], env=env, check=True, timeout=20)

    def env(self) -> dict[str, str]:
        env = Launcher.env(self)
        if self.bus:
            env["DBUS_SESSION_BUS_ADDRESS"] = self.bus
        return env

    def stop_keyring(self) -> None:
        if self.pid:
            os.kill(self.pid, 15)  # gnome-keyring-daemon leaves with its bus
            self.pid = 0


@pytest.fixture
def toolbars(desktop: Desktop, tmp_path: Path, browser: Browser) -> Iterator[Any]:
    if not (shutil.which("dbus-daemon") and shutil.which("gnome-keyring-daemon")):
        pytest.skip("needs dbus-daemon and gnome-keyring (bash scripts/bootstrap.sh test)")
    made: list[KeyringLauncher] = []

    def make(login: str, system: str, gw: GatewayHost, ini: str = "") -> App:
        launcher = KeyringLauncher(desktop, tmp_path / login)
        made.append(launcher)
        launcher.start_keyring(f"{system}/token", gw.token(login))
        config = f"[cti]\nbackend={system}\nurl={gw.url}\n{ini}"
        app = launcher(login=login, ini=config, name=login)
        app.wait_log(rf"listening to ws://127\.0\.0\.1:\d+/toolbar as {login}")
        return app

    yield make
    for launcher in made:
        launcher.cleanup()
        launcher.stop_keyring()


@pytest.fixture
def browser(tmp_path: Path, desktop: Desktop, monkeypatch: pytest.MonkeyPatch) -> Browser:
    fake = Browser(tmp_path)
    monkeypatch.setitem(desktop.env, "PATH", f"{fake.bin}:{desktop.env.get('PATH', '')}")
    monkeypatch.setitem(desktop.env, "BROWSER", "")
    return fake


def window_shot(app: App, name: str, window: str | None = None) -> Path:
    """This app's main window (or ``window``) alone, as ``<SHOTS>/<name>.png``.

    The windows stand below the top edge, where the tray and its balloons are.
    """
    time.sleep(0.3)  # the window paints on its next loop turn; let it, for the picture
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    target = window or app.window()
    done = run("import", "-window", target, str(path), env=app.desktop.env, timeout=20)
    assert done.returncode == 0, done.stderr
    return path


def lang_ini(language: str) -> str:
    return f"[ui]\nlanguage={language}\n"


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_webhook_call_rings_on_two_toolbars_and_ends_on_one_as_answered_elsewhere(
    gateway: GatewayHost, toolbars: Any, language: str
) -> None:
    from agent_toolbar.simulators.gateway_demo import COLLEAGUE, OPERATOR
    from agent_toolbar.simulators.pbx_webhooks import FakePbx, FlowFactory

    me = toolbars("operator", "webhook", gateway, lang_ini(language))
    her = toolbars("colleague", "webhook", gateway, lang_ini(language))
    run("xdotool", "windowmove", "--sync", me.window(), "20", "300", env=me.desktop.env)
    run("xdotool", "windowmove", "--sync", her.window(), "20", "520", env=her.desktop.env)
    flow = FlowFactory(seed=21).incoming(
        [OPERATOR[1], COLLEAGUE[1]], answered_by=1, caller="9161234567"
    )
    cid = f"wh:{flow.session_id}"

    async def post(steps: Any) -> None:
        async with FakePbx(gateway.demo.gateway.webhook_url) as pbx:
            for step in steps:
                answers = await asyncio.gather(*(pbx.post(p) for p in step))
                assert all(a.ok for a in answers)

    gateway.run(post(flow.steps[:2]))  # CreateIncCall; AttemptIncCallBegin to both
    me.wait_log(rf"tray notification shown: incoming call {cid}")
    her.wait_log(rf"tray notification shown: incoming call {cid}")
    window_shot(me, f"{language}-webhook-ringing")
    gateway.run(post(flow.steps[2:3]))  # ChangeIncCall: the colleague answers
    me.wait_log(rf"call {cid} ended: answered_elsewhere")
    window_shot(her, f"{language}-webhook-answered-by-colleague")
    window_shot(me, f"{language}-webhook-answered-elsewhere")
    gateway.run(post(flow.steps[3:]))  # AttemptIncCallEnd for me, EndIncCall
    her.wait_log(rf"call {cid} ended: answered 200")
    assert f"missed call {cid}" not in me.log_text()  # a colleague took it: no missed alarm
    assert me.terminate() == 0 and her.terminate() == 0


@pytest.mark.parametrize("language", ["en", "ru"])
def test_an_autosecretary_call_pops_the_crm_once_and_transfers_through_the_platform(
    gateway: GatewayHost, toolbars: Any, browser: Browser, language: str
) -> None:
    from agent_toolbar.simulators.autosecretary import Action, EventType, FakePlatform
    from agent_toolbar.simulators.gateway_demo import OPERATOR

    screenpop = (
        "[screenpop]\n"
        'template="https://crm.example.com/call?id={params.CallID}&an={params.AN}"\n'
        'allowed_hosts="crm.example.com"\ntrigger=ring\n'
    )
    me = toolbars("operator", "autosecretary", gateway, lang_ini(language) + screenpop)
    run("xdotool", "windowmove", "--sync", me.window(), "20", "300", env=me.desktop.env)
    auth = gateway.demo.config.autosecretary
    assert auth is not None

    async def start() -> Any:
        platform = FakePlatform(
            gateway.demo.gateway.crm_base_url, auth.user, auth.password, poll_interval=0.2
        )
        assert (await platform.activate()).ok
        call = platform.start_call(
            an="79582412128", dn=(OPERATOR[2],), talk=None, hold_before=EventType.TRANSFER
        )
        await call.held()
        return platform, call

    platform, call = gateway.run(start())
    cid = f"as:{call.call_id}"
    me.wait_log(rf"tray notification shown: incoming call {cid}")
    assert browser.wait(1) == [f"https://crm.example.com/call?id={call.call_id}&an=79582412128"]
    window_shot(me, f"{language}-autosecretary-ringing")

    async def connect() -> None:
        call.release()
        await call.connected()

    gateway.run(connect())
    call.set_transfer_results("1289")  # the consultant is busy
    me.wait_log(rf"call {cid} connected")
    me.key("ctrl+alt+t")  # hotkeys/transfer
    dialog = window_named(me, "Transfer call|Перевод вызова")
    type_to(me, dialog, ELSEWHERE)
    window_shot(me, f"{language}-autosecretary-transfer-dialog", dialog)
    keys_to(me, dialog, "Return")
    me.wait_log(rf"instruction \S+ TransferDN for {cid} queued at the gateway")
    wait_until(lambda: call.record.instructions, what="the platform to take the instruction")
    me.wait_log(r"instruction \S+: (delivered|result)")
    wait_until(
        lambda: any(e.get("EventType") == 9 for e in call.record.events[-3:]),
        what="the consultation's Transfer result",
    )
    me.wait_log(rf"transfer of {cid} to {ELSEWHERE} \(consultation\): failed \(busy 1289")
    window_shot(me, f"{language}-autosecretary-transfer-busy")
    transfers = [i for _w, i in call.record.instructions if i.action == Action.TRANSFER_DN]
    assert [i.param for i in transfers] == [ELSEWHERE]  # exactly once

    async def finish() -> None:
        call.caller_hangs_up()
        await call.ended()
        await platform.close()

    gateway.run(finish())
    me.wait_log(rf"call {cid} ended: answered 1")
    assert browser.opened() == [f"https://crm.example.com/call?id={call.call_id}&an=79582412128"]
    assert me.terminate() == 0


@pytest.mark.parametrize("system", ["webhook", "autosecretary"])
def test_demo_needs_no_server(launch: Launcher, system: str) -> None:
    app = launch("--demo", "--backend", system, login=None, name=f"demo-{system}")
    app.wait_log(r"demo: the built-in simulator listens on ws://127\.0\.0\.1:\d+/toolbar")
    app.wait_log(r"listening to ws://127\.0\.0\.1:\d+/toolbar as operator")
    prefix = "wh" if system == "webhook" else "as"
    app.wait_log(rf"tray notification shown: incoming call {prefix}:\S+", timeout=30)
    assert app.terminate() == 0
    assert "Traceback" not in app.stderr()
    assert "Task was destroyed but it is pending" not in app.stderr()
