"""At the operator's desk, for real on Xvfb: system-wide hotkeys while another program has the
focus, a key another program holds, ``xdg-open tel:`` through the installed ``.desktop`` file,
``--command`` to the running toolbar, and another OS user refused.

The other program is an ``xterm`` (Debian's ``xterm``); the key is pressed with ``xdotool key``
and no ``--window``, as a person's keyboard would send it to the focused window; ``xdotool
getwindowfocus`` proves the xterm kept the focus.
"""

from __future__ import annotations

import os
import re
import shutil
import socket  # noqa: F401  (the uid-65534 child speaks through it and cannot import anew)
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

# Imported before the fork of test_another_user_is_refused: the child, once it is uid 65534,
# cannot read root's Python installation to import anything new.
from agent_toolbar.app import remote_commands, single_instance  # noqa: F401
from agent_toolbar.app.remote_commands import Request, Status
from tests.e2e.conftest import REPO, App, Desktop, Launcher, SimHost, run, wait_until

pytestmark = pytest.mark.e2e

NUMBER = "+79161234567"


def _need(*binaries: str) -> None:
    missing = [b for b in binaries if shutil.which(b) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (bash scripts/bootstrap.sh test)")


@pytest.fixture
def xterm(desktop: Desktop) -> Iterator[str]:
    """An xterm (the "CRM" the operator works in), focused; its window id."""
    _need("xterm")
    proc = subprocess.Popen(
        ["xterm", "-T", "crm-window", "-geometry", "80x10+40+400", "-e", "sleep", "600"],
        env=desktop.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ids = wait_until(lambda: desktop.windows("--onlyvisible", "--name", "^crm-window$"),
                         what="the xterm window")  # fmt: skip
        yield ids[0]
    finally:
        proc.terminate()
        proc.wait(10)


def focus(desktop: Desktop, window: str) -> None:
    run("xdotool", "windowactivate", "--sync", window, env=desktop.env)
    run("xdotool", "windowfocus", "--sync", window, env=desktop.env)
    wait_until(lambda: focused(desktop) == window, what="the xterm to have the focus")


def focused(desktop: Desktop) -> str:
    return run("xdotool", "getwindowfocus", env=desktop.env).stdout.strip()


def forward(
    app: App, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``agent-toolbar ARGS`` as a later start of the same user."""
    return subprocess.run(
        [sys.executable, "-m", "agent_toolbar", *args], env=env or app.env, cwd=REPO,
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def started(launch: Launcher, sim: SimHost, ini: str = "") -> App:
    app = launch(server=sim.url, login="operator", ini=ini)
    app.wait_log(r"attached to ws://127\.0\.0\.1:\d+ as operator")
    app.window()
    return app


def test_global_answer_key_while_another_program_has_the_focus(
    launch: Launcher, sim: SimHost, xterm: str
) -> None:
    app = started(launch, sim)
    app.wait_log(r"global hotkey answer grabbed")
    desktop = app.desktop
    focus(desktop, xterm)
    cid = sim.call(sim.sim.inject_call, "operator", caller=NUMBER, display_name="Иванов Пётр")
    app.wait_log(rf"tray notification shown: incoming call {cid}")
    assert focused(desktop) == xterm  # the ring took nothing from the CRM
    run("xdotool", "key", "ctrl+alt+a", env=desktop.env)  # to the focused window: the xterm
    assert sim.wait_for_command("Answer").cid == cid
    app.wait_log(r"global hotkey pressed: answer")
    assert focused(desktop) == xterm
    # NumLock on: the key still arrives (the NumLock variant is grabbed too).
    run("xdotool", "key", "Num_Lock", env=desktop.env)
    try:
        run("xdotool", "key", "ctrl+alt+h", env=desktop.env)
        hold = sim.wait_for_command("Hold")
        assert (hold.cid, hold.on) == (cid, True)
    finally:
        run("xdotool", "key", "Num_Lock", env=desktop.env)
    assert focused(desktop) == xterm
    desktop.screenshot("desk-global-answer-xterm-focused")
    assert app.terminate() == 0
    assert "global hotkeys released" in app.log_text()


def test_raise_on_ring_brings_the_toolbar_forward(
    launch: Launcher, sim: SimHost, xterm: str
) -> None:
    app = started(launch, sim, ini="[ui]\nraise_on_ring=true\n")
    window = app.window()
    desktop = app.desktop
    focus(desktop, xterm)
    cid = sim.call(sim.sim.inject_call, "operator", caller=NUMBER)
    app.wait_log(rf"tray notification shown: incoming call {cid}")
    wait_until(
        lambda: run("xdotool", "getactivewindow", env=desktop.env).stdout.strip() == window,
        what="the toolbar to come forward on the ring",
    )
    assert app.terminate() == 0


HOLDER = textwrap.dedent(
    """
    import sys, time
    from Xlib import X, XK
    from Xlib.display import Display
    d = Display()
    code = d.keysym_to_keycode(XK.string_to_keysym("a"))
    d.screen().root.grab_key(code, X.ControlMask | X.Mod1Mask, True, X.GrabModeAsync,
                             X.GrabModeAsync)
    d.sync()
    print("held", flush=True)
    while True:
        time.sleep(1)
    """
)


def test_a_key_another_program_holds_is_reported(launch: Launcher, sim: SimHost) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER], env=launch.desktop.env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        app = started(launch, sim)
        line = app.wait_log(r"global hotkeys: (.*) is held by another program.*")
        assert "Ctrl+Alt+A" in line.group(1) and "Answer" in line.group(1)
        app.wait_log(r"global hotkey hangup grabbed")  # the others still work
        app.desktop.screenshot("desk-hotkey-held-elsewhere")
        assert app.terminate() == 0
    finally:
        holder.kill()
        holder.wait(10)


def test_xdg_open_tel_link_dials_through_the_running_toolbar(
    launch: Launcher, sim: SimHost, tmp_path: Path
) -> None:
    _need("xdg-open", "xdg-mime")
    app = started(launch, sim)
    env = dict(app.env)
    data = tmp_path / "data"
    (data / "applications").mkdir(parents=True)
    shutil.copy(REPO / "packaging" / "linux" / "agent-toolbar.desktop", data / "applications")
    env.update(XDG_DATA_HOME=str(data), XDG_DATA_DIRS=str(data))
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"  # agent-toolbar
    env.pop("XDG_CURRENT_DESKTOP", None)
    for scheme in ("tel", "callto", "sip"):
        done = run("xdg-mime", "default", "agent-toolbar.desktop", f"x-scheme-handler/{scheme}",
                   env=env)  # fmt: skip
        assert done.returncode == 0, done.stderr
    query = run("xdg-mime", "query", "default", "x-scheme-handler/tel", env=env)
    assert query.stdout.strip() == "agent-toolbar.desktop"

    done = run("xdg-open", f"tel:{NUMBER}", env=env, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sim.wait_for_command("MakeCall").phone_number == NUMBER
    app.wait_log(r"remote request dial …4567: done")
    assert app.terminate() == 0


def test_commands_to_the_running_toolbar(launch: Launcher, sim: SimHost) -> None:
    nobody_home = forward_without_toolbar(launch)
    assert nobody_home.returncode == Status.NOT_RUNNING, nobody_home.stderr
    assert "not running" in nobody_home.stderr

    app = started(launch, sim)
    refused = forward(app, "--command", "hold")
    assert refused.returncode == Status.REFUSED
    assert "no call" in refused.stderr

    bad = forward(app, "--dial", "12\x1b[31m34")
    assert bad.returncode == Status.BAD_INPUT and "control character" in bad.stderr

    cid = sim.call(sim.sim.inject_call, "operator", caller=NUMBER)
    app.wait_log(rf"tray notification shown: incoming call {cid}")
    answered = forward(app, "--command", "answer")
    assert answered.returncode == Status.DONE, answered.stderr
    assert sim.wait_for_command("Answer").cid == cid
    held = forward(app, "--command", "hold")
    assert held.returncode == Status.DONE, held.stderr
    hold = sim.wait_for_command("Hold")
    assert (hold.cid, hold.on) == (cid, True)
    assert app.terminate() == 0


def forward_without_toolbar(launch: Launcher) -> subprocess.CompletedProcess[str]:
    env = launch.env()
    return subprocess.run(
        [sys.executable, "-m", "agent_toolbar", "--command", "hold"], env=env, cwd=REPO,
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def _send_as(uid: int, env: dict[str, str], request: Request, name: str | None = None) -> int:
    """Send ``request`` from a child process that runs as ``uid``; its exit status."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop to uid, send, report the status, never return to pytest
        code = 99
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            os.environ.clear()
            os.environ.update(env)
            status, _message = remote_commands.send(request, name, timeout=10)
            code = int(status)
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            os.write(write, bytes([code]))
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return data[0] if data else 99


def test_another_user_is_refused(launch: Launcher, sim: SimHost) -> None:
    """uid 65534 is never served: it finds no channel of its own (NOT_RUNNING), and aimed at
    the toolbar's socket it is refused (DENIED) by the socket's permissions and, with the
    hardened channel (issue 11), by the peer-uid check as well."""
    if os.geteuid() != 0:
        pytest.skip("needs root to run the other user's client (uid 65534)")
    app = launch(server=sim.url, login="operator", ini="[logging]\nlevel=DEBUG\n")
    app.wait_log(r"attached to ws://127\.0\.0\.1:\d+ as operator")
    cid = sim.call(sim.sim.inject_call, "operator", caller=NUMBER)
    app.wait_log(rf"tray notification shown: incoming call {cid}")
    found = re.search(r"instance socket (\S+)", app.log_text())
    socket_path = (
        found.group(1) if found else str(Path(app.env["XDG_RUNTIME_DIR"]) / "agent-toolbar.sock")
    )
    assert Path(socket_path).exists()

    status = _send_as(65534, app.env, Request("command", "answer"))
    assert status in (Status.DENIED, Status.NOT_RUNNING), status
    # Aimed at the toolbar's own socket, even with every directory on the way opened to others.
    opened = [p for p in Path(socket_path).parents if p not in (Path("/"), Path("/tmp"))]
    modes = {p: p.stat().st_mode & 0o7777 for p in opened}
    try:
        for path in opened:
            path.chmod(modes[path] | 0o011)
        status = _send_as(65534, app.env, Request("command", "answer"), name=socket_path)
    finally:
        for path, mode in modes.items():
            path.chmod(mode)
    assert status == Status.DENIED, status
    assert "remote request" not in app.log_text()
    # The same request from the toolbar's own user is served.
    mine = forward(app, "--command", "answer")
    assert mine.returncode == Status.DONE, mine.stderr
    assert sim.wait_for_command("Answer").cid == cid
    assert sim.command_names().count("Answer") == 1
    assert app.terminate() == 0
