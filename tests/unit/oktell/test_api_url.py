"""The Oktell address: scheme, default port, no user info."""

from __future__ import annotations

import pytest

from agent_toolbar.backends.oktell.api import DEFAULT_PORT, normalize_url


def test_url_normalisation() -> None:
    assert DEFAULT_PORT == 4055
    assert normalize_url("oktell.local") == "http://oktell.local:4055"
    assert normalize_url("10.0.0.5:8080") == "http://10.0.0.5:8080"
    assert normalize_url("http://oktell.local") == "http://oktell.local"  # port 80
    assert normalize_url("https://oktell.local:4443/x?y") == "https://oktell.local:4443"
    assert normalize_url("http://u:p@h:4055") == "http://h:4055"
    assert normalize_url("http://[::1]:4055") == "http://[::1]:4055"


@pytest.mark.parametrize("bad", ["ws://oktell.local", "http://", "ftp://x"])
def test_bad_addresses(bad: str) -> None:
    with pytest.raises(ValueError):
        normalize_url(bad)
