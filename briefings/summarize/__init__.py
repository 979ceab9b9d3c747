"""Extractive briefs: pick the sentences of an article, a story cluster or a day of news.

Public API (every function is deterministic):

* `summarize(text, sentences=3, method=None, title=None, language="english") -> list[str]`
  the chosen sentences of one article, in document order;
* `summarize_sentences(sentences, k=3, method=None, title=None, language=...) -> list[int]`
  the same for text already split (the store keeps sentences with offsets);
* `summarize_many(docs, sentences=5, method=None, language=...) -> list[Pick]` for
  several documents (`str` or anything with `.text` and optional `.title`), each
  pick traceable to its document, sentence and character offsets;
* `asummarize` / `asummarize_many`: the same off the event loop, in a worker process;
* `METHODS`: the method names; `method=None` means `DEFAULT_METHOD` ("news").

Before any method runs, page furniture, near-copies of the title and lines that do not
end as sentences are dropped (`briefings.boilerplate.clean_sentences`), so give the
title. `ValueError` for an unknown method name. See docs/summaries.md for how the methods
compare on news.
"""

from briefings.summarize.aio import asummarize, asummarize_many, default_executor, shutdown
from briefings.summarize.api import Document, Pick, summarize, summarize_many, summarize_sentences
from briefings.summarize.methods import DEFAULT_METHOD, METHODS, resolve

__all__ = [
    "DEFAULT_METHOD",
    "METHODS",
    "Document",
    "Pick",
    "asummarize",
    "asummarize_many",
    "default_executor",
    "resolve",
    "shutdown",
    "summarize",
    "summarize_many",
    "summarize_sentences",
]
