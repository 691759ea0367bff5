"""The simulator's reference data: the directory rules, identifiers and generated customers."""

from __future__ import annotations

import random
import re

import pytest

from agent_toolbar.simulators.naumen.data import (
    DIRECTORY,
    PROJECTS,
    Behaviour,
    customer_params,
    new_id,
    new_person,
    new_phone,
    resolve_target,
    transfer_status,
)


@pytest.mark.parametrize(
    ("address", "behaviour"),
    [
        ("", Behaviour.EMPTY),
        ("   ", Behaviour.EMPTY),
        ("200", Behaviour.ANSWER),
        (" 201 ", Behaviour.ANSWER),
        ("202", Behaviour.BUSY),
        ("203", Behaviour.NO_ANSWER),
        ("204", Behaviour.NOT_FOUND),
        ("205", Behaviour.DISCONNECT),
        ("206", Behaviour.TROUBLE),
        ("310", Behaviour.BUSY),
        ("777", Behaviour.ANSWER),  # any other extension answers
        ("4321", Behaviour.ANSWER),
        ("12", Behaviour.NOT_FOUND),
        ("12345", Behaviour.NOT_FOUND),
        ("+79161234567", Behaviour.ANSWER),
        ("89161234567", Behaviour.ANSWER),
        ("79161234567", Behaviour.ANSWER),
        ("+442071234567", Behaviour.ANSWER),
        ("+7916", Behaviour.NOT_FOUND),
        ("abc", Behaviour.BAD_FORMAT),
        ("20 0", Behaviour.BAD_FORMAT),
        ("8-916-123-45-67", Behaviour.BAD_FORMAT),
        ("sip:202@cc.example.com", Behaviour.BUSY),
        ("sip:555@cc.example.com:5060", Behaviour.ANSWER),
        ("sip:supervisor@cc.example.com", Behaviour.ANSWER),
        ("sip:nobody@cc.example.com", Behaviour.NOT_FOUND),
        ("sip:with space@x", Behaviour.BAD_FORMAT),
    ],
)
def test_resolve_target(address: str, behaviour: Behaviour) -> None:
    assert resolve_target(address).behaviour is behaviour


def test_directory_entries_behave_as_listed() -> None:
    for number, label, behaviour in DIRECTORY:
        target = resolve_target(number)
        assert (target.label, target.behaviour) == (label, behaviour)
    assert len({number for number, _, _ in DIRECTORY}) == len(DIRECTORY)


def test_transfer_status_codes_follow_table_4_1() -> None:
    assert transfer_status(Behaviour.ANSWER) is None
    codes = {b: transfer_status(b) for b in Behaviour if b is not Behaviour.ANSWER}
    assert codes == {
        Behaviour.EMPTY: "0",
        Behaviour.BAD_FORMAT: "1",
        Behaviour.NO_ANSWER: "4",
        Behaviour.TROUBLE: "5",
        Behaviour.BUSY: "7",
        Behaviour.DISCONNECT: "9",
        Behaviour.NOT_FOUND: "10",
    }


def test_identifiers_are_64_characters_and_reproducible() -> None:
    ids = [new_id(random.Random(1)) for _ in range(2)]
    assert ids[0] == ids[1] and re.fullmatch(r"[0-9a-f]{64}", ids[0])
    rng = random.Random(2)
    assert len({new_id(rng) for _ in range(100)}) == 100


def test_phones_and_names() -> None:
    rng = random.Random(3)
    for _ in range(200):
        assert re.fullmatch(r"\+79\d{9}", new_phone(rng))
        surname, _first, patronymic = new_person(rng).split(" ")
        female = patronymic.endswith("на")
        assert patronymic.endswith(("овна", "евна") if female else ("ович", "евич"))
        assert surname.endswith("а") == female


def test_customers_carry_crm_parameters() -> None:
    rng = random.Random(4)
    customers = [customer_params(rng) for _ in range(300)]
    titles = {c.params["ProjectTitle"] for c in customers}
    assert titles == {p.title for p in PROJECTS}
    for customer in customers:
        params = customer.params
        assert params["caller"] == customer.phone and params["ClientName"] == customer.name
        assert params["called"] == customer.project.dnis
        assert params["ProjectId"] == customer.project.project_id
        assert re.fullmatch(r"CL-\d{6}", params["ClientId"])
        assert params["Language"] in ("ru", "en") and params["Region"]
        assert params.get("url", "https://crm.example.com/").startswith("https://crm.example.com/")
        assert customer.early_keys <= set(params)
    assert any("url" in c.params for c in customers)
    assert any("url" not in c.params for c in customers)
    assert any("OrderId" in c.params for c in customers)
