"""Grouping articles into stories: several outlets reporting one event are one story.

Articles are compared by the TF-IDF vectors of their title and opening
paragraph; pairs above a cosine threshold are joined (single linkage through
union-find), which is all a day of news needs and runs as one sparse product.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from briefings.languages import summary_language
from briefings.models import Article
from briefings.summarize.vectors import normalize_rows, stop_words, term_matrix, terms
from briefings.text import words

LEAD_CHARS = 600
SAME_STORY = 0.3


# Without a stop list, a language's function words are told apart by length: in every
# alphabetic script they are overwhelmingly words of one to three letters ("и", "на",
# "что", "og", "det", "się", "nie"), while the words two reports of one story share are
# longer (names, places, nouns). Language-neutral, so it cannot merge stories.
NEUTRAL_MIN_TERM = 4


def story_terms(texts: list[str], languages: list[str | None]) -> list[list[str]]:
    """Each text's terms with its own language's stop words and stemmer (kept small here
    on purpose: the grouping itself may change), so two articles never look alike only
    because they share another language's function words; for a language without a stop
    list, the short words are dropped instead (`NEUTRAL_MIN_TERM`)."""
    out = []
    for text, code in zip(texts, languages, strict=True):
        name = summary_language([code])
        if not stop_words(name):  # judged on the words as written: stems are shorter
            text = " ".join(w for w in words(text) if len(w) >= NEUTRAL_MIN_TERM or _keeps_short(w))
        out.append(terms(text, name))
    return out


def _keeps_short(term: str) -> bool:
    """Numbers and ideographic bigrams are content however short."""
    return term.isdigit() or ord(term[0]) >= 0x2E80


def article_vectors(texts: list[str], languages: list[str | None] | None = None) -> sp.csr_matrix:
    """Unit-length TF-IDF rows (sublinear TF, smoothed IDF over these texts)."""
    counts, _ = term_matrix(story_terms(texts, languages or [None] * len(texts)))
    x = counts.astype(np.float64)
    x.data = 1.0 + np.log(x.data)
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log((1.0 + len(texts)) / (1.0 + df)) + 1.0
    return normalize_rows(sp.csr_matrix(x @ sp.diags(idf)))


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def group_stories(articles: list[Article], threshold: float = SAME_STORY) -> list[list[int]]:
    """Indices of `articles` grouped by story; biggest stories first, then newest."""
    n = len(articles)
    if n == 0:
        return []
    texts = [f"{a.title}\n{a.title}\n{a.text[:LEAD_CHARS]}" for a in articles]
    vecs = article_vectors(texts, [a.language for a in articles])
    sims = (vecs @ vecs.T).tocoo()
    parent = list(range(n))
    mask = (sims.row < sims.col) & (sims.data >= threshold)
    for i, j in zip(sims.row[mask], sims.col[mask], strict=True):
        ri, rj = _find(parent, int(i)), _find(parent, int(j))
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(_find(parent, i), []).append(i)
    newest = np.array([a.when.timestamp() for a in articles])
    return sorted(groups.values(), key=lambda g: (-len(g), -float(newest[g].max()), g[0]))
