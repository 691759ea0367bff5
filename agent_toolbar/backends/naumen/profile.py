"""What a Naumen connection looks like before it exists: capabilities and the shown address.

Kept apart from :mod:`~agent_toolbar.backends.naumen.adapter` and
:mod:`~agent_toolbar.backends.naumen.client` (which re-export these names) because those import
the 75 wire messages, their codec, websockets and ssl: about 90 ms on a 2-core machine. The
app describes the connection it is about to open with what is here, draws its window, and
loads the rest afterwards (see :class:`agent_toolbar.backends.registry.DeferredBackend`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from agent_toolbar.cti.backend import ALL_FEATURES, Capabilities, Feature, PhoneKind

__all__ = ["WEBPHONE_LACKS", "naumen_capabilities", "safe_url"]

#: Commands the WebPhone lacks (the "WebPhone" column of tables 3.1–3.11).
WEBPHONE_LACKS = frozenset(
    {Feature.CONFERENCES, Feature.MUSIC_ON_HOLD, Feature.REOPEN_AUDIO, Feature.BIND_NUMBER}
)


def naumen_capabilities(phone: PhoneKind) -> Capabilities:
    """Capabilities of a Naumen SoftPhone or WebPhone."""
    features = ALL_FEATURES - WEBPHONE_LACKS if phone is PhoneKind.WEBPHONE else ALL_FEATURES
    return Capabilities(backend="naumen", phone=phone, features=frozenset(features))


def safe_url(url: str) -> str:
    """The URL without user info, for logs and the status area (never raises).

    An address that cannot be parsed (a port out of range, an unclosed ``[``) is shown as
    written, without anything before an ``@`` and cut short: the connection reports the
    problem itself.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        scheme, sep, rest = url.partition("://")
        rest = rest.rpartition("@")[2] if "@" in rest.split("/", 1)[0] else rest
        return f"{scheme}{sep}{rest}"[:200]
    return f"{parts.scheme}://{host}{port}{parts.path}"
