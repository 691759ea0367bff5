"""What every simulator shares (simulators/common), on its own: no simulator, no sockets."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import enum
import logging
from typing import Any

import pytest

from agent_toolbar.simulators.common.cli import add_logins, parse_or_status
from agent_toolbar.simulators.common.commandlog import WaitingLog
from agent_toolbar.simulators.common.control import carry_out, check_op, plain
from agent_toolbar.simulators.common.lifecycle import (
    Background,
    RefusalWindow,
    check_scenario,
    is_control_allowed,
    listen_url,
)

TABLE = {"ring": ({"login"}, {"caller"}), "ping": (set(), set())}


class Refused(Exception):
    pass


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "ws://127.0.0.1:9"),
        ("0.0.0.0", "ws://127.0.0.1:9"),
        ("", "ws://127.0.0.1:9"),
        ("::", "ws://127.0.0.1:9"),
        ("::1", "ws://[::1]:9"),
        ("sim.example", "ws://sim.example:9"),
    ],
)
def test_listen_url_reaches_a_wildcard_bind_on_loopback(host: str, url: str) -> None:
    assert listen_url("ws", host, 9) == url


def test_control_is_loopback_only_unless_allowed() -> None:
    assert is_control_allowed("127.0.0.1", False)
    assert is_control_allowed("::1", False)
    assert is_control_allowed("localhost", False)
    assert not is_control_allowed("0.0.0.0", False)
    assert not is_control_allowed("192.0.2.7", False)
    assert not is_control_allowed("sim.example", False)
    assert is_control_allowed("192.0.2.7", True)


def test_an_unknown_scenario_is_refused_with_the_known_ones() -> None:
    check_scenario("idle", ("idle", "demo"))
    with pytest.raises(ValueError, match="'busy' \\(one of idle, demo\\)"):
        check_scenario("busy", ("idle", "demo"))


def test_check_op_names_what_is_wrong() -> None:
    check_op("ring", {"login": "a", "caller": "1"}, TABLE, Refused)
    with pytest.raises(Refused, match="unknown op 'dial' \\(one of ping, ring\\)"):
        check_op("dial", {}, TABLE, Refused)
    with pytest.raises(Refused, match="ring: missing login"):
        check_op("ring", {"caller": "1"}, TABLE, Refused)
    with pytest.raises(Refused, match="ping: unknown argument\\(s\\) a, b"):
        check_op("ping", {"b": 1, "a": 2}, TABLE, Refused)


async def _ring(op: str, args: dict[str, Any]) -> dict[str, Any]:
    if args.get("login") == "ghost":
        raise Refused("no such operator")
    return {"seen": dict(args)}


def _check(op: str, args: dict[str, Any]) -> None:
    check_op(op, args, TABLE, Refused)


@pytest.mark.asyncio
async def test_carry_out_echoes_the_id_and_turns_refusals_into_errors() -> None:
    def answer(request: Any, echo_id: bool = True) -> Any:
        return carry_out(
            request, _check, _ring, error=Refused, refusals=(Refused,), echo_id=echo_id
        )

    assert await answer({"op": "ring", "id": 7, "login": "a"}) == {
        "id": 7,
        "ok": True,
        "seen": {"login": "a"},
    }
    assert await answer({"op": "ring", "id": 8, "login": "ghost"}) == {
        "id": 8,
        "ok": False,
        "error": "no such operator",
    }
    assert await answer([1]) == {"ok": False, "error": "a request is a JSON object"}
    assert await answer({"op": 3}) == {"ok": False, "error": "op must be a string"}
    # Without echo_id, "id" is an argument like any other (Oktell's "id" is a call's).
    assert await answer({"op": "ring", "login": "a", "id": "c1"}, echo_id=False) == {
        "ok": False,
        "error": "ring: unknown argument(s) id",
    }


class Colour(enum.Enum):
    RED = 3


@dataclasses.dataclass
class Snapshot:
    name: str
    colour: Colour
    calls: tuple[str, ...]
    extras: dict[int, str]


def test_plain_makes_a_snapshot_json_ready() -> None:
    snapshot = Snapshot("op", Colour.RED, ("a", "b"), {1: "x"})
    assert plain(snapshot) == {
        "name": "op",
        "colour": 3,
        "calls": ["a", "b"],
        "extras": {"1": "x"},
    }


@pytest.mark.asyncio
async def test_a_waiting_log_hands_each_entry_out_once() -> None:
    log: WaitingLog[str] = WaitingLog()
    log.append("answer:1")
    assert await log.wait_for(lambda r: r.startswith("answer"), 1.0, "answer") == "answer:1"
    waiting = asyncio.ensure_future(log.wait_for(lambda r: r.startswith("answer"), 5.0, "x"))
    await asyncio.sleep(0)
    log.append("hangup:1")
    log.append("answer:2")
    assert await waiting == "answer:2"
    with pytest.raises(TimeoutError, match=r"no answer command within 0\.01 s"):
        await log.wait_for(lambda r: r.startswith("answer"), 0.01, "answer command")


@pytest.mark.asyncio
async def test_background_cancels_its_timers_and_tasks_on_stop() -> None:
    background = Background(logging.getLogger("test"))
    fired: list[str] = []
    background.schedule(0.0, lambda: fired.append("soon"))
    background.schedule(60.0, lambda: fired.append("late"))
    forever = background.spawn(asyncio.Event().wait())
    await asyncio.sleep(0.01)
    await background.stop()
    assert fired == ["soon"]
    assert forever.cancelled()
    background.schedule(0.0, lambda: fired.append("after stop"))
    await asyncio.sleep(0.01)
    assert fired == ["soon"]


@pytest.mark.asyncio
async def test_a_failing_timer_is_logged_and_the_rest_still_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    background = Background(logging.getLogger("test.background"))
    fired: list[int] = []

    def boom() -> None:
        raise RuntimeError("bad timer")

    background.schedule(0.0, boom)
    background.schedule(0.0, lambda: fired.append(1))
    with caplog.at_level(logging.ERROR, logger="test.background"):
        await asyncio.sleep(0.01)
    assert fired == [1]
    assert "simulator timer failed" in caplog.text
    await background.stop()


def test_a_refusal_window_opens_and_a_negative_one_does_not() -> None:
    window = RefusalWindow()
    assert not window.active
    window.refuse(60.0)
    assert window.active
    window.refuse(-5.0)
    assert not window.active


def test_parse_or_status_returns_the_exit_status_of_a_bad_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser = argparse.ArgumentParser(prog="sim")
    add_logins(parser, ("operator", "ivanova"))
    parsed = parse_or_status(parser, ["--login", "a", "--login", "b"])
    assert isinstance(parsed, argparse.Namespace) and parsed.login == ["a", "b"]
    assert parse_or_status(parser, ["--nope"]) == 2
    assert parse_or_status(parser, ["--help"]) == 0
    assert "besides operator, ivanova" in capsys.readouterr().out
