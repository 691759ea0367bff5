"""The admin's catalogue of call results: parsing, problems, search."""

from __future__ import annotations

from agent_toolbar.cti.dispositions import Catalogue, Disposition, fold

TEXT = """
# call results of the support line
CRR_DISCONNECT = Разъединение
SALE = Продажа оформлена
CALLBACK_LATER
SALE = again
bad code = x
= no code
ЗАЯВКА_ЁЛКА = Заявка на ёлку
"""


def test_parse_keeps_order_and_reports_problems() -> None:
    catalogue = Catalogue.parse(TEXT)
    assert [d.code for d in catalogue] == [
        "CRR_DISCONNECT",
        "SALE",
        "CALLBACK_LATER",
        "ЗАЯВКА_ЁЛКА",
    ]
    assert catalogue.get("CALLBACK_LATER") == Disposition("CALLBACK_LATER", "CALLBACK_LATER")
    assert catalogue.label("SALE") == "Продажа оформлена"
    assert catalogue.label("UNKNOWN") == "UNKNOWN"
    assert len(catalogue.problems) == 3
    assert catalogue.problems[0].startswith("line 6: SALE is listed twice")
    assert "line 7" in catalogue.problems[1] and "line 8" in catalogue.problems[2]
    assert len(catalogue) == 4 and catalogue
    assert not Catalogue.parse("") and not Catalogue.parse(["# only a comment"])


def test_search_by_code_or_label_words_case_and_yo_folded() -> None:
    catalogue = Catalogue.parse(TEXT)
    codes = lambda query: [d.code for d in catalogue.search(query)]  # noqa: E731
    assert codes("") == codes("   ") == [d.code for d in catalogue]
    assert codes("разъед") == ["CRR_DISCONNECT"]
    assert codes("crr disc") == ["CRR_DISCONNECT"]
    assert codes("ПРОДАЖА") == ["SALE"]
    assert codes("елку") == ["ЗАЯВКА_ЁЛКА"]
    assert codes("callback later") == ["CALLBACK_LATER"]
    assert codes("продажа разъединение") == []
    assert fold("  Ёлка   Зелёная ") == "елка зеленая"
