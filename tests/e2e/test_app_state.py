"""The operator's state: changed from the tray menu and by the Ready hotkey; the tray quits."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Launcher, SimHost, run, wait_until

pytestmark = pytest.mark.e2e


def test_state_from_the_tray_menu_and_the_ready_hotkey_then_quit_from_the_tray(
    launch: Launcher, sim: SimHost
) -> None:
    app = launch(server=sim.url, login="operator")
    app.wait_log(r"attached to .* as operator")
    app.window()

    # Tray menu: header, Ready, Not ready — Lunch … : Down Down picks "Not ready — Lunch".
    app.tray_menu("Down", "Down", "Return")
    change = sim.wait_for_command("ChangeUserState")
    assert (change.state, change.reason) == ("away", "Dinner")
    wait_until(
        lambda: sim.call(sim.sim.operator, "operator").state == "notavailable",
        what="the simulator's operator to be not ready",
    )
    app.wait_log(r"intent ChangeState\(state='away', reason='Dinner'\)")
    app.desktop.screenshot("state-not-ready-lunch")

    # The selector's Ready hotkey (hotkeys/ready, Ctrl+Alt+R) switches back.
    app.key("ctrl+alt+r")
    assert sim.wait_for_command("ChangeUserState").state == "normal"
    wait_until(
        lambda: sim.call(sim.sim.operator, "operator").state == "available",
        what="the simulator's operator to be ready",
    )

    # Quit is the last entry of the tray menu.
    app.tray_menu("Up", "Return")
    assert app.wait() == 0
    sim.wait_for_command("DetachFromUser")
    assert "Task was destroyed but it is pending" not in app.stderr()


def test_state_selector_by_keyboard_changes_the_simulators_state(
    launch: Launcher, sim: SimHost
) -> None:
    """The selector's menu opened with its hotkey (Ctrl+Alt+S), arrows and Enter, like a person."""
    app = launch(server=sim.url, login="operator")
    app.wait_log(r"attached to .* as operator")
    window = app.window()
    before = set(app.visible_windows())
    app.key("ctrl+alt+s")
    wait_until(
        lambda: [wid for wid in app.visible_windows() if wid not in before],
        what="the state menu",
    )
    app.desktop.screenshot("state-menu-open")
    # Ready is highlighted first; Down moves to "Not ready — Lunch".
    done = run("xdotool", "key", "--delay", "80", "Down", "Return", env=app.desktop.env)
    assert done.returncode == 0, done.stderr
    change = sim.wait_for_command("ChangeUserState")
    assert (change.state, change.reason) == ("away", "Dinner")
    wait_until(
        lambda: sim.call(sim.sim.operator, "operator").state == "notavailable",
        what="the simulator's operator to be not ready",
    )
    app.wait_log(r"intent ChangeState\(state='away', reason='Dinner'\)")
    assert window == app.window()
    app.desktop.screenshot("state-not-ready-by-selector")
    assert app.terminate() == 0
