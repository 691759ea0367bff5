"""Screen-pop in the real app under Xvfb: a fake ``xdg-open`` records every address opened.

``QDesktopServices.openUrl`` runs ``xdg-open`` on Linux; an executable of that name first on
``PATH`` appends its arguments to a file, one line per call, so each test can assert that
exactly the right addresses were opened, once per call, and that hostile ones never were.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import Desktop, Launcher, SimHost, wait_until

pytestmark = pytest.mark.e2e

CARD = "https://crm.example.com/card?phone={caller}&sid={sessionId}&client={params.ClientId}"
CALLER = "+79161234567"


class Browser:
    """The fake ``xdg-open`` and what it was asked to open."""

    def __init__(self, folder: Path) -> None:
        self.bin = folder / "bin"
        self.bin.mkdir()
        self.record = folder / "opened.txt"
        script = self.bin / "xdg-open"
        script.write_text(
            f"#!{sys.executable}\n"
            "import sys\n"
            f"with open({str(self.record)!r}, 'a', encoding='utf-8') as out:\n"
            "    out.write(' '.join(sys.argv[1:]) + '\\n')\n",
            encoding="utf-8",
        )
        script.chmod(0o755)

    def opened(self) -> list[str]:
        try:
            return self.record.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []

    def wait(self, count: int) -> list[str]:
        return wait_until(
            lambda: self.opened() if len(self.opened()) >= count else None,
            what=f"{count} address(es) opened",
        )


@pytest.fixture
def browser(tmp_path: Path, desktop: Desktop, monkeypatch: pytest.MonkeyPatch) -> Browser:
    fake = Browser(tmp_path)
    monkeypatch.setitem(desktop.env, "PATH", f"{fake.bin}:{desktop.env.get('PATH', '')}")
    monkeypatch.setitem(desktop.env, "BROWSER", "")
    return fake


def ini(**screenpop: str) -> str:
    values = {"template": CARD, "allowed_hosts": "crm.example.com", **screenpop}
    lines = [f'{key}="{value}"' for key, value in values.items()]
    return "[screenpop]\n" + "\n".join(lines) + "\n"


def expected(sim: SimHost, cid: str, client: str) -> str:
    view = sim.call(lambda: sim.sim.operator("operator").call(cid))
    return (
        f"https://crm.example.com/card?phone=%2B79161234567&sid={view.session_id}&client={client}"
    )


def start(launch: Launcher, sim: SimHost, **screenpop: str):  # type: ignore[no-untyped-def]
    app = launch(server=sim.url, login="operator", ini=ini(**screenpop))
    app.wait_log(r"attached to ws://127\.0\.0\.1:\d+ as operator")
    app.window()
    return app


def inject(sim: SimHost, client: str, **kw: object) -> str:
    params = {"ClientId": client, **kw.pop("params", {})}  # type: ignore[dict-item]
    return sim.call(sim.sim.inject_call, "operator", caller=CALLER, params=params, **kw)


def test_ring_trigger_opens_one_correct_url_per_call(
    launch: Launcher, sim: SimHost, browser: Browser
) -> None:
    app = start(launch, sim, trigger="ring")
    first = inject(sim, "CL-1")
    assert browser.wait(1) == [expected(sim, first, "CL-1")]
    sim.call(sim.sim.answer_elsewhere, "operator", first)
    sim.call(sim.sim.end_call_remote, "operator", first)
    second = inject(sim, "CL-2")
    opened = browser.wait(2)
    assert sorted(opened) == sorted([expected(sim, first, "CL-1"), expected(sim, second, "CL-2")])
    app.desktop.screenshot("screenpop-ring")
    assert app.terminate() == 0
    assert browser.opened() == opened


def test_answer_trigger_waits_for_the_answer(
    launch: Launcher, sim: SimHost, browser: Browser
) -> None:
    app = start(launch, sim, trigger="answer")
    cid = inject(sim, "CL-3")
    app.wait_log(rf"tray notification shown: incoming call {cid}")
    assert browser.opened() == []
    app.key("ctrl+alt+a")
    assert sim.wait_for_command("Answer").cid == cid
    assert browser.wait(1) == [expected(sim, cid, "CL-3")]
    other = inject(sim, "CL-4")
    app.wait_log(rf"tray notification shown: incoming call {other}")
    sim.call(sim.sim.answer_elsewhere, "operator", other)  # answered by another client
    assert sorted(browser.wait(2)) == sorted(
        [expected(sim, cid, "CL-3"), expected(sim, other, "CL-4")]
    )
    assert app.terminate() == 0


def test_late_params_open_the_complete_url_once(
    launch: Launcher, sim: SimHost, browser: Browser
) -> None:
    app = start(launch, sim, trigger="ring", wait_ms="5000")
    cid = inject(sim, "CL-5", params_later=0.5)
    app.wait_log(rf"tray notification shown: incoming call {cid}")
    opened = browser.wait(1)
    assert opened == [expected(sim, cid, "CL-5")]
    assert "sid=&" not in opened[0]
    later = inject(sim, "CL-6")
    assert sorted(browser.wait(2)) == sorted([opened[0], expected(sim, later, "CL-6")])
    assert app.terminate() == 0
    assert len(browser.opened()) == 2


def test_hostile_call_url_is_never_opened(launch: Launcher, sim: SimHost, browser: Browser) -> None:
    app = start(launch, sim, trigger="ring", open_call_url="true")
    hostile = [
        "javascript:alert(document.cookie)",
        "file:///etc/passwd",
        "https://crm.example.com@evil.example.org/",
        "https://evil.example.org/?crm.example.com",
    ]
    calls = []
    for index, url in enumerate(hostile):
        cid = inject(sim, f"CL-{index}", params={"url": url})
        calls.append((cid, f"CL-{index}"))
        app.wait_log(rf"call's url of call {cid[:12]}… refused")
    good = inject(sim, "CL-9", params={"url": "https://crm.example.com/orders/ORD-1"})
    calls.append((good, "CL-9"))
    opened = browser.wait(len(hostile) + 2)
    wanted = [expected(sim, cid, client) for cid, client in calls]
    # each address is opened by its own xdg-open process: their lines may land in any order
    assert sorted(opened) == sorted([*wanted, "https://crm.example.com/orders/ORD-1"])
    log = app.log_text()
    assert "document.cookie" not in log
    assert "evil.example.org/?" not in log
    assert app.terminate() == 0
