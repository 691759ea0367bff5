"""The fake cloud PBX against the real gateway: every flow, quirks, reordering, load, the CLI."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from agent_toolbar.simulators.pbx_webhooks import ALL_QUIRKS, FakePbx, FlowFactory, Quirks
from agent_toolbar.simulators.pbx_webhooks.cli import main

pytestmark = pytest.mark.asyncio
IVANOVA, PETROV, SIDOROV = "0052002651", "0052002642", "0052002600"


def wh(flow: Any) -> str:
    return f"wh:{flow.session_id}"


async def test_parallel_ringing_answered_by_a_colleague(pbx: FakePbx, toolbar: Any) -> None:
    ivanova, petrov, sidorov = [await toolbar(n) for n in ("ivanova", "petrov", "sidorov")]
    flow = FlowFactory(seed=1).incoming([IVANOVA, PETROV], answered_by=1)
    run = await pbx.run_flow(flow)
    assert run.all_ok, run.statuses
    await ivanova.card(wh(flow), state="ringing")
    elsewhere = await ivanova.card(wh(flow), state="ended")
    assert elsewhere["result"]["category"] == "answered_elsewhere" and not elsewhere["missed"]
    await petrov.card(wh(flow), state="connected")
    done = await petrov.card(wh(flow), state="ended")
    assert done["result"]["category"] == "completed"
    assert done["duration"] == flow.posts[-1].payload["Duration"]  # type: ignore[index]
    await sidorov.settle()
    assert sidorov.cards(wh(flow)) == []


async def test_parallel_ringing_answered_here(pbx: FakePbx, toolbar: Any) -> None:
    ivanova, petrov = await toolbar("ivanova"), await toolbar("petrov")
    flow = FlowFactory(seed=2).incoming([IVANOVA, PETROV], answered_by=0)
    assert (await pbx.run_flow(flow)).all_ok
    assert (await ivanova.card(wh(flow), state="ended"))["result"]["category"] == "completed"
    other = await petrov.card(wh(flow), state="ended")
    assert other["result"]["category"] == "answered_elsewhere"


async def test_sequential_ringing(pbx: FakePbx, toolbar: Any) -> None:
    ivanova, petrov = await toolbar("ivanova"), await toolbar("petrov")
    flow = FlowFactory(seed=3).incoming([PETROV, IVANOVA], ringing="sequential", answered_by=1)
    assert (await pbx.run_flow(flow)).all_ok
    assert (await ivanova.card(wh(flow), state="ended"))["result"]["category"] == "completed"
    first = await petrov.card(wh(flow), state="ended")
    # Petrov's own attempt ended with no answer from him: missed by him.
    assert first["missed"] is True


@pytest.mark.parametrize("ringing", ["parallel", "sequential"])
async def test_missed_by_all(pbx: FakePbx, toolbar: Any, ringing: str) -> None:
    ivanova, petrov = await toolbar("ivanova"), await toolbar("petrov")
    flow = FlowFactory(seed=4).incoming([IVANOVA, PETROV], ringing=ringing, answered_by=None)  # type: ignore[arg-type]
    assert (await pbx.run_flow(flow)).all_ok
    for tb in (ivanova, petrov):
        card = await tb.card(wh(flow), state="ended")
        assert card["missed"] is True


@pytest.mark.parametrize("code", ["200", "486"])
async def test_outgoing(pbx: FakePbx, toolbar: Any, code: str) -> None:
    ivanova, petrov = await toolbar("ivanova"), await toolbar("petrov")
    flow = FlowFactory(seed=5).outgoing(IVANOVA, "9161234567", code=code)
    assert (await pbx.run_flow(flow)).all_ok
    card = await ivanova.card(wh(flow), state="ended")
    assert card["direction"] == "outgoing" and card["called"].endswith("9161234567")
    assert card["result"]["code"] == code
    await petrov.settle()
    assert petrov.cards(wh(flow)) == []


@pytest.mark.parametrize(
    "quirks",
    [
        Quirks(result_code="integer", start_time="schema", numbers="plain"),
        Quirks(result_code="mixed", start_time="mixed", numbers="eight"),
        Quirks(numbers="mixed"),
    ],
)
async def test_the_seed_quirks_change_nothing_for_the_operators(
    pbx: FakePbx, toolbar: Any, quirks: Quirks
) -> None:
    ivanova, petrov = await toolbar("ivanova"), await toolbar("petrov")
    factory = FlowFactory(seed=6, quirks=quirks)
    answered = factory.incoming([IVANOVA, PETROV], answered_by=0)
    missed = factory.incoming([IVANOVA, PETROV], answered_by=None)
    for flow in (answered, missed):
        assert (await pbx.run_flow(flow)).all_ok
    assert (await ivanova.card(wh(answered), state="ended"))["result"]["category"] == "completed"
    elsewhere = await petrov.card(wh(answered), state="ended")
    assert elsewhere["result"]["category"] == "answered_elsewhere"
    for tb in (ivanova, petrov):
        assert (await tb.card(wh(missed), state="ended"))["missed"] is True


async def test_duplicates_and_reordering_under_load(pbx: FakePbx, toolbar: Any) -> None:
    ivanova, petrov = await toolbar("ivanova"), await toolbar("petrov")
    factory = FlowFactory(seed=7, quirks=ALL_QUIRKS)
    flows = [factory.incoming([IVANOVA, PETROV], answered_by=i % 2) for i in range(30)]
    runs = await pbx.run_flows(flows, concurrency=10)
    assert all(run.all_ok for run in runs)
    await ivanova.settle()
    await petrov.settle()
    for index, flow in enumerate(flows):
        mine, theirs = (ivanova, petrov) if index % 2 == 0 else (petrov, ivanova)
        assert mine.calls[wh(flow)]["state"] == "ended", flow.hooks()
        assert mine.calls[wh(flow)]["result"]["category"] == "completed", flow.hooks()
        assert theirs.calls[wh(flow)]["state"] == "ended", flow.hooks()
        assert theirs.calls[wh(flow)]["result"]["category"] == "answered_elsewhere", flow.hooks()


async def test_bodies_that_are_not_json_objects_are_refused(pbx: FakePbx) -> None:
    run = await pbx.run_flow(FlowFactory().malformed())
    assert run.statuses == [400, 400, 400]


async def test_a_wrong_token_is_404(gw: Any) -> None:
    async with FakePbx(f"{gw.url}/webhook/not-the-token") as wrong:
        run = await wrong.run_flow(FlowFactory().outgoing(IVANOVA))
    assert run.statuses == [404, 404]


async def test_the_cli_against_the_gateway(gw: Any, toolbar: Any, capsys: Any) -> None:
    ivanova = await toolbar("ivanova")
    argv = ["--url", gw.webhook_url, "--flow", "mix", "--count", "20", "--rate", "200"]
    argv += ["--operators", f"{IVANOVA},{PETROV}", "--codes", "mixed", "--duplicates", "0.1"]
    assert await asyncio.to_thread(main, argv) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["errors"] == 0 and list(summary["statuses"]) == ["200"]
    await ivanova.settle()
    assert ivanova.calls


async def test_an_end_after_missed_keeps_the_cards_missed(pbx: FakePbx, toolbar: Any) -> None:
    ivanova, petrov = await toolbar("ivanova"), await toolbar("petrov")
    flow = FlowFactory(seed=3).incoming([IVANOVA, PETROV], answered_by=None, end_after_missed=True)
    assert (await pbx.run_flow(flow)).all_ok
    await ivanova.settle()
    await petrov.settle()
    for tb in (ivanova, petrov):
        card = tb.calls[wh(flow)]
        assert card["state"] == "ended" and card["missed"] is True, card["result"]


def expected(login: str, logins: list[str], ringing: str, answered_by: int | None) -> Any:
    """What ``login``'s card should end as, from the script alone."""
    if login not in logins:
        return None
    if answered_by is None:
        return ("ended", "missed")
    if logins[answered_by] == login:
        return ("ended", "completed")
    if ringing == "parallel":
        return ("ended", "answered_elsewhere")
    # Sequential: rung before the one who answered, so missed; after them, never rung.
    return ("ended", "missed") if logins.index(login) < answered_by else None


async def test_random_scripts_end_on_every_toolbar_as_scripted(pbx: FakePbx, toolbar: Any) -> None:
    numbers = {"ivanova": IVANOVA, "petrov": PETROV, "sidorov": SIDOROV}
    tbs = {login: await toolbar(login) for login in numbers}
    cases = []
    for seed in range(40):
        factory = FlowFactory(seed=seed, quirks=ALL_QUIRKS if seed % 2 else Quirks())
        logins = factory.rng.sample(list(numbers), factory.rng.randint(1, 3))
        ringing = factory.rng.choice(["parallel", "sequential"])
        answered_by = factory.rng.choice([None, *range(len(logins))])
        flow = factory.incoming(
            [numbers[n] for n in logins],
            ringing=ringing,  # type: ignore[arg-type]
            answered_by=answered_by,
        )
        cases.append((flow, logins, ringing, answered_by))
    runs = await pbx.run_flows([case[0] for case in cases], concurrency=8)
    assert all(run.all_ok for run in runs)
    for tb in tbs.values():
        await tb.settle()
    for flow, logins, ringing, answered_by in cases:
        for login, tb in tbs.items():
            card = tb.calls.get(wh(flow))
            got = card and (
                card["state"],
                "missed" if card["missed"] else card["result"]["category"],
            )
            assert got == expected(login, logins, ringing, answered_by), (login, flow.hooks())
