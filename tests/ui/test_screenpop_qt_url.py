"""Issue 11 item 3: Qt's strict parser accepts what the check passes, and reads it the same."""

from __future__ import annotations

from agent_toolbar.qt import QUrl
from agent_toolbar.screenpop.safety import UrlPolicy, check_url
from agent_toolbar.screenpop.template import CallData, Template

POLICY = UrlPolicy.of(["https"], ["crm.example.test"])


def test_a_template_with_literal_braces_opens_in_qt_as_checked() -> None:
    template = Template("https://crm.example.test/q?filter={{<{caller}>}}&t=`x`|^#{{frag}}")
    rendered = template.render(CallData(params={"caller": "79001234567"}))
    assert rendered.url is not None
    verdict = check_url(rendered.url, POLICY)
    assert verdict.ok, verdict.reason
    qurl = QUrl(verdict.url, QUrl.ParsingMode.StrictMode)
    assert qurl.isValid(), qurl.errorString()
    assert qurl.toString(QUrl.ComponentFormattingOption.FullyEncoded) == verdict.url
