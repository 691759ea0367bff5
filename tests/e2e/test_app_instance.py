"""One toolbar per OS user: a second start brings the running one forward and exits 0."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Launcher, SimHost, run, wait_until

pytestmark = pytest.mark.e2e


def test_second_start_brings_the_first_forward(launch: Launcher, sim: SimHost) -> None:
    first = launch(server=sim.url, login="operator", name="first")
    first.wait_log(r"attached to .* as operator")
    window = first.window()
    env = first.desktop.env
    first.minimize(window)

    second = launch(server=sim.url, login="operator", name="second")
    assert second.wait(30) == 0
    assert "asked it to come forward" in second.log_text()
    first.wait_log(r"another start asked this instance to come forward")
    wait_until(lambda: not first.minimized(window), what="the first window to be shown again")
    wait_until(
        lambda: run("xdotool", "getactivewindow", env=env).stdout.strip() == window,
        what="the first window to be active",
    )
    # Only one connection to the server: the second start never attached.
    assert sim.command_names().count("AttachToUser") == 1
    assert first.terminate() == 0


def test_stale_socket_of_a_crashed_instance_is_taken_over(launch: Launcher, sim: SimHost) -> None:
    crashed = launch(server=sim.url, login="operator", name="crashed")
    crashed.wait_log(r"attached to .* as operator")
    crashed.proc.kill()  # no chance to remove its socket
    crashed.proc.wait(10)
    again = launch(server=sim.url, login="operator", name="again")
    again.wait_log(r"attached to .* as operator")
    again.window()
    assert again.terminate() == 0
