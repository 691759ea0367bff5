"""What a Naumen connection looks like before it exists: phone kind, capabilities, address.

Kept apart from :mod:`~agent_toolbar.backends.naumen.adapter` and
:mod:`~agent_toolbar.backends.naumen.client` (which re-export these names) because those import
the 75 wire messages, their codec, websockets and ssl: about 90 ms on a 2-core machine. The
app describes the connection it is about to open with what is here, draws its window, and
loads the rest afterwards (see :class:`agent_toolbar.backends.registry.DeferredBackend`).
"""

from __future__ import annotations

import enum
from types import MappingProxyType

from agent_toolbar.cti.capabilities import (
    ALL_FEATURES,
    Capabilities,
    Feature,
    Refusal,
    RefusalKind,
)
from agent_toolbar.cti.transport.urls import safe_url

__all__ = ["WEBPHONE_LACKS", "PhoneKind", "naumen_capabilities", "safe_url"]


class PhoneKind(enum.StrEnum):
    """Which Naumen phone the operator uses (``cti/phone``); the WebPhone has fewer commands."""

    SOFTPHONE = "softphone"
    WEBPHONE = "webphone"


#: Commands the WebPhone lacks (the "WebPhone" column of tables 3.1–3.11).
WEBPHONE_LACKS = frozenset(
    {
        Feature.CONFERENCES,
        Feature.MUSIC_ON_HOLD,
        Feature.REOPEN_AUDIO,
        Feature.BIND_NUMBER,
        Feature.REOPEN_ROOT_PAGE,  # table 3.1
        Feature.BROADCAST,  # table 3.11
    }
)

#: Everything the CTI API has a command for (it plays no recorded announcements).
NAUMEN_FEATURES = frozenset(ALL_FEATURES - {Feature.PLAY_ANNOUNCEMENT})

_ON_WEBPHONE = Refusal(RefusalKind.DEVICE, device="WebPhone")


def naumen_capabilities(phone: PhoneKind = PhoneKind.SOFTPHONE) -> Capabilities:
    """Capabilities of a Naumen SoftPhone or WebPhone (the WebPhone says why it refuses)."""
    if phone is PhoneKind.WEBPHONE:
        return Capabilities(
            backend="naumen",
            features=frozenset(NAUMEN_FEATURES - WEBPHONE_LACKS),
            refusals=MappingProxyType(dict.fromkeys(WEBPHONE_LACKS, _ON_WEBPHONE)),
        )
    return Capabilities(backend="naumen", features=NAUMEN_FEATURES)


def phone_kind(value: object) -> PhoneKind:
    """The ``cti/phone`` setting as a :class:`PhoneKind` (SoftPhone when unknown)."""
    try:
        return PhoneKind(str(value))
    except ValueError:
        return PhoneKind.SOFTPHONE
