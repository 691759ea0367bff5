"""Closing the window: to the tray when there is one; without a tray it stays and quits."""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import App, Launcher, SimHost, run, wait_until

pytestmark = pytest.mark.e2e


def close_window(app: App, window: str) -> None:
    """Alt+F4, as an operator closes a window (openbox sends WM_DELETE_WINDOW).

    The key goes to whatever has the focus, so focus the window first and press again if
    the window manager had not given it the focus yet (bounded).
    """
    env = app.desktop.env
    for _ in range(3):
        run("xdotool", "windowactivate", "--sync", window, env=env)
        run("xdotool", "windowfocus", "--sync", window, "key", "alt+F4", env=env)
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            if app.proc.poll() is not None or window not in app.visible_windows():
                return
            time.sleep(0.05)


def test_closing_hides_to_the_tray_and_a_tray_click_brings_it_back(
    launch: Launcher, sim: SimHost
) -> None:
    app = launch(server=sim.url, login="operator")
    app.wait_log(r"attached to .* as operator")
    window = app.window()
    close_window(app, window)
    wait_until(lambda: window not in app.visible_windows(), what="the window to hide")
    app.check_alive()
    assert "DetachFromUser" not in sim.command_names()

    x, y = app.tray_icon()
    run("xdotool", "mousemove", str(x), str(y), "sleep", "0.2", "click", "1", env=app.desktop.env)
    assert app.window() == window
    assert app.terminate() == 0


def test_without_a_tray_the_toolbar_stays_and_closing_it_quits(
    launch_without_tray: Launcher, sim: SimHost
) -> None:
    app = launch_without_tray(server=sim.url, login="operator")
    app.wait_log(r"no system tray: the toolbar stays visible")
    app.wait_log(r"attached to .* as operator")
    window = app.window()
    cid = sim.call(sim.sim.inject_call, "operator", caller="+79031234567")
    app.wait_log(rf"tray notification skipped \(no tray\): incoming call {cid}")
    close_window(app, window)
    assert app.wait(30) == 0
    sim.wait_for_command("DetachFromUser")
    assert "Task was destroyed but it is pending" not in app.stderr()


def test_smoke_and_version_on_a_real_display(launch: Launcher) -> None:
    smoke = launch("--smoke", login=None, name="smoke")
    assert smoke.wait(60) == 0
    assert "smoke: window, tray, dialogs built" in smoke.log_text()
    assert "Traceback" not in smoke.stderr()
    version = launch("--version", login=None, name="version")
    assert version.wait(30) == 0
    assert version.stderr().strip().startswith("agent-toolbar ")
