"""Every method by name, and the error for an unknown one."""

from __future__ import annotations

import pytest

from briefings.summarize import METHODS, resolve, summarize, summarize_many
from briefings.text import sentences
from tests.briefings.summarize.texts import ELECTION, HARBOUR, HARBOUR_TITLE


@pytest.mark.parametrize("method", METHODS)
def test_every_method_by_name(method: str) -> None:
    out = summarize(HARBOUR, 3, method, title=HARBOUR_TITLE)
    split = sentences(HARBOUR)
    assert len(out) == 3
    assert len(set(out)) == 3
    positions = [split.index(s) for s in out]
    assert positions == sorted(positions)
    assert summarize(HARBOUR, 3, method, title=HARBOUR_TITLE) == out


@pytest.mark.parametrize("method", METHODS)
def test_every_method_on_a_cluster(method: str) -> None:
    picks = summarize_many([HARBOUR, ELECTION], 4, method)
    assert len(picks) == 4
    for p in picks:
        assert p.text == [HARBOUR, ELECTION][p.doc][p.start : p.end]


def test_lead_is_the_first_sentences() -> None:
    assert summarize(HARBOUR, 2, "lead") == sentences(HARBOUR)[:2]


def test_names_are_case_insensitive() -> None:
    assert resolve("LexRank") == "lexrank"
    assert resolve(None) == "news"
    assert summarize(HARBOUR, 2, "LEAD") == summarize(HARBOUR, 2, "lead")


@pytest.mark.parametrize("bad", ["pagerank", "", "bert"])
def test_unknown_method_raises_value_error(bad: str) -> None:
    with pytest.raises(ValueError, match="unknown summarization method"):
        summarize(HARBOUR, 3, bad)
    with pytest.raises(ValueError, match="lexrank"):
        summarize_many([HARBOUR], 3, bad)


def test_unknown_method_raises_even_for_empty_text() -> None:
    with pytest.raises(ValueError):
        summarize("", 3, "nope")
