"""Structured logs: one JSON object per line on stderr, secrets redacted, numbers masked.

Log calls pass their data as ``extra={"fields": {...}}``; the formatter writes
``{"ts", "level", "logger", "msg", **fields}``. Three nets stand behind the code's own care:

* every secret value the gateway holds (webhook token, Basic password, toolbar tokens) is
  replaced by ``***`` in the message and in the fields;
* a ``/webhook/<token>`` path keeps only ``/webhook/***``;
* fields named like numbers (``caller``, ``called``, ``number``, ``an``, ``un``, ``dn`` …)
  and any run of 7–15 digits in the message keep their last 4 digits only; DTMF fields are
  dropped whole.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from collections.abc import Iterable
from typing import Any

from agent_toolbar.gateway.numbers import mask

__all__ = ["JsonFormatter", "Redactor", "setup"]

_PATH = re.compile(r"(/webhook/)[^\s/?\"']+")
_DIGITS = re.compile(r"(?<![\w-])\+?\d{7,15}(?![\w-])")
NUMBER_FIELDS = frozenset(
    {
        "caller",
        "called",
        "number",
        "numbers",
        "an",
        "un",
        "dn",
        "dn1",
        "dn2",
        "ext1",
        "ext2",
        "generic",
        "redirecting",
        "city",
        "target",
        "param",
    }
)
DROPPED_FIELDS = frozenset({"dtmf", "password", "token", "authorization"})


class Redactor:
    """Replaces known secrets and masks numbers in log text and fields."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def text(self, value: str) -> str:
        """``value`` without secrets, tokens in paths or long digit runs."""
        for secret in self._secrets:
            value = value.replace(secret, "***")
        value = _PATH.sub(r"\1***", value)
        return _DIGITS.sub(lambda m: mask(m.group(0)), value)

    def fields(self, fields: dict[str, Any]) -> dict[str, Any]:
        """``fields`` made safe to log."""
        out: dict[str, Any] = {}
        for key, value in fields.items():
            low = key.lower()
            if low in DROPPED_FIELDS:
                out[key] = "***"
            elif low in NUMBER_FIELDS:
                out[key] = (
                    [mask(v) for v in value] if isinstance(value, list | tuple) else mask(value)
                )
            elif isinstance(value, str):
                out[key] = self.text(value)
            else:
                out[key] = value
        return out


class JsonFormatter(logging.Formatter):
    """A record as one JSON line, redacted."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        """One line of JSON."""
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        data: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "msg": self.redactor.text(message),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            data.update(self.redactor.fields(fields))
        if record.exc_info:
            data["exc"] = self.redactor.text(self.formatException(record.exc_info))
        return json.dumps(data, ensure_ascii=False, default=str)


def setup(level: str, secrets: Iterable[str]) -> logging.Handler:
    """Send the root logger's records to stderr as redacted JSON lines; return the handler."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(Redactor(secrets)))
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_gateway", False):
            root.removeHandler(old)
    handler._gateway = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level if level in ("DEBUG", "INFO", "WARNING", "ERROR") else "INFO")
    return handler
