"""sumy's summarizers, run offline on sentences we have already split.

sumy normally parses text itself and calls NLTK data that would be downloaded at
run time. Here the document model is built directly from our sentences (one
paragraph per source document, its title as a heading), words come from the
offline `SumyTokenizer`, and the chosen sentences are mapped back to their
positions by object identity, so duplicate sentence texts cannot be confused.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import Any

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
    except LookupError:
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
        summarizer.stop_words = _stop_words(language)
    return summarizer


def _null_words(batch: Batch, language: str) -> frozenset[str]:
    """Stop words, or for a language without a list, the document's most frequent words."""
    stops = _stop_words(language)
    if stops:
        return stops
    counts = Counter(w.lower() for s in batch.sentences for w in words(s))
    return frozenset(w for w, _ in counts.most_common(20)) or frozenset({"the"})


def select(
    name: str, batch: Batch, k: int, language: str = DEFAULT_LANGUAGE
) -> list[tuple[int, float]]:
    """Up to k (sentence, score) pairs chosen by sumy's `name`; score is 1.0 (sumy ranks only)."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    if not batch.sentences or k <= 0:
        return []
    tokenizer = SumyTokenizer(language)
    objects = [Sentence(s, tokenizer) for s in batch.sentences]
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
