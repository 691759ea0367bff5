"""The wire format against the specification itself, not against our own codec.

``tests/fixtures/naumen/spec_examples.json`` is extracted verbatim from the Naumen CTI API
document by ``scripts/extract_naumen_examples.py`` (every example, every field table);
``wire_decisions.json`` records, where the document contradicts itself, what we send and
why. These tests compare ``messages.py`` with them field by field:

(a) every example, made concrete (placeholders replaced by values of the type the example
    and the field table give), decodes to the message its section names, with no problem
    and no field left unknown; the document's two fully concrete ``SendPmsRestRequest``
    examples decode verbatim;
(b) every command we can send carries exactly the field names of its example (or a
    recorded decision), with the JSON types the example and the table give, and every
    field the example does not mark optional.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from agent_toolbar.backends.naumen import messages as m

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "naumen"
SPEC = json.loads((FIXTURES / "spec_examples.json").read_text(encoding="utf-8"))
DECISIONS = json.loads((FIXTURES / "wire_decisions.json").read_text(encoding="utf-8"))
SECTIONS = {entry["section"]: entry for entry in SPEC["messages"]}
BY_SECTION = {cls.SECTION: cls for cls in m.registry()}
SEED = ROOT.parent / "shared" / "seeds" / SPEC["source"]

_SAMPLE: dict[str, Any] = {
    "string": "x1",
    "boolean": True,
    "number": 1700000000000,
    "object": {"k": "v"},
    "array": ["a1"],
}


def _json_examples(entry: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [example for example in entry["examples"] if example["json"]]


def _wire_names(cls: type[m.Message]) -> dict[str, str]:
    """Every spelling a class accepts -> its wire (sent) spelling."""
    names: dict[str, str] = {}
    for field in dataclasses.fields(cls):
        meta = field.metadata
        if "wire" not in meta:
            continue
        names[meta["wire"]] = meta["wire"]
        for alias in meta["aliases"]:
            names[alias] = meta["wire"]
    return names


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _decision(kind: str, section: str, name: str) -> Mapping[str, str] | None:
    found: Mapping[str, str] | None = DECISIONS[kind].get(section, {}).get(name)
    return found


def _spec_fields(section: str) -> dict[str, tuple[str, bool]]:
    """Top-level fields of a section: name -> (JSON type, optional), examples first."""
    entry = SECTIONS[section]
    fields: dict[str, tuple[str, bool]] = {}
    for example in _json_examples(entry)[:1]:  # the format; later ones are concrete samples
        for found in example["fields"]:
            fields[found["name"]] = (found["type"], found["optional"])
    return fields


def _table_types(section: str) -> dict[str, str | None]:
    return {row["name"]: row["type"] for row in SECTIONS[section]["table"]}


# --------------------------------------------------------------------------- the fixture


def test_the_fixture_covers_all_75_sections_with_an_example_each() -> None:
    assert len(SECTIONS) == 75
    assert set(SECTIONS) == set(BY_SECTION)
    missing = [s for s, entry in SECTIONS.items() if not _json_examples(entry)]
    assert missing == []


@pytest.mark.skipif(not SEED.exists(), reason="the specification is not beside this checkout")
def test_the_fixture_is_what_the_script_extracts_from_the_specification() -> None:
    script = ROOT / "scripts" / "extract_naumen_examples.py"
    out = FIXTURES / "spec_examples.json"
    result = subprocess.run(
        [sys.executable, str(script), str(SEED), "--out", str(out), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_section_headings_are_our_message_names_or_a_recorded_decision() -> None:
    for section, entry in SECTIONS.items():
        cls = BY_SECTION[section]
        decision = DECISIONS["names"].get(section)
        sent = decision["send"] if decision else entry["heading"]
        # TransferWithCallBack: the heading's spelling is sent (case differs from the example)
        assert cls.NAME.lower() == sent.lower(), (section, cls.NAME, sent)
        assert m.lookup(entry["heading"]) is cls or decision is not None


# --------------------------------------------------------------------------- (a) decode


def _concrete(section: str, example: Mapping[str, Any]) -> dict[str, Any]:
    """The example with each placeholder replaced by a value of its documented type."""
    frame: dict[str, Any] = {}
    for found in example["fields"]:
        name = found["name"]
        kind = found["type"]
        decision = _decision("types", section, name)
        if decision is not None:
            kind = decision["send"]
        frame[name] = _SAMPLE.get(kind, "x1")
        items = found.get("items")
        if kind == "array" and items == "object":
            frame[name] = [{"id": "f1", "name": "a"}]
        elif kind == "array" and items not in (None, "string"):  # <CallStatus>, <ConferenceInfo>
            ref = next(s for s, e in SECTIONS.items() if e["heading"] == items)
            frame[name] = [_concrete(ref, _json_examples(SECTIONS[ref])[0])]
    frame["name"] = SECTIONS[section]["heading"]
    return frame


@pytest.mark.parametrize("section", sorted(SECTIONS, key=lambda s: int(s.split(".")[1])))
def test_every_example_decodes_to_its_message_with_every_field(section: str) -> None:
    cls = BY_SECTION[section]
    known = _wire_names(cls)
    for example in _json_examples(SECTIONS[section])[:1]:
        frame = _concrete(section, example)
        result = m.decode_object(frame)
        assert result.error is None, (section, result.error)
        decoded = result.message
        assert type(decoded) is cls, (section, type(decoded))
        problems = [p for p in result.problems if " read as " not in p]  # accepted spellings
        assert problems == [], (section, result.problems)
        if len(problems) != len(result.problems):
            assert section in DECISIONS["names"], (section, result.problems)
        unknown = [k for k in frame if k not in ("name", "rid") and k not in known]
        assert unknown == [], (section, unknown, sorted(known))


def test_a_reply_named_as_in_its_example_decodes_as_new_message_in_session() -> None:
    example = _json_examples(SECTIONS["3.56"])[0]
    assert '"name": "NewMessageInSession"' in example["text"]  # the document's own slip
    frame = _concrete("3.56", example) | {"name": "NewMessageInSession"}
    assert isinstance(m.decode_object(frame).message, m.NewMessageInSession)


@pytest.mark.parametrize("index", [1, 2])
def test_the_concrete_pms_examples_decode_verbatim(index: int) -> None:
    text = _json_examples(SECTIONS["3.58"])[index]["text"]
    repaired = text.replace("node_domain_\n0_", "node_domain_0_")  # wire_decisions: repairs
    frame = json.loads(repaired)
    result = m.decode_object(frame)
    assert result.problems == ()
    msg = result.message
    assert isinstance(msg, m.SendPmsRestRequest)
    assert msg.path == frame["path"]
    assert msg.method == "POST"
    assert msg.timeout == 10
    assert msg.headers == {"Content-Type": "application/json", "RUN_AS_USER": "epavlova"}
    assert msg.data == frame["data"]
    assert m.to_wire(msg) == frame


# --------------------------------------------------------------------------- (b) encode


def _sample_for(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Union or str(origin) == "<class 'types.UnionType'>":
        return _sample_for(next(a for a in args if a is not type(None)))
    if annotation is str:
        return "x1"
    if annotation is bool:
        return True
    if annotation in (int, float):
        return 10
    if origin is tuple:
        if args and dataclasses.is_dataclass(args[0]):
            return ()
        return ("a1",)
    if origin in (Mapping, dict) or annotation in (Mapping, dict):
        return {"k": "v"}
    return None


def _full_command(cls: type[m.Message]) -> m.Message:
    hints = typing.get_type_hints(cls, vars(m) | vars(typing), vars(m))
    values = {}
    for field in dataclasses.fields(cls):
        sample = _sample_for(hints[field.name])
        if sample is not None:
            values[field.name] = sample
    values["rid"] = "1"
    return cls(**values)


COMMANDS = [cls for cls in m.registry() if cls.KIND is m.Kind.COMMAND]


def test_there_are_commands_to_check() -> None:
    assert len(COMMANDS) > 40


@pytest.mark.parametrize("cls", COMMANDS, ids=lambda cls: f"{cls.SECTION}-{cls.NAME}")
def test_every_command_has_the_documented_fields_and_json_types(cls: type[m.Message]) -> None:
    section = cls.SECTION
    documented = _spec_fields(section)
    table = _table_types(section)
    sent = m.to_wire(_full_command(cls))
    assert sent["name"] == (DECISIONS["names"].get(section, {}).get("send") or cls.NAME)
    for name, value in sent.items():
        decision = _decision("fields", section, name)
        assert name in documented or name in table or decision is not None, (section, name)
        doc_type = documented.get(name, (table.get(name), True))[0]
        type_decision = _decision("types", section, name)
        want = type_decision["send"] if type_decision else doc_type
        if want in (None, "placeholder", "unknown"):
            want = table.get(name)
        assert _json_type(value) == want, (section, name, _json_type(value), want)
    required = [n for n, (_, optional) in documented.items() if not optional]
    missing = [n for n in required if n not in sent and _decision("fields", section, n) is None]
    assert missing == [], (section, missing)
