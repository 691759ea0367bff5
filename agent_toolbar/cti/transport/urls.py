"""Addresses for logs and the status area."""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["safe_url"]


def safe_url(url: str) -> str:
    """The URL without user info or query (which may hold tokens), for logs and the UI.

    Never raises: an address that cannot be parsed (a port out of range, an unclosed ``[``)
    is shown as written, without anything before an ``@`` and cut short; the connection
    reports the problem itself.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        scheme, sep, rest = url.partition("://")
        rest = rest.rpartition("@")[2] if "@" in rest.split("/", 1)[0] else rest
        rest = rest.split("?", 1)[0]
        return f"{scheme}{sep}{rest}"[:200]
    return f"{parts.scheme}://{host}{port}{parts.path}"
