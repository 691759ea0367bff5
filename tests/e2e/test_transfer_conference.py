"""The real app under Xvfb: a consultation transfer and a three-party conference, by keyboard.

Keys go to the real windows through ``xdotool`` (the toolbar's hotkeys, the transfer dialog,
the conference window and its confirmation); the assertions are on the commands the
simulator received, and a screenshot of the whole screen is taken at each step.
"""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import App, Launcher, SimHost, run, wait_until

pytestmark = pytest.mark.e2e

LOGIN = "operator"
INI = (
    "[transfer]\n"
    'directory="Second line support; 201; Departments\\nSmirnova Olga; 200; Colleagues'
    '\\nSales queue; 301; Queues"\n'
)


def window_named(app: App, name: str) -> str:
    """The id of this app's visible window called ``name`` (waits for it)."""

    def find() -> str | None:
        app.check_alive()
        ids = app.desktop.windows("--all", "--onlyvisible", "--pid", str(app.proc.pid),
                                  "--name", name)  # fmt: skip
        return ids[-1] if ids else None

    return wait_until(find, 20, 0.1, what=f"the window {name!r}")


def keys_to(app: App, window: str, *keys: str) -> None:
    """Press keys in ``window`` as a person would (activate and focus it first)."""
    env = app.desktop.env
    run("xdotool", "windowactivate", "--sync", window, env=env)
    done = run("xdotool", "windowfocus", "--sync", window, "key", "--delay", "60", *keys, env=env)
    assert done.returncode == 0, done.stderr


def type_to(app: App, window: str, text: str) -> None:
    """Type ``text`` in ``window`` (ASCII, as xdotool types it)."""
    env = app.desktop.env
    run("xdotool", "windowactivate", "--sync", window, env=env)
    done = run("xdotool", "windowfocus", "--sync", window, "type", "--delay", "40", text, env=env)
    assert done.returncode == 0, done.stderr


def answered_call(app: App, sim: SimHost) -> str:
    params = {"ProjectTitle": "Доставка"}
    cid: str = sim.call(sim.sim.inject_call, LOGIN, caller="+79161234567",
                        display_name="Иванов Пётр", params=params)  # fmt: skip
    app.wait_log(rf"tray notification shown: incoming call {cid}")
    app.key("ctrl+alt+a")
    assert sim.wait_for_command("Answer").cid == cid
    wait_until(lambda: sim.call(lambda: sim.sim.operator(LOGIN).call(cid).state) == "connected",
               what="the call to connect")  # fmt: skip
    return cid


def started(launch: Launcher, sim: SimHost) -> App:
    app = launch(server=sim.url, login=LOGIN, ini=INI)
    app.wait_log(r"attached to .* as operator")
    run("xdotool", "windowmove", "--sync", app.window(), "20", "60", env=app.desktop.env)
    return app


def test_consultation_transfer_through_the_dialog(launch: Launcher, sim: SimHost) -> None:
    app = started(launch, sim)
    cid = answered_call(app, sim)

    app.key("ctrl+alt+t")  # hotkeys/transfer
    dialog = window_named(app, "Transfer call")
    type_to(app, dialog, "smirnova")  # searches the directory
    keys_to(app, dialog, "alt+2")  # consultation
    app.desktop.screenshot("e2e-transfer-dialog")
    keys_to(app, dialog, "Return")
    command = sim.wait_for_command("ConsultationTransfer")
    assert (command.cid, command.phone_number) == (cid, "200")

    def consultant_on_the_line() -> bool:
        call = sim.call(lambda: sim.sim.operator(LOGIN).call(cid))
        return bool(call.transfer == "consultation" and call.transfer_succeeded and call.hold)

    wait_until(consultant_on_the_line, what="the consultant to answer")
    app.wait_log(rf"transfer of {cid} to 200 \(consultation\): succeeded")
    time.sleep(0.3)  # the window renders on its next loop turn; let it paint for the picture
    shot = app.desktop.screenshot("e2e-transfer-consultation")
    assert shot.exists() and shot.stat().st_size > 10_000

    app.key("ctrl+alt+e")  # hang up: the customer goes to the consultant
    assert sim.wait_for_command("Hangup").cid == cid
    wait_until(lambda: sim.call(lambda: sim.sim.operator(LOGIN).calls) == (),
               what="the call to leave the operator")  # fmt: skip
    assert app.desktop.screenshot("e2e-transfer-handed-over").exists()
    assert app.terminate() == 0
    assert "Traceback" not in app.stderr()


def test_three_party_conference_through_the_panel(launch: Launcher, sim: SimHost) -> None:
    app = started(launch, sim)
    cid = answered_call(app, sim)

    app.key("ctrl+alt+c")  # hotkeys/conference
    panel = window_named(app, "Conferences")
    run("xdotool", "windowmove", "--sync", panel, "700", "200", env=app.desktop.env)
    type_to(app, panel, "Triage")
    keys_to(app, panel, "Return")
    created = sim.wait_for_command("CreateConference")
    assert created.conference_name == "Triage"
    conf_id = wait_until(lambda: [c.conf_id for c in sim.call(
        lambda: sim.sim.operator(LOGIN).conferences)], what="the conference")[0]  # fmt: skip

    app.wait_log(r"intent CreateConference")
    type_to(app, panel, "201")  # the cursor waits in the new conference's number field
    keys_to(app, panel, "Return")
    dialled = sim.wait_for_command("MakeConferenceCall")
    assert (dialled.conf_id, dialled.phone_number) == (conf_id, "201")
    keys_to(app, panel, "alt+a")  # Add call: the customer joins
    added = sim.wait_for_command("AddCallToConference")
    assert (added.conf_id, added.cid) == (conf_id, cid)

    def three_talking() -> bool:
        view = sim.call(lambda: sim.sim.operator(LOGIN))
        members = [view.call(c) for c in view.conferences[0].calls]
        return len(members) == 2 and all(m.state == "connected" for m in members)

    wait_until(three_talking, what="the operator, the customer and 201 in the conference")
    time.sleep(0.3)  # let the window paint what the session now holds
    shot = app.desktop.screenshot("e2e-conference-three-party")
    assert shot.exists() and shot.stat().st_size > 10_000

    keys_to(app, panel, "alt+e")  # End conference — asks first
    question = window_named(app, "End conference")
    keys_to(app, question, "alt+y")
    assert sim.wait_for_command("HangupConference").conf_id == conf_id
    wait_until(lambda: sim.call(lambda: sim.sim.operator(LOGIN).conferences) == (),
               what="the conference to end")  # fmt: skip
    assert app.desktop.screenshot("e2e-conference-ended").exists()
    assert app.terminate() == 0
    assert "Traceback" not in app.stderr()
