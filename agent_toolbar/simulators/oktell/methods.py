"""The Web-API methods: parameters in, the operator addressed, the answer out.

Addressing: ``line``, ``user`` or ``wp`` (``tst_getuserstate`` also ``iduser`` and ``number``),
each any identifier of the operator, compared without regard to case. One is enough; when
several are given they must name the same operator (otherwise 400). A value that names no
operator, or more than one, is "not determined": 404 with a text body.

Bad parameter values (a missing ``number``, an unknown ``direction``, ``sequence`` or
``mode``, both break reasons at once, a non-number ``userstateid``) are answered 400 with a
text body and change nothing. Every call command that is well formed is answered 200 with an
empty body, whether its precondition held or not.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from agent_toolbar.simulators.oktell import render
from agent_toolbar.simulators.oktell.model import Operator
from agent_toolbar.simulators.oktell.userstate import BadRequestError

if TYPE_CHECKING:
    from agent_toolbar.simulators.oktell.world import World

__all__ = ["METHODS", "Answer", "MethodContext", "NotDeterminedError"]

MAX_NUMBER = 64


class NotDeterminedError(LookupError):
    """The request names no operator, or more than one (answered 404)."""


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: status, body, content type, and the operator it concerned."""

    status: int
    body: bytes = b""
    content_type: str = "text/plain"
    charset: str | None = "utf-8"
    login: str | None = None


@dataclass(frozen=True)
class MethodContext:
    """What a method may use besides its parameters."""

    world: World
    xml_encoding: str
    version: str
    build: str


Method = Callable[[MethodContext, Mapping[str, str]], Answer]

_ADDRESS = ("line", "user", "wp")


def resolve(world: World, params: Mapping[str, str], keys: tuple[str, ...] = _ADDRESS) -> Operator:
    """The operator the request addresses (``BadRequestError`` / ``NotDeterminedError``)."""
    given = [(key, params[key]) for key in keys if params.get(key)]
    if not given:
        raise BadRequestError(f"one of {', '.join(keys)} is required")
    found: list[Operator] = []
    for key, value in given:
        op = world.find(value)
        if op is None:
            raise NotDeterminedError(f"{key}: no single user or line is {value!r}")
        found.append(op)
    if any(op is not found[0] for op in found):
        raise BadRequestError("line, user and wp name different users")
    return found[0]


def _xml(ctx: MethodContext, root: ET.Element, login: str | None = None) -> Answer:
    body, charset = render.encode_xml(root, ctx.xml_encoding)
    return Answer(200, body, "text/xml", charset, login)


def _json(value: object, login: str | None) -> Answer:
    return Answer(200, render.encode_json(value), "application/json", "utf-8", login)


def _done(op: Operator) -> Answer:
    return Answer(200, b"", "text/plain", None, op.login)


def _number(params: Mapping[str, str]) -> tuple[str, str | None, str | None]:
    number = (params.get("number") or "").strip()
    if not number:
        raise BadRequestError("number is required")
    if len(number) > MAX_NUMBER:
        raise BadRequestError(f"number is longer than {MAX_NUMBER} characters")
    direction = params.get("direction") or None
    if direction not in (None, "pbx", "city"):
        raise BadRequestError("direction must be pbx or city")
    sequence = params.get("sequence") or None
    if sequence not in (None, "direct", "back"):
        raise BadRequestError("sequence must be direct or back")
    return number, direction, sequence


def getversion(ctx: MethodContext, params: Mapping[str, str]) -> Answer:
    """``getversion``."""
    return _xml(ctx, render.version_xml(ctx.version, ctx.build))


def tst_getuserstate(ctx: MethodContext, params: Mapping[str, str]) -> Answer:
    """``tst_getuserstate`` (``iduser`` as in the example, ``number`` as in the list)."""
    op = resolve(ctx.world, params, ("iduser", "number", *_ADDRESS))
    return _xml(ctx, render.userstate_xml(op), op.login)


def tst_getintnumberreadyusers(ctx: MethodContext, params: Mapping[str, str]) -> Answer:
    """``tst_getintnumberreadyusers``: every call-centre operator serves the number."""
    number = (params.get("number") or "").strip()
    if not number:
        raise BadRequestError("number is required")
    staff = [op for op in ctx.world.operators.values() if op.callcenter]
    ready = [op for op in staff if op.state == 1 and not op.live()]
    root = render.intnumberreadyusers(number, ready, len(staff) - len(ready))
    body, charset = render.encode_xml(root, "utf-8")
    body = body.replace(b'encoding="utf-16"', b'encoding="utf-8"', 1)
    return Answer(200, body, "text/xml", charset)


def wp_getabonentinfo(ctx: MethodContext, params: Mapping[str, str]) -> Answer:
    """``wp_getabonentinfo``."""
    op = resolve(ctx.world, params)
    return _json(render.abonentinfo(op), op.login)


def wp_getchaincontent(ctx: MethodContext, params: Mapping[str, str]) -> Answer:
    """``wp_getchaincontent``."""
    op = resolve(ctx.world, params)
    return _json(render.chaincontent(op), op.login)


def wp_answercall(ctx: MethodContext, params: Mapping[str, str]) -> Answer:
    """``wp_answercall``."""
    op = resolve(ctx.world, params)
    ctx.world.answercall(op)
    return _done(op)


def wp_declinecall(ctx: MethodContext, params: Mapping[str, str]) -> Answer:
    """``wp_declinecall``."""
    op = resolve(ctx.world, params)
    ctx.world.declinecall(op)
    return _done(op)


def wp_abortcall(ctx: MethodContext, params: Mapping[str, str]) -> Answer:
    """``wp_abortcall``."""
    op = resolve(ctx.world, params)
    ctx.world.abortcall(op)
    return _done(op)


def wp_flash(ctx: MethodContext, params: Mapping[str, str]) -> Answer:
    """``wp_flash``."""
    op = resolve(ctx.world, params)
    mode = params.get("mode") or None
    if mode not in (None, "abort", "switch", "next"):
        raise BadRequestError("mode must be abort, switch or next")
    ctx.world.flash(op, mode)
    return _done(op)


def wp_autocallstart(ctx: MethodContext, params: Mapping[str, str]) -> Answer:
    """``wp_autocallstart``."""
    op = resolve(ctx.world, params)
    ctx.world.autocallstart(op, *_number(params))
    return _done(op)


def wp_switchcall(ctx: MethodContext, params: Mapping[str, str]) -> Answer:
    """``wp_switchcall``."""
    op = resolve(ctx.world, params)
    ctx.world.switchcall(op, *_number(params))
    return _done(op)


def wp_autocallstop(ctx: MethodContext, params: Mapping[str, str]) -> Answer:
    """``wp_autocallstop``."""
    op = resolve(ctx.world, params)
    ctx.world.autocallstop(op)
    return _done(op)


def wp_setuserstate(ctx: MethodContext, params: Mapping[str, str]) -> Answer:
    """``wp_setuserstate``."""
    op = resolve(ctx.world, params)
    ctx.world.setuserstate(op, params)
    return _done(op)


METHODS: dict[str, Method] = {
    fn.__name__: fn
    for fn in (
        getversion,
        tst_getuserstate,
        tst_getintnumberreadyusers,
        wp_getabonentinfo,
        wp_getchaincontent,
        wp_answercall,
        wp_declinecall,
        wp_abortcall,
        wp_flash,
        wp_autocallstart,
        wp_switchcall,
        wp_autocallstop,
        wp_setuserstate,
    )
}
"""Every method the simulator serves, by its name in the URL path."""
