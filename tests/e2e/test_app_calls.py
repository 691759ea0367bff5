"""The real app against the simulator: a call arrives, hotkeys work it, quitting detaches."""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import Launcher, SimHost, run, wait_until

pytestmark = pytest.mark.e2e


def test_incoming_call_card_notification_hotkeys_and_quit(launch: Launcher, sim: SimHost) -> None:
    app = launch(server=sim.url, login="operator")
    app.wait_log(r"attached to ws://127\.0\.0\.1:\d+ as operator")
    window = app.window()
    assert app.window_title() == "Agent Toolbar — operator"

    cid = sim.call(sim.sim.inject_call, "operator", caller="+79161234567",
                   display_name="Иванов Пётр")  # fmt: skip
    app.wait_log(rf"tray notification shown: incoming call {cid}")
    balloon = wait_until(
        lambda: [
            (x, y, w, h)
            for wid, (x, y, w, h) in app.visible_windows().items()
            if wid != window and w > 100 and h > 40
        ],
        what="the notification balloon",
    )
    x, y, _, _ = balloon[0]
    assert x > 640 and y < 200  # next to the tray at the top right
    app.desktop.screenshot("call-ringing")

    app.key("ctrl+alt+a")
    assert sim.wait_for_command("Answer").cid == cid
    app.wait_log(rf"tray notification withdrawn: call {cid}")
    wait_until(
        lambda: (
            not [
                wid
                for wid, (_, _, w, h) in app.visible_windows().items()
                if wid != window and w > 100
            ]
        ),
        what="the balloon to go once the call is answered",
    )
    app.key("ctrl+alt+h")
    hold = sim.wait_for_command("Hold")
    assert (hold.cid, hold.on) == (cid, True)
    app.key("ctrl+alt+m")
    mute = sim.wait_for_command("Mute")
    assert (mute.cid, mute.on) == (cid, True)
    app.desktop.screenshot("call-on-hold-muted")
    app.key("ctrl+alt+e")
    assert sim.wait_for_command("Hangup").cid == cid
    assert window == app.window()

    assert app.terminate() == 0
    sim.wait_for_command("DetachFromUser")
    stderr = app.stderr()
    assert "Task was destroyed but it is pending" not in stderr
    assert "Traceback" not in stderr


def test_clicking_the_notification_brings_the_toolbar_forward(
    launch: Launcher, sim: SimHost
) -> None:
    app = launch(server=sim.url, login="operator")
    app.wait_log(r"attached to .* as operator")
    window = app.window()
    env = app.desktop.env
    app.minimize(window)
    cid = sim.call(sim.sim.inject_call, "operator", caller="+79160000001", display_name="Орлов")
    app.wait_log(rf"tray notification shown: incoming call {cid}")

    def balloon() -> list[tuple[int, int, int, int]]:
        return [
            (x, y, w, h)
            for wid, (x, y, w, h) in app.visible_windows().items()
            if wid != window and w > 100 and y < 200 and x > 640  # next to the tray
        ]

    def shown() -> bool:
        return not app.minimized(window)

    for _ in range(3):  # a click can race the balloon's own appearance on a busy machine
        found = wait_until(balloon, what="the notification balloon")
        x, y, w, h = found[0]
        run("xdotool", "mousemove", str(x + w // 3), str(y + h - 12), "sleep", "0.3", "click",
            "1", env=env)  # fmt: skip
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not shown():
            time.sleep(0.1)
        if shown():
            break
    assert shown(), "clicking the notification did not bring the toolbar forward"
    app.key("ctrl+alt+a")
    assert sim.wait_for_command("Answer").cid == cid
    assert app.terminate() == 0
