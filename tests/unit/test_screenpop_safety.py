"""The safety check over a table of hostile addresses, and what it lets through."""

from __future__ import annotations

import logging

import pytest

from agent_toolbar.screenpop.safety import UrlPolicy, check_url, log_refusal, normalise_host

CRM = UrlPolicy.of(["https", "http"], ["crm.example.com"])
HTTPS_ONLY = UrlPolicy.of(["https"], ["crm.example.com"])
ANY_HOST = UrlPolicy.of(["https", "http"], [])

HOSTILE: list[tuple[str, UrlPolicy, str]] = [
    ("javascript:alert(1)", ANY_HOST, "never allowed"),
    ("JaVaScRiPt:alert(document.cookie)", ANY_HOST, "never allowed"),
    ("vbscript:msgbox(1)", ANY_HOST, "never allowed"),
    ("data:text/html,<script>alert(1)</script>", ANY_HOST, "never allowed"),
    ("data:text/html;base64,PHNjcmlwdD4=", ANY_HOST, "never allowed"),
    ("file:///etc/passwd", ANY_HOST, "never allowed"),
    ("FILE://server/share/x.exe", ANY_HOST, "never allowed"),
    ("blob:https://crm.example.com/uuid", ANY_HOST, "never allowed"),
    ("about:blank", ANY_HOST, "never allowed"),
    ("smb://host/share", ANY_HOST, "not allowed"),
    ("ms-settings:", ANY_HOST, "not allowed"),
    ("ms-msdt:/id PCWDiagnostic", ANY_HOST, "whitespace"),
    ("search-ms:query=x", ANY_HOST, "not allowed"),
    ("ftp://crm.example.com/", ANY_HOST, "not allowed"),
    ("crm-handler://crm.example.com/open", ANY_HOST, "not allowed"),
    ("//evil.com", ANY_HOST, "no scheme"),
    ("/relative/path", ANY_HOST, "no scheme"),
    ("crm.example.com/card", ANY_HOST, "no scheme"),
    ("", ANY_HOST, "empty"),
    ("https:evil.com", ANY_HOST, "no host"),
    ("https:///evil.com", ANY_HOST, "no host"),
    ("https://", ANY_HOST, "not a valid name"),
    ("https://crm.example.com@evil.com/", CRM, "user information"),
    ("https://crm.example.com:443@evil.com/", CRM, "user information"),
    ("https://user:pass@crm.example.com/", CRM, "user information"),
    ("https://crm.example.com%40evil.com/", CRM, "not a valid name"),
    ("https://evil.com\\@crm.example.com", CRM, "backslash"),
    ("https:\\\\evil.com", ANY_HOST, "backslash"),
    ("https://crm.example.com.evil.com/", CRM, "not in the allowed list"),
    ("https://evilcrm.example.com/", CRM, "not in the allowed list"),
    ("https://example.com/", CRM, "not in the allowed list"),
    ("https://evil.com/?crm.example.com", CRM, "not in the allowed list"),
    ("https://evil.com#@crm.example.com", CRM, "not in the allowed list"),
    ("https://crm.exаmple.com/", CRM, "not in the allowed list"),  # Cyrillic а
    ("https://сrm.example.com/", CRM, "not in the allowed list"),  # Cyrillic с
    ("https://crm.example.com\u3002evil.com/", CRM, "not in the allowed list"),  # 。
    ("https://crm.example.com/ path", CRM, "whitespace"),
    (" https://crm.example.com/", CRM, "whitespace"),
    ("https://crm.example.com/\r\nSet-Cookie:x", CRM, "whitespace"),
    ("https://crm.example.com/\tx", CRM, "whitespace"),
    ("java\nscript:alert(1)", ANY_HOST, "whitespace"),
    ("https://crm.example.com/\x00", CRM, "control character"),
    ("https://crm.example.com/\u202egnp.exe", CRM, "control character"),  # RTL override
    ("https://crm.example.com\u200b/", CRM, "control character"),  # zero-width space
    ("https://crm.example.com/\u00a0", CRM, "whitespace"),
    ("http://crm.example.com/card", HTTPS_ONLY, "http: scheme is not allowed"),
    ("https://crm.example.com:99999/", CRM, "cannot be parsed"),
    ("https://crm.example.com:abc/", CRM, "cannot be parsed"),
    ("https://[::1/", ANY_HOST, "cannot be parsed"),
    ("https://0x7f.1/", ANY_HOST, "not a valid name"),
    ("https://127.1/", ANY_HOST, "not a valid name"),
    ("https://-evil.com/", ANY_HOST, "not a valid name"),
    ("https://" + "a" * 9000 + ".com/", ANY_HOST, "longer than"),
]


@pytest.mark.parametrize(("url", "policy", "reason"), HOSTILE)
def test_hostile_address_is_refused(url: str, policy: UrlPolicy, reason: str) -> None:
    verdict = check_url(url, policy)
    assert not verdict.ok
    assert verdict.url == ""
    assert reason in verdict.reason


def test_the_table_is_big_enough() -> None:
    assert len(HOSTILE) >= 25


@pytest.mark.parametrize(
    ("url", "opened"),
    [
        (
            "https://crm.example.com/card?phone=%2B7&sid=1",
            "https://crm.example.com/card?phone=%2B7&sid=1",
        ),
        ("HTTPS://CRM.EXAMPLE.COM/Card", "https://crm.example.com/Card"),
        ("https://Crm.Example.Com:443/", "https://crm.example.com:443/"),
        ("http://crm.example.com/", "http://crm.example.com/"),
        ("https://crm.example.com./x", "https://crm.example.com/x"),
        ("https://ｃｒｍ.example.com/", "https://crm.example.com/"),  # fullwidth letters fold
        (
            "https://crm.example.com/клиент?q=Иван",
            "https://crm.example.com/%D0%BA%D0%BB%D0%B8%D0%B5%D0%BD%D1%82?q=%D0%98%D0%B2%D0%B0%D0%BD",
        ),
        ("https://crm.example.com#/card/1", "https://crm.example.com#/card/1"),
    ],
)
def test_allowed_address_is_opened_as_checked(url: str, opened: str) -> None:
    verdict = check_url(url, CRM)
    assert verdict.ok, verdict.reason
    assert verdict.url == opened
    assert verdict.host == "crm.example.com"


def test_any_host_when_the_list_is_empty() -> None:
    assert check_url("https://anything.example.org/x", ANY_HOST).ok
    assert check_url("http://10.0.0.5:8080/x", ANY_HOST).url == "http://10.0.0.5:8080/x"
    assert check_url("https://[2001:db8::1]/x", ANY_HOST).host == "[2001:db8::1]"


def test_wildcard_hosts() -> None:
    policy = UrlPolicy.of(["https"], ["*.crm.example.com"])
    assert check_url("https://a.crm.example.com/", policy).ok
    assert check_url("https://b.a.CRM.example.com/", policy).ok
    assert not check_url("https://crm.example.com/", policy).ok
    assert not check_url("https://evilcrm.example.com/", policy).ok
    assert not check_url("https://a.crm.example.com.evil.com/", policy).ok


def test_host_entry_with_port() -> None:
    policy = UrlPolicy.of(["https"], ["crm.example.com:8443"])
    assert check_url("https://crm.example.com:8443/", policy).ok
    assert not check_url("https://crm.example.com/", policy).ok
    assert not check_url("https://crm.example.com:9443/", policy).ok


def test_idn_hosts_are_normalised_on_both_sides() -> None:
    policy = UrlPolicy.of(["https"], ["CRM.Пример.РФ"])
    verdict = check_url("https://crm.пример.рф/card", policy)
    assert verdict.ok
    assert verdict.url == "https://crm.xn--e1afmkfd.xn--p1ai/card"
    assert check_url("https://crm.xn--e1afmkfd.xn--p1ai/", policy).ok
    assert normalise_host("пример.рф") == "xn--e1afmkfd.xn--p1ai"


def test_never_schemes_cannot_be_configured() -> None:
    policy = UrlPolicy.of(["https", "javascript", "FILE:"], [])
    assert policy.schemes == frozenset({"https"})
    assert not check_url("javascript:alert(1)", policy).ok


def test_configured_custom_scheme_with_host() -> None:
    policy = UrlPolicy.of(["https", "crm"], ["crm.example.com"])
    assert check_url("crm://crm.example.com/open?id=1", policy).ok


def test_refusal_log_has_no_query(caplog: pytest.LogCaptureFixture) -> None:
    verdict = check_url("https://evil.com/card?phone=%2B79161234567&name=Ivanov", CRM)
    with caplog.at_level(logging.WARNING):
        log_refusal(verdict, "the CRM address of call c1")
    assert "https://evil.com" in caplog.text
    assert "not in the allowed list" in caplog.text
    assert "79161234567" not in caplog.text
    assert "Ivanov" not in caplog.text
