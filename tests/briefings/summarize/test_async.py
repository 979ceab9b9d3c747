"""The async wrappers return what the synchronous functions return."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from briefings.summarize import Document, asummarize, asummarize_many, summarize, summarize_many
from tests.briefings.summarize.texts import ELECTION, HARBOUR, STORM


async def test_asummarize_in_the_default_worker_process() -> None:
    assert await asummarize(HARBOUR, 3) == summarize(HARBOUR, 3)


async def test_asummarize_many_with_objects_crossing_to_the_worker() -> None:
    class Row:  # defined locally: not picklable, so it must be converted first
        def __init__(self, text: str, title: str | None = None) -> None:
            self.text = text
            self.title = title

    docs = [Row(STORM, "Storm"), Row(ELECTION)]
    picks = await asummarize_many(docs, 4)
    assert picks == summarize_many([Document(STORM, "Storm"), ELECTION], 4)
    assert len(picks) == 4
    assert {p.doc for p in picks} == {0, 1}


async def test_async_with_a_thread_pool_and_a_method() -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        out = await asummarize(HARBOUR, 2, "lead", executor=pool)
        many = await asummarize_many([HARBOUR, STORM], 2, "textrank", executor=pool)
    assert out == summarize(HARBOUR, 2, "lead")
    assert many == summarize_many([HARBOUR, STORM], 2, "textrank")


async def test_async_unknown_method_fails_fast() -> None:
    with pytest.raises(ValueError):
        await asummarize(HARBOUR, 2, "nope")
    with pytest.raises(ValueError):
        await asummarize_many([HARBOUR], 2, "nope")
