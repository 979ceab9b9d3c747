"""Grouping articles into stories: several outlets reporting one event are one story.

Articles are compared by the TF-IDF vectors of their title and opening
paragraph; pairs above a cosine threshold are joined (single linkage through
union-find), which is all a day of news needs and runs as one sparse product.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from briefings.models import Article
from briefings.summarize.vectors import normalize_rows, term_matrix, terms

LEAD_CHARS = 600
SAME_STORY = 0.3


def article_vectors(texts: list[str]) -> sp.csr_matrix:
    """Unit-length TF-IDF rows (sublinear TF, smoothed IDF over these texts)."""
    counts, _ = term_matrix([terms(t) for t in texts])
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
    vecs = article_vectors(texts)
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
