"""What the operator sees, in English and Russian: screenshots of the real app under Xvfb.

The PNGs land in ``$E2E_SHOTS`` (default ``/tmp/agent-toolbar-e2e``) to be looked at; the
assertions check the language reached the window title, the tray balloon and the menu.
"""

from __future__ import annotations

import pytest

from agent_toolbar.backends import registry
from tests.e2e.conftest import Launcher, SimHost, run, wait_until

pytestmark = pytest.mark.e2e

TITLES = {"en": "Agent Toolbar — operator", "ru": "Панель оператора — operator"}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_screens_in_each_language(launch: Launcher, sim: SimHost, language: str) -> None:
    app = launch(server=sim.url, login="operator", ini=f"[ui]\nlanguage={language}\n",
                 name=f"app-{language}")  # fmt: skip
    app.wait_log(rf"interface language: {language}")
    app.wait_log(r"attached to .* as operator")
    window = app.window()
    wait_until(lambda: app.window_title() == TITLES[language], what="the translated title")
    run("xdotool", "windowmove", "--sync", window, "40", "120", env=app.desktop.env)

    sim.call(sim.sim.set_user_state, "operator", "away", "Dinner")
    app.desktop.screenshot(f"{language}-not-ready-lunch")
    cid = sim.call(sim.sim.inject_call, "operator", caller="+79161234567",
                   display_name="Смирнова Анна", params={"ProjectTitle": "Доставка"})  # fmt: skip
    app.wait_log(rf"tray notification shown: incoming call {cid}")
    app.desktop.screenshot(f"{language}-ringing")
    app.key("ctrl+alt+a")
    sim.wait_for_command("Answer")
    app.key("ctrl+alt+h")
    sim.wait_for_command("Hold")
    app.desktop.screenshot(f"{language}-on-hold")
    app.tray_menu()
    app.desktop.screenshot(f"{language}-tray-menu")
    run("xdotool", "key", "Escape", env=app.desktop.env)
    sim.call(sim.sim.end_call_remote, "operator", cid)
    app.desktop.screenshot(f"{language}-wrap-up")
    assert app.terminate() == 0


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_phone_system_not_supported_yet_is_explained_in_the_window(
    launch: Launcher, language: str
) -> None:
    name = next((n for n in registry.names() if n not in registry.implemented()), None)
    if name is None:
        pytest.skip("every announced phone system is built in this version")
    app = launch(
        login="operator",
        ini=f"[ui]\nlanguage={language}\n[cti]\nbackend={name}\nurl=ws://127.0.0.1:9\n",
        name=f"{name}-{language}",
    )
    app.wait_log(rf"cti/backend = {name}: the {name} backend is not available in this version")
    window = app.window()
    run("xdotool", "windowmove", "--sync", window, "40", "120", env=app.desktop.env)
    app.desktop.screenshot(f"{language}-unsupported-backend")
    app.check_alive()  # explained, not fatal
    assert app.terminate() == 0
