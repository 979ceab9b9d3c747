"""Sentence terms and sparse count matrices: the raw material of the TF-IDF rows.

Terms are folded, stopword-free and stemmed, cached per distinct word so a day of
news costs one dictionary lookup per token. Everything downstream (centrality,
title similarity, redundancy checks) is a sparse product over rows built from
these counts (see batch.py), never a Python loop over sentence pairs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from briefings.text import DEFAULT_LANGUAGE, fold, words

# Ideographic and syllabic scripts write words without spaces: a run of such
# characters is one `\w+` token, so it is cut into overlapping character pairs.
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")

# fmt: off
_SNOWBALL = {
    "arabic", "danish", "dutch", "english", "finnish", "french", "german", "hungarian",
    "italian", "norwegian", "portuguese", "romanian", "russian", "spanish", "swedish",
}
# fmt: on


@lru_cache(maxsize=32)
def stop_words(language: str = DEFAULT_LANGUAGE) -> frozenset[str]:
    """sumy's stopword list for `language` (folded), or an empty set when it has none."""
    from sumy.utils import get_stop_words

    try:
        return frozenset(fold(w) for w in get_stop_words(language))
    except LookupError:
        return frozenset()


@lru_cache(maxsize=32)
def stemmer(language: str = DEFAULT_LANGUAGE) -> Callable[[str], str]:
    """A Snowball stemmer (offline, part of NLTK's code), identity when there is none."""
    if language not in _SNOWBALL:
        return _identity
    from nltk.stem.snowball import SnowballStemmer

    stem: Callable[[str], str] = SnowballStemmer(language).stem
    return stem


def _identity(word: str) -> str:
    return word


def terms(text: str, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """Content terms of `text`: folded, stopwords dropped, stemmed; CJK runs as bigrams."""
    to_term = _term_function(language)
    out: list[str] = []
    for raw in words(text):
        t = to_term(raw)
        if t is None:
            continue
        if isinstance(t, str):
            out.append(t)
        else:
            out.extend(t)
    return out


def word_count(text: str) -> int:
    """Words in `text`, counting a run of CJK characters as one word per two characters."""
    if not _CJK_RE.search(text):
        return len(words(text))
    n = 0
    for w in words(text):
        n += (len(w) + 1) // 2 if _CJK_RE.search(w) else 1
    return n


@lru_cache(maxsize=32)
def _term_function(language: str) -> Callable[[str], str | tuple[str, ...] | None]:
    stops = stop_words(language)
    stem = stemmer(language)

    @lru_cache(maxsize=500_000)
    def to_term(raw: str) -> str | tuple[str, ...] | None:
        w = raw.lower() if raw.isascii() else fold(raw)
        if _CJK_RE.search(w):
            return w if len(w) == 1 else tuple(w[i : i + 2] for i in range(len(w) - 1))
        if w in stops or (len(w) < 2 and not w.isdigit()):
            return None
        return stem(w)

    return to_term


def term_matrix(
    token_lists: Sequence[Sequence[str]], vocab: dict[str, int] | None = None
) -> tuple[sp.csr_matrix, dict[str, int]]:
    """Raw term counts, one row per token list; `vocab` is extended in place and returned."""
    vocab = {} if vocab is None else vocab
    cols: list[int] = []
    lengths = np.zeros(len(token_lists), dtype=np.int64)
    for i, toks in enumerate(token_lists):
        lengths[i] = len(toks)
        for t in toks:
            j = vocab.get(t)
            if j is None:
                j = vocab[t] = len(vocab)
            cols.append(j)
    rows = np.repeat(np.arange(len(token_lists)), lengths)
    data = np.ones(len(cols), dtype=np.float64)
    shape = (len(token_lists), max(len(vocab), 1))
    counts = sp.csr_matrix((data, (rows, np.asarray(cols, dtype=np.int64))), shape=shape)
    counts.sum_duplicates()
    return counts, vocab


def normalize_rows(x: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ x)
