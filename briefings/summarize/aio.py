"""Async wrappers for the bot: the work runs off the event loop, in the worker pool.

Summarizing is CPU work, and most of it (sentence splitting, tokenizing, sumy's
pure-Python methods) holds the GIL. In a thread it would still steal the
interpreter from the event loop in 5 ms slices, so the work goes to the shared
worker processes (`briefings.workers`: measured in benchmarks/bench_summaries.py,
see docs/summaries.md), with their time limit, and a worker killed by a huge input
is replaced. Small inputs with the default or lead method (under
`workers.INLINE_LIMIT` characters) are summarized inline: that takes about as long
as the round trip, around 10 ms. Pass `pool=` for a pool of your own (the app
passes its own), or any `concurrent.futures.Executor` as `executor=` to override,
e.g. a thread pool in tests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from concurrent.futures import Executor
from functools import partial

from briefings import workers
from briefings.summarize.api import (
    Document,
    HasText,
    Pick,
    Summary,
    _as_document,
    summarize,
    summarize_many_noted,
)
from briefings.summarize.methods import DEFAULT_METHOD, resolve
from briefings.text import DEFAULT_LANGUAGE
from briefings.workers import WorkerPool

_INLINE_METHODS = (DEFAULT_METHOD, "lead")  # linear: cheap on a small input


def default_executor() -> Executor:
    """The shared worker pool's current executor, started on first use ("spawn": safe
    beside threads). Jobs given to it directly have no time limit."""
    return workers.default_pool().executor()


def shutdown() -> None:
    """Stop the shared worker processes (the bot calls this on close; also at exit)."""
    workers.shutdown()


def _inline(method: str | None, size: int) -> bool:
    return resolve(method) in _INLINE_METHODS and size < workers.INLINE_LIMIT


async def asummarize(
    text: str,
    sentences: int = 3,
    method: str | None = None,
    title: str | None = None,
    language: str = DEFAULT_LANGUAGE,
    executor: Executor | None = None,
    pool: WorkerPool | None = None,
) -> list[str]:
    """`summarize` without blocking the event loop."""
    resolve(method)  # a bad name fails here, not inside the worker
    if executor is not None:
        call = partial(summarize, text, sentences, method, title, language)
        return await asyncio.get_running_loop().run_in_executor(executor, call)
    if _inline(method, len(text)):
        return summarize(text, sentences, method, title, language)
    return await (pool or workers.default_pool()).run(
        summarize, text, sentences, method, title, language
    )


async def asummarize_many(
    docs: Iterable[str | HasText],
    sentences: int = 5,
    method: str | None = None,
    language: str = DEFAULT_LANGUAGE,
    executor: Executor | None = None,
    pool: WorkerPool | None = None,
) -> list[Pick]:
    """`summarize_many` without blocking the event loop.

    Documents are converted to plain `Document`s first so that anything with
    `.text`/`.title` (ORM rows, feed entries) can cross to the worker process.
    """
    summary = await asummarize_many_noted(docs, sentences, method, language, executor, pool)
    return summary.picks


async def asummarize_many_noted(
    docs: Iterable[str | HasText],
    sentences: int = 5,
    method: str | None = None,
    language: str = DEFAULT_LANGUAGE,
    executor: Executor | None = None,
    pool: WorkerPool | None = None,
) -> Summary:
    """`summarize_many_noted` (the picks and notes for the reader) without blocking the
    event loop."""
    resolve(method)
    plain: list[Document] = [_as_document(d) for d in docs]
    if executor is not None:
        call = partial(summarize_many_noted, plain, sentences, method, language)
        return await asyncio.get_running_loop().run_in_executor(executor, call)
    if _inline(method, sum(len(d.text) for d in plain)):
        return summarize_many_noted(plain, sentences, method, language)
    return await (pool or workers.default_pool()).run(
        summarize_many_noted, plain, sentences, method, language
    )
