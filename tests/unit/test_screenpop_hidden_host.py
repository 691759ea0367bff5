"""Issue 11 item 4: call data can never choose where a screen-pop goes."""

from __future__ import annotations

import pytest

from agent_toolbar.screenpop.config import ScreenPopConfig
from agent_toolbar.screenpop.preview import preview
from agent_toolbar.screenpop.template import CallData, Template, TemplateError


@pytest.mark.parametrize(
    "source",
    [
        "https://crm.example.test{params.path}",  # .evil.com extends the host
        "https://{params.host}/card",
        "https://crm.example.test:{params.port}/card",
        "{params.url}",
        "http{params.s}://crm.example.test/",
        "https://user{params.u}@crm.example.test/",
        "https://crm.example.test",  # fine, no field at all
    ],
)
def test_fields_in_the_scheme_or_host_are_refused(source: str) -> None:
    if "{" not in source:
        Template(source)
        return
    with pytest.raises(TemplateError, match="scheme or host"):
        Template(source)


@pytest.mark.parametrize(
    "source",
    [
        "https://crm.example.test/{params.path}",
        "https://crm.example.test?phone={caller}",
        "https://crm.example.test#{caller}",
        "https://crm.example.test:8443/card/{cid}",
        "https://[::1]:8443/card/{cid}",
    ],
)
def test_fields_after_the_host_are_fine(source: str) -> None:
    assert Template(source).fields


def test_the_hidden_host_cannot_be_rendered_to_evil_dot_com() -> None:
    config = ScreenPopConfig(template="https://crm.example.test{params.path}")
    assert config.problem() is not None and "host" in config.problem()  # type: ignore[operator]
    result = preview(config, CallData(params={"path": ".evil.com/x"}))
    assert result.error is not None
    assert result.opens == ()


def test_test_dialog_preview_refuses_the_call_url_without_allowed_hosts() -> None:
    config = ScreenPopConfig(template="https://crm.example.test/c?n={caller}", open_call_url=True)
    result = preview(config, CallData(params={"caller": "1", "url": "https://evil.example/"}))
    assert result.call_url is not None and not result.call_url.ok
    assert "allowed hosts" in result.call_url.reason
    assert result.opens == ("https://crm.example.test/c?n=1",)
