"""Pull every message example and field table out of the Naumen CTI API specification.

Usage::

    python scripts/extract_naumen_examples.py [SEED] [--out PATH] [--check]

``SEED`` defaults to ``../shared/seeds/000_a0028267cc0f20f5.txt`` beside the checkout; the
output (``tests/fixtures/naumen/spec_examples.json``) is committed, so the tests never need
the seed. ``--check`` compares a fresh extraction with the committed file and exits 1 when
they differ.

For each section 3.N the output holds:

* ``examples`` — every fenced example, verbatim (``text``), with the seed's line number. An
  example that a page break split into several fences (``{`` in one, ``}`` in a later one) is
  joined back: fences are merged while the braces opened so far are not closed.
* ``fields`` — the example's top-level fields as the document writes them: ``optional`` when
  the field stands inside ``[ … ]`` (the document's notation for "may be absent"), and the
  JSON ``type`` its value has: a quoted value or placeholder is a string, ``true | false`` a
  boolean, ``{`` an object, a list ``[<X>, …]`` an array, an unquoted placeholder such as
  ``<time>`` takes its type from the field table (``Число.`` → number).
* ``table`` — the rows (field, type text, JSON type, and whether the name carries the ``*``
  that §3.68 uses for "mandatory") of the section's field tables, their continuations
  included; nested rows (``Content-Type`` under ``headers``) are kept as the document lists
  them.

A fence that does not open with ``{`` but holds ``"key":`` pairs is the rest of the previous
example after a page break (the document closes the first half with a stray ``}``, or opens
the second with one): it is joined to it, and ``joined`` lists the fences' lines.

Nothing here imports the project: this is the independent reading the wire tests compare
``agent_toolbar.backends.naumen.messages`` against.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = ROOT.parent / "shared" / "seeds" / "000_a0028267cc0f20f5.txt"
DEFAULT_OUT = ROOT / "tests" / "fixtures" / "naumen" / "spec_examples.json"

_HEADING = re.compile(r"^(3\.\d+)\. Сообщение (\w+)\s*$")
_TABLE = re.compile(r"^Таблица 3\.\d+\. Поля сообщения")
_KEY = re.compile(r'"([^"\\]+)"\s*:')
_TYPES = (
    ("Строка", "string"),
    ("Логическ", "boolean"),
    ("Число", "number"),
    ("Целое", "number"),
    ("Объект", "object"),
    ("Массив", "array"),
    ("Список", "array"),
)


def json_type(type_text: str) -> str | None:
    """The JSON type a field table's type column names (``Строка.`` → ``string``)."""
    for prefix, kind in _TYPES:
        if type_text.strip().startswith(prefix):
            return kind
    return None


def _balance(text: str) -> int:
    """Curly braces opened minus closed, outside quoted strings."""
    depth = 0
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"' and (i == 0 or text[i - 1] != "\\"):
            quoted = not quoted
        elif not quoted and ch == "{":
            depth += 1
        elif not quoted and ch == "}":
            depth -= 1
    return depth


def _value_type(rest: str) -> str:
    """The JSON type of the value that ``rest`` (the text after ``"key":``) starts with."""
    value = rest.lstrip()
    if value.startswith('"'):
        return "string"
    if value.startswith("{"):
        return "object"
    if re.match(r"\[?\s*<?\s*true\s*\|\s*false\s*>?\s*\]?", value):
        return "boolean"
    if value.startswith("["):
        inner = value[1:].lstrip()
        # ["new" | "connected"]: one of several strings, not a list
        if re.match(r'"[^"]*"\s*\|', inner):
            return "string"
        return "array"
    if value.startswith("<"):
        return "placeholder"
    if re.match(r"-?\d", value):
        return "number"
    if value.startswith(("true", "false")):
        return "boolean"
    return "unknown"


def _item_type(rest: str) -> str | None:
    """For a list value, its items: ``object``, ``string`` or a message name (``<CallStatus>``)."""
    value = rest.lstrip()
    if not value.startswith("[") or _value_type(rest) != "array":
        return None
    inner = value[1:].lstrip()
    ref = re.match(r"<([A-Z]\w+)>", inner)
    if ref:  # <CallStatus>: items are that message's object
        return ref.group(1)
    if inner.startswith("{"):
        return "object"
    return "string"


def top_level_fields(text: str) -> list[dict[str, Any]]:
    """The fields at the outermost object of an example, in order, with optionality and type."""
    fields: list[dict[str, Any]] = []
    depth = 0
    quoted = False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == '"' and depth == 1 and not quoted:
            match = _KEY.match(text, i)
            if match:
                before = text[:i].rstrip()
                fields.append(
                    {
                        "name": match.group(1),
                        "optional": before.endswith("["),
                        "example_type": _value_type(text[match.end() :]),
                        "items": _item_type(text[match.end() :]),
                    }
                )
                i = match.end()
                continue
        if ch == '"' and (i == 0 or text[i - 1] != "\\"):
            quoted = not quoted
        elif not quoted and ch == "{":
            depth += 1
        elif not quoted and ch == "}":
            depth -= 1
        i += 1
    return fields


def _sections(lines: list[str]) -> list[tuple[str, str, int, int]]:
    """``(section, heading name, first line, end line)`` for each message section 3.N."""
    starts = []
    for number, line in enumerate(lines):
        match = _HEADING.match(line)
        if match and number > 200:  # past the table of contents
            starts.append((match.group(1), match.group(2), number))
    bounds = []
    for index, (section, name, start) in enumerate(starts):
        end = starts[index + 1][2] if index + 1 < len(starts) else len(lines)
        for number in range(start, end):
            if lines[number].startswith("4. Справочная информация"):
                end = number
                break
        bounds.append((section, name, start, end))
    return bounds


def _examples(lines: list[str], start: int, end: int) -> list[dict[str, Any]]:
    fences: list[tuple[int, str]] = []
    current: list[str] | None = None
    first = 0
    for number in range(start, end):
        line = lines[number]
        if line.strip().startswith("```"):
            if current is None:
                current, first = [], number + 1
            else:
                fences.append((first + 1, "\n".join(current)))
                current = None
            continue
        if current is not None:
            current.append(line)
    examples: list[dict[str, Any]] = []
    pending: tuple[int, list[str]] | None = None
    for line_no, text in fences:
        stripped = text.strip()
        if not stripped.startswith("{") and pending is None:
            previous = examples[-1] if examples else None
            if '":' in stripped and previous is not None and previous["json"]:
                # The rest of the previous example after a page break: the page ended with a
                # stray "}" (or the continuation starts with one); drop them and join.
                head = previous["text"].rstrip()
                head = head[:-1] if head.endswith("}") else head
                tail = stripped[1:] if stripped.startswith("}") else stripped
                previous["text"] = head.rstrip() + "\n" + tail
                previous["joined"] = [*previous.get("joined", []), line_no]
                continue
            examples.append({"line": line_no, "text": text, "json": False})
            continue
        if pending is None:
            pending = (line_no, [text])
        else:
            pending[1].append(text)
        joined = "\n".join(pending[1])
        if _balance(joined) <= 0:
            examples.append({"line": pending[0], "text": joined, "json": True})
            pending = None
    if pending is not None:
        examples.append({"line": pending[0], "text": "\n".join(pending[1]), "json": True})
    return examples


def _tables(lines: list[str], start: int, end: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    inside = False
    for number in range(start, end):
        line = lines[number]
        if _TABLE.match(line):
            inside = True
            continue
        if not inside:
            continue
        if line.startswith("Поле\tТип"):
            continue
        cells = line.split("\t")
        if len(cells) >= 3 and cells[0].strip():
            name = cells[0].strip()
            rows.append(
                {
                    "name": name.rstrip(" *"),
                    "marked_required": name.endswith("*"),
                    "type_text": cells[1].strip(),
                    "type": json_type(cells[1]),
                }
            )
        elif line.strip() and not line.startswith("\t"):
            inside = False
    return rows


def extract(seed: Path) -> dict[str, Any]:
    """The whole extraction as a JSON-ready object."""
    lines = seed.read_text(encoding="utf-8").split("\n")
    messages = []
    for section, name, start, end in _sections(lines):
        table = _tables(lines, start, end)
        table_types = {row["name"]: row["type"] for row in table}
        examples = _examples(lines, start, end)
        for example in examples:
            if not example["json"]:
                continue
            fields = top_level_fields(example["text"])
            for found in fields:
                kind = found.pop("example_type")
                if found["items"] is None:
                    del found["items"]
                if kind in ("placeholder", "unknown"):
                    kind = table_types.get(found["name"]) or kind
                found["type"] = kind
            example["fields"] = fields
        messages.append(
            {
                "section": section,
                "heading": name,
                "line": start + 1,
                "examples": examples,
                "table": table,
            }
        )
    return {"source": seed.name, "messages": messages}


def main(argv: list[str] | None = None) -> int:
    """Write (or ``--check``) the extraction; exit 0, or 1 when ``--check`` finds a change."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seed", nargs="?", type=Path, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="compare with --out, write nothing")
    args = parser.parse_args(argv)
    text = json.dumps(extract(args.seed), ensure_ascii=False, indent=1) + "\n"
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{args.out} differs from a fresh extraction")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    count = sum(len(m["examples"]) for m in json.loads(text)["messages"])
    print(f"wrote {args.out} ({count} examples)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
