"""The real app against the simulator: a chat session from offer to close, and a call result
chosen in wrap-up that reaches the simulator before Finish."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Launcher, SimHost, run, wait_until

pytestmark = pytest.mark.e2e

WRAPUP = (
    "[wrapup]\n"
    'dispositions="CRR_DISCONNECT = Disconnected\\nSALE = Sale completed\\nCONSULT = Advice only"\n'
    "disposition_required=true\n"
)


def test_a_chat_is_taken_into_work_talked_and_closed(launch: Launcher, sim: SimHost) -> None:
    app = launch(server=sim.url, login="operator", name="chat")
    app.wait_log(r"attached to ws://127\.0\.0\.1:\d+ as operator")
    window = app.window()
    run("xdotool", "windowmove", "--sync", window, "40", "120", env=app.desktop.env)
    cid = sim.call(sim.sim.inject_text_session, "operator", channel="telegram",
                   customer="Смирнова Ольга", text="Добрый день!")  # fmt: skip
    app.wait_log(rf"conversation on call {cid}: 1 messages, offered")
    app.wait_log(rf"tray notification shown: message call {cid}")
    app.key("ctrl+alt+a")  # the Answer hotkey takes a waiting text session into work
    taken = sim.wait_for_command("MessageInProcessMode")
    assert taken.cid == cid and taken.message_id
    app.wait_log(rf"conversation on call {cid}: 2 messages, in_work")  # + the greeting script
    session_id = sim.call(sim.sim.text_session_id, "operator", cid)
    sim.call(sim.sim.text_message, session_id, "Где мой заказ ORD-4417203?")
    app.wait_log(rf"conversation on call {cid}: 3 messages, in_work")
    app.desktop.screenshot("chat-in-work")
    sim.call(sim.sim.close_text_session, session_id)
    app.wait_log(rf"conversation on call {cid}: 3 messages, closed")
    app.key("ctrl+alt+w")
    assert sim.wait_for_command("Close").cid == cid
    assert app.terminate() == 0


def test_a_call_result_reaches_the_simulator_before_finish(launch: Launcher, sim: SimHost) -> None:
    app = launch(server=sim.url, login="operator", ini=WRAPUP, name="result")
    app.wait_log(r"attached to ws://127\.0\.0\.1:\d+ as operator")
    window = app.window()
    run("xdotool", "windowmove", "--sync", window, "40", "120", env=app.desktop.env)
    cid = sim.call(sim.sim.inject_call, "operator", caller="+79161234567",
                   display_name="Петров Пётр",
                   params={"ProjectId": "corebo00000000000mpbgpl1m3dhvbmg4"})  # fmt: skip
    app.wait_log(rf"tray notification shown: incoming call {cid}")
    app.key("ctrl+alt+a")
    sim.wait_for_command("Answer")
    app.key("ctrl+alt+e")
    sim.wait_for_command("Hangup")
    app.key("ctrl+alt+w")  # Finish while the required result is missing: the picker opens
    app.wait_log(rf"call-result dialog opened for call {cid}")
    dialog = wait_until(
        lambda: app.desktop.windows("--onlyvisible", "--name", "Call result"),
        what="the call-result dialog",
    )[0]
    run("xdotool", "windowactivate", "--sync", dialog, env=app.desktop.env)
    run("xdotool", "type", "--delay", "60", "sale", env=app.desktop.env)
    app.desktop.screenshot("call-result-picker")
    run("xdotool", "key", "Return", env=app.desktop.env)
    request = sim.wait_for_command("SendPmsRestRequest")
    assert request.data["finishAction"]["callDisposition"] == "SALE"
    assert request.headers["RUN_AS_USER"] == "operator"
    app.wait_log(rf"SetDisposition accepted for call {cid}")
    assert "Close" not in sim.command_names()
    run("xdotool", "key", "Escape", env=app.desktop.env)
    app.key("ctrl+alt+w")
    assert sim.wait_for_command("Close").cid == cid
    names = sim.command_names()
    assert names.index("SendPmsRestRequest") < names.index("Close")
    assert app.terminate() == 0
