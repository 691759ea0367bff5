"""Addresses for logs and the status area."""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["safe_url"]


def safe_url(url: str) -> str:
    """The URL without user info or query (which may hold tokens), for logs and the UI."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"
