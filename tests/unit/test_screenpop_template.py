"""Template rendering: every value percent-encoded, missing values handled, errors reported."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from agent_toolbar.screenpop.template import CallData, Template, TemplateError

CARD = "https://crm.example.com/card?phone={caller}&sid={sessionId}"


def data(**params: str) -> CallData:
    return CallData(cid="c1", login="ivanova", display_name="Иван", params=params)


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        ("+79161234567", "%2B79161234567"),
        ("Иванов Иван", "%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%20%D0%98%D0%B2%D0%B0%D0%BD"),
        ("a b", "a%20b"),
        ("a&admin=1", "a%26admin%3D1"),
        ("x#frag", "x%23frag"),
        ("../../etc/passwd", "..%2F..%2Fetc%2Fpasswd"),
        ("q?x=1", "q%3Fx%3D1"),
        ("100%", "100%25"),
        ("@evil.com", "%40evil.com"),
        ("a\nb", "a%0Ab"),
    ],
)
def test_every_value_is_percent_encoded(value: str, encoded: str) -> None:
    rendered = Template(CARD).render(data(caller=value, sessionId="s-1"))
    assert rendered.url == f"https://crm.example.com/card?phone={encoded}&sid=s-1"


def test_hostile_values_cannot_change_the_structure() -> None:
    hostile = "1&sid=forged#/x?y=/@evil.com\\"
    url = Template(CARD).render(data(caller=hostile, sessionId="real")).url
    assert url is not None
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path, parts.fragment) == (
        "https",
        "crm.example.com",
        "/card",
        "",
    )
    assert parse_qs(parts.query) == {"phone": [hostile], "sid": ["real"]}


def test_all_field_kinds() -> None:
    template = Template(
        "https://h/{cid}/{login}/{displayName}/{direction}/{called}/{number}"
        "?p={params.ProjectId}&l={localParams.Note}&k={params.ключ.с.точками}"
    )
    call = CallData(
        cid="c1",
        login="op",
        display_name="Анна",
        direction="in",
        params={"caller": "+7900", "called": "8800", "ProjectId": "P1", "ключ.с.точками": "v"},
        local_params={"Note": "n 1"},
    )
    assert template.render(call).url == (
        "https://h/c1/op/%D0%90%D0%BD%D0%BD%D0%B0/in/8800/%2B7900?p=P1&l=n%201&k=v"
    )


def test_number_is_the_far_party() -> None:
    template = Template("https://h/?n={number}")
    params = {"caller": "100", "called": "+7900"}
    assert template.render(CallData(direction="out", params=params)).url == "https://h/?n=%2B7900"
    assert template.render(CallData(direction="in", params=params)).url == "https://h/?n=100"


def test_missing_value_blocks_by_default() -> None:
    rendered = Template(CARD).render(data(sessionId="s"))
    assert rendered.blocked
    assert rendered.missing == ("caller",)


def test_empty_value_counts_as_missing() -> None:
    rendered = Template(CARD).render(data(caller="  ", sessionId="s"))
    assert rendered.blocked
    assert rendered.missing == ("caller",)


def test_missing_value_renders_empty_when_asked() -> None:
    rendered = Template(CARD).render(data(sessionId="s"), block_missing=False)
    assert rendered.url == "https://crm.example.com/card?phone=&sid=s"
    assert rendered.missing == ("caller",)
    assert "{" not in rendered.url


def test_optional_field_never_blocks() -> None:
    template = Template("https://h/?p={caller}&o={params.OrderId?}")
    assert template.required == frozenset({"caller"})
    assert template.render(data(caller="1")).url == "https://h/?p=1&o="
    assert template.render(data(caller="1", OrderId="O 1")).url == "https://h/?p=1&o=O%201"


def test_literal_braces() -> None:
    template = Template("https://h/{{x}}?q={{{caller}}}")
    assert [f.name for f in template.fields] == ["caller"]
    assert template.render(data(caller="1")).url == "https://h/{x}?q={1}"


def test_template_without_fields() -> None:
    assert Template("https://h/static").render(CallData()).url == "https://h/static"


def test_repeated_field_reported_once() -> None:
    assert Template("https://h/{caller}/{caller}").missing(CallData()) == ("caller",)


@pytest.mark.parametrize(
    ("source", "words", "position"),
    [
        ("https://h/?p={caller", "not closed", 13),
        ("https://h/?p=caller}", "lone '}'", 19),
        ("https://h/?p={}", "empty field", 14),
        ("https://h/?p={ }", "empty field", 14),
        ("https://h/?p={phone}", "unknown field 'phone'", 14),
        ("https://h/?p={Caller}", "did you mean 'caller'", 14),
        ("https://h/?p={params.}", "needs a key", 14),
        ("https://h/?p={params.a b}", "needs a key", 14),
        ("https://h/?p={crm.x}", "params.KEY or localParams.KEY", 14),
        ("https://h/?p={cal{ler}", "not closed", 13),
    ],
)
def test_syntax_errors_are_reported_clearly(source: str, words: str, position: int) -> None:
    with pytest.raises(TemplateError) as caught:
        Template(source)
    assert words in str(caught.value)
    assert caught.value.position == position
    assert f"at character {position + 1}" in str(caught.value)
