"""Every method reads cleaned sentences: no page furniture, no copy of the headline."""

from __future__ import annotations

import pytest

from briefings.summarize import METHODS, Document, summarize, summarize_many

TITLE = "Harbour bridge to close for two years of repairs"
TEXT = "\n".join(
    [
        "Harbour bridge to close for two years of repairs",
        "By Lena Fisk, Coastal Courier",
        "PORTVIEW (AP) — The Latest on the bridge closure (all times EDT):",
        "The city will close the harbour bridge in March for repairs expected to last two years.",
        "Engineers found corrosion in the steel cables during an inspection last autumn.",
        "Commuters will be sent to a ferry service that the council is expanding.",
        "Read more: How the bridge was built in 1931",
        "Shop owners near the bridge fear losing customers during the closure.",
        "Copyright 2024 Coastal Courier. All rights reserved.",
    ]
)
FURNITURE = {1, 2, 6, 8}


@pytest.mark.parametrize("method", METHODS)
def test_no_method_picks_furniture_or_the_headline(method: str) -> None:
    lines = TEXT.split("\n")
    out = summarize(TEXT, 4, method, title=TITLE)
    assert len(out) == 4
    assert TITLE not in out
    assert not {lines[i] for i in FURNITURE} & set(out)


def test_without_a_title_the_unfinished_headline_line_goes_too() -> None:
    out = summarize(TEXT, 2, "lead")
    assert out == [
        "The city will close the harbour bridge in March for repairs expected to last two years.",
        "Engineers found corrosion in the steel cables during an inspection last autumn.",
    ]


def test_a_text_of_unfinished_lines_still_gets_a_brief() -> None:
    text = "Bridge closes in March\nFerries to run every ten minutes\nShops fear for trade"
    assert summarize(text, 2, "lead") == text.split("\n")[:2]


def test_text_of_nothing_but_furniture_still_gets_a_brief() -> None:
    text = "Copyright 2024 Coastal Courier. All rights reserved.\nRead more: Bridges of the coast"
    out = summarize(text, 3)
    assert len(out) == 3 and all(s in text for s in out)


def test_many_documents_drop_each_ones_own_headline() -> None:
    docs = [
        Document(TEXT, TITLE),
        Document(
            "Ferry fares cut as bridge closes\n"
            "The council will halve ferry fares while the harbour bridge is shut for repairs.\n"
            "The ferry will run every ten minutes at peak times.",
            "Ferry fares cut as bridge closes",
        ),
    ]
    picks = summarize_many(docs, 6)
    texts = [p.text for p in picks]
    assert TITLE not in texts and "Ferry fares cut as bridge closes" not in texts
    for p in picks:  # offsets still point into the document's own text
        assert docs[p.doc].text[p.start : p.end] == p.text
