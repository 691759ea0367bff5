"""Screen-pop fields of an Oktell call, and the packages staying free of Qt."""

from __future__ import annotations

import subprocess
import sys

from agent_toolbar.backends.oktell.diff import CallPhase, TrackedCall
from agent_toolbar.backends.oktell.fields import call_params, screenpop_fields


def test_fields_of_an_incoming_outside_call() -> None:
    call = TrackedCall(
        call_id="c-1", chain_id="ch-1", number="+79161234567", name="Козлов Олег",
        phase=CallPhase.RINGING, outgoing=False, called="183", caller_line_num="0101",
        external=True,
    )  # fmt: skip
    fields = screenpop_fields(call)
    assert fields["caller"] == "+79161234567" and fields["called"] == "183"
    assert fields["chainid"] == "ch-1" and fields["commutationid"] == "c-1"
    assert fields["params.callername"] == "Козлов Олег"
    assert fields["params.isextline"] == "true" and fields["params.direction"] == "in"
    assert "params.calleruserlogin" not in fields  # empty values are left out


def test_params_of_an_internal_outgoing_call() -> None:
    call = TrackedCall(
        call_id="c-2", chain_id="", number="200", name="", phase=CallPhase.DIALING,
        outgoing=True, internal=True, caller_login="senior",
    )  # fmt: skip
    assert call_params(call) == {
        "callerid": "200", "calleruserlogin": "senior", "isextline": "false",
        "commutationid": "c-2", "direction": "out",
    }  # fmt: skip


def test_backend_and_simulator_never_import_qt() -> None:
    code = (
        "import sys\n"
        "import agent_toolbar.backends.oktell.api, agent_toolbar.backends.oktell.poller\n"
        "import agent_toolbar.backends.oktell.commands, agent_toolbar.backends.oktell.fields\n"
        "import agent_toolbar.simulators.oktell.cli, agent_toolbar.simulators.oktell.control\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'qasync'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
