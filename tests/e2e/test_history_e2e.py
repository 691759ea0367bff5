"""The call history in the real app on Xvfb: two calls, one missed, the tray's count, call back."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Launcher, SimHost, run, wait_until

pytestmark = pytest.mark.e2e


def test_two_calls_one_missed_counted_in_the_tray_listed_and_called_back(
    launch: Launcher, sim: SimHost
) -> None:
    app = launch(server=sim.url, login="operator")
    app.wait_log(r"attached to ws://127\.0\.0\.1:\d+ as operator")
    app.wait_log(r"history: 0 missed calls not seen")

    # An answered call: rung, answered and hung up with the hotkeys, wrap-up finished.
    talked = sim.call(sim.sim.inject_call, "operator", caller="+79161234567",
                      display_name="Иванов Пётр")  # fmt: skip
    app.wait_log(rf"tray notification shown: incoming call {talked}")
    app.key("ctrl+alt+a")
    assert sim.wait_for_command("Answer").cid == talked
    app.key("ctrl+alt+e")
    assert sim.wait_for_command("Hangup").cid == talked
    app.key("ctrl+alt+w")
    assert sim.wait_for_command("Close").cid == talked

    # A missed one: the caller gives up while it rings.
    missed = sim.call(sim.sim.inject_call, "operator", caller="+74951112233",
                      display_name="Ольга")  # fmt: skip
    app.wait_log(rf"tray notification shown: incoming call {missed}")
    sim.call(sim.sim.end_call_remote, "operator", missed)
    app.wait_log(rf"tray notification shown: missed call {missed}")
    app.wait_log(r"history: 1 missed calls not seen")  # the tray's badge, tooltip and menu
    app.desktop.screenshot("history-tray-missed")

    # The tray menu's "Call history (1 missed)…": four up from the bottom (Quit, About,
    # Settings, then it).
    app.tray_menu("Up", "Up", "Up", "Up", "Return")
    history = wait_until(
        lambda: app.desktop.windows("--all", "--onlyvisible", "--pid", str(app.proc.pid),
                                    "--name", "^Call history"),
        what="the History window",
    )[0]  # fmt: skip
    app.wait_log(r"history: 2 calls listed")
    app.wait_log(r"history: 0 missed calls not seen")  # opening the list cleared the count
    app.desktop.screenshot("history-window")

    # The newest call (the missed one) is selected: Enter calls it back.
    run("xdotool", "windowactivate", "--sync", history, env=app.desktop.env)
    done = run("xdotool", "windowfocus", "--sync", history, "key", "Return",
               env=app.desktop.env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    app.wait_log(r"history: calling back")
    dial = sim.wait_for_command("MakeCall")
    assert dial.phone_number == "+74951112233"

    assert app.terminate() == 0
    stderr = app.stderr()
    assert "Traceback" not in stderr
    assert "Task was destroyed but it is pending" not in stderr


def test_what_changed_during_a_network_cut_is_summarised_on_the_toolbar(
    launch: Launcher, sim: SimHost
) -> None:
    app = launch(server=sim.url, login="operator")
    app.wait_log(r"attached to ws://127\.0\.0\.1:\d+ as operator")
    talking = sim.call(sim.sim.inject_call, "operator", caller="+79160000001",
                       display_name="Соколов Дмитрий")  # fmt: skip
    app.wait_log(rf"tray notification shown: incoming call {talking}")
    app.key("ctrl+alt+a")
    assert sim.wait_for_command("Answer").cid == talking

    # The network goes: while the toolbar cannot see it, that call ends and another rings.
    sim.call(sim.sim.refuse_connections, 1.0)
    sim.run(sim.sim.drop_all_connections())
    sim.call(sim.sim.end_call_remote, "operator", talking)
    fresh = sim.call(sim.sim.inject_call, "operator", caller="+74952223344")
    found = app.wait_log(r"history: while offline (\d+) calls ended, (\d+) appeared, (\d+) changed",
                         timeout=30)  # fmt: skip
    ended, appeared, changed = (int(x) for x in found.groups())
    assert appeared == 1
    assert ended + changed == 1  # gone, or in wrap-up: either way not as it was
    app.wait_log(rf"incoming call {fresh}")
    app.desktop.screenshot("history-offline-toolbar")
    assert app.terminate() == 0
    assert "Traceback" not in app.stderr()
