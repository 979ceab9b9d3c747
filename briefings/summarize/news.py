"""The project's default summarizer for news ("news"): an inverted pyramid, cleaned up.

Why this shape: news is written lead first, and on CNN/DailyMail no centrality
method (sumy's LexRank/TextRank/LSA/..., PacSum-style directed centrality, or a
sentence scorer trained on other news sets) beats simply taking the first
sentences (see docs/summaries.md for the measurements). What does beat it is the
lead with its failures removed:

* sentences that cannot stand alone in a brief are demoted: questions, fragments
  under eight words, page furniture ("Scroll down for video", "Read more");
* a sentence that repeats one already chosen is skipped (cosine over TF-IDF);
* a little position-aware (PacSum-style forward) centrality and, when there is
  one, similarity to the title break near-ties inside the lead.

For several documents (a cluster or a day of news) the same per-document score is
combined with cross-document salience (how much of a sentence other outlets also
report), then picked greedily with maximal-marginal-relevance redundancy removal and
a per-source penalty, so the sources take turns and no story is told twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from briefings.summarize.batch import WINDOW, Batch, Geometry
from briefings.summarize.vectors import word_count

# Lines that are page furniture rather than news, in the languages we ingest most.
_BOILERPLATE_RE = re.compile(
    r"scroll down for|click here|read more|sign up|follow us|subscribe to|watch the video"
    r"|for video|all rights reserved|copyright ©|share this|weiterlesen|lire aussi",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class NewsParams:
    """Weights of the news score, in units of 'one sentence further down the article'."""

    min_words: int = 8  # shorter sentences are fragments, datelines, captions
    demote: float = 100.0  # pushes unfit sentences below every fit one
    forward: float = 0.5  # PacSum-style forward centrality (z-score within the document)
    title: float = 2.0  # cosine with the title, when a title is given
    redundancy: float = 0.5  # skip a sentence this similar (cosine) to a chosen one
    salience: float = 2.0  # cross-document salience (z-score over the batch), clusters only
    per_source: float = 0.5  # penalty per sentence already taken from the same document


DEFAULT_PARAMS = NewsParams()


def unfit(sentences: list[str], min_words: int) -> np.ndarray:
    """True for sentences a brief should not lead with: questions, fragments, furniture."""
    out = np.zeros(len(sentences), dtype=bool)
    for i, s in enumerate(sentences):
        text = s.rstrip()
        out[i] = (
            text.endswith(("?", "？"))
            or word_count(text) < min_words
            or _BOILERPLATE_RE.search(text) is not None
        )
    return out


def _zscore_by_group(values: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    count = np.maximum(np.bincount(group, minlength=n_groups), 1)
    mean = np.bincount(group, weights=values, minlength=n_groups) / count
    var = np.bincount(group, weights=values**2, minlength=n_groups) / count - mean**2
    std = np.sqrt(np.maximum(var, 0.0))
    scaled: np.ndarray = (values - mean[group]) / np.where(std > 1e-9, std, 1.0)[group]
    return scaled


def document_scores(batch: Batch, geo: Geometry, params: NewsParams = DEFAULT_PARAMS) -> np.ndarray:
    """Score of every sentence for a brief of its own document; higher is better."""
    n = len(batch.sentences)
    r, c, s = geo.sim_row, geo.sim_col, geo.sim_val
    later = c > r
    others = np.maximum(np.minimum(batch.size, WINDOW) - 1, 1).astype(np.float64)
    forward = np.bincount(r[later], weights=s[later], minlength=n) / others
    score = -batch.pos.astype(np.float64)
    score += params.forward * _zscore_by_group(forward, batch.doc, batch.n_docs)
    score += params.title * geo.title_sim
    score -= params.demote * unfit(batch.sentences, params.min_words)
    return score


def salience(batch: Batch, geo: Geometry) -> np.ndarray:
    """Mean cosine of each sentence with the other documents' centroids.

    Linear in the number of sentences: the sum over other documents is the sum over
    all documents minus the sentence's own, so no sentence pair is ever formed.
    """
    if batch.n_docs < 2:
        return np.zeros(len(batch.sentences))
    member = sp.csr_matrix(
        (np.ones(len(batch.doc)), (batch.doc, np.arange(len(batch.doc)))),
        shape=(batch.n_docs, len(batch.doc)),
    )
    sums = member @ geo.shared
    norms = np.sqrt(np.asarray(sums.multiply(sums).sum(axis=1)).ravel())
    inv = sp.diags(1.0 / np.where(norms > 0, norms, 1.0))
    total = np.asarray((inv @ sums).sum(axis=0)).ravel()
    to_all = geo.shared @ total
    # The own-document term in the offset vocabulary, where documents cannot meet.
    own = inv @ (member @ geo.rows)
    to_own = np.asarray((geo.rows @ own.T).sum(axis=1)).ravel()
    mean_to_others: np.ndarray = (to_all - to_own) / (batch.n_docs - 1)
    return mean_to_others


def select(
    batch: Batch, geo: Geometry, k: int, params: NewsParams = DEFAULT_PARAMS
) -> list[tuple[int, float]]:
    """Up to k (sentence, score) pairs of the batch, best first."""
    n = len(batch.sentences)
    if n == 0 or k <= 0:
        return []
    score = document_scores(batch, geo, params)
    if batch.n_docs > 1:
        score += params.salience * _zscore_by_group(
            salience(batch, geo), np.zeros(n, dtype=np.int64), 1
        )
    # Only the best few sentences of each document can win: bound the candidates,
    # and widen to every sentence only when the bounded set runs out.
    per_doc = max(3, -(-2 * k // batch.n_docs))
    order = np.lexsort((batch.pos, -score, batch.doc))
    doc_sorted = batch.doc[order]
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - np.searchsorted(doc_sorted, doc_sorted, side="left")
    picks: list[tuple[int, float]] = []
    skipped: list[int] = []
    for cand in (np.flatnonzero(rank < per_doc), np.flatnonzero(rank >= per_doc)):
        if len(picks) >= k or len(cand) == 0:
            continue
        _greedy(batch, geo, score, cand, k, params, picks, skipped)
    # Everything left is redundant with a pick: use it rather than return fewer
    # sentences than asked for (a short article asked for many sentences).
    for i in sorted(skipped, key=lambda i: (-score[i], batch.pos[i])):
        if len(picks) >= k:
            break
        picks.append((i, float(score[i])))
    return picks


def _greedy(
    batch: Batch,
    geo: Geometry,
    score: np.ndarray,
    cand: np.ndarray,
    k: int,
    params: NewsParams,
    picks: list[tuple[int, float]],
    skipped: list[int],
) -> None:
    """Maximal marginal relevance over `cand`, appending to `picks` and `skipped`."""
    vectors = geo.shared[cand]
    chosen = [i for i, _ in picks]
    if chosen:
        max_sim = (vectors @ geo.shared[chosen].T).max(axis=1).toarray().ravel()
    else:
        max_sim = np.zeros(len(cand))
    taken_from = np.bincount(batch.doc[chosen], minlength=batch.n_docs).astype(np.float64)
    base = score[cand]
    alive = np.ones(len(cand), dtype=bool)
    while len(picks) < k and alive.any():
        adjusted = base - params.per_source * taken_from[batch.doc[cand]]
        adjusted[~alive] = -np.inf
        j = int(np.argmax(adjusted))
        alive[j] = False
        i = int(cand[j])
        if picks and max_sim[j] > params.redundancy:
            skipped.append(i)
            continue
        picks.append((i, float(score[i])))
        taken_from[batch.doc[i]] += 1
        max_sim = np.maximum(max_sim, (vectors @ vectors[j].T).toarray().ravel())
