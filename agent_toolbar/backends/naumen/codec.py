"""Typed wire codec for the Naumen CTI API: field declarations, decoding and encoding.

Messages are frozen dataclasses declared in :mod:`agent_toolbar.backends.naumen.messages`.
Each field names its wire spelling (and any alternative spellings the specification uses);
its Python annotation says how a wire value is coerced. Decoding never raises: whatever
arrives (invalid JSON, a list, wrong field types, missing fields, unknown names) becomes a
:class:`DecodeResult` that carries either a message or the reason there is none, plus the
list of problems met on the way.

The message names live in a :class:`MessageRegistry`, one per protocol (Naumen's is
``messages.PROTOCOL``): a second protocol declared with this codec, or a test declaring its
own messages, never collides with the Naumen names.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import math
import re
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

__all__ = [
    "DecodeResult",
    "Kind",
    "Message",
    "MessageRegistry",
    "UnknownMessage",
    "encode",
    "to_wire",
    "wire",
]


class Kind(enum.Enum):
    """Who sends a message: the CTI module (command) or the API (event, service reply)."""

    COMMAND = "command"
    EVENT = "event"
    SERVICE = "service"


def wire(
    name: str,
    *,
    default: Any = None,
    required: bool = False,
    aliases: tuple[str, ...] = (),
    factory: Callable[[], Any] | None = None,
) -> Any:
    """Declare a message field by its wire name.

    Args:
        name: The spelling sent on the wire (the specification's field-table heading).
        default: Value when the field is absent.
        required: Whether a frame without it cannot be used (decoding then fails).
        aliases: Other spellings the specification shows; all are accepted on decode.
        factory: Default factory for mutable defaults.
    """
    meta = {"wire": name, "required": required, "aliases": aliases}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True, slots=True)
class Message:
    """Base of every modelled message; ``rid`` correlates a command and its reply."""

    NAME: ClassVar[str] = ""
    ALIASES: ClassVar[tuple[str, ...]] = ()
    KIND: ClassVar[Kind] = Kind.EVENT
    SECTION: ClassVar[str] = ""
    WEBPHONE: ClassVar[bool] = True
    HAS_LOGIN: ClassVar[bool] = True
    REGISTRY: ClassVar[MessageRegistry]

    rid: str | None = wire("rid")

    @property
    def name(self) -> str:
        """The message name as sent on the wire."""
        return self.NAME


@dataclass(frozen=True, slots=True)
class UnknownMessage:
    """A well-formed frame whose ``name`` is not one of the modelled messages."""

    name: str
    rid: str | None
    login: str | None
    raw: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class DecodeResult:
    """The outcome of decoding one frame.

    Attributes:
        message: The decoded message, an :class:`UnknownMessage`, or ``None`` when the frame
            could not be used at all (see ``error``).
        problems: Non-fatal problems (coerced or ignored field values, dropped list items).
        error: Why there is no message, when there is none.
        rid: The frame's ``rid`` if one could be read, even from an unusable frame.
        wire_name: The frame's ``name`` as received, if any.
    """

    message: Message | UnknownMessage | None
    problems: tuple[str, ...] = ()
    error: str | None = None
    rid: str | None = None
    wire_name: str | None = None

    @property
    def ok(self) -> bool:
        """True when a message (known or unknown) was decoded."""
        return self.message is not None


class _FieldError(Exception):
    """A value that cannot be coerced to its declared type (internal)."""


_Coercer = Callable[[Any, list[str], str], Any]


@dataclass(frozen=True, slots=True)
class _FieldSpec:
    attr: str
    wire: str
    names: tuple[str, ...]
    required: bool
    coerce: _Coercer
    encode: Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class _MessageSpec:
    cls: type[Message]
    fields: tuple[_FieldSpec, ...]
    known: frozenset[str]


_SPECS: dict[type[Message], _MessageSpec] = {}
M = TypeVar("M", bound=type[Message])


class MessageRegistry:
    """The messages of one protocol, by wire name; decodes frames into them.

    Attributes:
        protocol: The protocol's name (for messages about it).
    """

    def __init__(self, protocol: str) -> None:
        """An empty registry for ``protocol``."""
        self.protocol = protocol
        self._by_name: dict[str, type[Message]] = {}
        self._order: list[type[Message]] = []

    def message(
        self,
        section: str,
        kind: Kind,
        *,
        webphone: bool = True,
        aliases: tuple[str, ...] = (),
        has_login: bool = True,
    ) -> Callable[[M], M]:
        """Register a message class under its class name and the given alias spellings."""

        def register(cls: M) -> M:
            cls.NAME = cls.__name__
            cls.SECTION = section
            cls.KIND = kind
            cls.WEBPHONE = webphone
            cls.ALIASES = aliases
            cls.HAS_LOGIN = has_login
            cls.REGISTRY = self
            for spelling in (cls.NAME, *aliases):
                key = spelling.lower()
                if key in self._by_name and self._by_name[key] is not cls:
                    raise ValueError(f"message name {spelling!r} registered twice")
                self._by_name[key] = cls
            self._order.append(cls)
            return cls

        return register

    def classes(self) -> tuple[type[Message], ...]:
        """All registered message classes, in the order they were declared."""
        return tuple(self._order)

    def lookup(self, name: str) -> type[Message] | None:
        """The message class for a wire name (case-insensitive, any known spelling)."""
        return self._by_name.get(name.lower())

    def decode_object(self, obj: Any) -> DecodeResult:
        """Decode an already-parsed JSON value into a message (never raises)."""
        try:
            if not isinstance(obj, dict):
                kind = type(obj).__name__
                return DecodeResult(None, error=f"frame is a JSON {kind}, not an object")
            name = obj.get("name")
            rid = _rid_of(obj)
            if not isinstance(name, str) or not name:
                return DecodeResult(None, error="frame has no message name", rid=rid)
            cls = self.lookup(name)
            if cls is None:
                login = obj.get("login") if isinstance(obj.get("login"), str) else None
                return DecodeResult(UnknownMessage(name, rid, login, obj), rid=rid, wire_name=name)
            result = _decode_as(cls, obj, cls.NAME)
            problems = result.problems
            if name != cls.NAME:
                problems = (f"name {name!r} read as {cls.NAME}", *problems)
            return DecodeResult(result.message, problems, result.error, rid, name)
        except Exception as exc:  # the decoder must never raise on input
            return DecodeResult(None, error=f"decoder failure: {type(exc).__name__}: {exc}")

    def decode(self, frame: str | bytes) -> DecodeResult:
        """Decode one WebSocket text frame (never raises).

        JSON may escape a lone UTF-16 surrogate (a backslash-u escape of D800 to DFFF), which
        no UTF-8 text can hold: it becomes U+FFFD here, so nothing downstream (the
        screen-pop's encoding, the log file) meets a string it cannot encode.
        """
        try:
            text = frame.decode("utf-8") if isinstance(frame, bytes | bytearray) else frame
            obj = json.loads(text)
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            return DecodeResult(None, error=f"invalid JSON: {exc}")
        if _SURROGATE_ESCAPE.search(text):
            obj = _without_surrogates(obj)
        return self.decode_object(obj)


def _spec(cls: type[Message]) -> _MessageSpec:
    """The field table of a message class, built on first use (forward references resolve)."""
    spec = _SPECS.get(cls)
    if spec is None:
        spec = _SPECS[cls] = _build_spec(cls)
    return spec


# --------------------------------------------------------------------------- coercion


def _as_str(value: Any, problems: list[str], where: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        problems.append(f"{where}: boolean where a string was expected")
        return "true" if value else "false"
    if isinstance(value, int | float):
        # Identifiers such as confId are described as "a string (a number)": accept numbers.
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    raise _FieldError(f"{where}: expected a string, got {type(value).__name__}")


def _as_bool(value: Any, problems: list[str], where: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0"):
        problems.append(f"{where}: boolean sent as the string {value!r}")
        return value.strip().lower() in ("true", "1")
    if isinstance(value, int | float) and value in (0, 1):
        problems.append(f"{where}: boolean sent as the number {value!r}")
        return bool(value)
    raise _FieldError(f"{where}: expected a boolean, got {value!r:.40}")


def _as_float(value: Any, problems: list[str], where: str) -> float:
    if isinstance(value, bool):
        raise _FieldError(f"{where}: expected a number, got a boolean")
    if isinstance(value, int | float):
        try:
            result = float(value)
        except OverflowError:  # a 400-digit integer: a bad field, not a lost message
            raise _FieldError(f"{where}: {str(value)[:20]}… is too large a number") from None
    elif isinstance(value, str):
        try:
            result = float(value.strip())
        except ValueError:
            raise _FieldError(f"{where}: expected a number, got {value!r:.40}") from None
        problems.append(f"{where}: number sent as a string")
    else:
        raise _FieldError(f"{where}: expected a number, got {type(value).__name__}")
    if not math.isfinite(result):
        raise _FieldError(f"{where}: {value!r:.40} is not a finite number")
    return result


def _as_int(value: Any, problems: list[str], where: str) -> int:
    number = _as_float(value, problems, where)
    if not number.is_integer():
        raise _FieldError(f"{where}: expected an integer, got {value!r:.40}")
    return int(number)


def _scalar_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _as_str_map(value: Any, problems: list[str], where: str) -> Mapping[str, str]:
    if not isinstance(value, dict):
        raise _FieldError(f"{where}: expected an object, got {type(value).__name__}")
    out: dict[str, str] = {}
    for key, item in value.items():
        if not isinstance(item, str):
            problems.append(f"{where}.{key}: non-string value converted to text")
        out[str(key)] = _scalar_text(item)
    return out


def _as_obj(value: Any, problems: list[str], where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _FieldError(f"{where}: expected an object, got {type(value).__name__}")
    return value


def _as_str_tuple(value: Any, problems: list[str], where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        # Substates and recipients are "listed through commas" in the document's prose.
        problems.append(f"{where}: list sent as a comma-separated string")
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if not isinstance(value, list):
        raise _FieldError(f"{where}: expected a list, got {type(value).__name__}")
    out: list[str] = []
    for index, item in enumerate(value):
        try:
            out.append(_as_str(item, problems, f"{where}[{index}]"))
        except _FieldError as exc:
            problems.append(f"{exc} (item dropped)")
    return tuple(out)


def _as_obj_tuple(value: Any, problems: list[str], where: str) -> tuple[Mapping[str, Any], ...]:
    if not isinstance(value, list):
        raise _FieldError(f"{where}: expected a list, got {type(value).__name__}")
    out: list[Mapping[str, Any]] = []
    for index, item in enumerate(value):
        if isinstance(item, dict):
            out.append(item)
        else:
            problems.append(f"{where}[{index}]: not an object (item dropped)")
    return tuple(out)


def _nested_tuple(cls: type[Message]) -> _Coercer:
    def coerce(value: Any, problems: list[str], where: str) -> tuple[Message, ...]:
        if not isinstance(value, list):
            raise _FieldError(f"{where}: expected a list, got {type(value).__name__}")
        out: list[Message] = []
        for index, item in enumerate(value):
            # Items of Calls/Conferences often omit the login their container carries.
            result = _decode_as(cls, item, f"{where}[{index}]", relaxed=("login",))
            problems.extend(result.problems)
            if isinstance(result.message, Message):
                out.append(result.message)
            else:
                problems.append(f"{result.error} (item dropped)")
        return tuple(out)

    return coerce


def _identity(value: Any) -> Any:
    return value


def _encode_nested(value: Any) -> Any:
    return [to_wire(item) for item in value]


def _encode_seq(value: Any) -> Any:
    return list(value)


def _encode_map(value: Any) -> Any:
    return dict(value)


def _coercer_for(annotation: Any, owner: type[Message]) -> tuple[_Coercer, Callable[[Any], Any]]:
    """Pick the coercer and encoder for a resolved field annotation."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(args) != 1:
            raise TypeError(f"{owner.__name__}: unsupported union {annotation!r}")
        return _coercer_for(args[0], owner)
    if annotation is str:
        return _as_str, _identity
    if annotation is bool:
        return _as_bool, _identity
    if annotation is float:
        return _as_float, _identity
    if annotation is int:
        return _as_int, _identity
    if origin in (Mapping, dict):
        _key, val = typing.get_args(annotation)
        if val is str:
            return _as_str_map, _encode_map
        return _as_obj, _encode_map
    if origin is tuple:
        item = typing.get_args(annotation)[0]
        if item is str:
            return _as_str_tuple, _encode_seq
        if isinstance(item, type) and issubclass(item, Message):
            return _nested_tuple(item), _encode_nested
        return _as_obj_tuple, _encode_seq
    raise TypeError(f"{owner.__name__}: unsupported field type {annotation!r}")


def _build_spec(cls: type[Message]) -> _MessageSpec:
    hints = typing.get_type_hints(cls, globalns=_resolution_namespace(cls))
    specs: list[_FieldSpec] = []
    known = {"name"}
    for f in dataclasses.fields(cls):
        wire_name = f.metadata.get("wire", f.name)
        aliases = tuple(f.metadata.get("aliases", ()))
        coerce, enc = _coercer_for(hints[f.name], cls)
        specs.append(
            _FieldSpec(
                attr=f.name,
                wire=wire_name,
                names=(wire_name, *aliases),
                required=bool(f.metadata.get("required", False)),
                coerce=coerce,
                encode=enc,
            )
        )
        known.update((wire_name, *aliases))
    return _MessageSpec(cls=cls, fields=tuple(specs), known=frozenset(known))


def _resolution_namespace(cls: type[Message]) -> dict[str, Any]:
    import sys

    namespace: dict[str, Any] = dict(vars(sys.modules[__name__]))
    namespace.update(vars(sys.modules[cls.__module__]))
    namespace.update({c.__name__: c for c in cls.REGISTRY.classes()})
    namespace[cls.__name__] = cls
    return namespace


# --------------------------------------------------------------------------- decode / encode


def _decode_as(
    cls: type[Message], obj: Any, where: str, relaxed: tuple[str, ...] = ()
) -> DecodeResult:
    if not isinstance(obj, dict):
        return DecodeResult(None, error=f"{where}: not a JSON object")
    spec = _spec(cls)
    problems: list[str] = []
    values: dict[str, Any] = {}
    missing: list[str] = []
    for fs in spec.fields:
        if fs.attr == "rid":  # one reading of rid for correlation and for the message
            if "rid" in obj:
                values["rid"] = _rid_of(obj)
                if values["rid"] is None and obj["rid"] is not None:
                    problems.append(f"{where}.rid: {obj['rid']!r:.40} is not a usable rid")
            continue
        raw = _MISSING
        for spelling in fs.names:
            if spelling in obj:
                raw = obj[spelling]
                if spelling != fs.wire:
                    problems.append(f"{where}.{spelling}: alternative spelling of {fs.wire}")
                break
        if raw is _MISSING or raw is None:
            if fs.required and fs.wire not in relaxed:
                missing.append(fs.wire)
            continue
        try:
            values[fs.attr] = fs.coerce(raw, problems, f"{where}.{fs.wire}")
        except _FieldError as exc:
            if fs.required:
                return DecodeResult(None, tuple(problems), error=str(exc), rid=_rid_of(obj))
            problems.append(f"{exc} (ignored)")
    if missing:
        error = f"{where}: missing required field(s) {', '.join(missing)}"
        return DecodeResult(None, tuple(problems), error=error, rid=_rid_of(obj))
    unknown = [key for key in obj if key not in spec.known]
    if unknown:
        problems.append(f"{where}: unknown field(s) {', '.join(sorted(unknown))} ignored")
    return DecodeResult(cls(**values), tuple(problems), rid=values.get("rid"))


_MISSING = object()


def _rid_of(obj: Mapping[str, Any]) -> str | None:
    """The frame's rid as text; booleans, objects and lists are no rid at all."""
    rid = obj.get("rid")
    if isinstance(rid, bool) or not isinstance(rid, str | int | float):
        return None
    try:
        return _as_str(rid, [], "rid")
    except _FieldError:
        return None


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(value: Any) -> Any:
    """``value`` with every lone surrogate (pairs are already joined) replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    return value


def to_wire(msg: Message) -> dict[str, Any]:
    """The JSON object for a message, with its heading spelling and without absent fields."""
    spec = _spec(type(msg))
    out: dict[str, Any] = {}
    if msg.rid is not None:
        out["rid"] = msg.rid
    out["name"] = msg.NAME
    for fs in spec.fields:
        if fs.attr == "rid":
            continue
        value = getattr(msg, fs.attr)
        if value is None:
            continue
        out[fs.wire] = fs.encode(value)
    return out


def encode(msg: Message) -> str:
    """Serialise a message to the JSON text of one frame."""
    return json.dumps(to_wire(msg), ensure_ascii=False, separators=(",", ":"))
