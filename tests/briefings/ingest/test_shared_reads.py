"""Reading a public page once for every guild: the memo itself, and the ingest paths that
use it (feed polling is tested in tests/briefings/feeds/test_polling.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from briefings.app import Briefings
from briefings.ingest import ingestor as ingestor_module
from briefings.ingest.analysis import Analysis
from briefings.ingest.shared_reads import SharedReads
from briefings.workers import WorkerPool
from tests.support.loopback_site import LoopbackSite, article_html

PARAS = [
    "The river authority opened the new flood gates on Thursday after two years of work.",
    '"The town will stay dry this winter," said Marta Lindqvist, who leads the authority.',
    "Farmers downstream had asked for the gates since the floods of the spring before.",
]


async def test_work_asked_for_at_once_runs_once_and_everyone_gets_its_result() -> None:
    memo = SharedReads()
    runs = 0

    async def work() -> str:
        nonlocal runs
        runs += 1
        await asyncio.sleep(0.05)
        return "read"

    got = await asyncio.gather(*(memo.get("page", "u", work) for _ in range(5)))
    assert got == ["read"] * 5 and runs == 1 and memo.started == 1
    assert await memo.get("page", "other", work) == "read" and runs == 2
    await memo.close()


async def test_a_cycle_shares_a_failure_but_a_lasting_memo_tries_again() -> None:
    runs = 0

    async def broken() -> str:
        nonlocal runs
        runs += 1
        raise ValueError("unreadable")

    cycle, lasting = SharedReads(), SharedReads(keep=10)
    for memo in (cycle, lasting):
        for _ in range(2):
            with pytest.raises(ValueError):
                await memo.get("page", "u", broken)
    assert runs == 1 + 2  # the cycle ran it once, the lasting memo twice


async def test_a_lasting_memo_keeps_only_the_latest_results() -> None:
    memo = SharedReads(keep=2)
    runs: list[str] = []

    def work(key: str) -> Callable[[], Awaitable[str]]:
        async def run() -> str:
            runs.append(key)
            return key

        return run

    for key in ("a", "b", "c", "c", "b", "a"):
        assert await memo.get("analysis", key, work(key)) == key
    assert runs == ["a", "b", "c", "a"]  # 'a' was dropped for 'c'; 'b' and 'c' were kept


async def test_a_public_page_ingested_by_several_guilds_is_analysed_once(
    app: Briefings, site: LoopbackSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    analysed: list[str] = []
    real = ingestor_module.analyze_async

    async def counting(
        text: str, pool: WorkerPool | None = None, declared: str | None = None
    ) -> Analysis:
        analysed.append(text)
        return await real(text, pool, declared)

    monkeypatch.setattr(ingestor_module, "analyze_async", counting)
    url = site.page("/gates", article_html("Flood gates open", PARAS))
    first = await app.ingest.url(1, url)
    second = await app.ingest.url(2, url)
    assert first.created and second.created and len(analysed) == 1
    assert first.article.id != second.article.id and second.article.guild_id == 2
    assert second.sentence_count == first.sentence_count >= 3
    assert second.quotes_by_actor == first.quotes_by_actor == {"Marta Lindqvist": 1}
    # Pasted text is private: analysed on its own, even with the same words.
    pasted = await app.ingest.text(3, first.article.text, title="Flood gates open")
    assert pasted.created and len(analysed) == 2
