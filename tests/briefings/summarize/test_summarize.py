"""Single-article behaviour of the public API (default method unless named)."""

from __future__ import annotations

import pytest

from briefings.summarize import DEFAULT_METHOD, METHODS, summarize, summarize_sentences
from briefings.text import sentences
from tests.briefings.summarize.texts import CHINESE, GERMAN, HARBOUR, HARBOUR_TITLE, RUSSIAN, STORM


def test_default_method_is_news_and_listed_first() -> None:
    assert DEFAULT_METHOD == "news"
    assert METHODS[0] == DEFAULT_METHOD
    assert {
        "lead",
        "lexrank",
        "textrank",
        "lsa",
        "luhn",
        "edmundson",
        "kl",
        "sumbasic",
        "reduction",
    } <= set(METHODS)


def test_returns_k_sentences_of_the_text_in_document_order() -> None:
    out = summarize(HARBOUR, 3)
    all_sentences = sentences(HARBOUR)
    assert len(out) == 3
    positions = [all_sentences.index(s) for s in out]
    assert positions == sorted(positions)


def test_deterministic() -> None:
    runs = {tuple(summarize(HARBOUR, 4, title=HARBOUR_TITLE)) for _ in range(5)}
    assert len(runs) == 1


def test_default_starts_with_the_lead() -> None:
    out = summarize(STORM, 2)
    assert out[0].startswith("A powerful storm swept")


def test_default_skips_questions_and_page_furniture() -> None:
    out = summarize(HARBOUR, 6)
    assert "Is this the end of the conflict?" not in out
    assert "Scroll down for video." not in out
    # The lead method, by contrast, takes them as they come.
    assert "Is this the end of the conflict?" in summarize(HARBOUR, 6, "lead")


def test_default_skips_a_sentence_that_repeats_the_lead() -> None:
    text = (
        "The central bank raised its main interest rate by half a point on Thursday.\n"
        "The central bank raised its main interest rate by half a point on Thursday morning.\n"
        "Economists had expected a smaller increase after inflation slowed in the spring.\n"
        "The governor said further rises could follow if prices keep climbing this year."
    )
    out = summarize(text, 2)
    assert out == [
        "The central bank raised its main interest rate by half a point on Thursday.",
        "Economists had expected a smaller increase after inflation slowed in the spring.",
    ]


def test_k_larger_than_the_article_returns_every_sentence() -> None:
    assert summarize(STORM, 50) == sentences(STORM)


def test_k_zero_and_empty_input() -> None:
    assert summarize(STORM, 0) == []
    assert summarize("", 3) == []
    assert summarize("   \n\n  ", 3) == []
    assert summarize_sentences([], 3) == []


def test_negative_k_is_rejected() -> None:
    with pytest.raises(ValueError):
        summarize(STORM, -1)


def test_one_sentence() -> None:
    text = "The bridge over the Ansel river reopened on Friday after repairs."
    assert summarize(text, 3) == [text]


def test_very_long_input() -> None:
    # 100,000+ words: every article sentence repeated with a counter so none is a duplicate.
    base = sentences(HARBOUR) + sentences(STORM)
    parts = []
    n = 0
    while n < 100_000:
        for s in base:
            line = f"{s[:-1]} in report {len(parts)}."
            parts.append(line)
            n += len(line.split())
    out = summarize("\n".join(parts), 5)
    assert len(out) == 5
    assert len(set(out)) == 5
    assert out[0] == parts[0]


@pytest.mark.parametrize("text", [GERMAN, RUSSIAN, CHINESE])
def test_non_english_text(text: str) -> None:
    for language in ("english", "german", "russian"):
        out = summarize(text, 2, language=language)
        assert len(out) == 2
        assert all(s in text for s in out)


def test_summarize_sentences_works_on_presplit_text() -> None:
    split = sentences(HARBOUR)
    keep = summarize_sentences(split, 3)
    assert keep == sorted(keep)
    assert [split[i] for i in keep] == summarize(HARBOUR, 3)


def test_title_pulls_a_matching_sentence_up() -> None:
    split = [
        "Officials met on Monday to review the regional transport budget for next year.",
        "A wolf was seen near the village school, prompting the council to close the playground.",
        "The meeting also covered new cycling lanes along the eastern ring road.",
        "Parents were asked to collect their children early while rangers searched the woods.",
    ]
    assert summarize_sentences(split, 1) == [0]
    assert summarize_sentences(split, 1, title="Wolf seen near village school") == [1]


def test_chinese_full_stops_end_sentences() -> None:
    out = summarize(CHINESE, 2)
    assert out == [
        "市议会周一通过了明年的新预算，结束了数月的争论。",
        "学校和幼儿园的支出将比去年增加百分之五。",
    ]
