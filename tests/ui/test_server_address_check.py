"""The server address check follows the chosen phone system's own schemes."""

from __future__ import annotations

import pytest

from agent_toolbar.ui.settings.settings_checks import problems


@pytest.mark.parametrize(
    ("backend", "url", "ok"),
    [
        ("naumen", "wss://cti.example.com:8443", True),
        ("naumen", "http://cti.example.com:8098", False),
        ("vega", "wss://pbx.example.ua/ws", True),
        ("webhook", "wss://gateway.example.com/toolbar", True),
        ("oktell", "http://oktell.example.com:4055", True),
        ("oktell", "https://oktell.example.com:4055", True),
        ("oktell", "oktell.example.com", True),  # a bare host: http:// on the Web-API's port
        ("oktell", "oktell.example.com:80", True),
        ("oktell", "ws://oktell.example.com:4055", False),
        ("oktell", "http://oktell.example.com:99999", False),
    ],
)
def test_the_address_is_checked_against_the_systems_schemes(
    qapp: object, backend: str, url: str, ok: bool
) -> None:
    found = problems({"cti/backend": backend, "cti/url": url})
    assert ("cti/url" not in found) is ok, found.get("cti/url")


def test_a_refusal_names_the_systems_schemes(qapp: object) -> None:
    assert "http://" in problems({"cti/backend": "oktell", "cti/url": "ftp://x"})["cti/url"]
    assert "wss://" in problems({"cti/backend": "naumen", "cti/url": "ftp://x"})["cti/url"]
