"""Odd input never crashes and never produces runaway quotations."""

from __future__ import annotations

import pytest

from briefings.quotes import extract_quotes


@pytest.mark.parametrize("text", ["", "   ", "\n\n\n", "“", "”", '"', "''", "said", "“,” he said."])
def test_degenerate_input(text: str) -> None:
    for q in extract_quotes(text):
        assert 0 <= q.start <= q.end <= len(text)


def test_unclosed_quote_is_capped_at_its_paragraph() -> None:
    text = (
        "Mayor Jane Ortiz spoke on Monday. “We will rebuild the bridge, she said.\n\n"
        + "The council met again on Tuesday and approved the budget. " * 20
        + "\n\nCouncilman Tom Reed said the vote was close."
    )
    quotes = extract_quotes(text)
    first_break = text.index("\n\n")
    for q in quotes:
        # nothing spans the long middle paragraph
        assert not (q.start < first_break < q.end)
    assert any(q.speaker == "Tom Reed" and q.text == "the vote was close" for q in quotes)


def test_stray_closing_mark_does_not_hide_later_quotes() -> None:
    text = 'He left early.” The mayor, Jane Ortiz, said: "We are done here."'
    quotes = extract_quotes(text)
    assert [(q.speaker, q.text) for q in quotes] == [("Jane Ortiz", "We are done here.")]


def test_quote_opened_twice_is_cut_at_the_sentence_end() -> None:
    text = "“We are ready. Jane Ortiz said. “We leave at dawn,” she added."
    quotes = extract_quotes(text)
    assert any(q.text == "We leave at dawn" and q.speaker == "Jane Ortiz" for q in quotes)


def test_huge_unbalanced_text_is_bounded() -> None:
    text = "“" + "word " * 20000
    assert extract_quotes(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Der Kanzler sagte am Freitag: „Wir schaffen das.“ Die Opposition widersprach.",
        "Президент заявил, что «переговоры продолжатся».",
        "北京时间周五，发言人表示：“我们坚决反对。”",
        "Le ministre a déclaré : « Nous sommes prêts. »",
        'مرحبا بالعالم "نص" قال',
    ],
)
def test_non_english_text_does_not_crash(text: str) -> None:
    for q in extract_quotes(text):
        assert text[q.start : q.end]


def test_offsets_always_valid_on_mixed_markup() -> None:
    text = (
        "Sen. Ann Lee (D-Ore.) said, ‘We won’t back down,’ and left.\n"
        "“A,” he said. “B\n“C” ''D'' ``E'' «F» „G“\n"
        "according to , said , told: “”"
    )
    for q in extract_quotes(text):
        assert 0 <= q.start < q.end <= len(text)
        for s, e in q.spans:
            assert q.start <= s < e <= q.end


def test_deterministic() -> None:
    text = "“We will win,” said Ann Lee. Tom Reed said the race was close. She said no."
    assert extract_quotes(text) == extract_quotes(text)
