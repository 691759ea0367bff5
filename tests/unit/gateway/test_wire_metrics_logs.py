"""The wire module (stdlib only), the metrics text and the log redactor."""

from __future__ import annotations

import ast
import json
import logging
from pathlib import Path

import pytest

from agent_toolbar.gateway import wire
from agent_toolbar.gateway.logfmt import JsonFormatter, Redactor
from agent_toolbar.gateway.metrics import Metrics


def test_wire_imports_the_standard_library_only() -> None:
    tree = ast.parse(Path(wire.__file__).read_text())
    names = {
        (node.module or "").split(".")[0]
        if isinstance(node, ast.ImportFrom)
        else alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert names <= {"__future__", "json", "typing"}


def test_decode_refuses_what_is_not_a_message() -> None:
    assert wire.decode('{"type": "ping"}') == {"type": "ping"}
    for text, reason in (
        ("x", "not_json"),
        ("[]", "not_an_object"),
        ('{"type": 1}', "no_type"),
        ('{"type": ""}', "no_type"),
        ("{" + " " * 100 + "}", "too_large"),
    ):
        with pytest.raises(wire.ProtocolError) as caught:
            wire.decode(text, max_size=50)
        assert caught.value.reason == reason


def test_encode_keeps_big_integers_and_unicode() -> None:
    text = wire.encode({"type": "x", "n": 2**63 - 1, "s": "Иванова"})
    assert "9223372036854775807" in text and "Иванова" in text
    assert json.loads(text)["n"] == 2**63 - 1


def test_hello_and_error_frames() -> None:
    hello = json.loads(wire.hello(server="s", login="l", instance="i", heartbeat=20, max_frame=10))
    assert hello == {
        "type": "hello",
        "protocol": 1,
        "server": "s",
        "login": "l",
        "instance": "i",
        "heartbeat": 20,
        "max_frame": 10,
    }
    assert json.loads(wire.error("r", "d", ref="x")) == {
        "type": "error",
        "reason": "r",
        "detail": "d",
        "ref": "x",
    }


def test_action_codes_are_the_specifications() -> None:
    assert list(wire.ACTIONS.values()) == list(range(1, 13))
    assert wire.ACTIONS["TransferDN"] == 1 and wire.ACTIONS["BackFromConsultCall"] == 12


def test_metrics_render_in_prometheus_text() -> None:
    metrics = Metrics()
    metrics.inc("events_total", "webhook", "CreateIncCall")
    metrics.inc("events_total", "webhook", "CreateIncCall")
    metrics.inc("rejects_total", 'we"ird')
    metrics.gauge("toolbars_connected", "Open now", lambda: {(): 3})
    text = metrics.render()
    assert 'agent_toolbar_gateway_events_total{source="webhook",kind="CreateIncCall"} 2' in text
    assert 'agent_toolbar_gateway_rejects_total{reason="we\\"ird"} 1' in text
    assert "# TYPE agent_toolbar_gateway_toolbars_connected gauge" in text
    assert "agent_toolbar_gateway_toolbars_connected 3" in text
    assert "agent_toolbar_gateway_frames_sent_total 0" in text
    assert text.endswith("\n")


def test_redactor_masks_secrets_paths_numbers_and_drops_dtmf() -> None:
    redactor = Redactor(["super-secret-token-1"])
    text = redactor.text("POST /webhook/anything?x=1 with super-secret-token-1 from 79582412128")
    assert text == "POST /webhook/***?x=1 with *** from ***2128"
    fields = redactor.fields(
        {
            "caller": "9582412128",
            "dtmf": "1234",
            "numbers": ["0052002651"],
            "call": "as:9007199254740993",
            "n": 5,
        }
    )
    assert fields == {
        "caller": "***2128",
        "dtmf": "***",
        "numbers": ["***2651"],
        "call": "as:9007199254740993",
        "n": 5,
    }


def test_json_formatter_writes_one_redacted_line() -> None:
    formatter = JsonFormatter(Redactor(["pw-0123456789"]))
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "auth %s", ("pw-0123456789",), None)
    record.fields = {"an": "79582412128", "event": "CallAccepted"}
    line = json.loads(formatter.format(record))
    assert line["msg"] == "auth ***" and line["an"] == "***2128" and line["event"] == "CallAccepted"
    assert line["level"] == "INFO" and line["ts"].endswith("Z")


def test_client_frames() -> None:
    assert json.loads(wire.client_hello("agent-toolbar/0.1")) == {
        "type": "hello",
        "protocol": [1],
        "client": "agent-toolbar/0.1",
    }
    assert json.loads(wire.instruct("r", "as:1", "TransferDN", "7495")) == {
        "type": "instruct",
        "ref": "r",
        "call": "as:1",
        "action": "TransferDN",
        "param": "7495",
    }
    assert json.loads(wire.cancel("i3")) == {"type": "cancel", "instruction": "i3"}
    assert json.loads(wire.ping()) == {"type": "ping"}
