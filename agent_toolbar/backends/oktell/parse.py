"""Tolerant decoding of what an Oktell server really sends, into typed records.

Every function takes the body bytes (and the charset of ``Content-Type``, if any) and
returns a record or a :class:`~agent_toolbar.backends.oktell.records.Failure`; nothing
raises. What it tolerates, and why:

* **Text encoding**: the XML examples declare ``encoding="utf-16"``, yet servers send UTF-8
  under that declaration as often as real UTF-16. The declaration is ignored: a byte order
  mark decides first, then NUL bytes (UTF-16 without a mark, either byte order), then the
  HTTP charset, then UTF-8; bytes that are not UTF-8 are read as Windows-1251 (a Russian
  Windows server) rather than refused.
* **JSON**: the examples of ``wp_getchaincontent`` and ``gettotalqueueinfo`` lack commas
  between members; a body that is not valid JSON is read again with a comma put between a
  value ending a line and a member name starting the next.
* **Empty bodies, HTML pages** (error pages from the server or a proxy), truncated or
  garbled bodies, a document type or entities in XML (refused, never expanded): typed
  failures.
* **Field types**: booleans as ``true``/``"true"``/``1``; numbers as numbers or strings;
  unknown members are ignored; missing ones take empty values.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any
from xml.etree import ElementTree as ET

from agent_toolbar.backends.oktell.records import (
    AbonentInfo,
    ChainContent,
    Commutation,
    Failure,
    FailureKind,
    LineInfo,
    LineState,
    ReadyUsers,
    Side,
    TraceCall,
    UserState,
    Version,
)

__all__ = [
    "decode_text",
    "lenient_json",
    "line_state",
    "parse_abonentinfo",
    "parse_chaincontent",
    "parse_readyusers",
    "parse_time",
    "parse_userstate",
    "parse_version",
]

_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_MISSING_COMMA = re.compile(r'(?<=["\d\]}el])([ \t]*\r?\n\s*)(?=["{\[])')
_LINE_STATE_NAMES = {
    "lsfree": LineState.FREE,
    "lsidle": LineState.FREE,
    "lsdialing": LineState.DIALING,
    "lsringing": LineState.RINGING,
    "lshold": LineState.HOLD,
    "lscommutated": LineState.COMMUTATED,
}
_LINE_STATE_CODES = {
    1: LineState.FREE,
    4: LineState.DIALING,
    8: LineState.RINGING,
    16: LineState.HOLD,
    32: LineState.COMMUTATED,
}


def decode_text(body: bytes, charset: str | None = None) -> str:
    """The body as text, whatever its declaration says (see the module docstring)."""
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", errors="replace")
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return body.decode("utf-16", errors="replace")
    head = body[:64]
    if len(body) >= 2 and head.count(b"\x00") * 3 >= len(head):
        little = head[1::2].count(b"\x00") >= head[0::2].count(b"\x00")
        return body.decode("utf-16-le" if little else "utf-16-be", errors="replace")
    if charset and charset.lower().replace("_", "-") not in ("utf-16", "utf-16le", "utf-16be"):
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1251", errors="replace")


def _looks_html(text: str) -> bool:
    start = text.lstrip()[:64].lower()
    return start.startswith(("<!doctype html", "<html", "<head", "<body"))


def _clip(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text_or_failure(method: str, body: bytes, charset: str | None) -> str | Failure:
    if not body.strip():
        return Failure(FailureKind.EMPTY, method, 200, "empty body")
    text = decode_text(body, charset)
    if not text.strip().strip("\x00"):
        return Failure(FailureKind.EMPTY, method, 200, "empty body")
    if _looks_html(text):
        return Failure(FailureKind.HTML, method, 200, "an HTML page instead of data")
    return text


def _xml(method: str, body: bytes, charset: str | None) -> ET.Element | Failure:
    text = _text_or_failure(method, body, charset)
    if isinstance(text, Failure):
        return text
    text = _DECLARATION.sub("", text.lstrip("\ufeff\x00 \r\n\t"), count=1)
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        return Failure(FailureKind.MALFORMED, method, 200, "XML with a document type")
    try:
        return ET.fromstring(text)
    except ET.ParseError as exc:
        return Failure(FailureKind.MALFORMED, method, 200, f"not XML ({exc})")


def lenient_json(text: str) -> Any:
    """``json.loads``, retried with the commas the server's examples lose put back.

    Raises ``ValueError`` when neither reading works.
    """
    try:
        return json.loads(text)
    except ValueError:
        repaired = _MISSING_COMMA.sub(r",\1", text)
        return json.loads(repaired)


def _json_object(method: str, body: bytes, charset: str | None) -> dict[str, Any] | Failure:
    text = _text_or_failure(method, body, charset)
    if isinstance(text, Failure):
        return text
    try:
        value = lenient_json(text.lstrip("\ufeff"))
    except ValueError:
        return Failure(FailureKind.MALFORMED, method, 200, f"not JSON: {_clip(text, 60)!r}")
    if not isinstance(value, dict):
        return Failure(FailureKind.MALFORMED, method, 200, "JSON but not an object")
    return value


def _s(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    if value is None or isinstance(value, dict | list):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _b(obj: dict[str, Any], key: str) -> bool:
    value = obj.get(key)
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value) if isinstance(value, bool | int) else False


def _i(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def parse_time(text: str) -> datetime | None:
    """``YYYY-MM-DD hh:mm:ss`` (server local time, no zone) → naive datetime, else ``None``."""
    text = text.strip()
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S.%f"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def _mapper(root: ET.Element) -> dict[str, tuple[str, str]]:
    """Every ``property_simple`` / ``property_cdata`` below the root: key → (value, name)."""
    props: dict[str, tuple[str, str]] = {}
    for element in root.iter():
        key = element.get("key")
        if key is None:
            continue
        if element.tag == "property_cdata":
            props.setdefault(key, ((element.text or "").strip(), element.get("name", "")))
        elif element.tag == "property_simple":
            props.setdefault(key, (element.get("value", ""), element.get("name", "")))
    return props


def parse_userstate(body: bytes, charset: str | None = None) -> UserState | Failure:
    """``tst_getuserstate``."""
    method = "tst_getuserstate"
    root = _xml(method, body, charset)
    if isinstance(root, Failure):
        return root
    props = _mapper(root)
    value, name = props.get("state", ("", ""))
    state = _i(value)
    if state is None:
        return Failure(FailureKind.MALFORMED, method, 200, "no state in the answer")
    user_set = next((e for e in root.iter("property_set") if e.get("name") == "user"), None)
    user_id = props.get("id", ("", ""))[0] or (user_set.get("id", "") if user_set else "")
    return UserState(user_id=user_id.lower(), state=state, name=name)


def parse_version(body: bytes, charset: str | None = None) -> Version | Failure:
    """``getversion``."""
    method = "getversion"
    root = _xml(method, body, charset)
    if isinstance(root, Failure):
        return root
    props = _mapper(root)
    text = props.get("text", ("", ""))[0]
    build = props.get("build", ("", ""))[0]
    if not text and not build:
        return Failure(FailureKind.MALFORMED, method, 200, "no version in the answer")
    return Version(
        text=text,
        build=build,
        environment=props.get("environment", ("", ""))[0],
        date=props.get("date", ("", ""))[0],
        hal_build=props.get("halbuild", ("", ""))[0],
    )


def parse_readyusers(body: bytes, charset: str | None = None) -> ReadyUsers | Failure:
    """``tst_getintnumberreadyusers``."""
    method = "tst_getintnumberreadyusers"
    root = _xml(method, body, charset)
    if isinstance(root, Failure):
        return root
    group = root if root.tag == "group" else root.find(".//group")
    if group is None:
        return Failure(FailureKind.MALFORMED, method, 200, "no group in the answer")
    return ReadyUsers(
        number=group.get("name", ""),
        ready=_i(group.get("ready", "")) or 0,
        busy=_i(group.get("busy", "")) or 0,
        elements=tuple(e.get("name", "") for e in group.iter("element")),
    )


def line_state(code: int | None, name: str) -> LineState:
    """The line state by its name first, its number second."""
    by_name = _LINE_STATE_NAMES.get(name.strip().lower())
    if by_name is not None:
        return by_name
    return _LINE_STATE_CODES.get(code, LineState.UNKNOWN) if code is not None else LineState.UNKNOWN


def parse_abonentinfo(body: bytes, charset: str | None = None) -> LineInfo | Failure:
    """``wp_getabonentinfo``."""
    method = "wp_getabonentinfo"
    obj = _json_object(method, body, charset)
    if isinstance(obj, Failure):
        return obj
    code = _i(obj.get("currentlinestate"))
    name = _s(obj, "currentlinestatestr")
    if code is None and not name:
        return Failure(FailureKind.MALFORMED, method, 200, "no currentlinestate")
    info = obj.get("abonentinfo")
    abonent = None
    if isinstance(info, dict) and (_s(info, "commutationid") or _s(info, "callerid")):
        abonent = AbonentInfo(
            commutation_id=_s(info, "commutationid").lower(),
            chain_id=_s(info, "chainid").lower(),
            caller_id=_s(info, "callerid"),
            caller_name=_s(info, "callername") or _s(info, "callersimple"),
            caller_line_num=_s(info, "callerlinenum"),
            caller_user_login=_s(info, "calleruserlogin"),
            is_user=_b(info, "isuser"),
            is_ext_line=_b(info, "isextline"),
            is_conference=_b(info, "isconference"),
            is_ivr=_b(info, "isivr"),
        )
    return LineInfo(state=line_state(code, name), code=code, code_name=name, abonent=abonent)


def _side(obj: dict[str, Any], p: str) -> Side:
    return Side(
        line_id=_s(obj, f"{p}lineid").lower(),
        line_number=_s(obj, f"{p}linenumber"),
        is_user=_b(obj, f"{p}isuser"),
        user_id=_s(obj, f"{p}userid").lower(),
        user_login=_s(obj, f"{p}userlogin"),
        user_name=_s(obj, f"{p}username"),
        out_number=_s(obj, f"{p}outnumber"),
        number_dialed=_s(obj, f"{p}numberdialed"),
        text=_s(obj, f"{p}text"),
    )


def parse_chaincontent(body: bytes, charset: str | None = None) -> ChainContent | Failure:
    """``wp_getchaincontent`` (an empty object: the line is in no chain)."""
    method = "wp_getchaincontent"
    obj = _json_object(method, body, charset)
    if isinstance(obj, Failure):
        return obj
    trace = obj.get("trace")
    if trace is not None and not isinstance(trace, list):
        return Failure(FailureKind.MALFORMED, method, 200, "trace is not a list")
    calls: list[TraceCall] = []
    commutations: list[Commutation] = []
    for item in trace or []:
        if not isinstance(item, dict):
            continue
        kind = _s(item, "contentelementtype").lower()
        if kind == "commutation" and _s(item, "commutationid"):
            commutations.append(
                Commutation(
                    commutation_id=_s(item, "commutationid").lower(),
                    a=_side(item, "a"),
                    b=_side(item, "b"),
                    connection_type=_s(item, "connectiontypestr"),
                    time_start=parse_time(_s(item, "timestart")),
                    time_answer=parse_time(_s(item, "timeanswer")),
                    is_recorded=_b(item, "isrecorded"),
                )
            )
        elif kind == "call":
            calls.append(
                TraceCall(
                    caller_id=_s(item, "callerid"),
                    called_id=_s(item, "calledid"),
                    pbx_direction=_s(item, "pbxdirection"),
                    user_id=_s(item, "userid").lower(),
                    user_login=_s(item, "userlogin"),
                    start_queue_time=parse_time(_s(item, "startqueuetime")),
                )
            )
    return ChainContent(
        chain_id=_s(obj, "chainid").lower(),
        create_time=parse_time(_s(obj, "createtime")),
        custom_field=_s(obj, "customfield"),
        calls=tuple(calls),
        commutations=tuple(commutations),
    )
