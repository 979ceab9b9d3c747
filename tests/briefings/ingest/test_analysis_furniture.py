"""Quotes found inside page furniture are not stored as statements."""

from __future__ import annotations

from briefings.ingest.analysis import analyze
from briefings.quotes import extract_quotes

TEXT = (
    "The council voted to close the bridge on Tuesday.\n"
    "“We cannot keep patching a bridge that is falling apart,” said Maria Lopez.\n"
    "“This article is reprinted with permission,” said Tom Bell, the editor of the Ledger."
)


def test_a_quote_in_a_reprint_notice_is_dropped_and_the_story_quote_kept() -> None:
    assert {q.speaker for q in extract_quotes(TEXT)} == {"Maria Lopez", "Tom Bell"}
    kept = analyze(TEXT).quotes
    assert [q.speaker for q in kept] == ["Maria Lopez"]


def test_text_without_furniture_keeps_every_quote() -> None:
    text = TEXT.rsplit("\n", 1)[0]
    assert analyze(text).quotes == extract_quotes(text)
