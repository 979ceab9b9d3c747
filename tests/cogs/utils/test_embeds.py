"""Digest rendering: how a quote's speaker is shown."""

from __future__ import annotations

from briefings.digest.daily import StoryQuote
from cogs.utils.embeds import story_quote


def test_a_story_quote_marks_an_organisation() -> None:
    org = StoryQuote("Harbour Ministry", "The pier reopens in May.", "indirect", 3, None, True)
    person = StoryQuote("Nora Vance", "The boats are ready.", "indirect", 3, None)
    assert "**Harbour Ministry** (organisation)" in story_quote(org)
    assert "(organisation)" not in story_quote(person)
