"""The summarization methods by name, as the bot offers them, and their dispatch."""

from __future__ import annotations

import logging

import numpy as np

from briefings.summarize import news, sumy_methods
from briefings.summarize.batch import Batch, geometry
from briefings.text import DEFAULT_LANGUAGE

log = logging.getLogger(__name__)

DEFAULT_METHOD = "news"
METHODS: tuple[str, ...] = (DEFAULT_METHOD, "lead", *sumy_methods.SUMY_METHODS)


def resolve(method: str | None) -> str:
    """The canonical method name; None means the default. Unknown names raise ValueError."""
    if method is None:
        return DEFAULT_METHOD
    name = str(method).strip().lower().replace("-", "").replace("_", "")
    aliases = {"default": DEFAULT_METHOD, "lead3": "lead", "klsum": "kl"}
    name = aliases.get(name, name)
    if name not in METHODS:
        raise ValueError(
            f"unknown summarization method {method!r}; choose one of: {', '.join(METHODS)}"
        )
    return name


def lead(batch: Batch, k: int) -> list[tuple[int, float]]:
    """The first sentence of each document in turn, then the second, and so on."""
    order = np.lexsort((batch.doc, batch.pos))[:k]
    return [(int(i), -float(batch.pos[i])) for i in order]


def select(
    method: str | None, batch: Batch, k: int, language: str = DEFAULT_LANGUAGE
) -> list[tuple[int, float]]:
    """Up to k (sentence index in the batch, score) pairs, best first."""
    return select_noted(method, batch, k, language)[0]


def select_noted(
    method: str | None, batch: Batch, k: int, language: str = DEFAULT_LANGUAGE
) -> tuple[list[tuple[int, float]], list[str]]:
    """`select`, and notes for the reader: a sumy method given more sentences than it can
    read in reasonable time reads only the lead (`sumy_methods.readable`) and says so."""
    name = resolve(method)
    if k <= 0 or not batch.sentences:
        return [], []
    if name == "lead":
        return lead(batch, k), []
    if name == DEFAULT_METHOD:
        return news.select(batch, geometry(batch, language), k), []
    reading = sumy_methods.readable(name, batch)
    if reading is None:
        log.debug("sumy %s over %d sentences", name, len(batch.sentences))
        return sumy_methods.select(name, batch, k, language), []
    log.info("%s: %s", name, reading.note)
    picks = sumy_methods.select(name, _part(batch, reading.keep), k, language)
    return [(int(reading.keep[i]), score) for i, score in picks], [reading.note]


def _part(batch: Batch, keep: np.ndarray) -> Batch:
    """The batch of the sentences at `keep` (ascending), so that sentence j of the part
    is sentence keep[j] of `batch`: the batch is ordered by document, then position."""
    docs: list[list[str]] = [[] for _ in range(batch.n_docs)]
    for i in keep.tolist():
        docs[int(batch.doc[i])].append(batch.sentences[i])
    return Batch.build(docs, batch.titles)
