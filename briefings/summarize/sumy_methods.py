"""sumy's summarizers, run offline on sentences we have already split.

sumy normally parses text itself and calls NLTK data that would be downloaded at
run time. Here the document model is built directly from our sentences (one
paragraph per source document, its title as a heading), words come from the
offline `SumyTokenizer`, and the chosen sentences are mapped back to their
positions by object identity, so duplicate sentence texts cannot be confused.

sumy's methods are pure Python and all but one grow faster than the text: LexRank,
TextRank and reduction compare every pair of sentences, LSA fills a dense
words-by-sentences matrix cell by cell, SumBasic and KL-Sum rank every sentence by
rescanning the rest (KL-Sum is cubic), and Luhn looks every word up in a tuple. So
each method reads at most `LIMITS[name]` sentences (and `WORDS_PER_SENTENCE` words per
sentence on average): the first ones, or the lead of each document of a batch, and
`readable` says so, for the brief to tell its reader. A sentence longer than
`MAX_SENTENCE_WORDS` words (a fused caption, text without punctuation) is judged on its
first words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from briefings.summarize.batch import Batch
from briefings.text import DEFAULT_LANGUAGE, SumyTokenizer, words

SUMY_METHODS: tuple[str, ...] = (
    "lexrank",
    "textrank",
    "lsa",
    "luhn",
    "edmundson",
    "kl",
    "sumbasic",
    "reduction",
)

# How the methods are named to people (in a brief's notes).
LABELS: dict[str, str] = {
    "lexrank": "LexRank",
    "textrank": "TextRank",
    "lsa": "LSA",
    "luhn": "Luhn",
    "edmundson": "Edmundson",
    "kl": "KL-Sum",
    "sumbasic": "SumBasic",
    "reduction": "Reduction",
}

# The most sentences each method reads: about 3 to 5 seconds of work each, measured on
# CNN/DailyMail sentences (24 words on average) on 2 shared cores. At the limit: LexRank
# 4.4 s, TextRank 3.1 s, LSA 2-4.6 s, reduction about 4 s, KL-Sum 2.7 s, SumBasic 3.0 s,
# Luhn 4.5 s, Edmundson 4.5 s. Past it the cost runs away: LexRank took 6-10 s on 1,000
# sentences, reduction 8.3 s, KL-Sum 26 s on 250 and 166 s on 500.
LIMITS: dict[str, int] = {
    "lexrank": 600,
    "textrank": 1_000,
    "lsa": 500,
    "reduction": 700,
    "kl": 120,
    "sumbasic": 1_500,
    "luhn": 2_000,
    "edmundson": 4_000,
}
WORDS_PER_SENTENCE = 30  # word budget per allowed sentence: long sentences count for more
MAX_SENTENCE_WORDS = 100  # a longer sentence is judged on its first this-many words

# Edmundson's cue method rewards "bonus" words and punishes "stigma" words. These
# are news cues: reporting and outcome verbs versus hedges and page furniture.
# fmt: off
BONUS_WORDS: frozenset[str] = frozenset(
    (
        "announced", "announces", "confirmed", "confirms", "said", "says", "reported", "reports",
        "found", "revealed", "killed", "died", "arrested", "charged", "won", "lost", "agreed",
        "approved", "rejected", "launched", "warned", "according", "official", "officials",
        "police", "government", "president", "minister", "court", "first", "new", "major",
        "important", "significant", "key", "million", "billion", "percent",
    )
)
STIGMA_WORDS: frozenset[str] = frozenset(
    (
        "perhaps", "maybe", "hardly", "possibly", "apparently", "somewhat", "arguably", "click",
        "subscribe", "scroll", "advertisement", "photo", "pictured", "video", "read", "follow",
        "share",
    )
)
# fmt: on


def _stemmer(language: str) -> Callable[[str], str]:
    from sumy.nlp.stemmers import Stemmer, null_stemmer

    stem: Callable[[str], str]
    try:
        stem = Stemmer(language)
        stem("probe")  # Polish and Greek need packages we do not install: ValueError here
    except (LookupError, ValueError):
        stem = null_stemmer
    return stem


@lru_cache(maxsize=16)
def _stop_words(language: str) -> frozenset[str]:
    from sumy.utils import get_stop_words

    try:
        return frozenset(get_stop_words(language))
    except LookupError:
        return frozenset()


def _summarizer(name: str, language: str, null_words: frozenset[str]) -> Any:
    from sumy.summarizers.edmundson import EdmundsonSummarizer
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.reduction import ReductionSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    classes = {
        "lexrank": LexRankSummarizer,
        "textrank": TextRankSummarizer,
        "lsa": LsaSummarizer,
        "luhn": LuhnSummarizer,
        "edmundson": EdmundsonSummarizer,
        "kl": KLSummarizer,
        "sumbasic": SumBasicSummarizer,
        "reduction": ReductionSummarizer,
    }
    summarizer = classes[name](_stemmer(language))
    if name == "edmundson":
        summarizer.bonus_words = BONUS_WORDS
        summarizer.stigma_words = STIGMA_WORDS
        summarizer.null_words = null_words
    else:
        summarizer.stop_words = null_words
    return summarizer


def _null_words(batch: Batch, language: str) -> frozenset[str]:
    """Stop words, or for a language without a list (the language-neutral fallback), the
    document's most frequent words: in any language those are its function words."""
    stops = _stop_words(language)
    if stops:
        return stops
    counts = Counter(w.lower() for s in batch.sentences for w in words(s))
    return frozenset(w for w, _ in counts.most_common(20)) or frozenset({"the"})


@dataclass(frozen=True, slots=True)
class Reading:
    """What a method reads of a batch too long for it: `keep`, indices into the batch in
    batch order (the lead of each document), and the note that says so."""

    keep: np.ndarray
    note: str


def readable(name: str, batch: Batch) -> Reading | None:
    """The part of `batch` method `name` may read, or None when it may read all of it.

    Sentences are taken by position, first sentences of every document first, until
    `LIMITS[name]` sentences or their word budget is reached (at least one sentence).
    """
    limit = LIMITS.get(name)
    n = len(batch.sentences)
    if limit is None or n <= 1:
        return None
    # Position first, then document: every document's lead before anyone's second sentence.
    order = np.lexsort((batch.doc, batch.pos))[: limit + 1]
    lengths = [min(len(words(batch.sentences[i])), MAX_SENTENCE_WORDS) for i in order]
    fit = int(np.searchsorted(np.cumsum(lengths), limit * WORDS_PER_SENTENCE, side="right"))
    take = max(1, min(limit, fit))
    if take >= n:
        return None
    keep = np.sort(order[:take])
    note = f"{LABELS.get(name, name)} read only the first {take:,} of {n:,} sentences"
    if batch.n_docs > 1:
        note += " (the lead of each article)"
    return Reading(keep, note)


def _clipped(sentence: str) -> str:
    """The sentence, or its first `MAX_SENTENCE_WORDS` words when it is longer."""
    found = words(sentence)
    return sentence if len(found) <= MAX_SENTENCE_WORDS else " ".join(found[:MAX_SENTENCE_WORDS])


def select(
    name: str, batch: Batch, k: int, language: str = DEFAULT_LANGUAGE
) -> list[tuple[int, float]]:
    """Up to k (sentence, score) pairs chosen by sumy's `name`; score is 1.0 (sumy ranks only).

    Reads all of `batch`: callers bound it first with `readable` (`methods.select` does).
    """
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    if not batch.sentences or k <= 0:
        return []
    tokenizer = SumyTokenizer(language)
    objects = [Sentence(_clipped(s), tokenizer) for s in batch.sentences]
    index_of = {id(o): i for i, o in enumerate(objects)}
    members_of: list[list[Any]] = [[] for _ in range(batch.n_docs)]
    for obj, d in zip(objects, batch.doc.tolist(), strict=True):
        members_of[d].append(obj)
    paragraphs = []
    for members, title in zip(members_of, batch.titles, strict=True):
        heading = [Sentence(title, tokenizer, is_heading=True)] if title else []
        if members:
            paragraphs.append(Paragraph(heading + members))
    document = ObjectDocumentModel(paragraphs)
    summarizer = _summarizer(name, language, _null_words(batch, language))
    chosen = summarizer(document, min(k, len(objects)))
    return [(index_of[id(s)], 1.0) for s in chosen if id(s) in index_of]
