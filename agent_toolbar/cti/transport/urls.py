"""Addresses for logs and the status area."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

__all__ = ["cleartext_to_remote", "is_loopback", "safe_url"]


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or address, IPv6 with or without brackets) is this machine."""
    text = host.strip().strip("[]").rstrip(".").lower()
    if text == "localhost" or text.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


def cleartext_to_remote(url: str) -> bool:
    """Whether ``url`` is unencrypted (``http://``, ``ws://``) and leaves this machine.

    Credentials are never sent that way: a password over such a link is readable by anyone
    on the network path.
    """
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "ws") and not is_loopback(parts.hostname or "")


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
