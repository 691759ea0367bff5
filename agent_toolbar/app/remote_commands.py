"""Commands to the running toolbar: the wire format, number checks and the sending side.

``agent-toolbar tel:+79161234567``, ``agent-toolbar --dial NUMBER`` and ``agent-toolbar
--command answer|hangup|hold|mute|ready|not-ready`` do not start a second toolbar: they
send one request over the single-instance channel (:mod:`agent_toolbar.app.single_instance`,
which admits the same OS user only) and exit with a status that says what happened
(:class:`Status`). The running toolbar answers with one line (:mod:`agent_toolbar.app.
remote_control` does the work).

Wire format (one JSON object per line, UTF-8, at most :data:`MAX_LINE` bytes)::

    → {"v": 1, "op": "dial", "number": "+79161234567"}
    → {"v": 1, "op": "command", "name": "hold"}
    ← {"v": 1, "status": "done" | "queued" | "refused" | "bad", "message": "..."}

A line that starts with ``{`` is a request; the older ``show`` line still means "come
forward", so an older toolbar ignores a request it does not know (the sender then says it
got no answer).

Readings made here (no specification covers them):

* ``tel:`` (RFC 3966): the visual separators ``-``, ``.``, ``(``, ``)`` and spaces are
  dropped, parameters after ``;`` (``;ext=``, ``;phone-context=``) are dropped, the number
  is percent-decoded. ``callto:`` may carry ``//`` after the colon (Skype's form).
  ``sip:``/``sips:``: a user part that looks like a phone number is dialled as that number
  (``sip:+79161234567@pbx`` → ``+79161234567``); any other is dialled as ``user@host``.
* A number is at most :data:`MAX_NUMBER` characters after tidying, of digits, ``+`` (first
  only), ``*`` and ``#``; an address of letters, digits and ``. _ - + @ :``. Control and
  format characters (incl. bidirectional overrides) are refused outright, before tidying.
* ``not-ready`` chooses the first of ``reasons/away`` unless ``--reason`` names one.
"""

from __future__ import annotations

import enum
import json
import re
import sys
import unicodedata
import urllib.parse
from dataclasses import dataclass
from typing import Any

__all__ = [
    "COMMANDS",
    "MAX_LINE",
    "MAX_NUMBER",
    "InvalidNumberError",
    "Reply",
    "Request",
    "Status",
    "decode_reply",
    "decode_request",
    "forward",
    "looks_like_link",
    "normalise_dial",
    "send",
]

#: What ``--command`` accepts.
COMMANDS = ("answer", "hangup", "hold", "mute", "ready", "not-ready")
#: The link schemes the toolbar handles (registered by packaging/linux and the Windows setup).
SCHEMES = ("tel", "callto", "sip", "sips")
#: The longest request or reply line, in bytes.
MAX_LINE = 1024
#: The longest number or address dialled, in characters after tidying.
MAX_NUMBER = 64
#: The longest raw input looked at (a link with parameters may be longer than the number).
MAX_RAW = 512
#: How long the sender waits for the toolbar's answer by default, seconds.
REPLY_TIMEOUT = 30.0
PROTOCOL = 1

_SEPARATORS = re.compile(r"[\s\-.()\u00a0]")
_NUMBER = re.compile(r"^\+?[0-9*#]+$")
_ADDRESS = re.compile(r"^[A-Za-z0-9._\-+@:*#]+$")


class Status(enum.IntEnum):
    """Exit status of a forwarding start (also what the toolbar answered)."""

    DONE = 0  #: the toolbar did it (or queued it, for a state change during a call)
    REFUSED = 1  #: the toolbar could not do it now (the reason is printed)
    BAD_INPUT = 2  #: a bad command line or number (the reason is printed)
    NOT_RUNNING = 3  #: no toolbar runs for this user
    NO_ANSWER = 4  #: a toolbar is there but did not answer in time (or is too old)
    DENIED = 5  #: the channel refused us (it belongs to another user)


class InvalidNumberError(ValueError):
    """A number or link that cannot be dialled; ``str()`` says why."""


def _check_characters(text: str) -> None:
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
            raise InvalidNumberError(f"it contains a control character (U+{ord(char):04X})")


def looks_like_link(text: str) -> bool:
    """Whether ``text`` is a ``tel:``/``callto:``/``sip:`` link (what a browser hands over)."""
    scheme, sep, _rest = text.partition(":")
    return bool(sep) and scheme.lower() in SCHEMES


def _from_link(text: str) -> str:
    scheme, _sep, rest = text.partition(":")
    scheme = scheme.lower()
    rest = urllib.parse.unquote(rest)
    _check_characters(rest)  # percent-encoding must not smuggle control characters in
    if scheme == "callto":
        rest = rest.removeprefix("//")
    if scheme in ("sip", "sips"):
        rest = rest.split(";", 1)[0].split("?", 1)[0]
        user, at, _host = rest.partition("@")
        tidy = _SEPARATORS.sub("", user)
        if at and _NUMBER.match(tidy):
            return tidy
        return rest
    return rest.split(";", 1)[0].split("?", 1)[0]


def normalise_dial(text: str) -> str:
    """The number or address to call for ``text`` (a number or a link).

    Raises:
        InvalidNumberError: With the reason, for empty, too long, control characters or
            characters no number or address has.
    """
    if len(text) > MAX_RAW:
        raise InvalidNumberError(f"it is longer than {MAX_RAW} characters")
    _check_characters(text)
    value = text.strip()
    if looks_like_link(value):
        value = _from_link(value).strip()
    if not value:
        raise InvalidNumberError("there is no number in it")
    tidy = _SEPARATORS.sub("", value)
    if _NUMBER.match(tidy):
        value = tidy
    elif not _ADDRESS.match(value):
        raise InvalidNumberError("it is neither a phone number nor an address")
    if len(value) > MAX_NUMBER:
        raise InvalidNumberError(f"it is longer than {MAX_NUMBER} characters")
    return value


@dataclass(frozen=True, slots=True)
class Request:
    """One request to the running toolbar.

    Attributes:
        op: ``dial`` or ``command``.
        value: The number (already normalised) or the command name.
        reason: For ``not-ready``: the reason code (empty: the first configured one).
    """

    op: str
    value: str
    reason: str = ""

    def encode(self) -> bytes:
        """The request as one line."""
        body: dict[str, Any] = {"v": PROTOCOL, "op": self.op}
        body["number" if self.op == "dial" else "name"] = self.value
        if self.reason:
            body["reason"] = self.reason
        return _line(body)


@dataclass(frozen=True, slots=True)
class Reply:
    """The toolbar's answer: ``status`` (done, queued, refused, bad) and a message."""

    status: str
    message: str = ""

    @property
    def exit_status(self) -> Status:
        """What the forwarding start exits with."""
        if self.status in ("done", "queued"):
            return Status.DONE
        return Status.BAD_INPUT if self.status == "bad" else Status.REFUSED

    def encode(self) -> bytes:
        """The reply as one line."""
        return _line({"v": PROTOCOL, "status": self.status, "message": self.message})


def _line(body: dict[str, Any]) -> bytes:
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(data) >= MAX_LINE:
        raise ValueError("request too long")
    return data + b"\n"


def _object(line: bytes) -> dict[str, Any]:
    if len(line) > MAX_LINE:
        raise ValueError(f"longer than {MAX_LINE} bytes")
    body = json.loads(line.decode("utf-8"))
    if not isinstance(body, dict):
        raise ValueError("not an object")
    if body.get("v") != PROTOCOL:
        raise ValueError(f"protocol version {body.get('v')!r} is not {PROTOCOL}")
    return body


def decode_request(line: bytes) -> Request:
    """Parse and check a request line (the number is checked again here).

    Raises:
        ValueError: With the reason (:class:`InvalidNumberError` for a bad number).
    """
    body = _object(line)
    op = body.get("op")
    if op == "dial":
        number = body.get("number")
        if not isinstance(number, str):
            raise ValueError("dial needs a number")
        return Request("dial", normalise_dial(number))
    if op == "command":
        name = body.get("name")
        if name not in COMMANDS:
            raise ValueError(f"unknown command {str(name)[:20]!r}")
        reason = body.get("reason", "")
        if not isinstance(reason, str) or len(reason) > MAX_NUMBER:
            raise ValueError("bad reason")
        _check_characters(reason)
        return Request("command", str(name), reason)
    raise ValueError(f"unknown request {str(op)[:20]!r}")


def decode_reply(line: bytes) -> Reply:
    """Parse a reply line.

    Raises:
        ValueError: When it is not a reply.
    """
    body = _object(line)
    status, message = body.get("status"), body.get("message", "")
    if status not in ("done", "queued", "refused", "bad") or not isinstance(message, str):
        raise ValueError("not a reply")
    return Reply(str(status), message)


_REFUSED = "the toolbar's channel refused access (another user's?)"
_CLOSED = "the running toolbar closed the channel unanswered"
_NOT_RUNNING = "agent-toolbar is not running for this user"
_NO_ANSWER = "agent-toolbar did not answer in time"


def send(
    request: Request, name: str | None = None, timeout: float = REPLY_TIMEOUT
) -> tuple[Status, str]:
    """Send ``request`` to the running toolbar and wait for its answer.

    Needs no display and no QApplication: on Unix the channel is a Unix-domain stream socket
    (what ``QLocalServer`` listens on), spoken to with Python's :mod:`socket`, so no Qt
    object is made; on Windows a blocking ``QLocalSocket`` opens the named pipe. Returns
    the exit status and a line to print.
    """
    from agent_toolbar.app.single_instance import server_name

    try:
        target = name or server_name()
    except PermissionError:  # the runtime directory is another user's
        return Status.DENIED, _REFUSED
    if not target:  # no private place for the channel exists for this user
        return Status.NOT_RUNNING, "agent-toolbar has no channel for this user (see its log)"
    if sys.platform == "win32":
        return _send_pipe(target, request.encode(), timeout)
    return _send_unix(target, request.encode(), timeout)


def _answer(buffer: bytes) -> tuple[Status, str]:
    try:
        reply = decode_reply(buffer.split(b"\n", 1)[0])
    except ValueError as exc:
        return Status.NO_ANSWER, f"agent-toolbar answered something else: {exc}"
    return reply.exit_status, reply.message


def _send_unix(path: str, data: bytes, timeout: float) -> tuple[Status, str]:
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as channel:
        channel.settimeout(min(timeout, 5.0))
        try:
            channel.connect(path)
        except PermissionError:
            return Status.DENIED, _REFUSED
        except (FileNotFoundError, ConnectionRefusedError):
            return Status.NOT_RUNNING, _NOT_RUNNING
        except OSError as exc:
            return Status.NOT_RUNNING, f"cannot reach agent-toolbar: {exc.strerror or exc}"
        channel.settimeout(timeout)
        buffer = b""
        try:
            channel.sendall(data)
            while b"\n" not in buffer and len(buffer) <= MAX_LINE:
                chunk = channel.recv(MAX_LINE + 1)
                if not chunk:
                    return Status.DENIED, _CLOSED
                buffer += chunk
        except TimeoutError:
            return Status.NO_ANSWER, _NO_ANSWER
        except (ConnectionResetError, BrokenPipeError):
            return Status.DENIED, _CLOSED
    return _answer(buffer)


def _send_pipe(name: str, data: bytes, timeout: float) -> tuple[Status, str]:
    from agent_toolbar.qt import QtNetwork

    pipe = QtNetwork.QLocalSocket()
    pipe.connectToServer(name)
    errors = QtNetwork.QLocalSocket.LocalSocketError
    if not pipe.waitForConnected(int(min(timeout, 5.0) * 1000)):
        error = pipe.error()
        if error is errors.SocketAccessError:
            return Status.DENIED, _REFUSED
        if error in (errors.ServerNotFoundError, errors.ConnectionRefusedError):
            return Status.NOT_RUNNING, _NOT_RUNNING
        return Status.NOT_RUNNING, f"cannot reach agent-toolbar: {pipe.errorString()}"
    try:
        pipe.write(data)
        pipe.waitForBytesWritten(int(timeout * 1000))
        buffer = b""
        while b"\n" not in buffer and len(buffer) <= MAX_LINE:
            if pipe.bytesAvailable() == 0 and not pipe.waitForReadyRead(int(timeout * 1000)):
                if pipe.state() is QtNetwork.QLocalSocket.LocalSocketState.UnconnectedState:
                    return Status.DENIED, _CLOSED
                return Status.NO_ANSWER, _NO_ANSWER
            buffer += bytes(pipe.readAll().data())
        return _answer(buffer)
    finally:
        pipe.abort()


def forward(dial: str | None, command: str | None, reason: str = "") -> int:
    """Send ``--dial``/a link or ``--command`` to the running toolbar; print what happened.

    Returns:
        The exit status (:class:`Status`).
    """
    request = (
        Request("dial", dial) if dial is not None else Request("command", str(command), reason)
    )
    status, message = send(request)
    stream = sys.stdout if status is Status.DONE else sys.stderr
    print(f"agent-toolbar: {message or status.name}", file=stream)
    return int(status)
