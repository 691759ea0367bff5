"""Logging: a rotating file in the platform's log directory, the console, and no secrets.

:func:`setup_logging` sends every record to ``<user log dir>/agent-toolbar.log`` (5 files of
2 MB) and to stderr. Both handlers carry a :class:`RedactingFilter`, so a password, token,
API key, ``Authorization`` header value or URL password never reaches a log line, whichever
logger (ours, websockets', keyring's) produced it. Values known to be secret at run time
(the keyring's password for the server) are registered with :func:`register_secret` and
masked wherever they appear. DTMF digits are masked earlier, at the wire (``client.py``) and
by ``Intent.describe(secure=...)``.

:func:`install_excepthook` and :func:`loop_exception_handler` log unhandled exceptions with
their traceback and hand a short summary to a reporter (the window's error banner or a tray
message) so the operator learns of it without a blocking dialog; the app keeps running.
"""

from __future__ import annotations

import asyncio
import logging
import logging.handlers
import re
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

import platformdirs

from agent_toolbar.log_limits import (
    MAX_MESSAGE,
    UNLIMITED,
    WIRE_MESSAGE,
    RepeatLimiter,
    shorten,
)
from agent_toolbar.private_files import make_private_dir, open_private, restrict

__all__ = [
    "FILE_NAME",
    "LEVELS",
    "RedactingFilter",
    "Reporter",
    "install_excepthook",
    "log_dir",
    "loop_exception_handler",
    "redact",
    "register_secret",
    "set_level",
    "setup_logging",
]

log = logging.getLogger(__name__)

FILE_NAME = "agent-toolbar.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 4  # the live file + 4 rotated ones = 5 × 2 MB
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
MASK = "***"
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

#: A reporter gets a one-line summary and the formatted traceback.
Reporter = Callable[[str, str], None]

_SECRET_WORDS = r"[\w.-]*(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey)"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Authorization: Bearer abc / 'Authorization': 'Basic abc' / authorization=abc
    (
        re.compile(r"(?i)(\b(?:proxy-)?authorization\b['\"]?\s*[:=]\s*)(['\"]?)[^'\"\r\n,;}]+"),
        rf"\1\2{MASK}",
    ),
    # a bare "Bearer <token>" / "Basic <b64>" anywhere else
    # (case as in headers; the token must look like one — a digit or symbol, or two capitals
    # — so prose such as "using basic authentication" is left alone)
    (
        re.compile(
            r"\b(Bearer|Basic)\s+"
            r"(?=[A-Za-z0-9._~+/=-]*(?:[0-9._~+/=-]|[A-Z][A-Za-z]*[A-Z]))[A-Za-z0-9._~+/=-]{6,}"
        ),
        rf"\1 {MASK}",
    ),
    # password=..., "token": "...", api_key: ..., cti/auth_secret=...
    (
        re.compile(
            rf"(?i)(\b{_SECRET_WORDS}\b['\"]?\s*[:=]\s*)"
            r"(?:(['\"])(?:\\.|(?!\2).)*\2|[^\s,;&}\])]+)"
        ),
        rf"\1{MASK}",
    ),
    # scheme://user:password@host
    (re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+):[^/\s@]+@"), rf"\1:{MASK}@"),
    # DTMF may be card data: websockets' frame log and the in-process simulator's frame log
    # show "DTMFString": "…" unmasked ({"DTMFString": …}, dtmf_string='…', escaped quotes);
    # websockets cuts long payloads in the middle (the key may be gone), so such a frame
    # loses its whole payload
    (re.compile(r"(?i)([<>] TEXT ')([^\n]*dtmf[^\n]*?)(' \[\d+ bytes\])"), rf"\1{MASK}\3"),
    (re.compile(r"(?i)(\bdtmf_?string\W{0,8})[0-9*#!A-D]+"), rf"\1{MASK}"),
)

_known_secrets: set[str] = set()
_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Mask ``value`` wherever it appears in a log record from now on."""
    if value and len(value) >= 4:
        with _lock:
            _known_secrets.add(value)


def redact(text: str) -> str:
    """``text`` with secrets replaced by ``***``."""
    with _lock:
        known = sorted(_known_secrets, key=len, reverse=True)
    for value in known:
        if value in text:
            text = text.replace(value, MASK)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(text: str) -> str:
    """``text`` without lone surrogates (U+FFFD instead): a UTF-8 log file can hold it."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _safe_repr(value: object) -> str:
    """``repr(value)``, or its type when even that fails (a Qt object already deleted …)."""
    if isinstance(value, tuple):
        return "(" + ", ".join(_safe_repr(item) for item in value) + ")"
    try:
        return repr(value)
    except Exception:
        return f"<{type(value).__name__}>"


class RedactingFilter(logging.Filter):
    """Rewrites each record so that no secret survives into any handler's output.

    The message is rendered once (``msg % args``), redacted and frozen into ``msg``; the
    traceback text and stack info are rendered and redacted the same way.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact ``record`` in place; always lets it through."""
        if getattr(record, "_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a bad format string (or an argument that cannot print itself)
            message = f"{_safe_repr(record.msg)} % {_safe_repr(record.args)}"
        limit = WIRE_MESSAGE if record.name.startswith(UNLIMITED) else MAX_MESSAGE
        record.msg = _encodable(redact(shorten(message, limit)))
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        record._redacted = True
        return True


def log_dir() -> Path:
    """The platform's per-user log directory for the app."""
    return Path(platformdirs.user_log_dir("agent-toolbar", appauthor=False))


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are created 0600 (they hold call data)."""

    def _open(self) -> Any:
        return open_private(self.baseFilename, self.mode, encoding=self.encoding)

    def doRollover(self) -> None:
        """Rotate, keeping every copy private."""
        super().doRollover()
        for index in range(1, self.backupCount + 1):
            restrict(Path(f"{self.baseFilename}.{index}"))


def setup_logging(
    level: str = "INFO",
    *,
    directory: Path | None = None,
    console: bool = True,
    wire: bool = False,
) -> Path | None:
    """Configure the root logger; return the log file (``None`` if it cannot be written).

    Args:
        level: ``DEBUG``, ``INFO``, ``WARNING`` or ``ERROR``.
        directory: Where the rotating file goes (default: :func:`log_dir`).
        console: Also log to stderr.
        wire: Log every protocol frame (``agent_toolbar.wire`` at DEBUG).
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_agent_toolbar", False):
            root.removeHandler(handler)
            handler.close()
    formatter = logging.Formatter(FORMAT)
    path: Path | None = None
    target = directory or log_dir()
    try:
        make_private_dir(target)
        path = target / FILE_NAME
        file_handler = PrivateRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
        _add(root, file_handler, formatter)
    except OSError as exc:
        path = None
        print(f"agent-toolbar: cannot write the log in {target}: {exc}", file=sys.stderr)
    if console and sys.stderr is not None:
        _add(root, logging.StreamHandler(sys.stderr), formatter)
    set_level(level, wire=wire)
    logging.captureWarnings(True)
    return path


def _add(root: logging.Logger, handler: logging.Handler, formatter: logging.Formatter) -> None:
    handler.setFormatter(formatter)
    handler.addFilter(RepeatLimiter())  # first: it reads the message template
    handler.addFilter(RedactingFilter())
    handler._agent_toolbar = True  # type: ignore[attr-defined]
    root.addHandler(handler)


def set_level(level: str, *, wire: bool = False) -> None:
    """Change the log level (and whether protocol frames are logged) while running."""
    name = level.upper() if level.upper() in LEVELS else "INFO"
    logging.getLogger().setLevel(name)
    logging.getLogger("agent_toolbar.wire").setLevel(logging.DEBUG if wire else logging.INFO)
    # websockets logs every frame at DEBUG; keep it quiet unless frames were asked for
    logging.getLogger("websockets").setLevel(logging.DEBUG if wire else logging.INFO)


def _summary(exc: BaseException | None, fallback: str) -> str:
    if exc is None:
        return redact(fallback)
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return redact(f"{type(exc).__name__}: {text}" if text else type(exc).__name__)


def _safe_report(report: Reporter, summary: str, details: str) -> None:
    try:
        report(summary, redact(details))
    except Exception:
        log.exception("could not show an error to the operator")


def install_excepthook(report: Reporter) -> Callable[[], None]:
    """Log and report exceptions reaching ``sys.excepthook`` (async Qt slots report there).

    Threads' uncaught exceptions are handled the same way. Returns a function that puts the
    previous hooks back.
    """
    previous, previous_thread = sys.excepthook, threading.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, value, tb)
            return
        log.error("unhandled exception", exc_info=(kind, value, tb))
        details = "".join(traceback.format_exception(kind, value, tb))
        _safe_report(report, _summary(value, "unhandled exception"), details)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or isinstance(args.exc_value, SystemExit):
            return
        hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook

    def restore() -> None:
        sys.excepthook = previous
        threading.excepthook = previous_thread

    return restore


def loop_exception_handler(
    report: Reporter,
) -> Callable[[asyncio.AbstractEventLoop, dict[str, Any]], None]:
    """An asyncio exception handler that logs (with traceback) and reports."""

    def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        try:
            message = str(context.get("message") or "error in the event loop")
            exc = context.get("exception")
            if isinstance(exc, BaseException):
                log.error("%s", message, exc_info=(type(exc), exc, exc.__traceback__))
                details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
                summary = _summary(exc, message)
            else:
                extra = {k: v for k, v in context.items() if k != "message"}
                log.error("%s %r", message, extra)
                details, summary = f"{message} {extra!r}", _summary(None, message)
        except Exception:  # e.g. at interpreter shutdown: never raise from the handler
            loop.default_exception_handler(context)
            return
        _safe_report(report, summary, details)

    return handler
