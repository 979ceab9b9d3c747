"""Synchronous entry points: one article, pre-split sentences, or many documents."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from briefings.boilerplate import clean_sentences
from briefings.summarize.batch import Batch
from briefings.summarize.methods import resolve, select_noted
from briefings.text import DEFAULT_LANGUAGE, Sentence, split_sentences


@dataclass(frozen=True, slots=True)
class Document:
    """An article to summarize: its text and, when known, its headline."""

    text: str
    title: str | None = None


class HasText(Protocol):
    """Anything with a text (read-only is enough: frozen records qualify)."""

    @property
    def text(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Pick:
    """One chosen sentence, traceable to its source.

    `doc` indexes the `docs` given to `summarize_many`, `index` is the sentence's
    position in that document, `start`/`end` its character offsets in the
    document's text, `score` the method's own score (higher is better; sumy's
    methods only rank, so theirs is 1.0) and `rank` the order it was chosen in.
    """

    text: str
    doc: int
    index: int
    start: int
    end: int
    score: float
    rank: int


@dataclass(frozen=True, slots=True)
class Summary:
    """The picks of `summarize_many_noted`, and notes for the reader: e.g. that the method
    read only the first sentences of a text too long for it."""

    picks: list[Pick]
    notes: list[str] = field(default_factory=list)


def _check_k(k: int) -> int:
    if isinstance(k, bool) or not isinstance(k, int):
        raise TypeError(f"sentences must be an int, got {type(k).__name__}")
    if k < 0:
        raise ValueError(f"sentences must be >= 0, got {k}")
    return k


def _unique(
    docs: Sequence[Sequence[str]], titles: Sequence[str | None] | None = None
) -> tuple[list[list[str]], list[list[int]]]:
    """Drop empty and repeated sentences (case and spacing folded), first occurrence wins,
    and, before any method sees them, page furniture (`briefings.boilerplate`: credits,
    bylines, reprint notices, "Read more" lists, ...), copies of the document's own
    headline and lines that do not end as a sentence does (headlines, subheadings,
    captions): a brief that repeats its title or quotes a credit line tells the reader
    nothing. A document left with nothing keeps its unfinished lines; a lone document
    that is all furniture keeps that rather than answer with an empty brief.

    Returns the kept sentences per document and, for each, its original index.
    """
    heads = list(titles) if titles is not None else [None] * len(docs)
    seen: set[str] = set()
    kept: list[list[str]] = []
    origin: list[list[int]] = []
    for sents, title in zip(docs, heads, strict=True):
        keys = [" ".join(s.casefold().split()) for s in sents]
        fresh = [i for i, key in enumerate(keys) if key and key not in seen]
        fine = set(clean_sentences(sents, title))
        where = [i for i in fresh if i in fine]
        if not where:
            fine = set(clean_sentences(sents, title, finished=False))
            where = [i for i in fresh if i in fine]
        if not where and len(docs) == 1:
            where = fresh
        unique: list[int] = []
        for i in where:
            if keys[i] not in seen:
                seen.add(keys[i])
                unique.append(i)
        kept.append([sents[i] for i in unique])
        origin.append(unique)
    return kept, origin


def _choose(
    docs: Sequence[Sequence[str]],
    titles: Sequence[str | None],
    k: int,
    method: str | None,
    language: str,
) -> tuple[list[tuple[int, int, float]], list[str]]:
    """(document, original sentence index, score) of the picks, best first; and notes."""
    name = resolve(method)
    kept, origin = _unique(docs, titles)
    batch = Batch.build(kept, titles)
    picks, notes = select_noted(name, batch, k, language)
    chosen = [(int(batch.doc[i]), origin[batch.doc[i]][batch.pos[i]], score) for i, score in picks]
    return chosen, notes


def summarize_sentences(
    sentences: Sequence[str],
    k: int = 3,
    method: str | None = None,
    title: str | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> list[int]:
    """Indices of the k sentences to keep, ascending, for text the caller already split."""
    _check_k(k)
    chosen, _ = _choose([list(sentences)], [title], k, method, language)
    return sorted(i for _, i, _ in chosen)


def summarize(
    text: str,
    sentences: int = 3,
    method: str | None = None,
    title: str | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> list[str]:
    """The `sentences` best sentences of `text`, in document order (fewer if it is short)."""
    _check_k(sentences)
    resolve(method)
    split = split_sentences(text, language)
    keep = summarize_sentences([s.text for s in split], sentences, method, title, language)
    return [split[i].text for i in keep]


def _as_document(doc: str | HasText) -> Document:
    if isinstance(doc, Document):
        return doc
    if isinstance(doc, str):
        return Document(doc)
    text = getattr(doc, "text", None)
    if not isinstance(text, str):
        raise TypeError(f"documents must be str or have a str .text, got {type(doc).__name__}")
    title = getattr(doc, "title", None)
    return Document(text, title if isinstance(title, str) else None)


def summarize_many(
    docs: Iterable[str | HasText],
    sentences: int = 5,
    method: str | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> list[Pick]:
    """A brief of several documents (a story cluster or a day of news), in document order.

    `docs` may be strings or objects with `.text` and optional `.title`. With the
    default method, sentences that repeat one already chosen (the same story from
    another outlet) are skipped and sources take turns. Sort by `rank` for the
    order of importance.
    """
    return summarize_many_noted(docs, sentences, method, language).picks


def summarize_many_noted(
    docs: Iterable[str | HasText],
    sentences: int = 5,
    method: str | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> Summary:
    """`summarize_many`, with the notes a reader should see next to the brief."""
    _check_k(sentences)
    resolve(method)
    documents = [_as_document(d) for d in docs]
    split: list[list[Sentence]] = [split_sentences(d.text, language) for d in documents]
    chosen, notes = _choose(
        [[s.text for s in ss] for ss in split],
        [d.title for d in documents],
        sentences,
        method,
        language,
    )
    picks = []
    for rank, (d, i, score) in enumerate(chosen):
        s = split[d][i]
        picks.append(Pick(s.text, d, i, s.start, s.end, score, rank))
    return Summary(sorted(picks, key=lambda p: (p.doc, p.index)), notes)
