"""Async wrappers for the bot: the work runs off the event loop, in a worker pool.

Summarizing is CPU work, and most of it (sentence splitting, tokenizing, sumy's
pure-Python methods) holds the GIL. In a thread it would still steal the
interpreter from the event loop in 5 ms slices, so by default the work goes to a
single worker process (measured in benchmarks/bench_summaries.py: see
docs/summaries.md). One worker leaves the other core to the bot. Pass any
`concurrent.futures.Executor` to override, e.g. a thread pool in tests.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import multiprocessing
import threading
from collections.abc import Iterable
from concurrent.futures import Executor, ProcessPoolExecutor
from functools import partial

from briefings.summarize.api import Document, HasText, Pick, _as_document, summarize, summarize_many
from briefings.summarize.methods import resolve
from briefings.text import DEFAULT_LANGUAGE

log = logging.getLogger(__name__)

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def default_executor() -> Executor:
    """The shared worker process, started on first use ("spawn": safe beside threads)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            log.info("starting summarizer worker process")
            _pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn")
            )
        return _pool


def shutdown() -> None:
    """Stop the shared worker process (the bot calls this on close; also at exit)."""
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=True, cancel_futures=True)
            _pool = None


atexit.register(shutdown)


async def asummarize(
    text: str,
    sentences: int = 3,
    method: str | None = None,
    title: str | None = None,
    language: str = DEFAULT_LANGUAGE,
    executor: Executor | None = None,
) -> list[str]:
    """`summarize` without blocking the event loop."""
    resolve(method)  # a bad name fails here, not inside the worker
    call = partial(summarize, text, sentences, method, title, language)
    return await asyncio.get_running_loop().run_in_executor(executor or default_executor(), call)


async def asummarize_many(
    docs: Iterable[str | HasText],
    sentences: int = 5,
    method: str | None = None,
    language: str = DEFAULT_LANGUAGE,
    executor: Executor | None = None,
) -> list[Pick]:
    """`summarize_many` without blocking the event loop.

    Documents are converted to plain `Document`s first so that anything with
    `.text`/`.title` (ORM rows, feed entries) can cross to the worker process.
    """
    resolve(method)
    plain: list[Document] = [_as_document(d) for d in docs]
    call = partial(summarize_many, plain, sentences, method, language)
    return await asyncio.get_running_loop().run_in_executor(executor or default_executor(), call)
