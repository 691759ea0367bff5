"""Small helpers shared by the reducer's modules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any, TypeVar

from agent_toolbar.cti.model import SessionState

K = TypeVar("K")
V = TypeVar("V")


def frozen(mapping: Mapping[K, V]) -> Mapping[K, V]:
    """A read-only copy of ``mapping``."""
    return MappingProxyType(dict(mapping))


def update_call(session: SessionState, cid: str, /, **changes: Any) -> SessionState:
    """``session`` with call ``cid`` changed (unchanged when there is no such call)."""
    call = session.calls.get(cid)
    if call is None:
        return session
    return replace(session, calls=frozen({**session.calls, cid: replace(call, **changes)}))
