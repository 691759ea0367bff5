"""A server drop: the toolbar says it is reconnecting, then shows the server's truth again."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Launcher, SimHost

pytestmark = pytest.mark.e2e


def test_server_drop_is_shown_as_reconnecting_and_recovers(launch: Launcher, sim: SimHost) -> None:
    app = launch(server=sim.url, login="operator")
    app.wait_log(r"attached to .* as operator")
    app.window()
    cid = sim.call(sim.sim.inject_call, "operator", caller="+74951112233")
    app.wait_log(rf"incoming call {cid}")

    mark = app.log_size()
    sim.call(sim.sim.refuse_connections, 4.0)
    sim.run(sim.sim.drop_all_connections())
    app.wait_log(r"connection lost .*; attempt 1 in", after=mark)
    app.wait_log(r"tray notification .*|connection lost .*; attempt 2 in", after=mark)
    app.desktop.screenshot("reconnecting")

    app.wait_log(r"attached to .* as operator", timeout=60, after=mark)
    # The call that rang before the drop is there again after the resync: answer it.
    app.key("ctrl+alt+a")
    assert sim.wait_for_command("Answer").cid == cid
    app.desktop.screenshot("reconnected")
    assert app.terminate() == 0
    sim.wait_for_command("DetachFromUser")
