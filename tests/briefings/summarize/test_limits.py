"""Size limits: sumy's super-linear methods read only the lead of a long input, say so,
and return in bounded time; the default method needs no sentence-by-sentence matrix."""

from __future__ import annotations

import random
import re
import time

import pytest

from briefings.app import Briefings
from briefings.summarize import sumy_methods
from briefings.summarize.api import summarize, summarize_many, summarize_many_noted
from briefings.summarize.batch import Batch
from briefings.summarize.methods import select, select_noted
from briefings.text import split_sentences

_WORDS = (
    "the minister said officials would meet leaders of the opposition on monday to discuss "
    "plans for the economy after weeks of protests in the capital where thousands gathered "
    "outside parliament demanding reforms to wages housing taxes schools and hospitals"
)
_VOCAB = _WORDS.split()


def article(n: int, seed: int = 1, words: tuple[int, int] = (10, 22)) -> str:
    """`n` distinct sentences, one paragraph of four sentences per line."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        body = " ".join(rng.choice(_VOCAB) for _ in range(rng.randint(*words)))
        out.append(f"Report {i} says {body}.")
    return "\n".join(" ".join(out[i : i + 4]) for i in range(0, n, 4))


@pytest.mark.parametrize("name", sumy_methods.SUMY_METHODS)
def test_every_sumy_method_reads_only_the_first_sentences_and_says_so(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sumy_methods.LIMITS, name, 40)
    text = article(120)
    summary = summarize_many_noted([text], 3, name)
    assert summary.notes == [f"{sumy_methods.LABELS[name]} read only the first 40 of 120 sentences"]
    assert len(summary.picks) == 3
    assert all(p.index < 40 for p in summary.picks)
    # The plain API gives the same sentences, without the note.
    assert summarize_many([text], 3, name) == summary.picks


def test_every_method_has_a_limit_and_a_label() -> None:
    assert set(sumy_methods.LIMITS) == set(sumy_methods.SUMY_METHODS)
    assert set(sumy_methods.LABELS) == set(sumy_methods.SUMY_METHODS)


def test_within_the_limit_nothing_changes_and_nothing_is_said() -> None:
    text = article(60)
    summary = summarize_many_noted([text], 3, "lexrank")
    assert summary.notes == []
    sents = [s.text for s in split_sentences(text)]
    batch = Batch.build([sents])
    assert select("lexrank", batch, 3) == sumy_methods.select("lexrank", batch, 3)


def test_several_documents_are_read_by_their_leads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sumy_methods.LIMITS, "textrank", 30)
    docs = [article(50, seed=s) for s in (1, 2, 3)]
    summary = summarize_many_noted(docs, 6, "textrank")
    assert summary.notes == [
        "TextRank read only the first 30 of 150 sentences (the lead of each article)"
    ]
    # 30 sentences over 3 documents: the first 10 of each.
    assert all(p.index < 10 for p in summary.picks)


def test_long_sentences_use_up_the_word_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sumy_methods.LIMITS, "reduction", 100)
    # 60-word sentences against a budget of 30 words per sentence: half as many fit.
    text = article(200, words=(56, 56))
    summary = summarize_many_noted([text], 3, "reduction")
    (note,) = summary.notes
    found = re.search(r"first (\d+) of 200 sentences", note)
    assert found is not None, note
    assert 40 <= int(found.group(1)) <= 60


def test_one_enormous_sentence_is_judged_on_its_first_words() -> None:
    # 40,000 words and no full stop: TextRank compares word lists pairwise, which on the
    # whole sentence would take minutes.
    rng = random.Random(5)
    text = "Breaking " + " ".join(rng.choice(_VOCAB) for _ in range(40_000))
    t0 = time.monotonic()
    assert summarize(text, 1, "textrank") == [text]
    assert time.monotonic() - t0 < 10


def test_notes_pass_through_select_noted() -> None:
    sents = [s.text for s in split_sentences(article(sumy_methods.LIMITS["kl"] + 5))]
    picks, notes = select_noted("kl", Batch.build([sents]), 2)
    limit = sumy_methods.LIMITS["kl"]
    assert notes == [f"KL-Sum read only the first {limit} of {len(sents)} sentences"]
    assert all(i < limit for i, _ in picks)


def test_the_default_method_builds_no_sentence_by_sentence_matrix() -> None:
    """`news` on 8,000 sentences: a dense similarity matrix would be 8,000 x 8,000 floats
    (512 MB); tracemalloc (numpy reports to it) sees only a small part of that."""
    import tracemalloc

    text = article(8_000, words=(12, 30))
    summarize(text[:2000], 3)  # imports and caches outside the measurement
    tracemalloc.start()
    try:
        summary = summarize_many_noted([text], 3)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(summary.picks) == 3 and summary.notes == []
    assert peak < 8_000 * 8_000 * 8 / 4, peak


async def test_lexrank_brief_of_a_long_article_returns_in_time_with_a_note(
    app: Briefings,
) -> None:
    limit = sumy_methods.LIMITS["lexrank"]
    text = article(limit * 5)
    n = len(split_sentences(text))
    stored = await app.ingest.text(1, text, title="A very long report")
    t0 = time.monotonic()
    brief = await app.briefs.article(1, stored.article.id, method="lexrank")
    assert time.monotonic() - t0 < 60  # in full it would take several minutes
    assert brief.notes == [f"LexRank read only the first {limit:,} of {n:,} sentences"]
    assert len(brief.lines) == 3
    cut = split_sentences(stored.article.text)[limit].start
    assert all(line.end <= cut for line in brief.lines)
