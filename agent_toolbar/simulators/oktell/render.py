"""The simulated server's answer bodies, in the specification's XML and JSON shapes.

XML: ``<oktellxmlmapper version="80710"><data name=… count=…><property_set …>`` with
``property_simple`` and ``property_cdata`` children, declared ``encoding="utf-16"`` as in every
example of the specification. The bytes are UTF-8 by default (a server that writes the XML
into a string and sends it as UTF-8 — the declaration then lies), or real UTF-16 LE with a
byte order mark when the simulator is made with ``xml_encoding="utf-16"``.

JSON: the field names and nesting of the examples; valid JSON with commas (the examples lose
two commas, ``"chainid"`` and ``"srcelementid"`` lines; the fault ``seedjson`` reproduces that).
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

from agent_toolbar.simulators.oktell.model import (
    LINE_STATES,
    USER_STATES,
    Call,
    CallState,
    Operator,
    local_time,
)

__all__ = [
    "TRUNK_LINE_ID",
    "abonentinfo",
    "chaincontent",
    "encode_json",
    "encode_xml",
    "intnumberreadyusers",
    "seed_style",
    "userstate_xml",
    "version_xml",
]

MAPPER_VERSION = "80710"
#: The line id and number the external party's calls come in over.
TRUNK_LINE_ID = "5b0c8a0e-1f2d-4c53-9a51-000000000e01"
TRUNK_LINE_NUMBER = "0101"


def encode_xml(root: ET.Element, encoding: str) -> tuple[bytes, str]:
    """The document with the ``utf-16`` declaration, as bytes in ``encoding``; and its charset."""
    ET.indent(root)
    text = '<?xml version="1.0" encoding="utf-16"?>\n' + ET.tostring(root, encoding="unicode")
    if encoding == "utf-16":
        return b"\xff\xfe" + text.encode("utf-16-le"), "utf-16"
    return text.encode("utf-8"), "utf-8"


def _mapper(data_name: str, set_name: str, **attrs: str) -> tuple[ET.Element, ET.Element]:
    root = ET.Element("oktellxmlmapper", version=MAPPER_VERSION)
    data = ET.SubElement(root, "data", name=data_name, count="1")
    pset = ET.SubElement(data, "property_set", {"name": set_name, **attrs})
    return root, pset


def _simple(parent: ET.Element, key: str, value: str, name: str | None = None) -> None:
    attrs = {"key": key, "value": value}
    if name is not None:
        attrs["name"] = name
    ET.SubElement(parent, "property_simple", attrs)


def userstate_xml(op: Operator) -> ET.Element:
    """``tst_getuserstate``: the user's id and state (number and name), as the example."""
    root, pset = _mapper("userstate", "user", id=op.user_id)
    _simple(pset, "id", op.user_id)
    _simple(pset, "state", str(op.state), USER_STATES.get(op.state, f"us{op.state}"))
    return root


def version_xml(version: str, build: str) -> ET.Element:
    """``getversion``."""
    root, pset = _mapper("version", "version")
    for key, value in (
        ("text", f"Версия программы: {version}. Версия БД: 200301."),
        ("environment", "4.0.30319.42000"),
        ("build", build),
    ):
        ET.SubElement(pset, "property_cdata", key=key).text = value
    _simple(pset, "date", "200301")
    ET.SubElement(pset, "property_cdata", key="halbuild").text = "2.15.40.134"
    _simple(pset, "haldate", "200213")
    return root


def intnumberreadyusers(number: str, ready: list[Operator], busy: int) -> ET.Element:
    """``tst_getintnumberreadyusers`` (its own UTF-8 shape, as the example)."""
    root = ET.Element("group", name=number, ready=str(len(ready)), busy=str(busy))
    for op in ready:
        ET.SubElement(root, "element", name=op.line_number)
    return root


# ---------------------------------------------------------------------------- JSON


def encode_json(value: Any) -> bytes:
    """Pretty JSON in UTF-8, as the server writes it."""
    return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")


def seed_style(body: bytes) -> bytes:
    """The same JSON without the commas the specification's examples lose."""
    lines = body.decode("utf-8").split("\n")
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(('"chainid"', '"srcelementid"')) and stripped.endswith(","):
            lines[index] = line[:-1]
    return "\n".join(lines).encode("utf-8")


def _party(op: Operator, call: Call) -> dict[str, Any]:
    """The other party of a call as the ``abonentinfo`` fields describe it."""
    del op  # the other party is never a simulated line of its own
    external = call.direction != "internal"
    return {
        "cansendfiles": False,
        "isconference": False,
        "callerlineid": TRUNK_LINE_ID if external else "",
        "callercomment": "",
        "isuser": not external,
        "callername": call.name or call.number,
        "canswitchtoconf": False,
        "callerusername": "" if external else call.name,
        "commutationid": call.commutation_id,
        "calleruserlogin": "",
        "callerdescription": "",
        "callerlinenum": TRUNK_LINE_NUMBER if external else call.number,
        "isivr": False,
        "callerid": call.number,
        "callersimple": call.name or call.number,
        "calleruserid": "",
        "canfax": False,
        "canvideo": False,
        "chainid": call.chain_id,
        "isextline": external,
    }


def abonentinfo(op: Operator) -> dict[str, Any]:
    """``wp_getabonentinfo``: the line state and the active call's other party.

    An idle line, or one with only a held party, has no ``abonentinfo`` member.
    """
    state = op.line_state()
    body: dict[str, Any] = {
        "currentlinestate": state,
        "currentlinestatestr": LINE_STATES.get(state, f"ls{state}"),
    }
    active = op.active()
    if active is not None:
        body["abonentinfo"] = _party(op, active)
    return body


def _call_element(op: Operator, call: Call) -> dict[str, Any]:
    return {
        "contentelementtype": "call",
        "pbxdirection": call.direction if not call.incoming else "incoming",
        "objectid": op.line_id,
        "objecttype": 0,
        "objecttypestr": "qotQueueLogic",
        "queuesource": 1,
        "queuesourcestr": "qsLineLogic",
        "queuepriority": 10,
        "istask": False,
        "managedlineid": op.line_id,
        "isuser": True,
        "userlogin": op.login,
        "startqueuetime": local_time(call.created),
        "department": op.department,
        "callerid": call.number,
        "calledid": op.number,
        "srcelementid": TRUNK_LINE_ID,
        "srclineid": TRUNK_LINE_ID,
        "srclinenumber": TRUNK_LINE_NUMBER,
        "managedlinenumber": op.line_number,
        "userid": op.user_id,
        "username": op.name,
    }


def _side(prefix: str, *, own: Operator | None, call: Call, dialed: str) -> dict[str, Any]:
    if own is not None:
        return {
            f"{prefix}lineid": own.line_id,
            f"{prefix}linenumber": own.line_number,
            f"{prefix}isuser": True,
            f"{prefix}userid": own.user_id,
            f"{prefix}userlogin": own.login,
            f"{prefix}username": own.name,
            f"{prefix}outnumber": own.number,
            f"{prefix}numberdialed": dialed,
            f"{prefix}text": own.name,
        }
    external = call.direction != "internal"
    return {
        f"{prefix}lineid": TRUNK_LINE_ID if external else "",
        f"{prefix}linenumber": TRUNK_LINE_NUMBER if external else call.number,
        f"{prefix}isuser": not external,
        f"{prefix}userid": "",
        f"{prefix}userlogin": "",
        f"{prefix}username": "" if external else call.name,
        f"{prefix}outnumber": call.number,
        f"{prefix}numberdialed": dialed,
        f"{prefix}text": call.name or call.number,
    }


def _commutation(op: Operator, call: Call) -> dict[str, Any]:
    external = call.direction != "internal"
    kind = (3, "ctInnerInner") if not external else (1, "ctInnerOuter")
    if call.incoming:
        a = _side("a", own=None, call=call, dialed=op.number)
        b = _side("b", own=op, call=call, dialed="")
    else:
        a = _side("a", own=op, call=call, dialed=call.number)
        b = _side("b", own=None, call=call, dialed="")
    return {
        "contentelementtype": "commutation",
        "commutationid": call.commutation_id,
        "connectiontype": kind[0],
        "connectiontypestr": kind[1],
        **a,
        **b,
        "timestart": local_time(call.created),
        "timeanswer": local_time(call.answered) if call.answered else "",
        "isrecorded": True,
    }


def chaincontent(op: Operator) -> dict[str, Any]:
    """``wp_getchaincontent``: the chain of the active call (else of the held one).

    ``trace`` holds a ``call`` element for each incoming call of the chain and a
    ``commutation`` element for each of the line's live calls in it (ringing ones too, with
    an empty ``timeanswer``). An idle line gives an empty object.
    """
    anchor = op.active() or op.held()
    if anchor is None:
        return {}
    members = [
        c
        for c in op.live()
        if c.chain_id == anchor.chain_id and c.phase != "far" and c.state is not CallState.ENDED
    ]
    trace: list[dict[str, Any]] = []
    for call in members:
        if call.incoming:
            trace.append(_call_element(op, call))
    trace.extend(_commutation(op, call) for call in members)
    return {
        "createtime": local_time(anchor.chain_created),
        "chainid": anchor.chain_id,
        "customfield": "",
        "trace": trace,
    }
