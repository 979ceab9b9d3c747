"""Sentences of many documents as one batch of arrays, and their TF-IDF geometry.

Every quantity the news scorer needs is an array operation over the whole batch.
Within-document similarities come from one sparse product of a matrix whose
vocabulary is offset per document, so the product is block diagonal: no pair of
sentences from different documents is compared unless a caller asks for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from briefings.summarize.vectors import normalize_rows, term_matrix, terms
from briefings.text import DEFAULT_LANGUAGE

WINDOW = 60  # sentences per document compared pairwise


@dataclass(frozen=True, slots=True)
class Batch:
    """Sentences of several documents, flattened, with the arrays that locate them."""

    sentences: list[str]
    doc: np.ndarray  # document index of each sentence
    pos: np.ndarray  # index of the sentence within its document
    size: np.ndarray  # number of sentences in the sentence's document
    titles: list[str | None]  # one per document

    @classmethod
    def build(
        cls, docs: Sequence[Sequence[str]], titles: Sequence[str | None] | None = None
    ) -> Batch:
        sizes = np.array([len(d) for d in docs], dtype=np.int64)
        doc = np.repeat(np.arange(len(docs), dtype=np.int64), sizes)
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
        pos = np.arange(int(sizes.sum()), dtype=np.int64) - np.repeat(starts[: len(docs)], sizes)
        return cls(
            sentences=[s for d in docs for s in d],
            doc=doc,
            pos=pos,
            size=sizes[doc],
            titles=list(titles) if titles is not None else [None] * len(docs),
        )

    @property
    def n_docs(self) -> int:
        return len(self.titles)


@dataclass(frozen=True, slots=True)
class Geometry:
    """Unit TF-IDF rows and within-document cosine similarities (i != j, as COO).

    Similarities are kept only among the first WINDOW sentences of each document.
    """

    rows: sp.csr_matrix  # sentences x (documents * vocabulary), vocabulary offset per doc
    shared: sp.csr_matrix  # the same weights over one shared vocabulary, for cross-doc use
    title_sim: np.ndarray  # cosine of each sentence with its document's title (0 if none)
    sim_row: np.ndarray
    sim_col: np.ndarray
    sim_val: np.ndarray


def geometry(batch: Batch, language: str = DEFAULT_LANGUAGE) -> Geometry:
    """TF-IDF with IDF per document (sentences as the 'documents'), plus similarities."""
    n = len(batch.sentences)
    counts, vocab = term_matrix([terms(s, language) for s in batch.sentences])
    tcounts, vocab = term_matrix([terms(t, language) if t else [] for t in batch.titles], vocab)
    v = max(len(vocab), 1)
    ndocs = max(batch.n_docs, 1)

    coo = counts.tocoo()
    row, col, cnt = coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data
    key = batch.doc[row] * v + col
    # Document frequency of each (document, term) pair, read back for every nonzero.
    _, inverse, df = np.unique(key, return_inverse=True, return_counts=True)
    n_in_doc = batch.size[row].astype(np.float64)
    idf = np.log((1.0 + n_in_doc) / (1.0 + df[inverse.ravel()])) + 1.0
    weight = (1.0 + np.log(cnt)) * idf
    rows = normalize_rows(sp.csr_matrix((weight, (row, key)), shape=(n, ndocs * v)))
    shared = normalize_rows(sp.csr_matrix((weight, (row, col)), shape=(n, v)))

    title_sim = np.zeros(n)
    if tcounts.nnz:
        tco = tcounts.tocoo()
        trow, tcol = tco.row.astype(np.int64), tco.col.astype(np.int64)
        titles = normalize_rows(
            sp.csr_matrix(
                (1.0 + np.log(tco.data), (trow, trow * v + tcol)), shape=(ndocs, ndocs * v)
            )
        )
        # Offset vocabularies: a sentence can only meet its own document's title.
        title_sim = np.asarray((rows @ titles.T).sum(axis=1)).ravel()

    # Pairs only among the first WINDOW sentences of each document: that is where
    # a brief comes from, and it bounds the cost of a 100,000-word document.
    window = np.flatnonzero(batch.pos < WINDOW)
    head = rows[window]
    sim = (head @ head.T).tocoo()
    off = sim.row != sim.col
    return Geometry(
        rows=rows,
        shared=shared,
        title_sim=title_sim,
        sim_row=window[sim.row[off]],
        sim_col=window[sim.col[off]],
        sim_val=sim.data[off],
    )
