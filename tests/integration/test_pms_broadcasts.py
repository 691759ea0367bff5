"""PMS requests (§3.58) and broadcasts (§3.6, §3.7) through the real client to the simulator.

The JSON the simulator received (its command log keeps each frame as it arrived) is compared
with the specification's examples as extracted into ``tests/fixtures/naumen/spec_examples.json``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import pytest_asyncio

from agent_toolbar.backends.naumen import messages as m
from agent_toolbar.backends.naumen.adapter import NaumenBackend
from agent_toolbar.backends.naumen.broadcasts import broadcast_message, project_broadcast
from agent_toolbar.backends.naumen.client import NaumenClient
from agent_toolbar.backends.naumen.pms import Interaction, callback_request, disposition_request
from agent_toolbar.cti.backend import CommandError
from agent_toolbar.cti.model import CallState
from agent_toolbar.simulators.naumen.simulator import SimTimings, Simulator

if TYPE_CHECKING:
    from tests.conftest import Attach, Until

pytestmark = pytest.mark.asyncio
LOGIN = "operator"
ROOT = Path(__file__).resolve().parents[2]
SPEC = json.loads((ROOT / "tests/fixtures/naumen/spec_examples.json").read_text("utf-8"))


def spec_example(section: str, index: int) -> dict[str, Any]:
    (entry,) = [e for e in SPEC["messages"] if e["section"] == section]
    text = entry["examples"][index]["text"].replace("node_domain_\n0_", "node_domain_0_")
    frame = dict(json.loads(text))
    frame.pop("rid", None)
    return frame


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator("idle", timings=SimTimings.fast(), seed=11) as simulator:
        yield simulator


def client_of(session: Any) -> NaumenClient:
    backend = session.backend
    assert isinstance(backend, NaumenBackend)
    return backend.client


async def received(sim: Simulator, name: str) -> dict[str, Any]:
    """The frame of the last ``name`` command, as it arrived, without its rid."""
    await sim.wait_for_command(name)
    record = [r for r in sim.commands if r.name == name][-1]
    frame = dict(record.frame)
    assert isinstance(frame.pop("rid"), str)
    return frame


def interaction_of(example: dict[str, Any]) -> Interaction:
    _, _, _, _, project, _, session = example["path"].split("/")
    init = example["data"]["initData"]
    return Interaction(
        project, session, init["source"], init["destination"], init["caseUuid"], init["caseId"]
    )


async def test_the_two_pms_requests_arrive_as_the_examples_show(
    sim: Simulator, attached: Attach
) -> None:
    disposition, adjourn = spec_example("3.58", 2), spec_example("3.58", 1)
    async with attached(sim) as session:
        client = client_of(session)
        request = disposition_request(
            interaction_of(disposition), "CRR_DISCONNECT", run_as="epavlova"
        )
        assert isinstance(await client.request(request), m.Ok)
        assert await received(sim, "SendPmsRestRequest") == disposition

        when = datetime(2020, 11, 28, 16, 28, tzinfo=timezone(timedelta(hours=5)))
        action = adjourn["data"]["adjournAction"]
        request = callback_request(
            interaction_of(adjourn),
            when=when,
            now=when - timedelta(days=1),
            phone=action["phone"],
            agent_login=action["agentLogin"],
            comment=action["agentComment"],
            run_as="epavlova",
        )
        assert isinstance(await client.request(request), m.Ok)
        assert await received(sim, "SendPmsRestRequest") == adjourn
    assert [r.data for r in sim.world.pms_requests] == [disposition["data"], adjourn["data"]]


async def test_a_disposition_for_a_real_call_in_wrap_up(
    sim: Simulator, attached: Attach, until: Until
) -> None:
    async with attached(sim) as session:
        cid = sim.inject_call(
            LOGIN, caller="+79161234567", params={"ProjectId": "corebo00000000000mpbgpl1m3dhvbmg4"}
        )
        state = await until(
            session, lambda s: cid in s.calls and "sessionId" in s.calls[cid].params
        )
        params = dict(state.calls[cid].params)
        client = client_of(session)
        await client.request(m.Answer(login=LOGIN, cid=cid))
        await client.request(m.Hangup(login=LOGIN, cid=cid))
        await until(session, lambda s: s.calls[cid].state is CallState.ENDED)
        request = disposition_request(Interaction.from_params(params), "SALE", run_as=LOGIN)
        assert isinstance(await client.request(request), m.Ok)
        frame = await received(sim, "SendPmsRestRequest")
        assert frame["path"] == (
            f"/api/v2/project/corebo00000000000mpbgpl1m3dhvbmg4/interaction/{params['sessionId']}"
        )
        assert frame["data"]["initData"]["source"] == "+79161234567"
        assert frame["data"]["finishAction"] == {"callDisposition": "SALE", "clientId": ""}
        assert frame["headers"] == {"Content-Type": "application/json", "RUN_AS_USER": LOGIN}
        # the shape is the example's: the same keys at every level, the same JSON types
        assert _shape(frame) == _shape(spec_example("3.58", 2))

        now = datetime.now(UTC)
        callback = callback_request(
            Interaction.from_params(params),
            when=now + timedelta(hours=2),
            now=now,
            phone="+79161234567",
            agent_login=LOGIN,
            comment="Перезвонить",
            run_as=LOGIN,
        )
        assert isinstance(await client.request(callback), m.Ok)
        assert _shape(await received(sim, "SendPmsRestRequest")) == _shape(spec_example("3.58", 1))


async def test_a_refused_pms_request_surfaces_the_servers_words(
    sim: Simulator, attached: Attach
) -> None:
    async with attached(sim) as session:
        bad = m.SendPmsRestRequest(path="api/no-slash", method="POST", data={}, timeout=10)
        with pytest.raises(CommandError, match="absolute path"):
            await client_of(session).request(bad)
    assert sim.world.pms_requests == []


async def test_both_broadcasts_arrive_with_every_field(sim: Simulator, attached: Attach) -> None:
    async with attached(sim) as session:
        client = client_of(session)
        notice = broadcast_message("SL снизился до 20%.", ["ivanova", "ocpdep00000000000abc"])
        assert isinstance(await client.request(notice), m.Ok)
        assert await received(sim, "BroadcastMessage") == {
            "name": "BroadcastMessage",
            "message": "SL снизился до 20%.",
            "to": ["ivanova", "ocpdep00000000000abc"],
        }
        assert set(spec_example("3.6", 0)) == {"name", "message", "to"}

        for roles, to in (([], []), (["supervisor"], ["supervisor"])):
            project = project_broadcast("SL 20%", "corebo00000000000mpbgpl1m3dhvbmg4", roles)
            assert isinstance(await client.request(project), m.Ok)
            frame = await received(sim, "BroadcastProjectMessage")
            assert (
                set(frame) == set(spec_example("3.7", 0)) == {"name", "message", "project_id", "to"}
            )
            assert frame["to"] == to
        refused = m.BroadcastProjectMessage(message="SL", project_id="corebo12345678", to=("boss",))
        with pytest.raises(CommandError, match="role"):
            await client.request(refused)
    assert len(sim.world.broadcasts) == 3


def _shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    return type(value).__name__
