"""Which addresses would carry a credential in clear text off this machine."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        ("http://oktell.example.com:4055", True),
        ("ws://cti.example.com:8098", True),
        ("https://oktell.example.com:4055", False),
        ("wss://cti.example.com", False),
        ("http://127.0.0.1:4055", False),
        ("http://[::1]:4055", False),
        ("ws://localhost:8098", False),
    ],
)
def test_cleartext_to_another_machine(url: str, refused: bool) -> None:
    from agent_toolbar.cti.transport.urls import cleartext_to_remote

    assert cleartext_to_remote(url) is refused
