"""Several documents: traceability, duplicates, redundancy and balance across sources."""

from __future__ import annotations

from dataclasses import dataclass

from briefings.summarize import Document, Pick, summarize_many
from tests.briefings.summarize.texts import ELECTION, ELECTION_OTHER_OUTLET, HARBOUR, STORM


@dataclass
class Row:
    """A store row: anything with .text and .title works."""

    text: str
    title: str | None = None


def test_picks_trace_back_to_their_document() -> None:
    docs = [HARBOUR, Document(STORM, "Storm hits Varnland"), Row(ELECTION)]
    texts = [HARBOUR, STORM, ELECTION]
    picks = summarize_many(docs, 6)
    assert len(picks) == 6
    for p in picks:
        assert isinstance(p, Pick)
        assert texts[p.doc][p.start : p.end] == p.text
    assert [(p.doc, p.index) for p in picks] == sorted((p.doc, p.index) for p in picks)
    assert sorted(p.rank for p in picks) == list(range(6))


def test_sources_take_turns() -> None:
    picks = summarize_many([HARBOUR, STORM, ELECTION], 3)
    assert sorted(p.doc for p in picks) == [0, 1, 2]


def test_duplicate_articles_give_no_duplicate_sentences() -> None:
    picks = summarize_many([ELECTION, STORM, ELECTION, ELECTION], 8)
    texts = [p.text for p in picks]
    assert len(texts) == len(set(texts)) == 8
    assert {p.doc for p in picks} <= {0, 1}


def test_duplicates_are_dropped_for_every_method_too() -> None:
    picks = summarize_many([STORM, STORM], 20, "lexrank")
    assert len(picks) == len({p.text for p in picks}) == 5


def test_same_story_from_two_outlets_is_told_once() -> None:
    picks = summarize_many([ELECTION, ELECTION_OTHER_OUTLET], 5)
    texts = [p.text for p in picks]
    assert len(texts) == 5
    assert sum("fifty-two percent" in t for t in texts) == 1
    assert sum("conceded" in t for t in texts) == 1
    assert {p.doc for p in picks} == {0, 1}


def test_empty_documents_and_no_documents() -> None:
    assert summarize_many([], 5) == []
    picks = summarize_many(["", STORM, "   "], 2)
    assert {p.doc for p in picks} == {1}


def test_deterministic() -> None:
    docs = [HARBOUR, STORM, ELECTION, ELECTION_OTHER_OUTLET]
    assert summarize_many(docs, 7) == summarize_many(docs, 7)
